import SteleJSON
import SteleRegistry
import Testing
@testable import SteleServer

/// What third-party clients' own test suites check beyond the happy path: the answers of the
/// update routes, IMPORT as migration tools use it, and the two Confluent release lines.
@Suite struct ConfluentConformanceTests {
    @Test func configUpdatesAnswerWithTheUpdateRequestKeys() async throws {
        try await withRegistry { api in
            #expect(try await api.call(.put, "/config", ["compatibility": "full"]).json == ["compatibility": "FULL"])
            let subject = try await api.call(.put, "/config/s", ["compatibility": "none", "normalize": true])
            #expect(subject.json == ["compatibility": "NONE", "normalize": true])
            // The answer is the merged config, still under the request's key names.
            #expect(try await api.call(.put, "/config/s", ["normalize": false]).json == ["compatibility": "NONE", "normalize": false])
            #expect(try await api.call(.get, "/config/s").json == ["compatibilityLevel": "NONE", "normalize": false])
        }
    }

    @Test func configUpdatesEchoTheRequestInTheSevenLine() async throws {
        try await withRegistry(dialect: .v7) { api in
            let level = try await api.call(.put, "/config/s", ["compatibility": "FULL"])
            #expect(level.json == ["compatibility": "FULL"])
            let normalize = try await api.call(.put, "/config/s", ["normalize": true])
            #expect(normalize.json == ["normalize": true])
            let merged = try await api.call(.get, "/config/s")
            #expect(merged.json == ["compatibilityLevel": "FULL", "normalize": true])
        }
    }

    @Test func deletesAndModeUpdatesAnswerAsConfluentDoes() async throws {
        try await withRegistry { api in
            _ = try await api.call(.put, "/config/s", ["compatibility": "FORWARD"])
            // DELETE answers the previous Config entity (compatibilityLevel), not the request keys.
            #expect(try await api.call(.delete, "/config/s").json == ["compatibilityLevel": "FORWARD"])
            #expect(try await api.call(.put, "/mode/s", ["mode": "READONLY"]).json == ["mode": "READONLY"])
            #expect(try await api.call(.delete, "/mode/s").json == ["mode": "READONLY"])
            #expect(try await api.call(.put, "/mode", ["mode": "READWRITE"]).json == ["mode": "READWRITE"])
            #expect(try await api.call(.delete, "/mode").json == ["mode": "READWRITE"])
        }
    }

    @Test func importOverwritesAnExistingVersionLiveOrSoftDeleted() async throws {
        try await withRegistry { api in
            _ = try await api.call(.put, "/mode?force=true", ["mode": "IMPORT"])
            let first = try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordV1), "id": 10, "version": 1])
            #expect(first.json?["id"] == 10 && first.json?["version"] == 1)
            // Soft-deleted, then restored with the same (version, id): the version is live again.
            _ = try await api.call(.put, "/mode", ["mode": "READWRITE"])
            #expect(try await api.call(.delete, "/subjects/imp/versions/1").status == 200)
            _ = try await api.call(.put, "/mode?force=true", ["mode": "IMPORT"])
            let again = try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordV1), "id": 10, "version": 1])
            #expect(again.status == 200 && again.json?["id"] == 10 && again.json?["version"] == 1)
            #expect(try await api.call(.get, "/subjects/imp/versions").json == [1])
            // A live version overwritten with other content under another id.
            let replaced = try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordV2), "id": 11, "version": 1])
            #expect(replaced.status == 200 && replaced.json?["id"] == 11)
            #expect(try await api.call(.get, "/subjects/imp/versions/1").json?["id"] == 11)
            // The replaced schema keeps its id: messages written with it still decode.
            #expect(try await api.call(.get, "/schemas/ids/10").json?["schema"]?.stringValue == recordV1)
        }
    }

    @Test func importRefusesAnIdBoundToOtherContent() async throws {
        try await withRegistry { api in
            _ = try await api.call(.put, "/mode?force=true", ["mode": "IMPORT"])
            _ = try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordV1), "id": 10, "version": 1])
            let clash = try await api.call(.post, "/subjects/imp/versions", ["schema": .string(recordV2), "id": 10, "version": 2])
            #expect(clash.status == 422 && clash.errorCode == 42205)
            #expect(clash.json?["message"] == "Overwrite new schema with id 10 in context . is not permitted.")
        }
    }

    @Test func reRegisteringASoftDeletedSchemaTombstonesTheOldVersion() async throws {
        try await withRegistry { api in
            _ = try await api.register("s", recordV1)
            _ = try await api.call(.delete, "/subjects/s/versions/1")
            let back = try await api.register("s", recordV1)
            #expect(back.json?["id"] == 1 && back.json?["version"] == 2)
            #expect(try await api.call(.get, "/subjects/s/versions?deleted=true").json == [2])
        }
    }

    @Test func anIncompatibleSchemaIs40901InTheEightLineAnd409InTheSeven() async throws {
        try await withRegistry { api in
            _ = try await api.register("s", recordV1)
            let bad = try await api.register("s", recordBreaking)
            #expect(bad.status == 409 && bad.errorCode == 40901)
            #expect(try await api.call(.get, "/v1/metadata/version").json?["version"]?.stringValue?.hasPrefix("8.") == true)
        }
        try await withRegistry(dialect: .v7) { api in
            _ = try await api.register("s", recordV1)
            let bad = try await api.register("s", recordBreaking)
            #expect(bad.status == 409 && bad.errorCode == 409)
            #expect(bad.json?["message"]?.stringValue?.hasPrefix("Schema being registered is incompatible") == true)
            #expect(try await api.call(.get, "/v1/metadata/version").json?["version"]?.stringValue?.hasPrefix("7.") == true)
        }
    }

    @Test func aMalformedJSONBodyIs400() async throws {
        try await withRegistry { api in
            let r = try await api.call(.put, "/config", raw: "{\"compatibility\":")
            #expect(r.status == 400 && r.errorCode == 400)
        }
    }
}
