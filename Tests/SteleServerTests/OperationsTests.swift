import SteleJSON
import SteleRegistry
import Testing
@testable import SteleServer

/// `/health/live`, `/health/ready` and `/metrics`.
@Suite struct OperationsTests {
    /// The value of one sample line of the exposition (`name{labels} value`), if present.
    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func requestsAreCountedByRoutePatternMethodAndStatus() async throws {
        try await withRegistry { api in
            _ = try await api.register("rides-value", recordV1)
            _ = try await api.register("rides-value", recordBreaking)
            _ = try await api.call(.get, "/subjects/rides-value/versions")
            _ = try await api.call(.get, "/subjects/another/versions")
            let scrape = try await api.call(.get, "/metrics")
            #expect(scrape.status == 200)
            let text = scrape.text
            #expect(Self.sample(text, #"stele_http_requests_total{method="POST",route="/subjects/{subject}/versions",status="200"}"#) == 1, "\(text)")
            #expect(Self.sample(text, #"stele_http_requests_total{method="POST",route="/subjects/{subject}/versions",status="409"}"#) == 1)
            // Raw subjects never become label values: both GETs share the route pattern.
            #expect(Self.sample(text, #"stele_http_requests_total{method="GET",route="/subjects/{subject}/versions",status="200"}"#) == 1)
            #expect(Self.sample(text, #"stele_http_requests_total{method="GET",route="/subjects/{subject}/versions",status="404"}"#) == 1)
            #expect(!text.contains("another"))
            #expect(Self.sample(text, #"stele_http_request_duration_seconds_count{method="POST",route="/subjects/{subject}/versions"}"#) == 2)
        }
    }

    @Test func registrationsRejectionsAndCommitsAreCounted() async throws {
        try await withRegistry { api in
            _ = try await api.register("rides-value", recordV1)
            _ = try await api.register("rides-value", recordV1)  // the same version again: not a new one
            _ = try await api.register("rides-value", recordBreaking)
            let text = try await api.call(.get, "/metrics").text
            #expect(Self.sample(text, "stele_registrations_total") == 1, "\(text)")
            #expect(Self.sample(text, "stele_compatibility_rejections_total") == 1)
            #expect(Self.sample(text, "stele_store_commit_duration_seconds_count") == 1)
            #expect(Self.sample(text, "stele_schemas") == 1 && Self.sample(text, "stele_subjects") == 1)
        }
    }

    @Test func liveAndReady() async throws {
        try await withRegistry { api in
            let live = try await api.call(.get, "/health/live"), ready = try await api.call(.get, "/health/ready")
            #expect(live.status == 200 && live.json == ["status": "UP"])
            #expect(ready.status == 200 && ready.json == ["status": "UP"])
        }
    }

    struct UnreachableStore: RegistryStore {
        struct Down: Error, CustomStringConvertible { var description: String { "disk unplugged" } }
        func load() throws -> RegistrySnapshot { RegistrySnapshot() }
        func apply(_ mutations: [StoreMutation]) throws { throw Down() }
        func check() throws { throw Down() }
    }

    @Test func notReadyWhenTheStoreDoesNotAnswer() async throws {
        try await withRegistry(registry: try await Registry(store: UnreachableStore())) { api in
            let r = try await api.call(.get, "/health/ready")
            #expect(r.status == 503 && r.json?["status"] == "DOWN")
            #expect(r.json?["reason"]?.stringValue?.contains("disk unplugged") == true)
            #expect(try await api.call(.get, "/health/live").status == 200)
        }
    }
}
