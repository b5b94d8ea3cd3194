#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import HashTreeCollections
import SteleJSON
import SteleSchema

/// The registry's rules (reference §1.3–1.6), with no HTTP and no SQL: subjects, versions,
/// ids, config, modes, references, deletes, contexts. All state is in memory, loaded once from
/// the store, as an immutable snapshot published atomically: a read answers from the snapshot
/// it took and never waits for a writer. Every change goes through one commit pipeline
/// (`Registry+Commit.swift`): the expensive part of a registration (parsing, normalizing,
/// checking compatibility) runs first against the caller's snapshot, then a single writer off
/// the event loops re-validates against the current state, assigns ids and versions, and
/// commits everything that arrived together in one transaction; each caller is answered
/// only once that transaction is durable. So concurrent registrations of one schema give one
/// id and one version.
///
/// Subjects are keyed by their normalized qualified name (`orders`, `:.staging:orders`), so
/// the default context is exactly what a client that knows nothing of contexts sees; ids live
/// in their context's own id space (`ContextState`).
public final class Registry: Sendable {
    /// One context's id space. The large maps of the state are `LayeredMap`s (what was loaded
    /// in a dictionary never changed again, what changed since in a persistent hash trie) and
    /// the rest `TreeDictionary`s: the writer's copy of a published snapshot shares all but the
    /// paths it changes, so publishing a new snapshot costs O(log n) per change, not a copy.
    struct ContextState: Sendable {
        var schemas: LayeredMap<Int, SchemaRecord> = [:]
        var idByContent: LayeredMap<ContentKey, Int> = [:]
        var maxId = 0
    }

    struct State: Sendable {
        /// By context name; the default context `.` is always present.
        var contexts: [String: ContextState] = [QualifiedSubject.defaultContext: ContextState()]
        /// The named contexts `GET /contexts` lists (recorded by their first schema).
        var listedContexts: Set<String> = []
        /// GUID → the (context, id) pairs holding it (one per context, normally; two schema
        /// types or a re-registration in IMPORT mode may share one text).
        var idsByGUID: LayeredMap<SchemaGUID, ContextIds> = [:]
        var subjects: LayeredMap<String, VersionList> = [:]
        var configs: TreeDictionary<String, RegistryConfig> = [:]
        var modes: TreeDictionary<String, RegistryMode> = [:]
        /// The DEK registry's keys.
        var keks: TreeDictionary<KekId, KeyEncryptionKey> = [:]
        var deks: TreeDictionary<DekId, DataEncryptionKey> = [:]
        /// Topic associations, one per (resource, type) …
        private(set) var associations: TreeDictionary<AssociationKey, Association> = [:]
        /// … and their keys by subject (what registrations and deletes ask about).
        private var associationKeysBySubject: TreeDictionary<String, Set<AssociationKey>> = [:]
        /// The writer's mutations not yet durable (always empty in a published snapshot).
        var staged: [StoreMutation] = []

        func associations(of subject: String) -> [Association] {
            (associationKeysBySubject[subject] ?? []).compactMap { associations[$0] }
        }

        mutating func putAssociation(_ a: Association) {
            removeAssociation(a.key)
            associations[a.key] = a
            associationKeysBySubject[a.subject, default: []].insert(a.key)
        }

        mutating func removeAssociation(_ key: AssociationKey) {
            guard let old = associations.removeValue(forKey: key) else { return }
            associationKeysBySubject[old.subject]?.remove(key)
            if associationKeysBySubject[old.subject]?.isEmpty == true { associationKeysBySubject[old.subject] = nil }
        }

        func record(_ context: String, _ id: Int) -> SchemaRecord? { contexts[context]?.schemas[id] }
        /// The schema a subject-version holds (its id is in its subject's context).
        func record(of v: SubjectVersion) -> SchemaRecord? { record(v.context, v.id) }
        func maxId(_ context: String) -> Int { contexts[context]?.maxId ?? 0 }
    }

    /// The published snapshot. The lock guards only the swap of one reference: a reader holds
    /// it for a retain, never while a writer parses, checks or commits.
    let published: Mutex<Snapshot>
    /// Registrations waiting for the writer, and the writer's executor.
    let pipeline = CommitPipeline()
    /// Parsed stored schemas, shared by readers and the writer.
    let parsedCache = ParsedSchemaCache()
    let store: any RegistryStore
    let removals = Atomic<Int>(0)
    /// A shared store said other instances committed: the writer takes their changes in first.
    let catchUpRequested = Atomic<Bool>(false)
    /// Whether the writer's last look at the shared store's changes reached it.
    let lastCatchUpSucceeded = Atomic<Bool>(true)
    /// The server default level (`schema.compatibility.level`).
    public let defaultLevel: CompatibilityLevel
    let metrics: RegistryMetrics
    /// Makes and unwraps shared KEKs' DEKs (nil: no KMS access; shared KEKs need client-made DEKs).
    let keyService: (any SharedKeyService)?

