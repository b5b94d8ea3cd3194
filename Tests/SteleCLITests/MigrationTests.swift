import Foundation
import SteleClient
import SteleJSON
import SteleRegistry
import SteleSchema
import SteleTestServer
import Testing

/// `stele export` and `stele import` between two real `stele serve` instances on loopback:
/// every id, version, reference, deleted state, config and mode survives the move.
@Suite("export and import")
struct MigrationTests {
    static let location = #"{"type":"record","name":"Location","namespace":"demo","fields":[{"name":"lat","type":"double"}]}"#
    static let trip = #"{"type":"record","name":"Trip","namespace":"demo","fields":[{"name":"from","type":"demo.Location"}]}"#
    static let ride = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#
    static let ride2 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double","default":0.0}]}"#

    /// A source registry with what a real one holds: ids that are not 1..n (it was itself
    /// imported once), a reference, a soft-deleted version, a subject config and mode.
    static func populate(_ url: String) async throws {
        _ = await stele("mode", "--registry", url, "--set", "IMPORT", "--force")
        try await imported(url, "location-value", RegistrySchema(location), id: 100, version: 1)
        try await imported(url, "trips-value", RegistrySchema(trip, references: [SchemaReference(name: "demo.Location", subject: "location-value", version: 1)]),
                           id: 7, version: 3)
        _ = await stele("mode", "--registry", url, "--set", "READWRITE")
        #expect(await stele("register", "--registry", url, "rides-value", try temporaryFile(ride, name: "ride.avsc")).code == 0)
        #expect(await stele("register", "--registry", url, "rides-value", try temporaryFile(ride2, name: "ride.avsc")).code == 0)
        #expect(await stele("delete", "--registry", url, "rides-value", "--version", "1").code == 0)
        #expect(await stele("config", "--registry", url, "rides-value", "--set", "FULL").code == 0)
        #expect(await stele("mode", "--registry", url, "location-value", "--set", "READONLY").code == 0)
    }

    /// A registration with an explicit id and version (the registry must be in IMPORT mode).
    static func imported(_ url: String, _ subject: String, _ schema: RegistrySchema, id: Int, version: Int) async throws {
        try await withRegistryClient(try RegistryClientConfiguration(url: url)) { client in
            _ = try await client.importSchema(subject: subject, schema: schema, id: id, version: version)
        }
    }

    static func export(_ url: String) async -> String {
        let r = await stele("export", "--registry", url)
        #expect(r.code == 0, "\(r.err)")
        return r.out
    }

    @Test("export then import into an empty registry: a second export is identical, ids and versions kept")
    func roundTrip() async throws {
        try await LiveRegistry.with { source, _ in
            try await Self.populate(source)
            let exported = await Self.export(source)
            #expect(exported.hasPrefix(#"{"kind":"header","format":"stele-export","version":1,"versions":4}"#), "\(exported)")
            try await LiveRegistry.with { target, registry in
                let r = await stele("import", "--registry", target, try temporaryFile(exported, name: "registry.jsonl"))
                #expect(r.code == 0, "\(r.err)")
                #expect(r.out.contains("imported 4 versions"), "\(r.out)")
                #expect(await Self.export(target) == exported)
                #expect(try registry.schema(id: 100).schema == Self.location)
                #expect(try registry.version(subject: "trips-value", .number(3)).record.id == 7)
            }
        }
    }

    @Test("import --from reads the source registry directly")
    func fromURL() async throws {
        try await LiveRegistry.with { source, _ in
            try await Self.populate(source)
            try await LiveRegistry.with { target, _ in
                let r = await stele("import", "--from", source, "--registry", target)
                #expect(r.code == 0, "\(r.err)")
                #expect(await Self.export(target) == (await Self.export(source)))
            }
        }
    }

