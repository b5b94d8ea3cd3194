import SteleJSON
import SteleSchema

extension Registry {
    /// Applies durable mutations to memory (after the store has them).
    static func applyInMemory(_ s: inout State, _ mutations: [StoreMutation]) {
        for m in mutations {
            switch m {
            case .putSchema(let r):
                s.contexts[r.context, default: ContextState()].schemas[r.id] = r
                s.contexts[r.context]!.idByContent[r.contentKey] = r.id
                let key = ContextId(context: r.context, id: r.id)
                if !(s.idsByGUID[r.guid]?.contains(key) ?? false) { s.idsByGUID[r.guid, default: ContextIds()].insert(key) }
            case .putVersion(let v):
                // In place (no copy of the subject's list); a new version is almost always last.
                s.subjects[v.subject, default: []].insertSorted(v)
            case .removeVersion(let subject, let version):
                s.subjects[subject]?.removeAll { $0.version == version }
                if s.subjects[subject]?.isEmpty == true { s.subjects[subject] = nil }
            case .removeSchema(let context, let id):
                if let r = s.contexts[context]?.schemas.removeValue(forKey: id) {
                    if s.contexts[context]!.idByContent[r.contentKey] == id { s.contexts[context]!.idByContent[r.contentKey] = nil }
                    s.idsByGUID[r.guid]?.removeAll { $0 == ContextId(context: context, id: id) }
                    if s.idsByGUID[r.guid]?.isEmpty == true { s.idsByGUID[r.guid] = nil }
                }
            case .putConfig(let scope, let c): s.configs[scope] = c
            case .putMode(let scope, let m): s.modes[scope] = m
            case .putMaxId(let context, let id): s.contexts[context, default: ContextState()].maxId = id
            case .putContext(let name, let listed):
                if listed { s.listedContexts.insert(name) } else { s.listedContexts.remove(name) }
            case .putKek(let k): s.keks[k.id] = k
            case .removeKek(let id): s.keks[id] = nil
            case .putDek(let d): s.deks[d.id] = d
            case .removeDek(let id): s.deks[id] = nil
            case .putAssociation(let a): s.putAssociation(a)
            case .removeAssociation(let key): s.removeAssociation(key)
            }
        }
    }

    /// `POST /subjects/{s}/versions` — the register algorithm of reference §1.4.
    ///
    /// Run twice: first against the caller's snapshot, outside any critical section, where the
    /// parse, normalization and compatibility check happen (and where a schema already
    /// registered in the subject, or a refusal, is answered at once); then in the writer,
    /// against the current state, which reuses that work when its inputs are unchanged.
    public func register(subject: String, _ request: SchemaRequest, normalize: Bool = false, force: Bool = false) async throws(RegistryError) -> Registered {
        // Off the event loops, at the priority reads outrank (`BackgroundExecutor`).
        try await withTaskExecutorPreference(BackgroundExecutor.shared) { () async throws(RegistryError) -> Registered in
            try await registerNow(subject: subject, request, normalize: normalize, force: force)
        }
    }

    private func registerNow(subject: String, _ request: SchemaRequest, normalize: Bool, force: Bool) async throws(RegistryError) -> Registered {
        try DataContracts.validateRuleSet(request.ruleSet)
        try Self.validateSubject(subject)
        let subject = Self.key(subject)
        var memo = RegisterMemo()
        var snapshot = published.withLock { $0 }.state
        if let existing = try register(&snapshot, subject: subject, request, normalize: normalize, force: force, memo: &memo, precheck: true) {
            return existing
        }
        let checked = memo
        return try await write { [self] (s: inout State) throws(RegistryError) -> Registered in
            var memo = checked
            return try register(&s, subject: subject, request, normalize: normalize, force: force, memo: &memo)!
        }
    }

    /// The register algorithm against `s` (`subject` validated and keyed). `associating`: an
    /// association is registering its subject's schema (a frozen one may). With `precheck`,
    /// it stops before assigning anything and returns nil (or the version already holding the
    /// schema); `memo` carries the parse and the verdict between the two runs.
    func register(_ s: inout State, subject: String, _ request: SchemaRequest, normalize: Bool, force: Bool,
                  associating: Bool = false) throws(RegistryError) -> Registered {
        var memo = RegisterMemo()
        return try register(&s, subject: subject, request, normalize: normalize, force: force, associating: associating, memo: &memo)!
    }

