import Testing
@testable import SteleJSON

@Suite struct JSONParserTests {
    func parse(_ text: String, _ options: JSONParser.Options = .default) throws -> JSONValue {
        try JSONParser(options: options).parse(text)
    }

    func code(_ text: String, _ options: JSONParser.Options = .default) -> JSONParseError.Code? {
        do {
            _ = try JSONParser(options: options).parse(text)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("42") == .int(42))
        #expect(try parse("-17") == .int(-17))
    }

    @Test func integersAreExactAcrossTheInt64Range() throws {
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        // Beyond Int64: kept as text, never rounded.
        guard case .number(let n) = try parse("9223372036854775808") else { Issue.record("expected number"); return }
        #expect(n.text == "9223372036854775808")
        #expect(n.isIntegerLiteral)
        guard case .number(let big) = try parse("123456789012345678901234567890") else { Issue.record("expected number"); return }
        #expect(big.text == "123456789012345678901234567890")
        #expect(JSONWriter.compact(.number(big)) == "123456789012345678901234567890")
    }

    @Test func fractionsKeepTheirTextAndDouble() throws {
        guard case .number(let n) = try parse("1.50") else { Issue.record("expected number"); return }
        #expect(n.text == "1.50")
        #expect(n.double == 1.5)
        guard case .number(let e) = try parse("-2.5E-3") else { Issue.record("expected number"); return }
        #expect(e.double == -0.0025)
        guard case .number(let huge) = try parse("1e400") else { Issue.record("expected number"); return }
        #expect(huge.double == .infinity)
        #expect(huge.text == "1e400")
        guard case .number(let one) = try parse("1.0") else { Issue.record("expected number"); return }
        #expect(one.isIntegral)
        #expect(!one.isIntegerLiteral)
    }

    @Test func rejectsMalformedNumbers() {
        for bad in ["01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "-01"] {
            #expect(code(bad) != nil, "\(bad) should be rejected")
        }
        #expect(code("01") == .invalidNumber)
    }

    @Test func stringsAndEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try parse(#""\u00e9\u4E2D""#) == .string("é中"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse("\"é中😀\"") == .string("é中😀"))
        #expect(code(#""\ud83d""#) == .loneSurrogate)
        #expect(code(#""\ude00""#) == .loneSurrogate)
        #expect(code(#""\x""#) == .invalidEscape)
        #expect(code(#""\u12""#) == .invalidUnicodeEscape)
        #expect(code("\"a\nb\"") == .controlCharacterInString)
        #expect(code("\"abc") == .unexpectedEndOfInput)
    }

    @Test func invalidUTF8IsRejected() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],  // invalid byte
            [0x22, 0xC0, 0x80, 0x22],  // overlong NUL
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
        ]
        for bytes in cases {
            do {
                _ = try JSONParser().parse(bytes)
                Issue.record("accepted invalid UTF-8 \(bytes)")
            } catch {
                #expect(error.code == .invalidUTF8)
            }
        }
    }

    @Test func objectsKeepOrderAndDetectDuplicates() throws {
        let v = try parse(#"{"b":1,"a":2,"c":{"z":true}}"#)
        #expect(v.objectValue?.keys == ["b", "a", "c"])
        #expect(v["c"]?["z"] == .bool(true))
        #expect(code(#"{"a":1,"a":2}"#) == .duplicateKey)
        let last = try parse(#"{"a":1,"a":2}"#, .init(duplicateKeys: .keepLast))
        #expect(last["a"] == .int(2))
        let first = try parse(#"{"a":1,"a":2}"#, .init(duplicateKeys: .keepFirst))
        #expect(first["a"] == .int(1))
    }

    @Test func largeObjectsUseAnIndexAndStillDetectDuplicates() throws {
        let members = (0..<200).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let v = try parse("{\(members)}")
        #expect(v["k150"] == .int(150))
        #expect(code("{\(members),\"k7\":0}") == .duplicateKey)
    }

    @Test func structuralErrorsAreReportedWithPositions() {
        do {
            _ = try JSONParser().parse("{\n  \"a\": [1, 2,,]\n}")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .unexpectedCharacter)
            #expect(error.position.line == 2)
            #expect(error.position.column == 14)
        }
        #expect(code("") == .emptyInput)
        #expect(code("   ") == .emptyInput)
        #expect(code("[1] x") == .trailingContent)
        #expect(code("{\"a\" 1}") == .unexpectedCharacter)
        #expect(code("[1,]") == .unexpectedCharacter)
        #expect(code("{\"a\":1,}") == .unexpectedCharacter)
        #expect(code("tru") == .invalidLiteral)
        #expect(code("[") == .unexpectedEndOfInput)
    }

    @Test func depthLimitStopsDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(code(deep) == .depthLimitExceeded)
        let deepObjects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(code(deepObjects) == .depthLimitExceeded)
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(code(ok) == nil)
        #expect(code("[[[]]]", .init(maxDepth: 2)) == .depthLimitExceeded)
    }

    @Test func sizeLimit() {
        #expect(code("[1,2,3]", .init(maxBytes: 4)) == .sizeLimitExceeded)
    }

    @Test func sourceMapGivesLineAndColumnOfEveryValue() throws {
        let text = "{\n  \"name\": \"x\",\n  \"fields\": [\n    {\"type\": \"é\", \"n\": 1}\n  ]\n}"
        let (_, map) = try JSONParser().parseWithSourceMap(text)
        #expect(map.position(of: "/name") == SourcePosition(line: 2, column: 11, offset: 12))
        #expect(map.position(of: "/fields/0")?.line == 4)
        #expect(map.position(of: "/fields/0")?.column == 5)
        #expect(map.position(of: "/fields/0/n")?.column == 24)  // é counts as one column
        #expect(map.position(of: "")?.line == 1)
        // An unknown pointer falls back to its nearest known ancestor.
        #expect(map.position(of: "/fields/0/missing")?.column == 5)
        #expect(map.keyRange(of: "/name")?.start.column == 3)
    }
}

@Suite struct UTF8ValidationTests {
    func check(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) } }

    @Test func agreesWithTheStandardLibrary() {
        var rng: UInt64 = 12345
        for n in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<(n % 23) {
                rng = rng &* 6364136223846793005 &+ 1442695040888963407
                let r = UInt8(truncatingIfNeeded: rng >> 33)
                // Mostly ASCII, some lead and continuation bytes, some valid multibyte.
                switch r % 5 {
                case 0: bytes += Array("é😀中".utf8).prefix(Int(r % 9) + 1)
                case 1: bytes.append(0x80 | (r & 0x7F))
                default: bytes.append(r & 0x7F)
                }
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect((check(bytes) == nil) == expected, "\(bytes)")
        }
        #expect(check([0x61, 0xED, 0xA0, 0x80]) == 1)
        #expect(check(Array("plain ascii text that is long".utf8)) == nil)
    }
}
