import SteleClient
import SteleSchema
import SteleSerdes

/// Checking schemas against what a registry holds: the subject's level (the registry's own,
/// unless the manifest names one) and the live versions that level compares with, newest
/// first, stopping at the first that breaks, as Confluent does. The comparison runs here, so
/// findings carry line:col and witnesses the registry's messages do not have.
struct RegistryCheck {
    let client: RegistryClient

    /// The earlier versions of `subject` a new schema is compared with, or nil when the
    /// subject has no live version.
    struct History {
        var level: CompatibilityLevel
        var versions: [(version: Int, type: SchemaType, schema: ParsedCatalogSchema?, failure: String?)]
    }

    func history(_ subject: String, level override: CompatibilityLevel?) async throws(CommandFailure) -> History? {
        let numbers: [Int]
        do throws(RegistryClientError) {
            numbers = try await client.versions(subject: subject)
        } catch {
            if error.isSubjectNotFound { return nil }
            throw CommandFailure.from(error, "cannot list the versions of \(subject)")
        }
        guard !numbers.isEmpty else { return nil }
        var level = override
        if level == nil {
            do throws(RegistryClientError) {
                level = try await client.config(subject: subject, defaultToGlobal: true).compatibilityLevel
            } catch {
                throw CommandFailure.from(error, "cannot read the compatibility level of \(subject)")
            }
        }
        let effective = level ?? .backward
        guard effective != .none else { return History(level: .none, versions: []) }
        let compared = effective.isTransitive ? Array(numbers.sorted().reversed()) : [numbers.max()!]
        var history = History(level: effective, versions: [])
        for n in compared {
            let registered: RegisteredSchema
            do throws(RegistryClientError) {
                registered = try await client.version(subject: subject, .number(n))
            } catch {
                throw CommandFailure.from(error, "cannot read \(subject) version \(n)")
            }
            let refs: [ResolvedReference]
            do throws(SerdesError) {
                refs = try await SchemaReferences.resolve(registered.schema.references, client: client)
            } catch {
                throw CommandFailure.io("cannot resolve the references of \(subject) version \(n): \(error)")
            }
            let type: SchemaTypeName = registered.schema.schemaType == .json ? .json : .avro
            do {
                let parsed = try ParsedCatalogSchema.parse(registered.schema.schema, type: type, references: refs, options: .lenient)
                history.versions.append((n, registered.schema.schemaType, parsed, nil))
            } catch {
                history.versions.append((n, registered.schema.schemaType, nil, error.findings.first.map { "\($0.rule) \($0.message)" } ?? "it does not parse"))
            }
        }
        return history
    }

    /// The findings of `new` against `history`, as the registry would judge it.
    static func compare(_ new: ParsedCatalogSchema, type: SchemaTypeName, subject: String, path: String, history: History) -> (findings: [CheckFinding], outcome: CheckReport.Outcome) {
        var findings: [CheckFinding] = []
        for old in history.versions {
            guard old.type == type.schemaType else {
                let f = Finding(rule: CheckRules.typeChanged, message: "subject \(subject) version \(old.version) is \(old.type.rawValue), this file is \(type.schemaType.rawValue); a registry refuses a new version of another type",
                                range: new.sourceMap?.range(of: .root) ?? .unknown)
                return ([CheckFinding(finding: f, path: path, subject: subject, level: history.level, version: old.version)], .incompatible)
            }
            guard let schema = old.schema else {
                let f = Finding(rule: CheckRules.baselineInvalid, severity: .warning, message: "\(subject) version \(old.version) cannot be compared: \(old.failure ?? "it does not parse")")
                findings.append(CheckFinding(finding: f, path: path, subject: subject, version: old.version))
                continue
            }
            let found = SchemaComparison.incompatibilities(new: new, old: schema, level: history.level)
            findings += found.map { d, f in
                CheckFinding(finding: f, path: path, subject: subject, level: history.level, direction: d, version: old.version, type: type)
            }
            // Warnings (Stele's notes on Confluent's verdict) never fail the check.
            if found.contains(where: { $0.1.severity == .error }) { return (findings, .incompatible) }
        }
        return (findings, .compatible)
    }

    /// `--against registry`: every subject of the folder against the registry's history of it.
    func run(_ current: SchemaCatalog, root: String, progress: Progress) async throws(CommandFailure) -> CheckReport {
        var report = CheckReport(against: "registry")
        for (i, entry) in current.entries.enumerated() {
            progress.update(i, of: current.entries.count, entry.subject)
            let path = SchemaTree.join(root, entry.path)
            let parsed: ParsedCatalogSchema
            switch CatalogParsing.parse(entry, in: current, options: .strict) {
            case .success(let p): parsed = p
            case .failure(let fs):
                report.subjects.append(.init(subject: entry.subject, path: path, outcome: .invalid))
                report.findings += fs.map { CheckFinding(finding: $0, path: path, subject: entry.subject) }
                continue
            }
            guard let history = try await history(entry.subject, level: entry.levelIsExplicit ? entry.level : nil) else {
                report.subjects.append(.init(subject: entry.subject, path: path, outcome: .added))
                let f = Finding(rule: CheckRules.subjectAdded, severity: .info, message: "new subject \(entry.subject) (the registry has no version of it)",
                                range: parsed.sourceMap?.range(of: .root) ?? .unknown)
                if !current.manifest.isSilenced(f.rule, at: entry.path) { report.findings.append(CheckFinding(finding: f, path: path, subject: entry.subject)) }
                continue
            }
            let (findings, _) = Self.compare(parsed, type: entry.type, subject: entry.subject, path: path, history: history)
            let kept = findings.filter { !current.manifest.isSilenced($0.rule, at: entry.path) }
            report.findings += kept
            let broken = kept.contains { $0.severity == .error }
            report.subjects.append(.init(subject: entry.subject, path: path, outcome: broken ? .incompatible : .compatible))
        }
        progress.finish()
        report.finish()
        return report
    }
}
