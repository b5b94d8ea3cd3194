import Hummingbird
import SteleJSON
import SteleRegistry
import SteleSchema

/// Confluent's DEK registry REST resource (`/dek-registry/v1`, its OpenAPI spec), over the
/// registry's keys: what client-side field encryption (`ENCRYPT` rules) registers and reads.
/// A KEK is in the context the `context` query names; a DEK's KEK is in its subject's context
/// (as confluent-kafka-python addresses them). Authorization: DEK routes are their subject's
/// (`{subject}`), KEK routes the resource `Kek:NAME`.
struct DekRegistryRoutes: Sendable {
    let registry: Registry
    let maxBodyBytes: Int

    func add(to router: Router<SteleRequestContext>) {
        let registry = self.registry, limit = maxBodyBytes
        let keks = router.group("/dek-registry/v1/keks")
        keks.get("") { request, context in
            let prefixes = request.uri.queryParameters.getAll("subjectPrefix")
            let names = registry.kekNames(context: try Self.context(request), subjectPrefixes: prefixes, deleted: Wire.flag(request, "deleted"))
            let readable = names.filter { context.access.may(.read, "Kek:" + $0) }
            return Wire.response(.array(readable.map { .string($0) }))
        }
        keks.post("") { request, context in
            let body = try Self.object(try await Wire.body(request, limit: limit))
            let kekRequest = try Self.kekRequest(body)
            guard context.access.may(.write, "Kek:" + kekRequest.name) else {
                throw Access.denied(context.access.principal, "Write", "Kek: " + kekRequest.name)
            }
            let kek = try await registry.createKek(context: try Self.context(request), kekRequest)
            return Wire.response(Self.json(kek))
        }
        keks.get(":name") { request, context in
            Wire.response(Self.json(try registry.kek(try Self.kekId(request, context), deleted: Wire.flag(request, "deleted"))))
        }
        keks.put(":name") { request, context in
            let body = try Self.object(try await Wire.body(request, limit: limit))
            return Wire.response(Self.json(try await registry.alterKek(try Self.kekId(request, context), try Self.kekUpdate(body))))
        }
        keks.delete(":name") { request, context in
            try await registry.deleteKek(try Self.kekId(request, context), permanent: Wire.flag(request, "permanent"))
            return Response(status: .noContent)
        }
        keks.post(":name/undelete") { request, context in
            try await registry.undeleteKek(try Self.kekId(request, context))
            return Response(status: .noContent)
        }
        keks.post(":name/test") { request, context in
            Wire.response(Self.json(try registry.testKek(try Self.kekId(request, context))))
        }
        keks.get(":name/deks") { request, context in
            let subjects = try registry.dekSubjects(try Self.kekId(request, context), deleted: Wire.flag(request, "deleted"))
            return Wire.response(.array(subjects.filter { context.access.canRead(subject: $0) }.map { .string($0) }))
        }
        // The older form, with the subject in the body.
        keks.post(":name/deks") { request, context in
            let body = try Self.object(try await Wire.body(request, limit: limit))
            guard let subject = body["subject"]?.stringValue else { throw Self.invalid("subject") }
            guard context.access.may(.write, "Subject:" + subject) else {
                throw Access.denied(context.access.principal, "Write", "Subject: " + subject)
            }
            return Wire.response(Self.json(try await Self.createDek(registry, request, context, subject: subject, body)))
        }
        keks.post(":name/deks/:subject") { request, context in
            let body = try Self.object(try await Wire.body(request, limit: limit))
            return Wire.response(Self.json(try await Self.createDek(registry, request, context, subject: try Wire.subject(context), body)))
        }
        keks.get(":name/deks/:subject") { request, context in
            let subject = try Wire.subject(context)
            return Wire.response(Self.json(try registry.dek(try Self.kekId(request, context, subject: subject), subject: subject,
                                                            algorithm: try Self.algorithm(request) ?? .default, deleted: Wire.flag(request, "deleted"))))
        }
        keks.delete(":name/deks/:subject") { request, context in
            let subject = try Wire.subject(context)
            try await registry.deleteDeks(try Self.kekId(request, context, subject: subject), subject: subject, algorithm: try Self.algorithm(request),
                                    permanent: Wire.flag(request, "permanent"))
            return Response(status: .noContent)
        }
        keks.post(":name/deks/:subject/undelete") { request, context in
            let subject = try Wire.subject(context)
            try await registry.undeleteDeks(try Self.kekId(request, context, subject: subject), subject: subject, algorithm: try Self.algorithm(request))
            return Response(status: .noContent)
        }
        keks.get(":name/deks/:subject/versions") { request, context in
            let subject = try Wire.subject(context)
            let versions = try registry.dekVersions(try Self.kekId(request, context, subject: subject), subject: subject,
                                                    algorithm: try Self.algorithm(request) ?? .default, deleted: Wire.flag(request, "deleted"))
            return Wire.response(.array(versions.map { .int(Int64($0)) }))
        }
        keks.get(":name/deks/:subject/versions/:version") { request, context in
            let subject = try Wire.subject(context)
            return Wire.response(Self.json(try registry.dek(try Self.kekId(request, context, subject: subject), subject: subject, version: try Self.version(context),
                                                            algorithm: try Self.algorithm(request) ?? .default, deleted: Wire.flag(request, "deleted"))))
        }
        keks.delete(":name/deks/:subject/versions/:version") { request, context in
            let subject = try Wire.subject(context)
            try await registry.deleteDek(try Self.kekId(request, context, subject: subject), subject: subject, version: try Self.version(context, latest: false),
                                   algorithm: try Self.algorithm(request), permanent: Wire.flag(request, "permanent"))
            return Response(status: .noContent)
        }
        keks.post(":name/deks/:subject/versions/:version/undelete") { request, context in
            let subject = try Wire.subject(context)
            try await registry.undeleteDek(try Self.kekId(request, context, subject: subject), subject: subject, version: try Self.version(context, latest: false),
                                     algorithm: try Self.algorithm(request))
            return Response(status: .noContent)
        }
    }

