import SteleSchema

/// A serializer's configuration, with Confluent's serializer keys and defaults.
///
/// Which schema a message is written with, in this order (confluent-kafka-python's):
/// 1. `useSchemaID` / `useSchemaGUID`: that registered schema (`GET /schemas/ids/{id}`); with
///    `idCompatibilityStrict` it must be able to read data of the serializer's own schema.
/// 2. `useLatestWithMetadata`: the subject's latest version with those metadata properties.
/// 3. `useLatestVersion`: the subject's latest version; with `latestCompatibilityStrict` it
///    must be able to read data of the serializer's own schema.
/// 4. Otherwise the serializer's own schema, registered first when `autoRegisterSchemas`
///    (`POST /subjects/{s}/versions`), else looked up (`POST /subjects/{s}`), which fails when
///    it is not registered.
/// The choice is made on a topic's first message and kept (latest-based choices for the
/// client's latest TTL), so later messages make no registry call.
public struct SerializerConfiguration: Sendable {
    /// `auto.register.schemas` (true).
    public var autoRegisterSchemas: Bool
    /// `normalize.schemas` (false): register and look up with `?normalize=true`.
    public var normalizeSchemas: Bool
    /// `use.schema.id`.
    public var useSchemaID: Int?
    /// `use.schema.guid` (Confluent 8.x).
    public var useSchemaGUID: SchemaGUID?
    /// `id.compatibility.strict` (true).
    public var idCompatibilityStrict: Bool
    /// `use.latest.version` (false).
    public var useLatestVersion: Bool
    /// `use.latest.with.metadata`.
    public var useLatestWithMetadata: [String: String]?
    /// `latest.compatibility.strict` (true).
    public var latestCompatibilityStrict: Bool
    public var subjectNameStrategy: SubjectNameStrategy
    /// Confluent's `schema.id.serializer`: prefix v0 by default.
    public var framing: SchemaIDFraming
    /// Key or value serializer (`is_key`).
    public var field: MessageField
    /// Runs the writer schema's `ENCRYPT` rules (nil: a schema with one is refused).
    public var fieldEncryption: FieldEncryption?

    public init(autoRegisterSchemas: Bool = true, normalizeSchemas: Bool = false, useSchemaID: Int? = nil, useSchemaGUID: SchemaGUID? = nil,
                idCompatibilityStrict: Bool = true, useLatestVersion: Bool = false, useLatestWithMetadata: [String: String]? = nil,
                latestCompatibilityStrict: Bool = true, subjectNameStrategy: SubjectNameStrategy = .topic, framing: SchemaIDFraming = .prefixV0,
                field: MessageField = .value, fieldEncryption: FieldEncryption? = nil) {
        self.fieldEncryption = fieldEncryption
        self.autoRegisterSchemas = autoRegisterSchemas
        self.normalizeSchemas = normalizeSchemas
        self.useSchemaID = useSchemaID
        self.useSchemaGUID = useSchemaGUID
        self.idCompatibilityStrict = idCompatibilityStrict
        self.useLatestVersion = useLatestVersion
        self.useLatestWithMetadata = useLatestWithMetadata
        self.latestCompatibilityStrict = latestCompatibilityStrict
        self.subjectNameStrategy = subjectNameStrategy
        self.framing = framing
        self.field = field
    }

    /// Refuses what confluent-kafka-python refuses (latest with auto-register), and choices
    /// that need a schema the serializer was not given.
    func validate(hasOwnSchema: Bool) throws(SerdesError) {
        if useLatestVersion && autoRegisterSchemas && useSchemaID == nil && useSchemaGUID == nil && useLatestWithMetadata == nil {
            throw SerdesError(.configuration, "useLatestVersion cannot be combined with autoRegisterSchemas (set autoRegisterSchemas to false)")
        }
        if useSchemaID != nil && useSchemaGUID != nil {
            throw SerdesError(.configuration, "useSchemaID and useSchemaGUID name two schemas; set one")
        }
        if let id = useSchemaID, id < 0 { throw SerdesError(.configuration, "useSchemaID \(id) is negative") }
        let fixedWriter = useSchemaID != nil || useSchemaGUID != nil || useLatestWithMetadata != nil || useLatestVersion
        if !hasOwnSchema && !fixedWriter {
            throw SerdesError(.configuration, "a serializer without its own schema needs useSchemaID, useSchemaGUID, useLatestVersion or useLatestWithMetadata")
        }
    }
}

/// Which schema a deserializer reads messages into.
public enum ReaderSchema<Schema: Sendable>: Sendable {
    /// The writer's own schema (the default): every message comes back as it was written.
    case writer
    /// The subject's latest version (`use.latest.version`), refreshed after the client's
    /// latest TTL: old messages are read in the newest shape.
    case latest
    /// The latest version with these metadata properties (`use.latest.with.metadata`).
    case latestWithMetadata([String: String])
    /// One registered version of the subject.
    case version(Int)
    /// A schema you give: the one your Swift type was written for.
    case schema(Schema)
}

/// A deserializer's configuration.
public struct DeserializerConfiguration: Sendable {
    /// Key or value deserializer (which schema-id header to read).
    public var field: MessageField
    /// Names the subject for `.latest`, `.latestWithMetadata` and `.version` reader schemas.
    public var subjectNameStrategy: SubjectNameStrategy
    /// Undoes the writer schema's `ENCRYPT` rules (nil: messages of a schema with one are refused).
    public var fieldEncryption: FieldEncryption?

    public init(field: MessageField = .value, subjectNameStrategy: SubjectNameStrategy = .topic, fieldEncryption: FieldEncryption? = nil) {
        self.fieldEncryption = fieldEncryption
        self.field = field
        self.subjectNameStrategy = subjectNameStrategy
    }
}
