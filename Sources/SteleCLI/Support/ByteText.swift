import ArgumentParser
import SteleJSON

/// How binary messages are written as text, one per line.
enum ByteEncoding: String, ExpressibleByArgument, CaseIterable, Sendable {
    case hex, base64

    func encode(_ bytes: some Collection<UInt8>) -> String {
        switch self {
        case .hex: return Hex.encode(bytes)
        case .base64: return Base64.encode(bytes)
        }
    }

    func decode(_ text: some StringProtocol) -> [UInt8]? {
        switch self {
        case .hex: return Hex.decode(text)
        case .base64: return Base64.decode(text)
        }
    }
}

enum Hex {
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
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
}

/// The framing flag of `encode`.
enum FramingName: String, ExpressibleByArgument, CaseIterable, Sendable {
    case v0, v1, header
}

/// Splits input into lines (LF, optional CR), skipping blank ones, with 1-based numbers. Lines
/// stay bytes: the JSON parser checks their UTF-8 and says where it breaks (never repaired).
func lines(_ bytes: [UInt8]) -> [(number: Int, bytes: [UInt8])] {
    var out: [(Int, [UInt8])] = []
    var number = 0
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        number += 1
        let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        out.append((number, Array(trimmed)))
    }
    return out
}
