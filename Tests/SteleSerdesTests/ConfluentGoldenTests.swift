import Foundation
import SteleAvro
import SteleClient
import SteleJSON
import SteleSchema
import SteleSerdes
import SteleTestSupport
import Testing

/// Messages made by confluent-kafka-python's serializers (Fixtures/serdes/make_golden.py),
/// decoded by Stele's deserializers, and re-made byte for byte by Stele's serializers.
@Suite("Golden messages from confluent-kafka-python")
struct ConfluentGoldenTests {
    struct Golden {
        var registrations: [JSONValue]
        var messages: [JSONValue]
    }

    static func load() throws -> Golden {
        let text = try TestPaths.read(TestPaths.fixtures.appendingPathComponent("serdes/confluent-golden.json"))
        let root = try JSONParser().parse(text)
        return Golden(registrations: root["registrations"]?.arrayValue ?? [], messages: root["messages"]?.arrayValue ?? [])
    }

    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }

    struct Message {
        var format: String
        var framing: SchemaIDFraming
        var topic: String
        var field: MessageField
        var message: [UInt8]
        var headers: [KafkaHeader]
        var expected: JSONValue
    }

    static func messages(_ g: Golden) -> [Message] {
        g.messages.map { m in
            Message(format: m["format"]!.stringValue!, framing: SchemaIDFraming(rawValue: m["framing"]!.stringValue!)!, topic: m["topic"]!.stringValue!,
                    field: MessageField(rawValue: m["field"]!.stringValue!)!, message: bytes(m["message"]!.stringValue!),
                    headers: (m["headers"]?.arrayValue ?? []).map { KafkaHeader(key: $0.arrayValue![0].stringValue!, bytes: bytes($0.arrayValue![1].stringValue!)) },
                    expected: m["expected"]!)
        }
    }

    /// The golden registrations replayed on a fresh registry: same ids, same GUIDs.
    func replay(_ g: Golden, _ client: RegistryClient) async throws {
        for r in g.registrations {
            let type = SchemaType(rawValue: r["schemaType"]!.stringValue!)!
            let registered = try await client.register(subject: r["subject"]!.stringValue!, schema: RegistrySchema(r["schema"]!.stringValue!, type: type))
            #expect(registered.id.map { Int64($0) } == r["id"]?.intValue)
            #expect(registered.guid?.description == r["guid"]?.stringValue)
        }
    }

    @Test("the fixture covers Avro and JSON Schema in all three framings, keys included")
    func coverage() throws {
        let all = Self.messages(try Self.load())
        for format in ["avro", "json"] {
            for framing in SchemaIDFraming.allCases { #expect(all.contains { $0.format == format && $0.framing == framing }) }
        }
        #expect(all.contains { $0.field == .key && $0.framing == .header && $0.message.count <= 5 })
    }

    @Test("every golden message decodes to the value confluent-kafka-python serialized")
    func decodeGoldens() async throws {
        let golden = try Self.load()
        try await withLiveClient { client in
            try await replay(golden, client)
            for m in Self.messages(golden) {
                let config = DeserializerConfiguration(field: m.field)
                switch m.format {
                case "avro":
                    let decoded = try await AvroDeserializer(client: client, configuration: config).decode(m.message, topic: m.topic, headers: m.headers)
                    let expected = try AvroJSONEncoding(schema: decoded.readerSchema).value(from: m.expected)
                    #expect(decoded.value == expected, "\(m.framing) \(m.field) \(m.expected)")
                default:
                    let decoded = try await JSONSchemaDeserializer(client: client, configuration: config, validate: true).deserialize(m.message, topic: m.topic, headers: m.headers)
                    #expect(sameJSON(decoded, m.expected), "\(m.framing) \(m.expected)")
                }
            }
        }
    }

    @Test("Stele's Avro serializer writes the golden Avro messages byte for byte, in every framing")
    func reencodeAvroGoldens() async throws {
        let golden = try Self.load()
        try await withLiveClient { client in
            try await replay(golden, client)
            for m in Self.messages(golden) where m.format == "avro" {
                let registration = golden.registrations.first { $0["subject"]?.stringValue == "\(m.topic)-\(m.field.rawValue)" }!
                let schema = try AvroSchema(parsing: registration["schema"]!.stringValue!)
                let serializer = try AvroSerializer(client: client, schema: schema, configuration: SerializerConfiguration(framing: m.framing, field: m.field))
                var headers: [KafkaHeader] = []
                let mine = try await serializer.serialize(try AvroJSONEncoding(schema: schema).value(from: m.expected), topic: m.topic, headers: &headers)
                #expect(mine == m.message, "\(m.framing) \(m.field) \(m.expected)")
                #expect(headers == m.headers)
            }
        }
    }

    @Test("golden Avro messages decode into Swift types: UUID, Date, Decimal, Data, enums, maps")
    func codableGoldens() async throws {
        struct Trip: Decodable {
            enum Status: String, Decodable { case BOOKED, RIDING, DONE }
            var trip_id: UUID
            var pickup: Date
            var distance: Double
            var passengers: Int32
            var status: Status
            var driver: String?
            var stops: [String]
            var tolls: [String: Int64]
            var fare: Decimal
            var note: Data
            var code: Data
        }
        let golden = try Self.load()
        try await withLiveClient { client in
            try await replay(golden, client)
            let first = try #require(Self.messages(golden).first { $0.format == "avro" && $0.field == .value })
            let trip = try #require(try await AvroDeserializer(client: client).deserialize(first.message, as: Trip.self, topic: first.topic))
            #expect(trip.trip_id == UUID(uuidString: "5f1b7c2e-8d3a-4e6b-9c0d-1a2b3c4d5e6f"))
            #expect(trip.pickup == Date(timeIntervalSince1970: 1_704_164_645.678))
            #expect(trip.fare == Decimal(string: "12.34") && trip.status == .DONE && trip.driver == "Ana")
            #expect(trip.tolls == ["bridge": 650] && trip.note == Data([0x00, 0xff, 0x10]) && trip.code == Data([0, 1, 0xfe, 0xff]))
        }
    }
}
