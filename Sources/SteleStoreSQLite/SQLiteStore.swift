import SteleJSON
import SteleRegistry
import SteleSchema
import Synchronization

/// The registry's embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a
/// transaction is on disk (WAL fsynced) before `apply` returns, and the registry answers only
/// after that. Everything is read once at start into the registry's memory; reads never touch
/// the file afterwards. Start does not replay a log: it reads nine tables.
public final class SQLiteStore: RegistryStore {
    private let connection: Mutex<SQLiteConnectionBox>

    /// The schema migrations, applied in order; `PRAGMA user_version` records how many ran.
    static let migrations: [String] = [
        """
        CREATE TABLE schemas (id INTEGER PRIMARY KEY, type TEXT NOT NULL, schema TEXT NOT NULL,
                              refs TEXT NOT NULL, metadata TEXT, ruleset TEXT);
        CREATE TABLE versions (subject TEXT NOT NULL, version INTEGER NOT NULL, id INTEGER NOT NULL,
                               deleted INTEGER NOT NULL, ts INTEGER NOT NULL, PRIMARY KEY (subject, version));
        CREATE TABLE configs (scope TEXT PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE modes (scope TEXT PRIMARY KEY, mode TEXT NOT NULL);
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """,
        // The content hash beside each schema, so start-up reads it instead of hashing every
        // schema again (rows written before this have NULL and are hashed at load).
        "ALTER TABLE schemas ADD COLUMN content_key TEXT;",
        // Confluent's GUID beside each schema, for the same reason (NULL rows: computed at load).
        "ALTER TABLE schemas ADD COLUMN guid TEXT;",
        // Contexts: ids are per context, so a schema's key is (context, id); rows written
        // before are the default context's. The id counter of context C is `maxId:C` beside
        // the default context's `maxId`; `contexts` lists the named contexts.
        """
        CREATE TABLE schemas_by_context (context TEXT NOT NULL, id INTEGER NOT NULL, type TEXT NOT NULL, schema TEXT NOT NULL,
                                         refs TEXT NOT NULL, metadata TEXT, ruleset TEXT, content_key TEXT, guid TEXT,
                                         PRIMARY KEY (context, id));
        INSERT INTO schemas_by_context SELECT '.', id, type, schema, refs, metadata, ruleset, content_key, guid FROM schemas;
        DROP TABLE schemas;
        ALTER TABLE schemas_by_context RENAME TO schemas;
        CREATE TABLE contexts (name TEXT PRIMARY KEY);
        """,
        // The DEK registry: KEKs by (context, name), DEKs by (context, KEK, subject, algorithm,
        // version), the wrapped key material exactly as the client sent it; and topic
        // associations, one per (resource, type).
        """
        CREATE TABLE keks (context TEXT NOT NULL, name TEXT NOT NULL, kms_type TEXT NOT NULL, kms_key_id TEXT NOT NULL,
                           kms_props TEXT NOT NULL, doc TEXT, shared INTEGER NOT NULL, deleted INTEGER NOT NULL, ts INTEGER NOT NULL,
                           PRIMARY KEY (context, name));
        CREATE TABLE deks (context TEXT NOT NULL, kek TEXT NOT NULL, subject TEXT NOT NULL, algorithm TEXT NOT NULL, version INTEGER NOT NULL,
                           material TEXT, deleted INTEGER NOT NULL, ts INTEGER NOT NULL,
                           PRIMARY KEY (context, kek, subject, algorithm, version));
        CREATE TABLE associations (resource_id TEXT NOT NULL, resource_type TEXT NOT NULL, association_type TEXT NOT NULL,
                                   subject TEXT NOT NULL, guid TEXT NOT NULL, resource_name TEXT NOT NULL, resource_namespace TEXT NOT NULL,
                                   lifecycle TEXT NOT NULL, frozen INTEGER NOT NULL,
                                   PRIMARY KEY (resource_id, resource_type, association_type));
        """,
    ]

