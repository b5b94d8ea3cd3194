import SteleJSON
import SteleSchema
import Synchronization

/// A client of a Confluent-compatible schema registry (Stele, Confluent, Karapace, Apicurio's
/// ccompat API), with the caches its users expect.
///
/// - Ids, GUIDs and (subject, schema) registrations never change meaning, so those answers are
///   kept (bounded) and never expire; "latest" answers live for `cache.latestTTL` and are
///   dropped when this client registers a new version of the subject; "not found" answers are
///   remembered for `cache.missingTTL`.
/// - Concurrent misses for one request make one request (single-flight).
/// - Retriable failures (HTTP 408/429/5xx, connection failures) are tried on every URL, then
///   again after a full-jitter backoff, up to `retry.maxRetries` times; a URL that failed moves
///   to the back for later calls.
/// - Cached answers keep serving while the registry is down, and an expired latest answer is
///   served when its refresh cannot reach the registry (`cache.serveStaleOnError`).
///
/// Safe to share across tasks: one client per process is the intended use. Call `shutdown()`
/// (or use `withRegistryClient`) when done, so the connections it owns are closed.
public final class RegistryClient: Sendable {
    public let configuration: RegistryClientConfiguration
    let transport: any RegistryTransport
    /// The clock the client (and the serdes on it) reads for cache ages.
    public let time: TimeSource
    let counters = ClientCounters()
    let caches: Mutex<Caches>
    /// Indexes into `configuration.urls`, preferred first.
    let urlOrder: Mutex<[Int]>
    let flights = SingleFlight<RegistryHTTPRequest, Answer>()
    let closed = Atomic<Bool>(false)

    /// A client on `transport`; without one, an AsyncHTTPClient transport the client owns (and
    /// shuts down in `shutdown()`).
    public init(configuration: RegistryClientConfiguration, transport: (any RegistryTransport)? = nil, time: TimeSource = .system) throws(RegistryClientError) {
        guard !configuration.urls.isEmpty else { throw .invalidArgument("no registry URL given") }
        self.configuration = configuration
        if let transport {
            self.transport = transport
        } else {
            self.transport = try AsyncHTTPClientTransport(configuration: configuration)
        }
        self.time = time
        self.caches = Mutex(Caches(capacity: configuration.cache.capacity))
        self.urlOrder = Mutex(Array(configuration.urls.indices))
    }

    /// A client for Confluent's comma-separated URL list.
    public convenience init(url: String, authentication: RegistryClientConfiguration.Authentication? = nil) throws(RegistryClientError) {
        try self.init(configuration: try RegistryClientConfiguration(url: url, authentication: authentication))
    }

    /// Closes the transport; later calls fail with `.shutdown`. Safe to call more than once.
    public func shutdown() async throws {
        guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        try await transport.shutdown()
    }

    public var statistics: RegistryClientStatistics { counters.snapshot() }

    // MARK: answers

    /// A parsed 2xx answer: JSON, or the raw text of the routes that return schema text.
    enum Answer: Sendable {
        case json(JSONValue)
        case text(String)

        var json: JSONValue {
            if case .json(let v) = self { return v }
            return .null
        }
    }

    /// Sends `request` (single-flight), answering a remembered "not found" from the cache when
    /// `rememberMissing` is set.
    func fetch(_ request: RegistryHTTPRequest, rememberMissing: Bool = true, text: Bool = false) async throws(RegistryClientError) -> Answer {
        if rememberMissing, configuration.cache.missingTTL > .zero {
            let now = time.now()
            if let hit = caches.withLock({ $0.missing.lookup(request, now: now, ttl: configuration.cache.missingTTL) }), hit.fresh {
                counters.cacheHits.add(1, ordering: .relaxed)
                throw hit.value
            }
        }
        counters.cacheMisses.add(1, ordering: .relaxed)
        do {
            let (answer, joined) = try await flights.run(request) { [self] in try await self.send(request, text: text) }
            if joined { counters.joined.add(1, ordering: .relaxed) }
            return answer
        } catch let e as RegistryClientError {
            if rememberMissing, configuration.cache.missingTTL > .zero, e.isNotFound, [40401, 40402, 40403].contains(e.errorCode ?? 0) {
                let now = time.now()
                caches.withLock { $0.missing.insert(e, for: request, now: now) }
            }
            throw e
        } catch is CancellationError {
            throw RegistryClientError(code: .cancelled, message: "the call was cancelled")
        } catch {
            throw .transport("\(error)")
        }
    }

    /// A write succeeded: "not found" answers may be stale now.
    func forgetMissing() {
        caches.withLock { $0.missing.removeAll() }
    }

    // MARK: the request pipeline

    static let accept = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json"
    static let contentType = "application/vnd.schemaregistry.v1+json"

