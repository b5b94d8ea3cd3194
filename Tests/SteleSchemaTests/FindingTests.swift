import SteleJSON
import Testing
@testable import SteleSchema

@Suite struct FindingTests {
    @Test func describesLikeACompiler() {
        let range = SourceRange(start: SourcePosition(line: 3, column: 7, offset: 40), end: .unknown)
        let f = Finding(rule: "AVRO_INVALID_DEFAULT", message: "bad default", pointer: "/fields/0/default", range: range, file: "a.avsc")
        #expect(f.description == "a.avsc:3:7: AVRO_INVALID_DEFAULT bad default (at /fields/0/default)")
        #expect(Finding(rule: "X", message: "m").description == "X m")
    }

    @Test func sortsAndDeduplicates() {
        let a = Finding(rule: "B", message: "m", pointer: "/b")
        let b = Finding(rule: "A", message: "m", pointer: "/a")
        let c = Finding(rule: "A", message: "m", pointer: "/a", file: "x")
        let sorted = [c, a, b, a].sortedAndDeduplicated()
        #expect(sorted == [b, a, c])
    }

    @Test func schemaTypeIsLenientOnInput() {
        #expect(SchemaType(lenient: nil) == .avro)
        #expect(SchemaType(lenient: "json") == .json)
        #expect(SchemaType(lenient: "Avro") == .avro)
        #expect(SchemaType(lenient: "xml") == nil)
    }
}
