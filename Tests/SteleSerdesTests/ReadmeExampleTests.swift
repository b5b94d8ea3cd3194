import Foundation
import SteleAvro
import SteleClient
import SteleSerdes
import SteleTestServer
import Testing

/// The producer and consumer of README.md ("Producing and consuming"), as written there, run
/// against a live registry: if this breaks, the README is wrong.
@Suite("README example")
struct ReadmeExampleTests {
    // README: begin
    struct Ride: Codable {
        var ride_id: UUID
        var pickup: Date
        var fare: Decimal
        var passengers: Int32
    }

    static let rideSchema = """
        {"type": "record", "name": "Ride", "namespace": "demo", "fields": [
          {"name": "ride_id", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "pickup", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "fare", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
          {"name": "passengers", "type": "int"}]}
        """

    // The consumer's newer schema: a field with a default, so old rides still read.
    struct RideV2: Codable {
        var ride_id: UUID
        var pickup: Date
        var fare: Decimal
        var passengers: Int32
        var tip: Decimal
    }

    static let rideSchemaV2 = """
        {"type": "record", "name": "Ride", "namespace": "demo", "fields": [
          {"name": "ride_id", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "pickup", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "fare", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
          {"name": "passengers", "type": "int"},
          {"name": "tip", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}, "default": "\\u0000"}]}
        """

    // One client per process, shared by every serializer and deserializer.
    static func produce(_ client: RegistryClient) async throws -> [UInt8] {
        // Registers the schema under "rides-value" on the first message, then only encodes.
        let rides = try AvroSerializer(client: client, schema: rideSchema)
        let ride = Ride(ride_id: UUID(), pickup: Date(), fare: 23.45, passengers: 2)
        let value: [UInt8] = try await rides.serialize(ride, topic: "rides")  // 0x00, schema id, Avro
        return value  // the record's value for your Kafka producer
    }

    static func consume(_ client: RegistryClient, value: [UInt8]) async throws -> RideV2 {
        let rides = AvroDeserializer(client: client, readerSchema: .schema(try AvroSchema(parsing: rideSchemaV2)))
        // The writer's schema is fetched once per id; the old ride reads with tip = 0.
        return try await rides.deserialize(value, as: RideV2.self, topic: "rides")!
    }
    // README: end

    @Test("the README's producer writes a ride; its consumer reads it with the newer schema")
    func producerAndConsumer() async throws {
        try await LiveRegistry.with { url, _ in
            let client = try RegistryClient(url: url)  // README: "http://localhost:8081"
            let value = try await Self.produce(client)
            #expect(value[0] == 0 && value.count > 5)
            let ride = try await Self.consume(client, value: value)
            #expect(ride.fare == 23.45 && ride.tip == 0 && ride.passengers == 2)
            try await client.shutdown()
        }
    }
}
