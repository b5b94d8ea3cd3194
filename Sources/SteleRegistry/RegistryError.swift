import SteleSchema
/// A registry refusal with Confluent's `error_code` and message text (reference §1.5). The
/// HTTP status is the code's first three digits for the five-digit codes, else the code.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let message: String
    /// For an incompatible schema: the subject and why (the server words its message from
    /// these; `message` is a plain summary).
    public let incompatibility: (subject: String, refusal: CompatibilityRefusal)?

    public init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
        self.incompatibility = nil
    }

    init(incompatible subject: String, _ refusal: CompatibilityRefusal) {
        code = Self.incompatibleCode
        incompatibility = (subject, refusal)
        let rules: String
        switch refusal.reason {
        case .findings(let f): rules = f.map(\.rule.rawValue).joined(separator: ", ")
        case .schemaTypeChanged: rules = "schema type changed"
        }
        message = "Schema is incompatible with version \(refusal.failingVersion) of subject \"\(subject)\" at \(refusal.level.rawValue): \(rules)"
    }

    public static func == (a: RegistryError, b: RegistryError) -> Bool {
        a.code == b.code && a.message == b.message && a.incompatibility?.subject == b.incompatibility?.subject && a.incompatibility?.refusal == b.incompatibility?.refusal
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }

    public var httpStatus: Int { code >= 10_000 ? code / 100 : code }
    public var description: String { "\(code) \(message)" }

    static func subjectNotFound(_ s: String) -> RegistryError { RegistryError(40401, "Subject '\(s)' not found.") }
    static func versionNotFound(_ v: Int) -> RegistryError { RegistryError(40402, "Version \(v) not found.") }
    static func schemaNotFound(_ id: Int? = nil) -> RegistryError { RegistryError(40403, id.map { "Schema \($0) not found" } ?? "Schema not found") }
    static func subjectSoftDeleted(_ s: String) -> RegistryError { RegistryError(40404, "Subject '\(s)' was soft deleted.Set permanent=true to delete permanently") }
    static func subjectNotSoftDeleted(_ s: String) -> RegistryError { RegistryError(40405, "Subject '\(s)' was not deleted first before being permanently deleted") }
    static func versionSoftDeleted(_ s: String, _ v: Int) -> RegistryError { RegistryError(40406, "Subject '\(s)' Version \(v) was soft deleted.Set permanent=true to delete permanently") }
    static func versionNotSoftDeleted(_ s: String, _ v: Int) -> RegistryError { RegistryError(40407, "Subject '\(s)' Version \(v) was not deleted first before being permanently deleted") }
    static func noSubjectConfig(_ s: String) -> RegistryError { RegistryError(40408, "Subject '\(s)' does not have subject-level compatibility configured") }
    static func noSubjectMode(_ s: String) -> RegistryError { RegistryError(40409, "Subject '\(s)' does not have subject-level mode configured") }
    /// Confluent 8.x's code for an incompatible schema (7.x sends 409; the server translates).
    public static let incompatibleCode = 40901
    static func incompatible(_ s: String, _ refusal: CompatibilityRefusal) -> RegistryError {
        RegistryError(incompatible: s, refusal)
    }
    static func invalidSchema(_ message: String) -> RegistryError { RegistryError(42201, message) }
    public static func invalidVersion(_ v: String) -> RegistryError {
        RegistryError(42202, "The specified version '\(v)' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"")
    }
    static let invalidLevel = RegistryError(42203, "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive")
    public static let invalidMode = RegistryError(42204, "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, and IMPORT.")
    static func readOnly(_ s: String) -> RegistryError { RegistryError(42205, "Subject \(inContext(s)) is in read-only mode") }
    static func notImport(_ s: String) -> RegistryError { RegistryError(42205, "Subject \(inContext(s)) is not in import mode") }
    static func notReadWrite(_ s: String) -> RegistryError { RegistryError(42205, "Subject \(inContext(s)) is not in read-write mode") }
    static func idOverwrite(_ id: Int, context: String) -> RegistryError { RegistryError(42205, "Overwrite new schema with id \(id) in context \(context) is not permitted.") }
    /// `name in context .ctx`, as Confluent's messages name a subject.
    private static func inContext(_ subject: String) -> String {
        let q = QualifiedSubject(subject)
        return "\(q.name) in context \(q.context)"
    }
    public static let invalidContext = RegistryError(400, "Context name cannot contain a colon")
    static func referenceExists(_ s: String, _ v: Int) -> RegistryError {
        RegistryError(42206, "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=\(s),version=\(v)}.")
    }
    static func invalidSubject(_ s: String) -> RegistryError { RegistryError(42208, "The specified subject '\(s)' is not a valid.") }
    static func store(_ detail: String) -> RegistryError { RegistryError(50001, "Register schema operation failed while writing to the store: \(detail)") }
}
