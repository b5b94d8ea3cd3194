import Foundation
import JWTKit
import Synchronization

/// Bearer tokens: JWTs verified against the keys of a JWKS file (RS256/384/512, PS*, ES256/384/
/// 512, EdDSA — whatever the keys are; never `none`), with the issuer, the audience and the
/// expiry checked. The principal is one claim of the token (`sub` unless told otherwise), and
/// its permissions are the auth file's entries under that name.
public struct BearerTokenOptions: Sendable, Hashable {
    public var jwksFile: String
    public var issuer: String
    public var audience: String
    public var principalClaim: String

    public static let principalClaims = ["sub", "client_id", "azp", "preferred_username", "email"]

    public init(jwksFile: String, issuer: String, audience: String, principalClaim: String = "sub") {
        self.jwksFile = jwksFile
        self.issuer = issuer
        self.audience = audience
        self.principalClaim = principalClaim
    }
}

/// The claims Stele reads; verification fails unless `exp` is present and in the future,
/// `nbf` (if any) is past, `iss` is the issuer and `aud` holds the audience.
struct TokenClaims: JWTPayload {
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var iss: IssuerClaim?
    var aud: AudienceClaim?
    var sub: SubjectClaim?
    var client_id: String?
    var azp: String?
    var preferred_username: String?
    var email: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }

    func principal(_ claim: String) -> String? {
        switch claim {
        case "client_id": return client_id
        case "azp": return azp
        case "preferred_username": return preferred_username
        case "email": return email
        default: return sub?.value
        }
    }
}

/// Verifies tokens with the JWKS's keys (by the token's `kid`). The file is decoded when the
/// server starts (a broken file stops it); the keys are loaded into jwt-kit's collection on
/// the first token.
final class BearerTokenVerifier: Sendable {
    let options: BearerTokenOptions
    private let jwks: JWKS
    private let keys = JWTKeyCollection()
    private let loaded = Mutex(false)

    init(options: BearerTokenOptions, jwksText: String) throws {
        guard BearerTokenOptions.principalClaims.contains(options.principalClaim) else {
            throw AuthFileError("the principal claim must be one of \(BearerTokenOptions.principalClaims.joined(separator: ", "))")
        }
        self.options = options
        do { jwks = try JSONDecoder().decode(JWKS.self, from: Data(jwksText.utf8)) } catch {
            throw AuthFileError("\(options.jwksFile): not a JWKS (a JSON object with \"keys\")")
        }
        guard !jwks.keys.isEmpty else { throw AuthFileError("\(options.jwksFile): the JWKS holds no key") }
    }

    /// The principal of a valid token, or why it is refused (never the token itself).
    func principal(of token: Substring) async -> Result<Principal, AuthRefusal> {
        guard token.utf8.count <= Authenticator.maxHeaderBytes else { return .failure(AuthRefusal("the token is too long")) }
        if !loaded.withLock({ $0 }) {
            do { _ = try await keys.add(jwks: jwks) } catch { return .failure(AuthRefusal("the server's JWKS holds no usable key")) }
            loaded.withLock { $0 = true }
        }
        let claims: TokenClaims
        do { claims = try await keys.verify(String(token), as: TokenClaims.self) } catch {
            return .failure(AuthRefusal("the token is not valid: its signature, algorithm or expiry does not hold"))
        }
        guard claims.iss?.value == options.issuer else { return .failure(AuthRefusal("the token has another issuer")) }
        guard let aud = claims.aud, (try? aud.verifyIntendedAudience(includes: options.audience)) != nil else {
            return .failure(AuthRefusal("the token is for another audience"))
        }
        guard let name = claims.principal(options.principalClaim), !name.isEmpty else {
            return .failure(AuthRefusal("the token has no \(options.principalClaim) claim"))
        }
        return .success(Principal(name: name))
    }
}

struct AuthRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
