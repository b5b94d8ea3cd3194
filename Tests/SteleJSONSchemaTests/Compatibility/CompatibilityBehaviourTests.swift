import SteleJSON
import SteleSchema
import Testing
@testable import SteleJSONSchema

/// The questions users ask most (reference §4.4, §8), answered as Confluent does, with a
/// message a person understands and a witness; levels over a history; reserved properties.
@Suite struct CompatibilityBehaviourTests {
    func doc(_ text: String) throws -> JSONSchemaDocument { try JSONSchemaFormat().parse(text) }

    func backward(_ old: String, _ new: String, policy: JSONCompatibilityPolicy = .strict) throws -> [Finding] {
        try JSONSchemaCompatibility(policy: policy, witnesses: true).incompatibilities(reader: doc(new), writer: doc(old), direction: .backward)
    }

    @Test func optionalPropertyAddedToOpenModelIsIncompatibleUnderStrictWithAWitness() throws {
        let old = #"{"type":"object","properties":{"a":{"type":"string"}}}"#
        let new = #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}"#
        let found = try backward(old, new)
        #expect(found.map(\.rule) == ["JSON_OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"])
        #expect(found[0].message == "The new schema constrains a property or item at path '#/properties/b' which is missing in the old schema, whose open content model accepts any value there")
        let w = try #require(found[0].witness)
        #expect(w["b"] != nil && w["b"]?.intValue == nil, "the witness carries b with a non-integer value: \(JSONWriter.compact(w))")
        #expect(try backward(old, new, policy: .lenient).isEmpty)
    }

    @Test func optionalPropertyAddedToClosedModelIsCompatible() throws {
        let old = #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#
        let new = #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"additionalProperties":false}"#
        #expect(try backward(old, new).isEmpty)
        // Forward: the old closed schema rejects documents carrying b.
        let forward = JSONSchemaCompatibility(witnesses: true).incompatibilities(reader: try doc(old), writer: try doc(new), direction: .forward)
        #expect(forward.map(\.rule) == ["JSON_PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"])
        #expect(forward[0].message.hasPrefix("The old schema has a closed content model and is missing a property or item present at path '#/properties/b' in the new schema"))
        #expect(forward[0].witness?["b"] != nil)
    }

