import Foundation
import Testing

/// `stele check DIR --against git:REF|DIR` on temporary git repositories: the verdicts, the
/// exit codes and line:col on the changed line.
@Suite("check against git and folders")
struct CheckCommandTests {
    @Test("no change, and a compatible change (a field with a default): exit 0")
    func compatible() async throws {
        let repo = try CheckSchemas.baseline()
        let unchanged = await stele("check", repo.schemas, "--against", "git:main")
        #expect(unchanged.code == 0, "\(unchanged.out)\(unchanged.err)")
        #expect(unchanged.out.contains("4 subjects checked against git:main: 4 compatible, 0 incompatible"))
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #"{"name": "km", "type": "double"},"#,
                                                                           with: #"{"name": "km", "type": "double"}, {"name": "tip", "type": "double", "default": 0.0},"#))
        let added = await stele("check", repo.schemas, "--against", "git:main")
        #expect(added.code == 0, "\(added.out)")
    }

    @Test("an Avro field without a default: exit 100, the rule, and line:col of the new field")
    func avroIncompatible() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #"{"name": "km", "type": "double"},"#,
                                                                           with: "{\"name\": \"km\", \"type\": \"double\"},\n    {\"name\": \"driver\", \"type\": \"string\"},"))
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 100)
        let line = try repo.line(of: "driver", in: "ride.avsc")
        #expect(r.out.contains("\(repo.schemas)/ride.avsc:\(line):5: AVRO_READER_FIELD_MISSING_DEFAULT_VALUE The field 'driver'"), "\(r.out)")
        #expect(r.out.contains(#"witness: {"id":"","km":0.0,"status":"OPEN"}"#) || r.out.contains("witness: {"), "\(r.out)")
        #expect(r.out.contains("1 incompatible"))
    }

    @Test("a removed enum symbol points at the new symbols list, with a witness using that symbol")
    func enumSymbol() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #"["OPEN", "DONE"]"#, with: #"["OPEN"]"#))
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 100)
        let line = try repo.line(of: "symbols", in: "ride.avsc")
        #expect(r.out.contains("ride.avsc:\(line):"), "\(r.out)")
        #expect(r.out.contains("AVRO_MISSING_ENUM_SYMBOLS") && r.out.contains(#""status":"DONE""#), "\(r.out)")
    }

    @Test("FORWARD from the manifest: removing a required field is placed on the new file's fields")
    func forwardPlacedInNewFile() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("stele.yaml", "schemas:\n  - file: ride.avsc\n    subject: rides-value\n    level: FORWARD\n")
        try repo.commit("manifest")
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #"    {"name": "km", "type": "double"},"# + "\n", with: ""))
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 100, "\(r.out)")
        let line = try repo.line(of: "\"fields\"", in: "ride.avsc")
        #expect(r.out.contains("ride.avsc:\(line):"), "\(r.out)")
        #expect(r.out.contains("AVRO_READER_FIELD_MISSING_DEFAULT_VALUE") && r.out.contains("[FORWARD]"), "\(r.out)")
        // The same change is compatible at the default level, BACKWARD.
        try repo.write("stele.yaml", "schemas:\n  - file: ride.avsc\n    subject: rides-value\n")
        #expect(await stele("check", repo.schemas, "--against", "git:main").code == 0)
    }

    @Test("JSON Schema: a narrowed type is found at its line, with a document the new schema rejects")
    func jsonSchemaIncompatible() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("order.json", CheckSchemas.order.replacingOccurrences(of: #""total": {"type": "number"}"#, with: #""total": {"type": "integer"}"#))
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 100)
        let line = try repo.line(of: "total", in: "order.json")
        #expect(r.out.contains("order.json:\(line):") && r.out.contains("JSON_TYPE_NARROWED"), "\(r.out)")
        #expect(r.out.contains("the new schema rejects it"), "\(r.out)")
    }

    @Test("JSON Schema: a change Confluent's rules accept but that rejects documents passes (exit 0) with a warning and a witness")
    func jsonSchemaConfluentVerdictWithWarning() async throws {
        let repo = try CheckSchemas.baseline()
        // `required` of a name `properties` does not define: Confluent does not compare it.
        try repo.write("order.json", CheckSchemas.order.replacingOccurrences(of: #""required": ["id"]"#, with: #""required": ["id", "currency"]"#))
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 0, "\(r.out)")
        #expect(r.out.contains("warning: JSON_COMPATIBLE_BUT_REJECTS_DOCUMENTS"), "\(r.out)")
        #expect(r.out.contains("the new schema rejects it"), "\(r.out)")
    }

    @Test("references: a file using another file's type is parsed with it; breaking that type breaks both, each reported once")
    func references() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("location.avsc", CheckSchemas.location.replacingOccurrences(of: #"{"name": "lon", "type": "double"}"#, with: #"{"name": "lon", "type": "double"}, {"name": "alt", "type": "double"}"#))
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 100)
        #expect(r.out.contains("location.avsc:") && r.out.contains("'alt'"), "\(r.out)")
        // Trip embeds Location: old trips cannot be read with the new Location either. The
        // finding is placed where trip uses the type, once (both fields share the one definition).
        let line = try repo.line(of: "\"from\"", in: "trip.avsc")
        #expect(r.out.components(separatedBy: "trip.avsc:\(line):").count - 1 == 1, "\(r.out)")
        #expect(r.out.contains("2 incompatible"))
    }

    @Test("a renamed field breaks BACKWARD; with the old name as an alias it does not")
    func renamedField() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #""name": "km""#, with: #""name": "distance""#))
        let renamed = await stele("check", repo.schemas, "--against", "git:main")
        #expect(renamed.code == 100 && renamed.out.contains("'distance'"), "\(renamed.out)")
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #""name": "km""#, with: #""name": "distance", "aliases": ["km"]"#))
        let aliased = await stele("check", repo.schemas, "--against", "git:main")
        #expect(aliased.code == 0, "\(aliased.out)")
    }

    @Test("a deleted file is SUBJECT_DELETED (exit 100) unless the manifest excepts the rule")
    func deletion() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.remove("order.json")
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 100 && r.out.contains("order.json: SUBJECT_DELETED subject order was deleted"), "\(r.out)")
        try repo.write("stele.yaml", "breaking:\n  except: [SUBJECT_DELETED]\n")
        #expect(await stele("check", repo.schemas, "--against", "git:main").code == 0)
    }

    @Test("a new file is a notice; a file moved under the same subject is compared with its old form")
    func addedAndMoved() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("stele.yaml", "schemas:\n  - file: ride.avsc\n    subject: rides-value\n")
        try repo.commit("manifest")
        try repo.write("extra.avsc", #"{"type": "fixed", "name": "Hash", "size": 16}"#)
        try repo.remove("ride.avsc")
        try repo.write("rides/ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #""type": "double""#, with: #""type": "string""#))
        try repo.write("stele.yaml", "schemas:\n  - file: rides/ride.avsc\n    subject: rides-value\n")
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.out.contains("extra.avsc:1:1: info: SUBJECT_ADDED new subject extra"), "\(r.out)")
        #expect(r.out.contains("rides/ride.avsc:1:1: info: SUBJECT_FILE_MOVED subject rides-value moved from ride.avsc to rides/ride.avsc"), "\(r.out)")
        #expect(r.out.contains("rides/ride.avsc:") && r.out.contains("AVRO_TYPE_MISMATCH"), "\(r.out)")
        #expect(r.code == 100 && !r.out.contains("SUBJECT_DELETED"))
    }

    @Test("ignore skips paths; ignore_only silences a rule for some paths only")
    func ignoring() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #"["OPEN", "DONE"]"#, with: #"["OPEN"]"#))
        try repo.write("order.json", CheckSchemas.order.replacingOccurrences(of: #""type": "number""#, with: #""type": "integer""#))
        try repo.write("stele.yaml", "breaking:\n  ignore: [order.json]\n  ignore_only:\n    AVRO_MISSING_ENUM_SYMBOLS: [ride.avsc]\n")
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 0, "\(r.out)")
        #expect(r.out.contains("3 subjects checked"), "order.json is not looked at: \(r.out)")
    }

    @Test("any ref: a tag, a commit id, HEAD~1")
    func refs() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.git("tag", "v1")
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #""type": "double""#, with: #""type": "float""#))
        try repo.commit("narrow km")
        let commit = try repo.git("rev-parse", "HEAD~1").trimmingCharacters(in: .whitespacesAndNewlines)
        for ref in ["v1", commit, "HEAD~1"] {
            let r = await stele("check", repo.schemas, "--against", "git:\(ref)")
            #expect(r.code == 100 && r.out.contains("AVRO_TYPE_MISMATCH"), "\(ref): \(r.out)\(r.err)")
        }
        #expect(await stele("check", repo.schemas, "--against", "git:HEAD").code == 0)
    }

    @Test("--against a folder compares with that folder")
    func againstFolder() async throws {
        let repo = try CheckSchemas.baseline()
        let released = repo.root.appendingPathComponent("released").path
        try FileManager.default.copyItem(atPath: repo.schemas, toPath: released)
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #""type": "string""#, with: #""type": "long""#))
        let r = await stele("check", repo.schemas, "--against", released)
        #expect(r.code == 100 && r.out.contains("AVRO_TYPE_MISMATCH") && r.out.contains("checked against \(released)/"), "\(r.out)")
    }
}

