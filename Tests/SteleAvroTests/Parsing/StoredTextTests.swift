import SteleSchema
import Testing
@testable import SteleAvro

/// The texts a registry derives: Confluent's stored text (identity for dedup) and its
/// normalized text.
@Suite struct StoredTextTests {
    @Test func whitespaceKeyOrderAndNamespaceStyleCollapseToOneStoredText() throws {
        let variants = [
            #"{"type":"record","name":"Ride","namespace":"nyc.taxi","fields":[{"name":"VendorID","type":"int"},{"name":"fare","type":"double"}]}"#,
            #"{ "fields" : [ {"type":"int","name":"VendorID"}, {"name":"fare","type":{"type":"double"}} ], "name":"nyc.taxi.Ride", "type":"record" }"#,
            "{\n  \"namespace\": \"nyc.taxi\",\n  \"name\": \"Ride\",\n  \"type\": \"record\",\n  \"fields\": [\n    {\"name\": \"VendorID\", \"type\": \"int\"},\n    {\"name\": \"fare\", \"type\": \"double\"}\n  ]\n}",
        ]
        let texts = try variants.map { try AvroSchema(parsing: $0).canonicalText }
        #expect(Set(texts).count == 1)
        #expect(texts[0] == variants[0])
    }

    @Test func docsPropertiesAndOrderChangeTheStoredText() throws {
        let a = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#)
        let b = try AvroSchema(parsing: #"{"type":"record","name":"R","doc":"d","fields":[{"name":"a","type":"int"}]}"#)
        #expect(a.canonicalText != b.canonicalText)
        #expect(a.parsingCanonicalForm == b.parsingCanonicalForm)
    }

    @Test func namedTypeReuseIsWrittenRelativeToTheCurrentNamespace() throws {
        let s = try AvroSchema(parsing: """
            {"type":"record","name":"a.Outer","fields":[
              {"name":"x","type":{"type":"enum","name":"b.Color","symbols":["RED"]}},
              {"name":"y","type":"b.Color"},
              {"name":"inner","type":{"type":"record","name":"b.Inner","fields":[{"name":"c","type":"Color"}]}}
            ]}
            """)
        #expect(s.canonicalText == #"{"type":"record","name":"Outer","namespace":"a","fields":[{"name":"x","type":{"type":"enum","name":"Color","namespace":"b","symbols":["RED"]}},{"name":"y","type":"b.Color"},{"name":"inner","type":{"type":"record","name":"Inner","namespace":"b","fields":[{"name":"c","type":"Color"}]}}]}"#)
    }

    @Test func normalizedTextSortsPropertiesAndAliasesAndUsesFullNames() throws {
        let a = try AvroSchema(parsing: #"{"type":"record","name":"R","namespace":"n","aliases":["Z","A"],"doc":"d","zz":1,"aa":{"y":1,"x":2},"fields":[{"name":"f","aliases":["q","b"],"doc":"fd","type":{"type":"bytes","logicalType":"decimal","precision":5,"scale":2,"k":true},"custom":3}]}"#)
        #expect(a.normalizedText == #"{"name":"n.R","type":"record","fields":[{"name":"f","type":{"type":"bytes","logicalType":"decimal","precision":5,"scale":2,"k":true},"order":"ASCENDING","doc":"fd","aliases":["b","q"],"custom":3}],"doc":"d","aliases":["n.A","n.Z"],"aa":{"x":2,"y":1},"zz":1}"#)
        // Attribute order and namespace style do not change the normalized text.
        let b = try AvroSchema(parsing: #"{"fields":[{"custom":3,"type":{"k":true,"scale":2,"precision":5,"logicalType":"decimal","type":"bytes"},"doc":"fd","aliases":["b","q"],"name":"f"}],"aa":{"x":2,"y":1},"zz":1,"doc":"d","aliases":["n.A","n.Z"],"name":"n.R","type":"record"}"#)
        #expect(a.normalizedText == b.normalizedText)
        #expect(a.canonicalText != b.canonicalText)
        // The normalized text is a valid schema with the same meaning.
        let again = try AvroSchema(parsing: a.normalizedText)
        #expect(again.parsingCanonicalForm == a.parsingCanonicalForm)
        #expect(again.normalizedText == a.normalizedText)
    }

    @Test func enumAndFixedInNormalizedForm() throws {
        let s = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"],"default":"A","doc":""}},{"name":"u","type":{"type":"fixed","name":"U","size":16,"logicalType":"uuid"}}]}"#)
        #expect(s.normalizedText == #"{"name":"R","type":"record","fields":[{"name":"e","type":{"name":"E","type":"enum","symbols":["A","B"],"default":"A"},"order":"ASCENDING"},{"name":"u","type":{"name":"U","type":"fixed","size":16,"logicalType":"uuid"},"order":"ASCENDING"}]}"#)
    }

    @Test func fingerprintsOfTheParsingCanonicalForm() throws {
        let s = try AvroSchema(parsing: #"{"type":"fixed","name":"foo","size":15,"doc":"ignored"}"#)
        #expect(s.fingerprint(.crc64).int64 == 1_756_455_273_707_447_556)
        #expect(s.fingerprint(.md5).hex.count == 32)
        #expect(s.fingerprint(.sha256).hex.count == 64)
        #expect(s.fingerprint(.md5) == FingerprintAlgorithm.md5.fingerprint(of: #"{"name":"foo","type":"fixed","size":15}"#))
    }

    @Test func avroFormatConformsToTheSchemaContract() throws {
        let format = AvroFormat()
        #expect(format.schemaType == .avro)
        let s: any ParsedSchema = try format.parse(#""string""#, references: [], options: .strict)
        #expect(s.schemaType == .avro)
        #expect(s.fingerprintText == #""string""#)
    }
}
