import SteleJSON

/// One thing a schema engine has to say about a schema or a pair of schemas: a parse error,
/// a warning, an incompatibility or a change. The same value feeds REST error messages,
/// `stele check` output and tests.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error
        case warning
        case info

        private var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .info: return 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var rule: RuleID
    public var severity: Severity
    public var message: String
    /// Where in the schema document (JSON Pointer into the schema text's JSON).
    public var pointer: JSONPointer
    /// Where in the source text; `.unknown` (line 0) when the text is not known.
    public var range: SourceRange
    /// The file the schema came from, when it came from one.
    public var file: String?
    /// The format's own short detail, e.g. Avro's incompatibility message (`[C, D]`, `expected:
    /// 16, found: 8`), which Confluent returns as `additionalInfo`.
    public var detail: String?
    /// A datum demonstrating the finding (for incompatibilities), checked before it is shown.
    public var witness: JSONValue?

    public init(
        rule: RuleID, severity: Severity = .error, message: String, pointer: JSONPointer = .root,
        range: SourceRange = .unknown, file: String? = nil, detail: String? = nil, witness: JSONValue? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.pointer = pointer
        self.range = range
        self.file = file
        self.detail = detail
        self.witness = witness
    }

    /// `file:line:col: RULE message` (the parts that are known), as buf and compilers print.
    public var description: String {
        var prefix = ""
        if let file { prefix += file + ":" }
        if range.start.isKnown { prefix += "\(range.start.line):\(range.start.column):" }
        if !prefix.isEmpty { prefix += " " }
        let at = pointer.tokens.isEmpty ? "" : " (at \(pointer))"
        return "\(prefix)\(rule) \(message)\(at)"
    }
}

extension Array where Element == Finding {
    /// Sorted by file, position, pointer and rule, with exact duplicates removed (as buf's
    /// `FileAnnotationSet`).
    public func sortedAndDeduplicated() -> [Finding] {
        var seen = Set<Finding>()
        let unique = filter { seen.insert($0).inserted }
        return unique.sorted { a, b in
            if (a.file ?? "") != (b.file ?? "") { return (a.file ?? "") < (b.file ?? "") }
            if a.range.start != b.range.start { return a.range.start < b.range.start }
            if a.pointer.description != b.pointer.description { return a.pointer.description < b.pointer.description }
            return a.rule < b.rule
        }
    }

    public var errors: [Finding] { filter { $0.severity == .error } }
    public var warnings: [Finding] { filter { $0.severity == .warning } }
}
