#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SteleClient
import SteleJSON
import SteleJSONSchema
import SteleSchema

/// One JSON Schema compiled for messages: the document (for compatibility checks) and its
/// validator, compiled once.
final class JSONCompiledSchema: Sendable {
    let document: JSONSchemaDocument
    var validator: JSONSchemaValidator { document.validator }
    /// The registry schema's `ENCRYPT` rules (nil: none; the serializer's own schema has none).
    let encryption: JSONFieldEncryption?

    init(document: JSONSchemaDocument, ruleSet: JSONValue? = nil, metadata: JSONValue? = nil) {
        self.document = document
        self.encryption = JSONFieldEncryption(root: document.root, ruleSet: ruleSet, metadata: metadata)
    }

    /// Confluent's record name for JSON Schema: the schema's `title`.
    var title: String? { document.root["title"]?.stringValue }
}

struct JSONSchemaSerdesFormat: SerdesFormat {
    var schemaType: SchemaType { .json }

    func compile(_ schema: RegistrySchema, references: [ResolvedReference], own: JSONCompiledSchema?) throws(SerdesError) -> JSONCompiledSchema {
        do {
            return JSONCompiledSchema(document: try JSONSchemaFormat().parse(schema.schema, references: references, options: .lenient), ruleSet: schema.ruleSet, metadata: schema.metadata)
        } catch {
            throw SerdesError(.incompatibleSchema, "the registry's JSON Schema does not compile: \(error)")
        }
    }

    func incompatibilities(reader: JSONCompiledSchema, writer: JSONCompiledSchema) -> [String] {
        JSONSchemaCompatibility(policy: .strict).incompatibilities(reader: reader.document, writer: writer.document, direction: .backward)
            .filter { $0.severity == .error }.map(\.message)
    }

    func recordName(_ schema: JSONCompiledSchema) -> String? { schema.title }
}

/// How `Codable` values become JSON and back in the JSON Schema serdes (Foundation's
/// `JSONEncoder`/`JSONDecoder` with these strategies).
public struct JSONCodingOptions: Sendable, Hashable {
    public enum Dates: Sendable, Hashable {
        /// RFC 3339 text, what JSON Schema's `format: date-time` describes (the default).
        case iso8601
        /// Integer milliseconds since 1970, as Confluent's Java serializer writes dates.
        case millisecondsSince1970
        case secondsSince1970
    }

    public var dates: Dates
    /// Sorted keys make the bytes deterministic (off: fields in declaration order).
    public var sortedKeys: Bool

    public init(dates: Dates = .iso8601, sortedKeys: Bool = false) {
        self.dates = dates
        self.sortedKeys = sortedKeys
    }

    func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        switch dates {
        case .iso8601: e.dateEncodingStrategy = .iso8601
        case .millisecondsSince1970: e.dateEncodingStrategy = .millisecondsSince1970
        case .secondsSince1970: e.dateEncodingStrategy = .secondsSince1970
        }
        e.outputFormatting = sortedKeys ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return e
    }

    func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        switch dates {
        case .iso8601: d.dateDecodingStrategy = .iso8601
        case .millisecondsSince1970: d.dateDecodingStrategy = .millisecondsSince1970
        case .secondsSince1970: d.dateDecodingStrategy = .secondsSince1970
        }
        return d
    }
}

/// The validation failure of `document` against `schema`, as a serdes error.
func validationFailure(_ errors: [JSONSchemaValidator.ValidationError], _ what: String) -> SerdesError {
    let shown = errors.prefix(5).map(\.description).joined(separator: "; ")
    let more = errors.count > 5 ? " (and \(errors.count - 5) more)" : ""
    return SerdesError(.validationFailed, "\(what) fails JSON Schema validation: \(shown)\(more)", validationErrors: errors)
}

/// Parses a JSON document in place (message bytes), within the serdes' limits.
func parseJSON(_ raw: UnsafeRawBufferPointer, what: String) throws(SerdesError) -> JSONValue {
    let buffer = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
    do { return try JSONParser(options: .init(maxDepth: 512, maxBytes: 256 << 20)).parse(buffer) } catch {
        throw SerdesError(.invalidPayload, "\(what) is not valid JSON: \(error.description)")
    }
}
