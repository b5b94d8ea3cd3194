import SteleJSON
import SteleSchema

extension Registry {
    /// Applies durable mutations to memory (after the store has them).
    static func applyInMemory(_ s: inout State, _ mutations: [StoreMutation]) {
        for m in mutations {
            switch m {
            case .putSchema(let r):
                s.schemas[r.id] = r
                s.idByContent[r.contentKey] = r.id
                if !(s.idsByGUID[r.guid]?.contains(r.id) ?? false) { s.idsByGUID[r.guid, default: []].append(r.id) }
            case .putVersion(let v):
                // In place (no copy of the subject's list); a new version is almost always last.
                s.subjects[v.subject, default: []].insertSorted(v)
            case .removeVersion(let subject, let version):
                s.subjects[subject]?.removeAll { $0.version == version }
                if s.subjects[subject]?.isEmpty == true { s.subjects[subject] = nil }
            case .removeSchema(let id):
                if let r = s.schemas.removeValue(forKey: id) {
                    if s.idByContent[r.contentKey] == id { s.idByContent[r.contentKey] = nil }
                    s.idsByGUID[r.guid]?.removeAll { $0 == id }
                    if s.idsByGUID[r.guid]?.isEmpty == true { s.idsByGUID[r.guid] = nil }
                }
                s.parsed[id] = nil
            case .putConfig(let scope, let c): s.configs[scope] = c
            case .putMode(let scope, let m): s.modes[scope] = m
            }
        }
    }

