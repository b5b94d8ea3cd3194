import SteleJSON
import SteleSchema

/// What a registration worked out against its caller's snapshot (outside any critical
/// section): the parse and the compatibility verdict. The writer runs the same algorithm again
/// against the current state and reuses each part only when its inputs are equal, so a
/// registration that raced with another change is still decided on the state it commits to.
struct RegisterMemo: Sendable {
    /// Everything a parse depends on.
    struct PrepareInput: Sendable, Hashable {
        var schemaType: SchemaType
        var schema: String
        var references: [SchemaReference]
        /// The referenced texts, transitively (a referenced version replaced in IMPORT mode
        /// changes them).
        var resolved: [ResolvedReference]
        var metadata: JSONValue?
        var ruleSet: JSONValue?
        var context: String
        var normalize: Bool
        var strict: Bool
    }

    struct Prepared: Sendable {
        let input: PrepareInput
        let record: SchemaRecord
        let parsed: ParsedAny
    }

    /// Everything a compatibility verdict depends on: the candidate, the level and policy, and
    /// which stored schemas it was compared with, in order.
    struct CheckInput: Sendable, Hashable {
        var candidate: PrepareInput
        var level: CompatibilityLevel
        var lenient: Bool
        var against: [ContextId]
    }

    struct Checked: Sendable {
        let input: CheckInput
        let refusal: CompatibilityRefusal?
    }

    var prepared: Prepared?
    var checked: Checked?
}
