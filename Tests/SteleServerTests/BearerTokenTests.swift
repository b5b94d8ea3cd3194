import Foundation
import HummingbirdTesting
import JWTKit
import NIOCore
import SteleJSON
import SteleRegistry
import Testing
@testable import SteleServer

/// Bearer tokens against a JWKS: the principal is the token's subject, with the auth file's
/// permissions under that name; anything not valid is 401.
@Suite struct BearerTokenTests {
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var sub: SubjectClaim
        var exp: ExpirationClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static let key = ES256PrivateKey()
    static let stranger = ES256PrivateKey()

    static func files() throws -> (auth: String, options: BearerTokenOptions) {
        let dir = FileManager.default.temporaryDirectory
        let params = key.publicKey.parameters!
        let jwks = #"{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","alg":"ES256","use":"sig","x":"\#(params.x)","y":"\#(params.y)"}]}"#
        let jwksURL = dir.appendingPathComponent("stele-jwks-\(UUID().uuidString).json")
        try jwks.write(to: jwksURL, atomically: true, encoding: .utf8)
        let authURL = dir.appendingPathComponent("stele-auth-\(UUID().uuidString).json")
        try #"{"users":[],"permissions":[{"username":"svc","operation":"Write","resource":"Subject:svc-.*"}]}"#.write(to: authURL, atomically: true, encoding: .utf8)
        return (authURL.path, BearerTokenOptions(jwksFile: jwksURL.path, issuer: "https://idp", audience: "stele"))
    }

    static func token(signedBy signer: ES256PrivateKey = key, iss: String = "https://idp", aud: String = "stele", expiresIn: TimeInterval = 600) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: signer, kid: "k1")
        return "Bearer " + (try await keys.sign(Claims(iss: .init(value: iss), aud: .init(value: [aud]), sub: .init(value: "svc"),
                                                      exp: .init(value: Date().addingTimeInterval(expiresIn))), kid: "k1"))
    }

    @Test func aValidTokenActsAsItsSubject() async throws {
        let (auth, options) = try Self.files()
        let registry = try await Registry(store: MemoryStore())
        let app = try RegistryServer.application(registry: registry, options: .init(port: 0, authFile: auth, bearerTokens: options))
        let good = try await Self.token()
        let refused = [try await Self.token(expiresIn: -60), try await Self.token(aud: "other"), try await Self.token(iss: "https://evil"),
                       try await Self.token(signedBy: Self.stranger), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdmMifQ.", "Bearer x"]
        try await app.test(.router) { client in
            let body = ByteBuffer(string: JSONWriter.compact(["schema": .string(recordV1)]))
            let ok = try await client.execute(uri: "/subjects/svc-value/versions", method: .post, headers: [.authorization: good, .contentType: "application/json"], body: body)
            #expect(ok.status == .ok)
            let outside = try await client.execute(uri: "/subjects/other-value/versions", method: .post, headers: [.authorization: good, .contentType: "application/json"], body: body)
            #expect(outside.status == .forbidden)
            for header in refused {
                let r = try await client.execute(uri: "/subjects", method: .get, headers: [.authorization: header])
                #expect(r.status == .unauthorized, "\(header.prefix(30))")
            }
        }
    }
}
