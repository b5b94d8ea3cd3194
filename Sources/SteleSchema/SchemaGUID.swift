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
        var text = String(text)
        guard let parsed = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = parsed
    }

    /// The same text as UTF-8 bytes someone else holds (a stored column).
    public init?(utf8: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parse(utf8) else { return nil }
        self = parsed
    }

    /// The hex digits of `utf8`, straight into the two halves: no arrays or sets per GUID, and
    /// no generic string walk (a registry parses one per stored schema at start-up).
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> SchemaGUID? {
        guard let p = utf8.baseAddress else { return nil }
        if utf8.count == 32 {
            guard let h = Hex.number(p, count: 16), let l = Hex.number(p + 16, count: 16) else { return nil }
            return SchemaGUID(high: h, low: l)
        }
        guard utf8.count == 36, p[8] == UInt8(ascii: "-"), p[13] == UInt8(ascii: "-"), p[18] == UInt8(ascii: "-"), p[23] == UInt8(ascii: "-"),
              let a = Hex.number(p, count: 8), let b = Hex.number(p + 9, count: 4), let c = Hex.number(p + 14, count: 4),
              let d = Hex.number(p + 19, count: 4), let e = Hex.number(p + 24, count: 12) else { return nil }
        return SchemaGUID(high: a << 32 | b << 16 | c, low: d << 48 | e)
    }

    /// Lower-case `8-4-4-4-12`, as Java's `UUID.toString()`.
    public var description: String {
        String(unsafeUninitializedCapacity: 36) { out in
            let p = out.baseAddress!
            Hex.write(high >> 32, count: 8, to: p)
            p[8] = UInt8(ascii: "-")
            Hex.write(high >> 16, count: 4, to: p + 9)
            p[13] = UInt8(ascii: "-")
            Hex.write(high, count: 4, to: p + 14)
            p[18] = UInt8(ascii: "-")
            Hex.write(low >> 48, count: 4, to: p + 19)
            p[23] = UInt8(ascii: "-")
            Hex.write(low, count: 12, to: p + 24)
            return 36
        }
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
