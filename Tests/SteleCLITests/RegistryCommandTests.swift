import Foundation
import SteleJSON
import SteleTestServer
import Testing

/// `register`, `get`, `subjects`, `versions`, `delete`, `config`, `mode` against a real
/// `stele serve` on loopback, with the documented output and exit codes.
@Suite("Registry commands")
struct RegistryCommandTests {
    static let v1 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#
    static let v2 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double","default":0.0}]}"#
    static let breaking = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"string"}]}"#

    func withRegistry(_ body: @Sendable (String) async throws -> Void) async throws {
        try await LiveRegistry.with { url, _ in try await body(url) }
    }

    @Test("register prints the id; again it is the same id; a compatible change is the next version")
    func register() async throws {
        try await withRegistry { url in
            let first = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            #expect(first.code == 0 && first.out == "1\n", "\(first.err)")
            #expect(await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc")).out == "1\n")
            let second = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v2, name: "ride.avsc"), "--format", "json")
            let json = try JSONParser().parse(second.out)
            #expect(json["version"] == 2 && json["id"] == 2 && json["subject"] == "rides-value" && json["guid"]?.stringValue?.count == 36)
        }
    }

    @Test("an incompatible schema is refused with the registry's reasons and exit 100; an invalid one is exit 1")
    func refusals() async throws {
        try await withRegistry { url in
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            let bad = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.breaking, name: "ride.avsc"))
            #expect(bad.code == 100 && bad.err.contains("incompatible") && bad.err.contains("TYPE_MISMATCH"))
            let invalid = await stele("register", "--registry", url, "rides-value", try temporaryFile(#"{"type":"record"}"#, name: "bad.avsc"))
            #expect(invalid.code == 1 && invalid.err.contains("Invalid schema"))
            let unreadable = await stele("register", "--registry", url, "x", "/nonexistent/schema.avsc")
            #expect(unreadable.code == 2 && unreadable.err.contains("cannot open"))
        }
    }

    @Test("JSON Schemas by file name or --type; references by NAME=SUBJECT:VERSION")
    func typesAndReferences() async throws {
        try await withRegistry { url in
            let json = await stele("register", "--registry", url, "orders-value", try temporaryFile(#"{"type":"object"}"#, name: "order.json"), "--format", "json")
            #expect(try JSONParser().parse(json.out)["schemaType"] == "JSON")
            let address = #"{"type":"record","name":"Address","namespace":"demo","fields":[{"name":"city","type":"string"}]}"#
            _ = await stele("register", "--registry", url, "address", try temporaryFile(address, name: "address.avsc"))
            let trip = #"{"type":"record","name":"Trip","namespace":"demo","fields":[{"name":"to","type":"demo.Address"}]}"#
            let withRef = await stele("register", "--registry", url, "trips-value", try temporaryFile(trip, name: "trip.avsc"), "--ref", "demo.Address=address:latest", "--format", "json")
            #expect(withRef.code == 0, "\(withRef.err)")
            #expect(try JSONParser().parse(withRef.out)["references"] == [["name": "demo.Address", "subject": "address", "version": 1]])
            #expect(await stele("register", "--registry", url, "t", try temporaryFile(trip, name: "trip.avsc"), "--ref", "nonsense").code == 1)
        }
    }

    @Test("get, subjects, versions: text and json")
    func reads() async throws {
        try await withRegistry { url in
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v2, name: "ride.avsc"))
            #expect(await stele("get", "--registry", url, "rides-value").out == Self.v2 + "\n")
            #expect(await stele("get", "--registry", url, "rides-value", "--version", "1").out == Self.v1 + "\n")
            #expect(await stele("get", "--registry", url, "--id", "1").out == Self.v1 + "\n")
            let entry = try JSONParser().parse(await stele("get", "--registry", url, "rides-value", "--format", "json").out)
            #expect(entry["version"] == 2 && entry["id"] == 2 && entry["schemaType"] == "AVRO")
            #expect(await stele("subjects", "--registry", url).out == "rides-value\n")
            #expect(await stele("subjects", "--registry", url, "--prefix", "orders").out == "")
            #expect(await stele("versions", "--registry", url, "rides-value", "--format", "json").out == "[1,2]\n")
            let missing = await stele("get", "--registry", url, "nope")
            #expect(missing.code == 1 && missing.err.contains("Subject 'nope' not found"))
            #expect(await stele("get", "--registry", url, "rides-value", "--version", "x").code == 1)
        }
    }

    @Test("delete: soft, then permanent; the ordering rules are the registry's")
    func delete() async throws {
        try await withRegistry { url in
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v2, name: "ride.avsc"))
            let early = await stele("delete", "--registry", url, "rides-value", "--version", "1", "--permanent")
            #expect(early.code == 1 && early.err.contains("was not deleted first"))
            #expect(await stele("delete", "--registry", url, "rides-value", "--version", "1").out == "1\n")
            #expect(await stele("versions", "--registry", url, "rides-value").out == "2\n")
            #expect(await stele("versions", "--registry", url, "rides-value", "--deleted").out == "1\n2\n")
            #expect(await stele("delete", "--registry", url, "rides-value").out == "2\n")
            #expect(await stele("subjects", "--registry", url, "--deleted").out == "rides-value\n")
            #expect(await stele("delete", "--registry", url, "rides-value", "--permanent").out == "1\n2\n")
            #expect(await stele("subjects", "--registry", url, "--deleted").out == "")
        }
    }

    @Test("config and mode: read, set, delete; unknown levels and modes are input errors")
    func configAndMode() async throws {
        try await withRegistry { url in
            #expect(await stele("config", "--registry", url).out == "BACKWARD\n")
            #expect(await stele("config", "--registry", url, "rides-value", "--set", "full_transitive").out == "FULL_TRANSITIVE\n")
            #expect(await stele("config", "--registry", url, "rides-value").out == "FULL_TRANSITIVE\n")
            #expect(await stele("config", "--registry", url, "other").out == "BACKWARD\n")
            _ = await stele("config", "--registry", url, "rides-value", "--delete")
            #expect(await stele("config", "--registry", url, "rides-value").out == "BACKWARD\n")
            #expect(await stele("config", "--registry", url, "--set", "SIDEWAYS").code == 1)
            #expect(await stele("mode", "--registry", url).out == "READWRITE\n")
            #expect(await stele("mode", "--registry", url, "rides-value", "--set", "READONLY").out == "READONLY\n")
            let refused = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            #expect(refused.code == 1 && refused.err.lowercased().contains("read-only"))
            #expect(await stele("mode", "--registry", url, "rides-value", "--format", "json").out == "{\"mode\":\"READONLY\"}\n")
            #expect(await stele("mode", "--registry", url, "--set", "sometimes").code == 1)
        }
    }

    @Test("a registry that is down is exit 2 with one clear line; a malformed URL is exit 1")
    func downAndMalformed() async throws {
        let down = await stele("subjects", "--registry", "http://127.0.0.1:1")
        #expect(down.code == 2 && down.err.contains("connection refused"))
        let badURL = await stele("subjects", "--registry", "registry:8081")
        #expect(badURL.code == 1)
    }
}
