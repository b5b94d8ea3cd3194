/// A schema was rejected: one or more error findings, each with its rule id and position.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var findings: [Finding]

    public init(_ findings: [Finding]) { self.findings = findings }
    public init(_ finding: Finding) { self.findings = [finding] }

    /// The first error: what a one-line message (a REST 422, a CLI error) shows.
    public var primary: Finding { findings.first ?? Finding(rule: "SCHEMA_INVALID", message: "invalid schema") }

    public var description: String { findings.map(\.description).joined(separator: "\n") }
}
