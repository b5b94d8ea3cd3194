import CKafkaTestBroker
import Foundation
import SteleJSON
import SteleTestServer
import Testing

/// A Kafka-protocol broker in the test process (librdkafka's mock cluster), stopped after use.
func withBroker(topics: [String], partitions: Int32 = 1, _ body: (String) async throws -> Void) async throws {
    var bootstrap = [CChar](repeating: 0, count: 256)
    guard let broker = stele_test_broker_start(nil, 0, &bootstrap, bootstrap.count) else {
        Issue.record("the mock broker did not start")
        return
    }
    defer { stele_test_broker_stop(broker) }
    for t in topics { _ = stele_test_broker_create_topic(broker, t, partitions) }
    try await body(String(decoding: bootstrap.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
}

/// `stele produce` / `stele consume` through a real broker and a real registry: what one
/// writes the other reads back, equal and in order, in every framing.
@Suite("produce and consume", .serialized)
struct ProduceConsumeTests {
    static let ride = #"{"type":"record","name":"Ride","namespace":"demo","fields":[{"name":"id","type":"long"},{"name":"driver","type":["null","string"],"default":null},{"name":"km","type":"double"}]}"#
    static let rides = [
        #"{"id":1,"driver":null,"km":2.5}"#,
        #"{"id":2,"driver":{"string":"Ana"},"km":11.0}"#,
        #"{"id":3,"driver":{"string":"Bo"},"km":0.25}"#,
    ]

    @Test("Avro values in v0, v1 and header framing come back equal and in order", arguments: ["v0", "v1", "header"])
    func avroRoundTrip(framing: String) async throws {
        try await LiveRegistry.with { url, _ in
            try await withBroker(topics: ["rides"]) { bootstrap in
                let schema = try temporaryFile(Self.ride, name: "ride.avsc")
                let input = try temporaryFile(Self.rides.joined(separator: "\n") + "\n", name: "rides.jsonl")
                let produced = await stele("produce", "--topic", "rides", "--value-schema", schema, "--framing", framing,
                                           "--bootstrap-server", bootstrap, "--registry", url, input)
                #expect(produced.code == 0 && produced.out == "3 records produced to rides\n", "\(produced.out)\(produced.err)")
                let consumed = await stele("consume", "--topic", "rides", "--from-beginning", "--max-messages", "3",
                                           "--bootstrap-server", bootstrap, "--registry", url)
                #expect(consumed.code == 0, "\(consumed.err)")
                #expect(consumed.out == Self.rides.joined(separator: "\n") + "\n")
            }
        }
    }

    @Test("keys: raw text, and keys with a schema decoded; --format json carries partition and offset")
    func keys() async throws {
        try await LiveRegistry.with { url, _ in
            try await withBroker(topics: ["keyed", "schema-keyed"]) { bootstrap in
                let schema = try temporaryFile(Self.ride, name: "ride.avsc")
                let raw = try temporaryFile("r1\t\(Self.rides[0])\nr2\t\(Self.rides[1])\n", name: "keyed.jsonl")
                #expect(await stele("produce", "--topic", "keyed", "--value-schema", schema, "--parse-key", "--bootstrap-server", bootstrap, "--registry", url, raw).code == 0)
                let text = await stele("consume", "--topic", "keyed", "--from-beginning", "--max-messages", "2", "--print-key", "--bootstrap-server", bootstrap, "--registry", url)
                #expect(text.out == "r1\t\(Self.rides[0])\nr2\t\(Self.rides[1])\n", "\(text.out)\(text.err)")

                let keySchema = try temporaryFile(#""long""#, name: "key.avsc")
                let typed = try temporaryFile("7|\(Self.rides[2])\n", name: "typed.jsonl")
                let produced = await stele("produce", "--topic", "schema-keyed", "--value-schema", schema, "--parse-key", "--key-separator", "|",
                                           "--key-schema", keySchema, "--bootstrap-server", bootstrap, "--registry", url, typed)
                #expect(produced.code == 0, "\(produced.err)")
                #expect(await stele("versions", "--registry", url, "schema-keyed-key").out == "1\n")
                let json = await stele("consume", "--topic", "schema-keyed", "--from-beginning", "--max-messages", "1", "--format", "json", "--bootstrap-server", bootstrap, "--registry", url)
                let record = try JSONParser().parse(json.out)
                #expect(record["key"] == 7 && record["partition"] == 0 && record["offset"] == 0, "\(json.out)")
                #expect(record["value"]?["id"] == 3)
            }
        }
    }

    @Test("JSON Schema values; a document that does not fit is refused by its line and the rest still go")
    func jsonSchema() async throws {
        try await LiveRegistry.with { url, _ in
            try await withBroker(topics: ["orders"]) { bootstrap in
                let schema = try temporaryFile(#"{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}"#, name: "order.json")
                let input = try temporaryFile("{\"id\":1}\n{\"id\":\"x\"}\nnot json\n{\"id\":3}\n", name: "orders.jsonl")
                let produced = await stele("produce", "--topic", "orders", "--value-schema", schema, "--bootstrap-server", bootstrap, "--registry", url, input)
                #expect(produced.code == 1 && produced.out == "2 records produced to orders\n", "\(produced.out)")
                #expect(produced.err.contains("line 2:") && produced.err.contains("line 3: the value is not JSON"), "\(produced.err)")
                let consumed = await stele("consume", "--topic", "orders", "--from-beginning", "--max-messages", "2", "--bootstrap-server", bootstrap, "--registry", url)
                #expect(consumed.out == "{\"id\":1}\n{\"id\":3}\n", "\(consumed.out)\(consumed.err)")
            }
        }
    }

    @Test("the latest registered version is used when no schema file is given; an unknown subject is exit 1")
    func latestVersion() async throws {
        try await LiveRegistry.with { url, _ in
            try await withBroker(topics: ["rides"]) { bootstrap in
                let input = try temporaryFile(Self.rides[0] + "\n", name: "one.jsonl")
                let missing = await stele("produce", "--topic", "rides", "--bootstrap-server", bootstrap, "--registry", url, input)
                #expect(missing.code == 1 && missing.err.contains("rides-value"), "\(missing.err)")
                _ = await stele("register", "--registry", url, "rides-value", try temporaryFile(Self.ride, name: "ride.avsc"))
                #expect(await stele("produce", "--topic", "rides", "--bootstrap-server", bootstrap, "--registry", url, input).code == 0)
                let consumed = await stele("consume", "--topic", "rides", "--from-beginning", "--idle-timeout-ms", "1500", "--bootstrap-server", bootstrap, "--registry", url)
                #expect(consumed.out == Self.rides[0] + "\n", "\(consumed.err)")
            }
        }
    }

    @Test("a broker that is down: produce and consume exit 2 with one line")
    func brokerDown() async throws {
        try await LiveRegistry.with { url, _ in
            let schema = try temporaryFile(Self.ride, name: "ride.avsc")
            let input = try temporaryFile(Self.rides[0] + "\n", name: "one.jsonl")
            let produce = await stele("produce", "--topic", "rides", "--value-schema", schema, "--bootstrap-server", "127.0.0.1:1",
                                      "--timeout-ms", "1000", "--registry", url, input)
            #expect(produce.code == 2 && produce.err.hasPrefix("error: cannot reach the Kafka broker at 127.0.0.1:1: ") && produce.err.split(separator: "\n").count == 1, "\(produce.err)")
            let consume = await stele("consume", "--topic", "rides", "--bootstrap-server", "127.0.0.1:1", "--timeout-ms", "1000", "--registry", url)
            #expect(consume.code == 2 && consume.err.split(separator: "\n").count == 1 && consume.err.contains("cannot reach the Kafka broker"), "\(consume.err)")
        }
    }
}