    // MARK: requests

    static func invalid(_ field: String) -> RegistryError { RegistryError(42271, field) }

    static func object(_ body: JSONValue) throws -> JSONObject {
        guard case .object(let o) = body else { throw RegistryError(422, "The request body must be a JSON object") }
        return o
    }

    /// The `context` query (a KEK's context), normalized; the default context without one.
    static func context(_ request: Request) throws -> String {
        guard let raw = Wire.query(request, "context"), !raw.isEmpty else { return QualifiedSubject.defaultContext }
        guard let c = QualifiedSubject.normalizeContext(raw) else { throw RegistryError.invalidContext }
        return c
    }

    /// The KEK a route names: in the `context` query's context, else (DEK routes) the subject's.
    static func kekId(_ request: Request, _ context: SteleRequestContext, subject: String? = nil) throws -> KekId {
        let name = try Wire.parameter(context, "name")
        if Wire.query(request, "context") == nil, let subject { return KekId(context: QualifiedSubject(subject).context, name: name) }
        return KekId(context: try Self.context(request), name: name)
    }

    static func algorithm(_ request: Request) throws -> DekAlgorithm? {
        guard let raw = Wire.query(request, "algorithm") else { return nil }
        guard let a = DekAlgorithm(rawValue: raw.uppercased()) else { throw invalid("algorithm") }
        return a
    }

    /// A DEK version in the path: a number from 1, or `latest` / `-1` where reading allows it.
    static func version(_ context: SteleRequestContext, latest: Bool = true) throws -> Int {
        let text = try Wire.parameter(context, "version")
        if latest && (text.lowercased() == "latest" || text == "-1") { return -1 }
        guard let n = Int(text), n >= 1, n <= Int(Int32.max) else { throw RegistryError.invalidVersion(text) }
        return n
    }

