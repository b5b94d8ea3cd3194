/// Explicit limits on schema input, passed in as a value (never global state).
///
/// The defaults are far above real schemas and far below what could exhaust the machine:
/// Confluent stores each schema as one Kafka record (1 MiB by default), so 4 MiB of schema text
/// is already more than any Confluent registry accepts.
public struct SchemaLimits: Sendable, Hashable {
    /// Maximum schema text size in UTF-8 bytes.
    public var maxSchemaBytes: Int
    /// Maximum JSON nesting of the schema document. Each Avro record level costs three JSON
    /// levels (record object, `fields` array, field object), so 512 allows ~170 nested records.
    public var maxJSONDepth: Int
    /// Maximum branches in one union. The Avro spec sets no limit; real unions have a handful
    /// of branches, and each branch costs work in every later comparison.
    public var maxUnionBranches: Int
    /// Maximum named types (records, enums, fixed) in one schema including its references.
    public var maxNamedTypes: Int

    public init(maxSchemaBytes: Int = 4 << 20, maxJSONDepth: Int = 512, maxUnionBranches: Int = 1024, maxNamedTypes: Int = 100_000) {
        self.maxSchemaBytes = maxSchemaBytes
        self.maxJSONDepth = maxJSONDepth
        self.maxUnionBranches = maxUnionBranches
        self.maxNamedTypes = maxNamedTypes
    }

    public static let `default` = SchemaLimits()
}
