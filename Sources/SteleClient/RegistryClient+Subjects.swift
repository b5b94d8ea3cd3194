import SteleJSON
import SteleSchema

extension RegistryClient {
    /// Subject names (`GET /subjects`), sorted by the registry. The filters are sent with the
    /// server's names (`subjectPrefix`, `deletedOnly`), not the `subject`/`deleted_only` that
    /// confluent-kafka-python sends and a Confluent server silently ignores.
    public func subjects(prefix: String? = nil, deleted: Bool = false, deletedOnly: Bool = false) async throws(RegistryClientError) -> [String] {
        var query: [(String, String)] = []
        if let prefix { query.append(("subjectPrefix", prefix)) }
        if deleted { query.append(("deleted", "true")) }
        if deletedOnly { query.append(("deletedOnly", "true")) }
        return try await strings(RegistryHTTPRequest(method: .get, path: Self.path(["subjects"], query: query)))
    }

    /// The version numbers of `subject` (`GET /subjects/{s}/versions`).
    public func versions(subject: String, deleted: Bool = false, deletedOnly: Bool = false) async throws(RegistryClientError) -> [Int] {
        var query: [(String, String)] = []
        if deleted { query.append(("deleted", "true")) }
        if deletedOnly { query.append(("deletedOnly", "true")) }
        return try await ints(RegistryHTTPRequest(method: .get, path: Self.path(["subjects", subject, "versions"], query: query)), rememberMissing: true)
    }

    /// The subject's latest version (`GET /subjects/{s}/versions/latest`), cached for
    /// `cache.latestTTL`; served stale while the registry cannot be reached.
    public func latestVersion(subject: String) async throws(RegistryClientError) -> RegisteredSchema {
        try await cached(\.latest, subject, ttl: configuration.cache.latestTTL) { () async throws(RegistryClientError) -> RegisteredSchema in
            try await subjectVersion(subject, "latest", deleted: false)
        }
    }

    /// One version of `subject` (`GET /subjects/{s}/versions/{v}`); numbered versions are
    /// cached, `latest` as `latestVersion`.
    public func version(subject: String, _ version: SubjectVersionSelector, deleted: Bool = false) async throws(RegistryClientError) -> RegisteredSchema {
        switch version {
        case .latest where !deleted:
            return try await latestVersion(subject: subject)
        case .latest:
            return try await subjectVersion(subject, "latest", deleted: true)
        case .number(let n):
            let key = Caches.VersionKey(subject: subject, version: n, deleted: deleted)
            return try await cached(\.versions, key) { () async throws(RegistryClientError) -> RegisteredSchema in
                try await subjectVersion(subject, String(n), deleted: deleted)
            }
        }
    }

    private func subjectVersion(_ subject: String, _ version: String, deleted: Bool) async throws(RegistryClientError) -> RegisteredSchema {
        let query = deleted ? [("deleted", "true")] : []
        var r = try RegisteredSchema(json: try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["subjects", subject, "versions", version], query: query))).json)
        if r.subject == nil { r.subject = subject }
        return r
    }

    /// The latest version of `subject` whose metadata properties hold every pair of
    /// `metadata` (`GET /subjects/{s}/metadata`), cached for `cache.latestTTL`.
    public func latestVersion(subject: String, metadata: [String: String], deleted: Bool = false) async throws(RegistryClientError) -> RegisteredSchema {
        let pairs = metadata.sorted { $0.key < $1.key }
        let key = Caches.MetadataKey(subject: subject, pairs: pairs.flatMap { [$0.key, $0.value] }, deleted: deleted)
        return try await cached(\.latestWithMetadata, key, ttl: configuration.cache.latestTTL) { () async throws(RegistryClientError) -> RegisteredSchema in
            var query: [(String, String)] = pairs.map { ("key", $0.key) } + pairs.map { ("value", $0.value) }
            if deleted { query.append(("deleted", "true")) }
            var r = try RegisteredSchema(json: try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["subjects", subject, "metadata"], query: query))).json)
            if r.subject == nil { r.subject = subject }
            return r
        }
    }

    /// The ids of the schemas that reference `subject` at `version`.
    public func referencedBy(subject: String, version: SubjectVersionSelector) async throws(RegistryClientError) -> [Int] {
        try await ints(RegistryHTTPRequest(method: .get, path: Self.path(["subjects", subject, "versions", version.description, "referencedby"])))
    }

    /// The subjects holding schema `id` (`GET /schemas/ids/{id}/subjects`).
    public func subjects(id: Int, deleted: Bool = false) async throws(RegistryClientError) -> [String] {
        try await strings(RegistryHTTPRequest(method: .get, path: Self.path(["schemas", "ids", String(id), "subjects"], query: deleted ? [("deleted", "true")] : [])))
    }

    /// The (subject, version) pairs holding schema `id` (`GET /schemas/ids/{id}/versions`).
    public func subjectVersions(id: Int, deleted: Bool = false) async throws(RegistryClientError) -> [(subject: String, version: Int)] {
        let answer = try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["schemas", "ids", String(id), "versions"], query: deleted ? [("deleted", "true")] : [])),
                                     rememberMissing: false)
        guard let list = answer.json.arrayValue else { throw .invalidResponse("expected a list of {subject, version}") }
        return list.compactMap { e in
            guard let s = e["subject"]?.stringValue, let v = e["version"]?.intValue else { return nil }
            return (s, Int(v))
        }
    }

    /// Deletes `subject` (`DELETE /subjects/{s}`): soft first; `permanent` after a soft delete.
    /// Returns the deleted version numbers.
    public func deleteSubject(_ subject: String, permanent: Bool = false) async throws(RegistryClientError) -> [Int] {
        let versions = try await ints(RegistryHTTPRequest(method: .delete, path: Self.path(["subjects", subject], query: permanent ? [("permanent", "true")] : [])))
        caches.withLock { c in
            if permanent { c.forget(subject: subject) } else { c.invalidateLatest(subject: subject) }
            c.missing.removeAll()
        }
        return versions
    }

    /// Deletes one version (`DELETE /subjects/{s}/versions/{v}`); returns its number.
    public func deleteVersion(subject: String, _ version: SubjectVersionSelector, permanent: Bool = false) async throws(RegistryClientError) -> Int {
        let answer = try await fetch(RegistryHTTPRequest(method: .delete, path: Self.path(["subjects", subject, "versions", version.description],
                                                                                           query: permanent ? [("permanent", "true")] : [])), rememberMissing: false)
        guard let v = answer.json.intValue else { throw .invalidResponse("expected the deleted version number") }
        caches.withLock { c in
            c.invalidateLatest(subject: subject)
            if permanent { c.versions.removeAll { $0.subject == subject && $0.version == Int(v) } }
            c.missing.removeAll()
        }
        return Int(v)
    }

    /// Fetches the latest version of each subject now, so a producer fails at start-up when
    /// the registry is unreachable or a subject is missing. Throws the first failure, naming
    /// the subject.
    public func preload(subjects: some Sequence<String>) async throws(RegistryClientError) {
        try await forEachConcurrently(Array(Set(subjects))) { (subject: String) async throws(RegistryClientError) in
            do throws(RegistryClientError) { _ = try await self.latestVersion(subject: subject) } catch {
                throw error.prefixed("subject \(subject)")
            }
        }
    }

    /// The contexts the registry knows (`GET /contexts`).
    public func contexts() async throws(RegistryClientError) -> [String] {
        try await strings(RegistryHTTPRequest(method: .get, path: "/contexts"))
    }
}
