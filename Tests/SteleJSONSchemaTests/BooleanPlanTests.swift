import Testing
import SteleJSON
@testable import SteleJSONSchema

/// The boolean plan answers `isValid` for most schemas; it must agree with the descriptive
/// evaluator on every instance, including where it fuses a `type` check into the next check.
@Suite struct BooleanPlanTests {
    static let schemas = [
        #"{"type":"string","pattern":"^[A-Z]{3}-[0-9]{5}$"}"#,
        #"{"type":"string","format":"uuid"}"#,
        #"{"type":"string","minLength":2,"maxLength":4}"#,
        #"{"type":"string","maxLength":3}"#,
        #"{"type":"string","enum":["A","BB"]}"#,
        #"{"type":"integer","minimum":1,"maximum":1000}"#,
        #"{"type":"integer","minimum":1,"exclusiveMaximum":10}"#,
        #"{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"type":"integer"},"bb":{"type":"string"}}}"#,
        #"{"type":"object","patternProperties":{"^x-":{"type":"string"}},"additionalProperties":{"type":"integer"},"required":["z"]}"#,
        #"{"type":["string","null"],"pattern":"^[0-9]+$"}"#,
        #"{"anyOf":[{"type":"null"},{"type":"object","properties":{"k":{"const":1}}}]}"#,
    ]

    static let instances: [String] = [
        "null", "true", "0", "1", "5", "1000", "1001", "10", "9.0", "5.5", "1e2", "-3", "\"\"", "\"A\"", "\"BB\"", "\"abc\"", "\"abcde\"",
        "\"ABC-12345\"", "\"abc-12345\"", "\"123\"", "\"52d65a1b-8012-434e-801b-19e6ba3cdc0e\"", "\"52d65a1b-8012-434e-801b-19e6ba3cdc0g\"",
        "\"é\"", "\"éé\"", "[]", "[1]", "{}", "{\"a\":1}", "{\"a\":\"x\"}", "{\"a\":1,\"bb\":\"y\"}", "{\"a\":1,\"c\":2}", "{\"bb\":\"y\"}",
        "{\"z\":1}", "{\"z\":1,\"x-a\":\"s\"}", "{\"z\":1,\"x-a\":2}", "{\"z\":\"s\"}", "{\"k\":1}", "{\"k\":2}",
    ]

    @Test func fastAndDescriptiveAnswersAgree() throws {
        var compared = 0
        for text in Self.schemas {
            let v = try JSONSchemaValidator(parsing: text, options: .init(formatAssertion: true))
            #expect(v.plan != nil, "\(text) has a boolean plan")
            for i in Self.instances {
                let value = try JSONParser().parse(i)
                #expect(v.isValid(value) == v.isValidDescriptively(value), "\(text) on \(i)")
                #expect(v.validate(value).isEmpty == v.isValid(value), "\(text) on \(i)")
                compared += 1
            }
        }
        #expect(compared == Self.schemas.count * Self.instances.count)
    }

    @Test func schemasThatNeedTheDynamicScopeHaveNoPlan() throws {
        let v = try JSONSchemaValidator(parsing: #"{"$schema":"https://json-schema.org/draft/2020-12/schema","unevaluatedProperties":false}"#)
        #expect(v.plan == nil)
        #expect(v.isValid(try JSONParser().parse("{}")))
        #expect(!v.isValid(try JSONParser().parse("{\"a\":1}")))
    }

    @Test func aRefCycleThatNeverReachesTheInstanceIsInvalidNotACrash() throws {
        let v = try JSONSchemaValidator(parsing: ##"{"$ref":"#"}"##)
        #expect(v.plan != nil)
        #expect(!v.isValid(.int(1)))
        #expect(!v.validate(.int(1)).isEmpty)
    }
}
