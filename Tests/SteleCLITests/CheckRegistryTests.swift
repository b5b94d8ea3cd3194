import Foundation
import SteleJSON
import SteleTestServer
import Testing

/// `stele check SUBJECT FILE` and `stele check DIR --against registry` against a real
/// `stele serve` on loopback.
@Suite("check against the registry")
struct CheckRegistryTests {
    static let v1 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#
    static let v2 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double","default":0.0}]}"#
    static let breaking = "{\"type\":\"record\",\"name\":\"Ride\",\n \"fields\":[{\"name\":\"id\",\"type\":\"long\"},\n  {\"name\":\"fare\",\"type\":\"double\"}]}"

    @Test("SUBJECT FILE: compatible is exit 0; incompatible is exit 100 with line:col, witness and the version")
    func subjectFile() async throws {
        try await LiveRegistry.with { url, _ in
            #expect(await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc")).code == 0)
            let ok = await stele("check", "--registry", url, "rides-value", try temporaryFile(Self.v2, name: "ride.avsc"))
            #expect(ok.code == 0, "\(ok.out)\(ok.err)")
            #expect(ok.out.contains("1 subject checked against registry: 1 compatible"))
            let file = try temporaryFile(Self.breaking, name: "ride.avsc")
            let bad = await stele("check", "--registry", url, "rides-value", file)
            #expect(bad.code == 100)
            #expect(bad.out.contains("\(file):3:3: AVRO_READER_FIELD_MISSING_DEFAULT_VALUE The field 'fare'"), "\(bad.out)")
            #expect(bad.out.contains("[BACKWARD, against version 1]") && bad.out.contains(#"witness: {"id":0}"#), "\(bad.out)")
        }
    }

