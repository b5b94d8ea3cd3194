import Hummingbird
import HummingbirdTesting
import SteleJSON
import SteleRegistry
import SteleSchema
import Testing
@testable import SteleServer

/// Every endpoint of Confluent's REST API against the real router, with Confluent's bodies,
/// status codes and error codes (reference §1.3–1.6).
@Suite struct RestAPITests {
    @Test func registerIsIdempotentAndIdsAreSharedAcrossSubjects() async throws {
        try await withRegistry { api in
            let a = try await api.register("rides-value", recordV1)
            #expect(a.status == 200)
            #expect(a.json?["id"] == 1 && a.json?["version"] == 1)
            let again = try await api.register("rides-value", recordV1)
            #expect(again.json?["id"] == 1 && again.json?["version"] == 1)
            let other = try await api.register("other-value", recordV1)
            #expect(other.json?["id"] == 1 && other.json?["version"] == 1)
            let v2 = try await api.register("rides-value", recordV2)
            #expect(v2.json?["id"] == 2 && v2.json?["version"] == 2)
            let byId = try await api.call(.get, "/schemas/ids/1")
            #expect(byId.json?["schema"]?.stringValue == recordV1)
            #expect(byId.json?["schemaType"] == "AVRO")
            #expect(try await api.call(.get, "/schemas/ids/1/schema").text == recordV1)
            #expect(try await api.call(.get, "/schemas/ids/1/subjects").json == ["other-value", "rides-value"])
            #expect(try await api.call(.get, "/schemas/ids/1/versions").json?.arrayValue?.count == 2)
            #expect(try await api.call(.get, "/schemas/ids/99").errorCode == 40403)
            #expect(try await api.call(.get, "/schemas/types").json == ["JSON", "AVRO"])
            #expect(try await api.call(.get, "/subjects").json == ["other-value", "rides-value"])
            #expect(try await api.call(.get, "/subjects/rides-value/versions").json == [1, 2])
            let latest = try await api.call(.get, "/subjects/rides-value/versions/latest")
            #expect(latest.json?["version"] == 2 && latest.json?["subject"] == "rides-value")
            #expect(try await api.call(.get, "/subjects/rides-value/versions/-1").json?["version"] == 2)
            #expect(try await api.call(.get, "/subjects/rides-value/versions/1/schema").text == recordV1)
            #expect(try await api.call(.get, "/subjects/rides-value/versions/7").errorCode == 40402)
            #expect(try await api.call(.get, "/subjects/rides-value/versions/abc").errorCode == 42202)
            #expect(try await api.call(.get, "/subjects/rides-value/versions/0").errorCode == 42202)
            #expect(try await api.call(.get, "/subjects/nope/versions").errorCode == 40401)
            #expect(try await api.call(.get, "/schemas").json?.arrayValue?.count == 3)
            #expect(try await api.call(.get, "/schemas?latestOnly=TRUE").json?.arrayValue?.count == 2)
        }
    }

    @Test func schemasHaveGUIDsAndAreFoundByThem() async throws {
        try await withRegistry { api in
            let registered = try await api.register("rides-value", recordV1)
            let guid = try #require(registered.json?["guid"]?.stringValue)
            // Confluent's identity hash of the stored text, as a UUID.
            #expect(guid == SchemaGUID.identity(schema: recordV1, references: [], metadata: nil, ruleSet: nil).description)
            #expect(try await api.call(.get, "/schemas/ids/1").json?["guid"]?.stringValue == guid)
            #expect(try await api.call(.get, "/subjects/rides-value/versions/1").json?["guid"]?.stringValue == guid)
            let byGUID = try await api.call(.get, "/schemas/guids/\(guid)")
            #expect(byGUID.status == 200 && byGUID.json?["schema"]?.stringValue == recordV1 && byGUID.json?["schemaType"] == "AVRO")
            #expect(try await api.call(.get, "/schemas/guids/\(guid.uppercased())").status == 200)
            #expect(try await api.call(.get, "/schemas/guids/\(guid)/ids").json == [["context": ".", "id": 1]])
            #expect(try await api.call(.get, "/schemas/guids/00000000-0000-0000-0000-000000000000").errorCode == 40403)
            #expect(try await api.call(.get, "/schemas/guids/not-a-guid").errorCode == 40403)
            #expect(try await api.call(.get, "/schemas/guids/not-a-guid/ids").errorCode == 40403)
        }
    }