    /// The file (a second connection reads it in parallel at start-up).
    private let path: String

    public init(path: String) throws {
        self.path = path
        let c = try SQLiteConnection(path: path)
        try c.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        var version: Int64 = 0
        try c.run("PRAGMA user_version") { version = $0.int(0) }
        // A file a newer Stele migrated further is not read by this one (it would misread it).
        guard version <= Int64(Self.migrations.count) else {
            throw StoreIntegrityError(path, "was written by a newer Stele (store format \(version); this one reads up to \(Self.migrations.count)): upgrade stele")
        }
        for (i, sql) in Self.migrations.enumerated() where i >= version {
            try c.execute("BEGIN IMMEDIATE; \(sql) PRAGMA user_version = \(i + 1); COMMIT;")
        }
        connection = Mutex(SQLiteConnectionBox(c))
    }

    /// `SELECT 1` on the connection: the file is open and readable.
    public func check() async throws {
        try connection.withLock { box in try box.connection.run("SELECT 1") { _ in } }
    }

    public func load() async throws -> RegistrySnapshot {
        // The two largest tables are read on two connections, on both cores at once (a WAL file
        // has room for several readers).
        let path = self.path
        let versions = OnAnotherCore<[SubjectVersion], any Error> { try Self.loadVersions(SQLiteConnection(path: path)) }
        return try connection.withLock { box in
            let c = box.connection
            var snapshot = RegistrySnapshot()
            // This connection reads the first part of the schemas (by rowid), the other thread
            // the versions and then the rest.
            var lastRowid: Int64 = 0
            try c.run("SELECT coalesce(max(rowid), 0) FROM schemas") { lastRowid = $0.int(0) }
            let split = lastRowid * 3 / 5, last = lastRowid
            let rest = OnAnotherCore<[SchemaRecord], any Error> { try Self.loadSchemas(SQLiteConnection(path: path), after: split, upTo: last) }
            snapshot.schemas = try Self.loadSchemas(c, after: Int64.min, upTo: split)
            try c.run("SELECT scope, json FROM configs") { row in
                let scope = row.text(0) ?? ""
                guard case .object(let o)? = try Self.json(row.text(1) ?? "", "the config of '\(scope)'", "fields") else {
                    throw StoreIntegrityError("the config of '\(scope)'", "is not a JSON object")
                }
                snapshot.configs[scope] = RegistryConfig(fields: o)
            }
            try c.run("SELECT scope, mode FROM modes") { row in
                let scope = row.text(0) ?? ""
                guard let m = RegistryMode(rawValue: row.text(1) ?? "") else { throw StoreIntegrityError("the mode of '\(scope)'", "is '\(row.text(1) ?? "")', no mode") }
                snapshot.modes[scope] = m
            }
            try c.run("SELECT name, value FROM counters WHERE name = 'maxId' OR name LIKE 'maxId:%'") { row in
                snapshot.maxIds[Self.context(ofCounter: row.text(0) ?? "")] = Int(row.int(1))
            }
            try c.run("SELECT name FROM contexts") { row in if let name = row.text(0) { snapshot.contexts.insert(name) } }
            try c.run("SELECT context, name, kms_type, kms_key_id, kms_props, doc, shared, deleted, ts FROM keks") { row in
                let name = row.text(1) ?? ""
                guard case .object(let o)? = try Self.json(row.text(4) ?? "", "the kek '\(name)'", "kmsProps"), o.allSatisfy({ $0.value.stringValue != nil }) else {
                    throw StoreIntegrityError("the kek '\(name)'", "has kmsProps that are not an object of strings")
                }
                var props: [String: String] = [:]
                for m in o { props[m.key] = m.value.stringValue }
                snapshot.keks.append(KeyEncryptionKey(context: row.text(0) ?? QualifiedSubject.defaultContext, name: name, kmsType: row.text(2) ?? "",
                                                      kmsKeyId: row.text(3) ?? "", kmsProps: props, doc: row.text(5), shared: row.int(6) != 0,
                                                      deleted: row.int(7) != 0, timestamp: row.int(8)))
            }
            try c.run("SELECT context, kek, subject, algorithm, version, material, deleted, ts FROM deks") { row in
                let subject = row.text(2) ?? ""
                guard let algorithm = DekAlgorithm(rawValue: row.text(3) ?? "") else {
                    throw StoreIntegrityError("the dek of subject '\(subject)'", "has an unknown algorithm '\(row.text(3) ?? "")'")
                }
                snapshot.deks.append(DataEncryptionKey(kek: KekId(context: row.text(0) ?? QualifiedSubject.defaultContext, name: row.text(1) ?? ""),
                                                       subject: subject, version: Int(row.int(4)), algorithm: algorithm, encryptedKeyMaterial: row.text(5),
                                                       deleted: row.int(6) != 0, timestamp: row.int(7)))
            }
            try c.run("SELECT resource_id, resource_type, association_type, subject, guid, resource_name, resource_namespace, lifecycle, frozen FROM associations") { row in
                let resource = row.text(0) ?? ""
                guard let lifecycle = AssociationLifecycle(rawValue: row.text(7) ?? "") else {
                    throw StoreIntegrityError("the association of resource '\(resource)'", "has an unknown lifecycle '\(row.text(7) ?? "")'")
                }
                snapshot.associations.append(Association(subject: row.text(3) ?? "", guid: row.text(4) ?? "", resourceName: row.text(5) ?? "",
                                                         resourceNamespace: row.text(6) ?? "", resourceId: resource, resourceType: row.text(1) ?? "",
                                                         associationType: row.text(2) ?? "", lifecycle: lifecycle, frozen: row.int(8) != 0))
            }
            snapshot.versions = try versions.value()
            snapshot.schemas.append(contentsOf: try rest.value())
            return snapshot
        }
    }