    static func string(_ o: JSONObject, _ key: String) throws -> String? {
        guard let v = o[key], v != .null else { return nil }
        guard let s = v.stringValue else { throw invalid(key) }
        return s
    }

    static func bool(_ o: JSONObject, _ key: String) throws -> Bool? {
        guard let v = o[key], v != .null else { return nil }
        guard let b = v.boolValue else { throw invalid(key) }
        return b
    }

    static func props(_ o: JSONObject) throws -> [String: String]? {
        guard let v = o["kmsProps"], v != .null else { return nil }
        guard case .object(let p) = v else { throw invalid("kmsProps") }
        var out: [String: String] = [:]
        for m in p {
            guard let s = m.value.stringValue else { throw invalid("kmsProps") }
            out[m.key] = s
        }
        return out
    }

    static func kekRequest(_ o: JSONObject) throws -> Registry.KekRequest {
        guard let name = try string(o, "name") else { throw invalid("name") }
        return Registry.KekRequest(name: name, kmsType: try string(o, "kmsType"), kmsKeyId: try string(o, "kmsKeyId"), kmsProps: try props(o) ?? [:],
                                   doc: try string(o, "doc"), shared: try bool(o, "shared") ?? false, deleted: try bool(o, "deleted") ?? false)
    }

    static func kekUpdate(_ o: JSONObject) throws -> Registry.KekUpdate {
        var update = Registry.KekUpdate()
        if o["kmsProps"] != nil { update.kmsProps = .some(try props(o)) }
        if o["doc"] != nil { update.doc = .some(try string(o, "doc")) }
        update.shared = try bool(o, "shared")
        return update
    }

    static func createDek(_ registry: Registry, _ request: Request, _ context: SteleRequestContext, subject: String, _ body: JSONObject) async throws -> DataEncryptionKey {
        var version: Int?
        if let v = body["version"], v != .null {
            guard let n = v.intValue, n >= 1, n <= Int64(Int32.max) else { throw RegistryError.invalidVersion(JSONWriter.compact(v)) }
            version = Int(n)
        }
        var algorithm: DekAlgorithm?
        if let a = try string(body, "algorithm") {
            guard let parsed = DekAlgorithm(rawValue: a) else { throw invalid("algorithm") }
            algorithm = parsed
        }
        return try await registry.createDek(try kekId(request, context, subject: subject), subject: subject, version: version, algorithm: algorithm,
                                      encryptedKeyMaterial: try string(body, "encryptedKeyMaterial"), deleted: try bool(body, "deleted") ?? false)
    }

    // MARK: responses (Confluent's Kek and Dek entities)

    static func json(_ k: KeyEncryptionKey) -> JSONValue {
        var o = JSONObject()
        o["name"] = .string(k.name)
        o["kmsType"] = .string(k.kmsType)
        o["kmsKeyId"] = .string(k.kmsKeyId)
        var props = JSONObject()
        for (key, value) in k.kmsProps.sorted(by: { $0.key < $1.key }) { props[key] = .string(value) }
        o["kmsProps"] = .object(props)
        if let doc = k.doc { o["doc"] = .string(doc) }
        o["shared"] = .bool(k.shared)
        o["ts"] = .int(k.timestamp)
        o["deleted"] = .bool(k.deleted)
        return .object(o)
    }

    static func json(_ d: DataEncryptionKey) -> JSONValue {
        var o = JSONObject()
        o["kekName"] = .string(d.kek.name)
        o["subject"] = .string(d.subject)
        o["version"] = .int(Int64(d.version))
        o["algorithm"] = .string(d.algorithm.rawValue)
        if let m = d.encryptedKeyMaterial { o["encryptedKeyMaterial"] = .string(m) }
        if let m = d.keyMaterial { o["keyMaterial"] = .string(m) }
        o["ts"] = .int(d.timestamp)
        o["deleted"] = .bool(d.deleted)
        return .object(o)
    }
}