    func register(_ s: inout State, subject: String, _ request: SchemaRequest, normalize: Bool, force: Bool,
                  associating: Bool = false, memo: inout RegisterMemo, precheck: Bool = false) throws(RegistryError) -> Registered? {
        let context = QualifiedSubject(subject).context
        let config = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel)
        let normalize = normalize || config.normalize
        let mode = Self.effectiveMode(s, subject)
        let importing = mode == .importing
        // The subject's list is read in place (never held in a local), so appending the new
        // version below does not copy it.
        let latestLive = s.subjects[subject]?.last { !$0.deleted }

        let newVersion = (s.subjects[subject]?.last?.version ?? 0) + 1
        var request = request
        // Step 7 (not in IMPORT, which writes what it is given).
        if !importing {
            let previous = latestLive.flatMap { s.record(of: $0) }
            // An empty schema copies the previous live version (a metadata-only update).
            if (request.schema ?? "").isEmpty, let previous {
                request.schema = previous.schema
                request.schemaType = previous.schemaType
                request.references = previous.references
            }
            Self.mergeDataContracts(&request, previous: previous, config: config, newVersion: newVersion)
        }
        let prepared = try Self.prepare(s, request, context: context, normalize: normalize, strict: true, memo: &memo)
        let candidate = prepared.record, parsed = prepared.parsed
        let key = candidate.contentKey
        let existingId = s.contexts[context]?.idByContent[key]

