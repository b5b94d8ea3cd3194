import Testing
@testable import SteleSchema

@Suite struct FingerprintTests {
    // RFC 1321 appendix A.5 test suite.
    @Test func md5Vectors() {
        let cases = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"), ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"), ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (input, hex) in cases {
            #expect(Fingerprint.hex(MD5.digest(Array(input.utf8))) == hex, "\(input)")
        }
    }

    // FIPS 180-4 examples.
    @Test func sha256Vectors() {
        let cases = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        for (input, hex) in cases {
            #expect(Fingerprint.hex(SHA256.digest(Array(input.utf8))) == hex, "\(input)")
        }
        #expect(
            Fingerprint.hex(SHA256.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // Values from Avro's share/test/data/schema-tests.txt.
    @Test func crc64Avro() {
        let null = FingerprintAlgorithm.crc64.fingerprint(of: "\"null\"")
        #expect(null.int64 == 7_195_948_357_588_979_594)
        #expect(null.description == "0x63dd24e7cc258f8a")
        #expect(null.bytes == [0x8a, 0x8f, 0x25, 0xcc, 0xe7, 0x24, 0xdd, 0x63])
        #expect(FingerprintAlgorithm.crc64.fingerprint(of: "\"boolean\"").int64 == -6_970_731_678_124_411_036)
        #expect(FingerprintAlgorithm.crc64.fingerprint(of: "[]").int64 == -1_241_056_759_729_112_623)
        #expect(CRC64Avro.fingerprint([UInt8]()) == CRC64Avro.empty)
    }
}
