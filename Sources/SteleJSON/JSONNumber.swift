/// A JSON number that is not an `Int64`: a fraction, an exponent form, or an integer too large
/// for 64 bits. The source text is kept exactly; `double` is its nearest `Double`
/// (possibly ±infinity for `1e400`), computed once at parse time so validators never re-parse.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written in the source (or as produced by `init(_ double:)`).
    public let text: String
    /// The nearest `Double`.
    public let double: Double

    /// Wraps already-validated JSON number text.
    public init(validatedText text: String, double: Double) {
        self.text = text
        self.double = double
    }

    /// A number made in code; its text is Swift's shortest round-trip form.
    public init(_ double: Double) {
        self.double = double
        self.text = JSONNumberFormat.shortest(double)
    }

    /// True when the text has no fraction or exponent (an integer beyond `Int64`), or when the
    /// value is mathematically an integer (`1.0`, `1e2`), as JSON Schema's `integer` type needs.
    public var isIntegral: Bool {
        if isIntegerLiteral { return true }
        return double.isFinite && double.rounded(.towardZero) == double
    }

    /// True when the text is a plain integer literal (only digits, optional minus sign).
    public var isIntegerLiteral: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    public var description: String { text }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