    @Test func aReferenceToLatestIsPinnedToTheVersionItMeant() async throws {
        try await withRegistry { api in
            let address = #"{"type":"record","name":"Address","namespace":"demo","fields":[{"name":"city","type":"string"}]}"#
            let address2 = #"{"type":"record","name":"Address","namespace":"demo","fields":[{"name":"city","type":"string"},{"name":"zip","type":"string","default":""}]}"#
            _ = try await api.register("address", address)
            _ = try await api.register("address", address2)
            let trip = #"{"type":"record","name":"Trip","namespace":"demo","fields":[{"name":"to","type":"demo.Address"}]}"#
            let r = try await api.register("trips", trip, references: [["name": "demo.Address", "subject": "address", "version": -1]])
            #expect(r.json?["references"] == [["name": "demo.Address", "subject": "address", "version": 2]])
            #expect(try await api.call(.get, "/subjects/trips/versions/1").json?["references"] == [["name": "demo.Address", "subject": "address", "version": 2]])
            // Looking it up with -1 finds the pinned version.
            let found = try await api.call(.post, "/subjects/trips", ["schema": .string(trip), "references": [["name": "demo.Address", "subject": "address", "version": -1]]])
            #expect(found.json?["version"] == 1)
        }
    }

    @Test func lookupAndCompatibility() async throws {
        try await withRegistry { api in
            _ = try await api.register("s", recordV1)
            let found = try await api.call(.post, "/subjects/s", ["schema": .string(recordV1)])
            #expect(found.json?["id"] == 1 && found.json?["version"] == 1 && found.json?["subject"] == "s")
            #expect(try await api.call(.post, "/subjects/s", ["schema": .string(recordV2)]).errorCode == 40403)
            #expect(try await api.call(.post, "/subjects/none", ["schema": .string(recordV1)]).errorCode == 40401)
            let bad = try await api.register("s", recordBreaking)
            #expect(bad.status == 409 && bad.errorCode == 40901)
            #expect(bad.json?["message"]?.stringValue?.contains("TYPE_MISMATCH") == true)
            let check = try await api.call(.post, "/compatibility/subjects/s/versions/latest?verbose=True", ["schema": .string(recordBreaking)])
            #expect(check.json?["is_compatible"] == false)
            #expect((check.json?["messages"]?.arrayValue?.count ?? 0) > 0)
            #expect(try await api.call(.post, "/compatibility/subjects/s/versions", ["schema": .string(recordV2)]).json == ["is_compatible": true])
            #expect(try await api.call(.post, "/compatibility/subjects/s/versions/9", ["schema": .string(recordV2)]).errorCode == 40402)
            let invalid = try await api.call(.post, "/compatibility/subjects/s/versions/latest?verbose=true", ["schema": "{"])
            #expect(invalid.json?["is_compatible"] == false)
            // NONE lets the breaking change in.
            #expect(try await api.call(.put, "/config/s", ["compatibility": "NONE"]).json?["compatibility"] == "NONE")
            #expect(try await api.register("s", recordBreaking).json?["version"] == 2)
        }
    }

