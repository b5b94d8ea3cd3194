import SteleJSON
import Testing
@testable import SteleAvro
import SteleTestSupport

@Suite struct JSONEncodingTests {
    func enc(_ text: String) throws -> AvroJSONEncoding { AvroJSONEncoding(schema: try AvroSchema(parsing: text)) }

    @Test func unionsBytesAndEnums() throws {
        let e = try enc(#"{"type":"record","name":"R","fields":[{"name":"u","type":["null","string",{"type":"record","name":"a.S","fields":[]}]},{"name":"b","type":"bytes"},{"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y"]}},{"name":"f","type":{"type":"fixed","name":"F","size":2}}]}"#)
        let json = try JSONParser.parse(#"{"u":{"string":"hi"},"b":"\u00ff\u0000a","e":"Y","f":"\u0001\u0002"}"#)
        let v = try e.value(from: json)
        #expect(v == .record([.union(1, .string("hi")), .bytes([0xff, 0, 0x61]), .enumeration(1), .fixed([1, 2])]))
        #expect(try e.json(from: v) == json)
        let named = try e.value(from: try JSONParser.parse(#"{"u":{"a.S":{}},"b":"","e":"X","f":"ab"}"#))
        #expect(try JSONWriter.compact(e.json(from: named)) == #"{"u":{"a.S":{}},"b":"","e":"X","f":"ab"}"#)
        let null = try e.value(from: try JSONParser.parse(#"{"u":null,"b":"","e":"X","f":"ab"}"#))
        #expect(try JSONWriter.compact(e.json(from: null)) == #"{"u":null,"b":"","e":"X","f":"ab"}"#)
    }

    @Test func defaultsFillMissingFieldsAndUnionDefaultsAreUnwrapped() throws {
        let e = try enc(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":["string","null"],"default":"x"},{"name":"c","type":{"type":"array","items":"long"},"default":[1,2]}]}"#)
        let v = try e.value(from: ["a": 1])
        #expect(v == .record([.int(1), .union(0, .string("x")), .array([.long(1), .long(2)])]))
    }

    @Test func numbersAsJavaWritesThem() throws {
        let e = try enc(#"{"type":"record","name":"N","fields":[{"name":"f","type":"float"},{"name":"d","type":"double"},{"name":"n","type":"double"}]}"#)
        let v = AvroValue.record([.float(0.1), .double(1e10), .double(.nan)])
        #expect(JSONWriter.compact(try e.json(from: v)) == #"{"f":0.1,"d":1.0E10,"n":"NaN"}"#)
        let back = try e.value(from: try e.json(from: v))
        guard case .record(let fields) = back, case .double(let n) = fields[2] else { Issue.record("shape"); return }
        #expect(n.isNaN)
        #expect(fields[0] == .float(0.1))
    }

    @Test func errorsNameThePath() throws {
        let e = try enc(#"{"type":"record","name":"R","fields":[{"name":"items","type":{"type":"array","items":["null","int"]}}]}"#)
        let input = try JSONParser.parse(#"{"items":[null,{"int":1},{"long":2}]}"#)
        do {
            _ = try e.value(from: input)
            Issue.record("accepted")
        } catch {
            #expect(error.path == ["items", "[2]"])
            #expect(error.detail.contains("\"long\" is not a branch"))
        }
        #expect(throws: AvroEncodingError.self) { try e.value(from: ["items": [], "extra": 1]) }
        #expect(throws: AvroEncodingError.self) { try e.value(from: [:]) }
        #expect(throws: AvroEncodingError.self) { try enc(#""int""#).value(from: 3_000_000_000) }
        #expect(throws: AvroEncodingError.self) { try enc(#""bytes""#).value(from: "€") }
    }

    @Test(arguments: BinaryCodecTests.schemas)
    func binaryAndJSONAgree(_ text: String) throws {
        let schema = try AvroSchema(parsing: text)
        let codec = AvroCodec(schema: schema)
        let e = AvroJSONEncoding(schema: schema)
        var gen = RandomDatum(schema, seed: 99)
        for _ in 0..<200 {
            let v = gen.next()
            let json = try e.json(from: v)
            // Through JSON text and back, the binary encoding is unchanged.
            let reparsed = try JSONParser.parse(JSONWriter.compact(json))
            #expect(try codec.encode(try e.value(from: reparsed)) == (try codec.encode(v)))
        }
    }
}
