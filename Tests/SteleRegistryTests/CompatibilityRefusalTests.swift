import SteleRegistry
import SteleSchema
import Testing

/// The registry refuses an incompatible schema with findings, not HTTP wording: the rule ids,
/// the version it fails against and the level (the server words Confluent's message).
@Suite struct CompatibilityRefusalTests {
    let v1 = #"{"type":"record","name":"User","fields":[{"name":"name","type":"string"}]}"#
    let v2 = #"{"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"age","type":"int"}]}"#

    @Test func aRefusedRegistrationCarriesItsFindings() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "users", .init(schema: v1))
        do {
            _ = try await r.register(subject: "users", .init(schema: v2))
            Issue.record("v2 is not BACKWARD compatible with v1")
        } catch {
            #expect(error.code == RegistryError.incompatibleCode)
            let (subject, refusal) = try #require(error.incompatibility)
            #expect(subject == "users")
            #expect(refusal.failingVersion == 1 && refusal.level == .backward && refusal.oldSchema.contains("User"))
            guard case .findings(let findings) = refusal.reason else { Issue.record("expected findings, got \(refusal.reason)"); return }
            #expect(findings.map(\.rule.rawValue) == ["AVRO_READER_FIELD_MISSING_DEFAULT_VALUE"])
            #expect(!error.message.contains("errorType"), "Confluent's wording is the server's: \(error.message)")
        }
    }

    @Test func aCheckAnswersNilWhenCompatibleAndTheRefusalOtherwise() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "users", .init(schema: v1))
        #expect(try r.checkCompatibility(subject: "users", version: nil, .init(schema: v1)) == nil)
        let refusal = try #require(try r.checkCompatibility(subject: "users", version: .latest, .init(schema: v2)))
        #expect(refusal.failingVersion == 1)
    }

    @Test func anotherSchemaTypeIsItsOwnReason() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "users", .init(schema: v1))
        let refusal = try #require(try r.checkCompatibility(subject: "users", version: nil, .init(schemaType: .json, schema: #"{"type":"object"}"#)))
        #expect(refusal.reason == .schemaTypeChanged)
    }
}
