import Hummingbird
import Logging
import SteleAvro
import SteleClient
import SteleJSON
import SteleJSONSchema
import SteleRegistry
import SteleSerdes
import SteleServer
import Synchronization

/// `serialize` / `deserialize` of `../shared/bench/workloads.md`: records through SteleSerdes
/// with Confluent's framing (0x00 + id), against a real registry (an in-memory `stele serve` on
/// loopback) that the serdes have warmed up with, as confluent-kafka-python's peer does with
/// its mock registry. The same process then times the raw codec on the same records, so the
/// cost of framing is read off one run.
///
///     stele-bench serdes [--data DIR] [--workload ride|order|order-js2020|order-js07|all] [--n N] [--reps R]
///                        [--skip-codable] [--skip-raw]   (the last two narrow a profile to the generic serdes)
enum SerdesBenchmark {
    static func run() async throws {
        let dir = BenchIO.option("--data") ?? BenchIO.environment("BENCH_DATA") ?? "../shared/bench/data"
        let which = BenchIO.option("--workload") ?? "all"
        let limit = BenchIO.option("--n").flatMap { Int($0) }
        let reps = BenchIO.option("--reps").flatMap { Int($0) } ?? 5
        try await withRegistry { url in
            let client = try RegistryClient(url: url)
            for workload in ["ride", "order"] where which == "all" || which == workload {
                try await avro(workload, dir: dir, limit: limit, reps: reps, client: client)
            }
            for workload in ["order-js2020", "order-js07"] where which == "all" || which == workload {
                try await json(workload, dir: dir, limit: limit, reps: reps, client: client)
            }
            if client.statistics.requests > 40 { BenchIO.fail("the serdes called the registry \(client.statistics.requests) times: not warm") }
            try await client.shutdown()
        }
    }

