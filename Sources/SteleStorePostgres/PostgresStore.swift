import Logging
import PostgresNIO
import SteleJSON
import SteleRegistry
import SteleSchema
import Synchronization

/// The registry's store on PostgreSQL, shared by several `stele serve` instances: each loads
/// the tables, commits through `stele_commit` (`PostgresSchema`), and follows the others
/// through the change log (LISTEN/NOTIFY to hear of a change at once, a poll to catch up after
/// a lost connection). Losing the database makes commits fail with a clear error while the
/// registry keeps answering reads from memory; the next commit or poll reconnects.
public final class PostgresStore: RegistryStore {
    public let target: PostgresTarget
    let instance: String
    let logger: Logger
    /// The writer's connection (commits, catch-up) and the change-log position this instance
    /// has taken in. Only the registry's writer moves the position.
    private let state = Mutex<(connection: PostgresConnection?, position: Int64)>((nil, 0))
    private let following = Mutex<Task<Void, Never>?>(nil)
    /// How often a follower asks for changes without a notification (a lost NOTIFY, a
    /// reconnect): the longest another instance's change can go unseen.
    public let pollInterval: Duration

    public init(url: String, environment: [String: String] = [:], pollInterval: Duration = .seconds(1), logger: Logger? = nil) throws {
        target = try PostgresTarget(url: url, environment: environment)
        self.pollInterval = pollInterval
        var id: UInt64 = 0
        while id == 0 { id = UInt64.random(in: 1...UInt64.max) }
        instance = String(id, radix: 16)
        var l = logger ?? Logger(label: "stele.postgres")
        if logger == nil { l.logLevel = .error }
        self.logger = l
    }

    /// Closes the connections and stops following (tests; a server simply exits).
    public func close() async {
        following.withLock { $0?.cancel(); $0 = nil }
        let c = state.withLock { s -> PostgresConnection? in defer { s.connection = nil }; return s.connection }
        try? await c?.close()
    }

    // MARK: connections

    func connect() async throws -> PostgresConnection {
        var config = PostgresConnection.Configuration(host: target.host, port: target.port, username: target.user, password: target.password,
                                                      database: target.database, tls: .disable)
        config.options.connectTimeout = .seconds(5)
        return try await PostgresConnection.connect(configuration: config, id: Int.random(in: 1...Int.max), logger: logger)
    }

    /// The writer's connection, opened again if it was lost.
    func connection() async throws -> PostgresConnection {
        if let c = state.withLock({ $0.connection }), !c.isClosed { return c }
        let c = try await connect()
        state.withLock { $0.connection = c }
        return c
    }

