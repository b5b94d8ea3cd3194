import SteleClient
import SteleJSON
import Synchronization

/// A transport that answers from a script, records every request, and never touches the
/// network: retry, failover and cache behaviour are tested with it, without timing.
final class ScriptedTransport: RegistryTransport {
    typealias Responder = @Sendable (RegistryHTTPRequest, RegistryURL) async throws -> RegistryHTTPResponse

    private let responder: Responder
    private let log = Mutex<[(RegistryHTTPRequest, RegistryURL)]>([])

    init(_ responder: @escaping Responder) { self.responder = responder }

    /// Answers from `responses` in order (the last one repeats).
    convenience init(sequence responses: [Result<RegistryHTTPResponse, RegistryClientError>]) {
        let index = Mutex(0)
        self.init { _, _ in
            let i = index.withLock { i in defer { i += 1 }; return min(i, responses.count - 1) }
            return try responses[i].get()
        }
    }

    func send(_ request: RegistryHTTPRequest, to base: RegistryURL, timeout: Duration) async throws -> RegistryHTTPResponse {
        log.withLock { $0.append((request, base)) }
        return try await responder(request, base)
    }

    var requests: [RegistryHTTPRequest] { log.withLock { $0.map(\.0) } }
    var urls: [String] { log.withLock { $0.map { $0.1.description } } }
    var count: Int { log.withLock { $0.count } }
}

/// A clock the test moves by hand; sleeps are recorded and return at once.
final class ManualClock: Sendable {
    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    var time: TimeSource {
        TimeSource(now: { [self] in state.withLock { $0.now } }, sleep: { [self] d in
            try Task.checkCancellation()
            state.withLock { $0.sleeps.append(d); $0.now += d }
        })
    }

    func advance(_ d: Duration) { state.withLock { $0.now += d } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
}

func json(_ status: Int, _ value: JSONValue) -> RegistryHTTPResponse {
    RegistryHTTPResponse(status: status, headers: [RegistryHTTPHeader("Content-Type", "application/vnd.schemaregistry.v1+json")], body: Array(JSONWriter.compact(value).utf8))
}

func confluentError(_ status: Int, _ code: Int, _ message: String) -> RegistryHTTPResponse {
    json(status, ["error_code": .int(Int64(code)), "message": .string(message)])
}

let schemaString: JSONValue = ["schema": #"{"type":"string"}"#, "schemaType": "AVRO", "guid": "0b8f9d0e-0b32-4ba2-9b3f-6b7c8a6e9f10"]

func makeClient(_ transport: ScriptedTransport, urls: String = "http://registry-a:8081", clock: ManualClock = ManualClock(),
                retry: RetryPolicy = RetryPolicy(), cache: RegistryClientConfiguration.CachePolicy = .init(),
                authentication: RegistryClientConfiguration.Authentication? = nil) throws -> RegistryClient {
    var configuration = try RegistryClientConfiguration(url: urls, authentication: authentication)
    configuration.retry = retry
    configuration.cache = cache
    return try RegistryClient(configuration: configuration, transport: transport, time: clock.time)
}
