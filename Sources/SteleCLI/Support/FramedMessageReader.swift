import SteleAvro
import SteleClient
import SteleJSON
import SteleSchema
import SteleSerdes

/// Confluent-framed messages (any framing, header first) → JSON, fetching each writer schema
/// once: Avro datums in Avro's JSON encoding (optionally read into a reader schema), JSON
/// Schema documents as they are. Shared by `decode` and `consume`.
struct FramedMessageReader {
    let client: RegistryClient
    let field: MessageField
    let avro: AvroDeserializer
    let json: JSONSchemaDeserializer

    /// `subject` names the subject of `reader` (else the topic's TopicNameStrategy subject).
    /// Fields of schemas with `ENCRYPT` rules are decrypted with the local KMS (its secret in
    /// `ruleConfig` or `LOCAL_SECRET`).
    init(client: RegistryClient, field: MessageField, reader: ReaderSchema<AvroSchema>, subject: String?, validate: Bool, ruleConfig: [String: String] = [:]) {
        self.client = client
        self.field = field
        let configuration = DeserializerConfiguration(field: field, subjectNameStrategy: subject.map { s in .custom { _ in s } } ?? .topic,
                                                      fieldEncryption: FieldEncryption(ruleConfig: ruleConfig))
        avro = AvroDeserializer(client: client, readerSchema: reader, configuration: configuration)
        json = JSONSchemaDeserializer(client: client, configuration: configuration, validate: validate)
    }

    /// A `--reader-version` argument: nil → the writer's schema.
    static func readerSchema(_ version: String?) throws(CommandFailure) -> ReaderSchema<AvroSchema> {
        switch version?.lowercased() {
        case nil: return .writer
        case "latest", "-1": return .latest
        case let v?:
            guard let n = Int(v), n > 0 else { throw .input("--reader-version must be a number or latest, not \(v)") }
            return .version(n)
        }
    }

    /// The message as JSON, and the schema it names. A registry that cannot be reached is a
    /// `CommandFailure.io`; anything wrong with the message is thrown as it is.
    func read(_ message: [UInt8], headers: [KafkaHeader], topic: String) async throws -> (JSONValue, SchemaIdentifier) {
        let (writer, _) = try SchemaIdentifier.read(message, headers: headers, field: field)
        switch try await type(of: writer) {
        case .avro:
            let decoded = try await avro.decode(message, topic: topic, headers: headers)
            return (try AvroJSONEncoding(schema: decoded.readerSchema).json(from: decoded.value), writer)
        case .json:
            return (try await json.deserialize(message, topic: topic, headers: headers) ?? .null, writer)
        case .protobuf:
            throw CommandFailure.input("Protobuf messages are not supported")
        }
    }

    private func type(of writer: SchemaIdentifier) async throws -> SchemaType {
        do throws(RegistryClientError) {
            switch writer {
            case .id(let id): return try await client.schema(id: id).schema.schemaType
            case .guid(let g): return try await client.schema(guid: g).schema.schemaType
            }
        } catch {
            if error.isNotFound { throw SerdesError(.unknownSchema, "no schema with \(writer): \(error.message)", registryError: error) }
            throw CommandFailure.registry(error, "cannot reach the registry")
        }
    }
}
