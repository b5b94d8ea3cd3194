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
            case .putVersion(let v):
                var list = s.subjects[v.subject] ?? []
                if let i = list.firstIndex(where: { $0.version == v.version }) { list[i] = v } else {
                    list.append(v)
                    list.sort { $0.version < $1.version }
                }
                s.subjects[v.subject] = list
            case .removeVersion(let subject, let version):
                s.subjects[subject]?.removeAll { $0.version == version }
                if s.subjects[subject]?.isEmpty == true { s.subjects[subject] = nil }
            case .removeSchema(let id):
                if let r = s.schemas.removeValue(forKey: id), s.idByContent[r.contentKey] == id { s.idByContent[r.contentKey] = nil }
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
            let versions = s.subjects[subject] ?? []
            let live = versions.filter { !$0.deleted }

            var request = request
            // Step 7: an empty schema copies the previous live version (metadata-only update).
            if (request.schema ?? "").isEmpty, !importing, let previous = live.last, let prev = s.schemas[previous.id] {
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
               let v = live.last(where: { $0.id == id }), let record = s.schemas[id] {
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
            let newVersion = (versions.map(\.version).max() ?? 0) + 1
            // Step 10: compatibility with the live versions, oldest first.
            if !importing && !force {
                var history: [(version: Int, schema: ParsedAny, text: String)] = []
                for v in live {
                    guard let p = Self.parsed(&s, v.id), let r = s.schemas[v.id] else { continue }
                    history.append((v.version, p, r.schema))
                }
                let messages = SchemaSupport.check(parsed, against: history, level: config.level, lenient: config.lenient)
                if !messages.isEmpty { throw RegistryError.incompatible(subject, messages) }
            }
            // Step 11: version and id.
            var version = newVersion
            if let requested = request.version, requested > 0 {
                if importing { version = requested } else if requested != newVersion {
                    throw RegistryError.invalidSchema("Version is not one more than previous version")
                }
                if importing, versions.contains(where: { $0.version == requested && $0.id != (request.id ?? -1) }) {
                    throw RegistryError.idOverwrite(request.id ?? -1)
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
            var record = candidate
            record.id = id
            if s.schemas[id] == nil { mutations.append(.putSchema(record)) }
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
            return Registered(record: s.schemas[id] ?? record, version: entry)
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
            let live = (s.subjects[subject] ?? []).filter { !$0.deleted }
            var targets: [SubjectVersion]
            var level = config.level
            switch version {
            case nil: targets = live
            case .latest?: targets = live.last.map { [$0] } ?? []
            case .number(let n)?:
                guard let v = live.first(where: { $0.version == n }) else { throw RegistryError.versionNotFound(n) }
                targets = [v]
            }
            if version != nil {
                // One pair: only the direction of the level matters.
                switch level.direction {
                case .backward: level = .backward
                case .forward: level = .forward
                case .full: level = .full
                case .none: level = .none
                }
            }
            let (_, parsed) = try Self.prepare(s, request, normalize: normalize || config.normalize, strict: true)
            var history: [(version: Int, schema: ParsedAny, text: String)] = []
            for v in targets {
                guard let p = Self.parsed(&s, v.id), let r = s.schemas[v.id] else { continue }
                history.append((v.version, p, r.schema))
            }
            return SchemaSupport.check(parsed, against: history, level: level, lenient: config.lenient)
        }
    }
}
