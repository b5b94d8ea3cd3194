import SteleJSON
import SteleSchema

/// One distinct schema: the unit an id names within its context. Equal canonical text,
/// references, metadata and rule set give the same id in every subject of a context
/// (reference §1.4 step 9); another context gives it its own id, with the same GUID.
public struct SchemaRecord: Sendable, Hashable {
    public var id: Int
    /// The context whose id space `id` belongs to (`.` unless the subject is qualified).
    public var context: String
    public let schemaType: SchemaType
    /// The canonical text the registry returns and hashes.
    public let schema: String
    public let references: [SchemaReference]
    public let metadata: JSONValue?
    public let ruleSet: JSONValue?
    /// The identity of the content: SHA-256 of text, type, references, metadata and rule set.
    /// Computed once (or read back from the store, which keeps it beside the record as hex).
    public let contentKey: ContentKey
    /// Confluent's GUID: the MD5 identity of text, references, metadata and rule set as a UUID
    /// (the same in every registry that hashes as Confluent does; kept beside the record).
    public let guid: SchemaGUID

    public init(id: Int, schemaType: SchemaType, schema: String, references: [SchemaReference], metadata: JSONValue?, ruleSet: JSONValue?,
                contentKey: ContentKey? = nil, guid: SchemaGUID? = nil, context: String = QualifiedSubject.defaultContext) {
        self.id = id
        self.context = context
        self.schemaType = schemaType
        self.schema = schema
        self.references = references
        self.metadata = metadata
        self.ruleSet = ruleSet
        self.contentKey = contentKey ?? Self.contentKey(schemaType: schemaType, schema: schema, references: references, metadata: metadata, ruleSet: ruleSet)
        self.guid = guid ?? SchemaGUID.identity(schema: schema, references: references, metadata: metadata, ruleSet: ruleSet)
    }

    static func contentKey(schemaType: SchemaType, schema: String, references: [SchemaReference], metadata: JSONValue?, ruleSet: JSONValue?) -> ContentKey {
        var text = schemaType.rawValue + "\u{0}" + schema + "\u{0}"
        for r in references { text += "\(r.name)\u{1}\(r.subject)\u{1}\(r.version)\u{0}" }
        text += (metadata.map { JSONWriter.canonical($0) } ?? "") + "\u{0}" + (ruleSet.map { JSONWriter.canonical($0) } ?? "")
        return ContentKey(digest: FingerprintAlgorithm.sha256.fingerprint(of: text).bytes)
    }
}

/// The (context, id) pairs holding one GUID, sorted: nearly always exactly one, kept inline
/// (an array per GUID would be an allocation per stored schema).
struct ContextIds: RandomAccessCollection, Sendable {
    private var head: ContextId?
    private var rest: [ContextId] = []

    init() {}

    init(_ ids: [ContextId]) {
        let sorted = ids.sorted()
        head = sorted.first
        rest = Array(sorted.dropFirst())
    }

    var startIndex: Int { 0 }
    var endIndex: Int { head == nil ? 0 : 1 + rest.count }
    subscript(i: Int) -> ContextId { i == 0 ? head! : rest[i - 1] }

    /// Adds `id` in its sorted place (no-op when present).
    mutating func insert(_ id: ContextId) {
        guard !contains(id) else { return }
        guard head != nil else { head = id; return }
        self = ContextIds(Array(self) + [id])
    }

    mutating func removeAll(where shouldRemove: (ContextId) throws -> Bool) rethrows {
        let kept = try filter { try !shouldRemove($0) }
        if kept.count != count { self = ContextIds(kept) }
    }
}

/// A schema's content identity — a SHA-256 digest — as four words: compared and hashed in
/// place (a 64-digit hex string would be a heap allocation per stored schema and a 64-byte
/// hash per lookup). Stores keep it as its lower-case hex, `description`.
public struct ContentKey: Sendable, Hashable, CustomStringConvertible {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// `digest`: 32 bytes.
    public init(digest: [UInt8]) {
        precondition(digest.count == 32, "a content key is a SHA-256 digest")
        func word(_ k: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(digest[k * 8 + $1]) } }
        words = (word(0), word(1), word(2), word(3))
    }

    /// 64 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        var text = hex
        guard let key = text.withUTF8({ ContentKey(hex: $0) }) else { return nil }
        self = key
    }

    /// The same, as UTF-8 bytes someone else holds (a stored column).
    public init?(hex utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 64, let p = utf8.baseAddress,
              let w0 = Hex.number(p, count: 16), let w1 = Hex.number(p + 16, count: 16),
              let w2 = Hex.number(p + 32, count: 16), let w3 = Hex.number(p + 48, count: 16) else { return nil }
        words = (w0, w1, w2, w3)
    }

    public var description: String {
        String(unsafeUninitializedCapacity: 64) { out in
            let p = out.baseAddress!
            Hex.write(words.0, count: 16, to: p)
            Hex.write(words.1, count: 16, to: p + 16)
            Hex.write(words.2, count: 16, to: p + 32)
            Hex.write(words.3, count: 16, to: p + 48)
            return 64
        }
    }

    public static func == (a: ContentKey, b: ContentKey) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    /// One word: a digest's bits are already spread evenly.
    public func hash(into hasher: inout Hasher) { hasher.combine(words.0) }
}

/// One version of a subject.
public struct SubjectVersion: Sendable, Hashable {
    public var subject: String
    public var version: Int
    public var id: Int
    public var deleted: Bool
    /// Registration time, epoch milliseconds.
    public var timestamp: Int64

    /// The context of the subject, whose id space `id` is in.
    public var context: String { QualifiedSubject(subject).context }

