import SteleJSON
/// The fingerprint algorithms of the Avro specification ("Schema Fingerprints").
public enum FingerprintAlgorithm: String, Sendable, Hashable, CaseIterable {
    case crc64 = "crc64"
    case md5 = "md5"
    case sha256 = "sha256"

    public func fingerprint(of text: String) -> Fingerprint {
        let bytes = Array(text.utf8)
        switch self {
        case .crc64:
            let v = CRC64Avro.fingerprint(bytes)
            // Avro's byte form is little-endian (as in single-object encoding).
            return Fingerprint(algorithm: self, bytes: (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) })
        case .md5: return Fingerprint(algorithm: self, bytes: MD5.digest(bytes))
        case .sha256: return Fingerprint(algorithm: self, bytes: SHA256.digest(bytes))
        }
    }
}

/// A schema fingerprint: the algorithm and its bytes, in the byte order Avro Java's
/// `SchemaNormalization.parsingFingerprint` returns.
public struct Fingerprint: Sendable, Hashable, CustomStringConvertible {
    public let algorithm: FingerprintAlgorithm
    public let bytes: [UInt8]

    public init(algorithm: FingerprintAlgorithm, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Lower-case hex of `bytes` (for MD5 and SHA-256, the usual digest spelling).
    public var hex: String { Self.hex(bytes) }

    /// For CRC-64-AVRO: the 64-bit value (Java's `SchemaNormalization.parsingFingerprint64`).
    public var uint64: UInt64? {
        guard algorithm == .crc64, bytes.count == 8 else { return nil }
        return bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// For CRC-64-AVRO: the value as a Java `long`, as Avro's `schema-tests.txt` prints it.
    public var int64: Int64? { uint64.map { Int64(bitPattern: $0) } }

    /// CRC-64 as `0x` + 16 hex digits of the 64-bit value; other digests as plain hex.
    public var description: String {
        if let v = uint64 {
            let h = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: 16 - h.count) + h
        }
        return hex
    }

    public static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
}
