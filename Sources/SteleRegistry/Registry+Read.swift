import SteleSchema

extension Registry {
    /// `GET /schemas/ids/{id}`: soft-deleted versions keep their id resolvable. The id is in
    /// the context of `subject` (the default context without one); an unqualified `subject`
    /// that does not hold the id in the default context is tried in each named context first
    /// (Confluent's `getSchemaKeyUsingContexts`), so a consumer that passes its subject finds
    /// an id written in another context.
    public func schema(id: Int, subject: String? = nil) throws(RegistryError) -> SchemaRecord {
        try read { (s: State) throws(RegistryError) -> SchemaRecord in
            guard let r = Self.resolveId(s, id, subject: subject) else { throw RegistryError.schemaNotFound(id) }
            return r
        }
    }

    static func resolveId(_ s: State, _ id: Int, subject: String?) -> SchemaRecord? {
        guard let subject else { return s.record(QualifiedSubject.defaultContext, id) }
        let q = QualifiedSubject(subject)
        if !q.isDefaultContext || q.name.isEmpty { return s.record(q.context, id) }
        if s.subjects[q.name]?.contains(where: { $0.id == id }) == true { return s.record(q.context, id) }
        for context in s.listedContexts.sorted() {
            let name = QualifiedSubject(context: context, name: q.name).qualified
            if s.subjects[name]?.contains(where: { $0.id == id }) == true, let r = s.record(context, id) { return r }
        }
        return s.record(QualifiedSubject.defaultContext, id)
    }

    /// `GET /schemas/guids/{guid}`: the schema with that GUID (the default context's first,
    /// else the lowest (context, id) holding it).
    public func schema(guid: SchemaGUID) throws(RegistryError) -> SchemaRecord {
        try read { (s: State) throws(RegistryError) -> SchemaRecord in
            guard let key = s.idsByGUID[guid]?.first, let r = s.record(key.context, key.id) else { throw RegistryError(40403, "Schema \(guid) not found") }
            return r
        }
    }

    /// `GET /schemas/guids/{guid}/ids`: every (context, id) holding the GUID.
    public func ids(guid: SchemaGUID) throws(RegistryError) -> [ContextId] {
        try read { (s: State) throws(RegistryError) -> [ContextId] in
            guard let ids = s.idsByGUID[guid], !ids.isEmpty else { throw RegistryError(40403, "Schema \(guid) not found") }
            return Array(ids)
        }
    }

    /// The text of a stored schema in Confluent's `format`: `resolved` inlines an Avro schema's
    /// references; the default, unknown formats and other schema types give the stored text.
    public func text(of record: SchemaRecord, format: String?) -> String {
        guard format == "resolved", record.schemaType == .avro, !record.references.isEmpty else { return record.schema }
        return read { s in
            guard case .avro(let parsed)? = parsed(s, record.context, record.id) else { return record.schema }
            return parsed.resolvedText
        }
    }

    /// The subject-versions holding schema `id` (resolved as `schema(id:subject:)` does), sorted.
    public func subjectVersions(id: Int, subject: String? = nil, deleted: Bool = false) throws(RegistryError) -> [SubjectVersion] {
        try read { (s: State) throws(RegistryError) -> [SubjectVersion] in
            guard let record = Self.resolveId(s, id, subject: subject) else { throw RegistryError.schemaNotFound() }
            return s.subjects.keys.sorted().flatMap { k in
                s.subjects[k]!.filter { $0.id == id && (deleted || !$0.deleted) && $0.context == record.context }
            }
        }
    }

    /// Whether `name` is listed under Confluent's `subjectPrefix`: a plain string prefix of the
    /// qualified name (`""` lists every context, `:.ctx:` one context), or `:*:rest`: names
    /// in any context whose unqualified part starts with `rest`.
    static func matches(_ name: String, prefix: String) -> Bool {
        if prefix.isEmpty { return true }
        if prefix.hasPrefix(":*:") { return QualifiedSubject(name).name.hasPrefix(prefix.dropFirst(3)) }
        return name.hasPrefix(prefix)
    }

    /// `GET /subjects`: sorted; a subject is deleted only when every version is.
    public func subjects(prefix: String = "", deleted: Bool = false, deletedOnly: Bool = false) -> [String] {
        read { s in
            s.subjects.compactMap { (name, versions) -> String? in
                guard Self.matches(name, prefix: prefix) else { return nil }
                let allDeleted = versions.allSatisfy(\.deleted)
                if deletedOnly { return versions.contains(where: \.deleted) ? name : nil }
                return (deleted || !allDeleted) ? name : nil
            }.sorted()
        }
    }

