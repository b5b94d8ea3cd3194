import SteleJSON
import SteleRegistry
import SteleSchema
import Testing

/// Config-level metadata and rule sets merged into registrations, and compatibility groups
/// (reference §1.4 step 7 and 10, §6.3), as Confluent's `maybeSetMetadataRuleSet` and
/// `isCompatibleWithPrevious` do them.
@Suite struct DataContractTests {
    let v1 = #"{"type":"record","name":"User","fields":[{"name":"name","type":"string"}]}"#
    /// Not BACKWARD compatible with v1: a new field without a default.
    let v2 = #"{"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"age","type":"int"}]}"#

    func parse(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    func config(_ json: String) throws -> JSONObject { try parse(json).objectValue! }

    func properties(_ r: Registry.Registered) -> [String: String] {
        var out: [String: String] = [:]
        for m in r.record.metadata?["properties"]?.objectValue ?? JSONObject() { out[m.key] = m.value.stringValue }
        return out
    }

    func ruleNames(_ r: Registry.Registered, _ kind: String = "domainRules") -> [String] {
        (r.record.ruleSet?[kind]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    @Test func defaultMetadataFillsWhatTheRequestLeavesOut() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setConfig(subject: "users", update: try config(#"{"defaultMetadata":{"properties":{"owner":"team-a","tier":"gold"}}}"#))
        let registered = try await r.register(subject: "users", .init(schema: v1, metadata: try parse(#"{"properties":{"tier":"silver"}}"#)))
        #expect(properties(registered) == ["owner": "team-a", "tier": "silver"], "the request wins over the default")
    }

    @Test func overrideMetadataWinsOverTheRequest() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setConfig(subject: "users", update: try config(#"{"overrideMetadata":{"properties":{"tier":"platinum"}}}"#))
        let registered = try await r.register(subject: "users", .init(schema: v1, metadata: try parse(#"{"properties":{"tier":"silver","owner":"me"}}"#)))
        #expect(properties(registered) == ["owner": "me", "tier": "platinum"])
    }

    @Test func ruleSetsMergeByRuleName() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setConfig(subject: "users", update: try config(#"""
            {"defaultRuleSet":{"domainRules":[{"name":"checkName","kind":"CONDITION","mode":"WRITE","type":"CEL","expr":"size(message.name) > 0"},
                                              {"name":"encrypt","kind":"TRANSFORM","mode":"WRITEREAD","type":"ENCRYPT","params":{"encrypt.kek.name":"default"}}]},
             "overrideRuleSet":{"domainRules":[{"name":"audit","kind":"CONDITION","mode":"WRITE","type":"CEL","expr":"true"}]}}
            """#))
        let request = try parse(#"{"domainRules":[{"name":"encrypt","kind":"TRANSFORM","mode":"WRITEREAD","type":"ENCRYPT","params":{"encrypt.kek.name":"mine"}}]}"#)
        let registered = try await r.register(subject: "users", .init(schema: v1, ruleSet: request))
        #expect(ruleNames(registered) == ["checkName", "encrypt", "audit"])
        let encrypt = registered.record.ruleSet?["domainRules"]?.arrayValue?.first { $0["name"]?.stringValue == "encrypt" }
        #expect(encrypt?["params"]?["encrypt.kek.name"]?.stringValue == "mine", "the request's rule replaces the default of the same name")
    }

    @Test func aVersionWithoutMetadataInheritsThePreviousOnes() async throws {
        let r = try await Registry(store: MemoryStore())
        let first = try await r.register(subject: "users", .init(schema: v1, metadata: try parse(#"{"properties":{"owner":"team-a"}}"#),
                                                           ruleSet: try parse(#"{"domainRules":[{"name":"r","kind":"CONDITION","mode":"WRITE","type":"CEL","expr":"true"}]}"#)))
        let again = try await r.register(subject: "users", .init(schema: v1))
        #expect(again.version.version == 1 && again.record.id == first.record.id, "the same schema with the inherited contract is the same version")
        _ = try await r.setConfig(subject: "users", update: try config(#"{"compatibility":"NONE"}"#))
        let next = try await r.register(subject: "users", .init(schema: v2))
        #expect(next.version.version == 2)
        #expect(properties(next) == ["owner": "team-a"] && ruleNames(next) == ["r"])
    }

    @Test func anExplicitVersionSetsTheConfluentVersionProperty() async throws {
        let r = try await Registry(store: MemoryStore())
        let first = try await r.register(subject: "users", .init(schema: v1, version: -1))
        #expect(properties(first) == ["confluent:version": "1"])
        _ = try await r.setConfig(subject: "users", update: try config(#"{"compatibility":"NONE"}"#))
        let second = try await r.register(subject: "users", .init(schema: v2))
        #expect(properties(second) == ["confluent:version": "2"], "a carried confluent:version is kept current")
    }

    @Test func importModeWritesTheRequestAsItIs() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setConfig(subject: "users", update: try config(#"{"defaultMetadata":{"properties":{"owner":"team-a"}}}"#))
        _ = try await r.setMode(subject: nil, .importing)
        let imported = try await r.register(subject: "users", .init(schema: v1, id: 7, version: 1))
        #expect(imported.record.metadata == nil)
    }

    @Test func aBreakingChangeRegistersInANewCompatibilityGroup() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setConfig(subject: "users", update: try config(#"{"compatibilityGroup":"application.major.version"}"#))
        _ = try await r.register(subject: "users", .init(schema: v1, metadata: try parse(#"{"properties":{"application.major.version":"1"}}"#)))
        await #expect(throws: RegistryError.self, "the same major version is checked as usual") {
            try await r.register(subject: "users", .init(schema: v2, metadata: try parse(#"{"properties":{"application.major.version":"1"}}"#)))
        }
        let major2 = try await r.register(subject: "users", .init(schema: v2, metadata: try parse(#"{"properties":{"application.major.version":"2"}}"#)))
        #expect(major2.version.version == 2)
    }

    @Test func aCompatibilityGroupIsInheritedFromTheGlobalConfig() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setConfig(subject: nil, update: try config(#"{"compatibilityGroup":"major"}"#))
        _ = try await r.setConfig(subject: "users", update: try config(#"{"compatibility":"BACKWARD"}"#))
        _ = try await r.register(subject: "users", .init(schema: v1, metadata: try parse(#"{"properties":{"major":"1"}}"#)))
        let next = try await r.register(subject: "users", .init(schema: v2, metadata: try parse(#"{"properties":{"major":"2"}}"#)))
        #expect(next.version.version == 2)
    }

    @Test func theCompatibilityCheckSeesOnlyTheRequestsGroup() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.setConfig(subject: "users", update: try config(#"{"compatibilityGroup":"major"}"#))
        _ = try await r.register(subject: "users", .init(schema: v1, metadata: try parse(#"{"properties":{"major":"1"}}"#)))
        let sameGroup = try r.checkCompatibility(subject: "users", version: nil, .init(schema: v2, metadata: try parse(#"{"properties":{"major":"1"}}"#)))
        let otherGroup = try r.checkCompatibility(subject: "users", version: nil, .init(schema: v2, metadata: try parse(#"{"properties":{"major":"2"}}"#)))
        #expect(sameGroup != nil && otherGroup == nil)
    }
}

extension DataContractTests {
    func ruleSetError(_ json: String) async throws -> String? {
        let r = try await Registry(store: MemoryStore())
        let ruleSet = try parse(json)
        do throws(RegistryError) { _ = try await r.register(subject: "s", .init(schema: v1, ruleSet: ruleSet)) } catch {
            return error.code == 42210 ? error.message : "code \(error.code)"
        }
        return nil
    }

    @Test func invalidRuleSetsAre42210WithConfluentsMessages() async throws {
        await #expect(try ruleSetError(#"{"domainRules":[{"kind":"CONDITION","mode":"WRITE","type":"CEL"}]}"#) == "Missing rule name")
        await #expect(try ruleSetError(#"{"domainRules":[{"name":"1x","kind":"CONDITION","mode":"WRITE","type":"CEL"}]}"#) == "Illegal initial character in rule name: 1x")
        await #expect(try ruleSetError(#"{"migrationRules":[{"name":"m","kind":"TRANSFORM","mode":"WRITE","type":"JSONATA"}]}"#) == "Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN")
        await #expect(try ruleSetError(#"{"domainRules":[{"name":"a","mode":"WRITE","type":"CEL"},{"name":"a","mode":"READ","type":"CEL"}]}"#) == "Found rule with duplicate name 'a'")
        await #expect(try ruleSetError(#"{"domainRules":[{"name":"a","mode":"WRITE","type":"CEL","onFailure":"DLQ,ERROR"}]}"#) == "Multiple actions only valid with WRITEREAD and UPDOWN")
        await #expect(try ruleSetError(#"{"domainRules":[{"name":"a","mode":"WRITEREAD","type":"CEL","onFailure":"DLQ,ERROR"}]}"#) == nil)
    }

    @Test func configRuleSetsAreValidatedToo() async throws {
        let r = try await Registry(store: MemoryStore())
        await #expect(throws: RegistryError(42210, "Missing rule type")) {
            try await r.setConfig(subject: "s", update: try config(#"{"defaultRuleSet":{"domainRules":[{"name":"a","mode":"WRITE"}]}}"#))
        }
    }
}
