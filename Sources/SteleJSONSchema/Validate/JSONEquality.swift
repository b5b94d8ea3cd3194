import SteleJSON

/// JSON Schema's value semantics: numbers compare by value (1 == 1.0), objects ignore member
/// order, `multipleOf` is exact on decimals (0.0075 is a multiple of 0.0001).
enum JSONSemantics {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        // Code points, not Swift's canonical equivalence: "é" and "e\u{301}" are different JSON.
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.int(let x), .int(let y)): return x == y
        case (.int, .number), (.number, .int), (.number, .number): return compare(a, b) == 0
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !equal(x[i], y[i]) { return false }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for m in x {
                guard let other = y[m.key], equal(m.value, other) else { return false }
            }
            return true
        default: return false
        }
    }

    /// -1, 0, 1 for two numbers (exact for integers and for decimals up to 19 digits).
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
        if let x = DecimalParts(a), let y = DecimalParts(b) { return DecimalParts.compare(x, y) }
        let x = a.doubleValue ?? 0, y = b.doubleValue ?? 0
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    static func isInteger(_ v: JSONValue) -> Bool {
        switch v {
        case .int: return true
        case .number(let n): return n.isIntegral
        default: return false
        }
    }

    static func isMultiple(_ v: JSONValue, of d: JSONValue) -> Bool {
        if case .int(let x) = v, case .int(let y) = d, y != 0 { return x % y == 0 }
        guard let a = DecimalParts(v), let b = DecimalParts(d), b.mantissa != 0 else {
            let x = v.doubleValue ?? 0, y = d.doubleValue ?? 1
            let q = x / y
            return q.isFinite && q == q.rounded()
        }
        if a.mantissa == 0 { return true }
        if a.exponent >= b.exponent {
            // a.m × 10^k ≡ 0 (mod b.m)
            let k = a.exponent - b.exponent
            return mulmod(a.mantissa % b.mantissa, powmod(10, k, b.mantissa), b.mantissa) == 0
        }
        var divisor = b.mantissa
        for _ in 0..<(b.exponent - a.exponent) {
            let (p, overflow) = divisor.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            divisor = p
        }
        return a.mantissa % divisor == 0
    }

    private static func mulmod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((high % m, low)).remainder
    }

    private static func powmod(_ base: UInt64, _ exp: Int, _ m: UInt64) -> UInt64 {
        if m == 1 { return 0 }
        var result: UInt64 = 1
        var b = base % m
        var e = exp
        while e > 0 {
            if e & 1 == 1 { result = mulmod(result, b, m) }
            b = mulmod(b, b, m)
            e >>= 1
        }
        return result
    }

    /// Canonical bytes for a value, equal exactly for JSON-equal values (uniqueItems by hashing;
    /// bytes, not a String, so canonically equivalent but different strings stay different).
    static func canonicalKey(_ v: JSONValue, into s: inout [UInt8]) {
        func append(_ text: String) { s.append(contentsOf: text.utf8) }
        switch v {
        case .null: append("n")
        case .bool(let b): append(b ? "t" : "f")
        case .string(let x): append("s\(x.utf8.count):"); s.append(contentsOf: x.utf8)
        case .int, .number:
            if let p = DecimalParts(v) { append("d\(p.negative && p.mantissa != 0 ? "-" : "")\(p.mantissa)e\(p.exponent)") } else { append("D\(v.doubleValue ?? 0)") }
        case .array(let items):
            append("[")
            for i in items { canonicalKey(i, into: &s); append(",") }
            append("]")
        case .object(let o):
            append("{")
            for m in o.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                append("\(m.key.utf8.count):"); s.append(contentsOf: m.key.utf8)
                canonicalKey(m.value, into: &s)
                append(",")
            }
            append("}")
        }
    }
}

/// A JSON number as sign × mantissa × 10^exponent with the mantissa's trailing zeros moved into
/// the exponent (so equal values have equal parts); nil when the mantissa needs more than 64 bits.
struct DecimalParts {
    var negative: Bool
    var mantissa: UInt64
    var exponent: Int

    init?(_ v: JSONValue) {
        switch v {
        case .int(let i):
            negative = i < 0
            mantissa = i.magnitude
            exponent = 0
        case .number(let n):
            guard let p = DecimalParts(text: n.text) else { return nil }
            self = p
        default: return nil
        }
        while mantissa != 0 && mantissa % 10 == 0 { mantissa /= 10; exponent += 1 }
        if mantissa == 0 { exponent = 0; negative = false }
    }

    init?(text: String) {
        var neg = false
        var m: UInt64 = 0
        var exp = 0
        var seenPoint = false
        var expPart = 0
        var expNeg = false
        var inExp = false
        var expDigits = 0
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "-"):
                if inExp { expNeg = true } else { neg = true }
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExp = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = UInt64(c - UInt8(ascii: "0"))
                if inExp {
                    expDigits += 1
                    guard expDigits < 9 else { return nil }
                    expPart = expPart * 10 + Int(digit)
                } else {
                    let (p, o1) = m.multipliedReportingOverflow(by: 10)
                    let (s, o2) = p.addingReportingOverflow(digit)
                    if o1 || o2 {
                        // Beyond 64 bits: only trailing zeros of the integer part can be absorbed.
                        guard digit == 0, !seenPoint else { return nil }
                        exp += 1
                    } else {
                        m = s
                        if seenPoint { exp -= 1 }
                    }
                }
            default: return nil
            }
        }
        negative = neg
        mantissa = m
        exponent = exp + (expNeg ? -expPart : expPart)
    }

    static func compare(_ a: DecimalParts, _ b: DecimalParts) -> Int {
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        let magnitude = compareMagnitude(a, b)
        return a.negative ? -magnitude : magnitude
    }

    private static func compareMagnitude(_ a: DecimalParts, _ b: DecimalParts) -> Int {
        if a.mantissa == 0 || b.mantissa == 0 { return a.mantissa == b.mantissa ? 0 : (a.mantissa == 0 ? -1 : 1) }
        // Compare by number of digits first (digits + exponent = order of magnitude).
        let da = digits(a.mantissa) + a.exponent, db = digits(b.mantissa) + b.exponent
        if da != db { return da < db ? -1 : 1 }
        // Same magnitude: align mantissas to the same digit count.
        var x = a.mantissa, y = b.mantissa
        var ex = digits(x), ey = digits(y)
        while ex < ey {
            let (p, o) = x.multipliedReportingOverflow(by: 10)
            if o { return y > x ? -1 : 1 }
            x = p; ex += 1
        }
        while ey < ex {
            let (p, o) = y.multipliedReportingOverflow(by: 10)
            if o { return x > y ? 1 : -1 }
            y = p; ey += 1
        }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    private static func digits(_ v: UInt64) -> Int {
        var n = 1
        var x = v
        while x >= 10 { x /= 10; n += 1 }
        return n
    }
}
