import SteleClient
import SteleSchema

/// What a serializer needs from a schema format (Avro, JSON Schema).
protocol SerdesFormat: Sendable {
    /// A schema compiled for writing (or reading) messages: immutable, shared.
    associatedtype Compiled: AnyObject & Sendable
    var schemaType: SchemaType { get }
    /// Parses a schema from the registry (its references already fetched) and compiles it.
    func compile(_ schema: RegistrySchema, references: [ResolvedReference], own: Compiled?) throws(SerdesError) -> Compiled
    /// Why `reader` cannot read data written with `writer` (empty: it can).
    func incompatibilities(reader: Compiled, writer: Compiled) -> [String]
    /// The record name subject strategies use.
    func recordName(_ schema: Compiled) -> String?
}

/// Where one topic's messages go: the schema they are written with and the framing bytes.
final class WriteTarget<Compiled: AnyObject & Sendable>: Sendable {
    let subject: String
    let id: Int?
    let guid: SchemaGUID?
    let schema: Compiled
    /// Written before the payload (prefix framings); empty in header framing.
    let prefix: [UInt8]
    /// Added to the record's headers (header framing).
    let header: KafkaHeader?
    /// Latest-based choices are made again after this instant (the client's latest TTL).
    let expiresAt: Duration?

    init(subject: String, id: Int?, guid: SchemaGUID?, schema: Compiled, prefix: [UInt8], header: KafkaHeader?, expiresAt: Duration?) {
        self.subject = subject
        self.id = id
        self.guid = guid
        self.schema = schema
        self.prefix = prefix
        self.header = header
        self.expiresAt = expiresAt
    }
}

/// The part of every serializer that is not about the format: choosing the writer schema on a
/// topic's first message (see `SerializerConfiguration` for the order), framing it, and
/// keeping the choice so later messages make no registry call and compile nothing.
final class SerializerCore<Format: SerdesFormat>: Sendable {
    let client: RegistryClient
    let configuration: SerializerConfiguration
    let format: Format
    /// The serializer's own schema and what it registers.
    let own: Format.Compiled?
    let ownRegistration: RegistrySchema?
    let counters = SerdesCounters()
    let targets = PlanCache<String, WriteTarget<Format.Compiled>>()
    /// Registry schemas compiled, by id or GUID, so a refreshed latest choice that names the
    /// same schema is not compiled again.
    let compiled = PlanCache<SchemaIdentifier, Format.Compiled>()

    init(client: RegistryClient, configuration: SerializerConfiguration, format: Format, own: Format.Compiled?, ownRegistration: RegistrySchema?) throws(SerdesError) {
        try configuration.validate(hasOwnSchema: own != nil)
        self.client = client
        self.configuration = configuration
        self.format = format
        self.own = own
        self.ownRegistration = ownRegistration
    }

    /// The target of `topic`: cached after the first message.
    @inline(__always)
    func target(_ topic: String) async throws(SerdesError) -> WriteTarget<Format.Compiled> {
        if let t = cachedTarget(topic) { return t }
        return try await resolve(topic)
    }

    /// The cached target, without a suspension point (the per-message path).
    @inline(__always)
    func cachedTarget(_ topic: String) -> WriteTarget<Format.Compiled>? {
        guard let t = targets.get(topic), t.expiresAt.map({ client.time.now() < $0 }) ?? true else { return nil }
        return t
    }

