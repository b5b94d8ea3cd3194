import Hummingbird
import SteleJSON
import SteleRegistry
import SteleSchema

/// Confluent's REST API (reference §1.3) over a `Registry`: parse the request, call the
/// registry, write Confluent's JSON. No rules live here. Every subject, schema, compatibility,
/// config and mode route is served twice: as it is, and under `/contexts/{context}`, where
/// subjects, `subject` hints and `subjectPrefix` are qualified with the context (Confluent's
/// ContextFilter).
struct RegistryRoutes: Sendable {
    let registry: Registry
    let maxBodyBytes: Int
    let bodies: SchemaBodyCache
    let dialect: ConfluentDialect

    typealias R = RouterMethods<SteleRequestContext>

    func add(to router: Router<SteleRequestContext>) {
        // Confluent's root answers `{}`; a browser (asking for HTML) goes to the web UI.
        router.get("/") { request, _ in
            (request.headers[.accept] ?? "").contains("text/html") ? UIRoutes.redirect() : Wire.response(.object(JSONObject()))
        }
        router.post("/") { _, _ in Wire.response(.object(JSONObject())) }
        router.get("/v1/metadata/id") { _, _ in
            Wire.response(["id": "", "scope": ["path": [], "clusters": ["kafka-cluster": "", "schema-registry-cluster": "stele"]]])
        }
        let version = dialect.serverVersion
        router.get("/v1/metadata/version") { _, _ in Wire.response(["version": .string(version), "commitId": "stele"]) }
        let registry = self.registry
        router.get("/contexts") { request, _ in
            let list = registry.contexts(prefix: Wire.query(request, "contextPrefix") ?? "")
            return Wire.response(.array(Self.page(list, request).map { .string($0) }))
        }
        router.delete("/contexts/:context") { _, context in
            try await registry.deleteContext(try Wire.parameter(context, "context"))
            return Response(status: .noContent)
        }
        addScoped(router)
        addScoped(router.group("/contexts/:context"))
    }

    private func addScoped(_ router: some R) {
        addSchemas(router)
        addSubjects(router)
        addCompatibility(router)
        addConfigAndMode(router)
    }

    // MARK: /schemas

