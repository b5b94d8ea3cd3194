import Testing
@testable import SteleAvro
import SteleTestSupport

@Suite struct BinaryCodecTests {
    func codec(_ text: String, _ limits: AvroDecodingLimits = .default) throws -> AvroCodec {
        AvroCodec(schema: try AvroSchema(parsing: text), limits: limits)
    }

    // The Avro specification's examples ("Binary Encoding").
    @Test func specificationExamples() throws {
        let long = try codec(#""long""#)
        for (v, bytes) in [(0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (2, [0x04]), (-64, [0x7f]), (64, [0x80, 0x01])] as [(Int64, [UInt8])] {
            #expect(try long.encode(.long(v)) == bytes)
            #expect(try long.decode(bytes) == .long(v))
        }
        #expect(try codec(#""string""#).encode(.string("foo")) == [0x06, 0x66, 0x6f, 0x6f])
        let union = try codec(#"["null","string"]"#)
        #expect(try union.encode(.union(0, .null)) == [0x00])
        #expect(try union.encode(.union(1, .string("a"))) == [0x02, 0x02, 0x61])
        let array = try codec(#"{"type":"array","items":"long"}"#)
        #expect(try array.encode(.array([.long(3), .long(27)])) == [0x04, 0x06, 0x36, 0x00])
        let record = try codec(#"{"type":"record","name":"test","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#)
        #expect(try record.encode(.record([.long(27), .string("foo")])) == [0x36, 0x06, 0x66, 0x6f, 0x6f])
        #expect(try codec(#""double""#).encode(.double(1.0)) == [0, 0, 0, 0, 0, 0, 0xf0, 0x3f])
        #expect(try codec(#""float""#).encode(.float(1.0)) == [0, 0, 0x80, 0x3f])
        #expect(try codec(#""boolean""#).encode(.boolean(true)) == [1])
        #expect(try codec(#""int""#).encode(.int(Int32.min)) == [0xff, 0xff, 0xff, 0xff, 0x0f])
        #expect(try codec(#""long""#).encode(.long(Int64.min)) == [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
    }

    @Test func negativeBlockCountsWithSizesDecodeAndSkip() throws {
        let array = try codec(#"{"type":"array","items":"long"}"#)
        // Block of -2 items, 2 bytes, then end.
        let bytes: [UInt8] = [0x03, 0x04, 0x06, 0x36, 0x00]
        #expect(try array.decode(bytes) == .array([.long(3), .long(27)]))
        #expect(try array.skip(bytes) == 5)
    }

    static let schemas: [String] = [
        #"{"type":"record","name":"Ride","fields":[{"name":"VendorID","type":"int"},{"name":"pickup","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"distance","type":"double"},{"name":"flag","type":"string"},{"name":"fare","type":"float"},{"name":"ok","type":"boolean"}]}"#,
        #"{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"kids","type":{"type":"array","items":"Node"}},{"name":"next","type":["null","Node"]}]}"#,
        #"{"type":"map","values":{"type":"array","items":["null","bytes",{"type":"fixed","name":"F","size":3}]}}"#,
        #"["null","int","long","float","double","bytes","string",{"type":"enum","name":"E","symbols":["A","B","C"]},{"type":"array","items":"int"},{"type":"map","values":"string"},{"type":"record","name":"R","fields":[]}]"#,
        #"{"type":"record","name":"Order","fields":[{"name":"status","type":{"type":"enum","name":"S","symbols":["P","Q"]}},{"name":"items","type":{"type":"array","items":{"type":"record","name":"I","fields":[{"name":"sku","type":"string"},{"name":"qty","type":"int"},{"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}}]}}},{"name":"attrs","type":{"type":"map","values":"string"}},{"name":"sum","type":{"type":"fixed","name":"MD5","size":16}}]}"#,
    ]

    @Test(arguments: schemas)
    func randomDatumsRoundTripAndSkip(_ text: String) throws {
        let c = try codec(text)
        var gen = RandomDatum(c.schema, seed: 42)
        for _ in 0..<300 {
            let v = gen.next()
            let bytes = try c.encode(v)
            #expect(try c.decode(bytes) == v)
            #expect(try c.skip(bytes) == bytes.count)
        }
    }

    /// As swift-nio's ByteToMessageDecoderVerifier: every prefix of a valid encoding is
    /// reported as truncated (or another error), never a trap or a wrong datum.
    @Test(arguments: schemas)
    func everyTruncationIsAnError(_ text: String) throws {
        let c = try codec(text)
        var gen = RandomDatum(c.schema, seed: 7)
        for _ in 0..<40 {
            let bytes = try c.encode(gen.next())
            for cut in 0..<bytes.count {
                do {
                    // The binary encoding is prefix-free: no proper prefix is a whole datum.
                    _ = try c.decode(Array(bytes[..<cut]))
                    Issue.record("a \(cut)-byte prefix of a \(bytes.count)-byte datum decoded")
                } catch {
                    #expect([.truncated, .lengthExceedsInput, .invalidBlockSize].contains(error.code), "\(error)")
                }
            }
        }
    }

    @Test func hostileBytes() throws {
        let nulls = try codec(#"{"type":"array","items":"null"}"#)
        // A 7-byte message claiming ~2^40 items of a zero-width type fails at once.
        let claim: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]
        #expect(throws: AvroDecodingError.self) { try nulls.decode(claim) }
        do { _ = try nulls.decode(claim) } catch { #expect(error.code == .itemLimitExceeded) }
        let s = try codec(#""string""#)
        do { _ = try s.decode([0xfe, 0xff, 0xff, 0xff, 0x0f]) } catch { #expect(error.code == .lengthExceedsInput) }
        do { _ = try s.decode([0x01]) } catch { #expect(error.code == .negativeLength) }
        do { _ = try s.decode([0x04, 0xff, 0xfe]) } catch { #expect(error.code == .invalidUTF8) }
        let l = try codec(#""long""#)
        do { _ = try l.decode([UInt8](repeating: 0xff, count: 11)) } catch { #expect(error.code == .invalidVarint) }
        do { _ = try l.decode([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]) } catch { #expect(error.code == .invalidVarint) }
        do { _ = try l.decode([0x02, 0x00]) } catch { #expect(error.code == .trailingBytes) }
        let i = try codec(#""int""#)
        do { _ = try i.decode([0xff, 0xff, 0xff, 0xff, 0x1f]) } catch { #expect(error.code == .intOutOfRange) }
        let e = try codec(#"{"type":"enum","name":"E","symbols":["A"]}"#)
        do { _ = try e.decode([0x01]) } catch { #expect(error.code == .enumIndexOutOfRange) }  // -1
        do { _ = try e.decode([0x02]) } catch { #expect(error.code == .enumIndexOutOfRange) }
        let u = try codec(#"["null","int"]"#)
        do { _ = try u.decode([0x04]) } catch { #expect(error.code == .unionIndexOutOfRange) }
        let b = try codec(#""boolean""#)
        do { _ = try b.decode([0x02]) } catch { #expect(error.code == .invalidBoolean) }
        // Deep recursion in data: a linked list 100,000 levels deep stops at the depth limit.
        let list = try codec(#"{"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]}"#)
        let deep = [UInt8](repeating: 0x02, count: 100_000) + [0x00]
        do { _ = try list.decode(deep) } catch { #expect(error.code == .depthLimitExceeded) }
        do { _ = try list.skip(deep) } catch { #expect(error.code == .depthLimitExceeded) }
    }

    @Test func encodingErrorsNameThePath() throws {
        let c = try codec(#"{"type":"record","name":"R","fields":[{"name":"items","type":{"type":"array","items":{"type":"record","name":"I","fields":[{"name":"qty","type":"int"}]}}}]}"#)
        do {
            _ = try c.encode(.record([.array([.record([.int(1)]), .record([.string("x")])])]))
            Issue.record("encoded a mismatched value")
        } catch {
            #expect(error.path == ["items", "[1]", "qty"])
            #expect(error.description == "items.[1].qty: expected a value of type int, found string")
        }
        #expect(throws: AvroEncodingError.self) { try c.encode(.null) }
    }

    /// Fuzz: random and mutated byte strings for each schema family never trap or hang, and
    /// memory stays bounded by the limits. 100,000 inputs per family.
    @Test(arguments: Array(schemas.enumerated()))
    func fuzz(_ entry: (offset: Int, element: String)) throws {
        let c = try codec(entry.element, AvroDecodingLimits(maxItems: 100_000, maxDepth: 64))
        var gen = RandomDatum(c.schema, seed: UInt64(entry.offset) + 1)
        var rng = SplitMix64(seed: 0xF00D + UInt64(entry.offset))
        let seeds = try (0..<64).map { _ in try c.encode(gen.next()) }
        var decoded = 0
        for n in 0..<100_000 {
            let input = HostileInput.next(seeds: seeds, iteration: n, rng: &rng)
            let value = try? c.decode(input)
            let skipped = try? c.skip(input)
            if let value {
                decoded += 1
                // Whatever decodes is a real datum: skip agrees on its length, and it survives
                // a round trip through the encoder.
                #expect(skipped == input.count)
                // Compare bytes, not values: NaN payloads are equal bytes but never equal values.
                let canonical = try c.encode(value)
                #expect(try c.encode(try c.decode(canonical)) == canonical)
            }
        }
        // The mutations keep some inputs valid, so the property checks above really ran.
        #expect(decoded > 0)
        print("fuzz family \(entry.offset): 100000 inputs, \(decoded) decoded")
    }
}
