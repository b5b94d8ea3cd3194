#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SteleJSON
import SteleSchema

/// The registry's rules (reference §1.3–1.6), with no HTTP and no SQL: subjects, versions,
/// global ids, config, modes, references, deletes. All state is in memory, loaded once from the
/// store; every change is made durable by the store before the call returns, under one lock,
/// so concurrent registrations of one schema give one id and one version.
public final class Registry: Sendable {
    struct State {
        var schemas: [Int: SchemaRecord] = [:]
        var idByContent: [String: Int] = [:]
        /// GUID → the ids holding it (normally one; two schema types or a re-registration in
        /// IMPORT mode may share one text).
        var idsByGUID: [SchemaGUID: [Int]] = [:]
        var subjects: [String: [SubjectVersion]] = [:]
        var configs: [String: RegistryConfig] = [:]
        var modes: [String: RegistryMode] = [:]
        var maxId = 0
        var parsed: [Int: ParsedAny] = [:]
    }

    let state: Mutex<State>
    let store: any RegistryStore
    let removals = Atomic<Int>(0)
    /// The server default level (`schema.compatibility.level`).
    public let defaultLevel: CompatibilityLevel
    let metrics: RegistryMetrics

    public init(store: any RegistryStore, defaultLevel: CompatibilityLevel = .backward, metrics: RegistryMetrics = .disabled) throws {
        self.store = store
        self.defaultLevel = defaultLevel
        self.metrics = metrics
        let snapshot = try store.load()
        var s = State()
        s.schemas.reserveCapacity(snapshot.schemas.count)
        s.idByContent.reserveCapacity(snapshot.schemas.count)
        for r in snapshot.schemas {
            s.schemas[r.id] = r
            s.idByContent[r.contentKey] = r.id
            s.idsByGUID[r.guid, default: []].append(r.id)
        }
        for k in s.idsByGUID.keys where s.idsByGUID[k]!.count > 1 { s.idsByGUID[k]!.sort() }
        for v in snapshot.versions { s.subjects[v.subject, default: []].append(v) }
        for k in s.subjects.keys { s.subjects[k]!.sort { $0.version < $1.version } }
        s.configs = snapshot.configs
        s.modes = snapshot.modes
        s.maxId = max(snapshot.maxId, s.schemas.keys.max() ?? 0)
        state = Mutex(s)
    }

    // MARK: requests

    /// A register, lookup or compatibility request body (RegisterSchemaRequest).
    public struct SchemaRequest: Sendable {
        public var schemaType: SchemaType
        public var schema: String?
        public var references: [SchemaReference]
        public var metadata: JSONValue?
        public var ruleSet: JSONValue?
        public var id: Int?
        public var version: Int?

        public init(schemaType: SchemaType = .avro, schema: String?, references: [SchemaReference] = [], metadata: JSONValue? = nil,
                    ruleSet: JSONValue? = nil, id: Int? = nil, version: Int? = nil) {
            self.schemaType = schemaType
            self.schema = schema
            self.references = references
            self.metadata = metadata
            self.ruleSet = ruleSet
            self.id = id
            self.version = version
        }
    }

    /// `latest` (or `-1`) or a version number.
    public enum VersionSpec: Sendable, Hashable {
        case latest
        case number(Int)

        /// Parses a path segment as Confluent does: `latest`, `-1`, or 1…2^31-1; else 42202.
        public init(parsing text: String) throws(RegistryError) {
            if text.lowercased() == "latest" || text == "-1" { self = .latest; return }
            guard let n = Int(text), n >= 1, n <= Int(Int32.max) else { throw RegistryError.invalidVersion(text) }
            self = .number(n)
        }
    }

    /// A registered subject-version with its schema.
    public struct Registered: Sendable {
        public var record: SchemaRecord
        public var version: SubjectVersion
    }

