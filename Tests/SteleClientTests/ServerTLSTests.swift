import Foundation
import SteleClient
import SteleServer
import SteleTestServer
import Testing

/// `stele serve --tls-cert/--tls-key [--tls-client-ca]`: a real HTTPS registry on loopback,
/// reached by SteleClient with the test CA of Fixtures/tls.
@Suite("stele serve over TLS")
struct ServerTLSTests {
    static let dir = TLSTests.dir
    static let server = TLSOptions(certificateFile: "\(dir)/server.pem", keyFile: "\(dir)/server-key.pem")
    static let ride = RegistrySchema(#"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#)

    static func client(_ url: String, _ tls: RegistryClientConfiguration.TLS) throws -> RegistryClient {
        var c = try RegistryClientConfiguration(url: url)
        c.tls = tls
        c.retry = RetryPolicy(maxRetries: 0)
        return try RegistryClient(configuration: c)
    }

    @Test("HTTPS: a client trusting the CA registers and reads; one that does not is refused the handshake")
    func https() async throws {
        try await LiveRegistry.with(tls: Self.server) { url, _ in
            #expect(url.hasPrefix("https://"))
            let trusted = try Self.client(url, .init(caFile: "\(Self.dir)/ca.pem"))
            let id = try await trusted.register(subject: "rides-value", schema: Self.ride).id
            #expect(try await trusted.schema(id: id ?? -1).schema.schema == Self.ride.schema)
            try await trusted.shutdown()
            let untrusted = try Self.client(url, .init())
            await #expect(throws: RegistryClientError.self) { _ = try await untrusted.subjects() }
            try await untrusted.shutdown()
        }
    }

    @Test("mutual TLS: a client certificate signed by the client CA is required")
    func mutualTLS() async throws {
        var options = Self.server
        options.clientCAFile = "\(Self.dir)/ca.pem"
        try await LiveRegistry.with(tls: options) { url, _ in
            let withCertificate = try Self.client(url, .init(caFile: "\(Self.dir)/ca.pem", certificateFile: "\(Self.dir)/client.pem",
                                                              keyFile: "\(Self.dir)/client-key.pem"))
            #expect(try await withCertificate.subjects() == [])
            try await withCertificate.shutdown()
            let without = try Self.client(url, .init(caFile: "\(Self.dir)/ca.pem"))
            await #expect(throws: RegistryClientError.self) { _ = try await without.subjects() }
            try await without.shutdown()
        }
    }

    @Test("a missing or unreadable certificate stops the server with its reason")
    func badFiles() async throws {
        let missing = TLSOptions(certificateFile: "/nonexistent/server.pem", keyFile: "\(Self.dir)/server-key.pem")
        await #expect(throws: (any Error).self) { try await LiveRegistry.with(tls: missing) { _, _ in } }
    }
}

/// Mutual TLS with an auth file: a client certificate's subject common name is the principal of
/// a request without credentials.
@Suite("client certificates as principals")
struct CertificatePrincipalTests {
    @Test("the certificate's CN gets the auth file's permissions under that name")
    func commonNameIsThePrincipal() async throws {
        let auth = FileManager.default.temporaryDirectory.appendingPathComponent("stele-auth-cert-\(UUID().uuidString).json")
        try #"{"users":[],"permissions":[{"username":"stele-test-client","operation":"Write","resource":"Subject:rides-.*"}]}"#
            .write(to: auth, atomically: true, encoding: .utf8)
        var options = ServerTLSTests.server
        options.clientCAFile = "\(ServerTLSTests.dir)/ca.pem"
        try await LiveRegistry.with(authFile: auth.path, tls: options) { url, _ in
            let client = try ServerTLSTests.client(url, .init(caFile: "\(ServerTLSTests.dir)/ca.pem", certificateFile: "\(ServerTLSTests.dir)/client.pem",
                                                              keyFile: "\(ServerTLSTests.dir)/client-key.pem"))
            #expect(try await client.register(subject: "rides-value", schema: ServerTLSTests.ride).id != nil)
            do throws(RegistryClientError) {
                _ = try await client.register(subject: "orders-value", schema: ServerTLSTests.ride)
                Issue.record("orders-value is outside the certificate's permissions")
            } catch {
                #expect(error.httpStatus == 403 && error.errorCode == 40301, "\(error)")
            }
            try await client.shutdown()
        }
    }
}
