import SteleSchema

/// Associations (Confluent 8.x `/associations`): which subject holds a topic's keys or values.
/// The rules follow Confluent's: one association per (resource, type); a subject with a STRONG
/// association has no other; a subject with any association is not deleted, nor left without a
/// live version; a frozen one is created with its schema in an empty subject and never changes.
extension Registry {
    /// One association of a create or update request.
    public struct AssociationItem: Sendable {
        public var subject: String?
        public var associationType: String?
        public var lifecycle: AssociationLifecycle?
        public var frozen: Bool?
        /// Registered in the subject first (a STRONG association brings its schema).
        public var schema: SchemaRequest?
        public var normalize: Bool

        public init(subject: String? = nil, associationType: String? = nil, lifecycle: AssociationLifecycle? = nil, frozen: Bool? = nil,
                    schema: SchemaRequest? = nil, normalize: Bool = false) {
            self.subject = subject
            self.associationType = associationType
            self.lifecycle = lifecycle
            self.frozen = frozen
            self.schema = schema
            self.normalize = normalize
        }
    }

    /// `POST /associations` and `PUT /associations/resources/{id}` (AssociationCreateOrUpdateRequest).
    public struct AssociationRequest: Sendable {
        public var resourceName: String?
        public var resourceNamespace: String?
        public var resourceId: String?
        public var resourceType: String?
        public var associations: [AssociationItem]

        public init(resourceName: String?, resourceNamespace: String?, resourceId: String?, resourceType: String? = nil, associations: [AssociationItem]) {
            self.resourceName = resourceName
            self.resourceNamespace = resourceNamespace
            self.resourceId = resourceId
            self.resourceType = resourceType
            self.associations = associations
        }
    }

    /// What a create or update did: each association with the schema registered for it.
    public struct AssociationOutcome: Sendable {
        public var resourceName: String
        public var resourceNamespace: String
        public var resourceId: String
        public var resourceType: String
        public var associations: [(association: Association, registered: Registered?)]
    }

    static let maxAssociations = 100_000
    static let associationTypes = ["key", "value"]

    // MARK: reads

    /// `GET /associations/subjects/{s}`.
    public func associations(subject: String, resourceType: String = "topic", associationTypes: [String] = [],
                             lifecycle: AssociationLifecycle? = nil) -> [Association] {
        let subject = Self.key(subject)
        return read { s in Self.filter(s.associations(of: subject), resourceType, associationTypes, lifecycle) }
    }

    /// `GET /associations/resources/{namespace}/{name}`; the namespace `-` matches every cluster.
    public func associations(resourceName: String, namespace: String, resourceType: String = "topic", associationTypes: [String] = [],
                             lifecycle: AssociationLifecycle? = nil) -> [Association] {
        read { s in
            Self.filter(s.associations.values.filter { $0.resourceName == resourceName && (namespace == "-" || $0.resourceNamespace == namespace) },
                        resourceType, associationTypes, lifecycle)
        }
    }

    /// `GET /associations/resources/{id}`.
    public func associations(resourceId: String, resourceType: String = "topic", associationTypes: [String] = [],
                             lifecycle: AssociationLifecycle? = nil) -> [Association] {
        read { s in Self.filter(s.associations.values.filter { $0.resourceId == resourceId }, resourceType, associationTypes, lifecycle) }
    }

    static func filter(_ list: [Association], _ resourceType: String, _ types: [String], _ lifecycle: AssociationLifecycle?) -> [Association] {
        list.filter { ($0.resourceType == resourceType) && (types.isEmpty || types.contains($0.associationType)) && (lifecycle == nil || $0.lifecycle == lifecycle) }
            .sorted { ($0.key, $0.subject) < ($1.key, $1.subject) }
    }

    // MARK: create and update

    /// Creates (`createOnly`) or creates-or-updates the request's associations, registering
    /// their schemas first; `dryRun` checks everything and writes nothing.
    public func associate(_ request: AssociationRequest, createOnly: Bool, dryRun: Bool = false) async throws(RegistryError) -> AssociationOutcome {
        try await write { [self] (s: inout State) throws(RegistryError) -> AssociationOutcome in
            try associate(&s, request, createOnly: createOnly, dryRun: dryRun)
        }
    }

