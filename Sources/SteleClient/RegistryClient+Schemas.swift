import SteleJSON
import SteleSchema

extension RegistryClient {
    /// The schema with id `id` (`GET /schemas/ids/{id}`), cached for good: an id's schema
    /// never changes. `subject` is passed on as the lookup hint Confluent uses: ids are per
    /// context, and the hint's context (`:.ctx:orders-value`, or `:.ctx:` alone) is where the
    /// registry looks the id up.
    public func schema(id: Int, subject: String? = nil) async throws(RegistryClientError) -> RegisteredSchema {
        guard id >= 0 else { throw .invalidArgument("schema id \(id) is negative") }
        return try await cached(\.byID, Caches.IdKey(id: id, subject: subject)) { () async throws(RegistryClientError) -> RegisteredSchema in
            let query = subject.map { [("subject", $0)] } ?? []
            let answer = try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["schemas", "ids", String(id)], query: query)))
            var r = try RegisteredSchema(json: answer.json)
            r.id = id
            return r
        }
    }

    /// The schema with GUID `guid` (`GET /schemas/guids/{guid}`, Confluent 8.x), cached for good.
    public func schema(guid: SchemaGUID) async throws(RegistryClientError) -> RegisteredSchema {
        try await cached(\.byGUID, guid) { () async throws(RegistryClientError) -> RegisteredSchema in
            let answer = try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["schemas", "guids", guid.description])))
            var r = try RegisteredSchema(json: answer.json)
            r.guid = guid
            return r
        }
    }

    /// The ids holding `guid`, one per context (`GET /schemas/guids/{guid}/ids`).
    public func ids(guid: SchemaGUID) async throws(RegistryClientError) -> [(context: String, id: Int)] {
        let answer = try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["schemas", "guids", guid.description, "ids"])))
        guard let list = answer.json.arrayValue else { throw .invalidResponse("expected a list of {context, id}") }
        return list.compactMap { e in e["id"]?.intValue.map { (e["context"]?.stringValue ?? ".", Int($0)) } }
    }

    /// The raw text of schema `id` (`GET /schemas/ids/{id}/schema`); `format: "resolved"` inlines
    /// Avro references.
    public func schemaText(id: Int, format: String? = nil) async throws(RegistryClientError) -> String {
        let query = format.map { [("format", $0)] } ?? []
        guard case .text(let text) = try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["schemas", "ids", String(id), "schema"], query: query)), text: true) else {
            throw .invalidResponse("expected schema text")
        }
        return text
    }

    /// Registers `schema` under `subject` (`POST /subjects/{s}/versions`), or returns the
    /// version it already has there. Answers are cached per (subject, schema, normalize), so
    /// a serializer registering on its first message asks once; the subject's latest answers
    /// are dropped, and the new id's schema is remembered.
    public func register(subject: String, schema: RegistrySchema, normalize: Bool = false) async throws(RegistryClientError) -> RegisteredSchema {
        let key = Caches.SchemaKey(subject: subject, schema: schema, normalize: normalize, deleted: false)
        return try await cached(\.registered, key, stale: false) { () async throws(RegistryClientError) -> RegisteredSchema in
            let request = RegistryHTTPRequest(method: .post, path: Self.path(["subjects", subject, "versions"], query: [("normalize", normalize ? "true" : "false")]),
                                              body: Self.body(schema.requestBody))
            let answer = try await fetch(request, rememberMissing: false)
            var r = try RegisteredSchema(json: answer.json, fallback: schema)
            guard r.id != nil else { throw .invalidResponse("the registry's register answer has no id") }
            if r.subject == nil { r.subject = subject }
            didWrite(subject: subject, registered: r)
            return r
        }
    }

    /// Finds `schema` among the versions of `subject` (`POST /subjects/{s}`): its id, version
    /// and GUID. 40403 when the subject exists but does not hold it; 40401 when there is no
    /// such subject. Answers are cached; "not found" for `cache.missingTTL`.
    public func lookup(subject: String, schema: RegistrySchema, normalize: Bool = false, deleted: Bool = false) async throws(RegistryClientError) -> RegisteredSchema {
        let key = Caches.SchemaKey(subject: subject, schema: schema, normalize: normalize, deleted: deleted)
        return try await cached(\.lookedUp, key) { () async throws(RegistryClientError) -> RegisteredSchema in
            let request = RegistryHTTPRequest(method: .post, path: Self.path(["subjects", subject], query: [("normalize", normalize ? "true" : "false"), ("deleted", deleted ? "true" : "false")]),
                                              body: Self.body(schema.requestBody))
            var r = try RegisteredSchema(json: try await fetch(request).json, fallback: schema)
            if r.subject == nil { r.subject = subject }
            return r
        }
    }

    /// Tests `schema` against one version of `subject`, or (`version: nil`) against every
    /// version its level compares with (`POST /compatibility/subjects/{s}/versions[/{v}]`).
    public func testCompatibility(subject: String, schema: RegistrySchema, version: SubjectVersionSelector? = .latest, normalize: Bool = false,
                                  verbose: Bool = true) async throws(RegistryClientError) -> CompatibilityResult {
        var segments = ["compatibility", "subjects", subject, "versions"]
        if let version { segments.append(version.description) }
        let request = RegistryHTTPRequest(method: .post, path: Self.path(segments, query: [("normalize", normalize ? "true" : "false"), ("verbose", verbose ? "true" : "false")]),
                                          body: Self.body(schema.requestBody))
        let answer = try await fetch(request, rememberMissing: false).json
        guard let compatible = answer["is_compatible"]?.boolValue else { throw .invalidResponse("the compatibility answer has no is_compatible") }
        return CompatibilityResult(isCompatible: compatible, messages: (answer["messages"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// The schema types the registry supports (`GET /schemas/types`).
    public func schemaTypes() async throws(RegistryClientError) -> [String] {
        try await strings(RegistryHTTPRequest(method: .get, path: "/schemas/types"))
    }

    /// Fetches the schemas with these ids now, so a consumer fails at start-up (not at its
    /// first message) when the registry is unreachable or an id is unknown. Throws the first
    /// failure, naming the id.
    public func preload(ids: some Sequence<Int>) async throws(RegistryClientError) {
        let ids = Array(Set(ids))
        try await forEachConcurrently(ids) { (id: Int) async throws(RegistryClientError) in
            do throws(RegistryClientError) { _ = try await self.schema(id: id) } catch {
                throw error.prefixed("schema id \(id)")
            }
        }
    }

    // MARK: shared helpers

    /// The cache `cache` answers for `key` when fresh; otherwise `fetch` does and the answer is
    /// stored. With `stale`, an expired entry answers when the refresh fails because the
    /// registry cannot be reached (`cache.serveStaleOnError`).
    func cached<K: Hashable & Sendable>(
        _ cache: any WritableKeyPath<Caches, BoundedCache<K, RegisteredSchema>> & Sendable, _ key: K, ttl: Duration? = nil, stale: Bool = true,
        _ fetch: () async throws(RegistryClientError) -> RegisteredSchema
    ) async throws(RegistryClientError) -> RegisteredSchema {
        let now = time.now()
        let hit = caches.withLock { $0[keyPath: cache].lookup(key, now: now, ttl: ttl) }
        if let hit, hit.fresh {
            counters.cacheHits.add(1, ordering: .relaxed)
            return hit.value
        }
        do {
            let value = try await fetch()
            let stored = time.now()
            caches.withLock { $0[keyPath: cache].insert(value, for: key, now: stored) }
            return value
        } catch {
            if stale, let hit, configuration.cache.serveStaleOnError, error.meansUnavailable {
                counters.staleAnswers.add(1, ordering: .relaxed)
                return hit.value
            }
            throw error
        }
    }

    /// After a successful write to `subject`.
    func didWrite(subject: String, registered: RegisteredSchema? = nil) {
        let now = time.now()
        caches.withLock { c in
            c.invalidateLatest(subject: subject)
            c.missing.removeAll()
            // The id is in the subject's context: asked for with this subject, or (a default-
            // context subject) with none.
            guard let registered, let id = registered.id else { return }
            var keys = [Caches.IdKey(id: id, subject: subject)]
            if !subject.hasPrefix(":.") { keys.append(Caches.IdKey(id: id, subject: nil)) }
            for key in keys where c.byID.lookup(key, now: now, ttl: nil) == nil {
                c.byID.insert(RegisteredSchema(id: id, guid: registered.guid, schema: registered.schema), for: key, now: now)
            }
        }
    }

    func strings(_ request: RegistryHTTPRequest) async throws(RegistryClientError) -> [String] {
        guard let list = try await fetch(request, rememberMissing: false).json.arrayValue else { throw .invalidResponse("expected a list of strings") }
        return list.compactMap(\.stringValue)
    }

    func ints(_ request: RegistryHTTPRequest, rememberMissing: Bool = false) async throws(RegistryClientError) -> [Int] {
        guard let list = try await fetch(request, rememberMissing: rememberMissing).json.arrayValue else { throw .invalidResponse("expected a list of numbers") }
        return list.compactMap { $0.intValue.map { Int($0) } }
    }

    /// Runs `body` for every element at once (bounded to 16 in flight), throwing the first error.
    func forEachConcurrently<T: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) async throws(RegistryClientError) -> Void) async throws(RegistryClientError) {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                for _ in 0..<min(16, items.count) {
                    let item = items[next]
                    next += 1
                    group.addTask { try await body(item) }
                }
                while try await group.next() != nil {
                    if next < items.count {
                        let item = items[next]
                        next += 1
                        group.addTask { try await body(item) }
                    }
                }
            }
        } catch let e as RegistryClientError {
            throw e
        } catch {
            throw .transport("\(error)")
        }
    }
}

extension RegistryClientError {
    /// The same error, its message prefixed with what it was about.
    func prefixed(_ what: String) -> RegistryClientError {
        RegistryClientError(code: code, httpStatus: httpStatus, errorCode: errorCode, message: "\(what): \(message)", url: url)
    }

    /// The registry could not be reached or could not answer (so a cached answer is better).
    var meansUnavailable: Bool {
        if code == .transport || code == .timeout { return true }
        if code == .registry, let s = httpStatus { return s >= 500 || s == 408 || s == 429 }
        return false
    }
}
