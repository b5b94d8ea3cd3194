import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SteleClient
import Testing

/// The client over real TLS handshakes: an HTTPS server on loopback (NIO + NIOSSL) with the
/// test certificates in Fixtures/tls (a throwaway CA; server certificate for 127.0.0.1 and
/// localhost; a client certificate for mutual TLS).
@Suite("TLS")
struct TLSTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tls").path

    /// Answers every request with one schema.
    final class SchemaResponder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let body = ByteBuffer(string: #"{"schema":"\"string\"","schemaType":"AVRO"}"#)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/vnd.schemaregistry.v1+json")
            headers.add(name: "Content-Length", value: String(body.readableBytes))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    static func withServer(requireClientCertificate: Bool, _ body: (Int) async throws -> Void) async throws {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile("\(dir)/server.pem").map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: "\(dir)/server-key.pem", format: .pem)))
        if requireClientCertificate {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .file("\(dir)/ca.pem")
        }
        let context = try NIOSSLContext(configuration: tls)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try ch.pipeline.syncOperations.configureHTTPServerPipeline()
                    try ch.pipeline.syncOperations.addHandler(SchemaResponder())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(channel.localAddress!.port!)
        } catch {
            try? await channel.close()
            throw error
        }
        try await channel.close()
    }

    static func client(port: Int, tls: RegistryClientConfiguration.TLS) throws -> RegistryClient {
        var c = try RegistryClientConfiguration(url: "https://127.0.0.1:\(port)")
        c.tls = tls
        c.retry = .none
        return try RegistryClient(configuration: c)
    }

    @Test("with the CA file the handshake succeeds; with the system's roots it is refused")
    func serverCertificate() async throws {
        try await Self.withServer(requireClientCertificate: false) { port in
            let trusted = try Self.client(port: port, tls: .init(caFile: "\(Self.dir)/ca.pem"))
            #expect(try await trusted.schema(id: 1).schema.schema == #""string""#)
            try await trusted.shutdown()
            let untrusted = try Self.client(port: port, tls: .init())
            await #expect(throws: RegistryClientError.self) { _ = try await untrusted.schema(id: 1) }
            try await untrusted.shutdown()
        }
    }

    @Test("a server that requires client certificates accepts ours and refuses a client without one")
    func mutualTLS() async throws {
        try await Self.withServer(requireClientCertificate: true) { port in
            let withCertificate = try Self.client(port: port, tls: .init(caFile: "\(Self.dir)/ca.pem", certificateFile: "\(Self.dir)/client.pem",
                                                                          keyFile: "\(Self.dir)/client-key.pem"))
            #expect(try await withCertificate.schema(id: 1).id == 1)
            try await withCertificate.shutdown()
            let without = try Self.client(port: port, tls: .init(caFile: "\(Self.dir)/ca.pem"))
            await #expect(throws: RegistryClientError.self) { _ = try await without.schema(id: 1) }
            try await without.shutdown()
        }
    }

    @Test("a certificate without its key (or the reverse), or an unreadable file, is refused before anything is sent")
    func partialConfiguration() throws {
        for tls in [RegistryClientConfiguration.TLS(certificateFile: "\(Self.dir)/client.pem"), .init(keyFile: "\(Self.dir)/client-key.pem"),
                    .init(certificateFile: "/nonexistent.pem", keyFile: "/nonexistent-key.pem")] {
            #expect(throws: RegistryClientError.self) { _ = try Self.client(port: 1, tls: tls) }
        }
    }
}
