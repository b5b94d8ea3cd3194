/// Why bytes could not be decoded, and where. A struct around a code (as swift-nio's errors),
/// so codes can be added without breaking callers.
public struct AvroDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case truncated
        case invalidVarint
        case intOutOfRange
        case negativeLength
        case lengthExceedsInput
        case invalidUTF8
        case invalidBoolean
        case enumIndexOutOfRange
        case unionIndexOutOfRange
        case itemLimitExceeded
        case depthLimitExceeded
        case trailingBytes
        case invalidBlockSize
        /// Resolution only: the datum took a path where the writer's and reader's schemas do
        /// not resolve (e.g. an enum symbol the reader lacks and no enum default).
        case unresolvable
    }

    public let code: Code
    /// Byte offset in the input where the problem was found.
    public let offset: Int
    public let detail: String

    public init(_ code: Code, offset: Int, _ detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    public static func truncated(offset: Int) -> AvroDecodingError {
        AvroDecodingError(.truncated, offset: offset, "input ends in the middle of a value")
    }

    public var description: String { "\(detail) (at byte \(offset))" }
}

/// Why a value could not be encoded with a schema: the value does not fit the schema at `path`.
public struct AvroEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Field names, `[index]` for array items, `{key}` for map values, `<branch>` for unions.
    public var path: [String]
    public let detail: String

    public init(path: [String] = [], _ detail: String) {
        self.path = path
        self.detail = detail
    }

    public var description: String {
        path.isEmpty ? detail : "\(path.joined(separator: ".")): \(detail)"
    }
}

/// Limits on decoding untrusted bytes, on by default. Every length is also checked against the
/// bytes left, so only zero-width items (null, empty records) can be numerous in few bytes;
/// the item budget bounds those.
public struct AvroDecodingLimits: Sendable, Hashable {
    /// Total array items and map entries in one datum.
    public var maxItems: Int
    /// Nesting depth of one datum (recursive schemas).
    public var maxDepth: Int

    public init(maxItems: Int = 10_000_000, maxDepth: Int = 512) {
        self.maxItems = maxItems
        self.maxDepth = maxDepth
    }

    public static let `default` = AvroDecodingLimits()
}
