/// Fast UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
///
/// ASCII runs are checked eight bytes at a time. Used where bytes become `String`s on a hot
/// path: `String(validating:as:)` is generic over the encoding and costs a metadata lookup per
/// call, which dominated decoding string-heavy Avro records.
public enum UTF8Validation {
    /// The offset of the first byte of an invalid sequence, or `nil` when all of it is valid.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < count {
            // Skip ASCII eight bytes at a time.
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < count else { return nil }
            if base[i] < 0x80 {
                i += 1
                continue
            }
            let length = multibyteSequenceLength(base, at: i, count: count)
            guard length > 0 else { return i }
            i += length
        }
        return nil
    }

    /// The length (2–4) of the valid multi-byte sequence starting at `i`, or 0 when the bytes
    /// there are not one (RFC 3629 table: no overlong forms, no surrogates, ≤ U+10FFFF).
    @inline(__always)
    public static func multibyteSequenceLength(_ base: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int {
        let b0 = base[i]
        let length: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; hi = 0x9F
        case 0xF0: length = 4; lo = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; hi = 0x8F
        default: return 0
        }
        guard count - i >= length else { return 0 }
        let b1 = base[i + 1]
        guard b1 >= lo && b1 <= hi else { return 0 }
        if length > 2 && base[i + 2] & 0xC0 != 0x80 { return 0 }
        if length > 3 && base[i + 3] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// A `String` from bytes that must be valid UTF-8, or `nil`.
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard firstInvalidOffset(bytes) == nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
