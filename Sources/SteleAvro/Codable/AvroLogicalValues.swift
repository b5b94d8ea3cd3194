#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Conversions between Foundation types and Avro logical types, for the `Codable` bridge.
enum AvroLogicalValues {
    static func timestamp(_ date: Date, _ lt: AvroLogicalType?) -> Int64? {
        let seconds = date.timeIntervalSince1970
        // Nearest, not floor: Date keeps seconds as a Double, so 1700000000.123 s times 1000 is
        // 1700000000122.9999… and must still give …123 ms.
        switch lt {
        case .timestampMillis?, .localTimestampMillis?: return Int64((seconds * 1_000).rounded())
        case .timestampMicros?, .localTimestampMicros?: return Int64((seconds * 1_000_000).rounded())
        case .timestampNanos?, .localTimestampNanos?: return Int64((seconds * 1_000_000_000).rounded())
        default: return nil
        }
    }

    static func date(fromLong v: Int64, _ lt: AvroLogicalType?) -> Date? {
        switch lt {
        case .timestampMillis?, .localTimestampMillis?: return Date(timeIntervalSince1970: Double(v) / 1_000)
        case .timestampMicros?, .localTimestampMicros?: return Date(timeIntervalSince1970: Double(v) / 1_000_000)
        case .timestampNanos?, .localTimestampNanos?: return Date(timeIntervalSince1970: Double(v) / 1_000_000_000)
        default: return nil
        }
    }