    private func addSchemas(_ router: some R) {
        let registry = self.registry, bodies = self.bodies
        router.get("/schemas/types") { _, _ in Wire.response(["JSON", "AVRO"]) }
        router.get("/schemas") { request, context in
            let list = registry.allSchemas(prefix: try Wire.scopedQuery(request, context, "subjectPrefix") ?? "", deleted: Wire.flag(request, "deleted"),
                                           latestOnly: Wire.flag(request, "latestOnly"))
                .filter { context.access.canRead(subject: $0.version.subject) }
            return Wire.response(.array(Self.page(list, request).map { Wire.schema($0) }))
        }
        router.get("/schemas/ids/:id") { request, context in
            let id = try Self.id(context)
            let subject = try Wire.scopedQuery(request, context, "subject")
            try context.access.requireRead(id: id, subject: subject, in: registry)
            let format = Wire.query(request, "format"), fetchMaxId = Wire.flag(request, "fetchMaxId")
            guard fetchMaxId || format == "resolved" || subject != nil else {
                return Response(status: .ok, headers: [.contentType: Wire.contentType], body: ResponseBody(byteBuffer: try bodies.body(id: id)))
            }
            let record = try registry.schema(id: id, subject: subject)
            var o = Wire.schemaString(record, text: registry.text(of: record, format: format)).objectValue ?? JSONObject()
            if fetchMaxId { o["maxId"] = .int(Int64(registry.maxId(context: record.context))) }
            return Wire.response(.object(o))
        }
        router.get("/schemas/ids/:id/schema") { request, context in
            let id = try Self.id(context)
            let subject = try Wire.scopedQuery(request, context, "subject")
            try context.access.requireRead(id: id, subject: subject, in: registry)
            return Wire.text(registry.text(of: try registry.schema(id: id, subject: subject), format: Wire.query(request, "format")))
        }
        router.get("/schemas/ids/:id/subjects") { request, context in
            let hint = try Wire.scopedQuery(request, context, "subject")
            let versions = try registry.subjectVersions(id: try Self.id(context), subject: hint, deleted: Wire.flag(request, "deleted"))
            var subjects: [String] = []
            for v in versions where !subjects.contains(v.subject) && context.access.canRead(subject: v.subject) {
                if let only = Self.subjectFilter(hint), only != v.subject { continue }
                subjects.append(v.subject)
            }
            return Wire.response(.array(Self.page(subjects, request).map { .string($0) }))
        }
        router.get("/schemas/guids/:guid") { request, context in
            let record = try registry.schema(guid: try Self.guid(context))
            try context.access.requireRead(id: record.id, subject: QualifiedSubject.prefix(ofContext: record.context), in: registry)
            return Wire.response(Wire.schemaString(record, text: registry.text(of: record, format: Wire.query(request, "format"))))
        }
        router.get("/schemas/guids/:guid/ids") { _, context in
            let ids = try registry.ids(guid: try Self.guid(context)).filter { key in
                (try? context.access.requireRead(id: key.id, subject: QualifiedSubject.prefix(ofContext: key.context), in: registry)) != nil
            }
            return Wire.response(.array(ids.map { ["context": .string($0.context), "id": .int(Int64($0.id))] }))
        }
        router.get("/schemas/ids/:id/versions") { request, context in
            let hint = try Wire.scopedQuery(request, context, "subject")
            let versions = try registry.subjectVersions(id: try Self.id(context), subject: hint, deleted: Wire.flag(request, "deleted"))
                .filter { v in (Self.subjectFilter(hint).map { $0 == v.subject } ?? true) && context.access.canRead(subject: v.subject) }
            return Wire.response(.array(Self.page(versions, request).map { ["subject": .string($0.subject), "version": .int(Int64($0.version))] }))
        }
    }

    /// The subject a `subject` query filters a list by: a subject, not a bare context
    /// (`:.ctx:` only chooses where the id is looked up).
    static func subjectFilter(_ hint: String?) -> String? {
        guard let hint, !QualifiedSubject(hint).name.isEmpty else { return nil }
        return QualifiedSubject(hint).qualified
    }

    static func id(_ context: SteleRequestContext) throws -> Int {
        let raw = try context.parameters.require("id")
        guard let id = Int(raw), id >= 0, id <= Int(Int32.max) else { throw RegistryError(40403, "Schema \(raw) not found") }
        return id
    }

    /// A GUID path parameter; one that is not a UUID names no schema (40403, as Confluent).
    static func guid(_ context: SteleRequestContext) throws -> SchemaGUID {
        let raw = try Wire.parameter(context, "guid")
        guard let guid = SchemaGUID(raw) else { throw RegistryError(40403, "Schema \(raw) not found") }
        return guid
    }

    /// `offset`/`limit` (a limit outside 1… means no limit).
    static func page<T>(_ list: [T], _ request: Request) -> [T] {
        let offset = max(0, Int(Wire.query(request, "offset") ?? "") ?? 0)
        let limit = Int(Wire.query(request, "limit") ?? "") ?? -1
        guard offset < list.count else { return offset == 0 ? list : [] }
        let rest = list[offset...]
        return Array(limit >= 1 ? rest.prefix(limit) : rest)
    }

    // MARK: /subjects