    private func resolve(_ topic: String) async throws(SerdesError) -> WriteTarget<Format.Compiled> {
        let c = configuration
        let subject = try c.subjectNameStrategy.subject(SubjectNameContext(topic: topic, field: c.field, recordName: own.flatMap(format.recordName)))
        var registered: RegisteredSchema
        var schema: Format.Compiled
        var expiresAt: Duration? = nil
        if let id = c.useSchemaID {
            registered = try await call("schema id \(id)") { () async throws(RegistryClientError) in try await client.schema(id: id, subject: subject) }
            registered.id = id
            schema = try await compile(registered, key: .id(id), strict: c.idCompatibilityStrict, what: "schema id \(id)")
        } else if let guid = c.useSchemaGUID {
            registered = try await call("schema guid \(guid)") { () async throws(RegistryClientError) in try await client.schema(guid: guid) }
            registered.guid = guid
            if c.framing == .prefixV0 {
                // The v0 prefix needs the id the GUID has in this registry.
                let ids = try await call("schema guid \(guid)") { () async throws(RegistryClientError) in try await client.ids(guid: guid) }
                registered.id = ids.first { $0.context == "." }?.id ?? ids.first?.id
            }
            schema = try await compile(registered, key: .guid(guid), strict: c.idCompatibilityStrict, what: "schema guid \(guid)")
        } else if let metadata = c.useLatestWithMetadata {
            registered = try await call("the latest version of \(subject) with metadata \(metadata)") { () async throws(RegistryClientError) in
                try await client.latestVersion(subject: subject, metadata: metadata)
            }
            schema = try await compile(registered, key: registered.id.map { .id($0) }, strict: c.latestCompatibilityStrict, what: "the latest version of \(subject)")
            expiresAt = client.time.now() + client.configuration.cache.latestTTL
        } else if c.useLatestVersion {
            registered = try await call("the latest version of \(subject)") { () async throws(RegistryClientError) in try await client.latestVersion(subject: subject) }
            schema = try await compile(registered, key: registered.id.map { .id($0) }, strict: c.latestCompatibilityStrict, what: "the latest version of \(subject)")
            expiresAt = client.time.now() + client.configuration.cache.latestTTL
        } else {
            guard let own, let ownRegistration else { throw SerdesError(.configuration, "the serializer has no schema of its own") }
            if c.autoRegisterSchemas {
                registered = try await call("registering the schema under \(subject)") { () async throws(RegistryClientError) in
                    try await client.register(subject: subject, schema: ownRegistration, normalize: c.normalizeSchemas)
                }
            } else {
                registered = try await call("looking up the schema under \(subject) (autoRegisterSchemas is off)") { () async throws(RegistryClientError) in
                    try await client.lookup(subject: subject, schema: ownRegistration, normalize: c.normalizeSchemas)
                }
            }
            schema = own
        }
        let target = try frame(subject: subject, registered: registered, schema: schema, expiresAt: expiresAt)
        targets.put(topic, target)
        return target
    }

    private func frame(subject: String, registered: RegisteredSchema, schema: Format.Compiled, expiresAt: Duration?) throws(SerdesError) -> WriteTarget<Format.Compiled> {
        switch configuration.framing {
        case .prefixV0:
            guard let id = registered.id else { throw SerdesError(.registry, "the registry gave no schema id for \(subject)") }
            return WriteTarget(subject: subject, id: id, guid: registered.guid, schema: schema, prefix: WireFormat.prefix(id: id), header: nil, expiresAt: expiresAt)
        case .prefixV1, .header:
            guard let guid = registered.guid else {
                throw SerdesError(.registry, "the registry gave no schema GUID for \(subject): GUID framing needs a registry that serves GUIDs (Stele, Confluent 8.0+)")
            }
            if configuration.framing == .prefixV1 {
                return WriteTarget(subject: subject, id: registered.id, guid: guid, schema: schema, prefix: WireFormat.prefix(guid: guid), header: nil, expiresAt: expiresAt)
            }
            let header = KafkaHeader(key: configuration.field.schemaIDHeader, bytes: WireFormat.prefix(guid: guid))
            return WriteTarget(subject: subject, id: registered.id, guid: guid, schema: schema, prefix: [], header: header, expiresAt: expiresAt)
        }
    }

    /// Compiles a registry schema (fetching its references), once per id or GUID, and checks
    /// that it can read data of the serializer's own schema when `strict`.
    private func compile(_ registered: RegisteredSchema, key: SchemaIdentifier?, strict: Bool, what: String) async throws(SerdesError) -> Format.Compiled {
        guard registered.schema.schemaType == format.schemaType else {
            throw SerdesError(.incompatibleSchema, "\(what) is a \(registered.schema.schemaType.rawValue) schema, not \(format.schemaType.rawValue)")
        }
        let compiledSchema: Format.Compiled
        if let key, let hit = compiled.get(key) {
            compiledSchema = hit
        } else {
            let references = try await SchemaReferences.resolve(registered.schema.references, client: client, counters: counters)
            compiledSchema = try format.compile(registered.schema, references: references, own: own)
            counters.compiled()
            if let key { compiled.put(key, compiledSchema) }
        }
        if strict, let own {
            let problems = format.incompatibilities(reader: compiledSchema, writer: own)
            if !problems.isEmpty {
                throw SerdesError(.incompatibleSchema, "\(what) cannot read data of the serializer's schema: \(problems.joined(separator: "; "))")
            }
        }
        return compiledSchema
    }

    private func call<T>(_ what: String, _ body: () async throws(RegistryClientError) -> T) async throws(SerdesError) -> T {
        counters.called()
        do { return try await body() } catch { throw SerdesError.registry(error, what) }
    }
}
