#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOHTTP1
import NIOSSL
import Synchronization

/// The production transport: AsyncHTTPClient with settings chosen for a registry client, not
/// `HTTPClient.shared` (whose 90 s timeouts and followed redirects would turn a register POST
/// into a GET): connect timeout from the configuration, redirects refused, no decompression,
/// pooled connections kept 60 s, no reconnect loop of its own. One deadline covers the head and the whole body, which is
/// read up to `maxResponseBytes`.
///
/// A client passed in stays the caller's (never shut down here); one built here is owned and
/// closed by `shutdown()`.
public final class AsyncHTTPClientTransport: RegistryTransport {
    let client: HTTPClient
    let owned: Bool
    let maxResponseBytes: Int
    private let isShutDown = Atomic<Bool>(false)

    public init(configuration: RegistryClientConfiguration) throws(RegistryClientError) {
        var http = HTTPClient.Configuration(
            tlsConfiguration: try Self.tls(configuration.tls),
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(configuration.connectTimeout), read: Self.timeAmount(configuration.requestTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60)),
            decompression: .disabled)
        http.httpVersion = .http1Only
        // A refused connection fails the attempt at once: the client's own retry policy then
        // tries the next URL or backs off. AHC's default would keep reconnecting until the
        // connect timeout, so a dead URL would cost 10 s before failover.
        http.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
        self.owned = true
        self.maxResponseBytes = configuration.maxResponseBytes
    }

    /// Uses `client`, which the caller keeps and shuts down.
    public init(client: HTTPClient, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.owned = false
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: RegistryHTTPRequest, to base: RegistryURL, timeout: Duration) async throws -> RegistryHTTPResponse {
        var r = HTTPClientRequest(url: base.url(for: request.path))
        r.method = HTTPMethod(rawValue: request.method.rawValue)
        for h in request.headers { r.headers.add(name: h.name, value: h.value) }
        if let body = request.body {
            r.body = .bytes(ByteBuffer(bytes: body))
            r.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        }
        let deadline = NIODeadline.now() + Self.timeAmount(timeout)
        let limit = maxResponseBytes
        do {
            let response = try await client.execute(r, deadline: deadline)
            let status = Int(response.status.code)
            let headers = response.headers.map { RegistryHTTPHeader($0.name, $0.value) }
            let body = try await Self.collect(response.body, limit: limit, deadline: deadline)
            return RegistryHTTPResponse(status: status, headers: headers, body: body)
        } catch let e as HTTPClientError where e == .connectTimeout || e == .deadlineExceeded || e == .readTimeout {
            throw RegistryClientError(code: .timeout, message: "no answer from \(base) within the timeout (\(e))")
        } catch let e as RegistryClientError {
            throw e
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw RegistryClientError(code: .transport, message: "cannot reach \(base): \(Self.reason(error))")
        }
    }

    /// A short reason for a connection failure ("connection refused", not NIO's whole chain).
    static func reason(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        if let c = error as? NIOConnectionError, let first = c.connectionErrors.first { return reason(first.error) }
        if let e = error as? HTTPClientError, e == .remoteConnectionClosed { return "the connection was closed before an answer" }
        return "\(error)"
    }

    /// The whole body, at most `limit` bytes, before `deadline`.
    static func collect(_ body: HTTPClientResponse.Body, limit: Int, deadline: NIODeadline) async throws -> [UInt8] {
        try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                do {
                    let buffer = try await body.collect(upTo: limit)
                    return Array(buffer.readableBytesView)
                } catch is NIOTooManyBytesError {
                    throw RegistryClientError.invalidResponse("the registry's answer is larger than \(limit) bytes")
                }
            }
            group.addTask {
                let nanos = deadline.uptimeNanoseconds &- NIODeadline.now().uptimeNanoseconds
                try await Task.sleep(nanoseconds: deadline > .now() ? nanos : 0)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let bytes = first else {
                throw RegistryClientError(code: .timeout, message: "the registry's answer did not arrive within the timeout")
            }
            return bytes
        }
    }

    public func shutdown() async throws {
        guard owned, isShutDown.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        try await client.shutdown()
    }

    /// A backstop for owners that forgot `shutdown()`: AsyncHTTPClient traps when a client is
    /// released still running, which would take the whole process down for a missing call.
    /// The shutdown runs in a task (never `syncShutdown()`, which must not run on an event
    /// loop, where a deinit may run).
    deinit {
        guard owned, isShutDown.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        let client = self.client
        Task { try? await client.shutdown() }
    }

    static func timeAmount(_ d: Duration) -> TimeAmount {
        .nanoseconds(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
    }

    /// TLS as Confluent's `ssl.*` keys: a CA file, or the system's roots; a client certificate
    /// and key for mutual TLS, both or neither; hostname checks unless turned off.
    static func tls(_ t: RegistryClientConfiguration.TLS) throws(RegistryClientError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = t.caFile { tls.trustRoots = .file(ca) }
        switch (t.certificateFile, t.keyFile) {
        case (nil, nil): break
        case (let cert?, let key?):
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            } catch {
                throw .invalidArgument("cannot read the client certificate or key: \(error)")
            }
        default:
            throw .invalidArgument("mutual TLS needs both a certificate file and a key file")
        }
        if !t.verifyHostname { tls.certificateVerification = .noHostnameVerification }
        return tls
    }
}
