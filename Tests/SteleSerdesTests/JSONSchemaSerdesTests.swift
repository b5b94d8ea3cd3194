import Foundation
import SteleClient
import SteleJSON
import SteleJSONSchema
import SteleSerdes
import Testing

@Suite("JSON Schema serializer and deserializer against a live registry")
struct JSONSchemaSerdesTests {
    static let schema = """
        {"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object",
         "properties":{"id":{"type":"integer","minimum":1},"sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{5}$"},
                       "placed":{"type":"string","format":"date-time"},"note":{"type":["string","null"]}},
         "required":["id","sku"],"additionalProperties":false}
        """

    struct Order: Codable, Equatable {
        var id: Int
        var sku: String
        var placed: Date
        var note: String?
    }

    static let order = Order(id: 7, sku: "ABC-12345", placed: Date(timeIntervalSince1970: 1_700_000_000), note: nil)

    @Test("a JSONValue document in every framing: the payload is its JSON text, read back equal", arguments: [SchemaIDFraming.prefixV0, .prefixV1, .header])
    func roundTrip(framing: SchemaIDFraming) async throws {
        try await withLiveClient { client in
            let serializer = try JSONSchemaSerializer(client: client, schema: Self.schema, configuration: SerializerConfiguration(framing: framing))
            let document: JSONValue = ["id": 7, "sku": "ABC-12345"]
            var headers: [KafkaHeader] = []
            let message = try #require(try await serializer.serialize(document, topic: "orders", headers: &headers))
            let payloadStart = framing == .prefixV0 ? 5 : framing == .prefixV1 ? 17 : 0
            #expect(String(decoding: message[payloadStart...], as: UTF8.self) == #"{"id":7,"sku":"ABC-12345"}"#)
            #expect(headers.count == (framing == .header ? 1 : 0))
            let read = try await JSONSchemaDeserializer(client: client, validate: true).deserialize(message, topic: "orders", headers: headers)
            #expect(read == document)
        }
    }

    @Test("a Codable value is encoded with JSONEncoder, validated, and decoded back")
    func codable() async throws {
        try await withLiveClient { client in
            let serializer = try JSONSchemaSerializer(client: client, schema: Self.schema)
            let message = try await serializer.serialize(Self.order, topic: "orders")
            #expect(String(decoding: message[5...], as: UTF8.self).contains(#""placed":"2023-11-14T22:13:20Z""#))
            let read = try await JSONSchemaDeserializer(client: client).deserialize(message, as: Order.self, topic: "orders")
            #expect(read == Self.order)
            // The subject of the record strategy is the schema's title.
            _ = try await JSONSchemaSerializer(client: client, schema: Self.schema, configuration: SerializerConfiguration(subjectNameStrategy: .record))
                .serialize(Self.order, topic: "orders")
            #expect(try await client.subjects() == ["Order", "orders-value"])
        }
    }

    @Test("a document that fails the schema is refused when serializing, with every reason")
    func validationOnSerialize() async throws {
        try await withLiveClient { client in
            let serializer = try JSONSchemaSerializer(client: client, schema: Self.schema)
            do throws(SerdesError) {
                _ = try await serializer.serialize(["id": 0, "sku": "nope", "extra": true] as JSONValue, topic: "orders")
                Issue.record("expected a validation failure")
            } catch {
                #expect(error.code == .validationFailed)
                #expect(error.validationErrors.count >= 3)
            }
            var bad = Self.order
            bad.sku = "lowercase-1"
            #expect(await code { _ = try await serializer.serialize(bad, topic: "orders") } == .validationFailed)
            // With validation off, the document is written as given.
            let lax = try JSONSchemaSerializer(client: client, schema: Self.schema, validate: false)
            #expect(try await lax.serialize(["id": 0] as JSONValue, topic: "orders").count > 5)
        }
    }

    @Test("the deserializer validates on request; malformed JSON is an invalid payload")
    func validationOnDeserialize() async throws {
        try await withLiveClient { client in
            let good = try await JSONSchemaSerializer(client: client, schema: Self.schema).serialize(["id": 1, "sku": "ABC-00001"] as JSONValue, topic: "orders")
            let prefix = Array(good[0..<5])
            let invalid = prefix + Array(#"{"id":-5,"sku":"ABC-00001"}"#.utf8)
            #expect(try await JSONSchemaDeserializer(client: client).deserialize(invalid, topic: "orders")?["id"] == -5)
            #expect(await code { _ = try await JSONSchemaDeserializer(client: client, validate: true).deserialize(invalid, topic: "orders") } == .validationFailed)
            #expect(await code { _ = try await JSONSchemaDeserializer(client: client).deserialize(prefix + Array("{\"id\":".utf8), topic: "orders") } == .invalidPayload)
            #expect(await code { _ = try await JSONSchemaDeserializer(client: client).deserialize(prefix + Array("[".utf8) + Array(repeating: UInt8(ascii: "["), count: 100_000), topic: "orders") } == .invalidPayload)
        }
    }

    @Test("an Avro message given to the JSON deserializer is refused as the wrong schema type")
    func wrongType() async throws {
        try await withLiveClient { client in
            let avro = try await AvroSerializer(client: client, schema: Rides.v1).serialize(Rides.sample, topic: "rides")
            #expect(await code { _ = try await JSONSchemaDeserializer(client: client).deserialize(avro, topic: "rides") } == .incompatibleSchema)
        }
    }
}
