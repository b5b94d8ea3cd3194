/// One HTTP exchange with one registry URL: what the client asks a transport to do. The
/// client owns everything above it (URLs, retries, auth headers, caches), so a transport is
/// only "send these bytes, give me the answer" — AsyncHTTPClient in production, a scripted fake
/// in tests (as swift-openapi-async-http-client's `HTTPRequestSending`).
public protocol RegistryTransport: Sendable {
    /// Sends `request` to `base`; returns the whole response, or throws a transport failure
    /// (connect refused, reset, timeout). The response is returned for every status code.
    func send(_ request: RegistryHTTPRequest, to base: RegistryURL, timeout: Duration) async throws -> RegistryHTTPResponse

    /// Releases what the transport owns (connections, threads). Called once by the client.
    func shutdown() async throws
}

extension RegistryTransport {
    public func shutdown() async throws {}
}

public enum RegistryHTTPMethod: String, Sendable, Hashable {
    case get = "GET", post = "POST", put = "PUT", delete = "DELETE"
}

/// A request relative to a registry base URL: `path` already percent-encoded, query included.
public struct RegistryHTTPRequest: Sendable, Hashable {
    public var method: RegistryHTTPMethod
    public var path: String
    public var headers: [RegistryHTTPHeader]
    public var body: [UInt8]?

    public init(method: RegistryHTTPMethod, path: String, headers: [RegistryHTTPHeader] = [], body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct RegistryHTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct RegistryHTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [RegistryHTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [RegistryHTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