    public init(store: any RegistryStore, defaultLevel: CompatibilityLevel = .backward, metrics: RegistryMetrics = .disabled,
                keyService: (any SharedKeyService)? = nil) async throws {
        self.store = store
        self.keyService = keyService
        self.defaultLevel = defaultLevel
        self.metrics = metrics
        let snapshot = try await store.load()
        published = Mutex(Snapshot(Self.state(loading: snapshot)))
        store.follow { [weak self] in self?.requestCatchUp() }
    }

    /// The in-memory state a store's snapshot describes.
    /// Built in plain dictionaries, which become the loaded layer of the state's maps as they
    /// are (a million versions load as fast as dictionaries fill).
    static func state(loading snapshot: RegistrySnapshot) -> State {
        // The maps are independent: the subjects' lists and the GUID index are built on another
        // core while this one builds the id maps and the content index.
        let other = OnAnotherCore<([String: VersionList], [SchemaGUID: ContextIds]), Never> {
            (Self.subjects(loading: snapshot.versions), Self.guids(loading: snapshot.schemas))
        }
        var s = State()
        var schemas: [String: [Int: SchemaRecord]] = [:]
        var maxIds = snapshot.maxIds
        if let one = snapshot.schemas.first?.context, snapshot.schemas.allSatisfy({ $0.context == one }) {
            schemas[one, default: [:]].reserveCapacity(snapshot.schemas.count)
        }
        for r in snapshot.schemas {
            schemas[r.context, default: [:]][r.id] = r
            maxIds[r.context] = max(maxIds[r.context] ?? 0, r.id)
        }
        let content = Self.contentIndex(loading: snapshot.schemas)
        for (context, maxId) in maxIds {
            s.contexts[context] = ContextState(schemas: LayeredMap(schemas[context] ?? [:]), idByContent: LayeredMap(content[context] ?? [:]), maxId: maxId)
        }
        s.configs = TreeDictionary(snapshot.configs)
        s.modes = TreeDictionary(snapshot.modes)
        s.listedContexts = snapshot.contexts
        for k in snapshot.keks { s.keks[k.id] = k }
        for d in snapshot.deks { s.deks[d.id] = d }
        for a in snapshot.associations { s.putAssociation(a) }
        let (subjects, guids) = other.value()
        s.subjects = LayeredMap(subjects)
        s.idsByGUID = LayeredMap(guids)
        return s
    }

    /// Per context, content key → id.
    static func contentIndex(loading schemas: [SchemaRecord]) -> [String: [ContentKey: Int]] {
        var content: [String: [ContentKey: Int]] = [:]
        if let one = schemas.first?.context, schemas.allSatisfy({ $0.context == one }) {
            content[one, default: [:]].reserveCapacity(schemas.count)
        }
        for r in schemas { content[r.context, default: [:]][r.contentKey] = r.id }
        return content
    }

    /// GUID → the (context, id) pairs holding it.
    static func guids(loading schemas: [SchemaRecord]) -> [SchemaGUID: ContextIds] {
        var guids: [SchemaGUID: ContextIds] = [:]
        guids.reserveCapacity(schemas.count)
        for r in schemas { guids[r.guid, default: ContextIds()].insert(ContextId(context: r.context, id: r.id)) }
        return guids
    }

    /// Each subject's versions, sorted by version.
    static func subjects(loading versions: [SubjectVersion]) -> [String: VersionList] {
        var bySubject: [String: [SubjectVersion]] = [:]
        for v in versions { bySubject[v.subject, default: []].append(v) }
        var subjects: [String: VersionList] = [:]
        subjects.reserveCapacity(bySubject.count)
        for (k, versions) in bySubject { subjects[k] = VersionList(versions.sorted { $0.version < $1.version }) }
        return subjects
    }

    /// One published state (immutable; readers share it).
    final class Snapshot: Sendable {
        let state: State
        init(_ state: State) { self.state = state }
    }

    /// Runs `body` on the current snapshot: no waiting for writers.
    func read<R, E: Error>(_ body: (State) throws(E) -> R) throws(E) -> R {
        let snapshot = published.withLock { $0 }
        return try body(snapshot.state)
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

    /// A subject a schema may be registered under: no control characters, not `__GLOBAL` or
    /// `__EMPTY`, not in the global pseudo-context or the `:*:` wildcard (42208).
    static func validateSubject(_ s: String) throws(RegistryError) {
        let q = QualifiedSubject(s)
        if q.name == "__GLOBAL" || q.name == "__EMPTY" || q.context == QualifiedSubject.globalContext || q.context == QualifiedSubject.wildcard
            || s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw RegistryError.invalidSubject(s)
        }
    }

