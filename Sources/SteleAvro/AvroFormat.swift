import SteleJSON
import SteleSchema

/// Avro as a `SchemaFormat`: the entry point the registry and the CLI use.
public struct AvroFormat: SchemaFormat {
    public init() {}
    public var schemaType: SchemaType { .avro }

    public func parse(_ text: String, references: [ResolvedReference] = [], options: SchemaParseOptions = .strict) throws(SchemaError) -> AvroSchema {
        try AvroSchemaParser.parse(text, references: references, options: options)
    }
}

extension AvroFormat {
    /// Parses schema text given as raw bytes (a request body, a file), rejecting invalid UTF-8
    /// with its position instead of silently repairing it.
    public func parse(utf8 bytes: [UInt8], references: [ResolvedReference] = [], options: SchemaParseOptions = .strict) throws(SchemaError) -> AvroSchema {
        if bytes.count > options.limits.maxSchemaBytes {
            throw SchemaError(Finding(rule: AvroRules.limitExceeded, message: "schema text of \(bytes.count) bytes exceeds the limit of \(options.limits.maxSchemaBytes) bytes"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // The JSON parser validates UTF-8 and says where it breaks.
            var finding = Finding(rule: AvroRules.invalidJSON, message: "schema text is not valid UTF-8")
            do {
                _ = try JSONParser(options: .init(maxDepth: options.limits.maxJSONDepth, maxBytes: options.limits.maxSchemaBytes)).parse(bytes)
            } catch {
                finding.message = "invalid JSON: \(error.detail)"
                finding.range = SourceRange(start: error.position, end: error.position)
            }
            throw SchemaError(finding)
        }
        return try parse(text, references: references, options: options)
    }
}
