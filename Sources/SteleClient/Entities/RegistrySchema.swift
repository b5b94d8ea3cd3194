import SteleJSON
import SteleSchema

/// A schema as the registry's API carries it (Confluent's `RegisterSchemaRequest` /
/// `SchemaString`): the text, its type, its references, and optional metadata and rule set.
public struct RegistrySchema: Sendable, Hashable {
    public var schema: String
    public var schemaType: SchemaType
    public var references: [SchemaReference]
    public var metadata: JSONValue?
    public var ruleSet: JSONValue?

    public init(_ schema: String, type: SchemaType = .avro, references: [SchemaReference] = [], metadata: JSONValue? = nil, ruleSet: JSONValue? = nil) {
        self.schema = schema
        self.schemaType = type
        self.references = references
        self.metadata = metadata
        self.ruleSet = ruleSet
    }

    /// The request body for register, lookup and compatibility (what confluent-kafka-python
    /// sends: `schemaType` always, `references` even when empty).
    var requestBody: JSONValue {
        var o = JSONObject()
        o["schema"] = .string(schema)
        o["schemaType"] = .string(schemaType.rawValue)
        o["references"] = .array(references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .int(Int64($0.version))] })
        if let metadata { o["metadata"] = metadata }
        if let ruleSet { o["ruleSet"] = ruleSet }
        return .object(o)
    }

    /// Reads the schema fields of a response; `fallback` fills the text when the answer has
    /// none (a pre-7.4 register response is `{"id": N}` only).
    init(json o: JSONValue, fallback: RegistrySchema? = nil) throws(RegistryClientError) {
        let text = o["schema"]?.stringValue ?? fallback?.schema
        guard let text else { throw .invalidResponse("the registry's answer has no schema text") }
        let type: SchemaType
        if let t = o["schemaType"]?.stringValue {
            guard let parsed = SchemaType(lenient: t) else { throw .invalidResponse("unknown schemaType \(t)") }
            type = parsed
        } else {
            // 7.x omits schemaType for Avro.
            type = o["schema"] == nil ? (fallback?.schemaType ?? .avro) : .avro
        }
        var refs: [SchemaReference] = []
        if let list = o["references"]?.arrayValue {
            for r in list {
                guard let name = r["name"]?.stringValue, let subject = r["subject"]?.stringValue, let version = r["version"]?.intValue else {
                    throw .invalidResponse("a reference in the registry's answer lacks name, subject or version")
                }
                refs.append(SchemaReference(name: name, subject: subject, version: Int(version)))
            }
        } else if o["schema"] == nil, let fallback {
            refs = fallback.references
        }
        self.init(text, type: type, references: refs,
                  metadata: o["metadata"].flatMap { $0.isNull ? nil : $0 } ?? (o["schema"] == nil ? fallback?.metadata : nil),
                  ruleSet: o["ruleSet"].flatMap { $0.isNull ? nil : $0 } ?? (o["schema"] == nil ? fallback?.ruleSet : nil))
    }
}

/// A schema with what the registry knows about it: its global id, GUID (Confluent 8.x), and,
/// when asked by subject, the subject and version.
public struct RegisteredSchema: Sendable, Hashable {
    public var id: Int?
    public var guid: SchemaGUID?
    public var subject: String?
    public var version: Int?
    public var schema: RegistrySchema
    /// Soft-deleted (8.x `deleted`; false when the registry does not say).
    public var deleted: Bool
    /// Registration time in epoch milliseconds (8.x `ts`).
    public var timestamp: Int64?

    public init(id: Int?, guid: SchemaGUID? = nil, subject: String? = nil, version: Int? = nil, schema: RegistrySchema, deleted: Bool = false, timestamp: Int64? = nil) {
        self.id = id
        self.guid = guid
        self.subject = subject
        self.version = version
        self.schema = schema
        self.deleted = deleted
        self.timestamp = timestamp
    }

    init(json o: JSONValue, fallback: RegistrySchema? = nil) throws(RegistryClientError) {
        guard case .object = o else { throw .invalidResponse("expected a JSON object from the registry") }
        var guid: SchemaGUID? = nil
        if let g = o["guid"]?.stringValue {
            guard let parsed = SchemaGUID(g) else { throw .invalidResponse("the registry's guid \(g) is not a UUID") }
            guid = parsed
        }
        self.init(id: o["id"]?.intValue.map { Int($0) }, guid: guid, subject: o["subject"]?.stringValue,
                  version: o["version"]?.intValue.map { Int($0) }, schema: try RegistrySchema(json: o, fallback: fallback),
                  deleted: o["deleted"]?.boolValue ?? false, timestamp: o["ts"]?.intValue)
    }
}

/// Which version of a subject.
public enum SubjectVersionSelector: Sendable, Hashable, CustomStringConvertible {
    case latest
    case number(Int)

    public var description: String {
        switch self {
        case .latest: return "latest"
        case .number(let n): return String(n)
        }
    }
}

/// The answer of a compatibility test.
public struct CompatibilityResult: Sendable, Hashable {
    public var isCompatible: Bool
    /// Confluent's verbose messages (empty unless asked for with `verbose`).
    public var messages: [String]
}

/// A subject's (or the global) config, as Confluent's `Config` entity: the level, and every
/// other field as the registry gave it.
public struct RegistryConfig: Sendable, Hashable {
    public var fields: JSONObject
    public init(fields: JSONObject) { self.fields = fields }
    public var compatibilityLevel: CompatibilityLevel? {
        (fields["compatibilityLevel"] ?? fields["compatibility"])?.stringValue.flatMap(CompatibilityLevel.init(lenient:))
    }
    public var normalize: Bool? { fields["normalize"]?.boolValue }
    public var compatibilityPolicy: String? { fields["compatibilityPolicy"]?.stringValue }
}