    /// The schemas whose rowid is in `after <.. upTo`.
    static func loadSchemas(_ c: SQLiteConnection, after: Int64, upTo: Int64) throws -> [SchemaRecord] {
        var schemas: [SchemaRecord] = []
        try c.run("SELECT count(*) FROM schemas WHERE rowid > ?1 AND rowid <= ?2", [.int(after), .int(upTo)]) { schemas.reserveCapacity(Int($0.int(0))) }
        try c.run("SELECT id, type, schema, refs, metadata, ruleset, content_key, guid, context FROM schemas WHERE rowid > ?1 AND rowid <= ?2",
                  [.int(after), .int(upTo)]) { row in
            let id = Int(row.int(0)), context = row.text(8) ?? QualifiedSubject.defaultContext
            // Named only when something is wrong (no string built per row).
            func what() -> String { "schema \(id) of context \(context)" }
            guard let type = SchemaType(rawValue: row.text(1) ?? ""), let text = row.text(2) else {
                throw StoreIntegrityError(what(), "has no schema text or an unknown type '\(row.text(1) ?? "")'")
            }
            // Most schemas reference nothing: "[]" needs no parse.
            let refs = row.textIs(3, "[]") ? [] : try Self.json(row.text(3) ?? "[]", what(), "references")?.arrayValue
            guard let refs else { throw StoreIntegrityError(what(), "has references that are not a list") }
            let references = try refs.map { r throws -> SchemaReference in
                guard let name = r["name"]?.stringValue, let subject = r["subject"]?.stringValue, let version = r["version"]?.intValue else {
                    throw StoreIntegrityError(what(), "has a reference without name, subject and version")
                }
                return SchemaReference(name: name, subject: subject, version: Int(version))
            }
            // Both parsed from the column's bytes (no string made per row); NULL: computed.
            var contentKey: ContentKey?
            switch row.withBytes(6, { ContentKey(hex: $0) }) {
            case .some(.some(let k)): contentKey = k
            case .some(.none): throw StoreIntegrityError(what(), "has a malformed content key '\(row.text(6) ?? "")'")
            case .none: break
            }
            var guid: SchemaGUID?
            switch row.withBytes(7, { SchemaGUID(utf8: $0) }) {
            case .some(.some(let g)): guid = g
            case .some(.none): throw StoreIntegrityError(what(), "has a malformed GUID '\(row.text(7) ?? "")'")
            case .none: break
            }
            schemas.append(SchemaRecord(
                id: id, schemaType: type, schema: text, references: references,
                metadata: try row.text(4).flatMap { t throws in try Self.json(t, what(), "metadata") },
                ruleSet: try row.text(5).flatMap { t throws in try Self.json(t, what(), "rule set") },
                contentKey: contentKey, guid: guid, context: context))
        }
        return schemas
    }

