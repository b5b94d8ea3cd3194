import SteleSchema
import Testing
@testable import SteleRegistry

/// Content keys (a SHA-256 as four words, stored as hex) and a GUID's holders (one inline).
@Suite struct ContentKeyTests {
    @Test func hexRoundTripsAndMalformedTextIsRefused() throws {
        let hex = "00ff10a0b1c2d3e4f5061728394a5b6c7d8e9fabbccddeeff0123456789abcde"
        let key = try #require(ContentKey(hex: hex))
        #expect(key.description == hex)
        #expect(ContentKey(hex: hex.uppercased()) == key)
        #expect(ContentKey(digest: Array(0..<32)).description == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        for bad in ["", String(hex.dropLast()), hex + "0", String(hex.dropLast()) + "g", String(hex.dropLast()) + "-"] {
            #expect(ContentKey(hex: bad) == nil, "\(bad)")
        }
        #expect(ContentKey(hex: String(hex.dropLast()) + "0") != key)
    }

    @Test func theRecordsKeyIsTheDigestOfItsContent() {
        let a = SchemaRecord(id: 1, schemaType: .avro, schema: #""string""#, references: [], metadata: nil, ruleSet: nil)
        let b = SchemaRecord(id: 2, schemaType: .avro, schema: #""string""#, references: [], metadata: nil, ruleSet: nil)
        let c = SchemaRecord(id: 3, schemaType: .json, schema: #""string""#, references: [], metadata: nil, ruleSet: nil)
        #expect(a.contentKey == b.contentKey)
        #expect(a.contentKey != c.contentKey)
        #expect(ContentKey(hex: a.contentKey.description) == a.contentKey)
    }

    @Test func guidHoldersStaySortedAndUnique() {
        var ids = ContextIds()
        #expect(ids.isEmpty)
        ids.insert(ContextId(context: ".", id: 9))
        ids.insert(ContextId(context: ".b", id: 2))
        ids.insert(ContextId(context: ".", id: 3))
        ids.insert(ContextId(context: ".", id: 9))
        #expect(Array(ids) == [ContextId(context: ".", id: 3), ContextId(context: ".", id: 9), ContextId(context: ".b", id: 2)])
        ids.removeAll { $0.id == 3 }
        #expect(ids.first == ContextId(context: ".", id: 9) && ids.count == 2)
    }
}