    func associate(_ s: inout State, _ request: AssociationRequest, createOnly: Bool, dryRun: Bool) throws(RegistryError) -> AssociationOutcome {
        let (resource, items) = try Self.validate(request, createOnly: createOnly, dryRun: dryRun)
        for item in items {
            let subject = item.subject!
            let live = s.subjects[subject]?.contains { !$0.deleted } ?? false
            // Without a schema to register, the subject must already hold one.
            if item.schema == nil && !live { throw RegistryError.noActiveVersion(subject) }
            let key = AssociationKey(resourceId: resource.id, resourceType: resource.type, associationType: item.associationType!)
            if let existing = s.associations[key] {
                let equivalent = existing.subject == subject && (item.lifecycle == nil || item.lifecycle == existing.lifecycle)
                    && (item.frozen == nil || item.frozen == existing.frozen)
                if equivalent { continue }
                if createOnly { throw RegistryError.associationForResourceExists(key.associationType, resource.id) }
                if existing.subject != subject { throw RegistryError.invalidAssociation("subject", "subject of association cannot be changed") }
                if let frozen = item.frozen, frozen != existing.frozen { throw RegistryError.invalidAssociation("frozen", "frozen attribute of association cannot be changed") }
                if existing.frozen { throw RegistryError.associationFrozen(key.associationType, subject) }
            } else if item.frozen == true {
                if item.schema == nil { throw RegistryError.invalidAssociation("frozen", "schema must be provided when creating a frozen association") }
                if s.subjects[subject]?.isEmpty == false { throw RegistryError.invalidAssociation("frozen", "cannot create a frozen association when schemas already exist in the subject") }
            }
            let others = s.associations(of: subject).filter { $0.key != key }
            if !others.isEmpty {
                if item.lifecycle == .strong { throw RegistryError.associationForSubjectExists(subject) }
                if others.contains(where: { $0.lifecycle == .strong }) { throw RegistryError.strongAssociationExists(subject) }
            }
        }
        if s.associations.count + items.count > Self.maxAssociations { throw RegistryError(40902, "A maximum of \(Self.maxAssociations) associations already exist") }

        var out: [(association: Association, registered: Registered?)] = []
        var mutations: [StoreMutation] = []
        for item in items {
            let subject = item.subject!
            var registered: Registered?
            if let schema = item.schema, !dryRun {
                try Self.validateSubject(subject)
                registered = try register(&s, subject: subject, schema, normalize: item.normalize, force: false, associating: true)
            }
            let key = AssociationKey(resourceId: resource.id, resourceType: resource.type, associationType: item.associationType!)
            var association = s.associations[key] ?? Association(
                subject: subject, guid: Self.randomUUID(), resourceName: resource.name, resourceNamespace: resource.namespace, resourceId: resource.id,
                resourceType: resource.type, associationType: key.associationType, lifecycle: item.lifecycle ?? .weak, frozen: item.frozen ?? false)
            if let lifecycle = item.lifecycle { association.lifecycle = lifecycle }
            if let frozen = item.frozen { association.frozen = frozen }
            if association != s.associations[key] { mutations.append(.putAssociation(association)) }
            out.append((association, registered))
        }
        if !dryRun && !mutations.isEmpty { try persist(&s, mutations) }
        return AssociationOutcome(resourceName: resource.name, resourceNamespace: resource.namespace, resourceId: resource.id, resourceType: resource.type,
                                  associations: out)
    }

