/// Why a JSON text was rejected, and where.
///
/// A struct around a code (as swift-nio's errors are) so codes can be added without breaking
/// callers; equality compares the code and offset.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unexpectedEndOfInput
        case unexpectedCharacter
        case invalidLiteral
        case invalidNumber
        case invalidString
        case invalidEscape
        case invalidUnicodeEscape
        case loneSurrogate
        case controlCharacterInString
        case invalidUTF8
        case trailingContent
        case duplicateKey
        case depthLimitExceeded
        case sizeLimitExceeded
        case emptyInput
    }

    public let code: Code
    /// UTF-8 byte offset of the problem.
    public let offset: Int
    /// 1-based line:column of the problem.
    public let position: SourcePosition
    public let detail: String

    public init(code: Code, offset: Int, position: SourcePosition, detail: String) {
        self.code = code
        self.offset = offset
        self.position = position
        self.detail = detail
    }

    public var description: String { "\(detail) at line \(position.line), column \(position.column)" }
}