    /// `GET /subjects/{s}/versions`.
    public func versions(subject: String, deleted: Bool = false, deletedOnly: Bool = false) throws(RegistryError) -> [Int] {
        let subject = Self.key(subject)
        return try read { (s: State) throws(RegistryError) -> [Int] in
            let all = s.subjects[subject] ?? []
            let chosen = all.filter { deletedOnly ? $0.deleted : (deleted || !$0.deleted) }.map(\.version)
            if chosen.isEmpty && !deletedOnly { throw RegistryError.subjectNotFound(subject) }
            if all.isEmpty { throw RegistryError.subjectNotFound(subject) }
            return chosen
        }
    }

    /// `GET /subjects/{s}/versions/{v}`.
    public func version(subject: String, _ spec: VersionSpec, deleted: Bool = false) throws(RegistryError) -> Registered {
        let subject = Self.key(subject)
        return try read { (s: State) throws(RegistryError) -> Registered in
            let all = s.subjects[subject] ?? []
            // Found from the end or by binary search: no pass over a long history per read.
            let latest = all.last { deleted || !$0.deleted }
            guard latest != nil else { throw RegistryError.subjectNotFound(subject) }
            let v: SubjectVersion?
            switch spec {
            case .latest: v = latest
            case .number(let n): v = all.entry(version: n).flatMap { deleted || !$0.deleted ? $0 : nil }
            }
            guard let v else {
                if case .number(let n) = spec { throw RegistryError.versionNotFound(n) }
                throw RegistryError.subjectNotFound(subject)
            }
            guard let r = s.record(of: v) else { throw RegistryError.schemaNotFound(v.id) }
            return Registered(record: r, version: v)
        }
    }

    /// `GET /subjects/{s}/metadata`: the latest version whose `metadata.properties` holds every
    /// pair of `properties`.
    public func latest(subject: String, withProperties properties: [(key: String, value: String)], deleted: Bool = false) throws(RegistryError) -> Registered {
        let subject = Self.key(subject)
        return try read { (s: State) throws(RegistryError) -> Registered in
            let all = s.subjects[subject] ?? []
            guard all.contains(where: { deleted || !$0.deleted }) else { throw RegistryError.subjectNotFound(subject) }
            for v in all.reversed() where deleted || !v.deleted {
                guard let r = s.record(of: v) else { continue }
                let held = r.metadata?["properties"]?.objectValue
                if properties.allSatisfy({ held?[$0.key]?.stringValue == $0.value }) { return Registered(record: r, version: v) }
            }
            throw RegistryError.schemaNotFound()
        }
    }

    /// `GET /subjects/{s}/versions/{v}/referencedby`: ids of schemas referencing it.
    public func referencedBy(subject: String, _ spec: VersionSpec, deleted: Bool = false) throws(RegistryError) -> [Int] {
        let subject = Self.key(subject)
        let target = try version(subject: subject, spec, deleted: deleted)
        return read { s in Self.referrers(s, subject: subject, version: target.version.version, includeDeleted: deleted) }
    }

    /// Ids of schemas, held by some (live, or any with `includeDeleted`) version, that reference
    /// `subject` `version` (a qualified name; references resolve in their referrer's context);
    /// references from the subject itself do not count.
    static func referrers(_ s: State, subject: String, version: Int, includeDeleted: Bool, excludingSubject: String? = nil) -> [Int] {
        var ids = Set<Int>()
        for (name, versions) in s.subjects where name != excludingSubject {
            for v in versions where includeDeleted || !v.deleted {
                guard let r = s.record(of: v) else { continue }
                if r.references.contains(where: { $0.version == version && QualifiedSubject.resolve($0.subject, relativeTo: r.context) == subject }) { ids.insert(r.id) }
            }
        }
        return ids.sorted()
    }

    /// `GET /schemas`: the latest (or every) visible version of each subject.
    public func allSchemas(prefix: String = "", deleted: Bool = false, latestOnly: Bool = false) -> [Registered] {
        read { s in
            var out: [Registered] = []
            for name in s.subjects.keys.sorted() where Self.matches(name, prefix: prefix) {
                let visible = s.subjects[name]!.filter { deleted || !$0.deleted }
                for v in (latestOnly ? Array(visible.suffix(1)) : visible) {
                    if let r = s.record(of: v) { out.append(Registered(record: r, version: v)) }
                }
            }
            return out
        }
    }

    /// The highest id handed out in `context`.
    public func maxId(context: String = QualifiedSubject.defaultContext) -> Int {
        read { $0.maxId(context) }
    }

    /// `GET /contexts`: the default context, then every named one, sorted.
    public func contexts(prefix: String = "") -> [String] {
        read { s in
            ([QualifiedSubject.defaultContext] + s.listedContexts.sorted()).filter { $0.hasPrefix(prefix) }
        }
    }
}