    // MARK: helpers shared by the operations

    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    static func validateSubject(_ s: String) throws(RegistryError) {
        if s == "__GLOBAL" || s == "__EMPTY" || s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw RegistryError.invalidSubject(s)
        }
    }

    /// The effective config of a subject (reference §1.3 "How configs merge").
    static func effectiveConfig(_ s: State, _ subject: String, defaultLevel: CompatibilityLevel) -> (level: CompatibilityLevel, normalize: Bool, lenient: Bool) {
        let global = s.configs[""]
        if let own = s.configs[subject] {
            return (own.level ?? defaultLevel, own.normalize ?? global?.normalize ?? false, (own.policy ?? global?.policy)?.uppercased() == "LENIENT")
        }
        return (global?.level ?? defaultLevel, global?.normalize ?? false, global?.policy?.uppercased() == "LENIENT")
    }

    static func effectiveMode(_ s: State, _ subject: String) -> RegistryMode {
        if s.modes[""] == .readOnlyOverride { return .readOnlyOverride }
        return s.modes[subject] ?? s.modes[""] ?? .readWrite
    }

    /// The transitive closure of `references`, dependencies first, de-duplicated by name.
    static func resolve(_ s: State, _ references: [SchemaReference]) throws(RegistryError) -> [ResolvedReference] {
        var out: [ResolvedReference] = []
        var seen = Set<String>(), visited = Set<SchemaReference>()
        func visit(_ r: SchemaReference, depth: Int) throws(RegistryError) {
            // Each subject-version once: shared references (diamonds) must not multiply the work.
            guard visited.insert(r).inserted else { return }
            guard depth < 64 else { throw RegistryError.invalidSchema("Invalid schema: references nested more than 64 levels") }
            guard let versions = s.subjects[r.subject] else { throw RegistryError.invalidSchema("Invalid schema: reference \(r.name) names subject \(r.subject), which does not exist") }
            let v = r.version == -1 ? versions.last { !$0.deleted } : versions.first { $0.version == r.version }
            guard let v, let record = s.schemas[v.id] else {
                throw RegistryError.invalidSchema("Invalid schema: reference \(r.name) names version \(r.version) of \(r.subject), which does not exist")
            }
            for inner in record.references { try visit(inner, depth: depth + 1) }
            if seen.insert(r.name).inserted { out.append(ResolvedReference(reference: r, schemaText: record.schema)) }
        }
        for r in references { try visit(r, depth: 0) }
        return out
    }

    /// The parsed form of a stored schema (cached; parsed leniently, as stored schemas are).
    static func parsed(_ s: inout State, _ id: Int) -> ParsedAny? {
        if let p = s.parsed[id] { return p }
        guard let r = s.schemas[id], let refs = try? resolve(s, r.references),
              let p = try? SchemaSupport.parse(r.schemaType, r.schema, references: refs, strict: false) else { return nil }
        if s.parsed.count > 10_000 { s.parsed.removeAll(keepingCapacity: true) }
        s.parsed[id] = p
        return p
    }

    /// Parses a request into the record it would store (id not yet assigned). A reference to
    /// version -1 ("latest") is pinned to the subject's latest live version, as Confluent stores
    /// it (reference §6.1): the schema must not change meaning when the referenced subject moves.
    static func prepare(_ s: State, _ request: SchemaRequest, normalize: Bool, strict: Bool) throws(RegistryError) -> (SchemaRecord, ParsedAny) {
        guard let text = request.schema, !text.isEmpty else { throw RegistryError.invalidSchema("Empty schema") }
        let pinned = request.references.map { r -> SchemaReference in
            guard r.version == -1, let latest = s.subjects[r.subject]?.last(where: { !$0.deleted }) else { return r }
            return SchemaReference(name: r.name, subject: r.subject, version: latest.version)
        }
        let refs = try resolve(s, pinned)
        let parsed = try SchemaSupport.parse(request.schemaType, text, references: refs, strict: strict)
        let canonical = normalize ? parsed.normalizedText : parsed.canonicalText
        let record = SchemaRecord(id: 0, schemaType: request.schemaType, schema: canonical, references: pinned,
                                  metadata: request.metadata, ruleSet: request.ruleSet)
        return (record, parsed)
    }

    /// Makes `mutations` durable, then applies them to memory (never the other way round).
    func persist(_ s: inout State, _ mutations: [StoreMutation]) throws(RegistryError) {
        try commit(&s, mutations)
        Self.applyInMemory(&s, mutations)
        if mutations.contains(where: { if case .removeSchema = $0 { true } else { false } }) {
            removals.add(1, ordering: .releasing)
        }
    }

    /// Counts the ids that stopped resolving. An id's schema never changes while it resolves,
    /// so a cache keyed by id (the server's response bodies) stays valid until this moves.
    public var removalGeneration: Int { removals.load(ordering: .acquiring) }

    func commit(_ s: inout State, _ mutations: [StoreMutation]) throws(RegistryError) {
        let start = ContinuousClock.now
        do { try store.apply(mutations, maxId: s.maxId) } catch {
            throw RegistryError.store("\(error)")
        }
        metrics.commits.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }

    /// Whether the store answers (readiness): the state is loaded before the registry exists.
    public func checkStore() throws(RegistryError) {
        do { try store.check() } catch { throw RegistryError.store("\(error)") }
    }

    /// How many schema ids resolve and how many subjects exist (soft-deleted ones included).
    public var counts: (schemas: Int, subjects: Int) {
        state.withLock { ($0.schemas.count, $0.subjects.count) }
    }
}
