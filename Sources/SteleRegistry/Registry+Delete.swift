import SteleSchema
extension Registry {
    /// `DELETE /subjects/{s}` (reference §1.6): soft deletes every live version; permanent
    /// deletes require every version to be soft-deleted first, and also drop config and mode.
    public func deleteSubject(_ subject: String, permanent: Bool = false) async throws(RegistryError) -> [Int] {
        let subject = Self.key(subject)
        return try await write { [self] (s: inout State) throws(RegistryError) -> [Int] in
            // A subject a topic is associated with stays until the association goes.
            if !s.associations(of: subject).isEmpty { throw RegistryError.associationForSubjectExists(subject) }
            return try deleteSubject(&s, subject, permanent: permanent)
        }
    }

    /// The subject delete under the state lock, without the association check (a cascading
    /// association delete removes its STRONG subject this way).
    func deleteSubject(_ s: inout State, _ subject: String, permanent: Bool) throws(RegistryError) -> [Int] {
        guard let versions = s.subjects[subject], !versions.isEmpty else { throw RegistryError.subjectNotFound(subject) }
        let mode = Self.effectiveMode(s, subject)
        if mode == .readOnly || mode == .readOnlyOverride { throw RegistryError.readOnly(subject) }
        var mutations: [StoreMutation] = []
        let result: [Int]
        if permanent {
            if versions.contains(where: { !$0.deleted }) { throw RegistryError.subjectNotSoftDeleted(subject) }
            for v in versions where !Self.referrers(s, subject: subject, version: v.version, includeDeleted: true, excludingSubject: subject).isEmpty {
                throw RegistryError.referenceExists(subject, v.version)
            }
            for v in versions.reversed() { mutations.append(.removeVersion(subject: subject, version: v.version)) }
            mutations += Self.orphanedSchemas(s, removing: Array(versions))
            mutations.append(.putConfig(scope: subject, nil))
            mutations.append(.putMode(scope: subject, nil))
            result = versions.map(\.version)
        } else {
            let live = versions.filter { !$0.deleted }
            if live.isEmpty { throw RegistryError.subjectSoftDeleted(subject) }
            for v in live where !Self.referrers(s, subject: subject, version: v.version, includeDeleted: false, excludingSubject: subject).isEmpty {
                throw RegistryError.referenceExists(subject, v.version)
            }
            for var v in live {
                v.deleted = true
                mutations.append(.putVersion(v))
            }
            result = live.map(\.version)
        }
        try persist(&s, mutations)
        return result
    }

    /// `DELETE /subjects/{s}/versions/{v}`.
    public func deleteVersion(_ subject: String, _ spec: VersionSpec, permanent: Bool = false) async throws(RegistryError) -> Int {
        let subject = Self.key(subject)
        return try await write { [self] (s: inout State) throws(RegistryError) -> Int in
            guard let versions = s.subjects[subject], !versions.isEmpty else { throw RegistryError.subjectNotFound(subject) }
            let mode = Self.effectiveMode(s, subject)
            if mode == .readOnly || mode == .readOnlyOverride { throw RegistryError.readOnly(subject) }
            let target: SubjectVersion?
            switch spec {
            case .latest: target = permanent ? versions.last : versions.last { !$0.deleted }
            case .number(let n): target = versions.entry(version: n)
            }
            guard var v = target else {
                if case .number(let n) = spec { throw RegistryError.versionNotFound(n) }
                throw RegistryError.subjectNotFound(subject)
            }
            var mutations: [StoreMutation] = []
            if permanent {
                if !v.deleted { throw RegistryError.versionNotSoftDeleted(subject, v.version) }
                if !Self.referrers(s, subject: subject, version: v.version, includeDeleted: true).isEmpty { throw RegistryError.referenceExists(subject, v.version) }
                mutations.append(.removeVersion(subject: subject, version: v.version))
                mutations += Self.orphanedSchemas(s, removing: [v])
                if versions.count == 1 {
                    mutations.append(.putConfig(scope: subject, nil))
                    mutations.append(.putMode(scope: subject, nil))
                }
            } else {
                if v.deleted { throw RegistryError.versionSoftDeleted(subject, v.version) }
                // An associated subject keeps at least one live version.
                if !versions.contains(where: { !$0.deleted && $0.version != v.version }), !s.associations(of: subject).isEmpty {
                    throw RegistryError.noActiveVersion(subject)
                }
                if !Self.referrers(s, subject: subject, version: v.version, includeDeleted: false).isEmpty { throw RegistryError.referenceExists(subject, v.version) }
                v.deleted = true
                mutations.append(.putVersion(v))
            }
            try persist(&s, mutations)
            return v.version
        }
    }
}

extension Registry {
    /// `.removeSchema` for each id no version holds once `removed` are gone (ids are counted
    /// in their subjects' contexts).
    static func orphanedSchemas(_ s: State, removing removed: [SubjectVersion]) -> [StoreMutation] {
        let gone = Set(removed.map { "\($0.subject)\u{0}\($0.version)" })
        var holders: [ContextId: Int] = [:]
        for versions in s.subjects.values {
            for v in versions where !gone.contains("\(v.subject)\u{0}\(v.version)") { holders[ContextId(context: v.context, id: v.id), default: 0] += 1 }
        }
        return Set(removed.map { ContextId(context: $0.context, id: $0.id) }).filter { holders[$0] == nil }.sorted()
            .map { StoreMutation.removeSchema(context: $0.context, id: $0.id) }
    }

    /// `DELETE /contexts/{ctx}` (8.0.1+): 42211 while any subject remains in it, soft-deleted
    /// ones included; otherwise it is no longer listed (also when it never was: Confluent does
    /// not check). Its id counter stays, so its ids are not handed out again if it is reused.
    public func deleteContext(_ raw: String) async throws(RegistryError) {
        guard let context = QualifiedSubject.normalizeContext(raw) else { throw RegistryError.invalidContext }
        try await write { [self] (s: inout State) throws(RegistryError) in
            if s.subjects.keys.contains(where: { QualifiedSubject($0).context == context }) {
                throw RegistryError(42211, "The specified context '\(QualifiedSubject.prefix(ofContext: context))' is not empty.")
            }
            guard s.listedContexts.contains(context) else { return }
            try persist(&s, [.putContext(context, false)])
        }
    }
}
