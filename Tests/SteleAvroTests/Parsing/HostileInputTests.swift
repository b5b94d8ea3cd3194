import SteleSchema
import Testing
@testable import SteleAvro

/// Hostile schemas get an error (or a bounded answer), never a crash, hang or runaway memory.
@Suite struct HostileInputTests {
    @Test func schemaNested100000LevelsDeep() {
        let arrays = String(repeating: #"{"type":"array","items":"#, count: 100_000) + #""int""# + String(repeating: "}", count: 100_000)
        #expect(rejection(arrays)?.rule == AvroRules.limitExceeded)
        let unions = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(rejection(unions)?.rule == AvroRules.limitExceeded)
        var records = ""
        for i in 0..<100_000 { records += #"{"type":"record","name":"R\#(i)","fields":[{"name":"f","type":"# }
        records += #""int""# + String(repeating: "}]}", count: 100_000)
        #expect(rejection(records)?.rule == AvroRules.limitExceeded)
    }

    @Test func nestingWithinTheLimitParsesAndCanonicalises() throws {
        // 160 nested records = 480 JSON levels, inside the 512 default.
        var text = ""
        for i in 0..<160 { text += #"{"type":"record","name":"R\#(i)","fields":[{"name":"f","type":"# }
        text += #""int""# + String(repeating: "}]}", count: 160)
        let s = try #require(parsed(text))
        #expect(s.namedTypes.count == 160)
        #expect(try AvroSchema(parsing: s.canonicalText).parsingCanonicalForm == s.parsingCanonicalForm)
    }

    @Test func fiftyMegabyteSchemaIsRefusedBeforeParsing() {
        let doc = String(repeating: "x", count: 50 << 20)
        let text = #"{"type":"string","doc":""# + doc + #""}"#
        let f = rejection(text)
        #expect(f?.rule == AvroRules.limitExceeded)
        #expect(f?.message.contains("exceeds the limit of 4194304 bytes") == true)
        // Also through the bytes entry point.
        do {
            _ = try AvroFormat().parse(utf8: Array(text.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.primary.rule == AvroRules.limitExceeded)
        }
    }

    @Test func invalidUTF8IsRejectedWithAPosition() {
        var bytes = Array(#"{"type":"record","name":"R","doc":"caf"#.utf8)
        bytes += [0xC3, 0x28]  // invalid continuation
        bytes += Array(#"","fields":[]}"#.utf8)
        do {
            _ = try AvroFormat().parse(utf8: bytes)
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.primary.rule == AvroRules.invalidJSON)
            #expect(error.primary.message.contains("UTF-8"))
            #expect(error.primary.range.start.column == 39)
        }
    }

    @Test func thousandsOfUnionBranches() throws {
        let many = "[" + (0..<5000).map { #"{"type":"fixed","name":"F\#($0)","size":1}"# }.joined(separator: ",") + "]"
        let f = rejection(many)
        #expect(f?.rule == AvroRules.limitExceeded)
        #expect(f?.message.contains("5000 branches") == true)
        // At the limit: parses, and every later walk is linear.
        let limit = "[" + (0..<1024).map { #"{"type":"record","name":"R\#($0)","fields":[{"name":"a","type":"int"}]}"# }.joined(separator: ",") + "]"
        let s = try #require(parsed(limit))
        #expect(s.namedTypes.count == 1024)
        #expect(!s.normalizedText.isEmpty)
        // Duplicate detection among many branches.
        let dup = "[" + (0..<1000).map { #"{"type":"enum","name":"E\#($0 % 999)","symbols":["A"]}"# }.joined(separator: ",") + "]"
        #expect(rejection(dup)?.rule == AvroRules.redefinedName)
    }

    @Test func manyFieldsAndSymbols() throws {
        let fields = (0..<20_000).map { #"{"name":"f\#($0)","type":"int"}"# }.joined(separator: ",")
        let s = try #require(parsed(#"{"type":"record","name":"Wide","fields":[\#(fields)]}"#))
        #expect(s.parsingCanonicalForm.count > 20_000 * 20)
        let symbols = (0..<20_000).map { "\"S\($0)\"" }.joined(separator: ",")
        #expect(parsed(#"{"type":"enum","name":"E","symbols":[\#(symbols)]}"#) != nil)
    }

    @Test func limitsAreValuesTheCallerSets() {
        var options = SchemaParseOptions.strict
        options.limits.maxUnionBranches = 2
        #expect(rejection(#"["null","int","long"]"#, options)?.rule == AvroRules.limitExceeded)
        options.limits = SchemaLimits(maxNamedTypes: 1)
        #expect(rejection(#"[{"type":"fixed","name":"A","size":1},{"type":"fixed","name":"B","size":1}]"#, options)?.rule == AvroRules.limitExceeded)
    }
}
