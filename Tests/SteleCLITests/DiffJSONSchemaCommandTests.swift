import Foundation
import SteleJSON
import Testing
@testable import SteleCLI

/// `stele diff --type json`: the change list, Confluent's verdict, witnesses, exit codes.
@Suite struct DiffJSONSchemaCommandTests {
    let old = "{\n  \"type\": \"object\",\n  \"properties\": {\"id\": {\"type\": \"integer\"}}\n}"
    let addsOptional = "{\n  \"type\": \"object\",\n  \"properties\": {\"id\": {\"type\": \"integer\"},\n    \"note\": {\"type\": \"string\"}}\n}"

    @Test func openModelAdditionBreaksBackwardUnderStrictNotLenient() async throws {
        let o = try temporaryFile(old, name: "old.json"), n = try temporaryFile(addsOptional, name: "new.json")
        let r = await stele("diff", o, n, "--type", "json")
        #expect(r.code == 100)
        #expect(r.out.contains("#/properties/note  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"))
        #expect(r.out.contains("\(n):4:13: JSON_OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL The new schema constrains a property or item at path '#/properties/note'"))
        #expect(r.out.contains(#"witness: {"note":"#) && r.out.contains("(valid under the old schema; the new schema rejects it)"))
        #expect(await stele("diff", o, n, "--type", "json", "--policy", "lenient").code == 0)
        #expect(await stele("diff", o, n, "--type", "json", "--level", "FORWARD").code == 0)
    }

    @Test func jsonOutputAndInvalidInput() async throws {
        let o = try temporaryFile(old, name: "old.json"), n = try temporaryFile(addsOptional, name: "new.json")
        let r = await stele("diff", o, n, "--type", "json", "--format", "json")
        #expect(r.code == 100)
        let doc = try JSONParser().parse(r.out.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(doc["compatible"] == .bool(false))
        #expect(doc["incompatibilities"]?.arrayValue?.first?["rule"] == "JSON_OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
        #expect(doc["incompatibilities"]?.arrayValue?.first?["witness"]?["note"] != nil)
        #expect(doc["changes"]?.arrayValue?.first?["kind"] == "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
        let bad = try temporaryFile("{\n \"type\": 5\n}", name: "bad.json")
        let e = await stele("diff", o, bad, "--type", "json")
        #expect(e.code == 1)
        #expect(e.err.contains("bad.json:2:"))
    }
}
