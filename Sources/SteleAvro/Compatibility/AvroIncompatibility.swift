import SteleJSON
import SteleSchema

/// The incompatibility types of Avro Java's `SchemaIncompatibilityType` (≥ 1.9), plus one
/// Stele adds for a case Java reports as an exception.
public enum AvroIncompatibilityType: String, Sendable, Hashable, CaseIterable {
    case nameMismatch = "NAME_MISMATCH"
    case fixedSizeMismatch = "FIXED_SIZE_MISMATCH"
    case missingEnumSymbols = "MISSING_ENUM_SYMBOLS"
    case readerFieldMissingDefaultValue = "READER_FIELD_MISSING_DEFAULT_VALUE"
    case typeMismatch = "TYPE_MISMATCH"
    case missingUnionBranch = "MISSING_UNION_BRANCH"
    /// A reader field whose name and aliases match more than one writer field. Java throws
    /// (`AvroRuntimeException`), which Confluent reports as an unexpected exception; we report
    /// it as an incompatibility, because no datum can be resolved.
    case ambiguousFieldAlias = "AMBIGUOUS_FIELD_ALIAS"

    /// The stable rule id: the Java name under the `AVRO_` prefix.
    public var rule: RuleID { RuleID("AVRO_" + rawValue) }

    /// Confluent's description template (`io.confluent.kafka.schemaregistry.avro.Difference`),
    /// filled with the path and the reader/writer labels ("new"/"old").
    func description(path: String, detail: String, reader: String, writer: String) -> String {
        switch self {
        case .fixedSizeMismatch:
            return "The size of FIXED type field at path '\(path)' in the \(reader) schema does not match with the \(writer) schema"
        case .typeMismatch:
            return "The type (path '\(path)') of a field in the \(reader) schema does not match with the \(writer) schema"
        case .nameMismatch:
            return "The name of the schema has changed (path '\(path)')"
        case .missingEnumSymbols:
            return "The \(reader) schema is missing enum symbols '\(detail)' at path '\(path)' in the \(writer) schema"
        case .missingUnionBranch:
            return "The \(reader) schema is missing a type inside a union field at path '\(path)' in the \(writer) schema"
        case .readerFieldMissingDefaultValue:
            return "The field '\(detail)' at path '\(path)' in the \(reader) schema has no default value and is missing in the \(writer) schema"
        case .ambiguousFieldAlias:
            return "The field at path '\(path)' in the \(reader) schema matches more than one field of the \(writer) schema by name or alias"
        }
    }
}

/// One reason data written with a writer schema cannot be read with a reader schema.
public struct AvroIncompatibility: Sendable, Hashable {
    public var type: AvroIncompatibilityType
    /// Java's location: a JSON-Pointer-like path along the reader's structure (writer union
    /// branches by index), root token omitted, e.g. `/fields/1/type`.
    public var location: JSONPointer
    /// Avro's own message, e.g. `reader type: STRING not compatible with writer type: INT`.
    public var message: String
    public var readerNode: AvroNodeID
    public var writerNode: AvroNodeID

    /// The location as Java prints it: `/` for the root, else `/fields/1/type`.
    public var javaLocation: String { location.tokens.isEmpty ? "/" : location.description }

    /// As a `Finding`, worded for `direction` exactly as Confluent's verbose messages are.
    public func finding(direction: CheckDirection) -> Finding {
        Finding(
            rule: type.rule, severity: .error,
            message: type.description(path: javaLocation, detail: message, reader: direction.readerLabel, writer: direction.writerLabel),
            pointer: location, detail: message)
    }

    /// Confluent's rendering: `{errorType:'…', description:'…', additionalInfo:'…'}`.
    public func confluentDifference(direction: CheckDirection) -> String {
        let f = finding(direction: direction)
        return "{errorType:'\(type.rawValue)', description:'\(f.message)', additionalInfo:'\(message)'}"
    }
}
