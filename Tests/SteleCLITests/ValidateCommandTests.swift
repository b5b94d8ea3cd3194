import Foundation
import Testing
@testable import SteleCLI

@Suite struct ValidateCommandTests {
    let schema = #"{"type":"object","properties":{"id":{"type":"integer"},"email":{"type":"string","format":"email"},"next":{"$ref":"other.json"}},"required":["id"]}"#
    let other = #"{"type":"array","items":{"type":"integer"}}"#

    @Test func printsOneLinePerDocumentAndExitsOneWhenAnyIsInvalid() async throws {
        let s = try temporaryFile(schema, name: "order.json")
        let o = try temporaryFile(other, name: "other.json")
        let data = try temporaryFile("{\"id\":1,\"next\":[1,2]}\n{\"id\":\"x\"}\n\n{\"email\":\"nope\",\"next\":[\"a\"]}\nnot json\n", name: "data.jsonl")
        let ref = "file://" + URL(fileURLWithPath: s).deletingLastPathComponent().appendingPathComponent("other.json").path
        let r = await stele("validate", "--schema", s, "--ref", "\(ref)=\(o)", "--formats", data)
        #expect(r.code == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "valid")
        #expect(lines[1] == "invalid: /id: string is not of type integer (#/properties/id/type)")
        #expect(lines[2].contains(#"/: required property "id" is missing (#/required)"#))
        #expect(lines[2].contains("/email: string is not a valid email"))
        #expect(lines[2].contains("/next/0: string is not of type integer"))
        #expect(lines[3].hasPrefix("invalid: not JSON"))
    }

    @Test func exitsZeroWhenAllAreValidAndSpeaksJSON() async throws {
        let s = try temporaryFile(#"{"$schema":"https://json-schema.org/draft/2020-12/schema","prefixItems":[{"const":1}]}"#, name: "s.json")
        let data = try temporaryFile("[1]\n[1,2]\n", name: "d.jsonl")
        let r = await stele("validate", "--schema", s, data, "--format", "json")
        #expect(r.code == 0)
        #expect(r.out == "{\"line\":1,\"valid\":true,\"errors\":[]}\n{\"line\":2,\"valid\":true,\"errors\":[]}\n")
    }

    @Test func unknownReferencesAndBadDraftsAreInputErrors() async throws {
        let s = try temporaryFile(#"{"$ref":"https://example.com/x.json"}"#, name: "s.json")
        let r = await stele("validate", "--schema", s, "-")
        #expect(r.code == 1)
        #expect(r.err.contains("JSON_UNRESOLVED_REFERENCE"))
        #expect(r.err.contains("https://example.com/x.json"))
        #expect(await stele("validate", "--schema", s, "--draft", "3").code == 1)
    }
}
