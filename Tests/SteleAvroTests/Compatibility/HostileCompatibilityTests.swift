import SteleSchema
import Testing
@testable import SteleAvro

/// Hostile pairs give a verdict, never a hang or a crash.
@Suite struct HostileCompatibilityTests {
    @Test func largestUnionsAgainstEachOther() throws {
        // The parser caps unions at 1,024 branches (10,000 is refused there); the largest legal
        // union pair is 1,024 × 1,024 branch checks, memoized.
        let w = "[" + (0..<1024).map { #"{"type":"record","name":"R\#($0)","fields":[{"name":"a","type":"int"}]}"# }.joined(separator: ",") + "]"
        let r = "[" + (0..<1024).reversed().map { #"{"type":"record","name":"R\#($0)","fields":[{"name":"a","type":"long"}]}"# }.joined(separator: ",") + "]"
        let reader = try AvroSchema(parsing: r), writer = try AvroSchema(parsing: w)
        #expect(AvroCompatibility().canRead(reader: reader, writer: writer))
        #expect(!AvroCompatibility().canRead(reader: writer, writer: reader))
        let tooMany = "[" + (0..<10_000).map { "{\"type\":\"fixed\",\"name\":\"F\($0)\",\"size\":1}" }.joined(separator: ",") + "]"
        #expect(rejection(tooMany)?.rule == AvroRules.limitExceeded)
    }

    @Test func hugeEnums() throws {
        let symbols = (0..<50_000).map { "\"S\($0)\"" }
        let writer = try AvroSchema(parsing: #"{"type":"enum","name":"E","symbols":[\#(symbols.joined(separator: ","))]}"#)
        let reader = try AvroSchema(parsing: #"{"type":"enum","name":"E","symbols":[\#(symbols.dropLast(2).joined(separator: ","))]}"#)
        let found = AvroCompatibility().incompatibilities(reader: reader, writer: writer)
        #expect(found.map(\.message) == ["[S49998, S49999]"])
    }

    @Test func deepNestingAndRecursivePairs() throws {
        var text = ""
        for i in 0..<160 { text += #"{"type":"record","name":"R\#(i)","fields":[{"name":"f","type":"# }
        let deepW = try AvroSchema(parsing: text + #""int""# + String(repeating: "}]}", count: 160))
        let deepR = try AvroSchema(parsing: text + #""string""# + String(repeating: "}]}", count: 160))
        let found = AvroCompatibility().incompatibilities(reader: deepR, writer: deepW)
        #expect(found.count == 1)
        #expect(found.first?.location.tokens.count == 160 * 3)
        // Mutually recursive types with no base case on both sides.
        let a = try AvroSchema(parsing: #"{"type":"record","name":"P","fields":[{"name":"q","type":{"type":"record","name":"Q","fields":[{"name":"p","type":"P"},{"name":"x","type":"int"}]}}]}"#)
        let b = try AvroSchema(parsing: #"{"type":"record","name":"P","fields":[{"name":"q","type":{"type":"record","name":"Q","fields":[{"name":"p","type":"P"},{"name":"x","type":"long"}]}}]}"#)
        #expect(AvroCompatibility().canRead(reader: b, writer: a))
        #expect(!AvroCompatibility().canRead(reader: a, writer: b))
    }

    @Test func transitiveOverAThousandVersionsOfAHundredFields() throws {
        var history: [(version: Int, schema: AvroSchema)] = []
        for v in 1...1000 {
            let fields = (0..<100).map { #"{"name":"f\#($0)","type":"long","default":\#(v)}"# }.joined(separator: ",")
            history.append((v, try AvroSchema(parsing: #"{"type":"record","name":"Wide","fields":[\#(fields)]}"#)))
        }
        let fields = (0..<100).map { #"{"name":"f\#($0)","type":"long","default":0}"# }.joined(separator: ",")
        let new = try AvroSchema(parsing: #"{"type":"record","name":"Wide","fields":[\#(fields),{"name":"extra","type":"string","default":""}]}"#)
        let r = AvroCompatibility().check(new, against: history, level: .fullTransitive)
        #expect(r.isCompatible)
        #expect(r.comparisons.count == 1000)
    }
}