    /// `GET /subjects/{s}/metadata`: the latest version whose metadata properties hold every
    /// `key`/`value` pair (paired by position).
    @Test func latestVersionByMetadata() async throws {
        try await withRegistry { api in
            func register(_ schema: String, _ properties: JSONValue) async throws -> Reply {
                try await api.call(.post, "/subjects/m/versions", ["schema": .string(schema), "metadata": ["properties": properties]])
            }
            #expect(try await register(recordV1, ["owner": "a", "tier": "1"]).json?["version"] == 1)
            #expect(try await register(recordV2, ["owner": "b", "tier": "1"]).json?["version"] == 2)
            let tier = try await api.call(.get, "/subjects/m/metadata?key=tier&value=1")
            #expect(tier.json?["version"] == 2 && tier.json?["subject"] == "m" && tier.json?["metadata"]?["properties"]?["owner"] == "b")
            #expect(try await api.call(.get, "/subjects/m/metadata?key=owner&value=a&key=tier&value=1").json?["version"] == 1)
            #expect(try await api.call(.get, "/subjects/m/metadata?key=owner&value=c").errorCode == 40403)
            #expect(try await api.call(.get, "/subjects/none/metadata?key=owner&value=a").errorCode == 40401)
            #expect(try await api.call(.delete, "/subjects/m/versions/1").status == 200)
            #expect(try await api.call(.get, "/subjects/m/metadata?key=owner&value=a").errorCode == 40403)
            #expect(try await api.call(.get, "/subjects/m/metadata?key=owner&value=a&deleted=true").json?["version"] == 1)
        }
    }

