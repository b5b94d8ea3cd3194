import NIOCore
import SteleClient
import SteleSchema

/// A compiled way of reading one writer schema's messages.
protocol ReadPlan: AnyObject, Sendable {
    var expiresAt: Duration? { get }
}

/// The part of every deserializer that is not about the format: reading the framing (header
/// first, then prefix), fetching and compiling the writer's schema once per id or GUID,
/// choosing the reader schema, and keeping the compiled plan so later messages make no
/// registry call and compile nothing.
final class DeserializerCore<Format: SerdesFormat, Plan: ReadPlan>: Sendable {
    typealias MakePlan = @Sendable (_ writer: Format.Compiled, _ reader: Format.Compiled, _ id: SchemaIdentifier, _ expiresAt: Duration?) throws(SerdesError) -> Plan

    struct PlanKey: Hashable, Sendable {
        var writer: SchemaIdentifier
        /// Set only when the reader choice depends on the subject, hence on the topic.
        var topic: String?
    }

    let client: RegistryClient
    let format: Format
    let reader: ReaderSchema<Format.Compiled>
    let configuration: DeserializerConfiguration
    let counters = SerdesCounters()
    let plans = PlanCache<PlanKey, Plan>()
    let schemas = PlanCache<SchemaIdentifier, Format.Compiled>()
    let makePlan: MakePlan

    init(client: RegistryClient, format: Format, reader: ReaderSchema<Format.Compiled>, configuration: DeserializerConfiguration, makePlan: @escaping MakePlan) {
        self.client = client
        self.format = format
        self.reader = reader
        self.configuration = configuration
        self.makePlan = makePlan
    }

    private var readerDependsOnSubject: Bool {
        switch reader {
        case .writer, .schema: return false
        case .latest, .latestWithMetadata, .version: return true
        }
    }

    /// Which schema wrote `message` and where its payload starts.
    func framing(_ message: UnsafeRawBufferPointer, headers: [KafkaHeader]) throws(SerdesError) -> (SchemaIdentifier, Int) {
        guard let header = WireFormat.headerValue(headers, field: configuration.field) else {
            return try WireFormat.read(message, header: nil)
        }
        return try header.reading { (raw) throws(SerdesError) in try WireFormat.read(message, header: raw) }
    }

    /// The plan for messages written with `writer` on `topic`.
    @inline(__always)
    func plan(_ writer: SchemaIdentifier, topic: String) async throws(SerdesError) -> Plan {
        if let p = cachedPlan(writer, topic: topic) { return p }
        return try await compilePlan(PlanKey(writer: writer, topic: readerDependsOnSubject ? topic : nil), topic: topic)
    }

    /// The cached plan, without a suspension point (the per-message path).
    @inline(__always)
    func cachedPlan(_ writer: SchemaIdentifier, topic: String) -> Plan? {
        guard let p = plans.get(PlanKey(writer: writer, topic: readerDependsOnSubject ? topic : nil)),
              p.expiresAt.map({ client.time.now() < $0 }) ?? true else { return nil }
        return p
    }

    /// Reads `message` in one pass when its plan is cached: the framing, the plan and the
    /// payload under one borrow of the bytes, with no suspension point. Nil: not cached yet.
    @inline(__always)
    func readCached<Bytes: MessageBytes, R>(_ message: Bytes, headers: [KafkaHeader], topic: String,
                                            _ read: (Plan, UnsafeRawBufferPointer) throws(SerdesError) -> R) throws(SerdesError) -> R? {
        try message.reading { (raw) throws(SerdesError) -> R? in
            let (writer, start) = try framing(raw, headers: headers)
            guard let plan = cachedPlan(writer, topic: topic) else { return nil }
            return try read(plan, UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    private func compilePlan(_ key: PlanKey, topic: String) async throws(SerdesError) -> Plan {
        let writerSchema = try await schema(key.writer, topic: topic)
        var readerSchema = writerSchema
        var expiresAt: Duration? = nil
        switch reader {
        case .writer: break
        case .schema(let fixed): readerSchema = fixed
        case .latest, .latestWithMetadata, .version:
            let subject = try configuration.subjectNameStrategy.subject(SubjectNameContext(topic: topic, field: configuration.field, recordName: format.recordName(writerSchema)))
            let registered: RegisteredSchema
            counters.called()
            do {
                switch reader {
                case .latestWithMetadata(let md):
                    registered = try await client.latestVersion(subject: subject, metadata: md)
                    expiresAt = client.time.now() + client.configuration.cache.latestTTL
                case .version(let n):
                    registered = try await client.version(subject: subject, .number(n))
                default:
                    registered = try await client.latestVersion(subject: subject)
                    expiresAt = client.time.now() + client.configuration.cache.latestTTL
                }
            } catch {
                throw SerdesError.registry(error, "the reader schema of \(subject)")
            }
            guard let id = registered.id else { throw SerdesError(.registry, "the registry gave no id for the reader schema of \(subject)") }
            readerSchema = try await compile(registered.schema, key: .id(id), what: "the reader schema of \(subject)")
        }
        let plan = try makePlan(writerSchema, readerSchema, key.writer, expiresAt)
        counters.compiled()
        plans.put(key, plan)
        return plan
    }

    /// The writer's schema, fetched by id or GUID and compiled once.
    private func schema(_ writer: SchemaIdentifier, topic: String) async throws(SerdesError) -> Format.Compiled {
        if let hit = schemas.get(writer) { return hit }
        let registered: RegisteredSchema
        counters.called()
        do {
            switch writer {
            case .id(let id):
                // The topic-strategy subject is Confluent's lookup hint (contexts).
                let hint = configuration.subjectNameStrategy.needsRecordName ? nil : "\(topic)-\(configuration.field.rawValue)"
                registered = try await client.schema(id: id, subject: hint)
            case .guid(let guid):
                registered = try await client.schema(guid: guid)
            }
        } catch {
            throw SerdesError.registry(error, "the writer schema (\(writer)) of a message on \(topic)")
        }
        return try await compile(registered.schema, key: writer, what: "the writer schema (\(writer))")
    }

    private func compile(_ schema: RegistrySchema, key: SchemaIdentifier, what: String) async throws(SerdesError) -> Format.Compiled {
        if let hit = schemas.get(key) { return hit }
        guard schema.schemaType == format.schemaType else {
            throw SerdesError(.incompatibleSchema, "\(what) is a \(schema.schemaType.rawValue) schema; this deserializer reads \(format.schemaType.rawValue)")
        }
        let references = try await SchemaReferences.resolve(schema.references, client: client, counters: counters)
        let compiled = try format.compile(schema, references: references, own: nil)
        counters.compiled()
        schemas.put(key, compiled)
        return compiled
    }
}
