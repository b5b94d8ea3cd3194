import SteleJSON
import Testing
@testable import SteleAvro
import SteleTestSupport

@Suite struct ResolverTests {
    func resolve(writer: String, reader: String, _ value: AvroValue) throws -> AvroValue {
        let w = try AvroSchema(parsing: writer), r = try AvroSchema(parsing: reader)
        return try AvroResolver(writer: w, reader: r).decode(try AvroCodec(schema: w).encode(value))
    }

    @Test func defaultsOfEveryTypeFillMissingFields() throws {
        let reader = #"""
            {"type":"record","name":"R","fields":[
              {"name":"id","type":"long"},
              {"name":"n","type":"null","default":null},{"name":"b","type":"boolean","default":true},
              {"name":"i","type":"int","default":-3},{"name":"l","type":"long","default":9000000000},
              {"name":"f","type":"float","default":1.5},{"name":"d","type":"double","default":2},
              {"name":"by","type":"bytes","default":"\u00ffA"},{"name":"s","type":"string","default":"x"},
              {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]},"default":"B"},
              {"name":"fx","type":{"type":"fixed","name":"F","size":2},"default":"ab"},
              {"name":"a","type":{"type":"array","items":"int"},"default":[1,2]},
              {"name":"m","type":{"type":"map","values":"string"},"default":{"k":"v"}},
              {"name":"u","type":["null","string"],"default":null},
              {"name":"u2","type":["string","null"],"default":"first"},
              {"name":"rec","type":{"type":"record","name":"S","fields":[{"name":"x","type":"int"}]},"default":{"x":7}}
            ]}
            """#
        let v = try resolve(writer: #"{"type":"record","name":"R","fields":[{"name":"id","type":"long"}]}"#, reader: reader, .record([.long(5)]))
        #expect(v == .record([
            .long(5), .null, .boolean(true), .int(-3), .long(9_000_000_000), .float(1.5), .double(2), .bytes([0xff, 0x41]),
            .string("x"), .enumeration(1), .fixed([0x61, 0x62]), .array([.int(1), .int(2)]), .map([AvroMapEntry(key: "k", value: .string("v"))]),
            .union(0, .null), .union(0, .string("first")), .record([.int(7)]),
        ]))
    }

    @Test func promotions() throws {
        #expect(try resolve(writer: #""int""#, reader: #""long""#, .int(-7)) == .long(-7))
        #expect(try resolve(writer: #""int""#, reader: #""float""#, .int(3)) == .float(3))
        #expect(try resolve(writer: #""int""#, reader: #""double""#, .int(3)) == .double(3))
        #expect(try resolve(writer: #""long""#, reader: #""float""#, .long(1 << 40)) == .float(Float(1 << 40)))
        #expect(try resolve(writer: #""long""#, reader: #""double""#, .long(12)) == .double(12))
        #expect(try resolve(writer: #""float""#, reader: #""double""#, .float(0.5)) == .double(0.5))
        #expect(try resolve(writer: #""string""#, reader: #""bytes""#, .string("hé")) == .bytes(Array("hé".utf8)))
        #expect(try resolve(writer: #""bytes""#, reader: #""string""#, .bytes(Array("ok".utf8))) == .string("ok"))
        #expect(throws: AvroDecodingError.self) { try resolve(writer: #""bytes""#, reader: #""string""#, .bytes([0xff])) }
    }

    @Test func aliasesSkippingAndReordering() throws {
        let writer = #"{"type":"record","name":"Old","fields":[{"name":"a","type":"int"},{"name":"gone","type":{"type":"array","items":"string"}},{"name":"b","type":"string"}]}"#
        let reader = #"{"type":"record","name":"New","aliases":["Old"],"fields":[{"name":"bee","type":"string","aliases":["b"]},{"name":"a","type":"long"}]}"#
        let v = try resolve(writer: writer, reader: reader, .record([.int(1), .array([.string("x"), .string("y")]), .string("z")]))
        #expect(v == .record([.string("z"), .long(1)]))
    }

    @Test func enumDefaultAndMissingSymbols() throws {
        let w = #"{"type":"enum","name":"E","symbols":["A","B","C"]}"#
        #expect(try resolve(writer: w, reader: #"{"type":"enum","name":"E","symbols":["C","X","A"],"default":"X"}"#, .enumeration(1)) == .enumeration(1))
        #expect(try resolve(writer: w, reader: #"{"type":"enum","name":"E","symbols":["C","A"]}"#, .enumeration(0)) == .enumeration(1))
        do {
            _ = try resolve(writer: w, reader: #"{"type":"enum","name":"E","symbols":["C","A"]}"#, .enumeration(1))
            Issue.record("resolved a missing symbol")
        } catch let error as AvroDecodingError {
            #expect(error.code == .unresolvable)
            #expect(error.detail.contains("symbol B"))
        }
    }

    @Test func unionCases() throws {
        // writer union → reader union (branch moved), writer union → reader non-union, writer
        // non-union → reader union (exact branch first, else promotion).
        #expect(try resolve(writer: #"["null","int"]"#, reader: #"["long","null","int"]"#, .union(1, .int(4))) == .union(2, .int(4)))
        #expect(try resolve(writer: #"["null","int"]"#, reader: #"["long","null"]"#, .union(1, .int(4))) == .union(0, .long(4)))
        #expect(try resolve(writer: #"["int","string"]"#, reader: #""string""#, .union(1, .string("s"))) == .string("s"))
        do {
            _ = try resolve(writer: #"["int","string"]"#, reader: #""string""#, .union(0, .int(1)))
            Issue.record("resolved an int as string")
        } catch let error as AvroDecodingError {
            #expect(error.code == .unresolvable)
        }
        #expect(try resolve(writer: #""int""#, reader: #"["null","double","int"]"#, .int(2)) == .union(2, .int(2)))
        #expect(try resolve(writer: #""int""#, reader: #"["null","double"]"#, .int(2)) == .union(1, .double(2)))
        let rec = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#
        #expect(try resolve(writer: rec, reader: #"["null",{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}]"#, .record([.int(1)])) == .union(1, .record([.long(1)])))
    }

    /// Three independent pieces agree on every authored pair: the schema checker, the
    /// datum-level witness resolver and this binary resolver.
    @Test func agreesWithTheCheckerOnEveryFixturePair() throws {
        var compatibleChecked = 0, witnessesRejected = 0
        for c in try ReaderWriterFixtureTests.load() {
            let reader = try AvroSchema(parsing: c.reader, options: .lenient)
            let writer = try AvroSchema(parsing: c.writer, options: .lenient)
            let resolver = AvroResolver(writer: writer, reader: reader)
            let writerCodec = AvroCodec(schema: writer), readerCodec = AvroCodec(schema: reader)
            if c.compatible {
                guard writer.instantiableNodes[writer.root.index] else { continue }
                var gen = RandomDatum(writer, seed: 3)
                for _ in 0..<20 {
                    let v = gen.next()
                    let out: AvroValue
                    do {
                        out = try resolver.decode(try writerCodec.encode(v))
                    } catch let error as AvroDecodingError where error.code == .invalidUTF8 {
                        continue  // random bytes promoted to string need not be UTF-8: an error, rightly
                    }
                    _ = try readerCodec.encode(out)  // a valid reader datum
                }
                compatibleChecked += 1
            } else {
                let builder = AvroWitnessBuilder(reader: reader, writer: writer)
                for inc in AvroCompatibility().incompatibilities(reader: reader, writer: writer) {
                    guard let witness = builder.witness(for: inc) else { continue }
                    let bytes = try writerCodec.encode(try AvroJSONEncoding(schema: writer).value(from: witness))
                    do {
                        _ = try resolver.decode(bytes)
                        Issue.record("\(c.name): the witness \(JSONWriter.compact(witness)) resolved")
                    } catch {
                        #expect(error.code == .unresolvable, "\(c.name): \(error)")
                        witnessesRejected += 1
                    }
                }
            }
        }
        print("resolver: \(compatibleChecked) compatible pairs × 20 random datums resolved; \(witnessesRejected) witnesses rejected")
        #expect(compatibleChecked > 90)
        #expect(witnessesRejected == 108)
    }
}
