import ArgumentParser
import SteleAvro
import SteleClient
import SteleJSON
import SteleSchema
import SteleSerdes

extension Stele {
    /// `stele encode --subject S [--version V] | --id ID [--framing v0|v1|header] [DATA.jsonl|-]`
    struct Encode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn JSON lines into Confluent-framed messages written with a registered schema.",
            discussion: """
                Each input line is one datum: for Avro schemas in Avro's JSON encoding (unions as \
                {"type": value}, as kafka-avro-console-producer reads them), for JSON Schemas the \
                document itself (validated first). Each output line is one message, as hex (or \
                --output base64). In header framing a line is the __value_schema_id (or \
                __key_schema_id with --key) header value, a tab, then the bare payload.

                Examples:
                  echo '{"id": 1, "fare": 9.5}' | stele encode --subject rides-value
                  stele encode --id 7 --framing v1 rides.jsonl > messages.hex
                  stele encode --subject rides-value --raw < one-ride.json > message.bin
                """
        )

        @Option(help: "Write with this subject's schema (see --version).")
        var subject: String?

        @Option(help: "The subject's version to write with: a number or latest.")
        var version: String = "latest"

        @Option(help: "Write with the schema with this global id.")
        var id: Int?

        @Option(help: "How messages name their schema: v0 (0x00 + id), v1 (0x01 + GUID) or header (GUID in a header).")
        var framing: FramingName = .v0

        @Option(help: "How each message is printed: hex or base64.")
        var output: ByteEncoding = .hex

        @Flag(help: "Write the single message as raw bytes (prefix framings only).")
        var raw = false

        @Flag(help: "Key messages (the __key_schema_id header) rather than values.")
        var key = false

        @Argument(help: "JSON Lines to encode, or - for standard input (the default).")
        var data: String = "-"

        @OptionGroup var rules: RuleConfigOptions
        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard (subject == nil) != (id == nil) else { throw CommandFailure.input("give either --subject or --id") }
            let framing: SchemaIDFraming = self.framing == .v0 ? .prefixV0 : self.framing == .v1 ? .prefixV1 : .header
            if raw && framing == .header { throw CommandFailure.input("--raw writes one binary message, which cannot carry the header of --framing header") }
            let input = lines(try Files.readBytes(data, limit: 1 << 30))
            let ruleConfig = try rules.dictionary()
            if raw && input.count != 1 { throw CommandFailure.input("--raw encodes exactly one message; the input has \(input.count) lines") }
            try await registry.withClient { client in
                let (schemaID, registered) = try await Self.writer(client, subject: subject, version: version, id: id)
                let field: MessageField = key ? .key : .value
                let named = subject ?? "id-\(schemaID)"
                let config = SerializerConfiguration(autoRegisterSchemas: false, useSchemaID: schemaID, subjectNameStrategy: .custom { _ in named },
                                                     framing: framing, field: field, fieldEncryption: FieldEncryption(ruleConfig: ruleConfig))
                let write = try await Self.writer(for: registered, client: client, configuration: config)
                var failed = false
                for (number, line) in input {
                    let document: JSONValue
                    do { document = try JSONParser().parse(line) } catch {
                        Console.current.err("line \(number): not JSON: \(error)")
                        failed = true
                        continue
                    }
                    var headers: [KafkaHeader] = []
                    let message: [UInt8]
                    do {
                        message = try await write(document, &headers)
                    } catch let e as SerdesError where e.code == .registry {
                        throw CommandFailure.io(e.message)
                    } catch {
                        Console.current.err("line \(number): \(error)")
                        failed = true
                        continue
                    }
                    emit(message, headers: headers, field: field)
                }
                if failed { throw ExitCode(SteleExit.inputError) }
            }
        }

        private func emit(_ message: [UInt8], headers: [KafkaHeader], field: MessageField) {
            let console = Console.current
            if raw {
                console.outBytes(message)
                return
            }
            let header = headers.first { $0.key == field.schemaIDHeader }?.value.map { Array($0.readableBytesView) }
            switch global.format {
            case .text:
                console.out((header.map { output.encode($0) + "\t" } ?? "") + output.encode(message))
            case .json:
                var o = JSONObject()
                o["value"] = .string(output.encode(message))
                if let header { o["headers"] = .object(JSONObject(uniqueMembers: [.init(key: field.schemaIDHeader, value: .string(output.encode(header)))])) }
                console.out(JSONWriter.compact(.object(o)))
            }
        }

        /// The id to write with, and its schema.
        static func writer(_ client: RegistryClient, subject: String?, version: String, id: Int?) async throws -> (Int, RegisteredSchema) {
            let selector = try VersionArgument.parse(version)
            let registered: RegisteredSchema
            do throws(RegistryClientError) {
                if let id {
                    registered = try await client.schema(id: id)
                } else {
                    registered = try await client.version(subject: subject!, selector)
                }
            } catch {
                if error.isNotFound { throw CommandFailure.input(id.map { "schema id \($0): \(error.message)" } ?? "\(subject!) version \(version): \(error.message)") }
                throw CommandFailure.registry(error, "cannot reach the registry")
            }
            guard let schemaID = id ?? registered.id else { throw CommandFailure.io("the registry gave no id for \(subject!) version \(version)") }
            return (schemaID, registered)
        }

        typealias Write = (JSONValue, inout [KafkaHeader]) async throws -> [UInt8]

        /// A function from one input document to one message, for the schema's type.
        static func writer(for registered: RegisteredSchema, client: RegistryClient, configuration: SerializerConfiguration) async throws -> Write {
            switch registered.schema.schemaType {
            case .avro:
                let references = try await SchemaReferences.resolve(registered.schema.references, client: client)
                let schema: AvroSchema
                do { schema = try AvroSchema(parsing: registered.schema.schema, references: references, options: .lenient) } catch {
                    throw CommandFailure.io("the registry's schema does not parse: \(error)")
                }
                let json = AvroJSONEncoding(schema: schema)
                let serializer = try AvroSerializer(client: client, schema: nil, configuration: configuration)
                return { document, headers in
                    let value: AvroValue
                    do { value = try json.value(from: document) } catch { throw CommandFailure.input("does not fit the schema: \(error)") }
                    return try await serializer.serialize(value, topic: "", headers: &headers)!
                }
            case .json:
                let serializer = try JSONSchemaSerializer(client: client, schema: nil, configuration: configuration)
                return { document, headers in try await serializer.serialize(document, topic: "", headers: &headers)! }
            case .protobuf:
                throw CommandFailure.input("Protobuf schemas are not supported")
            }
        }
    }
}
