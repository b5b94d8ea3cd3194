import Hummingbird
import SteleJSON
import SteleRegistry
import SteleSchema

/// Confluent's REST API (reference §1.3) over a `Registry`: parse the request, call the
/// registry, write Confluent's JSON. No rules live here.
struct RegistryRoutes: Sendable {
    let registry: Registry
    let maxBodyBytes: Int
    let bodies: SchemaBodyCache
    let dialect: ConfluentDialect

    typealias R = Router<SteleRequestContext>

    func add(to router: R) {
        router.get("/") { _, _ in Wire.response(.object(JSONObject())) }
        router.post("/") { _, _ in Wire.response(.object(JSONObject())) }
        router.get("/v1/metadata/id") { _, _ in
            Wire.response(["id": "", "scope": ["path": [], "clusters": ["kafka-cluster": "", "schema-registry-cluster": "stele"]]])
        }
        let version = dialect.serverVersion
        router.get("/v1/metadata/version") { _, _ in Wire.response(["version": .string(version), "commitId": "stele"]) }
        router.get("/contexts") { _, _ in Wire.response(["."]) }
        router.get("/associations/resources/:namespace/:name") { _, context -> Response in
            // No associations: 404 sends clients' default strategy back to TopicNameStrategy.
            let name = try Wire.parameter(context, "name")
            throw RegistryError(40410, "Association for '\(name)' not found.")
        }
        addSchemas(router)
        addSubjects(router)
        addCompatibility(router)
        addConfigAndMode(router)
    }

    // MARK: /schemas

