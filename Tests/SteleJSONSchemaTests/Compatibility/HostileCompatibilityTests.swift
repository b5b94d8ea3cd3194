import SteleJSON
import SteleSchema
import Testing
@testable import SteleJSONSchema

/// Hostile pairs give a verdict or an error, never a hang or a crash.
@Suite struct JSONHostileCompatibilityTests {
    @Test func refCyclesTerminate() throws {
        let selfRef = try JSONSchemaFormat().parse(##"{"$ref":"#"}"##)
        let mutual = try JSONSchemaFormat().parse(##"{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}"##)
        let string = try JSONSchemaFormat().parse(#"{"type":"string"}"#)
        let c = JSONSchemaCompatibility(witnesses: true)
        // A pure reference cycle accepts nothing: everything accepts it, it accepts nothing else.
        #expect(c.incompatibilities(reader: string, writer: selfRef, direction: .backward).isEmpty)
        #expect(!c.incompatibilities(reader: mutual, writer: string, direction: .backward).isEmpty)
        // Recursive schemas with no base case on both sides.
        let a = try JSONSchemaFormat().parse(##"{"type":"object","properties":{"next":{"$ref":"#"},"v":{"type":"integer"}},"required":["next"]}"##)
        let b = try JSONSchemaFormat().parse(##"{"type":"object","properties":{"next":{"$ref":"#"},"v":{"type":"number"}},"required":["next"]}"##)
        #expect(c.incompatibilities(reader: b, writer: a, direction: .backward).isEmpty)
        #expect(c.incompatibilities(reader: a, writer: b, direction: .backward).map(\.rule) == ["JSON_TYPE_NARROWED"])
    }

    @Test func tenThousandBranchAnyOf() throws {
        let branches = (0..<10_000).map { #"{"const":\#($0)}"# }
        let old = try JSONSchemaFormat().parse(#"{"anyOf":[\#(branches.joined(separator: ","))]}"#)
        let new = try JSONSchemaFormat().parse(#"{"anyOf":[\#(branches.reversed().joined(separator: ","))]}"#)
        let fewer = try JSONSchemaFormat().parse(#"{"anyOf":[\#(branches.dropLast().joined(separator: ","))]}"#)
        let c = JSONSchemaCompatibility()
        #expect(c.incompatibilities(reader: new, writer: old, direction: .backward).isEmpty)
        #expect(c.incompatibilities(reader: fewer, writer: old, direction: .backward).map(\.rule).contains("JSON_SUM_TYPE_NARROWED"))
        // All-different branches: 10^8 pairs are more than one request may match; said so.
        let shifted = try JSONSchemaFormat().parse(#"{"anyOf":[\#((0..<10_000).map { #"{"const":\#($0 + 20_000)}"# }.joined(separator: ","))]}"#)
        let found = c.incompatibilities(reader: shifted, writer: old, direction: .backward)
        #expect(found.map(\.rule) == ["JSON_COMPARISON_LIMIT_EXCEEDED"])
        // 150 × 150 different branches are matched in full.
        let small = try JSONSchemaFormat().parse(#"{"anyOf":[\#((0..<150).map { #"{"const":\#($0)}"# }.joined(separator: ","))]}"#)
        let smallShifted = try JSONSchemaFormat().parse(#"{"anyOf":[\#((0..<150).map { #"{"const":\#($0 + 1000)}"# }.joined(separator: ","))]}"#)
        #expect(c.incompatibilities(reader: smallShifted, writer: small, direction: .backward).map(\.rule) == ["JSON_COMBINED_TYPE_SUBSCHEMAS_CHANGED"])
    }

    @Test func deepNesting() throws {
        // 100,000 levels are refused by the parser's depth limit, with an error.
        let deep = String(repeating: #"{"not":"#, count: 100_000) + "{}" + String(repeating: "}", count: 100_000)
        #expect(throws: SchemaError.self) { try JSONSchemaFormat().parse(deep) }
        // The deepest accepted nesting gives a verdict: equal texts are compatible at once; a
        // change at the bottom is past the comparison's depth limit and said so.
        func nested(_ leaf: String) -> String {
            String(repeating: #"{"type":"object","properties":{"a":"#, count: 160) + leaf + String(repeating: "}}", count: 160)
        }
        let a = try JSONSchemaFormat().parse(nested(#"{"type":"string"}"#))
        let b = try JSONSchemaFormat().parse(nested(#"{"type":"integer"}"#))
        let c = JSONSchemaCompatibility(witnesses: true)
        #expect(c.incompatibilities(reader: a, writer: a, direction: .backward).isEmpty)
        let found = c.incompatibilities(reader: b, writer: a, direction: .backward)
        #expect(found.map(\.rule) == ["JSON_COMPARISON_LIMIT_EXCEEDED"])
    }
}
