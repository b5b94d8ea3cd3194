/// CRC-64-AVRO, the Rabin fingerprint of the Avro specification ("Schema Fingerprints"):
/// polynomial 0xc15d213aa4d7a795, reflected, initial value the polynomial itself.
public enum CRC64Avro {
    public static let empty: UInt64 = 0xC15D_213A_A4D7_A795

    static let table: [UInt64] = (0..<256).map { i -> UInt64 in
        var fp = UInt64(i)
        for _ in 0..<8 {
            fp = (fp >> 1) ^ (empty & (0 &- (fp & 1)))
        }
        return fp
    }

    public static func fingerprint<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var fp = empty
        table.withUnsafeBufferPointer { t in
            for b in bytes {
                fp = (fp >> 8) ^ t[Int((fp ^ UInt64(b)) & 0xFF)]
            }
        }
        return fp
    }
}
