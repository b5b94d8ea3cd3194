/// Writes `JSONValue`s as compact UTF-8 JSON.
///
/// Strings are escaped as Jackson escapes them (`\"`, `\\`, `\b \f \n \r \t`, other control
/// characters as `\u00XX` with upper-case hex, everything else raw UTF-8), because canonical
/// schema text must be byte-identical to what Confluent's Java code stores and hashes.
public struct JSONWriter: Sendable {
    public enum NumberStyle: Sendable, Hashable {
        /// Numbers as they were written in the source (exact round trip).
        case source
        /// Fractions and exponent forms as Java's `Double.toString` prints them (`1e2` → `100.0`),
        /// as Avro Java and Jackson write schema defaults and properties. Integers stay exact.
        case java
    }

    public struct Options: Sendable, Hashable {
        /// Sort object members by key (UTF-16 code unit order, as Java's `TreeMap<String,…>` and
        /// RFC 8785 do) at every level.
        public var sortKeys: Bool
        public var numberStyle: NumberStyle

        public init(sortKeys: Bool = false, numberStyle: NumberStyle = .source) {
            self.sortKeys = sortKeys
            self.numberStyle = numberStyle
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    public static func compact(_ value: JSONValue) -> String { JSONWriter().string(value) }

    /// Sorted keys at every level: a stable text for hashing and comparing JSON documents.
    public static func canonical(_ value: JSONValue) -> String {
        JSONWriter(options: Options(sortKeys: true)).string(value)
    }

    public func string(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .number(let n): writeNumber(n, into: &out)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let members = options.sortKeys ? Self.sortedMembers(object) : object.members
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Members in UTF-16 code unit order of their keys.
    public static func sortedMembers(_ object: JSONObject) -> [JSONObject.Member] {
        object.members.sorted { a, b in a.key.utf16.lexicographicallyPrecedes(b.key.utf16) }
    }

    private func writeNumber(_ n: JSONNumber, into out: inout [UInt8]) {
        switch options.numberStyle {
        case .source:
            out.append(contentsOf: n.text.utf8)
        case .java:
            if n.isIntegerLiteral {
                out.append(contentsOf: n.text.utf8)  // BigIntegerNode: exact digits
            } else {
                out.append(contentsOf: JSONNumberFormat.java(n.double).utf8)
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A string literal as JSON text (quoted and escaped).
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        writeString(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
