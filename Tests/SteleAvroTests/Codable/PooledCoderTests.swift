import Foundation
import Synchronization
import Testing
@testable import SteleAvro

/// The direct paths' pooled coders and reused keyed containers: counted, not timed — after
/// warm-up no coder and no container is made per value; types that keep a container, keys that
/// are not plain enums, recursion and concurrent callers still get the right answer.
@Suite struct PooledCoderTests {
    struct Point: Codable, Equatable {
        var x: Double
        var y: Int32
        var label: String
        var note: String?
        var seen: Bool
        enum CodingKeys: String, CodingKey { case x, y, label, note, seen }
    }
    static let pointSchema = #"""
    {"type":"record","name":"Point","fields":[
      {"name":"x","type":"double"},{"name":"y","type":"int"},{"name":"label","type":"string"},
      {"name":"note","type":["null","string"],"default":null},{"name":"seen","type":"boolean"}
    ]}
    """#

    static func points(_ n: Int) -> [Point] {
        (0..<n).map { (i: Int) -> Point in
            let note: String? = i % 3 == 0 ? nil : "n\(i)"
            return Point(x: Double(i) / 4, y: Int32(i) - 50, label: "p\(i)", note: note, seen: i % 2 == 0)
        }
    }

    @Test func afterWarmUpNoCoderOrContainerIsMadePerValue() throws {
        let s = try AvroSchema(parsing: Self.pointSchema)
        let enc = AvroEncoder(schema: s)
        let dec = AvroDecoder(schema: s)
        for p in Self.points(1_000) {
            let bytes = try enc.encode(p)
            let general = try s.encodeGenerally(p)
            #expect(bytes == general)
            let back = try dec.decode(Point.self, from: bytes)
            #expect(back == p)
        }
        #expect(enc.plan.encoders.made == 1)
        #expect(dec.plan.decoders.made == 1)
        #expect(enc.plan.counters.slots == 1)
        #expect(dec.plan.counters.slots == 1)
        #expect(enc.plan.encoders.retirements == 0)
        #expect(dec.plan.decoders.retirements == 0)
    }

    /// Keeps its keyed container after `init(from:)` / `encode(to:)` returned.
    final class Keeper: @unchecked Sendable {
        // @unchecked Sendable: written once per test, on the test's own task.
        var decoding: KeyedDecodingContainer<Point.CodingKeys>?
        var encoding: KeyedEncodingContainer<Point.CodingKeys>?
    }
    static let keeper = Keeper()

    struct KeepsDecodingContainer: Decodable, Equatable {
        var x: Double
        init(x: Double) { self.x = x }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Point.CodingKeys.self)
            x = try c.decode(Double.self, forKey: .x)
            PooledCoderTests.keeper.decoding = c
        }
    }

    struct KeepsEncodingContainer: Encodable {
        var x: Double
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Point.CodingKeys.self)
            try c.encode(x, forKey: .x)
            PooledCoderTests.keeper.encoding = c
        }
    }

    @Test func aTypeThatKeepsItsContainerRetiresTheDirectPathSafely() throws {
        let s = try AvroSchema(parsing: Self.pointSchema)
        let bytes = try AvroEncoder(schema: s).encode(Point(x: 2.5, y: 1, label: "a", note: nil, seen: true))
        var dec: AvroDecoder? = AvroDecoder(schema: s)
        #expect(try dec!.decode(KeepsDecodingContainer.self, from: bytes) == KeepsDecodingContainer(x: 2.5))
        let keptDecoding = Self.keeper.decoding
        #expect(dec!.plan.decoders.retirements == 1)
        let direct = dec!.plan.decoders.isEnabled
        #expect(!direct)
        // The general path answers from now on, and still right.
        #expect(try dec!.decode(KeepsDecodingContainer.self, from: bytes) == KeepsDecodingContainer(x: 2.5))
        dec = nil
        // The kept container outlives its decoder and plan: using it is an error, not a crash.
        #expect(throws: (any Error).self) { _ = try keptDecoding?.decode(Double.self, forKey: .x) }

        var enc: AvroEncoder? = AvroEncoder(schema: try AvroSchema(parsing: #"{"type":"record","name":"Point","fields":[{"name":"x","type":"double"}]}"#))
        let written = try enc!.encode(KeepsEncodingContainer(x: 1.5))
        var keptEncoding = Self.keeper.encoding
        #expect(written == [0, 0, 0, 0, 0, 0, 0xF8, 0x3F])
        #expect(enc!.plan.encoders.retirements == 1)
        #expect(try enc!.encode(KeepsEncodingContainer(x: 1.5)) == written)
        enc = nil
        #expect(throws: (any Error).self) { try keptEncoding?.encode(3.0, forKey: .x) }
    }

    /// Keys stored as strings (not plain data): matched by name.
    struct NamedKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct ByName: Codable, Equatable {
        var x: Double
        var label: String
        init(x: Double, label: String) { self.x = x; self.label = label }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: NamedKey.self)
            x = try c.decode(Double.self, forKey: NamedKey(stringValue: "x"))
            label = try c.decode(String.self, forKey: NamedKey(stringValue: "label"))
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: NamedKey.self)
            try c.encode(x, forKey: NamedKey(stringValue: "x"))
            try c.encode(label, forKey: NamedKey(stringValue: "label"))
        }
    }

    @Test func keysThatAreNotPlainDataGoByName() throws {
        let s = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"x","type":"double"},{"name":"y","type":"int","default":7},{"name":"label","type":"string"}]}"#)
        let v = ByName(x: -1.25, label: "é")
        let bytes = try #require(AvroEncoder(schema: s).directEncode(v))
        let general = try s.encodeGenerally(v)
        #expect(bytes == general)
        #expect(AvroDecoder(schema: s).directDecode(ByName.self, from: bytes) == v)
    }

    /// Renamed keys (raw values other than the property names) and a skipped schema field.
    struct Renamed: Codable, Equatable {
        var tripDistance: Double
        var fare: Int64
        enum CodingKeys: String, CodingKey {
            case tripDistance = "trip_distance"
            case fare = "fare_amount"
        }
    }

    @Test func renamedKeysAndSkippedFieldsGoByBits() throws {
        let s = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"trip_distance","type":"double"},{"name":"unused","type":"string","default":"u"},{"name":"fare_amount","type":"long"}]}"#)
        let v = Renamed(tripDistance: 3.5, fare: -9)
        let bytes = try #require(AvroEncoder(schema: s).directEncode(v))
        let general = try s.encodeGenerally(v)
        #expect(bytes == general)
        #expect(AvroDecoder(schema: s).directDecode(Renamed.self, from: bytes) == v)
        // Enum keys compare as their one byte; keys holding a string go by name.
        #expect(KeyedSlot(Renamed.CodingKeys.self, node: 0, fieldNames: ["fare_amount", "x", "trip_distance"], fieldKinds: [.long, .int, .double]).table.keySize == 1)
        #expect(KeyedSlot(NamedKey.self, node: 0, fieldNames: ["a"], fieldKinds: [.int]).table.keySize == -1)
    }

    struct Node: Codable, Equatable { var value: Int32; var children: [Node] }
    static let nodeSchema = #"{"type":"record","name":"Node","fields":[{"name":"value","type":"int"},{"name":"children","type":{"type":"array","items":"Node"}}]}"#

    @Test func recursiveRecordsShareOneContainerPerNode() throws {
        let s = try AvroSchema(parsing: Self.nodeSchema)
        let tree = Node(value: 1, children: [Node(value: 2, children: [Node(value: 3, children: [])]), Node(value: 4, children: [])])
        let enc = AvroEncoder(schema: s)
        let dec = AvroDecoder(schema: s)
        for _ in 0..<10 {
            let bytes = try #require(enc.directEncode(tree))
            let general = try s.encodeGenerally(tree)
            #expect(bytes == general)
            #expect(dec.directDecode(Node.self, from: bytes) == tree)
        }
        #expect(dec.plan.counters.slots == 1)
        #expect(dec.plan.decoders.retirements == 0)
    }

    @Test func concurrentCallersShareOnePlan() async throws {
        let s = try AvroSchema(parsing: Self.pointSchema)
        let enc = AvroEncoder(schema: s)
        let dec = AvroDecoder(schema: s)
        let points = Self.points(400)
        let expected = try points.map { try s.encodeGenerally($0) }
        let failures = Counter()
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for (i, p) in points.enumerated() where i % 8 == t || t == 0 {
                        guard let bytes = try? enc.encode(p), bytes == expected[i], (try? dec.decode(Point.self, from: bytes)) == p else {
                            failures.add()
                            continue
                        }
                    }
                }
            }
        }
        #expect(failures.value == 0)
        #expect(dec.plan.decoders.made <= 8)
        #expect(dec.plan.decoders.retirements == 0)
    }
}

final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

extension AvroSchema {
    /// The bytes of the general (value-tree) path, for comparing the direct path's with.
    func encodeGenerally<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = AvroEncoder(schema: self)
        return try encoder.codec.encode(try encoder.avroValue(value))
    }
}
