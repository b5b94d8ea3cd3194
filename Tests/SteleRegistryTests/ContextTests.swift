import SteleJSON
import SteleRegistry
import SteleSchema
import Testing

/// Contexts as Confluent has them (reference §6.2): each has its own subjects, ids, config and
/// mode; the default context is what a client that knows nothing of contexts sees.
@Suite struct ContextTests {
    let a = #"{"type":"record","name":"A","fields":[{"name":"a","type":"int"}]}"#
    let b = #"{"type":"record","name":"B","fields":[{"name":"b","type":"int"}]}"#
    let breaking = #"{"type":"record","name":"B","fields":[{"name":"b","type":"string"}]}"#

    func level(_ text: String) -> JSONObject {
        var o = JSONObject()
        o["compatibility"] = .string(text)
        return o
    }

    @Test func theSameSubjectNameInTwoContextsHasItsOwnIds() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "x", .init(schema: a))
        let inDefault = try await r.register(subject: "orders", .init(schema: b))
        let inStaging = try await r.register(subject: ":.staging:orders", .init(schema: b))
        #expect(inDefault.record.id == 2)
        #expect(inStaging.record.id == 1, "a context's ids start at 1")
        #expect(inStaging.version.subject == ":.staging:orders" && inStaging.version.version == 1)
        #expect(inStaging.record.guid == inDefault.record.guid, "the GUID is the same in every context")
        #expect(try r.ids(guid: inDefault.record.guid) == [ContextId(context: ".", id: 2), ContextId(context: ".staging", id: 1)])
        #expect(try r.version(subject: ":.staging:orders", .latest).record.id == 1)
        #expect(try r.version(subject: "orders", .latest).record.id == 2)
    }

    @Test func theDefaultContextIsUnchanged() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "x", .init(schema: a))
        _ = try await r.register(subject: ":.staging:y", .init(schema: b))
        #expect(try r.schema(id: 1).schema.contains("\"A\""), "an id without a subject is the default context's")
        #expect(throws: RegistryError.self) { try r.schema(id: 2) }
        #expect(r.subjects() == [":.staging:y", "x"])
        #expect(r.subjects(prefix: "x") == ["x"])
        #expect(r.subjects(prefix: ":.staging:") == [":.staging:y"])
        #expect(r.subjects(prefix: ":*:y") == [":.staging:y"])
        #expect(try r.version(subject: ":.:x", .latest).version.subject == "x", ":.: names the default context")
        #expect(r.contexts() == [".", ".staging"])
    }

    @Test func anUnqualifiedSubjectHintFindsAnIdInAnotherContext() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "x", .init(schema: a))
        _ = try await r.register(subject: ":.staging:orders", .init(schema: b))
        // Id 1 is A in the default context and B in .staging; "orders" exists only in .staging.
        #expect(try r.schema(id: 1, subject: "orders").schema.contains("\"B\""))
        #expect(try r.schema(id: 1, subject: "x").schema.contains("\"A\""))
        #expect(try r.schema(id: 1, subject: ":.staging:").schema.contains("\"B\""))
        #expect(try r.schema(id: 1, subject: "nobody").schema.contains("\"A\""), "a wrong hint still finds the default context's id")
        #expect(try r.subjectVersions(id: 1, subject: ":.staging:").map(\.subject) == [":.staging:orders"])
        #expect(try r.lookup(subject: "orders", .init(schema: b)).version.subject == ":.staging:orders",
                "a lookup under an unqualified subject tries every context")
    }

    @Test func configFallsBackThroughItsContextThenTheGlobalPseudoContext() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "orders", .init(schema: b))
        _ = try await r.register(subject: ":.staging:orders", .init(schema: b))
        _ = try await r.setConfig(subject: nil, update: level("NONE"))
        // The top level belongs to the default context: a named context does not fall back to it.
        await #expect(throws: RegistryError.self) { try await r.register(subject: ":.staging:orders", .init(schema: breaking)) }
        _ = try await r.setConfig(subject: ":.__GLOBAL:", update: level("NONE"))
        #expect(try r.config(subject: ":.staging:orders", defaultToGlobal: true).level == CompatibilityLevel.none)
        _ = try await r.setConfig(subject: ":.staging:", update: level("FULL"))
        #expect(try r.config(subject: ":.staging:").level == .full)
        await #expect(throws: RegistryError.self) { try await r.register(subject: ":.staging:orders", .init(schema: breaking)) }
        _ = try await r.deleteConfig(subject: ":.staging:")
        #expect(try await r.register(subject: ":.staging:orders", .init(schema: breaking)).version.version == 2)
        #expect(try await r.register(subject: "orders", .init(schema: breaking)).version.version == 2)
    }

    @Test func modesAreScopedPerContext() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setMode(subject: ":.frozen:", .readOnly)
        do {
            _ = try await r.register(subject: ":.frozen:s", .init(schema: a))
            Issue.record("a read-only context accepted a schema")
        } catch {
            #expect(error.code == 42205 && error.message == "Subject s in context .frozen is in read-only mode")
        }
        #expect(try await r.register(subject: "s", .init(schema: a)).record.id == 1)
        #expect(try r.mode(subject: ":.frozen:s", defaultToGlobal: true) == .readOnly)
        #expect(try r.mode(subject: "s", defaultToGlobal: true) == .readWrite)
    }

    @Test func importingIntoAContextKeepsItsIds() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "x", .init(schema: a))
        _ = try await r.setMode(subject: ":.moved:", .importing)
        let imported = try await r.register(subject: ":.moved:orders", .init(schema: b, id: 1, version: 3))
        #expect(imported.record.id == 1 && imported.version.version == 3)
        #expect(try r.schema(id: 1).schema.contains("\"A\""), "the default context's id 1 is untouched")
        // While .moved imports, a registration without an id is refused there.
        await #expect(throws: RegistryError.self) { try await r.register(subject: ":.moved:other", .init(schema: a)) }
        _ = try await r.deleteMode(subject: ":.moved:")
        #expect(try await r.register(subject: ":.moved:other", .init(schema: a)).record.id == 2, "new ids continue after the imported ones")
    }

    @Test func referencesResolveInTheReferrersContext() async throws {
        let r = try await Registry(store: MemoryStore())
        let address = #"{"type":"record","name":"Address","namespace":"io.acme","fields":[{"name":"city","type":"string"}]}"#
        let user = #"{"type":"record","name":"User","fields":[{"name":"home","type":"io.acme.Address"}]}"#
        _ = try await r.register(subject: ":.staging:address", .init(schema: address))
        let ref = SchemaReference(name: "io.acme.Address", subject: "address", version: 1)
        await #expect(throws: RegistryError.self, "no `address` in the default context") { try await r.register(subject: "user", .init(schema: user, references: [ref])) }
        let registered = try await r.register(subject: ":.staging:user", .init(schema: user, references: [ref]))
        #expect(registered.record.references == [ref], "the reference is stored as given")
        #expect(try r.referencedBy(subject: ":.staging:address", .number(1)) == [registered.record.id])
        await #expect(throws: RegistryError.self, "a referenced version cannot be deleted") { try await r.deleteVersion(":.staging:address", .number(1)) }
    }

    @Test func aContextIsDeletedOnlyWhenEmpty() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: ":.old:s", .init(schema: a))
        await #expect(throws: RegistryError(42211, "The specified context ':.old:' is not empty.")) { try await r.deleteContext(".old") }
        _ = try await r.deleteSubject(":.old:s")
        await #expect(throws: RegistryError.self, "soft-deleted subjects count") { try await r.deleteContext(":.old:") }
        _ = try await r.deleteSubject(":.old:s", permanent: true)
        try await r.deleteContext("old")
        #expect(r.contexts() == ["."])
        try await r.deleteContext(".never-used")
        #expect(try await r.register(subject: ":.old:s", .init(schema: b)).record.id == 2, "ids are not handed out twice")
        #expect(r.contexts() == [".", ".old"])
        await #expect(throws: RegistryError.invalidContext) { try await r.deleteContext("a:b") }
    }

    @Test func subjectsInTheGlobalPseudoContextOrTheWildcardAreInvalid() async throws {
        let r = try await Registry(store: MemoryStore())
        await #expect(throws: RegistryError.self) { try await r.register(subject: ":.__GLOBAL:s", .init(schema: a)) }
        await #expect(throws: RegistryError.self) { try await r.register(subject: ":*:s", .init(schema: a)) }
        await #expect(throws: RegistryError.self) { try await r.register(subject: ":.ctx:__GLOBAL", .init(schema: a)) }
    }

    @Test func qualifiedNamesParseAsConfluentDoes() async throws {
        #expect(QualifiedSubject(":.ctx:orders") == QualifiedSubject(context: ".ctx", name: "orders"))
        #expect(QualifiedSubject(":.ctx") == QualifiedSubject(context: ".ctx", name: ""))
        #expect(QualifiedSubject(":.ctx:a:b").name == "a:b")
        #expect(QualifiedSubject(":.:orders").qualified == "orders")
        #expect(QualifiedSubject("orders").isDefaultContext)
        #expect(QualifiedSubject(":*:orders").context == "*")
        #expect(QualifiedSubject.normalizeContext("staging") == ".staging")
        #expect(QualifiedSubject.normalizeContext(":.staging:") == ".staging")
        #expect(QualifiedSubject.normalizeContext(":.:") == ".")
        #expect(QualifiedSubject.normalizeContext("a:b") == nil)
        #expect(QualifiedSubject.resolve("b", relativeTo: ".ctx") == ":.ctx:b")
        #expect(QualifiedSubject.resolve(":.other:b", relativeTo: ".ctx") == ":.other:b")
    }
}