    /// Confluent's request validation (AssociationCreateOrUpdateRequest.validate), with its
    /// defaults filled in: type `topic`, association type `value`, a CREATE's lifecycle WEAK,
    /// and the subject `:.{namespace}:{name}-{type}` when none is named.
    static func validate(_ request: AssociationRequest, createOnly: Bool, dryRun: Bool) throws(RegistryError)
        -> (resource: (name: String, namespace: String, id: String, type: String), items: [AssociationItem]) {
        // Confluent's `RestValidation.checkName`: 1–256 letters, digits, `_` and `-`; a topic
        // name may also hold `.`, as Kafka allows.
        func name(_ value: String?, _ property: String, extra: Set<Character> = []) throws(RegistryError) -> String {
            guard let value, !value.isEmpty else { throw RegistryError.invalidAssociation(property, "cannot be null or empty") }
            guard value.count <= 256 else { throw RegistryError.invalidAssociation(property, "exceeds max length of 256") }
            if let c = value.first(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || extra.contains($0)) }) {
                throw RegistryError.invalidAssociation(property, "illegal character '\(c)'")
            }
            return value
        }
        let resourceName = try name(request.resourceName, "resourceName", extra: ["."])
        let namespace = try name(request.resourceNamespace, "resourceNamespace")
        let resourceId = request.resourceId ?? ""
        if resourceId.isEmpty && !dryRun { throw RegistryError.invalidAssociation("resourceId", "cannot be null or empty") }
        let type = request.resourceType.flatMap { $0.isEmpty ? nil : $0 } ?? "topic"
        guard type == "topic" else { throw RegistryError.invalidAssociation("resourceType", "must be 'topic'") }
        guard !request.associations.isEmpty else { throw RegistryError.invalidAssociation("associations", "cannot be null or empty") }
        var items: [AssociationItem] = []
        var seen = Set<String>()
        var frozenState: Bool?
        for var item in request.associations {
            let associationType = item.associationType.flatMap { $0.isEmpty ? nil : $0 } ?? "value"
            guard associationTypes.contains(associationType) else { throw RegistryError.invalidAssociation("associationType", "must be either 'key' or 'value'") }
            guard seen.insert(associationType).inserted else { throw RegistryError.invalidAssociation("associationType", "duplicate association type '\(associationType)'") }
            item.associationType = associationType
            if createOnly && item.lifecycle == nil { item.lifecycle = .weak }
            if item.lifecycle == .weak {
                if item.schema != nil { throw RegistryError.invalidAssociation("lifecycle", "cannot be WEAK when schema is provided") }
                if item.frozen == true { throw RegistryError.invalidAssociation("frozen", "association with lifecycle of WEAK cannot be frozen") }
            }
            let defaultSubject = ":.\(namespace):\(resourceName)-\(associationType)"
            let subject = Self.key(item.subject ?? defaultSubject)
            do throws(RegistryError) { try validateSubject(subject) } catch { throw RegistryError.invalidAssociation("subject", "'\(subject)' is not a valid subject") }
            item.subject = subject
            if item.frozen == true && subject != Self.key(defaultSubject) {
                throw RegistryError.invalidAssociation("subject", "frozen associations must use subject '\(defaultSubject)'")
            }
            if let frozen = item.frozen {
                if let state = frozenState, state != frozen {
                    throw RegistryError.invalidAssociation("frozen", "all associations for a resource must be consistently frozen or non-frozen")
                }
                frozenState = frozen
            }
            items.append(item)
        }
        return ((resourceName, namespace, resourceId, type), items)
    }

    // MARK: delete

    /// `DELETE /associations/resources/{id}`: a frozen association only with `cascadeLifecycle`,
    /// which also deletes (soft, then permanently) the subject of each STRONG association.
    public func deleteAssociations(resourceId: String, resourceType: String = "topic", associationTypes: [String] = [], cascade: Bool,
                                   dryRun: Bool = false) async throws(RegistryError) {
        try await write { [self] (s: inout State) throws(RegistryError) in
            try deleteAssociations(&s, resourceId: resourceId, resourceType: resourceType, associationTypes: associationTypes, cascade: cascade, dryRun: dryRun)
        }
    }

    func deleteAssociations(_ s: inout State, resourceId: String, resourceType: String, associationTypes: [String], cascade: Bool, dryRun: Bool) throws(RegistryError) {
        let doomed = Self.filter(s.associations.values.filter { $0.resourceId == resourceId }, resourceType, associationTypes, nil)
        guard !doomed.isEmpty else { throw RegistryError.associationNotFound(resourceId) }
        if !cascade, let frozen = doomed.first(where: \.frozen) { throw RegistryError.associationFrozen(frozen.associationType, frozen.subject) }
        if dryRun { return }
        try persist(&s, doomed.map { .removeAssociation($0.key) })
        guard cascade else { return }
        for a in doomed where a.lifecycle == .strong && s.associations(of: a.subject).isEmpty {
            if s.subjects[a.subject]?.contains(where: { !$0.deleted }) == true { _ = try deleteSubject(&s, a.subject, permanent: false) }
            if s.subjects[a.subject]?.isEmpty == false { _ = try deleteSubject(&s, a.subject, permanent: true) }
        }
    }

    /// A version-4 UUID from the system's random generator.
    static func randomUUID() -> String {
        var g = SystemRandomNumberGenerator()
        var high = g.next() as UInt64, low = g.next() as UInt64
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC000_0000_0000_0000 as UInt64)) | 0x8000_0000_0000_0000
        return SchemaGUID(high: high, low: low).description
    }
}