    @Test("contexts move too: the same subject and ids in two contexts, a context-local reference, a context config")
    func contextsRoundTrip() async throws {
        try await LiveRegistry.with { source, sourceRegistry in
            try await Self.populate(source)
            _ = try await sourceRegistry.register(subject: ":.staging:location-value", .init(schema: Self.location))
            let localRef = SchemaReference(name: "demo.Location", subject: "location-value", version: 1)
            _ = try await sourceRegistry.register(subject: ":.staging:trips-value", .init(schema: Self.trip, references: [localRef]))
            _ = try await sourceRegistry.register(subject: ":.staging:rides-value", .init(schema: Self.ride))
            var update = JSONObject()
            update["compatibility"] = "NONE"
            _ = try await sourceRegistry.setConfig(subject: ":.staging:", update: update)
            let exported = await Self.export(source)
            try await LiveRegistry.with { (target: String, registry: Registry) async throws in
                let r = await stele("import", "--from", source, "--registry", target)
                #expect(r.code == 0, "\(r.err)")
                #expect(await Self.export(target) == exported)
                #expect(registry.contexts() == [".", ".staging"])
                #expect(try registry.version(subject: ":.staging:trips-value", .number(1)).record.id == 2)
                #expect(try registry.schema(id: 3, subject: ":.staging:").schema == Self.ride)
                #expect(try registry.schema(id: 100).schema == Self.location, "the default context's ids are kept beside them")
                #expect(try registry.config(subject: ":.staging:").level == CompatibilityLevel.none)
                #expect(try registry.mode(subject: ":.staging:", defaultToGlobal: true) == .readWrite, "the context left IMPORT once done")
            }
        }
    }

    @Test("an id the target holds with another schema: exit 1, the conflict named, nothing written")
    func conflictWritesNothing() async throws {
        try await LiveRegistry.with { source, _ in
            try await Self.populate(source)
            try await LiveRegistry.with { target, registry in
                // The target's own id 7 is another schema.
                _ = await stele("mode", "--registry", target, "--set", "IMPORT", "--force")
                try await Self.imported(target, "mine-value", RegistrySchema(Self.ride), id: 7, version: 1)
                _ = await stele("mode", "--registry", target, "--set", "READWRITE")
                let r = await stele("import", "--from", source, "--registry", target)
                #expect(r.code == 1)
                #expect(r.err.contains("conflict: id 7 is taken in the target by another schema"), "\(r.err)")
                #expect(r.err.contains("nothing was written"), "\(r.err)")
                #expect(registry.subjects(prefix: "", deleted: true) == ["mine-value"])
            }
        }
    }

    @Test("an interrupted or repeated import skips what is already there; --dry-run writes nothing")
    func repeatAndDryRun() async throws {
        try await LiveRegistry.with { source, _ in
            try await Self.populate(source)
            try await LiveRegistry.with { target, registry in
                let dry = await stele("import", "--from", source, "--registry", target, "--dry-run", "--format", "json")
                #expect(dry.code == 0 && dry.out.contains(#""dryRun":true"#) && dry.out.contains(#""imported":4"#), "\(dry.out)\(dry.err)")
                #expect(registry.subjects(prefix: "", deleted: true).isEmpty)
                #expect(await stele("import", "--from", source, "--registry", target).code == 0)
                let again = await stele("import", "--from", source, "--registry", target)
                #expect(again.code == 0 && again.out.contains("imported 0 versions") && again.out.contains("(4 already present)"), "\(again.out)")
            }
        }
    }

    @Test("a file that is not an export: exit 1 with FILE:LINE")
    func badFile() async throws {
        let file = try temporaryFile("{\"kind\":\"header\",\"format\":\"stele-export\",\"version\":1}\n{\"kind\":\"version\",\"subject\":\"s\"}\n", name: "bad.jsonl")
        let r = await stele("import", "--registry", "http://127.0.0.1:1", file)
        #expect(r.code == 1)
        #expect(r.err.contains("bad.jsonl:2: \"version\" must be a number from 1"), "\(r.err)")
        let notExport = await stele("import", "--registry", "http://127.0.0.1:1", try temporaryFile("[1,2]\n", name: "x.jsonl"))
        #expect(notExport.code == 1 && notExport.err.contains("x.jsonl:1: a line needs a \"kind\""), "\(notExport.err)")
    }
}
