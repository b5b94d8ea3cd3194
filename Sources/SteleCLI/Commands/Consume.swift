import ArgumentParser
import SteleClient
import SteleJSON
import SteleSchema
import SteleSerdes

extension Stele {
    /// `stele consume --topic T [--from-beginning] [--max-messages N] [--print-key] …`
    struct Consume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume a Kafka topic and print each record as a JSON line.",
            discussion: """
                kafka-avro-console-consumer's counterpart. Reads every partition of TOPIC from \
                its end (--from-beginning: its start), or as a member of --group, decodes each \
                value through the registry — Confluent's v0 and v1 prefixes and the GUID \
                header, Avro in Avro's JSON encoding and JSON Schema documents as they are — \
                and prints one line per record. --print-key prints KEY<TAB>VALUE; a key \
                written with a schema is decoded too, any other key printed as text. \
                --format json prints {"partition","offset","timestamp","key","value"} objects.

                Stops after --max-messages records, or when nothing has arrived for \
                --idle-timeout-ms; otherwise runs until interrupted. A record that cannot be \
                decoded is reported on stderr with its partition and offset and the rest still \
                run (exit 1); an unreachable broker or registry is exit 2.

                Examples:
                  stele consume --topic rides --from-beginning --max-messages 10
                  stele consume --topic rides --group audit --print-key
                  stele consume --topic rides --from-beginning --idle-timeout-ms 2000 --format json
                """
        )

        @Option(help: "The topic.")
        var topic: String

        @Option(help: "Consume as a member of this consumer group (offsets committed); default: all partitions, nothing committed.")
        var group: String?

        @Flag(help: "Start at the earliest record rather than the next one.")
        var fromBeginning = false

        @Option(help: "Stop after this many records.")
        var maxMessages: Int?

        @Option(help: "Stop when no record has arrived for this many milliseconds.")
        var idleTimeoutMs: Int?

        @Flag(help: "Print the key before the value.")
        var printKey = false

        @Option(help: "What separates key and value with --print-key (default a tab).")
        var keySeparator: String = "\t"

        @Option(help: "Read Avro values into this version of --value-subject (a number or latest).")
        var readerVersion: String?

        @Option(help: "The value's subject, for --reader-version (default TOPIC-value).")
        var valueSubject: String?

        @Flag(name: .customLong("validate"), help: "Check JSON documents against their schema.")
        var validateDocuments = false

        @OptionGroup var kafka: KafkaOptions
        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be at least 1") }
        }

        func run() async throws {
            let reader = try FramedMessageReader.readerSchema(readerVersion)
            var failed = false
            try await registry.withClient { client in
                let values = FramedMessageReader(client: client, field: .value, reader: reader, subject: valueSubject ?? "\(topic)-value", validate: validateDocuments)
                let keys = FramedMessageReader(client: client, field: .key, reader: .writer, subject: nil, validate: false)
                let consumer = try KafkaConsumer(kafka, group: group, fromBeginning: fromBeginning)
                defer { consumer.close() }
                try consumer.start(topic: topic, group: group, fromBeginning: fromBeginning, timeoutMs: kafka.timeoutMs)
                var count = 0
                var idle = 0
                while maxMessages.map({ count < $0 }) ?? true {
                    guard let record = try consumer.poll(timeoutMs: 100) else {
                        idle += 100
                        if let limit = idleTimeoutMs, idle >= limit { break }
                        continue
                    }
                    idle = 0
                    count += 1
                    do {
                        var value = JSONValue.null  // a tombstone
                        if let bytes = record.value { value = try await values.read(bytes, headers: record.headers, topic: topic).0 }
                        let key = printKey || global.format == .json ? try await Self.key(record, keys, topic) : nil
                        emit(record, key: key, value: value)
                    } catch let e as SerdesError where e.code == .registry {
                        throw CommandFailure.io(e.message)
                    } catch let e as CommandFailure where e.code == SteleExit.ioError {
                        throw e
                    } catch {
                        Console.current.err("partition \(record.partition) offset \(record.offset): \(error)")
                        failed = true
                    }
                }
            }
            if failed { throw ExitCode(SteleExit.inputError) }
        }

        /// A key written with a schema (its header, or a Confluent prefix that names one) is
        /// decoded; any other key is text (or, if not UTF-8, base64 with a `base64:` prefix).
        static func key(_ record: KafkaRecord, _ reader: FramedMessageReader, _ topic: String) async throws -> JSONValue {
            guard let bytes = record.key else { return .null }
            let header = record.headers.contains { $0.key == MessageField.key.schemaIDHeader }
            let prefixed = (bytes.first == 0 && bytes.count >= 5) || (bytes.first == 1 && bytes.count >= 17)
            if header || prefixed, let (value, _) = try? await reader.read(bytes, headers: record.headers, topic: topic) {
                return value
            }
            if let text = String(validating: bytes, as: UTF8.self) { return .string(text) }
            return .string("base64:" + Base64.encode(bytes))
        }

        private func emit(_ record: KafkaRecord, key: JSONValue?, value: JSONValue) {
            switch global.format {
            case .text:
                var line = JSONWriter.compact(value)
                if printKey, let key {
                    line = (key.stringValue ?? JSONWriter.compact(key)) + keySeparator + line
                }
                Console.current.out(line)
            case .json:
                var o = JSONObject()
                o["partition"] = .int(Int64(record.partition))
                o["offset"] = .int(record.offset)
                if let ts = record.timestamp { o["timestamp"] = .int(ts) }
                o["key"] = key ?? .null
                o["value"] = value
                Console.current.out(JSONWriter.compact(.object(o)))
            }
        }
    }
}