    public init(subject: String, version: Int, id: Int, deleted: Bool, timestamp: Int64) {
        self.subject = subject
        self.version = version
        self.id = id
        self.deleted = deleted
        self.timestamp = timestamp
    }
}

/// A subject's versions, sorted by version: a persistent list, so the writer's copy of a
/// published snapshot adds a version without copying the versions before it (a plain array,
/// shared with the snapshot readers hold, would be copied whole on every registration — O(n)
/// per registration, O(n²) for a subject's history). Full chunks of `chunkSize` versions are
/// shared between snapshots; only the last, partial chunk and the list of chunks are copied.
struct VersionList: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    static let chunkShift = 6
    static let chunkSize = 1 << chunkShift

    /// `chunkSize` versions, never changed again.
    final class Chunk: Sendable {
        let items: [SubjectVersion]
        init(_ items: [SubjectVersion]) { self.items = items }
    }

    private var chunks: [Chunk] = []
    /// Fewer than `chunkSize` versions after the full chunks.
    private var tail: [SubjectVersion] = []

    init() {}

    init(_ versions: some Sequence<SubjectVersion>) {
        for v in versions { append(v) }
    }

    init(arrayLiteral elements: SubjectVersion...) { self.init(elements) }

    var startIndex: Int { 0 }
    var endIndex: Int { chunks.count << Self.chunkShift + tail.count }

    subscript(i: Int) -> SubjectVersion {
        let c = i >> Self.chunkShift
        return c < chunks.count ? chunks[c].items[i & (Self.chunkSize - 1)] : tail[i - chunks.count << Self.chunkShift]
    }

    /// The entry of `version` (a binary search: the list is sorted by version).
    func entry(version: Int) -> SubjectVersion? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            let v = self[mid].version
            if v == version { return self[mid] }
            if v < version { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    mutating func append(_ v: SubjectVersion) {
        tail.append(v)
        if tail.count == Self.chunkSize {
            chunks.append(Chunk(tail))
            tail = []
        }
    }

    /// Inserts or replaces `v`, keeping the list sorted by version; O(1) for a new latest version
    /// (an import may add an earlier one: the list is rebuilt then).
    mutating func insertSorted(_ v: SubjectVersion) {
        if let last, last.version < v.version { return append(v) }
        var all = Array(self)
        if let i = all.firstIndex(where: { $0.version >= v.version }) {
            if all[i].version == v.version { all[i] = v } else { all.insert(v, at: i) }
        } else {
            all.append(v)
        }
        self = VersionList(all)
    }

    mutating func removeAll(where shouldRemove: (SubjectVersion) throws -> Bool) rethrows {
        let kept = try filter { try !shouldRemove($0) }
        if kept.count != count { self = VersionList(kept) }
    }
}

/// A registry mode (reference §1.3 "Mode").
public enum RegistryMode: String, Sendable, Hashable, CaseIterable {
    case readWrite = "READWRITE"
    case readOnly = "READONLY"
    case readOnlyOverride = "READONLY_OVERRIDE"
    case importing = "IMPORT"

    public init?(lenient text: String) { self.init(rawValue: text.uppercased()) }
}

/// A stored config record — scope `""` for the default context's top level, `:.ctx:` for a
/// named context, `:.__GLOBAL:` for the lowest-priority defaults, else a qualified subject —
/// kept as Confluent's JSON object so every field round-trips (`compatibilityLevel`,
/// `normalize`, `compatibilityPolicy`, `defaultMetadata` …).
public struct RegistryConfig: Sendable, Hashable {
    public var fields: JSONObject

    public init(fields: JSONObject = JSONObject()) { self.fields = fields }

    public var level: CompatibilityLevel? { fields["compatibilityLevel"]?.stringValue.flatMap(CompatibilityLevel.init(lenient:)) }
    public var normalize: Bool? { fields["normalize"]?.boolValue }
    public var policy: String? { fields["compatibilityPolicy"]?.stringValue }
    public var validateFields: Bool? { fields["validateFields"]?.boolValue }
}

/// One durable change the store must make before the registry answers.
public enum StoreMutation: Sendable, Hashable {
    case putSchema(SchemaRecord)
    case putVersion(SubjectVersion)
    case removeVersion(subject: String, version: Int)
    /// The last version holding the id is gone: the id no longer resolves (it is never reused).
    case removeSchema(context: String, id: Int)
    case putConfig(scope: String, RegistryConfig?)
    case putMode(scope: String, RegistryMode?)
    /// The highest id handed out in a context (ids are never reused, even after deletes).
    case putMaxId(context: String, Int)
    /// A named context is listed (`true`, its first schema) or no longer (`DELETE /contexts`).
    case putContext(String, Bool)
    /// A KEK of the DEK registry written (created, altered, soft-deleted or undeleted) …
    case putKek(KeyEncryptionKey)
    /// … or permanently deleted.
    case removeKek(KekId)
    case putDek(DataEncryptionKey)
    case removeDek(DekId)
    case putAssociation(Association)
    case removeAssociation(AssociationKey)
}

/// Everything a store holds, loaded once at start.
public struct RegistrySnapshot: Sendable {
    public var schemas: [SchemaRecord] = []
    public var versions: [SubjectVersion] = []
    public var configs: [String: RegistryConfig] = [:]
    public var modes: [String: RegistryMode] = [:]
    /// The highest id ever handed out, per context (ids are never reused, even after
    /// permanent deletes).
    public var maxIds: [String: Int] = [:]
    /// The named contexts `GET /contexts` lists.
    public var contexts: Set<String> = []
    /// The DEK registry's keys.
    public var keks: [KeyEncryptionKey] = []
    public var deks: [DataEncryptionKey] = []
    public var associations: [Association] = []

    public init() {}
}