/// Bad input to `stele check`: one clear line on standard error and the documented exit code.
@Suite("check: bad input")
struct CheckBadInputTests {
    @Test("not a git repository: exit 2")
    func notARepository() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stele-norepo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try CheckSchemas.ride.write(to: dir.appendingPathComponent("ride.avsc"), atomically: true, encoding: .utf8)
        let r = await stele("check", dir.path, "--against", "git:main")
        #expect(r.code == 2 && r.err.contains("is not inside a git repository") && r.err.split(separator: "\n").count == 1, "\(r.err)")
    }

    @Test("an unknown ref: exit 1, naming it")
    func unknownRef() async throws {
        let repo = try CheckSchemas.baseline()
        let r = await stele("check", repo.schemas, "--against", "git:no-such-branch")
        #expect(r.code == 1 && r.err.contains("unknown git ref \"no-such-branch\""), "\(r.err)")
    }

    @Test("an invalid manifest: exit 1 with line:col of the mistake")
    func invalidManifest() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("stele.yaml", "schemas:\n  - file: ride.avsc\n    levle: FULL\n")
        let typo = await stele("check", repo.schemas, "--against", "git:main")
        #expect(typo.code == 1 && typo.err.contains("stele.yaml:3:5: unknown key \"levle\""), "\(typo.err)")
        try repo.write("stele.yaml", "schemas:\n  - file: ride.avsc\n    level: SIDEWAYS\n")
        let level = await stele("check", repo.schemas, "--against", "git:main")
        #expect(level.code == 1 && level.err.contains("stele.yaml:3:12: unknown level \"SIDEWAYS\""), "\(level.err)")
        try repo.write("stele.yaml", "schemas: [\n")
        let yaml = await stele("check", repo.schemas, "--against", "git:main")
        #expect(yaml.code == 1 && yaml.err.contains("invalid YAML"), "\(yaml.err)")
        try repo.write("stele.yaml", "schemas:\n  - file: missing.avsc\n")
        let missing = await stele("check", repo.schemas, "--against", "git:main")
        #expect(missing.code == 1 && missing.err.contains("missing.avsc does not exist"), "\(missing.err)")
    }

    @Test("an invalid schema: exit 1, reported as a finding at its position")
    func invalidSchema() async throws {
        let repo = try CheckSchemas.baseline()
        try repo.write("ride.avsc", "{\"type\": \"record\", \"name\": \"Ride\",\n \"fields\": [{\"name\": \"id\", \"type\": \"strin\"}]}")
        let r = await stele("check", repo.schemas, "--against", "git:main")
        #expect(r.code == 1 && r.out.contains("ride.avsc:2:") && r.out.contains("AVRO_UNDEFINED_NAME"), "\(r.out)")
    }

    @Test("a missing folder and a file that is not UTF-8: exit 1")
    func unreadable() async throws {
        let missing = await stele("check", "/nonexistent/schemas", "--against", "git:main")
        #expect(missing.code == 1 && missing.err.contains("no such folder"), "\(missing.err)")
        let repo = try CheckSchemas.baseline()
        try Data([0x7B, 0xFF, 0x7D]).write(to: repo.root.appendingPathComponent("schemas/bad.avsc"))
        let binary = await stele("check", repo.schemas, "--against", "git:main")
        #expect(binary.code == 1 && binary.err.contains("not valid UTF-8"), "\(binary.err)")
    }

    @Test("check without --against needs SUBJECT FILE")
    func usage() async throws {
        let r = await stele("check", "schemas")
        #expect(r.code == 1 && r.err.contains("--against"), "\(r.err)")
    }
}