    /// Runs an in-memory registry on a loopback port for `body`.
    static func withRegistry(_ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let registry = try await Registry(store: MemoryStore())
        let port = Mutex<Int?>(nil)
        // Quiet: stopping the server by cancellation is how the benchmark ends, not an error.
        var logger = Logger(label: "stele-bench")
        logger.logLevel = .critical
        let app = try RegistryServer.application(registry: registry, options: .init(host: "127.0.0.1", port: 0), logger: logger) { p in port.withLock { $0 = p } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            while port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(5)) }
            try await body("http://127.0.0.1:\(port.withLock { $0! })")
            group.cancelAll()
        }
    }

    static func avro(_ workload: String, dir: String, limit: Int?, reps: Int, client: RegistryClient) async throws {
        let (schema, datums, payloads) = try AvroBenchmark.inputs(workload, dir: dir, limit: limit)
        let n = datums.count
        let topic = "bench-\(workload)"
        let serializer = try AvroSerializer(client: client, schema: schema)
        let deserializer = AvroDeserializer(client: client)
        let framedBytes = payloads.reduce(0) { $0 + $1.count + 5 }

        // Generic values.
        _ = try await serializer.serialize(datums[0], topic: topic)
        var messages: [[UInt8]] = []
        for d in datums { messages.append(try await serializer.serialize(d, topic: topic)) }
        _ = try await deserializer.deserialize(messages[0], topic: topic)
        if BenchIO.wants("serialize") {
        let (sBest, sMed) = try await timeAsyncPasses(reps: reps) {
            for d in datums { consume(try await serializer.serialize(d, topic: topic)) }
        }
        let matches = zip(messages, payloads).filter { $0.0[0] == 0 && Array($0.0[5...]) == $0.1 }.count
        print(resultLine(impl: "stele-serdes", workload: workload, op: "serialize", n: n, bytes: framedBytes, best: sBest, median: sMed, reps: reps,
                         extra: "match=\(matches)/\(n) framing=confluent"))
        }
        if BenchIO.wants("deserialize") {
        let (dBest, dMed) = try await timeAsyncPasses(reps: reps) {
            for m in messages { consume(try await deserializer.deserialize(m, topic: topic)!) }
        }
        var dMatches = 0
        for (m, d) in zip(messages, datums) where try await deserializer.deserialize(m, topic: topic) == d { dMatches += 1 }
        print(resultLine(impl: "stele-serdes", workload: workload, op: "deserialize", n: n, bytes: framedBytes, best: dBest, median: dMed, reps: reps,
                         extra: "match=\(dMatches)/\(n) framing=confluent"))
        }

        if CommandLine.arguments.contains("--skip-raw") { return }
        // The raw codec on the same records, same process: what framing costs.
        let codec = AvroCodec(schema: schema)
        if BenchIO.wants("encode") {
        let (eBest, eMed) = try timePasses(reps: reps) {
            for d in datums { consume(try codec.encode(d)) }
        }
        print(resultLine(impl: "stele-serdes-raw", workload: workload, op: "encode", n: n, bytes: framedBytes - 5 * n, best: eBest, median: eMed, reps: reps))
        }
        if BenchIO.wants("decode") {
        let (rBest, rMed) = try timePasses(reps: reps) {
            for p in payloads { consume(try codec.decode(p)) }
        }
        print(resultLine(impl: "stele-serdes-raw", workload: workload, op: "decode", n: n, bytes: framedBytes - 5 * n, best: rBest, median: rMed, reps: reps))
        }

        if CommandLine.arguments.contains("--skip-codable") { return }
        if workload == "ride" {
            try await codable(CodableBenchmark.Ride.self, workload, schema, payloads, reps, client)
        } else {
            try await codable(CodableBenchmark.Order.self, workload, schema, payloads, reps, client)
        }
    }

    static func codable<T: Codable & Equatable & Sendable>(_ type: T.Type, _ workload: String, _ schema: AvroSchema, _ payloads: [[UInt8]], _ reps: Int,
                                                           _ client: RegistryClient) async throws {
        let decoder = AvroDecoder(schema: schema)
        let values = try payloads.map { try decoder.decode(type, from: $0) }
        let n = values.count
        let topic = "bench-\(workload)"
        let serializer = try AvroSerializer(client: client, schema: schema)
        let deserializer = AvroDeserializer(client: client)
        let framedBytes = payloads.reduce(0) { $0 + $1.count + 5 }
        _ = try await serializer.serialize(values[0], topic: topic)
        let (sBest, sMed) = try await timeAsyncPasses(reps: reps) {
            for v in values { consume(try await serializer.serialize(v, topic: topic)) }
        }
        var messages: [[UInt8]] = []
        for v in values { messages.append(try await serializer.serialize(v, topic: topic)) }
        // Swift dictionaries have no order: map entries may differ in order from the reference.
        var matches = 0
        for (i, m) in messages.enumerated() where m[0] == 0 {
            if Array(m[5...]) == payloads[i] { matches += 1 } else if try decoder.decode(type, from: Array(m[5...])) == values[i] { matches += 1 }
        }
        print(resultLine(impl: "stele-serdes-codable", workload: workload, op: "serialize", n: n, bytes: framedBytes, best: sBest, median: sMed, reps: reps,
                         extra: "match=\(matches)/\(n) framing=confluent"))
        let (dBest, dMed) = try await timeAsyncPasses(reps: reps) {
            for m in messages { consume(try await deserializer.deserialize(m, as: type, topic: topic)!) }
        }
        var dMatches = 0
        for (m, v) in zip(messages, values) where try await deserializer.deserialize(m, as: type, topic: topic) == v { dMatches += 1 }
        print(resultLine(impl: "stele-serdes-codable", workload: workload, op: "deserialize", n: n, bytes: framedBytes, best: dBest, median: dMed, reps: reps,
                         extra: "match=\(dMatches)/\(n) framing=confluent"))

        let encoder = AvroEncoder(schema: schema)
        let (eBest, eMed) = try timePasses(reps: reps) {
            for v in values { consume(try encoder.encode(v)) }
        }
        print(resultLine(impl: "stele-serdes-codable-raw", workload: workload, op: "encode", n: n, bytes: framedBytes - 5 * n, best: eBest, median: eMed, reps: reps))
        let (rBest, rMed) = try timePasses(reps: reps) {
            for p in payloads { consume(try decoder.decode(type, from: p)) }
        }
        print(resultLine(impl: "stele-serdes-codable-raw", workload: workload, op: "decode", n: n, bytes: framedBytes - 5 * n, best: rBest, median: rMed, reps: reps))
    }

    /// The JSON Schema serdes on the order documents, validating on both sides (as
    /// confluent-kafka-python's peer does).
    static func json(_ workload: String, dir: String, limit: Int?, reps: Int, client: RegistryClient) async throws {
        let schemaFile = workload == "order-js2020" ? "order.draft2020-12.schema.json" : "order.draft-07.schema.json"
        guard let schemaBytes = BenchIO.readFile("\(dir)/../schemas/\(schemaFile)") ?? BenchIO.readFile("schemas/\(schemaFile)"),
              let jsonl = BenchIO.readFile("\(dir)/order.jsonl") else { BenchIO.fail("cannot read \(schemaFile) or order.jsonl") }
        var documents: [JSONValue] = []
        for line in jsonl.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if let limit, documents.count >= limit { break }
            documents.append(try JSONParser().parse(Array(line)))
        }
        let n = documents.count
        let topic = "bench-\(workload)"
        let serializer = try JSONSchemaSerializer(client: client, schema: String(decoding: schemaBytes, as: UTF8.self))
        let deserializer = JSONSchemaDeserializer(client: client, validate: true)
        _ = try await serializer.serialize(documents[0], topic: topic)
        let (sBest, sMed) = try await timeAsyncPasses(reps: reps) {
            for d in documents { consume(try await serializer.serialize(d, topic: topic)) }
        }
        var messages: [[UInt8]] = []
        for d in documents { messages.append(try await serializer.serialize(d, topic: topic)) }
        let bytes = messages.reduce(0) { $0 + $1.count }
        print(resultLine(impl: "stele-serdes", workload: workload, op: "serialize", n: n, bytes: bytes, best: sBest, median: sMed, reps: reps,
                         extra: "valid=\(messages.count)/\(n) framing=confluent"))
        let (dBest, dMed) = try await timeAsyncPasses(reps: reps) {
            for m in messages { consume(try await deserializer.deserialize(m, topic: topic)) }
        }
        var valid = 0
        for m in messages where try await deserializer.deserialize(m, topic: topic) != nil { valid += 1 }
        print(resultLine(impl: "stele-serdes", workload: workload, op: "deserialize", n: n, bytes: bytes, best: dBest, median: dMed, reps: reps,
                         extra: "valid=\(valid)/\(n) framing=confluent"))
    }
}

/// `timePasses` for async bodies.
func timeAsyncPasses(reps: Int, _ body: () async throws -> Void) async throws -> (Double, Double) {
    try await body()
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<reps {
        let start = clock.now
        try await body()
        times.append(seconds(clock.now - start))
    }
    times.sort()
    return (times[0], times[times.count / 2])
}
