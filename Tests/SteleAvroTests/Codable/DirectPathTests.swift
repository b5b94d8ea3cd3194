import Foundation
import SteleTestSupport
import Testing
@testable import SteleAvro

/// The direct Codable paths (bytes written/read in one pass) against the general path (value
/// tree): same bytes and values where the direct path takes a shape, and a correct answer through
/// the fallback where it does not.
@Suite struct DirectPathTests {
    @Test func decimalFastPathAgreesWithTheTextConversion() {
        #expect(DecimalMantissa.layoutHolds, "Decimal layout probe failed: every Decimal takes the slow text path")
        var rng = SplitMix64(seed: 42)
        var checked = 0
        for _ in 0..<20_000 {
            let mantissa = Int64(bitPattern: rng.next()) >> Int(rng.next() % 64)
            let exponent = Int(rng.next() % 21) - 10
            let scale = Int(rng.next() % 13)
            let size: Int? = rng.next() % 3 == 0 ? 16 : nil
            let d = Decimal(sign: mantissa < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa.magnitude))
            let fast = AvroLogicalValues.decimalBytes(d, scale: scale, size: size)
            let text = AvroLogicalValues.decimalBytesFromText(d, scale: scale, size: size)
            #expect(fast == text, "\(d) at scale \(scale)")
            if let fast {
                #expect(AvroLogicalValues.decimal(fast, scale: scale) == d, "\(d) at scale \(scale) back from \(fast)")
                checked += 1
            }
        }
        #expect(checked > 5_000)
    }

    struct Inner: Codable, Equatable { var a: Int32; var b: String }
    struct Outer: Codable, Equatable {
        var id: Int64
        var tags: [String]
        var inner: Inner?
        var counts: [String: Int64]
        var nested: [[Int32]]
        var kind: String
    }

    static let outerSchema = #"""
    {"type":"record","name":"Outer","fields":[
      {"name":"id","type":"long"},
      {"name":"tags","type":{"type":"array","items":"string"}},
      {"name":"inner","type":["null",{"type":"record","name":"Inner","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}]},
      {"name":"counts","type":{"type":"map","values":"long"}},
      {"name":"nested","type":{"type":"array","items":{"type":"array","items":"int"}}},
      {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}},
      {"name":"extra","type":"string","default":"x"}
    ]}
    """#

    @Test func directAndGeneralPathsAgree() throws {
        let s = try AvroSchema(parsing: Self.outerSchema)
        let enc = AvroEncoder(schema: s)
        let dec = AvroDecoder(schema: s)
        let values = [
            Outer(id: 1, tags: [], inner: nil, counts: [:], nested: [], kind: "A"),
            Outer(id: -5, tags: ["a", "bé"], inner: Inner(a: 3, b: "q"), counts: ["k": 9], nested: [[1, 2], [], [3]], kind: "C"),
        ]
        for v in values {
            let general = try enc.codec.encode(try enc.avroValue(v))
            #expect(enc.directEncode(v) == general)
            #expect(dec.directDecode(Outer.self, from: general) == v)
            #expect(try dec.decode(Outer.self, from: general) == v)
        }
    }

    /// Keys handed over in reverse order: the direct encoder declines, the general path answers.
    struct Reversed: Codable, Equatable {
        var a: Int32
        var b: String
        enum CodingKeys: String, CodingKey { case a, b }
        init(a: Int32, b: String) { self.a = a; self.b = b }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(b, forKey: .b)
            try c.encode(a, forKey: .a)
        }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            b = try c.decode(String.self, forKey: .b)
            a = try c.decode(Int32.self, forKey: .a)
        }
    }

    @Test func outOfOrderKeysFallBackToTheGeneralPath() throws {
        let s = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}"#)
        let v = Reversed(a: 7, b: "seven")
        let enc = AvroEncoder(schema: s)
        #expect(enc.directEncode(v) == nil)
        let bytes = try enc.encode(v)
        #expect(bytes == [14, 10] + Array("seven".utf8))
        let dec = AvroDecoder(schema: s)
        #expect(dec.directDecode(Reversed.self, from: bytes) == nil)
        #expect(try dec.decode(Reversed.self, from: bytes) == v)
    }

    /// A type that reads only some fields: the direct decoder skips the others.
    struct OnlyKind: Decodable, Equatable { var kind: String }

    @Test func fieldsTheTypeDoesNotAskForAreSkipped() throws {
        let s = try AvroSchema(parsing: Self.outerSchema)
        let v = Outer(id: 9, tags: ["t"], inner: Inner(a: 1, b: "b"), counts: ["x": 1], nested: [[4]], kind: "B")
        let bytes = try AvroEncoder(schema: s).encode(v)
        #expect(try AvroDecoder(schema: s).directDecode(OnlyKind.self, from: bytes + [0x02, 0x79]) == nil)  // trailing bytes
        #expect(AvroDecoder(schema: s).directDecode(OnlyKind.self, from: bytes) == OnlyKind(kind: "B"))
    }

    @Test func hostileBytesNeverPassTheDirectDecoder() throws {
        let s = try AvroSchema(parsing: Self.outerSchema)
        let dec = AvroDecoder(schema: s)
        let good = try AvroEncoder(schema: s).encode(Outer(id: 2, tags: ["a"], inner: Inner(a: 1, b: "c"), counts: ["k": 1], nested: [[1]], kind: "A"))
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            var bytes = good
            for _ in 0..<(1 + Int(rng.next() % 3)) { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            if rng.next() % 4 == 0 { bytes.removeLast(Int(rng.next() % UInt64(bytes.count))) }
            // Both paths agree: the general decoder succeeds exactly when the public decode does,
            // with the same value.
            let general = try? dec.decode(Outer.self, from: dec.codec.decode(bytes))
            let public_ = try? dec.decode(Outer.self, from: bytes)
            #expect(general == public_)
            if let direct = dec.directDecode(Outer.self, from: bytes) { #expect(direct == general) }
        }
    }

    static let mapSchema = #"{"type":"record","name":"M","fields":[{"name":"m","type":{"type":"map","values":"string"}}]}"#
    struct M: Codable, Equatable { var m: [String: String] }

    /// A map written by hand: one block of (key, value) string pairs.
    static func mapBytes(_ pairs: [([UInt8], [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [UInt8(pairs.count * 2)]
        for (k, v) in pairs { out += [UInt8(k.count * 2)] + k + [UInt8(v.count * 2)] + v }
        return out + [0]
    }

    @Test func mapsAreReadDirectlyInPlace() throws {
        let s = try AvroSchema(parsing: Self.mapSchema)
        let bytes = try AvroEncoder(schema: s).encode(M(m: ["a": "1", "bb": "22", "ccc": "333"]))
        #expect(AvroDecoder(schema: s).directDecode(M.self, from: bytes) == M(m: ["a": "1", "bb": "22", "ccc": "333"]))
    }

    @Test func duplicateMapKeysAreLeftToTheGeneralPathWhichTakesTheFirst() throws {
        let s = try AvroSchema(parsing: Self.mapSchema)
        let bytes = Self.mapBytes([(Array("k".utf8), Array("first".utf8)), (Array("k".utf8), Array("second".utf8))])
        let dec = AvroDecoder(schema: s)
        #expect(dec.directDecode(M.self, from: bytes) == nil)
        #expect(try dec.decode(M.self, from: bytes) == M(m: ["k": "first"]))
    }

    static let collectionSchema = #"{"type":"record","name":"C","fields":[{"name":"xs","type":{"type":"array","items":"int"}},{"name":"m","type":{"type":"map","values":{"type":"array","items":"string"}}}]}"#
    struct C: Codable, Equatable { var xs: [Int32]; var m: [String: [String]] }

    @Test func arraysAndMapsAreReadFromEveryBlockAndWrittenAsOne() throws {
        let s = try AvroSchema(parsing: Self.collectionSchema)
        // xs in two blocks, the first with its byte size (count -2, size 2: items 1 and 2), then 3;
        // m with one entry "k" → ["a"].
        let bytes: [UInt8] = [0x03, 0x04, 0x02, 0x04, 0x02, 0x06, 0x00] + [0x02, 0x02, 0x6B, 0x02, 0x02, 0x61, 0x00, 0x00]
        let value = C(xs: [1, 2, 3], m: ["k": ["a"]])
        #expect(AvroDecoder(schema: s).directDecode(C.self, from: bytes) == value)
        #expect(try AvroDecoder(schema: s).decode(C.self, from: bytes) == value)
        let general = try AvroCodec(schema: s).encode(try AvroEncoder(schema: s).avroValue(value))
        #expect(AvroEncoder(schema: s).directEncode(value) == general)
        #expect(AvroEncoder(schema: s).directEncode(C(xs: [], m: [:])) == [0x00, 0x00])
    }

    @Test func aBlockThatOverrunsItsDeclaredSizeIsLeftToTheGeneralPathWhichRefusesIt() throws {
        let s = try AvroSchema(parsing: Self.collectionSchema)
        // count -2 with a declared size of 1 byte, but two one-byte items follow.
        let bytes: [UInt8] = [0x03, 0x02, 0x02, 0x04, 0x00, 0x00]
        #expect(AvroDecoder(schema: s).directDecode(C.self, from: bytes) == nil)
        #expect(throws: (any Error).self) { try AvroDecoder(schema: s).decode(C.self, from: bytes) }
    }

    /// A type that reads one key of a map: the values it never asks for are still checked.
    struct OneKeyFlat: Decodable, Equatable {
        var m: Only
        struct Only: Decodable, Equatable {
            var a: String
        }
    }

    @Test func mapValuesNotAskedForAreStillValidated() throws {
        let s = try AvroSchema(parsing: Self.mapSchema)
        let dec = AvroDecoder(schema: s)
        let good = Self.mapBytes([(Array("a".utf8), Array("x".utf8)), (Array("b".utf8), Array("y".utf8))])
        #expect(dec.directDecode(OneKeyFlat.self, from: good) == OneKeyFlat(m: .init(a: "x")))
        // The unread value of "b" is not UTF-8: both paths refuse the message.
        let bad = Self.mapBytes([(Array("a".utf8), Array("x".utf8)), (Array("b".utf8), [0xff, 0xfe])])
        #expect(dec.directDecode(OneKeyFlat.self, from: bad) == nil)
        #expect(throws: (any Error).self) { try dec.decode(OneKeyFlat.self, from: bad) }
    }
}
