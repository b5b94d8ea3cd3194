/// A format's reader/writer compatibility check, the one primitive every level is built from.
public protocol CompatibilityChecking: Sendable {
    associatedtype Schema: ParsedSchema
    /// Every reason data written with `writer` cannot be read with `reader` (empty when it can).
    /// `direction` says which of the two is the new schema, for message wording.
    func incompatibilities(reader: Schema, writer: Schema, direction: CheckDirection) -> [Finding]
}

/// The outcome of checking a new schema against a subject's history at a level.
public struct CompatibilityReport: Sendable, Hashable {
    /// One compared pair: the old version, and the findings of each direction checked.
    public struct Comparison: Sendable, Hashable {
        public var version: Int
        public var findings: [Finding]
        public var isCompatible: Bool { findings.allSatisfy { $0.severity != .error } }
    }

    public var level: CompatibilityLevel
    /// The pairs compared, newest first; transitive checks stop at the first failing version,
    /// as Confluent's do.
    public var comparisons: [Comparison]

    public var isCompatible: Bool { comparisons.allSatisfy(\.isCompatible) }
    /// The version that broke the level, if any.
    public var failingVersion: Int? { comparisons.first { !$0.isCompatible }?.version }
    /// The findings of the failing comparison (Confluent reports one old version only).
    public var findings: [Finding] { comparisons.first { !$0.isCompatible }?.findings ?? [] }
}

extension CompatibilityChecking {
    /// Checks `new` against `history` (live versions, oldest first, with their version
    /// numbers) at `level`, with Confluent's choice of versions and directions (reference §2):
    /// non-transitive levels compare with the latest version only; transitive ones with every
    /// version, newest first, stopping at the first failure; FULL checks forward, then backward.
    public func check(_ new: Schema, against history: [(version: Int, schema: Schema)], level: CompatibilityLevel) -> CompatibilityReport {
        var report = CompatibilityReport(level: level, comparisons: [])
        guard level != .none, !history.isEmpty else { return report }
        let candidates = level.isTransitive ? Array(history.reversed()) : [history[history.count - 1]]
        for (version, old) in candidates {
            var findings: [Finding] = []
            switch level.direction {
            case .none: break
            case .backward:
                findings = incompatibilities(reader: new, writer: old, direction: .backward)
            case .forward:
                findings = incompatibilities(reader: old, writer: new, direction: .forward)
            case .full:
                findings = incompatibilities(reader: old, writer: new, direction: .forward)
                    + incompatibilities(reader: new, writer: old, direction: .backward)
            }
            let comparison = CompatibilityReport.Comparison(version: version, findings: findings)
            report.comparisons.append(comparison)
            if !comparison.isCompatible { break }
        }
        return report
    }
}