    private func addSubjects(_ router: some R) {
        let registry = self.registry, limit = maxBodyBytes
        router.get("/subjects") { request, context in
            let prefix = try Wire.scopedQuery(request, context, "subjectPrefix", "subject") ?? ":*:"
            let list = registry.subjects(prefix: prefix, deleted: Wire.flag(request, "deleted"), deletedOnly: Wire.flag(request, "deletedOnly", "deleted_only"))
                .filter { context.access.canRead(subject: $0) }
            return Wire.response(.array(Self.page(list, request).map { .string($0) }))
        }
        router.post("/subjects/:subject") { request, context in
            let subject = try Wire.subject(context)
            let body = try Wire.schemaRequest(try await Wire.body(request, limit: limit))
            let found = try registry.lookup(subject: subject, body, normalize: Wire.flag(request, "normalize"), deleted: Wire.flag(request, "deleted"))
            return Wire.response(Wire.schema(found))
        }
        router.delete("/subjects/:subject") { request, context in
            let versions = try await registry.deleteSubject(try Wire.subject(context), permanent: Wire.flag(request, "permanent"))
            return Wire.response(.array(versions.map { .int(Int64($0)) }))
        }
        router.get("/subjects/:subject/metadata") { request, context in
            // `key` and `value` repeat and pair up by position.
            let keys = request.uri.queryParameters.getAll("key"), values = request.uri.queryParameters.getAll("value")
            let pairs = zip(keys, values).map { (key: $0, value: $1) }
            let r = try registry.latest(subject: try Wire.subject(context), withProperties: pairs, deleted: Wire.flag(request, "deleted"))
            return Wire.response(Wire.schema(r))
        }
        router.get("/subjects/:subject/versions") { request, context in
            let versions = try registry.versions(subject: try Wire.subject(context), deleted: Wire.flag(request, "deleted"),
                                                 deletedOnly: Wire.flag(request, "deletedOnly", "deleted_only"))
            return Wire.response(.array(Self.page(versions, request).map { .int(Int64($0)) }))
        }
        router.post("/subjects/:subject/versions") { request, context in
            let subject = try Wire.subject(context)
            let body = try Wire.schemaRequest(try await Wire.body(request, limit: limit))
            let r = try await registry.register(subject: subject, body, normalize: Wire.flag(request, "normalize"), force: Wire.flag(request, "force"))
            var o = Wire.schema(r).objectValue ?? JSONObject()
            o["subject"] = nil
            return Wire.response(.object(o))
        }
        router.get("/subjects/:subject/versions/:version") { request, context in
            let r = try registry.version(subject: try Wire.subject(context), try Self.version(context), deleted: Wire.flag(request, "deleted"))
            return Wire.response(Wire.schema(r, text: registry.text(of: r.record, format: Wire.query(request, "format"))))
        }
        router.get("/subjects/:subject/versions/:version/schema") { request, context in
            let r = try registry.version(subject: try Wire.subject(context), try Self.version(context), deleted: Wire.flag(request, "deleted"))
            return Wire.text(registry.text(of: r.record, format: Wire.query(request, "format")))
        }
        router.get("/subjects/:subject/versions/:version/referencedby") { request, context in
            let ids = try registry.referencedBy(subject: try Wire.subject(context), try Self.version(context), deleted: Wire.flag(request, "deleted"))
            return Wire.response(.array(Self.page(ids, request).map { .int(Int64($0)) }))
        }
        router.delete("/subjects/:subject/versions/:version") { request, context in
            let v = try await registry.deleteVersion(try Wire.subject(context), try Self.version(context), permanent: Wire.flag(request, "permanent"))
            return Wire.response(.int(Int64(v)))
        }
    }

    static func version(_ context: SteleRequestContext) throws -> Registry.VersionSpec {
        try Registry.VersionSpec(parsing: try Wire.parameter(context, "version"))
    }

    // MARK: /compatibility

