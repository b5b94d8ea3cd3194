import Foundation
import NIOCore
import SteleAvro
import SteleClient
import SteleSchema
import SteleSerdes
import Testing

@Suite("Avro serializer and deserializer against a live registry")
struct AvroSerdesTests {
    @Test("every framing: the id (v0) or GUID (v1, header) of the registered schema, then the payload; read back as written", arguments: [SchemaIDFraming.prefixV0, .prefixV1, .header])
    func roundTrip(framing: SchemaIDFraming) async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(framing: framing))
            var headers: [KafkaHeader] = []
            let message = try #require(try await serializer.serialize(Rides.sampleValue, topic: "rides", headers: &headers))
            let registered = try await client.lookup(subject: "rides-value", schema: RegistrySchema(Rides.v1Schema.canonicalText))
            let payload = try AvroCodec(schema: Rides.v1Schema).encode(Rides.sampleValue)
            switch framing {
            case .prefixV0:
                #expect(message == [0, 0, 0, 0, UInt8(registered.id!)] + payload)
                #expect(headers.isEmpty)
            case .prefixV1:
                #expect(message == [1] + registered.guid!.bytes + payload)
                #expect(headers.isEmpty)
            case .header:
                #expect(message == payload)
                #expect(headers == [KafkaHeader(key: "__value_schema_id", bytes: [1] + registered.guid!.bytes)])
            }
            let deserializer = AvroDeserializer(client: client)
            #expect(try await deserializer.deserialize(message, topic: "rides", headers: headers) == Rides.sampleValue)
            #expect(try await deserializer.deserialize(ByteBuffer(bytes: message), topic: "rides", headers: headers) == Rides.sampleValue)
        }
    }

    @Test("a Codable value is written byte for byte as its generic datum, and read back with Date, UUID and Decimal")
    func codable() async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1)
            let fromStruct = try await serializer.serialize(Rides.sample, topic: "rides")
            let fromValue = try await serializer.serialize(Rides.sampleValue, topic: "rides")
            #expect(fromStruct == fromValue)
            let ride = try await AvroDeserializer(client: client).deserialize(fromStruct, as: Rides.Ride.self, topic: "rides")
            #expect(ride == Rides.sample)
        }
    }

    @Test("old data is read with a newer reader schema (defaults fill new fields), and new data with an older one")
    func evolution() async throws {
        try await withLiveClient { client in
            let old = try await AvroSerializer(client: client, schema: Rides.v1).serialize(Rides.sample, topic: "rides")
            let new = try await AvroSerializer(client: client, schema: Rides.v2).serialize(
                Rides.RideV2(ride_id: Rides.sample.ride_id, pickup: Rides.sample.pickup, fare: 7, passengers: 1, driver: nil, tip: 2.5), topic: "rides")
            #expect(old[4] != new[4])

            let latest = AvroDeserializer(client: client, readerSchema: .latest)
            let upgraded = try #require(try await latest.deserialize(old, as: Rides.RideV2.self, topic: "rides"))
            #expect(upgraded.tip == 0 && upgraded.driver == "Ana" && upgraded.fare == Rides.sample.fare)
            let pinned = AvroDeserializer(client: client, readerSchema: .schema(Rides.v1Schema))
            let downgraded = try #require(try await pinned.deserialize(new, as: Rides.Ride.self, topic: "rides"))
            #expect(downgraded.fare == 7 && downgraded.driver == nil)
            let byVersion = AvroDeserializer(client: client, readerSchema: .version(2))
            #expect(try await byVersion.deserialize(old, topic: "rides") == .record(Rides.sampleValue.recordFields + [.double(0)]))
        }
    }

    @Test("useLatestVersion writes with the subject's latest schema, turning a value of the own schema into its shape")
    func useLatest() async throws {
        try await withLiveClient { client in
            _ = try await client.register(subject: "rides-value", schema: RegistrySchema(Rides.v1))
            let v2 = try await client.register(subject: "rides-value", schema: RegistrySchema(Rides.v2))
            let serializer = try AvroSerializer(client: client, schema: Rides.v1,
                                                configuration: SerializerConfiguration(autoRegisterSchemas: false, useLatestVersion: true))
            let generic = try await serializer.serialize(Rides.sampleValue, topic: "rides")
            let codable = try await serializer.serialize(Rides.sample, topic: "rides")
            #expect(generic == codable)
            #expect(Array(generic[0..<5]) == [0, 0, 0, 0, UInt8(v2.id!)])
            let read = try await AvroDeserializer(client: client).deserialize(generic, topic: "rides")
            #expect(read == .record(Rides.sampleValue.recordFields + [.double(0)]))
        }
    }

    @Test("useLatestWithMetadata writes with the latest version carrying those metadata properties")
    func useLatestWithMetadata() async throws {
        try await withLiveClient { client in
            let tagged = try await client.register(subject: "rides-value", schema: RegistrySchema(Rides.v1, metadata: ["properties": ["app": "fleet"]]))
            // Its own metadata: a version without any inherits the previous version's (as Confluent).
            _ = try await client.register(subject: "rides-value", schema: RegistrySchema(Rides.v2, metadata: ["properties": ["app": "billing"]]))
            let serializer = try AvroSerializer(client: client, schema: Rides.v1,
                                                configuration: SerializerConfiguration(autoRegisterSchemas: false, useLatestWithMetadata: ["app": "fleet"]))
            let message = try await serializer.serialize(Rides.sample, topic: "rides")
            #expect(message[4] == UInt8(tagged.id!))
            #expect(try await AvroDeserializer(client: client).deserialize(message, as: Rides.Ride.self, topic: "rides") == Rides.sample)
        }
    }

    @Test("normalizeSchemas registers with ?normalize=true: differently spelled equal schemas get one id")
    func normalize() async throws {
        try await withLiveClient { client in
            let spelled = #"{"fields":[{"type":"long","name":"id"}],"name":"N","type":"record","namespace":"x"}"#
            let other = #"{"type":"record","name":"x.N","fields":[{"name":"id","type":"long"}]}"#
            let config = SerializerConfiguration(normalizeSchemas: true)
            let a = try await AvroSerializer(client: client, schema: spelled, configuration: config).serialize(AvroValue.record([.long(1)]), topic: "n")
            let b = try await AvroSerializer(client: client, schema: other, configuration: config).serialize(AvroValue.record([.long(1)]), topic: "n")
            #expect(a == b)
            #expect(try await client.versions(subject: "n-value") == [1])
        }
    }

    @Test("useSchemaID writes with that schema; an id that cannot read the own schema's data is refused")
    func useSchemaID() async throws {
        try await withLiveClient { client in
            let v2 = try await client.register(subject: "other", schema: RegistrySchema(Rides.v2))
            let serializer = try AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(useSchemaID: v2.id))
            let message = try await serializer.serialize(Rides.sample, topic: "rides")
            #expect(message[4] == UInt8(v2.id!))
            let strings = try await client.register(subject: "strings", schema: RegistrySchema(#""string""#))
            let strict = try AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(useSchemaID: strings.id))
            #expect(await code { _ = try await strict.serialize(Rides.sample, topic: "rides") } == .incompatibleSchema)
        }
    }

    @Test("useSchemaGUID writes with the schema of that GUID: its id in v0 framing, the GUID in v1")
    func useSchemaGUID() async throws {
        try await withLiveClient { client in
            let v2 = try await client.register(subject: "other", schema: RegistrySchema(Rides.v2))
            for framing in [SchemaIDFraming.prefixV0, .prefixV1] {
                let serializer = try AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(useSchemaGUID: v2.guid, framing: framing))
                let message = try await serializer.serialize(Rides.sample, topic: "rides")
                if framing == .prefixV0 { #expect(message[4] == UInt8(v2.id!)) } else { #expect(Array(message[1..<17]) == v2.guid!.bytes) }
                #expect(try await AvroDeserializer(client: client).deserialize(message, as: Rides.RideV2.self, topic: "rides")?.tip == 0)
            }
        }
    }

    @Test("without auto-registration an unregistered schema is an unknown-schema error, not a crash")
    func lookupOnly() async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(autoRegisterSchemas: false))
            #expect(await code { _ = try await serializer.serialize(Rides.sample, topic: "rides") } == .unknownSchema)
            _ = try await client.register(subject: "rides-value", schema: RegistrySchema(Rides.v1))
            // The "not found" answer is remembered briefly; a fresh client finds it at once.
            let freshClient = try liveClient(client.configuration.urls[0].description)
            let fresh = try AvroSerializer(client: freshClient, schema: Rides.v1, configuration: SerializerConfiguration(autoRegisterSchemas: false))
            #expect(try await fresh.serialize(Rides.sample, topic: "rides").count > 5)
            try await freshClient.shutdown()
        }
    }

    @Test("record and topic-record subject names")
    func subjectStrategies() async throws {
        try await withLiveClient { client in
            _ = try await AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(subjectNameStrategy: .record))
                .serialize(Rides.sample, topic: "t")
            _ = try await AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(subjectNameStrategy: .topicRecord, field: .key))
                .serialize(Rides.sample, topic: "t")
            _ = try await AvroSerializer(client: client, schema: Rides.v1, configuration: SerializerConfiguration(subjectNameStrategy: .custom { "custom-\($0.topic)" }))
                .serialize(Rides.sample, topic: "t")
            #expect(try await client.subjects() == ["custom-t", "demo.Ride", "t-demo.Ride"])
        }
    }

    @Test("a top-level bytes schema writes the bytes themselves, as Confluent's serializers do")
    func rawBytes() async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: #""bytes""#)
            let message = try await serializer.serialize(AvroValue.bytes([1, 2, 3]), topic: "blobs")
            #expect(Array(message.dropFirst(5)) == [1, 2, 3])
            #expect(try await serializer.serialize([UInt8]([1, 2, 3]), topic: "blobs") == message)
            #expect(try await AvroDeserializer(client: client).deserialize(message, topic: "blobs") == .bytes([1, 2, 3]))
        }
    }

    @Test("tombstones: nil in, nil out, no registry call")
    func tombstones() async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1)
            var headers: [KafkaHeader] = []
            let none: AvroValue? = nil
            #expect(try await serializer.serialize(none, topic: "rides", headers: &headers) == nil)
            let nothing: [UInt8]? = nil
            #expect(try await AvroDeserializer(client: client).deserialize(nothing, topic: "rides") == nil)
            #expect(client.statistics.requests == 0)
        }
    }
}

extension AvroValue {
    var recordFields: [AvroValue] {
        if case .record(let f) = self { return f }
        return []
    }
}