    /// `POST /subjects/{s}/versions` — the register algorithm of reference §1.4.
    public func register(subject: String, _ request: SchemaRequest, normalize: Bool = false, force: Bool = false) throws(RegistryError) -> Registered {
        try Self.validateSubject(subject)
        return try state.withLock { (s: inout State) throws(RegistryError) -> Registered in
            let config = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel)
            let normalize = normalize || config.normalize
            let mode = Self.effectiveMode(s, subject)
            let importing = mode == .importing
            // The subject's list is read in place (never held in a local), so appending the new
            // version below does not copy it.
            let latestLive = s.subjects[subject]?.last { !$0.deleted }

            var request = request
            // Step 7: an empty schema copies the previous live version (metadata-only update).
            if (request.schema ?? "").isEmpty, !importing, let previous = latestLive, let prev = s.schemas[previous.id] {
                request.schema = prev.schema
                request.schemaType = prev.schemaType
                request.references = prev.references
                if request.metadata == nil { request.metadata = prev.metadata }
                if request.ruleSet == nil { request.ruleSet = prev.ruleSet }
            }
            let (candidate, parsed) = try Self.prepare(s, request, normalize: normalize, strict: true)
            let key = candidate.contentKey
            let existingId = s.idByContent[key]

            // Step 2: the same schema already live in this subject is returned as it is.
            if let id = existingId, request.version == nil || request.version! <= 0, request.id == nil || request.id == id,
               let v = s.subjects[subject]?.last(where: { $0.id == id && !$0.deleted }), let record = s.schemas[id] {
                return Registered(record: record, version: v)
            }
            // Step 4: the mode.
            switch mode {
            case .readOnly, .readOnlyOverride: throw RegistryError.readOnly(subject)
            case .importing:
                guard request.id != nil else { throw RegistryError.notReadWrite(subject) }
            case .readWrite:
                if let id = request.id, id >= 0, id != existingId { throw RegistryError.notImport(subject) }
            }
            let newVersion = (s.subjects[subject]?.last?.version ?? 0) + 1
            // Step 10: compatibility with the live versions, oldest first.
            if !importing && !force {
                let history = Self.history(&s, subject, level: config.level)
                let messages = SchemaSupport.check(parsed, against: history, level: config.level, lenient: config.lenient)
                if !messages.isEmpty {
                    metrics.rejections.increment()
                    throw RegistryError.incompatible(subject, messages)
                }
            }
            // Step 11: version and id. In IMPORT the given (version, id) is written even over an
            // existing version, live or soft-deleted, as Confluent does (how migration tools
            // restore a registry); only an id already bound to other content is refused.
            var version = newVersion
            if let requested = request.version, requested > 0 {
                if importing { version = requested } else if requested != newVersion {
                    throw RegistryError.invalidSchema("Version is not one more than previous version")
                }
            }
            var id: Int
            var mutations: [StoreMutation] = []
            if let requested = request.id, requested >= 0 {
                if let other = s.schemas[requested], other.contentKey != key { throw RegistryError.idOverwrite(requested) }
                id = requested
            } else if let existingId {
                id = existingId
            } else {
                id = s.maxId + 1
            }
            // An overwrite that changes what a referenced version holds would change the
            // referrers' meaning under them. (The replaced schema keeps its id, so messages
            // written with it still decode.)
            if let replaced = s.subjects[subject]?.first(where: { $0.version == version }), replaced.id != id,
               !Self.referrers(s, subject: subject, version: version, includeDeleted: true).isEmpty {
                throw RegistryError.referenceExists(subject, version)
            }
            var record = candidate
            record.id = id
            if s.schemas[id] == nil { mutations.append(.putSchema(record)) }
            // Step 12: soft-deleted earlier versions of this subject holding the same id are
            // tombstoned (Confluent's fix for #4277), unless something references them.
            for old in s.subjects[subject] ?? [] where old.deleted && old.id == id && old.version != version
                && Self.referrers(s, subject: subject, version: old.version, includeDeleted: true).isEmpty {
                mutations.append(.removeVersion(subject: subject, version: old.version))
            }
            let entry = SubjectVersion(subject: subject, version: version, id: id, deleted: false, timestamp: Self.now())
            mutations.append(.putVersion(entry))
            let previousMax = s.maxId
            s.maxId = max(s.maxId, id)
            do throws(RegistryError) { try commit(&s, mutations) } catch {
                s.maxId = previousMax
                throw error
            }
            Self.applyInMemory(&s, mutations)
            s.parsed[id] = parsed
            metrics.registrations.increment()
            return Registered(record: s.schemas[id] ?? record, version: entry)
        }
    }

    /// The parsed versions `level` compares with, oldest first: every live version for the
    /// transitive levels, the latest for the others, none for NONE. Only those are parsed, so a
    /// registration costs the same with ten versions or a hundred thousand.
    static func history(_ s: inout State, _ subject: String, level: CompatibilityLevel) -> [(version: Int, schema: ParsedAny, text: String)] {
        let chosen: [SubjectVersion]
        switch level {
        case .none: chosen = []
        case .backwardTransitive, .forwardTransitive, .fullTransitive: chosen = (s.subjects[subject] ?? []).filter { !$0.deleted }
        case .backward, .forward, .full: chosen = s.subjects[subject]?.last { !$0.deleted }.map { [$0] } ?? []
        }
        return history(&s, chosen)
    }

    /// `versions` parsed, with their text.
    static func history(_ s: inout State, _ chosen: [SubjectVersion]) -> [(version: Int, schema: ParsedAny, text: String)] {
        return chosen.compactMap { v in
            guard let p = parsed(&s, v.id), let r = s.schemas[v.id] else { return nil }
            return (v.version, p, r.schema)
        }
    }

    /// `POST /subjects/{s}` — the version of `subject` holding this schema.
    public func lookup(subject: String, _ request: SchemaRequest, normalize: Bool = false, deleted: Bool = false) throws(RegistryError) -> Registered {
        try state.withLock { (s: inout State) throws(RegistryError) -> Registered in
            guard let versions = s.subjects[subject], versions.contains(where: { deleted || !$0.deleted }) else { throw RegistryError.subjectNotFound(subject) }
            let config = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel)
            let (candidate, _) = try Self.prepare(s, request, normalize: normalize || config.normalize, strict: false)
            let key = candidate.contentKey
            // Exact content first (the content index), then the same text whatever the metadata
            // (Confluent's canLookup).
            if let id = s.idByContent[key], let v = versions.last(where: { $0.id == id && (deleted || !$0.deleted) }), let r = s.schemas[id] {
                return Registered(record: r, version: v)
            }
            for v in versions.reversed() where deleted || !v.deleted {
                if let r = s.schemas[v.id], r.schema == candidate.schema, r.schemaType == candidate.schemaType, r.references == candidate.references {
                    return Registered(record: r, version: v)
                }
            }
            throw RegistryError.schemaNotFound()
        }
    }

    /// `POST /compatibility/subjects/{s}/versions[/{v}]`: Confluent's verbose messages, empty
    /// when compatible. With a version, only that one version is compared (the level's
    /// direction applies); without, the versions register would compare.
    public func checkCompatibility(subject: String, version: VersionSpec?, _ request: SchemaRequest, normalize: Bool = false) throws(RegistryError) -> [String] {
        try state.withLock { (s: inout State) throws(RegistryError) -> [String] in
            let config = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel)
            let target: SubjectVersion?
            switch version {
            case nil: target = nil
            case .latest?: target = s.subjects[subject]?.last { !$0.deleted }
            case .number(let n)?:
                guard let v = s.subjects[subject]?.first(where: { $0.version == n && !$0.deleted }) else { throw RegistryError.versionNotFound(n) }
                target = v
            }
            let (_, parsed) = try Self.prepare(s, request, normalize: normalize || config.normalize, strict: true)
            guard version != nil else {
                return SchemaSupport.check(parsed, against: Self.history(&s, subject, level: config.level), level: config.level, lenient: config.lenient)
            }
            // One pair: only the direction of the level matters.
            let level: CompatibilityLevel
            switch config.level.direction {
            case .backward: level = .backward
            case .forward: level = .forward
            case .full: level = .full
            case .none: level = .none
            }
            return SchemaSupport.check(parsed, against: Self.history(&s, level == .none ? [] : target.map { [$0] } ?? []), level: level, lenient: config.lenient)
        }
    }
}
