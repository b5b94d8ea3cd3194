/// Lower-case hexadecimal both ways (fingerprints, framed messages on the command line).
public enum Hex {
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Either case; nil for an odd length or any other character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let h = nibble(utf8[i]), let l = nibble(utf8[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    /// `count` (at most 16) hex digits at `p`, either case, as a number; nil for any other
    /// character. In place, no string: identifiers read per stored row or per message.
    @inlinable
    public static func number(_ p: UnsafePointer<UInt8>, count: Int) -> UInt64? {
        var w: UInt64 = 0
        for k in 0..<count {
            let c = p[k]
            var n = c &- UInt8(ascii: "0")
            if n > 9 {
                let letter = (c | 0x20) &- UInt8(ascii: "a")  // either case
                guard letter < 6 else { return nil }
                n = letter &+ 10
            }
            w = w << 4 | UInt64(n)
        }
        return w
    }

    /// The low `count` hex digits of `value`, lower case, at `out`.
    @inlinable
    public static func write(_ value: UInt64, count: Int, to out: UnsafeMutablePointer<UInt8>) {
        for k in 0..<count {
            let n = UInt8(truncatingIfNeeded: value >> (4 * UInt64(count - 1 - k))) & 0xF
            out[k] = n < 10 ? n &+ 48 : n &+ 87
        }
    }
}