        // Step 2: the same schema already live in this subject is returned as it is.
        if let id = existingId, request.version == nil || request.version! <= 0, request.id == nil || request.id == id,
           let v = s.subjects[subject]?.last(where: { $0.id == id && !$0.deleted }), let record = s.record(context, id) {
            return Registered(record: record, version: v)
        }
        // Associations: a frozen subject keeps its one schema; a strongly associated
        // subject belongs to its topic and is not referenced.
        if !associating, let frozen = s.associations(of: subject).first(where: \.frozen) {
            throw RegistryError.associationFrozen(frozen.associationType, subject)
        }
        for r in candidate.references {
            let target = QualifiedSubject.resolve(r.subject, relativeTo: context)
            if s.associations(of: target).contains(where: { $0.lifecycle == .strong }) { throw RegistryError.stronglyAssociated(r.subject) }
        }
        // Step 4: the mode.
        switch mode {
        case .readOnly, .readOnlyOverride: throw RegistryError.readOnly(subject)
        case .importing:
            guard request.id != nil else { throw RegistryError.notReadWrite(subject) }
        case .readWrite:
            if let id = request.id, id >= 0, id != existingId { throw RegistryError.notImport(subject) }
        }
        // Step 10: compatibility with the live versions of the same compatibility group,
        // oldest first.
        if !importing && !force {
            let against = Self.comparedVersions(s, subject, level: config.level, group: config.group.map { ($0, DataContracts.groupValue(candidate.metadata, $0)) })
            let input = RegisterMemo.CheckInput(candidate: prepared.input, level: config.level, lenient: config.lenient,
                                                against: against.map { ContextId(context: $0.context, id: $0.id) })
            let refusal: CompatibilityRefusal?
            if let checked = memo.checked, checked.input == input {
                refusal = checked.refusal
            } else {
                refusal = SchemaSupport.check(parsed, against: history(s, against), level: config.level, lenient: config.lenient)
                memo.checked = RegisterMemo.Checked(input: input, refusal: refusal)
            }
            if let refusal {
                metrics.rejections.increment()
                throw RegistryError.incompatible(subject, refusal)
            }
        }
        if precheck { return nil }
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
            if let other = s.record(context, requested), other.contentKey != key { throw RegistryError.idOverwrite(requested, context: context) }
            id = requested
        } else if let existingId {
            id = existingId
        } else {
            id = s.maxId(context) + 1
        }
        // An overwrite that changes what a referenced version holds would change the
        // referrers' meaning under them. (The replaced schema keeps its id, so messages
        // written with it still decode.)
        if let replaced = s.subjects[subject]?.entry(version: version), replaced.id != id,
           !Self.referrers(s, subject: subject, version: version, includeDeleted: true).isEmpty {
            throw RegistryError.referenceExists(subject, version)
        }
        var record = candidate
        record.id = id
        if s.record(context, id) == nil { mutations.append(.putSchema(record)) }
        // Step 12: soft-deleted earlier versions of this subject holding the same id are
        // tombstoned (Confluent's fix for #4277), unless something references them. A newly
        // handed-out id is held by no version, so the subject's list is only walked for an id
        // that existed before (a registration costs the same with ten versions or 100,000).
        if id <= s.maxId(context), let versions = s.subjects[subject] {
            for old in versions where old.deleted && old.id == id && old.version != version
                && Self.referrers(s, subject: subject, version: old.version, includeDeleted: true).isEmpty {
                mutations.append(.removeVersion(subject: subject, version: old.version))
            }
        }
        let entry = SubjectVersion(subject: subject, version: version, id: id, deleted: false, timestamp: Self.now())
        mutations.append(.putVersion(entry))
        if id > s.maxId(context) { mutations.append(.putMaxId(context: context, id)) }
        // The first schema of a named context records it (it is listed from then on).
        if context != QualifiedSubject.defaultContext && !s.listedContexts.contains(context) { mutations.append(.putContext(context, true)) }
        try persist(&s, mutations)
        parsedCache.put(record, parsed)
        metrics.registrations.increment()
        return Registered(record: s.record(context, id) ?? record, version: entry)
    }

    /// Step 7's merge: the request's metadata and rule set (or, when it has none, the previous
    /// version's) between the config's defaults and overrides; `confluent:version` is set when
    /// the request names a version, and kept current when the merge carries it.
    static func mergeDataContracts(_ request: inout SchemaRequest, previous: SchemaRecord?, config: EffectiveConfig, newVersion: Int) {
        let metadata = request.metadata ?? previous?.metadata
        let ruleSet = request.ruleSet ?? previous?.ruleSet
        var merged = DataContracts.mergeMetadata(DataContracts.mergeMetadata(config.defaultMetadata, metadata), config.overrideMetadata)
        if (request.version ?? 0) != 0 || DataContracts.hasVersionProperty(merged) {
            merged = DataContracts.withVersionProperty(merged, newVersion)
        }
        request.metadata = merged
        request.ruleSet = DataContracts.mergeRuleSets(DataContracts.mergeRuleSets(config.defaultRuleSet, ruleSet), config.overrideRuleSet)
    }

    /// The parsed versions `level` compares with, oldest first: every live version for the
    /// transitive levels, the latest for the others, none for NONE — among the versions whose
    /// `group.name` property equals `group.value` (nil equals absent), when a compatibility
    /// group is configured. Only those are parsed, so a registration costs the same with ten
    /// versions or a hundred thousand.
    func history(_ s: State, _ subject: String, level: CompatibilityLevel,
                 group: (name: String, value: String?)? = nil) -> [(version: Int, schema: ParsedAny, text: String)] {
        history(s, Self.comparedVersions(s, subject, level: level, group: group))
    }

    /// The versions `history` parses.
    static func comparedVersions(_ s: State, _ subject: String, level: CompatibilityLevel, group: (name: String, value: String?)?) -> [SubjectVersion] {
        switch level {
        case .none: return []
        case .backwardTransitive, .forwardTransitive, .fullTransitive: return (s.subjects[subject] ?? []).filter { !$0.deleted && inGroup(s, $0, group) }
        case .backward, .forward, .full: return s.subjects[subject]?.last { !$0.deleted && inGroup(s, $0, group) }.map { [$0] } ?? []
        }
    }

    static func inGroup(_ s: State, _ v: SubjectVersion, _ group: (name: String, value: String?)?) -> Bool {
        guard let group else { return true }
        return DataContracts.groupValue(s.record(of: v)?.metadata, group.name) == group.value
    }

    /// `versions` parsed, with their text.
    func history(_ s: State, _ chosen: [SubjectVersion]) -> [(version: Int, schema: ParsedAny, text: String)] {
        return chosen.compactMap { v in
            guard let p = parsed(s, v.context, v.id), let r = s.record(of: v) else { return nil }
            return (v.version, p, r.schema)
        }
    }

    /// `POST /subjects/{s}` — the version of `subject` holding this schema.
    /// An unqualified subject not found in the default context is looked for in each named
    /// context, as Confluent does (reference §1.3).
    public func lookup(subject: String, _ request: SchemaRequest, normalize: Bool = false, deleted: Bool = false) throws(RegistryError) -> Registered {
        let subject = Self.key(subject)
        return try read { (s: State) throws(RegistryError) -> Registered in
            var candidates = [subject]
            let q = QualifiedSubject(subject)
            if q.isDefaultContext { candidates += s.listedContexts.sorted().map { QualifiedSubject(context: $0, name: q.name).qualified } }
            var firstError: RegistryError?
            for name in candidates {
                do throws(RegistryError) { return try Self.lookup(s, subject: name, request, normalize: normalize, deleted: deleted, defaultLevel: defaultLevel) } catch {
                    if firstError == nil { firstError = error }
                }
            }
            throw firstError ?? RegistryError.subjectNotFound(subject)
        }
    }

    static func lookup(_ s: State, subject: String, _ request: SchemaRequest, normalize: Bool, deleted: Bool, defaultLevel: CompatibilityLevel) throws(RegistryError) -> Registered {
        guard let versions = s.subjects[subject], versions.contains(where: { deleted || !$0.deleted }) else { throw RegistryError.subjectNotFound(subject) }
        let context = QualifiedSubject(subject).context
        let config = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel)
        let (candidate, _) = try Self.prepare(s, request, context: context, normalize: normalize || config.normalize, strict: false)
        let key = candidate.contentKey
        // Exact content first (the content index), then the same text whatever the metadata
        // (Confluent's canLookup).
        if let id = s.contexts[context]?.idByContent[key], let v = versions.last(where: { $0.id == id && (deleted || !$0.deleted) }), let r = s.record(context, id) {
            return Registered(record: r, version: v)
        }
        for v in versions.reversed() where deleted || !v.deleted {
            if let r = s.record(of: v), r.schema == candidate.schema, r.schemaType == candidate.schemaType, r.references == candidate.references {
                return Registered(record: r, version: v)
            }
        }
        throw RegistryError.schemaNotFound()
    }

    /// `POST /compatibility/subjects/{s}/versions[/{v}]`: why the schema would be refused, nil
    /// when compatible. With a version, only that one version is compared (the level's
    /// direction applies); without, the versions register would compare.
    public func checkCompatibility(subject: String, version: VersionSpec?, _ request: SchemaRequest, normalize: Bool = false) throws(RegistryError) -> CompatibilityRefusal? {
        let subject = Self.key(subject), context = QualifiedSubject(subject).context
        return try read { (s: State) throws(RegistryError) -> CompatibilityRefusal? in
            let config = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel)
            let target: SubjectVersion?
            switch version {
            case nil: target = nil
            case .latest?: target = s.subjects[subject]?.last { !$0.deleted }
            case .number(let n)?:
                guard let v = s.subjects[subject]?.entry(version: n), !v.deleted else { throw RegistryError.versionNotFound(n) }
                target = v
            }
            let (_, parsed) = try Self.prepare(s, request, context: context, normalize: normalize || config.normalize, strict: true)
            guard version != nil else {
                let group = config.group.map { ($0, DataContracts.groupValue(request.metadata, $0)) }
                return SchemaSupport.check(parsed, against: history(s, subject, level: config.level, group: group), level: config.level, lenient: config.lenient)
            }
            // One pair: only the direction of the level matters.
            let level: CompatibilityLevel
            switch config.level.direction {
            case .backward: level = .backward
            case .forward: level = .forward
            case .full: level = .full
            case .none: level = .none
            }
            return SchemaSupport.check(parsed, against: history(s, level == .none ? [] : target.map { [$0] } ?? []), level: level, lenient: config.lenient)
        }
    }
}
