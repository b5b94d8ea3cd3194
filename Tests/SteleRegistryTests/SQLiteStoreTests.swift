import Foundation
import SteleJSON
import SteleRegistry
import SteleSchema
import Testing
@testable import SteleStoreSQLite

/// The embedded store: state survives a reopen exactly (ids, versions, deletes, config, modes,
/// the id counter), and concurrent registrations of one schema give one version.
@Suite struct SQLiteStoreTests {
    let v1 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#
    let v2 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int","default":0}]}"#

    func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stele-\(UUID().uuidString).db").path
    }

    /// A file written before the content-key column existed opens through the migration; its
    /// schemas are hashed at load, so re-registering one finds its id again.
    @Test func firstVersionFilesMigrate() async throws {
        let path = temporaryDatabase()
        do {
            let c = try SQLiteConnection(path: path)
            try c.execute("PRAGMA journal_mode=WAL; BEGIN; \(SQLiteStore.migrations[0]) PRAGMA user_version = 1; COMMIT;")
            try c.run("INSERT INTO schemas (id, type, schema, refs) VALUES (7, 'AVRO', ?, '[]')", [.text(v1)])
            try c.run("INSERT INTO versions (subject, version, id, deleted, ts) VALUES ('old', 1, 7, 0, 0)")
            try c.run("INSERT INTO counters (name, value) VALUES ('maxId', 7)")
        }
        let store = try SQLiteStore(path: path)
        let r = try await Registry(store: store)
        let again = try await r.register(subject: "old", .init(schema: v1))
        #expect(again.record.id == 7 && again.version.version == 1)
        let other = try await r.register(subject: "new", .init(schema: v1))
        #expect(other.record.id == 7 && other.version.version == 1)
        var keys: [String?] = []
        try SQLiteConnection(path: path).run("SELECT content_key FROM schemas") { keys.append($0.text(0)) }
        #expect(keys == [nil], "rows are not rewritten by the migration; the key is computed at load")
        #expect(try await Registry(store: SQLiteStore(path: path)).register(subject: "x", .init(schema: v1)).record.id == 7)
    }

    /// Contexts survive a reopen: per-context ids and counters, the listed contexts, and
    /// context-level config.
    @Test func contextsSurviveReopen() async throws {
        let path = temporaryDatabase()
        do {
            let r = try await Registry(store: try SQLiteStore(path: path))
            _ = try await r.register(subject: "a", .init(schema: v1))
            _ = try await r.register(subject: ":.staging:a", .init(schema: v2))
            _ = try await r.register(subject: ":.staging:b", .init(schema: #""string""#))
            _ = try await r.deleteSubject(":.staging:b")
            _ = try await r.deleteSubject(":.staging:b", permanent: true)
            var update = JSONObject()
            update["compatibility"] = "NONE"
            _ = try await r.setConfig(subject: ":.staging:", update: update)
        }
        let r = try await Registry(store: try SQLiteStore(path: path))
        #expect(r.contexts() == [".", ".staging"])
        #expect(try r.version(subject: ":.staging:a", .latest).record.id == 1)
        #expect(try r.schema(id: 1).schema == v1)
        #expect(try r.schema(id: 1, subject: ":.staging:").schema == v2)
        #expect(try r.config(subject: ":.staging:").level == CompatibilityLevel.none)
        #expect(try await r.register(subject: ":.staging:c", .init(schema: #""int""#)).record.id == 3, "id 2 was handed out before")
        #expect(try await r.register(subject: "c", .init(schema: #""int""#)).record.id == 2)
    }

    @Test func stateSurvivesReopen() async throws {
        let path = temporaryDatabase()
        do {
            let r = try await Registry(store: try SQLiteStore(path: path))
            _ = try await r.register(subject: "a", .init(schema: v1))
            _ = try await r.register(subject: "a", .init(schema: v2))
            _ = try await r.register(subject: "b", .init(schemaType: .json, schema: #"{"type":"object"}"#, metadata: ["properties": ["owner": "x"]]))
            _ = try await r.deleteVersion("a", .number(1))
            var update = JSONObject()
            update["compatibility"] = "FULL"
            _ = try await r.setConfig(subject: "a", update: update)
            _ = try await r.setMode(subject: "b", .readOnly)
            _ = try await r.register(subject: "c", .init(schema: #""string""#))
            _ = try await r.deleteSubject("c")
            _ = try await r.deleteSubject("c", permanent: true)
        }
        let r = try await Registry(store: try SQLiteStore(path: path))
        #expect(try r.versions(subject: "a") == [2])
        #expect(try r.versions(subject: "a", deleted: true) == [1, 2])
        #expect(try r.version(subject: "a", .latest).record.id == 2)
        #expect(try r.version(subject: "b", .latest).record.metadata == ["properties": ["owner": "x"]])
        #expect(try r.config(subject: "a").level == .full)
        #expect(try r.mode(subject: "b") == .readOnly)
        #expect(r.subjects() == ["a", "b"])
        #expect(throws: RegistryError.self) { try r.schema(id: 4) }
        // The id counter survives: the permanently deleted id 4 is not handed out again.
        #expect(try await r.register(subject: "d", .init(schema: #""long""#)).record.id == 5)
    }

    @Test func concurrentRegistrationsOfOneSchemaGiveOneVersion() async throws {
        let r = try await Registry(store: try SQLiteStore(path: temporaryDatabase()))
        let schema = v1
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<32 {
                group.addTask { let x = try await r.register(subject: "s", .init(schema: schema)); return (x.record.id, x.version.version) }
            }
            return try await group.reduce(into: Set<[Int]>()) { $0.insert([$1.0, $1.1]) }
        }
        #expect(results == [[1, 1]])
    }
}

/// What the store cannot read back faithfully stops it with the row named, never a default.
@Suite struct SQLiteStoreIntegrityTests {
    func database() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("stele-\(UUID().uuidString).db").path }

    func openingFails(_ path: String) async -> String? {
        do { _ = try await Registry(store: try SQLiteStore(path: path)) } catch { return "\(error)" }
        return nil
    }

    @Test func aCorruptMetadataColumnNamesItsSchema() async throws {
        let path = database()
        do {
            let r = try await Registry(store: try SQLiteStore(path: path))
            _ = try await r.register(subject: "s", .init(schema: #"{"type":"record","name":"R","fields":[]}"#, metadata: ["properties": ["a": "b"]]))
        }
        try SQLiteConnection(path: path).run("UPDATE schemas SET metadata = '{not json'")
        let failure = await openingFails(path)
        #expect(failure?.contains("schema 1 of context .") == true && failure?.contains("metadata") == true, "\(failure ?? "opened")")
    }

    @Test func anUnknownModeIsAnError() async throws {
        let path = database()
        _ = try SQLiteStore(path: path)
        try SQLiteConnection(path: path).run("INSERT INTO modes (scope, mode) VALUES ('s', 'SIDEWAYS')")
        await #expect(openingFails(path)?.contains("the mode of 's'") == true)
    }

    @Test func aFileFromANewerSteleIsRefused() async throws {
        let path = database()
        _ = try SQLiteStore(path: path)
        try SQLiteConnection(path: path).execute("PRAGMA user_version = 999")
        let failure = await openingFails(path)
        #expect(failure?.contains("newer Stele") == true, "\(failure ?? "opened")")
    }
}