    /// Every subject version, in the table's own order (the registry sorts each subject's
    /// list; an ORDER BY would visit the rows through the index, one lookup each).
    static func loadVersions(_ c: SQLiteConnection) throws -> [SubjectVersion] {
        var versions: [SubjectVersion] = []
        try c.run("SELECT count(*) FROM versions") { versions.reserveCapacity(Int($0.int(0))) }
        try c.run("SELECT subject, version, id, deleted, ts FROM versions") { row in
            versions.append(SubjectVersion(subject: row.text(0) ?? "", version: Int(row.int(1)), id: Int(row.int(2)), deleted: row.int(3) != 0, timestamp: row.int(4)))
        }
        return versions
    }

    /// A stored JSON column, parsed; a column that does not parse is a typed error naming its
    /// row, never silently replaced by a default.
    static func json(_ text: String, _ row: String, _ column: String) throws -> JSONValue? {
        do { return try JSONParser().parse(text) } catch { throw StoreIntegrityError(row, "has \(column) that are not JSON: \(error)") }
    }

    /// `maxId` holds the default context's counter (as before contexts), `maxId:.ctx` another's.
    static func counter(ofContext context: String) -> String {
        context == QualifiedSubject.defaultContext ? "maxId" : "maxId:" + context
    }

    static func context(ofCounter name: String) -> String {
        name == "maxId" ? QualifiedSubject.defaultContext : String(name.dropFirst("maxId:".count))
    }

