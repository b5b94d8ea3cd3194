/// Number spellings for writers.
///
/// Two spellings matter: the shortest round-trip form (for our own compact output) and Java's
/// `Double.toString`, which Jackson uses when Avro Java writes a schema; Confluent stores and
/// hashes that text, so canonical schema text must spell `1e2` as `100.0` and `1e10` as
/// `1.0E10` to give the same bytes. Both start from Swift's shortest round-trip digits, as
/// Java ≥ 19 does (JDK-4511638).
public enum JSONNumberFormat {
    /// Shortest round-trip text that is valid JSON (`1.0` not `1`, `1e+30` written `1e30`).
    public static func shortest(_ d: Double) -> String {
        guard d.isFinite else { return d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity") }
        let (negative, digits, exponent) = decimalDigits(d)
        // Value = 0.d1d2...dn × 10^exponent
        var out = negative ? "-" : ""
        if exponent >= -5 && exponent <= 21 {
            out += plain(digits: digits, exponent: exponent, minFractionDigits: 1)
        } else {
            out += scientific(digits: digits, exponent: exponent, marker: "e", minFractionDigits: 0)
        }
        return out
    }

    /// Java's `Double.toString` spelling (JDK ≥ 19 shortest digits): plain notation with at
    /// least one fraction digit for 10^-3 ≤ |d| < 10^7, otherwise `d.dddE±n`.
    public static func java(_ d: Double) -> String {
        guard d.isFinite else { return d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity") }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = Swift.abs(d)
        return javaStyle(description: magnitude.description, negative: d < 0, plainRange: magnitude >= 1e-3 && magnitude < 1e7)
    }

    /// Java's `Float.toString`: the same layout as `java(_:)`, with the shortest digits that
    /// round-trip a `Float` (Avro Java writes `float` defaults this way when normalizing).
    public static func javaFloat(_ f: Float) -> String {
        guard f.isFinite else { return f.isNaN ? "NaN" : (f < 0 ? "-Infinity" : "Infinity") }
        if f == 0 { return f.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = Swift.abs(f)
        return javaStyle(description: magnitude.description, negative: f < 0, plainRange: magnitude >= 1e-3 && magnitude < 1e7)
    }

    private static func javaStyle(description: String, negative: Bool, plainRange: Bool) -> String {
        let (_, digits, exponent) = decimalDigits(description: description, negative: negative)
        let body = plainRange
            ? plain(digits: digits, exponent: exponent, minFractionDigits: 1)
            : scientific(digits: digits, exponent: exponent, marker: "E", minFractionDigits: 1)
        return negative ? "-" + body : body
    }

    static func decimalDigits(_ d: Double) -> (Bool, [UInt8], Int) {
        decimalDigits(description: Swift.abs(d).description, negative: d.sign == .minus)
    }

    static func decimalDigits(description: String, negative: Bool) -> (Bool, [UInt8], Int) {
        let text = Array(description.utf8)
        var digits: [UInt8] = []
        var pointPosition: Int? = nil
        var exp = 0
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exp = Int(String(decoding: text[(i + 1)...], as: UTF8.self)) ?? 0
                break
            } else {
                digits.append(c)
            }
            i += 1
        }
        let intDigits = pointPosition ?? digits.count
        // strip leading zeros
        var lead = 0
        while lead < digits.count - 1 && digits[lead] == UInt8(ascii: "0") { lead += 1 }
        var significant = Array(digits[lead...])
        var exponent = intDigits - lead + exp
        while significant.count > 1 && significant.last == UInt8(ascii: "0") { significant.removeLast() }
        if significant == [UInt8(ascii: "0")] { exponent = 1 }
        return (negative, significant, exponent)
    }

    private static func plain(digits: [UInt8], exponent: Int, minFractionDigits: Int) -> String {
        var out: [UInt8] = []
        if exponent <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -exponent))
            out.append(contentsOf: digits)
        } else if exponent >= digits.count {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent - digits.count))
            if minFractionDigits > 0 {
                out.append(UInt8(ascii: "."))
                out.append(UInt8(ascii: "0"))
            }
        } else {
            out.append(contentsOf: digits[..<exponent])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[exponent...])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func scientific(digits: [UInt8], exponent: Int, marker: Character, minFractionDigits: Int) -> String {
        var out = String(decoding: digits[..<1], as: UTF8.self)
        if digits.count > 1 {
            out += "." + String(decoding: digits[1...], as: UTF8.self)
        } else if minFractionDigits > 0 {
            out += ".0"
        }
        out.append(marker)
        out += String(exponent - 1)
        return out
    }
}