    private func addSchemas(_ router: R) {
        let registry = self.registry, bodies = self.bodies
        router.get("/schemas/types") { _, _ in Wire.response(["JSON", "AVRO"]) }
        router.get("/schemas") { request, context in
            let list = registry.allSchemas(prefix: Wire.query(request, "subjectPrefix") ?? "", deleted: Wire.flag(request, "deleted"),
                                           latestOnly: Wire.flag(request, "latestOnly"))
                .filter { context.access.canRead(subject: $0.version.subject) }
            return Wire.response(.array(Self.page(list, request).map { Wire.schema($0) }))
        }
        router.get("/schemas/ids/:id") { request, context in
            let id = try Self.id(context)
            try context.access.requireRead(id: id, in: registry)
            let format = Wire.query(request, "format"), fetchMaxId = Wire.flag(request, "fetchMaxId")
            guard fetchMaxId || format == "resolved" else {
                return Response(status: .ok, headers: [.contentType: Wire.contentType], body: ResponseBody(byteBuffer: try bodies.body(id: id)))
            }
            let record = try registry.schema(id: id)
            var o = Wire.schemaString(record, text: registry.text(of: record, format: format)).objectValue ?? JSONObject()
            if fetchMaxId { o["maxId"] = .int(Int64(registry.maxId)) }
            return Wire.response(.object(o))
        }
        router.get("/schemas/ids/:id/schema") { request, context in
            let id = try Self.id(context)
            try context.access.requireRead(id: id, in: registry)
            return Wire.text(registry.text(of: try registry.schema(id: id), format: Wire.query(request, "format")))
        }
        router.get("/schemas/ids/:id/subjects") { request, context in
            let versions = try registry.subjectVersions(id: try Self.id(context), deleted: Wire.flag(request, "deleted"))
            var subjects: [String] = []
            for v in versions where !subjects.contains(v.subject) && context.access.canRead(subject: v.subject) {
                if let only = Wire.query(request, "subject"), only != v.subject { continue }
                subjects.append(v.subject)
            }
            return Wire.response(.array(Self.page(subjects, request).map { .string($0) }))
        }
        router.get("/schemas/guids/:guid") { request, context in
            let record = try registry.schema(guid: try Self.guid(context))
            try context.access.requireRead(id: record.id, in: registry)
            return Wire.response(Wire.schemaString(record, text: registry.text(of: record, format: Wire.query(request, "format"))))
        }
        router.get("/schemas/guids/:guid/ids") { _, context in
            let ids = try registry.ids(guid: try Self.guid(context)).filter { id in (try? context.access.requireRead(id: id, in: registry)) != nil }
            return Wire.response(.array(ids.map { ["context": ".", "id": .int(Int64($0))] }))
        }
        router.get("/schemas/ids/:id/versions") { request, context in
            let versions = try registry.subjectVersions(id: try Self.id(context), deleted: Wire.flag(request, "deleted"))
                .filter { v in (Wire.query(request, "subject").map { $0 == v.subject } ?? true) && context.access.canRead(subject: v.subject) }
            return Wire.response(.array(Self.page(versions, request).map { ["subject": .string($0.subject), "version": .int(Int64($0.version))] }))
        }
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

    private func addSubjects(_ router: R) {
        let registry = self.registry, limit = maxBodyBytes
        router.get("/subjects") { request, context in
            let prefix = Wire.query(request, "subjectPrefix", "subject") ?? ""
            let list = registry.subjects(prefix: prefix, deleted: Wire.flag(request, "deleted"), deletedOnly: Wire.flag(request, "deletedOnly", "deleted_only"))
                .filter { context.access.canRead(subject: $0) }
            return Wire.response(.array(Self.page(list, request).map { .string($0) }))
        }
        router.post("/subjects/:subject") { request, context in
            let subject = try Wire.parameter(context, "subject")
            let body = try Wire.schemaRequest(try await Wire.body(request, limit: limit))
            let found = try registry.lookup(subject: subject, body, normalize: Wire.flag(request, "normalize"), deleted: Wire.flag(request, "deleted"))
            return Wire.response(Wire.schema(found))
        }
        router.delete("/subjects/:subject") { request, context in
            let versions = try registry.deleteSubject(try Wire.parameter(context, "subject"), permanent: Wire.flag(request, "permanent"))
            return Wire.response(.array(versions.map { .int(Int64($0)) }))
        }
        router.get("/subjects/:subject/metadata") { request, context in
            // `key` and `value` repeat and pair up by position.
            let keys = request.uri.queryParameters.getAll("key"), values = request.uri.queryParameters.getAll("value")
            let pairs = zip(keys, values).map { (key: $0, value: $1) }
            let r = try registry.latest(subject: try Wire.parameter(context, "subject"), withProperties: pairs, deleted: Wire.flag(request, "deleted"))
            return Wire.response(Wire.schema(r))
        }
        router.get("/subjects/:subject/versions") { request, context in
            let versions = try registry.versions(subject: try Wire.parameter(context, "subject"), deleted: Wire.flag(request, "deleted"),
                                                 deletedOnly: Wire.flag(request, "deletedOnly", "deleted_only"))
            return Wire.response(.array(Self.page(versions, request).map { .int(Int64($0)) }))
        }
        router.post("/subjects/:subject/versions") { request, context in
            let subject = try Wire.parameter(context, "subject")
            let body = try Wire.schemaRequest(try await Wire.body(request, limit: limit))
            let r = try registry.register(subject: subject, body, normalize: Wire.flag(request, "normalize"), force: Wire.flag(request, "force"))
            var o = Wire.schema(r).objectValue ?? JSONObject()
            o["subject"] = nil
            return Wire.response(.object(o))
        }
        router.get("/subjects/:subject/versions/:version") { request, context in
            let r = try registry.version(subject: try Wire.parameter(context, "subject"), try Self.version(context), deleted: Wire.flag(request, "deleted"))
            return Wire.response(Wire.schema(r, text: registry.text(of: r.record, format: Wire.query(request, "format"))))
        }
        router.get("/subjects/:subject/versions/:version/schema") { request, context in
            let r = try registry.version(subject: try Wire.parameter(context, "subject"), try Self.version(context), deleted: Wire.flag(request, "deleted"))
            return Wire.text(registry.text(of: r.record, format: Wire.query(request, "format")))
        }
        router.get("/subjects/:subject/versions/:version/referencedby") { request, context in
            let ids = try registry.referencedBy(subject: try Wire.parameter(context, "subject"), try Self.version(context), deleted: Wire.flag(request, "deleted"))
            return Wire.response(.array(Self.page(ids, request).map { .int(Int64($0)) }))
        }
        router.delete("/subjects/:subject/versions/:version") { request, context in
            let v = try registry.deleteVersion(try Wire.parameter(context, "subject"), try Self.version(context), permanent: Wire.flag(request, "permanent"))
            return Wire.response(.int(Int64(v)))
        }
    }

    static func version(_ context: SteleRequestContext) throws -> Registry.VersionSpec {
        try Registry.VersionSpec(parsing: try Wire.parameter(context, "version"))
    }

    // MARK: /compatibility

    private func addCompatibility(_ router: R) {
        let registry = self.registry, limit = maxBodyBytes
        @Sendable func check(_ request: Request, _ context: SteleRequestContext, version: Registry.VersionSpec?) async throws -> Response {
            let subject = try Wire.parameter(context, "subject")
            let verbose = Wire.flag(request, "verbose")
            let body = try Wire.schemaRequest(try await Wire.body(request, limit: limit))
            let normalize = Wire.flag(request, "normalize")
            let result = Result { () throws(RegistryError) -> [String] in
                try registry.checkCompatibility(subject: subject, version: version, body, normalize: normalize)
            }
            let messages: [String]
            switch result {
            case .success(let m): messages = m
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

    private func addConfigAndMode(_ router: R) {
        let registry = self.registry, limit = maxBodyBytes, dialect = self.dialect
        @Sendable func configBody(_ c: RegistryConfig) -> Response { Wire.response(.object(c.fields)) }
        @Sendable func setConfig(_ subject: String?, _ request: Request) async throws -> Response {
            let update = try await updateBody(request)
            let merged = try registry.setConfig(subject: subject, update: update)
            return Wire.response(dialect.configUpdateAnswer(merged: merged, request: update))
        }
        @Sendable func updateBody(_ request: Request) async throws -> JSONObject {
            guard case .object(let o) = try await Wire.body(request, limit: limit) else { throw RegistryError(422, "Request body must be a JSON object") }
            return o
        }
        router.get("/config") { request, _ in configBody(try registry.config(subject: nil, defaultToGlobal: Wire.flag(request, "defaultToGlobal"))) }
        router.put("/config") { request, _ in try await setConfig(nil, request) }
        router.delete("/config") { _, _ in configBody(try registry.deleteConfig(subject: nil)) }
        router.get("/config/:subject") { request, context in
            configBody(try registry.config(subject: try Wire.parameter(context, "subject"), defaultToGlobal: Wire.flag(request, "defaultToGlobal")))
        }
        router.put("/config/:subject") { request, context in try await setConfig(try Wire.parameter(context, "subject"), request) }
        router.delete("/config/:subject") { _, context in configBody(try registry.deleteConfig(subject: try Wire.parameter(context, "subject"))) }

        @Sendable func modeBody(_ m: RegistryMode) -> Response { Wire.response(["mode": .string(m.rawValue)]) }
        @Sendable func newMode(_ request: Request) async throws -> RegistryMode {
            let o = try await updateBody(request)
            guard let text = o["mode"]?.stringValue, let mode = RegistryMode(lenient: text) else { throw RegistryError.invalidMode }
            return mode
        }
        router.get("/mode") { request, _ in modeBody(try registry.mode(subject: nil, defaultToGlobal: Wire.flag(request, "defaultToGlobal"))) }
        router.put("/mode") { request, _ in modeBody(try registry.setMode(subject: nil, try await newMode(request), force: Wire.flag(request, "force"))) }
        router.delete("/mode") { _, _ in modeBody(try registry.deleteMode(subject: nil)) }
        router.get("/mode/:subject") { request, context in
            modeBody(try registry.mode(subject: try Wire.parameter(context, "subject"), defaultToGlobal: Wire.flag(request, "defaultToGlobal")))
        }
        router.put("/mode/:subject") { request, context in
            modeBody(try registry.setMode(subject: try Wire.parameter(context, "subject"), try await newMode(request), force: Wire.flag(request, "force")))
        }
        router.delete("/mode/:subject") { _, context in modeBody(try registry.deleteMode(subject: try Wire.parameter(context, "subject"))) }
    }
}
