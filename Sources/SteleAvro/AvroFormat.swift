import SteleSchema

/// Avro as a `SchemaFormat`: the entry point the registry and the CLI use.
public struct AvroFormat: SchemaFormat {
    public init() {}
    public var schemaType: SchemaType { .avro }

    public func parse(_ text: String, references: [ResolvedReference] = [], options: SchemaParseOptions = .strict) throws(SchemaError) -> AvroSchema {
        try AvroSchemaParser.parse(text, references: references, options: options)
    }
}