    @Test func jsonSchemaSubjectsUseConfluentsRules() async throws {
        try await withRegistry { api in
            let open = #"{"type":"object","properties":{"a":{"type":"string"}}}"#
            let added = #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#
            #expect(try await api.register("j", open, type: "JSON").json?["id"] == 1)
            let r = try await api.register("j", added, type: "JSON")
            #expect(r.errorCode == 40901)
            #expect(r.json?["message"]?.stringValue?.contains("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL") == true)
            _ = try await api.call(.put, "/config/j", ["compatibilityPolicy": "LENIENT", "compatibility": "BACKWARD"])
            #expect(try await api.register("j", added, type: "JSON").json?["version"] == 2)
            let invalid = try await api.register("j", #"{"type":"strin"}"#, type: "JSON")
            #expect(invalid.status == 422 && invalid.errorCode == 42201)
            #expect(try await api.register("j", "{}", type: "PROTOBUF").errorCode == 42201)
            #expect(try await api.register("j", "{}", type: "XML").errorCode == 42201)
        }
    }

    @Test func referencesAndDeleteProtection() async throws {
        try await withRegistry { api in
            let address = #"{"type":"record","name":"Address","namespace":"x","fields":[{"name":"city","type":"string"}]}"#
            let person = #"{"type":"record","name":"Person","namespace":"x","fields":[{"name":"home","type":"x.Address"}]}"#
            #expect(try await api.register("address", address).json?["id"] == 1)
            let p = try await api.register("person", person, references: [["name": "x.Address", "subject": "address", "version": 1]])
            #expect(p.json?["id"] == 2)
            #expect(p.json?["references"]?.arrayValue?.count == 1)
            // format=resolved inlines the referenced type where the stored text names it.
            let resolved = #"{"type":"record","name":"Person","namespace":"x","fields":[{"name":"home","type":{"type":"record","name":"Address","fields":[{"name":"city","type":"string"}]}}]}"#
            #expect(try await api.call(.get, "/schemas/ids/2?format=resolved").json?["schema"] == .string(resolved))
            #expect(try await api.call(.get, "/schemas/ids/2/schema?format=resolved").text == resolved)
            #expect(try await api.call(.get, "/subjects/person/versions/1?format=resolved").json?["schema"] == .string(resolved))
            #expect(try await api.call(.get, "/subjects/person/versions/latest/schema?format=resolved").text == resolved)
            let stored = #"{"type":"record","name":"Person","namespace":"x","fields":[{"name":"home","type":"Address"}]}"#
            #expect(p.json?["schema"] == .string(stored))
            #expect(try await api.call(.get, "/schemas/ids/2").json?["schema"] == .string(stored), "the default format is the stored text")
            #expect(try await api.call(.get, "/schemas/ids/2?format=unknown").json?["schema"] == .string(stored))
            #expect(try await api.call(.get, "/subjects/address/versions/1/referencedby").json == [2])
            #expect(try await api.call(.delete, "/subjects/address/versions/1").errorCode == 42206)
            #expect(try await api.call(.delete, "/subjects/address").errorCode == 42206)
            let missingRef = try await api.register("p2", person, references: [["name": "x.Address", "subject": "nope", "version": 1]])
            #expect(missingRef.errorCode == 42201)
            // Once the referrer is gone (soft, then permanently), the referenced one can go.
            #expect(try await api.call(.delete, "/subjects/person").json == [1])
            #expect(try await api.call(.delete, "/subjects/address").errorCode == nil)
        }
    }

    @Test func deleteOrderingRules() async throws {
        try await withRegistry { api in
            _ = try await api.register("d", recordV1)
            _ = try await api.register("d", recordV2)
            #expect(try await api.call(.delete, "/subjects/d/versions/1?permanent=true").errorCode == 40407)
            #expect(try await api.call(.delete, "/subjects/d/versions/1").json == 1)
            #expect(try await api.call(.delete, "/subjects/d/versions/1").errorCode == 40406)
            #expect(try await api.call(.get, "/subjects/d/versions/1").errorCode == 40402)
            #expect(try await api.call(.get, "/subjects/d/versions/1?deleted=true").json?["version"] == 1)
            #expect(try await api.call(.get, "/schemas/ids/1").status == 200, "soft-deleted ids still resolve")
            #expect(try await api.call(.get, "/subjects/d/versions").json == [2])
            #expect(try await api.call(.get, "/subjects/d/versions?deleted=true").json == [1, 2])
            #expect(try await api.call(.delete, "/subjects/d?permanent=true").errorCode == 40405)
            #expect(try await api.call(.delete, "/subjects/d").json == [2])
            #expect(try await api.call(.delete, "/subjects/d").errorCode == 40404)
            #expect(try await api.call(.get, "/subjects").json == [])
            #expect(try await api.call(.get, "/subjects?deleted=true").json == ["d"])
            // Re-registering continues the numbering; the same schema keeps its id.
            let again = try await api.register("d", recordV1)
            #expect(again.json?["version"] == 3 && again.json?["id"] == 1)
            #expect(try await api.call(.delete, "/subjects/d").json == [3])
            // Version 1 held the same id, soft-deleted: the re-registration tombstoned it.
            #expect(try await api.call(.delete, "/subjects/d?permanent=true").json == [2, 3])
            #expect(try await api.call(.get, "/subjects/d/versions?deleted=true").errorCode == 40401)
            #expect(try await api.call(.get, "/schemas/ids/1").errorCode == 40403)
            // After a full permanent delete numbering restarts at 1; ids are never reused.
            let fresh = try await api.register("d", recordV1)
            #expect(fresh.json?["version"] == 1 && fresh.json?["id"] == 3)
            #expect(try await api.call(.delete, "/subjects/never").errorCode == 40401)
        }
    }

    @Test func configAndModes() async throws {
        try await withRegistry { api in
            #expect(try await api.call(.get, "/config").json == ["compatibilityLevel": "BACKWARD"])
            #expect(try await api.call(.put, "/config", ["compatibility": "full_transitive"]).json?["compatibility"] == "FULL_TRANSITIVE")
            #expect(try await api.call(.put, "/config", ["compatibility": "SIDEWAYS"]).errorCode == 42203)
            #expect(try await api.call(.get, "/config/x").errorCode == 40408)
            #expect(try await api.call(.get, "/config/x?defaultToGlobal=true").json?["compatibilityLevel"] == "FULL_TRANSITIVE")
            #expect(try await api.call(.delete, "/config/x").errorCode == 40401)
            _ = try await api.call(.put, "/config/x", ["compatibility": "NONE", "normalize": true])
            #expect(try await api.call(.get, "/config/x").json == ["compatibilityLevel": "NONE", "normalize": true])
            #expect(try await api.call(.delete, "/config/x").json?["compatibilityLevel"] == "NONE")
            #expect(try await api.call(.delete, "/config").json?["compatibilityLevel"] == "FULL_TRANSITIVE")

            #expect(try await api.call(.get, "/mode").json == ["mode": "READWRITE"])
            #expect(try await api.call(.get, "/mode/m").errorCode == 40409)
            #expect(try await api.call(.put, "/mode/m", ["mode": "READONLY"]).json == ["mode": "READONLY"])
            #expect(try await api.register("m", recordV1).errorCode == 42205)
            #expect(try await api.call(.put, "/mode/m", ["mode": "SIDEWAYS"]).errorCode == 42204)
            #expect(try await api.call(.delete, "/mode/m").json == ["mode": "READONLY"])
            _ = try await api.register("m", recordV1)
            #expect(try await api.call(.put, "/mode", ["mode": "IMPORT"]).errorCode == 42205)
            #expect(try await api.call(.put, "/mode?force=True", ["mode": "IMPORT"]).json == ["mode": "IMPORT"])
            // IMPORT: explicit ids and versions, no compatibility check.
            let imported = try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordBreaking), "id": 100, "version": 5])
            #expect(imported.json?["id"] == 100 && imported.json?["version"] == 5)
            #expect(try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordV2), "id": 100]).errorCode == 42205)
            #expect(try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordV2)]).errorCode == 42205)
            _ = try await api.call(.put, "/mode", ["mode": "READWRITE"])
            #expect(try await api.call(.post, "/subjects/m/versions", ["schema": .string(recordV2), "id": 7]).errorCode == 42205)
            // The next automatic id continues after the imported one.
            #expect(try await api.register("m", recordV2).json?["id"] == 101)
        }
    }

    @Test func badInputGetsConfluentErrors() async throws {
        try await withRegistry(maxBody: 4096) { api in
            let unknown = try await api.call(.get, "/nowhere")
            #expect(unknown.status == 404 && unknown.json == ["error_code": 404, "message": "HTTP 404 Not Found"])
            let malformed = try await api.call(.post, "/subjects/s/versions", raw: "{not json")
            #expect(malformed.status == 400 && malformed.errorCode == 400)
            let huge = try await api.call(.post, "/subjects/s/versions", ["schema": .string(String(repeating: "x", count: 10_000))])
            #expect(huge.status == 413 && huge.errorCode == 413)
            #expect(try await api.call(.post, "/subjects/s/versions", ["schema": "{\"type\":\"nope\"}"]).errorCode == 42201)
            #expect(try await api.call(.post, "/subjects/s/versions", ["schema": .null]).errorCode == 42201)
            #expect(try await api.call(.get, "/schemas/ids/99999999999999").errorCode == 40403)
            #expect(try await api.call(.get, "/schemas/ids/-1").errorCode == 40403)
            #expect(try await api.call(.get, "/subjects/s/versions/99999999999").errorCode == 42202)
            // Subject names are data, never paths: traversal-looking names are just names.
            let odd = try await api.register("..%2F..%2Fetc%2Fpasswd", recordV1)
            #expect(odd.status == 200)
            #expect(try await api.call(.get, "/subjects").json == ["../../etc/passwd"])
            #expect(try await api.register("bad%01name", recordV1).errorCode == 42208)
            #expect(try await api.call(.get, "/associations/resources/-/rides?resourceType=topic").json == [], "no associations: an empty list, as Confluent")
            #expect(try await api.call(.get, "/").json == [:])
            #expect(try await api.call(.get, "/contexts").json == ["."])
        }
    }

    @Test func liveServerOnLoopback() async throws {
        try await withRegistry(.live) { api in
            let r = try await api.register("live", recordV1)
            #expect(r.json?["id"] == 1)
            let got = try await api.call(.get, "/schemas/ids/1")
            #expect(got.json?["schema"]?.stringValue == recordV1)
        }
    }
}
