import SteleSchema
import Testing
@testable import SteleAvro

/// The seven levels on histories of several versions, with Confluent's choice of versions and
/// directions (reference §2).
@Suite struct LevelTests {
    let checker = AvroCompatibility()

    func schema(_ fields: String) -> AvroSchema {
        try! AvroSchema(parsing: #"{"type":"record","name":"Ride","fields":[\#(fields)]}"#)
    }

    // v1: id; v2: + fare (default); v3: + tip (required) → v3 cannot read v1/v2 data (no tip).
    var v1: AvroSchema { schema(#"{"name":"id","type":"long"}"#) }
    var v2: AvroSchema { schema(#"{"name":"id","type":"long"},{"name":"fare","type":"double","default":0}"#) }

    func history(_ schemas: AvroSchema...) -> [(version: Int, schema: AvroSchema)] {
        schemas.enumerated().map { (version: $0.offset + 1, schema: $0.element) }
    }

    @Test func noneChecksNothing() {
        let r = checker.check(schema(#"{"name":"x","type":"string"}"#), against: history(v1, v2), level: .none)
        #expect(r.isCompatible)
        #expect(r.comparisons.isEmpty)
    }

    @Test func backwardAddingARequiredFieldBreaks() {
        let new = schema(#"{"name":"id","type":"long"},{"name":"fare","type":"double","default":0},{"name":"tip","type":"double"}"#)
        let r = checker.check(new, against: history(v1, v2), level: .backward)
        #expect(!r.isCompatible)
        #expect(r.failingVersion == 2)
        #expect(r.findings.map(\.rule) == ["AVRO_READER_FIELD_MISSING_DEFAULT_VALUE"])
        #expect(r.findings.first?.message == "The field 'tip' at path '/fields/2' in the new schema has no default value and is missing in the old schema")
        #expect(r.findings.first?.detail == "tip")
        #expect(r.findings.first?.range.start.line == 1)
    }

    @Test func forwardRemovingARequiredFieldBreaks() {
        // Old readers (v2) need `id`; new writers no longer write it.
        let new = schema(#"{"name":"fare","type":"double","default":0}"#)
        let r = checker.check(new, against: history(v1, v2), level: .forward)
        #expect(r.failingVersion == 2)
        #expect(r.findings.first?.message == "The field 'id' at path '/fields/0' in the old schema has no default value and is missing in the new schema")
        // The same change is backward compatible: the new schema ignores `id`.
        #expect(checker.check(new, against: history(v1, v2), level: .backward).isCompatible)
    }

    @Test func fullChecksForwardThenBackward() {
        let new = schema(#"{"name":"id","type":"int"}"#)  // long → int: new cannot read old; old can read new
        let r = checker.check(new, against: history(v1), level: .full)
        #expect(r.findings.map(\.rule) == ["AVRO_TYPE_MISMATCH"])
        #expect(r.findings.first?.message == "The type (path '/fields/0/type') of a field in the new schema does not match with the old schema")
        let both = schema(#"{"name":"id","type":"string"}"#)
        let r2 = checker.check(both, against: history(v1), level: .full)
        #expect(r2.findings.map(\.message) == [
            "The type (path '/fields/0/type') of a field in the old schema does not match with the new schema",
            "The type (path '/fields/0/type') of a field in the new schema does not match with the old schema",
        ])
    }

    @Test func transitiveCatchesAnOlderVersionTheLatestDoesNotBreak() {
        // v1 has enum {A,B,C}; v2 dropped C but has a default; v3 (new) drops C without a default.
        let e1 = try! AvroSchema(parsing: #"{"type":"enum","name":"S","symbols":["A","B","C"]}"#)
        let e2 = try! AvroSchema(parsing: #"{"type":"enum","name":"S","symbols":["A","B"],"default":"A"}"#)
        let e2b = try! AvroSchema(parsing: #"{"type":"enum","name":"S","symbols":["A","B"]}"#)
        let new = try! AvroSchema(parsing: #"{"type":"enum","name":"S","symbols":["A","B","D"]}"#)
        // Latest (v3 = e2b) reads fine: new has A, B; its missing symbols vs v3: none.
        let h = history(e1, e2, e2b)
        #expect(checker.check(new, against: h, level: .backward).isCompatible)
        let t = checker.check(new, against: h, level: .backwardTransitive)
        #expect(!t.isCompatible)
        #expect(t.failingVersion == 1)
        #expect(t.comparisons.map(\.version) == [3, 2, 1])  // newest first, stopped at the failure
        #expect(t.findings.first?.detail == "[C]")
    }

    @Test func transitiveStopsAtTheFirstFailingVersion() {
        let a = schema(#"{"name":"x","type":"int"}"#)
        let b = schema(#"{"name":"x","type":"string"}"#)
        let c = schema(#"{"name":"x","type":"int"}"#)
        let new = schema(#"{"name":"x","type":"long"}"#)
        let r = checker.check(new, against: history(a, b, c), level: .backwardTransitive)
        #expect(r.comparisons.map(\.version) == [3, 2])
        #expect(r.failingVersion == 2)
    }

    @Test func forwardTransitiveAndFullTransitive() {
        let a = schema(#"{"name":"x","type":"long"}"#)
        let b = schema(#"{"name":"x","type":"long"},{"name":"y","type":"int","default":1}"#)
        let new = schema(#"{"name":"x","type":"int"},{"name":"y","type":"int","default":1}"#)
        // Old readers (long) read new int data: forward transitive holds.
        #expect(checker.check(new, against: history(a, b), level: .forwardTransitive).isCompatible)
        // New int reader cannot read old long data: full transitive fails on the latest already.
        let full = checker.check(new, against: history(a, b), level: .fullTransitive)
        #expect(full.failingVersion == 2)
        let breaksOnlyOld = schema(#"{"name":"x","type":"long"},{"name":"y","type":"int"}"#)
        // y has no default: reading version 1 data (no y) fails; version 2 has y.
        let r = checker.check(breaksOnlyOld, against: history(a, b), level: .fullTransitive)
        #expect(r.comparisons.map(\.version) == [2, 1])
        #expect(r.failingVersion == 1)
        #expect(checker.check(breaksOnlyOld, against: history(a, b), level: .full).isCompatible)
    }

    @Test func levelNamesAreCaseInsensitive() {
        #expect(CompatibilityLevel(lenient: "backward_transitive") == .backwardTransitive)
        #expect(CompatibilityLevel(lenient: "Full") == .full)
        #expect(CompatibilityLevel(lenient: "sideways") == nil)
    }

    @Test func confluentVerboseRendering() throws {
        let reader = try AvroSchema(parsing: #"{"type":"fixed","name":"H","size":8}"#)
        let writer = try AvroSchema(parsing: #"{"type":"fixed","name":"H","size":16}"#)
        let i = try #require(AvroCompatibility().incompatibilities(reader: reader, writer: writer).first)
        #expect(i.confluentDifference(direction: .backward) == "{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path '/size' in the new schema does not match with the old schema', additionalInfo:'expected: 16, found: 8'}")
    }
}

@Suite struct ReferencedTypeCompatibilityTests {
    @Test func namedTypesFromReferencesAreComparedLikeInlineOnes() throws {
        let v1 = ResolvedReference(name: "acme.Address", schemaText: #"{"type":"record","name":"Address","namespace":"acme","fields":[{"name":"city","type":"string"}]}"#)
        let v2 = ResolvedReference(name: "acme.Address", schemaText: #"{"type":"record","name":"Address","namespace":"acme","fields":[{"name":"city","type":"string"},{"name":"zip","type":"string"}]}"#)
        let text = #"{"type":"record","name":"Customer","namespace":"acme","fields":[{"name":"home","type":"Address"}]}"#
        let old = try AvroSchema(parsing: text, references: [v1])
        let new = try AvroSchema(parsing: text, references: [v2])
        let found = AvroCompatibility().incompatibilities(reader: new, writer: old)
        #expect(found.map(\.type) == [.readerFieldMissingDefaultValue])
        #expect(found.first?.javaLocation == "/fields/0/type/fields/1")
        #expect(AvroCompatibility().canRead(reader: old, writer: new))
        // The stored texts are equal (references are written by name); the graphs are not.
        #expect(old.canonicalText == new.canonicalText)
        let witness = AvroWitnessBuilder(reader: new, writer: old).witness(for: found[0])
        #expect(witness == ["home": ["city": ""]])
    }
}
