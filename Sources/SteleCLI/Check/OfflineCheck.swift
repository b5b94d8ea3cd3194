import SteleJSON
import SteleSchema

/// `stele check DIR --against git:REF|DIR`: every subject of the current tree against its
/// form in the baseline tree, at the level the current manifest gives it; subjects only in the
/// baseline are deletions. No registry, no network.
struct OfflineCheck {
    var current: SchemaCatalog
    var baseline: SchemaCatalog
    /// How paths of each side are printed (the folder as the user named it).
    var currentRoot: String
    var baselineRoot: String

    func run() -> CheckReport {
        var report = CheckReport(against: baseline.label)
        for entry in current.entries {
            check(entry, into: &report)
        }
        for old in baseline.entries where current.entry(subject: old.subject) == nil {
            let path = SchemaTree.join(baselineRoot, old.path)
            report.subjects.append(.init(subject: old.subject, path: path, outcome: .deleted))
            let f = Finding(rule: CheckRules.subjectDeleted, message: "subject \(old.subject) was deleted (\(old.path) is gone from \(current.label)); its producers and consumers lose their schema")
            add(CheckFinding(finding: f, path: path, subject: old.subject), relative: old.path, to: &report)
        }
        report.finish()
        return report
    }

    private func check(_ entry: CatalogEntry, into report: inout CheckReport) {
        let path = SchemaTree.join(currentRoot, entry.path)
        let parsedNew: ParsedCatalogSchema
        switch CatalogParsing.parse(entry, in: current, options: .strict) {
        case .success(let p): parsedNew = p
        case .failure(let findings):
            report.subjects.append(.init(subject: entry.subject, path: path, outcome: .invalid))
            for f in findings { report.findings.append(CheckFinding(finding: f, path: path, subject: entry.subject)) }
            return
        }
        guard let old = baseline.entry(subject: entry.subject) else {
            report.subjects.append(.init(subject: entry.subject, path: path, outcome: .added))
            let f = Finding(rule: CheckRules.subjectAdded, severity: .info, message: "new subject \(entry.subject) (nothing to compare with in \(baseline.label))",
                            range: parsedNew.sourceMap?.range(of: .root) ?? .unknown)
            add(CheckFinding(finding: f, path: path, subject: entry.subject), relative: entry.path, to: &report)
            return
        }
        if old.path != entry.path {
            let f = Finding(rule: CheckRules.subjectMoved, severity: .info, message: "subject \(entry.subject) moved from \(old.path) to \(entry.path)",
                            range: parsedNew.sourceMap?.range(of: .root) ?? .unknown)
            add(CheckFinding(finding: f, path: path, subject: entry.subject), relative: entry.path, to: &report)
        }
        guard old.type == entry.type else {
            let f = Finding(rule: CheckRules.typeChanged, message: "subject \(entry.subject) changed type from \(old.type.schemaType.rawValue) to \(entry.type.schemaType.rawValue); a registry refuses a new version of another type",
                            range: parsedNew.sourceMap?.range(of: .root) ?? .unknown)
            report.subjects.append(.init(subject: entry.subject, path: path, outcome: .incompatible))
            add(CheckFinding(finding: f, path: path, subject: entry.subject, level: entry.level), relative: entry.path, to: &report)
            return
        }
        let parsedOld: ParsedCatalogSchema
        switch CatalogParsing.parse(old, in: baseline, options: .lenient) {
        case .success(let p): parsedOld = p
        case .failure(let findings):
            report.subjects.append(.init(subject: entry.subject, path: path, outcome: .skipped))
            let reason = findings.first.map { "\($0.rule) \($0.message)" } ?? "it does not parse"
            let f = Finding(rule: CheckRules.baselineInvalid, severity: .warning, message: "\(old.path) in \(baseline.label) cannot be compared: \(reason)")
            add(CheckFinding(finding: f, path: path, subject: entry.subject), relative: entry.path, to: &report)
            return
        }
        var incompatible = false
        for (direction, f) in SchemaComparison.incompatibilities(new: parsedNew, old: parsedOld, level: entry.level) {
            if add(CheckFinding(finding: f, path: path, subject: entry.subject, level: entry.level, direction: direction, type: entry.type), relative: entry.path, to: &report) {
                incompatible = incompatible || f.severity == .error
            }
        }
        report.subjects.append(.init(subject: entry.subject, path: path, outcome: incompatible ? .incompatible : .compatible))
    }

    /// Adds `finding` unless the manifest silences its rule at `relative`; says whether it did.
    @discardableResult
    private func add(_ finding: CheckFinding, relative: String, to report: inout CheckReport) -> Bool {
        guard !current.manifest.isSilenced(finding.rule, at: relative) else { return false }
        report.findings.append(finding)
        return true
    }
}

/// Parsing a catalogue entry with the references its tree resolves for it.
enum CatalogParsing {
    enum Result {
        case success(ParsedCatalogSchema)
        case failure([Finding])
    }

    static let referenceRule: RuleID = "SCHEMA_REFERENCE_UNRESOLVED"

    static func parse(_ entry: CatalogEntry, in catalog: SchemaCatalog, options: SchemaParseOptions) -> Result {
        let refs: [ResolvedReference]
        do {
            refs = try catalog.resolvedReferences(of: entry)
        } catch {
            return .failure([Finding(rule: referenceRule, message: error.message)])
        }
        do {
            return .success(try ParsedCatalogSchema.parse(entry.text, type: entry.type, references: refs, options: options))
        } catch {
            return .failure(error.findings.map { f in
                var f = f
                f.file = nil
                return f
            })
        }
    }
}
