/// Why a schema cannot be compiled.
public struct JSONSchemaError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidJSON = "JSON_INVALID_JSON"
        case invalidSchema = "JSON_INVALID_SCHEMA"
        case invalidPattern = "JSON_INVALID_PATTERN"
        case unresolvedReference = "JSON_UNRESOLVED_REFERENCE"
        case unknownMetaSchema = "JSON_UNKNOWN_META_SCHEMA"
        case unknownVocabulary = "JSON_UNKNOWN_VOCABULARY"
        case limitExceeded = "JSON_LIMIT_EXCEEDED"
    }
    public let code: Code
    public let message: String
    /// Where in the schema (a JSON pointer), when known.
    public var pointer: String?

    public init(_ code: Code, _ message: String, pointer: String? = nil) {
        self.code = code
        self.message = message
        self.pointer = pointer
    }

    public var description: String { "\(code.rawValue) \(message)" + (pointer.map { " (at \($0))" } ?? "") }
}