    /// A scope config and mode may be set on: a subject, a context (`:.ctx:`) or `:.__GLOBAL:`.
    static func validateScope(_ s: String) throws(RegistryError) {
        let q = QualifiedSubject(s)
        if q.context == QualifiedSubject.globalContext && q.name.isEmpty { return }
        try validateSubject(s)
    }

    /// The normalized qualified name the state is keyed by (`:.:a` is `a`).
    static func key(_ subject: String) -> String {
        subject.hasPrefix(":") ? QualifiedSubject(subject).qualified : subject
    }

    /// The scopes a subject's config or mode falls back through, after its own: its context's
    /// (the top level `""` for the default context — a named context does not fall back to
    /// it), then `:.__GLOBAL:` (reference §1.3).
    static func fallbackScopes(_ subject: String) -> [String] {
        let q = QualifiedSubject(subject)
        let global = QualifiedSubject.prefix(ofContext: QualifiedSubject.globalContext)
        if q.context == QualifiedSubject.globalContext { return [global] }
        return [q.contextPrefix, global]
    }

    /// The first config on a scope's fallback chain (`subject` itself included).
    static func inheritedConfig(_ s: State, _ subject: String) -> RegistryConfig? {
        for scope in fallbackScopes(subject) { if let c = s.configs[scope] { return c } }
        return nil
    }

    /// The config a registration, lookup or check of a subject uses (reference §1.3 "How
    /// configs merge"): a subject with its own record takes the level, the default and override
    /// metadata and rule sets from it alone, and inherits `normalize`, `compatibilityPolicy`
    /// and `compatibilityGroup` when it leaves them unset; a subject without one uses the first
    /// record on its fallback chain whole.
    struct EffectiveConfig {
        var level: CompatibilityLevel
        var normalize: Bool
        var lenient: Bool
        /// The metadata property whose value splits the versions into compatibility groups.
        var group: String?
        var defaultMetadata: JSONValue?
        var overrideMetadata: JSONValue?
        var defaultRuleSet: JSONValue?
        var overrideRuleSet: JSONValue?

        /// Whether registration must merge config into the request (no fast path).
        var hasDefaultsOrOverrides: Bool {
            defaultMetadata != nil || overrideMetadata != nil || defaultRuleSet != nil || overrideRuleSet != nil
        }
    }

    static func effectiveConfig(_ s: State, _ subject: String, defaultLevel: CompatibilityLevel) -> EffectiveConfig {
        let inherited = inheritedConfig(s, subject)
        let own = s.configs[subject]
        let record = own ?? inherited
        func field(_ name: String) -> JSONValue? {
            guard let v = record?.fields[name], v != .null else { return nil }
            return v
        }
        func inheritable(_ name: String) -> JSONValue? {
            if let v = own?.fields[name], v != .null { return v }
            guard let v = inherited?.fields[name], v != .null else { return nil }
            return v
        }
        return EffectiveConfig(
            level: record?.level ?? defaultLevel,
            normalize: inheritable("normalize")?.boolValue ?? false,
            lenient: inheritable("compatibilityPolicy")?.stringValue?.uppercased() == "LENIENT",
            group: inheritable("compatibilityGroup")?.stringValue,
            defaultMetadata: field("defaultMetadata"), overrideMetadata: field("overrideMetadata"),
            defaultRuleSet: field("defaultRuleSet"), overrideRuleSet: field("overrideRuleSet"))
    }

    static func effectiveMode(_ s: State, _ subject: String) -> RegistryMode {
        if s.modes[""] == .readOnlyOverride { return .readOnlyOverride }
        if let own = s.modes[subject] { return own }
        for scope in fallbackScopes(subject) { if let m = s.modes[scope] { return m } }
        return .readWrite
    }

