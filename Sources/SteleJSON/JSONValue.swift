/// A parsed JSON document: ordered objects, exact integers, and numbers that keep their text.
///
/// Integers that fit in `Int64` are `.int`; every other number (fractions, exponents, integers
/// beyond 64 bits) is `.number`, which keeps the source text so nothing is ever silently
/// rounded. Equality is structural: `.int(1)` and `.number("1.0")` are different values, and
/// JSON Schema's numeric equality (`1 == 1.0`) is implemented by that engine, not here.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The JSON type name as JSON Schema and error messages spell it.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .number(let n): return n.isIntegral ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The value as an `Int64`, for `.int` only (no conversion from fractions or big numbers).
    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The value as a `Double` for any JSON number (big integers lose precision here).
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .number(let n): return n.double
        default: return nil
        }
    }

    public var isNumber: Bool {
        switch self {
        case .int, .number: return true
        default: return false
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Member lookup for objects; `nil` for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (k, v) in elements { object[k] = v }
        self = .object(object)
    }
}
