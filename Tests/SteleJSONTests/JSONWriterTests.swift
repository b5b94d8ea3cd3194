import Testing
@testable import SteleJSON

@Suite struct JSONWriterTests {
    @Test func compactRoundTripsSourceOrderAndNumbers() throws {
        let text = #"{"b":[1,2.50,-3e2,null,true],"a":{"x":"y"},"big":12345678901234567890123}"#
        #expect(JSONWriter.compact(try JSONParser.parse(text)) == text)
    }

    @Test func canonicalSortsKeysByUTF16CodeUnits() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":{"d":1,"c":2},"A":0,"é":1,"😀":2,"ｚ":3}"#)
        // U+1F600 is a surrogate pair (0xD83D…) and sorts before U+FF5A in UTF-16 order.
        #expect(JSONWriter.canonical(v) == #"{"A":0,"a":{"c":2,"d":1},"b":1,"é":1,"😀":2,"ｚ":3}"#)
    }

    @Test func escapesAsJacksonDoes() {
        #expect(JSONWriter.quoted("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(JSONWriter.quoted("\u{8}\u{c}\n\r\t") == #""\b\f\n\r\t""#)
        #expect(JSONWriter.quoted("\u{1}\u{1f}") == #""\u0001\u001F""#)
        #expect(JSONWriter.quoted("é\u{2028}") == "\"é\u{2028}\"")
    }

    @Test func escapedOutputParsesBackToTheSameString() throws {
        let s = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) }) + "é😀"
        #expect(try JSONParser.parse(JSONWriter.quoted(s)) == .string(s))
    }

    @Test func javaNumberStyle() {
        let cases: [(Double, String)] = [
            (100, "100.0"), (1.5, "1.5"), (0.001, "0.001"), (0.0001, "1.0E-4"), (1e7, "1.0E7"),
            (9_999_999, "9999999.0"), (12_345_678, "1.2345678E7"), (1e10, "1.0E10"), (-2.5, "-2.5"),
            (0, "0.0"), (1.0 / 3.0, "0.3333333333333333"), (1e-300, "1.0E-300"), (123.456, "123.456"),
        ]
        for (d, expected) in cases {
            #expect(JSONNumberFormat.java(d) == expected, "\(d)")
        }
        #expect(JSONNumberFormat.javaFloat(0.1) == "0.1")
        #expect(JSONNumberFormat.javaFloat(1e10) == "1.0E10")
        #expect(JSONNumberFormat.javaFloat(3) == "3.0")
        let w = JSONWriter(options: .init(numberStyle: .java))
        #expect(w.string(try! JSONParser.parse("[1e2,1,2.50,99999999999999999999]")) == "[100.0,1,2.5,99999999999999999999]")
    }

    @Test func shortestNumberStyleIsValidJSON() throws {
        for d in [1.0, 0.1, 1e30, 1e-7, -3.25, 123456789.0] {
            let text = JSONNumberFormat.shortest(d)
            guard case .number(let n) = try JSONParser.parse(text) else { Issue.record("\(text)"); continue }
            #expect(n.double == d)
        }
    }
}