    public func apply(_ mutations: [StoreMutation]) async throws {
        try connection.withLock { box in
            let c = box.connection
            try c.execute("BEGIN IMMEDIATE")
            do {
                for m in mutations {
                    switch m {
                    case .putSchema(let r):
                        let refs = JSONWriter.compact(.array(r.references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .int(Int64($0.version))] }))
                        try c.run("INSERT OR REPLACE INTO schemas (context, id, type, schema, refs, metadata, ruleset, content_key, guid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  [.text(r.context), .int(Int64(r.id)), .text(r.schemaType.rawValue), .text(r.schema), .text(refs),
                                   r.metadata.map { .text(JSONWriter.compact($0)) } ?? .null, r.ruleSet.map { .text(JSONWriter.compact($0)) } ?? .null,
                                   .text(r.contentKey.description), .text(r.guid.description)])
                    case .putVersion(let v):
                        try c.run("INSERT OR REPLACE INTO versions (subject, version, id, deleted, ts) VALUES (?, ?, ?, ?, ?)",
                                  [.text(v.subject), .int(Int64(v.version)), .int(Int64(v.id)), .int(v.deleted ? 1 : 0), .int(v.timestamp)])
                    case .removeVersion(let subject, let version):
                        try c.run("DELETE FROM versions WHERE subject = ? AND version = ?", [.text(subject), .int(Int64(version))])
                    case .removeSchema(let context, let id):
                        try c.run("DELETE FROM schemas WHERE context = ? AND id = ?", [.text(context), .int(Int64(id))])
                    case .putConfig(let scope, let config?):
                        try c.run("INSERT OR REPLACE INTO configs (scope, json) VALUES (?, ?)", [.text(scope), .text(JSONWriter.compact(.object(config.fields)))])
                    case .putConfig(let scope, nil):
                        try c.run("DELETE FROM configs WHERE scope = ?", [.text(scope)])
                    case .putMode(let scope, let mode?):
                        try c.run("INSERT OR REPLACE INTO modes (scope, mode) VALUES (?, ?)", [.text(scope), .text(mode.rawValue)])
                    case .putMode(let scope, nil):
                        try c.run("DELETE FROM modes WHERE scope = ?", [.text(scope)])
                    case .putMaxId(let context, let id):
                        try c.run("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)", [.text(Self.counter(ofContext: context)), .int(Int64(id))])
                    case .putContext(let name, true):
                        try c.run("INSERT OR IGNORE INTO contexts (name) VALUES (?)", [.text(name)])
                    case .putContext(let name, false):
                        try c.run("DELETE FROM contexts WHERE name = ?", [.text(name)])
                    case .putKek(let k):
                        var props = JSONObject()
                        for (key, value) in k.kmsProps.sorted(by: { $0.key < $1.key }) { props[key] = .string(value) }
                        try c.run("INSERT OR REPLACE INTO keks (context, name, kms_type, kms_key_id, kms_props, doc, shared, deleted, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  [.text(k.context), .text(k.name), .text(k.kmsType), .text(k.kmsKeyId), .text(JSONWriter.compact(.object(props))),
                                   k.doc.map { .text($0) } ?? .null, .int(k.shared ? 1 : 0), .int(k.deleted ? 1 : 0), .int(k.timestamp)])
                    case .removeKek(let id):
                        try c.run("DELETE FROM keks WHERE context = ? AND name = ?", [.text(id.context), .text(id.name)])
                    case .putDek(let d):
                        try c.run("INSERT OR REPLACE INTO deks (context, kek, subject, algorithm, version, material, deleted, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                  [.text(d.kek.context), .text(d.kek.name), .text(d.subject), .text(d.algorithm.rawValue), .int(Int64(d.version)),
                                   d.encryptedKeyMaterial.map { .text($0) } ?? .null, .int(d.deleted ? 1 : 0), .int(d.timestamp)])
                    case .putAssociation(let a):
                        try c.run("""
                            INSERT OR REPLACE INTO associations (resource_id, resource_type, association_type, subject, guid, resource_name,
                                                                 resource_namespace, lifecycle, frozen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, [.text(a.resourceId), .text(a.resourceType), .text(a.associationType), .text(a.subject), .text(a.guid), .text(a.resourceName),
                                  .text(a.resourceNamespace), .text(a.lifecycle.rawValue), .int(a.frozen ? 1 : 0)])
                    case .removeAssociation(let key):
                        try c.run("DELETE FROM associations WHERE resource_id = ? AND resource_type = ? AND association_type = ?",
                                  [.text(key.resourceId), .text(key.resourceType), .text(key.associationType)])
                    case .removeDek(let id):
                        try c.run("DELETE FROM deks WHERE context = ? AND kek = ? AND subject = ? AND algorithm = ? AND version = ?",
                                  [.text(id.kek.context), .text(id.kek.name), .text(id.subject), .text(id.algorithm.rawValue), .int(Int64(id.version))])
                    }
                }
                try c.execute("COMMIT")
            } catch {
                try? c.execute("ROLLBACK")
                throw error
            }
        }
    }
}

/// A row (or file) the store cannot read back faithfully: the registry does not start rather
/// than answer with something it made up.
public struct StoreIntegrityError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ what: String, _ problem: String) { description = "\(what) \(problem)" }
}

/// The connection, owned by the store's mutex (only ever used under it).
final class SQLiteConnectionBox: @unchecked Sendable {
    // @unchecked: accessed only inside `SQLiteStore.connection.withLock`.
    let connection: SQLiteConnection
    init(_ c: SQLiteConnection) { connection = c }
}
