import Foundation
import SteleJSON
import Testing
@testable import SteleCLI

@Suite struct DiffCommandTests {
    let old = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"float"}]}"#
    let addsRequired = "{\"type\":\"record\",\"name\":\"Ride\",\"fields\":[\n{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"fare\",\"type\":\"float\"},\n{\"name\":\"driver\",\"type\":\"string\"}]}"
    let addsOptional = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double"},{"name":"tip","type":"double","default":0}]}"#

    @Test func exitsHundredWhenTheLevelIsViolated() async throws {
        let o = try temporaryFile(old, name: "old.avsc"), n = try temporaryFile(addsRequired, name: "new.avsc")
        let r = await stele("diff", o, n)
        #expect(r.code == 100)
        #expect(r.out.contains("/fields/2  FIELD_ADDED  field driver (string) added without a default"))
        #expect(r.out.contains("BACKWARD: incompatible"))
        #expect(r.out.contains("\(n):3:1: AVRO_READER_FIELD_MISSING_DEFAULT_VALUE The field 'driver' at path '/fields/2' in the new schema has no default value and is missing in the old schema"))
        #expect(r.out.contains(#"witness: {"id":0,"fare":0.0}  (written with the old schema; the new schema cannot read it)"#))
        // The same change holds under FORWARD: old readers ignore the new field.
        let f = await stele("diff", o, n, "--level", "forward")
        #expect(f.code == 0)
        #expect(f.out.contains("FORWARD: compatible"))
        #expect(await stele("diff", o, n, "--level", "NONE").code == 0)
    }

    @Test func exitsZeroWhenTheLevelHoldsAndListsChanges() async throws {
        let o = try temporaryFile(old), n = try temporaryFile(addsOptional)
        let r = await stele("diff", o, n)
        #expect(r.code == 0)
        #expect(r.out.contains("TYPE_PROMOTED  type changed from float to double — breaks FORWARD"))
        #expect(r.out.contains("FIELD_ADDED  field tip (double) added with a default — compatible both ways"))
        let full = await stele("diff", o, n, "--level", "FULL_TRANSITIVE")
        #expect(full.code == 100)
        #expect(full.out.contains("AVRO_TYPE_MISMATCH"))
    }

    @Test func jsonOutput() async throws {
        let o = try temporaryFile(old), n = try temporaryFile(addsRequired)
        let r = await stele("diff", o, n, "--format", "json")
        #expect(r.code == 100)
        let doc = try JSONParser.parse(r.out)
        #expect(doc["compatible"] == false)
        #expect(doc["level"] == "BACKWARD")
        #expect(doc["changes"]?.arrayValue?.first?["kind"] == "FIELD_ADDED")
        let inc = doc["incompatibilities"]?.arrayValue?.first
        #expect(inc?["rule"] == "AVRO_READER_FIELD_MISSING_DEFAULT_VALUE")
        #expect(inc?["detail"] == "driver")
        #expect(inc?["line"] == 3)
        #expect(inc?["witness"] == ["id": 0, "fare": 0.0])
    }

    @Test func invalidInputExitsOne() async throws {
        let o = try temporaryFile(old), bad = try temporaryFile(#"{"type":"record","name":"R","fields":[{"name":"a","type":"nope"}]}"#)
        let r = await stele("diff", o, bad)
        #expect(r.code == 1)
        #expect(r.err.contains("AVRO_UNDEFINED_NAME"))
        #expect(await stele("diff", o).code == 1)
        #expect(await stele("diff", o, o, "--level", "SIDEWAYS").code == 1)
    }

    @Test func identicalFiles() async throws {
        let o = try temporaryFile(old)
        let r = await stele("diff", o, o, "--level", "FULL")
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("No changes from"))
    }
}