    /// `date` logical type: days since the Unix epoch.
    static func days(_ date: Date) -> Int32 { Int32((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    static func uuidBytes(_ u: UUID) -> [UInt8] {
        let t = u.uuid
        return [t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7, t.8, t.9, t.10, t.11, t.12, t.13, t.14, t.15]
    }

    static func uuid(_ b: [UInt8]) -> UUID? {
        guard b.count == 16 else { return nil }
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    /// Decimal → big-endian two's complement of the unscaled value at `scale` (as Java's
    /// `BigDecimal.unscaledValue().toByteArray()`), padded to `size` for fixed. `nil` when the
    /// value has more fraction digits than `scale` or does not fit `size`.
    static func decimalBytes(_ d: Decimal, scale: Int, size: Int?) -> [UInt8]? {
        if let (negative, unscaled) = DecimalMantissa.unscaled(d, scale: scale) {
            var magnitude: [UInt8] = []
            var u = unscaled
            repeat {
                magnitude.append(UInt8(truncatingIfNeeded: u))
                u >>= 8
            } while u != 0
            magnitude.reverse()
            return twosComplement(magnitude: magnitude, negative: negative && unscaled != 0, size: size)
        }
        return decimalBytesFromText(d, scale: scale, size: size)
    }

    /// The general conversion, from the decimal text: exact for every Decimal, and slow.
    static func decimalBytesFromText(_ d: Decimal, scale: Int, size: Int?) -> [UInt8]? {
        var text = d.description
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
        var fraction = parts.count == 2 ? Array(parts[1].utf8) : []
        while fraction.count > scale {
            guard fraction.last == UInt8(ascii: "0") else { return nil }
            fraction.removeLast()
        }
        fraction += [UInt8](repeating: UInt8(ascii: "0"), count: scale - fraction.count)
        let digits = Array(parts[0].utf8) + fraction
        // Base-10 digits → base-256 magnitude (big-endian).
        var magnitude: [UInt8] = [0]
        for c in digits {
            var carry = Int(c - UInt8(ascii: "0"))
            for i in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let v = Int(magnitude[i]) * 10 + carry
                magnitude[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
            while carry > 0 {
                magnitude.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        while magnitude.count > 1 && magnitude[0] == 0 { magnitude.removeFirst() }
        return twosComplement(magnitude: magnitude, negative: negative && magnitude != [0], size: size)
    }

    /// A big-endian magnitude (no leading zero bytes) as minimal two's complement bytes,
    /// sign-padded to `size` when given.
    private static func twosComplement(magnitude: [UInt8], negative: Bool, size: Int?) -> [UInt8]? {
        var bytes = magnitude
        if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        if negative {
            negate(&bytes)
            while bytes.count > 1 && bytes[0] == 0xFF && bytes[1] & 0x80 != 0 { bytes.removeFirst() }
        }
        if let size {
            guard bytes.count <= size else { return nil }
            let pad: UInt8 = negative ? 0xFF : 0
            bytes.insert(contentsOf: [UInt8](repeating: pad, count: size - bytes.count), at: 0)
        }
        return bytes
    }

    /// Two's complement negation of big-endian bytes, in place.
    private static func negate(_ bytes: inout [UInt8]) {
        var carry = 1
        for i in stride(from: bytes.count - 1, through: 0, by: -1) {
            let v = Int(~bytes[i]) + carry
            bytes[i] = UInt8(truncatingIfNeeded: v)
            carry = v >> 8
        }
    }

    static func decimal(_ bytes: [UInt8], scale: Int) -> Decimal {
        guard let first = bytes.first else { return 0 }
        let negative = first & 0x80 != 0
        if bytes.count <= 8 {
            // Fits an Int64: sign-extend, and build the Decimal from its magnitude directly.
            var v: Int64 = negative ? -1 : 0
            for b in bytes { v = (v << 8) | Int64(b) }
            return Decimal(sign: negative ? .minus : .plus, exponent: -scale, significand: Decimal(v.magnitude))
        }
        var b = bytes
        if negative { negate(&b) }
        var magnitude = Decimal(0)
        for byte in b { magnitude = magnitude * 256 + Decimal(Int(byte)) }
        return Decimal(sign: negative ? .minus : .plus, exponent: -scale, significand: magnitude)
    }
}

/// Reads a Decimal's integer mantissa without going through its text: Foundation's Decimal keeps
/// NSDecimal's layout (a 4-byte header, then eight little-endian 16-bit mantissa words). The
/// layout is checked once against known values; where it does not hold (another Foundation),
/// `unscaled` answers nil and callers use the text conversion.
enum DecimalMantissa {
    static let layoutHolds: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let probes: [(String, UInt64, UInt64)] = [("19.99", 1999, 0), ("-0.05", 5, 0), ("18446744073709551615", UInt64.max, 0), ("18446744073709551616", 0, 1)]
        for (text, lo, hi) in probes {
            guard let d = Decimal(string: text), words(d) == (lo, hi) else { return false }
        }
        return true
    }()

    private static func words(_ d: Decimal) -> (UInt64, UInt64) {
        withUnsafeBytes(of: d) { raw in
            (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self)))
        }
    }

    private static let powersOfTen: [UInt64] = (0...19).map { k in (0..<k).reduce(UInt64(1)) { p, _ in p * 10 } }

    /// The sign and the unscaled value of `d` at `scale` when it fits 64 bits and has no more
    /// fraction digits than `scale`; nil otherwise (the caller falls back to the exact path).
    static func unscaled(_ d: Decimal, scale: Int) -> (Bool, UInt64)? {
        guard layoutHolds, !d.isNaN else { return nil }
        let (lo, hi) = words(d)
        guard hi == 0 else { return nil }
        if lo == 0 { return (false, 0) }
        let k = d.exponent + scale
        if k >= 0 {
            guard k < powersOfTen.count else { return nil }
            let (v, overflow) = lo.multipliedReportingOverflow(by: powersOfTen[k])
            return overflow ? nil : (d.sign == .minus, v)
        }
        guard -k < powersOfTen.count else { return nil }
        let p = powersOfTen[-k]
        guard lo % p == 0 else { return nil }
        return (d.sign == .minus, lo / p)
    }
}

extension AvroLogicalType {
    /// timestamp-* and local-timestamp-*: a `long` that a `Date` is read from and written to.
    var isTimestamp: Bool {
        switch self {
        case .timestampMillis, .timestampMicros, .timestampNanos, .localTimestampMillis, .localTimestampMicros, .localTimestampNanos: return true
        default: return false
        }
    }
}