    /// Runs `body` on the writer's connection; a connection that failed is dropped, so the next
    /// call connects again (the database restarted, the network came back).
    func withConnection<R>(_ body: (PostgresConnection) async throws -> R) async throws -> R {
        let c = try await connection()
        do { return try await body(c) } catch {
            // An error the server answered leaves the connection usable; anything else (a
            // closed socket, a timeout) may not, so the next call connects again.
            if (error as? PSQLError)?.serverInfo == nil {
                state.withLock { if $0.connection === c { $0.connection = nil } }
                try? await c.close()
            }
            throw PostgresStoreError("PostgreSQL at \(target): \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            return "\(e.code)"
        }
        return "\(error)"
    }

    // MARK: RegistryStore

    public var isShared: Bool { true }

    public func check() async throws {
        try await withConnection { c in try await c.query("SELECT 1", logger: logger) }
    }

    public func load() async throws -> RegistrySnapshot {
        try await withConnection { c in
            try await migrate(c)
            try await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let snapshot = try await read(c)
                try await c.query("COMMIT", logger: logger)
                return snapshot
            } catch {
                _ = try? await c.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Creates what is missing, under a lock (instances starting together), and refuses a
    /// database a newer Stele wrote.
    func migrate(_ c: PostgresConnection) async throws {
        try await c.query("SELECT pg_advisory_lock(7305127)", logger: logger)
        do {
            for statement in PostgresSchema.statements { try await c.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
            try await c.query("INSERT INTO stele_meta (key, value) VALUES ('format', \(Int64(PostgresSchema.format))) ON CONFLICT DO NOTHING", logger: logger)
            var format: Int64 = 0
            for try await (value) in try await c.query("SELECT value FROM stele_meta WHERE key = 'format'", logger: logger).decode(Int64.self) { format = value }
            guard format <= Int64(PostgresSchema.format) else {
                throw PostgresStoreError("the database at \(target) was written by a newer Stele (store format \(format); this one reads up to \(PostgresSchema.format)): upgrade stele")
            }
        } catch {
            _ = try? await c.query("SELECT pg_advisory_unlock(7305127)", logger: logger)
            throw error
        }
        try await c.query("SELECT pg_advisory_unlock(7305127)", logger: logger)
    }

    public func apply(_ mutations: [StoreMutation]) async throws {
        let payload = JSONWriter.compact(.array(mutations.map(\.json)))
        let expected = state.withLock { $0.position }
        let answer: String = try await withConnection { c in
            var text = ""
            let rows = try await c.query("SELECT stele_commit(\(instance), \(expected), \(payload))", logger: logger)
            for try await (value) in rows.decode(String.self) { text = value }
            return text
        }
        let result: JSONValue
        do { result = try JSONParser().parse(answer) } catch { throw PostgresStoreError("stele_commit answered '\(answer)'") }
        if case .int(let seq)? = result["seq"] {
            state.withLock { $0.position = seq }
            return
        }
        guard let behind = result["behind"]?.arrayValue else { throw PostgresStoreError("stele_commit answered '\(answer)'") }
        throw StoreConflict(changes: try take(behind))
    }

    public func changes() async throws -> [StoreMutation] {
        var all: [StoreMutation] = []
        while true {
            let position = state.withLock { $0.position }
            let entries: [JSONValue] = try await withConnection { c in
                var out: [JSONValue] = []
                let rows = try await c.query("SELECT seq, mutations FROM stele_changes WHERE seq > \(position) ORDER BY seq LIMIT 10000", logger: logger)
                for try await (seq, mutations) in rows.decode((Int64, String).self) {
                    out.append(["seq": .int(seq), "mutations": .string(mutations)])
                }
                return out
            }
            all += try take(entries)
            if entries.count < 10000 { return all }
        }
    }

    /// The mutations of change-log entries (in order), moving the position past them.
    func take(_ entries: [JSONValue]) throws -> [StoreMutation] {
        var out: [StoreMutation] = []
        var last: Int64?
        for e in entries {
            guard case .int(let seq)? = e["seq"], let text = e["mutations"]?.stringValue else { throw PostgresStoreError("a malformed change-log entry") }
            let parsed: JSONValue
            do { parsed = try JSONParser().parse(text) } catch { throw PostgresStoreError("change \(seq) is not JSON") }
            guard let list = parsed.arrayValue else { throw PostgresStoreError("change \(seq) is not a list of mutations") }
            for m in list {
                do { out.append(try StoreMutation(json: m)) } catch { throw PostgresStoreError("change \(seq): \(error)") }
            }
            last = seq
        }
        if let last { state.withLock { $0.position = max($0.position, last) } }
        return out
    }

    public func follow(_ onChange: @escaping @Sendable () -> Void) {
        let task = Task { [target, logger, pollInterval] in
            await withTaskGroup(of: Void.self) { group in
                // The poll: catches up whatever a lost notification or connection hid.
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: pollInterval)
                        onChange()
                    }
                }
                group.addTask {
                    var delay = Duration.milliseconds(100)
                    while !Task.isCancelled {
                        do {
                            let c = try await self.connect()
                            delay = .milliseconds(100)
                            do {
                                try await c.listen(on: "stele_changes") { notifications in
                                    onChange()   // anything committed while this connection was down
                                    for try await _ in notifications { onChange() }
                                }
                            } catch {}
                            try? await c.close()
                        } catch {
                            logger.warning("following PostgreSQL at \(target): \(Self.describe(error))")
                        }
                        try? await Task.sleep(for: delay)
                        delay = min(delay * 2, .seconds(5))
                    }
                }
            }
        }
        following.withLock { $0?.cancel(); $0 = task }
    }

    // MARK: reading the tables

    func read(_ c: PostgresConnection) async throws -> RegistrySnapshot {
        var s = RegistrySnapshot()
        var maxIds: [String: Int] = [:]
        let schemas = try await c.query("SELECT context, id, type, schema, refs, metadata, ruleset, content_key, guid, removed FROM stele_schemas", logger: logger)
        for try await (context, id, type, text, refs, metadata, ruleSet, contentKey, guid, removed) in schemas.decode((String, Int64, String, String, String, String?, String?, String, String, Bool).self) {
            maxIds[context] = max(maxIds[context] ?? 0, Int(id))
            if removed { continue }
            let what = "schema \(id) of context \(context)"
            guard let schemaType = SchemaType(rawValue: type) else { throw PostgresStoreError("\(what) has an unknown type '\(type)'") }
            guard let list = try Self.json(refs, what, "references")?.arrayValue else { throw PostgresStoreError("\(what) has references that are not a list") }
            var references: [SchemaReference] = []
            for r in list {
                guard let name = r["name"]?.stringValue, let subject = r["subject"]?.stringValue, case .int(let v)? = r["version"] else {
                    throw PostgresStoreError("\(what) has a reference without name, subject and version")
                }
                references.append(SchemaReference(name: name, subject: subject, version: Int(v)))
            }
            guard let g = SchemaGUID(guid) else { throw PostgresStoreError("\(what) has a malformed GUID '\(guid)'") }
            guard let key = ContentKey(hex: contentKey) else { throw PostgresStoreError("\(what) has a malformed content key '\(contentKey)'") }
            s.schemas.append(SchemaRecord(id: Int(id), schemaType: schemaType, schema: text, references: references,
                                          metadata: try metadata.flatMap { t throws in try Self.json(t, what, "metadata") },
                                          ruleSet: try ruleSet.flatMap { t throws in try Self.json(t, what, "rule set") },
                                          contentKey: key, guid: g, context: context))
        }
        s.maxIds = maxIds
        let versions = try await c.query("SELECT subject, version, id, deleted, ts FROM stele_versions ORDER BY subject, version", logger: logger)
        for try await (subject, version, id, deleted, ts) in versions.decode((String, Int32, Int64, Bool, Int64).self) {
            s.versions.append(SubjectVersion(subject: subject, version: Int(version), id: Int(id), deleted: deleted, timestamp: ts))
        }
        for try await (scope, json) in try await c.query("SELECT scope, json FROM stele_configs", logger: logger).decode((String, String).self) {
            guard case .object(let o)? = try Self.json(json, "the config of '\(scope)'", "fields") else { throw PostgresStoreError("the config of '\(scope)' is not a JSON object") }
            s.configs[scope] = RegistryConfig(fields: o)
        }
        for try await (scope, mode) in try await c.query("SELECT scope, mode FROM stele_modes", logger: logger).decode((String, String).self) {
            guard let m = RegistryMode(rawValue: mode) else { throw PostgresStoreError("the mode of '\(scope)' is '\(mode)', no mode") }
            s.modes[scope] = m
        }
        for try await (name) in try await c.query("SELECT name FROM stele_contexts", logger: logger).decode(String.self) { s.contexts.insert(name) }
        let keks = try await c.query("SELECT context, name, kms_type, kms_key_id, kms_props, doc, shared, deleted, ts FROM stele_keks", logger: logger)
        for try await (context, name, kmsType, kmsKeyId, propsText, doc, shared, deleted, ts) in keks.decode((String, String, String, String, String, String?, Bool, Bool, Int64).self) {
            guard case .object(let o)? = try Self.json(propsText, "the kek '\(name)'", "kmsProps"), o.allSatisfy({ $0.value.stringValue != nil }) else {
                throw PostgresStoreError("the kek '\(name)' has kmsProps that are not an object of strings")
            }
            var props: [String: String] = [:]
            for m in o { props[m.key] = m.value.stringValue }
            s.keks.append(KeyEncryptionKey(context: context, name: name, kmsType: kmsType, kmsKeyId: kmsKeyId, kmsProps: props, doc: doc,
                                           shared: shared, deleted: deleted, timestamp: ts))
        }
        let deks = try await c.query("SELECT context, kek, subject, algorithm, version, material, deleted, ts FROM stele_deks", logger: logger)
        for try await (context, kek, subject, algorithmText, version, material, deleted, ts) in deks.decode((String, String, String, String, Int32, String?, Bool, Int64).self) {
            guard let algorithm = DekAlgorithm(rawValue: algorithmText) else { throw PostgresStoreError("the dek of subject '\(subject)' has an unknown algorithm '\(algorithmText)'") }
            s.deks.append(DataEncryptionKey(kek: KekId(context: context, name: kek), subject: subject, version: Int(version), algorithm: algorithm,
                                            encryptedKeyMaterial: material, deleted: deleted, timestamp: ts))
        }
        let associations = try await c.query("""
            SELECT resource_id, resource_type, association_type, subject, guid, resource_name, resource_namespace, lifecycle, frozen FROM stele_associations
            """, logger: logger)
        for try await (resourceId, resourceType, associationType, subject, guid, name, namespace, lifecycleText, frozen) in associations.decode((String, String, String, String, String, String, String, String, Bool).self) {
            guard let lifecycle = AssociationLifecycle(rawValue: lifecycleText) else {
                throw PostgresStoreError("the association of resource '\(resourceId)' has an unknown lifecycle '\(lifecycleText)'")
            }
            s.associations.append(Association(subject: subject, guid: guid, resourceName: name, resourceNamespace: namespace, resourceId: resourceId,
                                              resourceType: resourceType, associationType: associationType, lifecycle: lifecycle, frozen: frozen))
        }
        var head: Int64 = 0
        for try await (value) in try await c.query("SELECT COALESCE(max(seq), 0) FROM stele_changes", logger: logger).decode(Int64.self) { head = value }
        state.withLock { $0.position = head }
        return s
    }

    static func json(_ text: String, _ row: String, _ column: String) throws -> JSONValue? {
        do { return try JSONParser().parse(text) } catch { throw PostgresStoreError("\(row) has \(column) that are not JSON: \(error)") }
    }
}

/// What went wrong with the database, said in one line (the registry answers it as a 5xx).
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
