import SteleSchema

/// Why a registration or a compatibility check is refused: the findings of the failing pair
/// (each with its rule id), the version and text they fail against, and the level. The
/// registry decides; the server renders Confluent's wording from this (`ConfluentCompatibility`),
/// and other callers (the CLI, the UI's routes, tests) read the findings themselves.
public struct CompatibilityRefusal: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The differences that break the level (error-severity findings), in checker order.
        case findings([Finding])
        /// The new schema is of another type than the old one (Avro against JSON Schema).
        case schemaTypeChanged
    }

    public let reason: Reason
    public let failingVersion: Int
    /// The text of the version it fails against, as stored.
    public let oldSchema: String
    public let level: CompatibilityLevel

    public init(reason: Reason, failingVersion: Int, oldSchema: String, level: CompatibilityLevel) {
        self.reason = reason
        self.failingVersion = failingVersion
        self.oldSchema = oldSchema
        self.level = level
    }
}
