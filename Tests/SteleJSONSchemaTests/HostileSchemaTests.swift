import Foundation
import SteleJSON
import Testing
@testable import SteleJSONSchema

/// Hostile schemas and instances: an error or a bounded answer, never a crash, hang or runaway
/// memory.
@Suite struct HostileSchemaTests {
    func validator(_ text: String) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(parsing: text, options: .init(defaultDraft: .draft2020_12))
    }

    @Test func deepNestingIsRefusedByTheParser() {
        let deepSchema = String(repeating: #"{"items":"#, count: 100_000) + "true" + String(repeating: "}", count: 100_000)
        #expect(throws: JSONSchemaError.self) { try validator(deepSchema) }
        let deepInstance = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser().parse(deepInstance) }
    }

    @Test func deepInstancesWithinTheParserLimitAreValidated() throws {
        let v = try validator(##"{"$defs":{"t":{"type":"array","items":{"$ref":"#/$defs/t"}}},"$ref":"#/$defs/t"}"##)
        let instance = try JSONParser().parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
        // 500 levels of array, each two schema levels deep: beyond the evaluator's bound, an
        // error, not a crash.
        let errors = v.validate(instance)
        #expect(!errors.isEmpty)
        #expect(errors.contains { $0.message.contains("recursion") })
        let shallow = try JSONParser().parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        #expect(v.isValid(shallow))
    }

    @Test func refCyclesTerminate() throws {
        for text in [
            ##"{"$ref":"#"}"##,
            ##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##,
            #"{"$id":"http://x/a","$ref":"http://x/a"}"#,
        ] {
            let v = try validator(text)
            #expect(!v.isValid(1), "\(text)")
            #expect(v.validate(1).first?.message.contains("recursion") == true, "\(text)")
        }
    }

    @Test func catastrophicPatternsAreBounded() throws {
        let v = try validator(#"{"pattern":"^(a+)+$"}"#)
        let evil = String(repeating: "a", count: 100_000) + "!"
        let start = ContinuousClock.now
        #expect(!v.isValid(.string(evil)))
        #expect(v.isValid(.string(String(repeating: "a", count: 100_000))))
        // Not a timing assertion: a hang would never get here. Printed for the record.
        print("(a+)+$ on 100,001 characters: \(ContinuousClock.now - start)")
        let nested = try validator(#"{"pattern":"(x+x+)+y"}"#)
        #expect(!nested.isValid(.string(String(repeating: "x", count: 50_000))))
    }

    @Test func hugeInstancesGetAnErrorNotUnboundedWork() throws {
        let v = try validator(#"{"type":"string","pattern":"a{1000}b{1000}c{1000}"}"#)
        let big = String(repeating: "a", count: 100_000_000)
        let errors = v.validate(.string(big))
        #expect(errors.first?.message.contains("work limit") == true)
        #expect(try validator(#"{"maxLength":10}"#).isValid(.string(big)) == false)
    }

    @Test func wideSchemasCompile() throws {
        let branches = (0..<10_000).map { #"{"const":\#($0)}"# }.joined(separator: ",")
        let v = try validator(#"{"anyOf":[\#(branches)]}"#)
        #expect(v.isValid(9_999))
        #expect(!v.isValid(10_000))
    }

    @Test func unknownRemoteReferencesNameTheURIAndNeverTouchTheNetwork() {
        do {
            _ = try validator(##"{"$ref":"https://example.com/schemas/thing.json#/x"}"##)
            Issue.record("compiled")
        } catch let error as JSONSchemaError {
            #expect(error.code == .unresolvedReference)
            #expect(error.message.contains("https://example.com/schemas/thing.json"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func oversizedRepetitionCountsAreRefused() {
        #expect(throws: JSONSchemaError.self) { try validator(#"{"pattern":"(a{1000}){1000}"}"#) }
    }
}
