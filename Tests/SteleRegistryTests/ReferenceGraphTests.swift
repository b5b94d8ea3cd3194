import SteleRegistry
import SteleSchema
import Testing

/// Reference graphs are resolved once per subject-version: a chain where each schema refers
/// to the two before it (a Fibonacci-shaped graph, 2^40 paths) registers at once.
@Suite struct ReferenceGraphTests {
    @Test func sharedReferencesAreVisitedOnce() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "s0", .init(schemaType: .json, schema: #"{"type":"string"}"#))
        _ = try await r.register(subject: "s1", .init(schemaType: .json, schema: #"{"maxLength":9}"#))
        for k in 2..<40 {
            let text = #"{"allOf":[{"$ref":"s\#(k - 1).json"},{"$ref":"s\#(k - 2).json"}]}"#
            let refs = [SchemaReference(name: "s\(k - 1).json", subject: "s\(k - 1)", version: 1),
                        SchemaReference(name: "s\(k - 2).json", subject: "s\(k - 2)", version: 1)]
            _ = try await r.register(subject: "s\(k)", .init(schemaType: .json, schema: text, references: refs))
        }
        #expect(try r.version(subject: "s39", .latest).record.references.count == 2)
    }
}
