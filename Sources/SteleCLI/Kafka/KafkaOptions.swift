import ArgumentParser

/// How `produce` and `consume` reach Kafka: the bootstrap servers (flag, env
/// `STELE_BOOTSTRAP_SERVERS`, default localhost:9092) and any librdkafka property
/// (`--property security.protocol=SASL_SSL`, …).
struct KafkaOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-server"), help: "Kafka brokers as HOST:PORT[,HOST:PORT] (env STELE_BOOTSTRAP_SERVERS; default localhost:9092).")
    var bootstrapServer: String?

    @Option(name: .customLong("property"), help: "A librdkafka configuration property as KEY=VALUE (repeatable), e.g. security.protocol=SSL.")
    var properties: [String] = []

    @Option(name: .customLong("timeout-ms"), help: "How long to wait for the broker (metadata, delivery), in milliseconds.")
    var timeoutMs: Int = 10_000

    var bootstrap: String { bootstrapServer ?? RegistryOptions.environment("STELE_BOOTSTRAP_SERVERS") ?? "localhost:9092" }

    /// The client configuration: bootstrap servers first, then `--property` pairs (which win).
    func configuration(_ extra: [(String, String)] = []) throws(CommandFailure) -> [(String, String)] {
        var pairs: [(String, String)] = [("bootstrap.servers", bootstrap)] + extra
        for p in properties {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else { throw .input("--property must be KEY=VALUE, got \"\(p)\"") }
            pairs.append((String(p[..<eq]), String(p[p.index(after: eq)...])))
        }
        return pairs
    }
}
