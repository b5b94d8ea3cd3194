/// A subject's compatibility level: a direction × a scope (latest version or all of them), as
/// Confluent defines them (reference §2). `NONE` checks nothing.
public enum CompatibilityLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case none = "NONE"
    case backward = "BACKWARD"
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    case forward = "FORWARD"
    case forwardTransitive = "FORWARD_TRANSITIVE"
    case full = "FULL"
    case fullTransitive = "FULL_TRANSITIVE"

    /// Which way data must flow.
    public enum Direction: Sendable, Hashable {
        case none
        /// The new schema reads data written with the old one (consumers upgrade first).
        case backward
        /// The old schema reads data written with the new one (producers upgrade first).
        case forward
        /// Both.
        case full
    }

    /// Names are case-insensitive on input, as in Confluent.
    public init?(lenient text: String) {
        self.init(rawValue: text.uppercased())
    }

    public var direction: Direction {
        switch self {
        case .none: return .none
        case .backward, .backwardTransitive: return .backward
        case .forward, .forwardTransitive: return .forward
        case .full, .fullTransitive: return .full
        }
    }

    /// Transitive levels compare with every live version; the others with the latest only.
    public var isTransitive: Bool {
        self == .backwardTransitive || self == .forwardTransitive || self == .fullTransitive
    }
}

/// Which side of a reader/writer check the new schema is on, for message wording: Confluent
/// fills its templates with "new"/"old" for the backward direction, "old"/"new" for forward.
public enum CheckDirection: Sendable, Hashable {
    /// reader = new, writer = old.
    case backward
    /// reader = old, writer = new.
    case forward

    public var readerLabel: String { self == .backward ? "new" : "old" }
    public var writerLabel: String { self == .backward ? "old" : "new" }
}

/// How a change affects compatibility, in words: "compatible both ways", "breaks BACKWARD",
/// "breaks FORWARD" or "breaks BACKWARD and FORWARD" (every format's semantic diff says it so).
public func compatibilityImpact(breaksBackward: Bool, breaksForward: Bool) -> String {
    switch (breaksBackward, breaksForward) {
    case (false, false): return "compatible both ways"
    case (true, false): return "breaks BACKWARD"
    case (false, true): return "breaks FORWARD"
    case (true, true): return "breaks BACKWARD and FORWARD"
    }
}
