/// A stable identifier for one kind of finding, e.g. `AVRO_READER_FIELD_MISSING_DEFAULT_VALUE`
/// or `AVRO_INVALID_DEFAULT`. Ids are never renamed: the server's verbose messages, `stele
/// check` output and tests all key on them (as buf keys on `FIELD_NO_DELETE`).
public struct RuleID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }
}

/// One entry of a rule catalogue: the id, a one-sentence purpose, and how severe it is.
public struct RuleDescriptor: Sendable, Hashable {
    public let id: RuleID
    public let purpose: String
    public let severity: Finding.Severity

    public init(id: RuleID, purpose: String, severity: Finding.Severity) {
        self.id = id
        self.purpose = purpose
        self.severity = severity
    }
}
