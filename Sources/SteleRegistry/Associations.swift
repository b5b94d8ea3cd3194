/// How an association holds its subject: a STRONG one owns it (deleting the association with
/// `cascadeLifecycle` deletes the subject too, and nothing else may reference or associate
/// with it); a WEAK one only points at it.
public enum AssociationLifecycle: String, Sendable, Hashable {
    case strong = "STRONG"
    case weak = "WEAK"
}

/// A binding of a Kafka resource (a topic) to the subject of its keys or values (Confluent
/// 8.x): what the ASSOCIATED subject-name strategy of new clients looks a topic's subject up by.
public struct Association: Sendable, Hashable {
    public var subject: String
    /// A random identity (Confluent's is a UUID too).
    public var guid: String
    public var resourceName: String
    /// The Kafka cluster id the topic lives in (clients without one ask with `-`).
    public var resourceNamespace: String
    public var resourceId: String
    public var resourceType: String
    /// `key` or `value`.
    public var associationType: String
    public var lifecycle: AssociationLifecycle
    /// A frozen association's subject holds exactly the schema it was created with.
    public var frozen: Bool

    public init(subject: String, guid: String, resourceName: String, resourceNamespace: String, resourceId: String, resourceType: String = "topic",
                associationType: String, lifecycle: AssociationLifecycle, frozen: Bool) {
        self.subject = subject
        self.guid = guid
        self.resourceName = resourceName
        self.resourceNamespace = resourceNamespace
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.associationType = associationType
        self.lifecycle = lifecycle
        self.frozen = frozen
    }

    public var key: AssociationKey { AssociationKey(resourceId: resourceId, resourceType: resourceType, associationType: associationType) }
}

/// A resource has at most one association of each type.
public struct AssociationKey: Sendable, Hashable, Comparable {
    public var resourceId: String
    public var resourceType: String
    public var associationType: String

    public init(resourceId: String, resourceType: String, associationType: String) {
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.associationType = associationType
    }

    public static func < (a: AssociationKey, b: AssociationKey) -> Bool {
        (a.resourceId, a.resourceType, a.associationType) < (b.resourceId, b.resourceType, b.associationType)
    }
}

extension RegistryError {
    static func associationNotFound(_ resource: String) -> RegistryError { RegistryError(40410, "Association for '\(resource)' not found.") }
    static func associationForResourceExists(_ type: String, _ resource: String) -> RegistryError {
        RegistryError(40903, "An association of type '\(type)' already exists for resource '\(resource)'")
    }
    static func associationForSubjectExists(_ subject: String) -> RegistryError { RegistryError(40904, "An association already exists for subject '\(subject)'") }
    static func strongAssociationExists(_ subject: String) -> RegistryError { RegistryError(40905, "A strong association already exists for subject '\(subject)'") }
    static func noActiveVersion(_ subject: String) -> RegistryError { RegistryError(40907, "No active (non-deleted) version exists for subject '\(subject)'") }
    static func associationFrozen(_ type: String, _ subject: String) -> RegistryError {
        RegistryError(40908, "The association of type  '\(type)' is frozen for subject '\(subject)'")
    }
    static func invalidAssociation(_ property: String, _ detail: String) -> RegistryError {
        RegistryError(42212, "The association specified an invalid value for property: '\(property)', detail: \(detail)")
    }
    static func stronglyAssociated(_ subject: String) -> RegistryError { RegistryError(42205, "Subject '\(subject)' has a strong association and cannot be referenced") }
}
