import SteleSchema

/// Every cache of one client, kept under one lock. Each is bounded by the same capacity.
struct Caches: Sendable {
    struct SchemaKey: Hashable, Sendable {
        var subject: String
        var schema: RegistrySchema
        var normalize: Bool
        var deleted: Bool
    }

    struct VersionKey: Hashable, Sendable {
        var subject: String
        var version: Int
        var deleted: Bool
    }

    /// An id where it was asked for: ids are per context (reference §6.2), so the key is the
    /// context a qualified hint names (`:.ctx:`), an unqualified hint itself (the registry may
    /// resolve it in another context), or `""` for the default context — Java's
    /// `idToSchemaCache[context-or-subject][id]`.
    struct IdKey: Hashable, Sendable {
        var scope: String
        var id: Int

        init(id: Int, subject: String?) {
            self.id = id
            guard let subject, !subject.isEmpty else { scope = ""; return }
            if subject.hasPrefix(":."), let end = subject.dropFirst(2).firstIndex(of: ":") {
                let context = subject[..<subject.index(after: end)]
                scope = context == ":.:" ? "" : String(context)
            } else {
                scope = subject
            }
        }
    }

    struct MetadataKey: Hashable, Sendable {
        var subject: String
        var pairs: [String]
        var deleted: Bool
    }

    /// `GET /schemas/ids/{id}`: immutable while the id exists.
    var byID: BoundedCache<IdKey, RegisteredSchema>
    /// `GET /schemas/guids/{guid}`.
    var byGUID: BoundedCache<SchemaGUID, RegisteredSchema>
    /// Register answers by (subject, schema, normalize): registering again is answered here.
    var registered: BoundedCache<SchemaKey, RegisteredSchema>
    /// Lookup answers by (subject, schema, normalize, deleted).
    var lookedUp: BoundedCache<SchemaKey, RegisteredSchema>
    /// `GET /subjects/{s}/versions/{n}` for numbered versions.
    var versions: BoundedCache<VersionKey, RegisteredSchema>
    /// `GET /subjects/{s}/versions/latest`, with the latest TTL.
    var latest: BoundedCache<String, RegisteredSchema>
    /// `GET /subjects/{s}/metadata`, with the latest TTL.
    var latestWithMetadata: BoundedCache<MetadataKey, RegisteredSchema>
    /// Remembered 404 answers (40401/40402/40403), with the missing TTL.
    var missing: BoundedCache<RegistryHTTPRequest, RegistryClientError>

    init(capacity: Int) {
        byID = BoundedCache(capacity: capacity)
        byGUID = BoundedCache(capacity: capacity)
        registered = BoundedCache(capacity: capacity)
        lookedUp = BoundedCache(capacity: capacity)
        versions = BoundedCache(capacity: capacity)
        latest = BoundedCache(capacity: capacity)
        latestWithMetadata = BoundedCache(capacity: capacity)
        missing = BoundedCache(capacity: capacity)
    }

    /// A new version of `subject` exists (this client registered it) or it changed (deleted):
    /// its latest answers are stale.
    mutating func invalidateLatest(subject: String) {
        latest.remove(subject)
        latestWithMetadata.removeAll { $0.subject == subject }
    }

    /// A permanent delete: everything this client knows under the subject goes.
    mutating func forget(subject: String) {
        invalidateLatest(subject: subject)
        registered.removeAll { $0.subject == subject }
        lookedUp.removeAll { $0.subject == subject }
        versions.removeAll { $0.subject == subject }
    }
}
