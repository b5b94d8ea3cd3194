import SteleClient
import SteleJSON
import SteleSchema
import SteleTestServer
import Testing

/// The client against a real `stele serve` application on a loopback port.
@Suite("Client against a live registry")
struct LiveRegistryTests {
    static let v1 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#
    static let v2 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double","default":0.0}]}"#
    static let breaking = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"string"}]}"#

    func withClient(_ body: @Sendable (RegistryClient) async throws -> Void) async throws {
        try await LiveRegistry.with { url, _ in
            let client = try RegistryClient(url: url)
            do { try await body(client) } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test("register, look up, and fetch by id and by GUID")
    func schemasRoundTrip() async throws {
        try await withClient { client in
            let registered = try await client.register(subject: "rides-value", schema: RegistrySchema(Self.v1))
            let id = try #require(registered.id)
            let guid = try #require(registered.guid)
            #expect(registered.version == 1)
            // The GUID is Confluent's identity hash of the stored text.
            #expect(guid == SchemaGUID.identity(schema: registered.schema.schema, references: [], metadata: nil, ruleSet: nil))

            let found = try await client.lookup(subject: "rides-value", schema: RegistrySchema(Self.v1))
            #expect(found.id == id && found.version == 1 && found.guid == guid)

            let byID = try await client.schema(id: id)
            #expect(byID.schema.schema == registered.schema.schema && byID.guid == guid && byID.schema.schemaType == .avro)
            let byGUID = try await client.schema(guid: guid)
            #expect(byGUID.schema.schema == registered.schema.schema)
            let ids = try await client.ids(guid: guid)
            #expect(ids.map(\.id) == [id] && ids.map(\.context) == ["."])
            #expect(try await client.schemaText(id: id) == registered.schema.schema)
            #expect(try await client.subjects(id: id) == ["rides-value"])
            #expect(try await client.subjectVersions(id: id).map(\.version) == [1])
        }
    }

    @Test("versions, latest, numbered versions and latest-with-metadata")
    func versions() async throws {
        try await withClient { client in
            _ = try await client.register(subject: "s", schema: RegistrySchema(Self.v1))
            let meta: JSONValue = ["properties": ["owner": "payments"]]
            _ = try await client.register(subject: "s", schema: RegistrySchema(Self.v2, metadata: meta))
            #expect(try await client.versions(subject: "s") == [1, 2])
            #expect(try await client.latestVersion(subject: "s").version == 2)
            #expect(try await client.version(subject: "s", .number(1)).schema.schema.contains("fare") == false)
            let tagged = try await client.latestVersion(subject: "s", metadata: ["owner": "payments"])
            #expect(tagged.version == 2 && tagged.schema.metadata == meta)
            #expect(try await client.subjects() == ["s"])
            #expect(try await client.subjects(prefix: "x").isEmpty)
        }
    }

    @Test("compatibility tests give Confluent's verbose messages; an incompatible registration is a typed 409")
    func compatibility() async throws {
        try await withClient { client in
            _ = try await client.register(subject: "s", schema: RegistrySchema(Self.v1))
            #expect(try await client.testCompatibility(subject: "s", schema: RegistrySchema(Self.v2)).isCompatible)
            let bad = try await client.testCompatibility(subject: "s", schema: RegistrySchema(Self.breaking), version: nil)
            #expect(!bad.isCompatible && bad.messages.contains { $0.contains("TYPE_MISMATCH") })
            do throws(RegistryClientError) {
                _ = try await client.register(subject: "s", schema: RegistrySchema(Self.breaking))
                Issue.record("expected a 409")
            } catch {
                #expect(error.isIncompatible && error.httpStatus == 409)
            }
        }
    }

    @Test("config and mode: set, read back, delete")
    func configAndMode() async throws {
        try await withClient { client in
            _ = try await client.setCompatibility(.full, subject: "s")
            #expect(try await client.config(subject: "s").compatibilityLevel == .full)
            #expect(try await client.config().compatibilityLevel == .backward)
            _ = try await client.deleteConfig(subject: "s")
            #expect(try await client.config(subject: "s", defaultToGlobal: true).compatibilityLevel == .backward)
            #expect(try await client.setMode(.readOnly, subject: "s") == .readOnly)
            #expect(try await client.mode(subject: "s") == .readOnly)
            _ = try await client.deleteMode(subject: "s")
            #expect(try await client.mode() == .readWrite)
        }
    }

    @Test("soft then permanent deletes; unknown subjects and ids are typed errors")
    func deletesAndErrors() async throws {
        try await withClient { client in
            _ = try await client.register(subject: "s", schema: RegistrySchema(Self.v1))
            #expect(try await client.deleteSubject("s") == [1])
            #expect(try await client.deleteSubject("s", permanent: true) == [1])
            do throws(RegistryClientError) { _ = try await client.latestVersion(subject: "s"); Issue.record("expected 40401") } catch { #expect(error.isSubjectNotFound) }
            do throws(RegistryClientError) { _ = try await client.schema(id: 12345); Issue.record("expected 40403") } catch { #expect(error.isSchemaNotFound) }
        }
    }

    @Test("preload fails fast, naming the subject that is missing")
    func preload() async throws {
        try await withClient { client in
            let r = try await client.register(subject: "present", schema: RegistrySchema(Self.v1))
            try await client.preload(subjects: ["present"])
            try await client.preload(ids: [r.id!])
            do throws(RegistryClientError) {
                try await client.preload(subjects: ["present", "absent"])
                Issue.record("expected an error")
            } catch {
                #expect(error.message.hasPrefix("subject absent:") && error.isSubjectNotFound)
            }
        }
    }

    @Test("a registry that is not listening: connection errors, retried, then a clear error")
    func registryDown() async throws {
        var configuration = try RegistryClientConfiguration(url: "http://127.0.0.1:1")
        configuration.retry = RetryPolicy(maxRetries: 1, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
        let client = try RegistryClient(configuration: configuration)
        do throws(RegistryClientError) {
            _ = try await client.schema(id: 1)
            Issue.record("expected a transport error")
        } catch {
            #expect(error.code == .transport || error.code == .timeout)
            #expect(error.url == "http://127.0.0.1:1")
        }
        #expect(client.statistics.requests == 2)
        try await client.shutdown()
    }
}
