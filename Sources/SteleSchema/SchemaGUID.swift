import SteleJSON

/// A schema's GUID (Confluent 8.x): the MD5 identity hash of its canonical text, references,
/// metadata and rule set, written as a UUID (`MD5.toString()` in Confluent's storage code: the
/// 16 bytes as the UUID's most then least significant halves). The same schema has the same
/// GUID in every context and every registry that computes it this way, which is what lets a
/// consumer resolve a GUID-framed message anywhere.
///
/// Wire framing v1 and the header framing carry these 16 bytes in order.
public struct SchemaGUID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The first 8 bytes (the UUID's most significant half), big-endian.
    public let high: UInt64
    /// The last 8 bytes.
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// `bytes` must hold exactly 16 bytes. (Two integers, not an array: reading a GUID from a
    /// message allocates nothing.)
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        high = h
        low = l
    }

    /// The 16 bytes, in wire order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }

    /// Parses `8-4-4-4-12` hex digits (either case), as Java's `UUID.fromString` prints them, or
    /// 32 bare hex digits (Confluent's `MD5.fromString` accepts both).
    public init?(_ text: some StringProtocol) {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        var high: UInt8? = nil
        var position = 0
        let hyphens: Set<Int> = [8, 13, 18, 23]
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 || utf8.count == 32 else { return nil }
        for c in utf8 {
            defer { position += 1 }
            if utf8.count == 36 && hyphens.contains(position) {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            let nibble: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard out.count == 16 else { return nil }
        self.init(bytes: out)
    }

    /// Lower-case `8-4-4-4-12`, as Java's `UUID.toString()`.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (a: SchemaGUID, b: SchemaGUID) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

extension SchemaGUID {
    /// Confluent's identity hash (`Schema.updateHash` in its REST entities): the UTF-8 bytes of
    /// the canonical text; per reference its name, subject and version (4 bytes big-endian);
    /// then, when present, a `1` byte and the metadata (tags, properties, sensitive — each
    /// sorted as Java's `TreeMap`/`TreeSet` sort strings, by UTF-16 code units), and a `1` byte
    /// and the rule set (migration, domain, encoding rules; each rule's fields in declaration
    /// order, `kind` and `mode` defaulting to `TRANSFORM` and `WRITEREAD` as Confluent's `Rule`
    /// constructor does).
    public static func identity(schema: String, references: [SchemaReference], metadata: JSONValue?, ruleSet: JSONValue?) -> SchemaGUID {
        var input: [UInt8] = Array(schema.utf8)
        for r in references {
            input += r.name.utf8
            input += r.subject.utf8
            let v = UInt32(truncatingIfNeeded: r.version)
            input += [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
        }
        if let metadata, metadata != .null {
            input.append(1)
            hashMetadata(metadata, into: &input)
        }
        if let ruleSet, ruleSet != .null {
            input.append(1)
            for key in ["migrationRules", "domainRules", "encodingRules"] {
                for rule in ruleSet[key]?.arrayValue ?? [] { hashRule(rule, into: &input) }
            }
        }
        return SchemaGUID(bytes: MD5.digest(input))!
    }

    private static func javaSorted(_ strings: some Sequence<String>) -> [String] {
        strings.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    private static func hashMetadata(_ m: JSONValue, into input: inout [UInt8]) {
        if let tags = m["tags"]?.objectValue {
            var byKey: [String: [String]] = [:]
            for entry in tags { byKey[entry.key] = strings(entry.value) }
            for key in javaSorted(byKey.keys) {
                input += key.utf8
                for v in javaSorted(Set(byKey[key]!)) { input += v.utf8 }
            }
        }
        hashStringMap(m["properties"], into: &input)
        for s in javaSorted(Set(strings(m["sensitive"]))) { input += s.utf8 }
    }

    /// A `SortedMap<String, String>`: each key then its value, keys in Java's order.
    private static func hashStringMap(_ value: JSONValue?, into input: inout [UInt8]) {
        guard let object = value?.objectValue else { return }
        var byKey: [String: String] = [:]
        for entry in object { if let s = entry.value.stringValue { byKey[entry.key] = s } }
        for key in javaSorted(byKey.keys) {
            input += key.utf8
            input += byKey[key]!.utf8
        }
    }

    private static func hashRule(_ rule: JSONValue, into input: inout [UInt8]) {
        func add(_ key: String, default value: String? = nil) {
            if let s = rule[key]?.stringValue ?? value { input += s.utf8 }
        }
        add("name")
        add("doc")
        add("kind", default: "TRANSFORM")
        add("mode", default: "WRITEREAD")
        add("type")
        for t in javaSorted(Set(strings(rule["tags"]))) { input += t.utf8 }
        hashStringMap(rule["params"], into: &input)
        add("expr")
        add("onSuccess")
        add("onFailure")
        if rule["disabled"]?.boolValue == true { input.append(1) }
    }
}
