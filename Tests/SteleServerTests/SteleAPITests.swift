import Hummingbird
import HummingbirdTesting
import SteleJSON
import SteleRegistry
import Testing
@testable import SteleServer

/// Stele's own JSON routes (`/stele/v1`, what the web UI reads) and the UI's files.
@Suite struct SteleAPITests {
    @Test func subjectsArePagedAndFiltered() async throws {
        try await withRegistry { (api: API) async throws in
            for i in 0..<30 { _ = try await api.register("t\(i)-value", recordV1) }
            _ = try await api.register("cards-value", #"{"type":"object"}"#, type: "JSON")
            let page = try await api.call(.get, "/stele/v1/subjects?limit=10&offset=10")
            #expect(page.json?["total"] == 31 && page.json?["subjects"]?.arrayValue?.count == 10)
            let json = try await api.call(.get, "/stele/v1/subjects?type=JSON")
            #expect(json.json?["subjects"]?.arrayValue?.first?["subject"] == "cards-value" && json.json?["total"] == 1)
            #expect(try await api.call(.get, "/stele/v1/subjects?filter=T29").json?["total"] == 1, "case-insensitive")
        }
    }

    @Test func aVersionListsWhatItUsesAndWhatUsesIt() async throws {
        try await withRegistry { (api: API) async throws in
            _ = try await api.register("ride-value", recordV1)
            let trip = #"{"type":"record","name":"Trip","fields":[{"name":"ride","type":"Ride"}]}"#
            _ = try await api.register("trip-value", trip, references: [["name": "Ride", "subject": "ride-value", "version": 1]])
            let ride = try await api.call(.get, "/stele/v1/subjects/ride-value/versions/1")
            #expect(ride.json?["referencedBy"] == [["subject": "trip-value", "version": 1]])
            #expect(ride.json?["schema"]?.stringValue?.contains("\n  \"name\": \"Ride\"") == true, "pretty-printed")
            let t = try await api.call(.get, "/stele/v1/subjects/trip-value/versions/latest")
            #expect(t.json?["references"]?.arrayValue?.first?["subject"] == "ride-value")
        }
    }

    @Test func aDiffGivesEachChangeItsImpact() async throws {
        try await withRegistry { (api: API) async throws in
            _ = try await api.register("r", recordV1)
            _ = try await api.call(.put, "/config/r", ["compatibility": "NONE"])
            _ = try await api.register("r", recordBreaking)
            let d = try await api.call(.get, "/stele/v1/subjects/r/diff?from=1&to=2")
            let change = d.json?["changes"]?.arrayValue?.first
            #expect(change?["breaksBackward"] == true && change?["impact"]?.stringValue?.contains("BACKWARD") == true)
            #expect(try await api.call(.get, "/stele/v1/subjects/r/diff?from=1&to=9").errorCode == 40402)
        }
    }

    @Test func aCheckGivesRuleIdsAndWitnesses() async throws {
        try await withRegistry { (api: API) async throws in
            _ = try await api.register("r", recordV1)
            let bad = try await api.call(.post, "/stele/v1/subjects/r/check", ["schema": .string(recordBreaking)])
            #expect(bad.json?["compatible"] == false && bad.json?["level"] == "BACKWARD")
            let f = bad.json?["findings"]?.arrayValue?.first
            #expect(f?["rule"]?.stringValue?.hasPrefix("AVRO_") == true && f?["witness"] != nil && f?["version"] == 1)
            let ok = try await api.call(.post, "/stele/v1/subjects/r/check", ["schema": .string(recordV2)])
            #expect(ok.json?["compatible"] == true)
            #expect(try await api.call(.post, "/stele/v1/subjects/r/check", ["schema": "{nope"]).errorCode == 42201)
        }
    }

    @Test func searchFindsFieldsTypesAndDocs() async throws {
        try await withRegistry { (api: API) async throws in
            _ = try await api.register("r", #"{"type":"record","name":"Ride","doc":"one trip","fields":[{"name":"fare","type":"double"}]}"#)
            let hits = try await api.call(.get, "/stele/v1/search?q=fare").json?["hits"]?.arrayValue ?? []
            #expect(hits.contains { $0["kind"] == "field" && $0["text"] == "Ride.fare" })
            #expect(try await api.call(.get, "/stele/v1/search?q=trip").json?["hits"]?.arrayValue?.first?["kind"] == "doc")
        }
    }

    @Test func theUIIsServedAndABrowserAtTheRootGoesThere() async throws {
        let registry = try await Registry(store: MemoryStore())
        let app = try RegistryServer.application(registry: registry, options: .init(port: 0))
        try await app.test(.router) { client in
            let page = try await client.execute(uri: "/ui/", method: .get)
            #expect(page.status == .ok && String(buffer: page.body).contains("/ui/app.js"))
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let js = try await client.execute(uri: "/ui/app.js", method: .get)
            #expect(js.status == .ok && String(buffer: js.body).contains("function route()"))
            let browser = try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html,application/xhtml+xml"])
            #expect(browser.status == .found && browser.headers[.location] == "/ui/")
            let confluent = try await client.execute(uri: "/", method: .get, headers: [.accept: "application/json"])
            #expect(String(buffer: confluent.body) == "{}", "clients still get Confluent's {}")
        }
    }
}
