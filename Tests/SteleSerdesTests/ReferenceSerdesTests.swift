import SteleAvro
import SteleClient
import SteleJSON
import SteleJSONSchema
import SteleSchema
import SteleSerdes
import Testing

/// Schemas that reference other registered schemas: the serializer registers its references,
/// and a deserializer that has never seen the writer fetches the referenced versions before
/// parsing it.
@Suite("Serdes with schema references")
struct ReferenceSerdesTests {
    static let address = #"{"type":"record","name":"Address","namespace":"demo","fields":[{"name":"city","type":"string"}]}"#
    static let trip = #"{"type":"record","name":"Trip","namespace":"demo","fields":[{"name":"id","type":"long"},{"name":"to","type":"demo.Address"}]}"#

    @Test("Avro: a record using a type registered under another subject")
    func avro() async throws {
        try await withLiveClient { client in
            let registered = try await client.register(subject: "address", schema: RegistrySchema(Self.address))
            let reference = SchemaReference(name: "demo.Address", subject: "address", version: registered.version!)
            let resolved = try await SchemaReferences.resolve([reference], client: client)
            let schema = try AvroSchema(parsing: Self.trip, references: resolved)
            let serializer = try AvroSerializer(client: client, schema: schema, references: [reference])
            let datum: AvroValue = .record([.long(7), .record([.string("Lisbon")])])
            let message = try await serializer.serialize(datum, topic: "trips")
            #expect(try await client.latestVersion(subject: "trips-value").schema.references == [reference])

            // A fresh client: nothing cached, the reference is fetched to parse the writer.
            let fresh = try liveClient(client.configuration.urls[0].description)
            #expect(try await AvroDeserializer(client: fresh).deserialize(message, topic: "trips") == datum)
            try await fresh.shutdown()
        }
    }

    @Test("JSON Schema: a $ref to a document registered under another subject")
    func json() async throws {
        try await withLiveClient { client in
            let city = #"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#
            let registered = try await client.register(subject: "city", schema: RegistrySchema(city, type: .json))
            let reference = SchemaReference(name: "city.json", subject: "city", version: registered.version!)
            let order = #"{"type":"object","properties":{"id":{"type":"integer"},"to":{"$ref":"city.json"}},"required":["id","to"]}"#
            let document = try JSONSchemaFormat().parse(order, references: try await SchemaReferences.resolve([reference], client: client))
            let serializer = try JSONSchemaSerializer(client: client, schema: document, references: [reference])
            let message = try await serializer.serialize(["id": 1, "to": ["city": "Porto"]] as JSONValue, topic: "orders")
            // The referenced schema is enforced on both sides.
            #expect(await code { _ = try await serializer.serialize(["id": 2, "to": ["town": "Porto"]] as JSONValue, topic: "orders") } == .validationFailed)
            let fresh = try liveClient(client.configuration.urls[0].description)
            let read = try await JSONSchemaDeserializer(client: fresh, validate: true).deserialize(message, topic: "orders")
            #expect(read == ["id": 1, "to": ["city": "Porto"]])
            try await fresh.shutdown()
        }
    }
}
