/// The logical types of the Avro 1.12 specification. A schema's `logicalType` attribute is
/// kept as a property either way; this is the *valid* interpretation of it, or `nil` when the
/// attribute is absent, unknown or invalid (the spec: an invalid logical type is ignored and
/// the underlying type used).
public enum AvroLogicalType: Sendable, Hashable {
    case decimal(precision: Int, scale: Int)
    case bigDecimal
    case uuid
    case date
    case timeMillis
    case timeMicros
    case timestampMillis
    case timestampMicros
    case timestampNanos
    case localTimestampMillis
    case localTimestampMicros
    case localTimestampNanos
    case duration

    public var name: String {
        switch self {
        case .decimal: return "decimal"
        case .bigDecimal: return "big-decimal"
        case .uuid: return "uuid"
        case .date: return "date"
        case .timeMillis: return "time-millis"
        case .timeMicros: return "time-micros"
        case .timestampMillis: return "timestamp-millis"
        case .timestampMicros: return "timestamp-micros"
        case .timestampNanos: return "timestamp-nanos"
        case .localTimestampMillis: return "local-timestamp-millis"
        case .localTimestampMicros: return "local-timestamp-micros"
        case .localTimestampNanos: return "local-timestamp-nanos"
        case .duration: return "duration"
        }
    }

    /// The logical type names this implementation knows.
    static let knownNames: Set<String> = [
        "decimal", "big-decimal", "uuid", "date", "time-millis", "time-micros", "timestamp-millis",
        "timestamp-micros", "timestamp-nanos", "local-timestamp-millis", "local-timestamp-micros",
        "local-timestamp-nanos", "duration",
    ]

    /// Largest decimal precision a fixed of `size` bytes can hold: floor(log10(2^(8·size−1) − 1)).
    public static func maxDecimalPrecision(fixedSize size: Int) -> Int {
        guard size > 0 else { return 0 }
        // log10(2^(8n-1) - 1) ≈ (8n-1)·log10(2); the −1 matters only when 2^(8n−1) is a power
        // of ten, which it never is.
        let bits = Double(8 * size - 1)
        return Int((bits * 0.30102999566398119521).rounded(.down))
    }
}
