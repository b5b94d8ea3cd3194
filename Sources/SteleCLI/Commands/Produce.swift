import ArgumentParser
import SteleClient
import SteleJSON
import SteleSchema
import SteleSerdes

extension Stele {
    /// `stele produce --topic T [--value-subject S | --value-schema FILE] [--parse-key] … [DATA.jsonl|-]`
    struct Produce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Produce JSON lines to a Kafka topic, serialized with a registered schema.",
            discussion: """
                kafka-avro-console-producer's counterpart. Each input line is one record: the \
                value in Avro's JSON encoding (unions as {"type": value}) or, for JSON Schema, \
                the document itself; with --parse-key, KEY<TAB>VALUE (--key-separator). The \
                value is written with the latest version of --value-subject (default \
                TOPIC-value; --value-version picks another), or with --value-schema FILE, \
                registered under that subject first. A key is raw UTF-8 unless --key-subject \
                or --key-schema gives it a schema. --framing v0|v1|header as Confluent's \
                serializers write.

                A bad line is reported with its number and the rest are still produced (exit \
                1); an unreachable broker or registry, or a record the broker does not \
                acknowledge within --timeout-ms, is exit 2. Nothing is reported done before the \
                broker has acknowledged every record (acks=all).

                Examples:
                  stele produce --topic rides --bootstrap-server localhost:9092 < rides.jsonl
                  stele produce --topic rides --value-schema schemas/ride.avsc < rides.jsonl
                  printf 'r1\\t{"id": 1}\\n' | stele produce --topic rides --parse-key
                """
        )

        @Option(help: "The topic.")
        var topic: String

        @Option(help: "The value's subject (default TOPIC-value).")
        var valueSubject: String?

        @Option(help: "The version of the value's subject to write with: a number or latest.")
        var valueVersion: String = "latest"

        @Option(help: "A schema file to register under the value's subject and write with.")
        var valueSchema: String?

        @Flag(help: "Read each line as KEY, the key separator, then VALUE.")
        var parseKey = false

        @Option(help: "What separates the key from the value with --parse-key (default a tab).")
        var keySeparator: String = "\t"

        @Option(help: "Serialize keys (JSON) with this subject's schema instead of as raw UTF-8.")
        var keySubject: String?

        @Option(help: "A schema file for keys, registered under --key-subject (default TOPIC-key).")
        var keySchema: String?

        @Option(help: "How messages name their schema: v0 (0x00 + id), v1 (0x01 + GUID) or header (GUID in a header).")
        var framing: FramingName = .v0

        @Option(help: "Produce to this partition (default: the partitioner's choice by key).")
        var partition: Int32?

        @Argument(help: "JSON Lines to produce, or - for standard input (the default).")
        var data: String = "-"

        @OptionGroup var kafka: KafkaOptions
        @OptionGroup var registry: RegistryOptions

        func validate() throws {
            if keySubject != nil || keySchema != nil, !parseKey { throw ValidationError("--key-subject and --key-schema need --parse-key") }
            if keySeparator.isEmpty { throw ValidationError("--key-separator must not be empty") }
        }

        func run() async throws {
            let input = lines(try Files.readBytes(data, limit: 1 << 30))
            let framing: SchemaIDFraming = self.framing == .v0 ? .prefixV0 : self.framing == .v1 ? .prefixV1 : .header
            try await registry.withClient { client in
                let writeValue = try await writer(client, subject: valueSubject ?? "\(topic)-value", version: valueVersion, file: valueSchema, field: .value, framing: framing)
                let keyed = keySubject != nil || keySchema != nil
                let writeKey = keyed ? try await writer(client, subject: keySubject ?? "\(topic)-key", version: "latest", file: keySchema, field: .key, framing: framing) : nil
                let producer = try KafkaProducer(kafka)
                try producer.client.checkReachable(timeoutMs: kafka.timeoutMs)
                let progress = Progress("producing")
                var produced = 0, failed = false
                for (i, (number, line)) in input.enumerated() {
                    progress.update(i, of: input.count, "line \(number)")
                    do {
                        var text = String(decoding: line, as: UTF8.self)
                        var key: [UInt8]?
                        var headers: [KafkaHeader] = []
                        if parseKey {
                            guard let sep = text.range(of: keySeparator) else { throw CommandFailure.input("no key separator in the line") }
                            let keyText = String(text[..<sep.lowerBound])
                            text = String(text[sep.upperBound...])
                            if let writeKey {
                                key = try await writeKey(try Self.json(keyText, "the key"), &headers)
                            } else {
                                key = Array(keyText.utf8)
                            }
                        }
                        let value = try await writeValue(try Self.json(text, "the value"), &headers)
                        try producer.send(topic: topic, partition: partition, key: key, value: value, headers: headers)
                        produced += 1
                    } catch let e as SerdesError where e.code == .registry {
                        throw CommandFailure.io(e.message)
                    } catch let e as CommandFailure where e.code == SteleExit.ioError {
                        throw e
                    } catch {
                        Console.current.err("line \(number): \(error)")
                        failed = true
                    }
                }
                progress.finish()
                _ = try producer.flush(timeoutMs: kafka.timeoutMs)
                Console.current.out("\(produced) record\(produced == 1 ? "" : "s") produced to \(topic)")
                if failed { throw ExitCode(SteleExit.inputError) }
            }
        }

        static func json(_ text: String, _ what: String) throws -> JSONValue {
            do { return try JSONParser().parse(text) } catch { throw CommandFailure.input("\(what) is not JSON: \(error)") }
        }

        /// The serializer of one field: a registered version of `subject`, or `file` registered
        /// under it first (as the console producers' value.schema does).
        private func writer(_ client: RegistryClient, subject: String, version: String, file: String?, field: MessageField,
                            framing: SchemaIDFraming) async throws -> Encode.Write {
            var schemaID: Int
            var registered: RegisteredSchema
            if let file {
                let text = try Files.readText(file, limit: SchemaTree.maxFileBytes)
                let schema = RegistrySchema(text, type: SchemaTypeName(fileName: file).schemaType)
                do throws(RegistryClientError) {
                    registered = try await client.register(subject: subject, schema: schema)
                } catch {
                    throw CommandFailure.from(error, "cannot register \(file) under \(subject)")
                }
                guard let id = registered.id else { throw CommandFailure.io("the registry gave no id for \(file)") }
                schemaID = id
            } else {
                (schemaID, registered) = try await Encode.writer(client, subject: subject, version: version, id: nil)
            }
            let config = SerializerConfiguration(autoRegisterSchemas: false, useSchemaID: schemaID, subjectNameStrategy: .custom { _ in subject },
                                                 framing: framing, field: field)
            return try await Encode.writer(for: registered, client: client, configuration: config)
        }
    }
}
