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
