import SteleSchema
import Testing
@testable import SteleAvro

@Suite struct RecursionAndReferencesTests {
    @Test func recursiveRecordsAreWrittenByNameAfterTheirDefinition() throws {
        let s = try #require(parsed(#"{"type":"record","name":"LinkedList","namespace":"n","fields":[{"name":"value","type":"int"},{"name":"next","type":["null","LinkedList"],"default":null}]}"#))
        #expect(s.canonicalText == #"{"type":"record","name":"LinkedList","namespace":"n","fields":[{"name":"value","type":"int"},{"name":"next","type":["null","LinkedList"],"default":null}]}"#)
        #expect(s.parsingCanonicalForm == #"{"name":"n.LinkedList","type":"record","fields":[{"name":"value","type":"int"},{"name":"next","type":["null","n.LinkedList"]}]}"#)
        #expect(s.warnings.isEmpty)
    }

    @Test func mutualRecursion() throws {
        let s = try #require(parsed("""
            {"type":"record","name":"Tree","fields":[
              {"name":"children","type":{"type":"array","items":{"type":"record","name":"Node","fields":[
                {"name":"tree","type":"Tree"},{"name":"label","type":"string"}]}}}]}
            """))
        #expect(s.parsingCanonicalForm == #"{"name":"Tree","type":"record","fields":[{"name":"children","type":{"type":"array","items":{"name":"Node","type":"record","fields":[{"name":"tree","type":"Tree"},{"name":"label","type":"string"}]}}}]}"#)
        #expect(s.warnings.isEmpty)
    }

    @Test func recursionWithoutABaseCaseTerminatesAndWarns() throws {
        let text = #"{"type":"record","name":"A","fields":[{"name":"a","type":"A"}]}"#
        let s = try #require(parsed(text))
        #expect(s.parsingCanonicalForm == #"{"name":"A","type":"record","fields":[{"name":"a","type":"A"}]}"#)
        #expect(s.canonicalText == text)
        #expect(s.normalizedText == #"{"name":"A","type":"record","fields":[{"name":"a","type":"A","order":"ASCENDING"}]}"#)
        #expect(s.fingerprint(.crc64).bytes.count == 8)
        #expect(s.warnings.map(\.rule) == [AvroRules.uninstantiableType])
        // Mutual recursion with no way out, through a union with no base branch.
        let t = try #require(parsed(#"{"type":"record","name":"P","fields":[{"name":"q","type":{"type":"record","name":"Q","fields":[{"name":"p","type":["P","Q"]}]}}]}"#))
        #expect(Set(t.warnings.map(\.message).map { $0.contains("\"P\"") || $0.contains("\"Q\"") }) == [true])
        #expect(t.warnings.count == 2)
    }

    @Test func recursiveDefaultsTerminate() throws {
        // The default of `next` is a record value whose own `next` falls back to the field's
        // default again; validation must not loop.
        let s = parsed(#"{"type":"record","name":"N","fields":[{"name":"v","type":"int","default":0},{"name":"next","type":["N","null"],"default":{"v":1}}]}"#)
        #expect(s != nil)
    }

    @Test func referencedTypesAreUsableByNameAndWrittenByName() throws {
        let address = ResolvedReference(
            reference: SchemaReference(name: "com.acme.Address", subject: "address", version: 1),
            schemaText: #"{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"city","type":"string"}]}"#)
        let text = #"{"type":"record","name":"Customer","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"work","type":["null","com.acme.Address"],"default":null}]}"#
        let s = try #require(parsed(text, references: [address]))
        #expect(s.references == [address.reference])
        #expect(s.referencedNames == ["com.acme.Address"])
        // Confluent stores the referring schema with references by name...
        #expect(s.canonicalText == #"{"type":"record","name":"Customer","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"work","type":["null","Address"],"default":null}]}"#)
        // ...while the Parsing Canonical Form (a property of the whole type) inlines them.
        #expect(s.parsingCanonicalForm.contains(#"{"name":"com.acme.Address","type":"record","fields":[{"name":"city","type":"string"}]}"#))
        #expect(s.normalizedText.contains(#""type":"com.acme.Address""#))
        // Without the reference the name is undefined.
        #expect(rejection(text)?.rule == AvroRules.undefinedName)
    }

    @Test func invalidReferencesNameTheReference() {
        let bad = ResolvedReference(reference: SchemaReference(name: "x.Bad", subject: "bad", version: 3), schemaText: #"{"type":"record","name":"Bad"}"#)
        let f = rejection(#""int""#, references: [bad])
        #expect(f?.rule == AvroRules.missingAttribute)
        #expect(f?.message.contains("referenced schema \"x.Bad\" (subject \"bad\", version 3)") == true)
        // A schema may not redefine a referenced type.
        let ok = ResolvedReference(name: "R", schemaText: #"{"type":"record","name":"R","fields":[]}"#)
        #expect(rejection(#"{"type":"record","name":"R","fields":[]}"#, references: [ok])?.rule == AvroRules.redefinedName)
    }
}
