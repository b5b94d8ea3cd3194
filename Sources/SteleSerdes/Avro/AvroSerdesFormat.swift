import SteleAvro
import SteleClient
import SteleJSON
import SteleSchema

/// One Avro schema compiled for messages: the codec for generic values, the `Codable` bridge,
/// and (when it is not the serializer's own schema) the resolution that turns a value built
/// for the own schema into this one's shape.
final class AvroCompiledSchema: Sendable {
    let schema: AvroSchema
    let codec: AvroCodec
    let encoder: AvroEncoder
    let decoder: AvroDecoder
    /// Own schema → this schema, for `AvroValue`s (positional) built for the own schema: the
    /// own codec writes the value, the resolver reads it in this schema's shape.
    let fromOwn: (codec: AvroCodec, resolver: AvroResolver)?
    /// A top-level `bytes` schema: the payload is the bytes themselves, no length (as both
    /// Confluent's Java and Python serializers write it).
    let rawBytes: Bool
    /// The registry schema's `ENCRYPT` rules (nil: none; the serializer's own schema has none).
    let encryption: AvroFieldEncryption?

    init(schema: AvroSchema, own: AvroCompiledSchema?, limits: AvroDecodingLimits = .default, ruleSet: JSONValue? = nil, metadata: JSONValue? = nil) {
        self.schema = schema
        self.encryption = AvroFieldEncryption(schema: schema, ruleSet: ruleSet, metadata: metadata)
        self.codec = AvroCodec(schema: schema, limits: limits)
        self.encoder = AvroEncoder(schema: schema)
        self.decoder = AvroDecoder(schema: schema, limits: limits)
        if let own, own.schema.canonicalText != schema.canonicalText {
            fromOwn = (own.codec, AvroResolver(writer: own.schema, reader: schema, limits: limits))
        } else {
            fromOwn = nil
        }
        if case .primitive(.bytes, _, _) = schema.rootNode { rawBytes = true } else { rawBytes = false }
    }

    /// The record name subject strategies use: a named type's full name, else the type name.
    var recordName: String { schema.rootNode.name?.fullName ?? schema.rootNode.typeName }
}

struct AvroSerdesFormat: SerdesFormat {
    var schemaType: SchemaType { .avro }

    func compile(_ schema: RegistrySchema, references: [ResolvedReference], own: AvroCompiledSchema?) throws(SerdesError) -> AvroCompiledSchema {
        do {
            // Schemas from the registry were validated when registered; parse them as the
            // registry reads stored schemas (lenient), so a registry's laxer past does not
            // make its data unreadable.
            let parsed = try AvroSchema(parsing: schema.schema, references: references, options: .lenient)
            return AvroCompiledSchema(schema: parsed, own: own, ruleSet: schema.ruleSet, metadata: schema.metadata)
        } catch {
            throw SerdesError(.incompatibleSchema, "the registry's Avro schema does not parse: \(error)")
        }
    }

    func incompatibilities(reader: AvroCompiledSchema, writer: AvroCompiledSchema) -> [String] {
        AvroCompatibility().incompatibilities(reader: reader.schema, writer: writer.schema, direction: .backward)
            .filter { $0.severity == .error }.map(\.message)
    }

    func recordName(_ schema: AvroCompiledSchema) -> String? { schema.recordName }
}