    @Test("SUBJECT FILE follows the subject's level: FULL_TRANSITIVE compares with every version")
    func transitiveLevel() async throws {
        try await LiveRegistry.with { url, _ in
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v2, name: "ride.avsc"))
            _ = await stele("config", "--registry", url, "rides-value", "--set", "FORWARD_TRANSITIVE")
            // Removing fare (it has a default) is FORWARD-compatible with v2 but reads v1 fine too;
            // changing id's type breaks every version.
            let changed = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"string"}]}"#
            let r = await stele("check", "--registry", url, "rides-value", try temporaryFile(changed, name: "ride.avsc"), "--format", "json")
            #expect(r.code == 100)
            let first = try JSONParser().parse(String(r.out.split(separator: "\n")[0]))
            #expect(first["level"] == "FORWARD_TRANSITIVE" && first["version"] == 2 && first["direction"] == "FORWARD", "\(r.out)")
        }
    }

    @Test("SUBJECT FILE: an unknown subject is exit 1; a registry that is down is exit 2; an invalid file exit 1")
    func failures() async throws {
        try await LiveRegistry.with { url, _ in
            let unknown = await stele("check", "--registry", url, "nope-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            #expect(unknown.code == 1 && unknown.err.contains("subject nope-value not found"), "\(unknown.err)")
            _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
            let invalid = await stele("check", "--registry", url, "rides-value", try temporaryFile(#"{"type":"record","name":"R"}"#, name: "ride.avsc"))
            #expect(invalid.code == 1 && invalid.out.contains("AVRO_"), "\(invalid.out)")
        }
        let down = await stele("check", "--registry", "http://127.0.0.1:1", "rides-value", try temporaryFile(Self.v1, name: "ride.avsc"))
        #expect(down.code == 2 && down.err.split(separator: "\n").count == 1, "\(down.err)")
    }

    @Test("DIR --against registry: each file against its subject's history; unknown subjects are new")
    func folderAgainstRegistry() async throws {
        try await LiveRegistry.with { url, _ in
            _ = await stele("register", "--registry", url, "ride", try temporaryFile(CheckSchemas.ride, name: "ride.avsc"))
            let repo = try CheckSchemas.baseline()
            try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #"["OPEN", "DONE"]"#, with: #"["OPEN"]"#))
            let r = await stele("check", repo.schemas, "--against", "registry", "--registry", url)
            #expect(r.code == 100, "\(r.out)\(r.err)")
            #expect(r.out.contains("ride.avsc:\(try repo.line(of: "symbols", in: "ride.avsc")):") && r.out.contains("AVRO_MISSING_ENUM_SYMBOLS"), "\(r.out)")
            #expect(r.out.contains("info: SUBJECT_ADDED new subject order"), "\(r.out)")
            #expect(r.out.contains("4 subjects checked against registry: 0 compatible, 1 incompatible, 3 added"), "\(r.out)")
        }
    }
}

/// `stele apply DIR [--dry-run]` against a real registry.
@Suite("apply")
struct ApplyCommandTests {
    @Test("dry run changes nothing; apply registers references first; again, everything is unchanged")
    func applyFolder() async throws {
        try await LiveRegistry.with { url, _ in
            let repo = try CheckSchemas.baseline()
            try repo.write("stele.yaml", """
                schemas:
                  - file: ride.avsc
                    subject: rides-value
                    level: FULL
                  - file: trip.avsc
                    subject: trips-value
                  - file: location.avsc
                    subject: location-value
                """)
            let dry = await stele("apply", repo.schemas, "--dry-run", "--registry", url)
            #expect(dry.code == 0, "\(dry.out)\(dry.err)")
            #expect(dry.out.contains("would-register") && dry.out.contains("level would be set to FULL") && dry.out.contains("(dry run: nothing changed)"), "\(dry.out)")
            #expect(await stele("subjects", "--registry", url).out == "", "the dry run registered nothing")

            let applied = await stele("apply", repo.schemas, "--registry", url, "--format", "json")
            #expect(applied.code == 0, "\(applied.out)\(applied.err)")
            let items = try JSONParser().parse(applied.out).arrayValue ?? []
            let order = items.compactMap { $0["subject"]?.stringValue }
            #expect(order.firstIndex(of: "location-value")! < order.firstIndex(of: "trips-value")!, "\(order)")
            #expect(items.allSatisfy { $0["status"] == "registered" }, "\(applied.out)")
            let trip = try JSONParser().parse(await stele("get", "--registry", url, "trips-value", "--format", "json").out)
            #expect(trip["references"] == [["name": "demo.Location", "subject": "location-value", "version": 1]])
            #expect(await stele("config", "--registry", url, "rides-value").out.contains("FULL"))

            let again = await stele("apply", repo.schemas, "--registry", url)
            #expect(again.code == 0 && again.out.contains("4 subjects: 4 unchanged, 0 registered, 0 refused"), "\(again.out)")
        }
    }

    @Test("an incompatible change is refused with the registry's reason (exit 100); what uses it is skipped")
    func refused() async throws {
        try await LiveRegistry.with { url, _ in
            let repo = try CheckSchemas.baseline()
            #expect(await stele("apply", repo.schemas, "--registry", url).code == 0)
            try repo.write("location.avsc", CheckSchemas.location.replacingOccurrences(of: #""type": "double"}]"#, with: #""type": "double"}, {"name": "alt", "type": "double"}]"#))
            let dry = await stele("apply", repo.schemas, "--dry-run", "--registry", url)
            #expect(dry.code == 100 && dry.out.contains("location  refused"), "\(dry.out)")
            let r = await stele("apply", repo.schemas, "--registry", url)
            #expect(r.code == 100, "\(r.out)")
            #expect(r.out.contains("location  refused") && r.out.contains("READER_FIELD_MISSING_DEFAULT_VALUE"), "\(r.out)")
            #expect(r.out.contains("trip      skipped") && r.out.contains("its reference demo.Location (subject location) was not applied"), "\(r.out)")
            #expect(await stele("versions", "--registry", url, "location").out == "1\n")
        }
    }

    @Test("a registry that is down: exit 2")
    func down() async throws {
        let repo = try CheckSchemas.baseline()
        let r = await stele("apply", repo.schemas, "--registry", "http://127.0.0.1:1")
        #expect(r.code == 2 && r.err.split(separator: "\n").count == 1, "\(r.err)")
    }
}