    /// One call: every URL in preferred order, then (if every answer was retriable) a backoff
    /// and another round, up to `retry.maxRetries` rounds more.
    func send(_ request: RegistryHTTPRequest, text: Bool) async throws(RegistryClientError) -> Answer {
        guard !closed.load(ordering: .acquiring) else { throw RegistryClientError(code: .shutdown, message: "the registry client was shut down") }
        var request = request
        request.headers.append(RegistryHTTPHeader("Accept", Self.accept))
        if request.body != nil { request.headers.append(RegistryHTTPHeader("Content-Type", Self.contentType)) }
        if let auth = configuration.authentication.headerValue { request.headers.append(RegistryHTTPHeader("Authorization", auth)) }
        request.headers.append(RegistryHTTPHeader("User-Agent", "stele-client/0.1"))

        let policy = configuration.retry
        var lastError = RegistryClientError.transport("no attempt was made")
        var lastOutcome = RetryPolicy.Outcome.transportFailure
        var attempts = 0
        for round in 0...policy.maxRetries {
            if round > 0 {
                let wait = policy.delay(beforeRetry: round - 1, after: lastOutcome, unit: Double.random(in: 0..<1))
                do { try await time.sleep(wait) } catch {
                    throw RegistryClientError(code: .cancelled, message: "cancelled while waiting to retry: \(lastError.message)")
                }
            }
            for index in urlOrder.withLock({ $0 }) {
                if Task.isCancelled { throw RegistryClientError(code: .cancelled, message: "the call was cancelled") }
                let base = configuration.urls[index]
                counters.requests.add(1, ordering: .relaxed)
                if attempts > 0 { counters.retries.add(1, ordering: .relaxed) }
                attempts += 1
                let response: RegistryHTTPResponse
                do {
                    response = try await transport.send(request, to: base, timeout: configuration.requestTimeout)
                } catch is CancellationError {
                    throw RegistryClientError(code: .cancelled, message: "the call was cancelled")
                } catch {
                    var e = (error as? RegistryClientError) ?? .transport("\(error)")
                    e.url = base.description
                    // Only "no answer" is worth another try; a bad answer stays bad.
                    guard e.code == .transport || e.code == .timeout else { throw e }
                    lastError = e
                    lastOutcome = .transportFailure
                    demote(index)
                    continue
                }
                if (200..<300).contains(response.status) { return try parse(response, text: text, from: base) }
                var e = Self.error(from: response)
                e.url = base.description
                lastError = e
                let outcome = RetryPolicy.Outcome.response(status: response.status, retryAfter: RetryPolicy.retryAfter(response.header("Retry-After")))
                guard policy.isRetriable(outcome) else { throw e }
                lastOutcome = outcome
                demote(index)
            }
        }
        throw lastError
    }

    /// Moves a failing URL to the back, so later calls start with one that answered.
    private func demote(_ index: Int) {
        guard configuration.urls.count > 1 else { return }
        urlOrder.withLock { order in
            if let i = order.firstIndex(of: index), i != order.count - 1 {
                order.remove(at: i)
                order.append(index)
            }
        }
    }

    private func parse(_ response: RegistryHTTPResponse, text: Bool, from base: RegistryURL) throws(RegistryClientError) -> Answer {
        if text { return .text(String(decoding: response.body, as: UTF8.self)) }
        if response.body.isEmpty { return .json(.null) }
        do {
            return .json(try JSONParser(options: .init(maxDepth: 512, maxBytes: configuration.maxResponseBytes)).parse(response.body))
        } catch {
            var e = RegistryClientError.invalidResponse("the registry's answer is not JSON: \(error.description)")
            e.url = base.description
            throw e
        }
    }

    /// Confluent's error body `{"error_code": N, "message": "…"}`; anything else (an HTML page
    /// from a proxy) gets error code -1 and a short, printable excerpt.
    static func error(from response: RegistryHTTPResponse) -> RegistryClientError {
        if let body = try? JSONParser(options: .init(maxDepth: 16, maxBytes: 1 << 20)).parse(response.body),
           let code = body["error_code"]?.intValue {
            return .registry(status: response.status, errorCode: Int(code), message: body["message"]?.stringValue ?? "")
        }
        let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
            .unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        return .registry(status: response.status, errorCode: -1, message: excerpt.isEmpty ? "HTTP \(response.status)" : "HTTP \(response.status): \(excerpt)")
    }

    // MARK: request building

    /// `/a/{segment}/b?k=v`: segments percent-encoded with no safe characters, query values too.
    static func path(_ segments: [String], query: [(String, String)] = []) -> String {
        var p = ""
        for s in segments { p += "/" + PercentEncoding.encode(s) }
        if !query.isEmpty {
            p += "?" + query.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        }
        return p
    }

    static func body(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter().write(value, into: &out)
        return out
    }
}

/// Runs `body` with a client for `configuration` and shuts it down afterwards, also when
/// `body` throws (as AsyncHTTPClient's `withHTTPClient`).
public func withRegistryClient<T>(
    _ configuration: RegistryClientConfiguration, _ body: (RegistryClient) async throws -> T
) async throws -> T {
    let client = try RegistryClient(configuration: configuration)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}