    private func addCompatibility(_ router: some R) {
        let registry = self.registry, limit = maxBodyBytes
        @Sendable func check(_ request: Request, _ context: SteleRequestContext, version: Registry.VersionSpec?) async throws -> Response {
            let subject = try Wire.subject(context)
            let verbose = Wire.flag(request, "verbose")
            let body = try Wire.schemaRequest(try await Wire.body(request, limit: limit))
            let normalize = Wire.flag(request, "normalize")
            let result = Result { () throws(RegistryError) -> CompatibilityRefusal? in
                try registry.checkCompatibility(subject: subject, version: version, body, normalize: normalize)
            }
            let messages: [String]
            switch result {
            case .success(let refusal): messages = refusal.map(ConfluentCompatibility.messages) ?? []
            case .failure(let e):
                // With verbose, an invalid schema is an answer, not an error (reference §1.3).
                guard e.code == 42201 && verbose else { throw e }
                return Wire.response(["is_compatible": false, "messages": .array([.string(e.message)])])
            }
            var o: JSONObject = JSONObject()
            o["is_compatible"] = .bool(messages.isEmpty)
            if verbose { o["messages"] = .array(messages.map { .string($0) }) }
            return Wire.response(.object(o))
        }
        router.post("/compatibility/subjects/:subject/versions") { request, context in try await check(request, context, version: nil) }
        router.post("/compatibility/subjects/:subject/versions/:version") { request, context in
            try await check(request, context, version: try Self.version(context))
        }
    }

    // MARK: /config and /mode

    private func addConfigAndMode(_ router: some R) {
        let registry = self.registry, limit = maxBodyBytes, dialect = self.dialect
        @Sendable func configBody(_ c: RegistryConfig) -> Response { Wire.response(.object(c.fields)) }
        @Sendable func setConfig(_ subject: String?, _ request: Request) async throws -> Response {
            let update = try await updateBody(request)
            let merged = try await registry.setConfig(subject: subject, update: update)
            return Wire.response(dialect.configUpdateAnswer(merged: merged, request: update))
        }
        @Sendable func updateBody(_ request: Request) async throws -> JSONObject {
            guard case .object(let o) = try await Wire.body(request, limit: limit) else { throw RegistryError(422, "Request body must be a JSON object") }
            return o
        }
        router.get("/config") { request, context in
            configBody(try registry.config(subject: try Wire.rootScope(context), defaultToGlobal: Wire.flag(request, "defaultToGlobal")))
        }
        router.put("/config") { request, context in try await setConfig(try Wire.rootScope(context), request) }
        router.delete("/config") { _, context in configBody(try await registry.deleteConfig(subject: try Wire.rootScope(context))) }
        router.get("/config/:subject") { request, context in
            configBody(try registry.config(subject: try Wire.subject(context), defaultToGlobal: Wire.flag(request, "defaultToGlobal")))
        }
        router.put("/config/:subject") { request, context in try await setConfig(try Wire.subject(context), request) }
        router.delete("/config/:subject") { _, context in configBody(try await registry.deleteConfig(subject: try Wire.subject(context))) }

        @Sendable func modeBody(_ m: RegistryMode) -> Response { Wire.response(["mode": .string(m.rawValue)]) }
        @Sendable func newMode(_ request: Request) async throws -> RegistryMode {
            let o = try await updateBody(request)
            guard let text = o["mode"]?.stringValue, let mode = RegistryMode(lenient: text) else { throw RegistryError.invalidMode }
            return mode
        }
        router.get("/mode") { request, context in
            modeBody(try registry.mode(subject: try Wire.rootScope(context), defaultToGlobal: Wire.flag(request, "defaultToGlobal")))
        }
        router.put("/mode") { request, context in
            modeBody(try await registry.setMode(subject: try Wire.rootScope(context), try await newMode(request), force: Wire.flag(request, "force")))
        }
        router.delete("/mode") { _, context in modeBody(try await registry.deleteMode(subject: try Wire.rootScope(context))) }
        router.get("/mode/:subject") { request, context in
            modeBody(try registry.mode(subject: try Wire.subject(context), defaultToGlobal: Wire.flag(request, "defaultToGlobal")))
        }
        router.put("/mode/:subject") { request, context in
            modeBody(try await registry.setMode(subject: try Wire.subject(context), try await newMode(request), force: Wire.flag(request, "force")))
        }
        router.delete("/mode/:subject") { _, context in modeBody(try await registry.deleteMode(subject: try Wire.subject(context))) }
    }
}
