import SteleJSON
import SteleSchema

/// The findings `stele check` adds to the engines' own.
enum CheckRules {
    /// A subject (its file) is gone: every consumer of it breaks (buf's FILE_NO_DELETE).
    static let subjectDeleted: RuleID = "SUBJECT_DELETED"
    /// A new subject: nothing to compare with (a notice).
    static let subjectAdded: RuleID = "SUBJECT_ADDED"
    /// A subject's file moved; the subject is compared as usual (a notice).
    static let subjectMoved: RuleID = "SUBJECT_FILE_MOVED"
    /// Avro became JSON Schema or back: Confluent refuses a new version of another type.
    static let typeChanged: RuleID = "SUBJECT_TYPE_CHANGED"
    /// The earlier form does not parse even leniently; it cannot be compared (a warning).
    static let baselineInvalid: RuleID = "BASELINE_INVALID"
    /// The registry says incompatible but gave no finding of its own to show.
    static let registryIncompatible: RuleID = "REGISTRY_INCOMPATIBLE"

    static let purposes: [RuleID: String] = [
        subjectDeleted: "A subject was removed; its producers and consumers lose their schema.",
        subjectAdded: "A new subject; there is no earlier version to compare with.",
        subjectMoved: "A subject's schema file moved; it is compared with its earlier form.",
        typeChanged: "A subject's schema type changed; registries refuse a new version of another type.",
        baselineInvalid: "The earlier form of a schema does not parse, so it could not be compared.",
        registryIncompatible: "The registry refused the schema as incompatible.",
    ]

    /// A sentence for any rule id: the catalogue's, else the id in words.
    static func purpose(_ rule: RuleID) -> String {
        if let p = purposes[rule] { return p }
        let words = rule.rawValue.split(separator: "_").map { $0.lowercased() }
        guard let first = words.first else { return rule.rawValue }
        let head = first == "avro" ? "Avro" : first == "json" ? "JSON Schema" : first.prefix(1).uppercased() + first.dropFirst()
        return ([head] + words.dropFirst()).joined(separator: " ") + "."
    }
}

/// One finding of `stele check`, with where it is and what it was checked against.
struct CheckFinding: Sendable {
    var finding: Finding
    /// The file as the user named it (`schemas/ride.avsc`), relative to where check runs.
    var path: String
    var subject: String
    var level: CompatibilityLevel?
    var direction: CheckDirection?
    /// The registry version compared with, for `--against registry` and `check SUBJECT FILE`.
    var version: Int?
    /// The format, for wording a witness (a datum for Avro, a document for JSON Schema).
    var type: SchemaTypeName?

    var rule: RuleID { finding.rule }
    var severity: Finding.Severity { finding.severity }
    var start: SourcePosition { finding.range.start }
}

/// What one run of `stele check` found, in the order it is printed.
struct CheckReport: Sendable {
    enum Outcome: String, Sendable {
        case compatible, incompatible, added, deleted, invalid, skipped
    }

    struct Subject: Sendable {
        var subject: String
        var path: String
        var outcome: Outcome
    }

    /// What the schemas were compared with: `git:main`, a folder, `registry`.
    var against: String
    var subjects: [Subject] = []
    var findings: [CheckFinding] = []

    /// 1 when a schema does not parse, else 100 when an error finding remains, else 0.
    var exitCode: Int32 {
        if subjects.contains(where: { $0.outcome == .invalid }) { return SteleExit.inputError }
        return findings.contains { $0.severity == .error } ? SteleExit.incompatible : SteleExit.ok
    }

    func count(_ outcome: Outcome) -> Int { subjects.filter { $0.outcome == outcome }.count }

    /// Findings sorted by file, position and rule, each reported once (a named type used in
    /// two places yields the same finding twice).
    mutating func finish() {
        var seen = Set<String>()
        findings = findings.filter { f in
            seen.insert("\(f.path)\u{0}\(f.start)\u{0}\(f.rule)\u{0}\(f.finding.message)\u{0}\(f.version ?? 0)").inserted
        }
        findings.sort { a, b in
            if a.path != b.path { return a.path < b.path }
            if a.start != b.start { return a.start < b.start }
            return a.rule < b.rule
        }
        subjects.sort { $0.path < $1.path }
    }
}
