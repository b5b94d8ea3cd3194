import SteleJSON
import SteleSchema
import Testing

@Suite("Schema GUIDs")
struct SchemaGUIDTests {
    @Test("parsed from and printed as Java's UUID text; 32 bare hex digits parse too")
    func text() throws {
        let g = try #require(SchemaGUID("0B8F9D0E-0b32-4ba2-9b3f-6b7c8a6e9f10"))
        #expect(g.description == "0b8f9d0e-0b32-4ba2-9b3f-6b7c8a6e9f10")
        #expect(SchemaGUID("0b8f9d0e0b324ba29b3f6b7c8a6e9f10") == g)
        #expect(g.bytes.count == 16 && g.bytes[0] == 0x0b && g.bytes[15] == 0x10)
        #expect(SchemaGUID(bytes: g.bytes) == g)
        for bad in ["", "0b8f9d0e-0b32-4ba2-9b3f-6b7c8a6e9f1", "0b8f9d0e_0b32-4ba2-9b3f-6b7c8a6e9f10", "zb8f9d0e-0b32-4ba2-9b3f-6b7c8a6e9f10"] {
            #expect(SchemaGUID(bad) == nil, "\(bad)")
        }
        #expect(SchemaGUID(bytes: [1, 2, 3]) == nil)
    }

    @Test("without references, metadata or rule set the GUID is the MD5 of the text")
    func plainText() {
        let text = #"{"type":"string"}"#
        let g = SchemaGUID.identity(schema: text, references: [], metadata: nil, ruleSet: nil)
        #expect(g.bytes == MD5.digest(Array(text.utf8)))
    }

    @Test("references and metadata take part; metadata properties are hashed sorted, so their order does not matter")
    func identityInputs() throws {
        let text = #"{"type":"string"}"#
        let plain = SchemaGUID.identity(schema: text, references: [], metadata: nil, ruleSet: nil)
        let referenced = SchemaGUID.identity(schema: text, references: [SchemaReference(name: "a", subject: "s", version: 1)], metadata: nil, ruleSet: nil)
        let a = try JSONParser().parse(#"{"properties":{"x":"1","y":"2"}}"#)
        let b = try JSONParser().parse(#"{"properties":{"y":"2","x":"1"}}"#)
        let withA = SchemaGUID.identity(schema: text, references: [], metadata: a, ruleSet: nil)
        #expect(plain != referenced && plain != withA)
        #expect(withA == SchemaGUID.identity(schema: text, references: [], metadata: b, ruleSet: nil))
        let rules = try JSONParser().parse(#"{"domainRules":[{"name":"r","type":"CEL","expr":"true"}]}"#)
        let defaulted = try JSONParser().parse(#"{"domainRules":[{"name":"r","type":"CEL","expr":"true","kind":"TRANSFORM","mode":"WRITEREAD"}]}"#)
        // A rule's kind and mode default as Confluent's Rule constructor defaults them.
        #expect(SchemaGUID.identity(schema: text, references: [], metadata: nil, ruleSet: rules)
            == SchemaGUID.identity(schema: text, references: [], metadata: nil, ruleSet: defaulted))
    }
}