    @Test func removingAPropertyDependsOnTheNewModel() throws {
        let withB = #"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}"#
        #expect(try backward(withB + "}", #"{"type":"object","properties":{"a":{"type":"string"}}}"#).isEmpty)
        let closed = try backward(withB + #","additionalProperties":false}"#, #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#)
        #expect(closed.map(\.rule) == ["JSON_PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"])
        #expect(closed[0].witness == ["b": 0] || closed[0].witness?["b"] != nil)
    }

    @Test func eachBoundTightenedBreaksAndLoosenedDoesNotWithItsValueInTheMessage() throws {
        let bounds: [(String, String, String, String)] = [
            ("string", "maxLength", "9", "5"), ("string", "minLength", "2", "4"), ("number", "maximum", "10", "5"),
            ("number", "minimum", "0", "1"), ("number", "exclusiveMaximum", "10", "5"), ("number", "exclusiveMinimum", "0", "1"),
            ("array", "maxItems", "5", "2"), ("array", "minItems", "1", "2"), ("object", "maxProperties", "5", "2"), ("object", "minProperties", "0", "2"),
        ]
        for (type, keyword, loose, tight) in bounds {
            let l = #"{"type":"\#(type)","\#(keyword)":\#(loose)}"#, t = #"{"type":"\#(type)","\#(keyword)":\#(tight)}"#
            let found = try backward(l, t)
            #expect(found.count == 1, "\(keyword)")
            #expect(found.first?.message.contains("(\(loose) → \(tight))") == true, "\(found)")
            let w = try #require(found.first?.witness, "\(keyword)")
            #expect(try doc(l).validator.isValid(w) && !doc(t).validator.isValid(w))
            #expect(try backward(t, l).isEmpty, "loosening \(keyword)")
        }
    }

    @Test func findingsCarryLineAndColumnOfTheNewKeyword() throws {
        let old = try doc("{\n  \"type\": \"string\"\n}")
        var new = try doc("{\n  \"type\": \"string\",\n  \"maxLength\": 3\n}")
        new.name = "new.json"
        let f = try #require(JSONSchemaCompatibility().incompatibilities(reader: new, writer: old, direction: .backward).first)
        #expect(f.rule == "JSON_MAX_LENGTH_ADDED")
        #expect(f.range.start.line == 3)
        #expect(f.file == "new.json")
        #expect(f.pointer == JSONPointer(tokens: ["maxLength"]))
        #expect(f.detail == "{errorType:\"MAX_LENGTH_ADDED\", description:\"The keyword at path '#/maxLength' in the new schema is not present in the old schema'}")
    }

    @Test func transitiveLevelsWalkTheHistory() throws {
        let v1 = try doc(#"{"type":"string","maxLength":10}"#)
        let v2 = try doc(#"{"type":"string","maxLength":20}"#)
        let v3 = try doc(#"{"type":"string","maxLength":15}"#)
        let checker = JSONSchemaCompatibility()
        #expect(checker.check(v3, against: [(1, v1), (2, v2)], level: .backward).failingVersion == 2)
        #expect(checker.check(v3, against: [(1, v1), (2, v2)], level: .forward).isCompatible)
        #expect(!checker.check(v3, against: [(1, v1), (2, v2)], level: .forwardTransitive).isCompatible)
        #expect(checker.check(v3, against: [(1, v1), (2, v2)], level: .forwardTransitive).failingVersion == 1)
        #expect(checker.check(v3, against: [(1, v1), (2, v2)], level: .none).isCompatible)
    }

    @Test func semanticDiffListsEveryChangeWithBothImpacts() throws {
        let old = try doc(#"{"type":"object","properties":{"a":{"type":"string","maxLength":5}},"description":"x"}"#)
        let new = try doc(#"{"type":"object","properties":{"a":{"type":"string","maxLength":8}},"description":"y"}"#)
        let changes = JSONSchemaCompatibility().changes(from: old, to: new)
        let byKind = Dictionary(uniqueKeysWithValues: changes.map { ($0.kind, $0) })
        #expect(byKind["DESCRIPTION_CHANGED"]?.impact == "compatible both ways")
        #expect(byKind["MAX_LENGTH_INCREASED"]?.impact == "breaks FORWARD")
        #expect(byKind["MAX_LENGTH_INCREASED"]?.difference.jsonPath == "#/properties/a/maxLength")
    }

    @Test func referencesToOtherRegisteredSchemas() throws {
        let address1 = ResolvedReference(name: "address.json", schemaText: #"{"type":"object","properties":{"city":{"type":"string"}}}"#)
        let address2 = ResolvedReference(name: "address.json", schemaText: #"{"type":"object","properties":{"city":{"type":"string","maxLength":3}}}"#)
        let text = #"{"type":"object","properties":{"home":{"$ref":"address.json"}}}"#
        let old = try JSONSchemaFormat().parse(text, references: [address1])
        let new = try JSONSchemaFormat().parse(text, references: [address2])
        let found = JSONSchemaCompatibility(witnesses: true).incompatibilities(reader: new, writer: old, direction: .backward)
        #expect(found.map(\.rule) == ["JSON_MAX_LENGTH_ADDED"])
        #expect(found.first?.pointer == JSONPointer(tokens: ["properties", "home", "properties", "city", "maxLength"]))
        #expect(found.first?.witness == ["home": ["city": "aaaa"]] || found.first?.witness?["home"]?["city"] != nil)
        // An unknown reference is an error naming it (never fetched).
        #expect(throws: SchemaError.self) { try JSONSchemaFormat().parse(#"{"$ref":"https://example.com/x.json"}"#) }
    }

    @Test func invalidSchemasAreRejectedWithPositions() throws {
        do {
            _ = try JSONSchemaFormat().parse("{\n \"type\": \"strin\"\n}")
            Issue.record("accepted an unknown type")
        } catch {
            #expect(error.primary.rule == "JSON_INVALID_SCHEMA")
            #expect(error.primary.range.start.line == 2)
        }
        #expect(throws: SchemaError.self) { try JSONSchemaFormat().parse("[1]") }
        #expect(throws: SchemaError.self) { try JSONSchemaFormat().parse(#"{"pattern":"(a"}"#) }
        // Lenient parsing keeps a stored schema readable, with a warning.
        #expect(throws: SchemaError.self) { try JSONSchemaFormat().parse(#"{"title":5}"#) }
        let lenient = try JSONSchemaFormat().parse(#"{"title":5}"#, options: .lenient)
        #expect(lenient.warnings.count == 1)
    }

    @Test func reservedProperties() throws {
        let new = try doc(#"{"type":"object","properties":{"ssn":{"type":"string"}}}"#)
        let d = JSONSchemaCompatibility.reservedPropertyDifferences(oldReserved: ["ssn", "dob"], newReserved: ["ssn"], new: new)
        #expect(d.map(\.type) == [.reservedPropertyRemoved, .reservedPropertyConflictsWithProperty])
        #expect(d.allSatisfy { !$0.type.isCompatible(under: .lenient) })
    }
}
