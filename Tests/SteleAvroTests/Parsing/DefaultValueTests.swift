import SteleSchema
import Testing
@testable import SteleAvro

@Suite struct DefaultValueTests {
    func record(_ type: String, _ defaultJSON: String) -> String {
        #"{"type":"record","name":"R","fields":[{"name":"f","type":\#(type),"default":\#(defaultJSON)}]}"#
    }

    @Test func validDefaultsOfEveryType() {
        let cases: [(String, String)] = [
            (#""null""#, "null"), (#""boolean""#, "true"), (#""int""#, "-2147483648"), (#""long""#, "9223372036854775807"),
            (#""float""#, "1.5"), (#""float""#, "3"), (#""double""#, "1e10"), (#""bytes""#, #""\u00ff\u0000""#),
            (#""string""#, #""héllo""#), (#"{"type":"enum","name":"E","symbols":["A","B"]}"#, #""B""#),
            (#"{"type":"fixed","name":"F","size":2}"#, #""\u00ffa""#), (#"{"type":"array","items":"int"}"#, "[1,2]"),
            (#"{"type":"map","values":"long"}"#, #"{"a":1}"#), (#"["null","string"]"#, "null"),
            (#"["string","null"]"#, #""x""#),
            (#"{"type":"record","name":"S","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"z"}]}"#, #"{"a":1}"#),
            (#"{"type":"int","logicalType":"date"}"#, "19000"),
        ]
        for (type, value) in cases {
            let s = parsed(record(type, value))
            #expect(s?.warnings.isEmpty == true, "\(type) \(value)")
        }
    }

    @Test func invalidDefaultsAreRejectedWhenStrict() {
        let cases: [(String, String, String)] = [
            (#""int""#, "null", "make the type a union with \"null\" first"),
            (#""string""#, "null", "[\"null\", \"string\"]"),
            (#""int""#, "2147483648", "out of range for an int"),
            (#""int""#, "1.5", "expected an integer"),
            (#""long""#, "\"1\"", "expected an integer"),
            (#""boolean""#, "0", "expected true or false"),
            (#""bytes""#, #""\u0100""#, "U+0100"),
            (#"{"type":"fixed","name":"F","size":2}"#, #""abc""#, "exactly 2 bytes"),
            (#"{"type":"enum","name":"E","symbols":["A"]}"#, #""Z""#, "not a symbol"),
            (#"{"type":"array","items":"int"}"#, "[1,\"x\"]", "element 1"),
            (#"{"type":"map","values":"int"}"#, #"{"k":"v"}"#, "map value \"k\""),
            (#"["null","string"]"#, #""x""#, "list that branch first"),
            (#"["int","long"]"#, "true", "first branch"),
            (#"{"type":"record","name":"S","fields":[{"name":"a","type":"int"}]}"#, "{}", "missing field \"a\""),
            (#""null""#, "0", "expected null"),
        ]
        for (type, value, fragment) in cases {
            let text = record(type, value)
            let f = rejection(text)
            #expect(f?.rule == AvroRules.invalidDefault, "\(text)")
            #expect(f?.pointer.description == "/fields/0/default")
            #expect(f?.message.contains(fragment) == true, "\(String(describing: f?.message)) should mention \(fragment)")
        }
    }

    @Test func lenientParsingKeepsInvalidDefaultsAsWarnings() throws {
        let text = record(#""string""#, "null")
        let s = try #require(parsed(text, .lenient))
        #expect(s.warnings.map(\.rule) == [AvroRules.invalidDefault])
        #expect(s.warnings.first?.severity == .warning)
        // The stored text keeps the default exactly, as Confluent does.
        #expect(s.canonicalText == #"{"type":"record","name":"R","fields":[{"name":"f","type":"string","default":null}]}"#)
    }

    @Test func defaultsAreWrittenAsJacksonWritesThem() throws {
        let s = try #require(parsed(record(#""double""#, "1e2")))
        #expect(s.canonicalText.hasSuffix(#""default":100.0}]}"#))
        // Normalization converts for the field's type, as Avro Java's JacksonUtils does.
        let n = try #require(parsed(record(#""double""#, "1")))
        #expect(n.normalizedText == #"{"name":"R","type":"record","fields":[{"name":"f","type":"double","order":"ASCENDING","default":1.0}]}"#)
        let f = try #require(parsed(record(#""float""#, "0.1")))
        #expect(f.normalizedText.contains(#""default":0.1"#))
    }
}
