import SteleJSON
import SteleSchema

/// What moving a registry needs beyond a producer's calls: every version with its id and
/// deleted state, and registrations that keep a given id and version (IMPORT mode).
extension RegistryClient {
    /// Every version of every subject, soft-deleted ones included, each with its id, content
    /// and `deleted` state, read as any Confluent-compatible registry serves them (`/subjects`,
    /// `/subjects/{s}/versions`, `/subjects/{s}/versions/{v}`, with `deleted=true`). The
    /// deleted state comes from the live version lists, since 7.x answers carry no `deleted`.
    /// Nothing is cached: a migration reads each version once.
    public func allVersions(subjectPrefix: String? = nil) async throws(RegistryClientError) -> [RegisteredSchema] {
        var out: [RegisteredSchema] = []
        for subject in try await subjects(prefix: subjectPrefix, deleted: true) {
            let all = try await uncachedInts(["subjects", subject, "versions"], deleted: true)
            let live = Set(try await uncachedLive(subject))
            for v in all {
                let query = [("deleted", "true")]
                let answer = try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["subjects", subject, "versions", String(v)], query: query)), rememberMissing: false)
                var r = try RegisteredSchema(json: answer.json)
                r.subject = subject
                r.version = v
                r.deleted = !live.contains(v)
                guard r.id != nil else { throw .invalidResponse("version \(v) of \(subject) has no id") }
                out.append(r)
            }
        }
        return out
    }

    private func uncachedInts(_ segments: [String], deleted: Bool) async throws(RegistryClientError) -> [Int] {
        try await ints(RegistryHTTPRequest(method: .get, path: Self.path(segments, query: deleted ? [("deleted", "true")] : [])))
    }

    /// The live versions of `subject`; none when every version is soft-deleted (40401).
    private func uncachedLive(_ subject: String) async throws(RegistryClientError) -> [Int] {
        do throws(RegistryClientError) {
            return try await uncachedInts(["subjects", subject, "versions"], deleted: false)
        } catch where error.errorCode == 40401 {
            return []
        }
    }

    /// Registers `schema` under `subject` with the given `id` and `version`, as IMPORT mode
    /// allows (`POST /subjects/{s}/versions` with `id` and `version`); never cached.
    public func importSchema(subject: String, schema: RegistrySchema, id: Int, version: Int) async throws(RegistryClientError) -> RegisteredSchema {
        guard id >= 0, version >= 1 else { throw .invalidArgument("an imported schema needs an id ≥ 0 and a version ≥ 1") }
        var body = schema.requestBody.objectValue ?? JSONObject()
        body["id"] = .int(Int64(id))
        body["version"] = .int(Int64(version))
        let request = RegistryHTTPRequest(method: .post, path: Self.path(["subjects", subject, "versions"]), body: Self.body(.object(body)))
        let answer = try await fetch(request, rememberMissing: false)
        var r = try RegisteredSchema(json: answer.json, fallback: schema)
        if r.id == nil { r.id = id }
        if r.subject == nil { r.subject = subject }
        if r.version == nil { r.version = version }
        didWrite(subject: subject, registered: r)
        return r
    }
}
