import ArgumentParser
import SteleAvro
import SteleClient
import SteleJSON
import SteleSchema
import SteleSerdes

extension Stele {
    /// `stele decode [FILE|-] [--input hex|base64] [--raw] [--reader-version V]`
    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn Confluent-framed messages back into JSON lines.",
            discussion: """
                Reads one message per line (hex, or --input base64), as `stele encode` writes them \
                and any Confluent serializer frames them: 0x00 + schema id, 0x01 + GUID, or, for \
                header framing, the schema-id header value, a tab, then the bare payload. The \
                writer's schema is fetched from the registry once per id. Prints each datum as \
                JSON: Avro in Avro's JSON encoding, JSON Schema documents as they are. With \
                --reader-version (and --subject) Avro data is read into that version of the \
                subject, as a consumer with a newer schema reads old messages.

                Examples:
                  stele decode messages.hex
                  stele encode --subject rides-value < rides.jsonl | stele decode
                  stele decode --raw message.bin --subject rides-value --reader-version latest
                """
        )

        @Argument(help: "Messages, one per line, or - for standard input (the default).")
        var data: String = "-"

        @Option(help: "How each message is written: hex or base64.")
        var input: ByteEncoding = .hex

        @Flag(help: "The input is one binary message.")
        var raw = false

        @Flag(help: "Key messages (read the __key_schema_id header).")
        var key = false

        @Option(help: "The subject whose version --reader-version names.")
        var subject: String?

        @Option(help: "Read Avro data into this version of --subject (a number or latest).")
        var readerVersion: String?

        @Flag(help: "Check JSON documents against their schema.")
        var validate = false

        @OptionGroup var rules: RuleConfigOptions
        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let bytes = try Files.readBytes(data, limit: 1 << 30)
            let field: MessageField = key ? .key : .value
            var messages: [(number: Int, message: [UInt8], headers: [KafkaHeader])] = []
            var failed = false
            if raw {
                messages = [(1, bytes, [])]
            } else {
                for (number, line) in lines(bytes) {
                    // Hex and base64 are ASCII: anything else fails to decode below.
                    let parts = String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
                    guard parts.count <= 2, let payload = input.decode(parts.last!.trimmingCharacters) else {
                        Console.current.err("line \(number): not a \(input.rawValue) message (or a header, a tab, and a message)")
                        failed = true
                        continue
                    }
                    var headers: [KafkaHeader] = []
                    if parts.count == 2 {
                        guard let header = input.decode(parts[0].trimmingCharacters) else {
                            Console.current.err("line \(number): the header is not \(input.rawValue)")
                            failed = true
                            continue
                        }
                        headers = [KafkaHeader(key: field.schemaIDHeader, bytes: header)]
                    }
                    messages.append((number, payload, headers))
                }
            }
            if readerVersion != nil, subject == nil { throw CommandFailure.input("--reader-version needs --subject") }
            let reader = try FramedMessageReader.readerSchema(readerVersion)
            let ruleConfig = try rules.dictionary()
            try await registry.withClient { client in
                let decoder = FramedMessageReader(client: client, field: field, reader: reader, subject: subject, validate: validate,
                                                  ruleConfig: ruleConfig)
                for (number, message, headers) in messages {
                    do {
                        let (value, writer) = try await decoder.read(message, headers: headers, topic: "")
                        emit(value, writer: writer, number: number)
                    } catch let e as SerdesError where e.code == .registry {
                        throw CommandFailure.io(e.message)
                    } catch let e as CommandFailure where e.code == SteleExit.ioError {
                        throw e
                    } catch {
                        Console.current.err("line \(number): \(error)")
                        failed = true
                    }
                }
            }
            if failed { throw ExitCode(SteleExit.inputError) }
        }

        private func emit(_ value: JSONValue, writer: SchemaIdentifier, number: Int) {
            switch global.format {
            case .text:
                Console.current.out(JSONWriter.compact(value))
            case .json:
                var o = JSONObject()
                o["line"] = .int(Int64(number))
                switch writer {
                case .id(let id): o["id"] = .int(Int64(id))
                case .guid(let g): o["guid"] = .string(g.description)
                }
                o["value"] = value
                Console.current.out(JSONWriter.compact(.object(o)))
            }
        }
    }
}

extension Substring {
    var trimmingCharacters: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\r" { s = s.dropLast() }
        return s
    }
}