    /// The transitive closure of `references` made from `context` (unqualified reference
    /// subjects are in the referrer's context), dependencies first, de-duplicated by name.
    static func resolve(_ s: State, _ references: [SchemaReference], context: String) throws(RegistryError) -> [ResolvedReference] {
        var out: [ResolvedReference] = []
        var seen = Set<String>(), visited = Set<SchemaReference>()
        func visit(_ r: SchemaReference, from context: String, depth: Int) throws(RegistryError) {
            let subject = QualifiedSubject.resolve(r.subject, relativeTo: context)
            // Each subject-version once: shared references (diamonds) must not multiply the work.
            guard visited.insert(SchemaReference(name: r.name, subject: subject, version: r.version)).inserted else { return }
            guard depth < 64 else { throw RegistryError.invalidSchema("Invalid schema: references nested more than 64 levels") }
            guard let versions = s.subjects[subject] else { throw RegistryError.invalidSchema("Invalid schema: reference \(r.name) names subject \(r.subject), which does not exist") }
            let v = r.version == -1 ? versions.last { !$0.deleted } : versions.entry(version: r.version)
            guard let v, let record = s.record(of: v) else {
                throw RegistryError.invalidSchema("Invalid schema: reference \(r.name) names version \(r.version) of \(r.subject), which does not exist")
            }
            for inner in record.references { try visit(inner, from: record.context, depth: depth + 1) }
            if seen.insert(r.name).inserted { out.append(ResolvedReference(reference: r, schemaText: record.schema)) }
        }
        for r in references { try visit(r, from: context, depth: 0) }
        return out
    }

    /// The parsed form of a stored schema (cached; parsed leniently, as stored schemas are).
    func parsed(_ s: State, _ context: String, _ id: Int) -> ParsedAny? {
        guard let r = s.record(context, id) else { return nil }
        if let p = parsedCache.get(r) { return p }
        guard let refs = try? Self.resolve(s, r.references, context: context),
              let p = try? SchemaSupport.parse(r.schemaType, r.schema, references: refs, strict: false) else { return nil }
        parsedCache.put(r, p)
        return p
    }

    /// Parses a request into the record it would store (id not yet assigned). A reference to
    /// version -1 ("latest") is pinned to the subject's latest live version, as Confluent stores
    /// it (reference §6.1): the schema must not change meaning when the referenced subject moves.
    static func prepare(_ s: State, _ request: SchemaRequest, context: String, normalize: Bool, strict: Bool) throws(RegistryError) -> (SchemaRecord, ParsedAny) {
        var memo = RegisterMemo()
        let prepared = try prepare(s, request, context: context, normalize: normalize, strict: strict, memo: &memo)
        return (prepared.record, prepared.parsed)
    }

    /// `prepare`, reusing `memo`'s parse when its inputs are the same (the writer re-running a
    /// registration its caller already parsed), else parsing and remembering it.
    static func prepare(_ s: State, _ request: SchemaRequest, context: String, normalize: Bool, strict: Bool,
                        memo: inout RegisterMemo) throws(RegistryError) -> RegisterMemo.Prepared {
        guard let text = request.schema, !text.isEmpty else { throw RegistryError.invalidSchema("Empty schema") }
        let pinned = request.references.map { r -> SchemaReference in
            guard r.version == -1, let latest = s.subjects[QualifiedSubject.resolve(r.subject, relativeTo: context)]?.last(where: { !$0.deleted }) else { return r }
            return SchemaReference(name: r.name, subject: r.subject, version: latest.version)
        }
        let refs = try resolve(s, pinned, context: context)
        let input = RegisterMemo.PrepareInput(schemaType: request.schemaType, schema: text, references: pinned, resolved: refs,
                                              metadata: request.metadata, ruleSet: request.ruleSet, context: context,
                                              normalize: normalize, strict: strict)
        if let prepared = memo.prepared, prepared.input == input { return prepared }
        let parsed = try SchemaSupport.parse(request.schemaType, text, references: refs, strict: strict)
        let canonical = normalize ? parsed.normalizedText : parsed.canonicalText
        let record = SchemaRecord(id: 0, schemaType: request.schemaType, schema: canonical, references: pinned,
                                  metadata: request.metadata, ruleSet: request.ruleSet, context: context)
        let prepared = RegisterMemo.Prepared(input: input, record: record, parsed: parsed)
        memo.prepared = prepared
        return prepared
    }

    /// Stages `mutations` in the writer's state: they are applied to it now and made durable
    /// with the rest of the batch before anyone is answered (`Registry+Commit.swift`).
    func persist(_ s: inout State, _ mutations: [StoreMutation]) throws(RegistryError) {
        Self.applyInMemory(&s, mutations)
        s.staged += mutations
    }

    /// Counts the ids that stopped resolving. An id's schema never changes while it resolves,
    /// so a cache keyed by id (the server's response bodies) stays valid until this moves.
    public var removalGeneration: Int { removals.load(ordering: .acquiring) }

    /// Whether the store answers (readiness): the state is loaded before the registry exists.
    public func checkStore() async throws(RegistryError) {
        do { try await store.check() } catch { throw RegistryError.store("\(error)") }
    }

    /// How many schema ids resolve and how many subjects exist (soft-deleted ones included).
    public var counts: (schemas: Int, subjects: Int) {
        read { s in (s.contexts.values.reduce(0) { $0 + $1.schemas.count }, s.subjects.count) }
    }
}
