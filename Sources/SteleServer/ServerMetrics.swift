import CoreMetrics
import HTTPTypes
import Hummingbird
import NIOCore
import Prometheus
import SteleRegistry
import Synchronization

/// The server's metrics, through the swift-metrics API on a Prometheus backend of its own (not
/// the process-wide `MetricsSystem`, so several servers in one test process keep apart):
/// requests by route, method and status with latency histograms, the registry's registrations,
/// rejections and store commit latency, the schema body cache's hits and misses, and gauges
/// read when `/metrics` is scraped.
public final class ServerMetrics: Sendable {
    public let collector: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    let cacheHits: CoreMetrics.Counter
    let cacheMisses: CoreMetrics.Counter
    /// `GET /schemas/ids/{id}` answered by the event-loop fast path (never reaches the router).
    let fastPathAnswers: CoreMetrics.Counter
    private let schemas: CoreMetrics.Gauge
    private let subjects: CoreMetrics.Gauge
    private let cacheEntries: CoreMetrics.Gauge
    private let endpoints = Mutex<[EndpointKey: Endpoint]>([:])

    struct EndpointKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    struct Endpoint: Sendable {
        let requests: CoreMetrics.Counter
        let duration: CoreMetrics.Timer
    }

    static let routeOfSchemaById = "/schemas/ids/{id}"

    public init() {
        collector = PrometheusCollectorRegistry()
        var f = PrometheusMetricsFactory(registry: collector)
        // A cached read takes tens of microseconds; a registration with its fsync milliseconds.
        f.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        factory = f
        cacheHits = CoreMetrics.Counter(label: "stele_schema_cache_hits_total", factory: f)
        cacheMisses = CoreMetrics.Counter(label: "stele_schema_cache_misses_total", factory: f)
        fastPathAnswers = CoreMetrics.Counter(label: "stele_http_requests_total",
                                  dimensions: [("method", "GET"), ("route", Self.routeOfSchemaById), ("status", "200")], factory: f)
        schemas = CoreMetrics.Gauge(label: "stele_schemas", factory: f)
        subjects = CoreMetrics.Gauge(label: "stele_subjects", factory: f)
        cacheEntries = CoreMetrics.Gauge(label: "stele_schema_cache_entries", factory: f)
    }

    /// The registry's own counters, on this backend.
    public var registryMetrics: RegistryMetrics { RegistryMetrics(factory: factory) }

    /// The request counter and latency histogram of one (method, route, status), made once.
    func endpoint(method: String, route: String, status: Int) -> Endpoint {
        let key = EndpointKey(method: method, route: route, status: status)
        if let hit = endpoints.withLock({ $0[key] }) { return hit }
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        let made = Endpoint(requests: CoreMetrics.Counter(label: "stele_http_requests_total", dimensions: dimensions, factory: factory),
                            duration: CoreMetrics.Timer(label: "stele_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
                                            preferredDisplayUnit: .seconds, factory: factory))
        return endpoints.withLock { e in
            if let raced = e[key] { return raced }
            e[key] = made
            return made
        }
    }

    /// The Prometheus text exposition, gauges read now.
    func scrape(registry: Registry, cache: SchemaBodyCache) -> ByteBuffer {
        let counts = registry.counts
        schemas.record(counts.schemas)
        subjects.record(counts.subjects)
        cacheEntries.record(cache.count)
        return ByteBuffer(bytes: collector.emitToBuffer())
    }
}

/// Counts every request the router answers, by its route pattern (`/subjects/{subject}/versions`,
/// never the raw path: subjects are unbounded), method and final status, with its latency.
/// It sits outside the error middleware, so refusals count with their Confluent status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = Wire.route(context)
        let endpoint = metrics.endpoint(method: request.method.rawValue, route: route, status: Int(response.status.code))
        endpoint.requests.increment()
        endpoint.duration.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        return response
    }
}
