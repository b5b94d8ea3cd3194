/// How strictly to parse. New schemas are parsed strictly; stored ones leniently, so that a
/// schema an older, looser registry accepted can still be read (Confluent does the same, §3.3).
public struct SchemaParseOptions: Sendable, Hashable {
    public enum Strictness: Sendable, Hashable {
        /// Questionable constructs Confluent accepts (e.g. a `null` default on a non-null field)
        /// are errors.
        case strict
        /// They are warnings on the parsed schema instead.
        case lenient
    }

    public var strictness: Strictness
    public var limits: SchemaLimits

    public init(strictness: Strictness = .strict, limits: SchemaLimits = .default) {
        self.strictness = strictness
        self.limits = limits
    }

    public static let strict = SchemaParseOptions()
    public static let lenient = SchemaParseOptions(strictness: .lenient)
}

/// A schema that a format has parsed and validated. Immutable and `Sendable`: parse once,
/// share everywhere.
public protocol ParsedSchema: Sendable {
    var schemaType: SchemaType { get }
    /// The text Confluent stores, returns and hashes for this schema (for Avro, Java's
    /// `Schema.toString()`).
    var canonicalText: String { get }
    /// Confluent's normalized text (`normalize=true`): differences of no meaning removed.
    var normalizedText: String { get }
    /// The text the format's fingerprints are computed over (Avro: Parsing Canonical Form).
    var fingerprintText: String { get }
    /// The references the schema was parsed with.
    var references: [SchemaReference] { get }
    /// Non-fatal findings (warnings) from parsing.
    var warnings: [Finding] { get }
}

extension ParsedSchema {
    public func fingerprint(_ algorithm: FingerprintAlgorithm) -> Fingerprint {
        algorithm.fingerprint(of: fingerprintText)
    }
}

/// One schema format (Avro, JSON Schema): parses text into a `ParsedSchema`.
/// Compatibility checking joins this contract with the compatibility engines.
public protocol SchemaFormat: Sendable {
    associatedtype Schema: ParsedSchema
    var schemaType: SchemaType { get }
    func parse(_ text: String, references: [ResolvedReference], options: SchemaParseOptions) throws(SchemaError) -> Schema
}
