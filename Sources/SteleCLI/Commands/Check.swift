import ArgumentParser
import SteleClient
import SteleSchema
import SteleSerdes

extension Stele {
    /// `stele check SUBJECT FILE` and `stele check [DIR] --against git:REF|DIR|registry`
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fail when schemas break compatibility: the CI gate.",
            discussion: """
                With --against, checks every schema file under DIR (default schemas/) against \
                its earlier form: at a git ref of this repository (git:REF — any branch, tag or \
                commit, read with git, no checkout), in another folder, or in the registry \
                (registry). Git and folders need no registry. Each subject is checked at its \
                level from DIR/stele.yaml (default BACKWARD; with --against registry, the \
                registry's level unless the manifest names one). A deleted subject is a finding \
                of its own (SUBJECT_DELETED); a new one is a notice.

                Without --against, SUBJECT FILE checks one file against the subject's level in \
                the registry, with the registry's verdict.

                Every finding has a rule id, file:line:col in the new file, the message and, \
                where one exists, a witness: an Avro datum the old schema writes and the new one \
                cannot read (or a JSON document one schema accepts and the other rejects).

                Files: *.avsc are Avro, *.json JSON Schema; the subject is the file name without \
                its extension unless stele.yaml says otherwise. See README.md for the manifest.

                Exit codes: 0 compatible, 100 incompatible, 1 invalid input (a schema that does \
                not parse, a bad manifest, an unknown ref or subject), 2 git or the registry \
                cannot be reached.

                Examples:
                  stele check --against git:origin/main
                  stele check schemas --against git:v1.4.0 --format github
                  stele check --against ../released/schemas --format junit > check.xml
                  stele check --against registry --registry https://sr.example.com
                  stele check rides-value schemas/ride.avsc
                """
        )

        @Argument(help: "DIR (with --against), or SUBJECT FILE.")
        var targets: [String] = []

        @Option(help: "What to compare with: git:REF, a folder, or registry.")
        var against: String?

        @Option(help: "Output format: text, json (one object per finding per line), junit, github (workflow annotations) or sarif.")
        var format: CheckFormat = .text

        @Option(help: "For SUBJECT FILE: the schema type, avro or json (default: from the file name).")
        var type: SchemaTypeName?

        @Option(name: .customLong("ref"), help: "For SUBJECT FILE: a reference as NAME=SUBJECT:VERSION; repeatable.")
        var references: [String] = []

        @OptionGroup var registry: RegistryOptions

        func validate() throws {
            if against == nil, targets.count != 2 {
                throw ValidationError("give --against git:REF|DIR|registry to check a folder, or SUBJECT FILE to check one file against the registry")
            }
            if against != nil, targets.count > 1 {
                throw ValidationError("with --against, give at most one folder (default schemas/)")
            }
        }

        func run() async throws {
            let report: CheckReport
            if let against {
                report = try await checkFolder(targets.first ?? "schemas", against: against)
            } else {
                report = try await checkFile(subject: targets[0], file: targets[1])
            }
            Console.current.emit(format.render(report), error: false)
            let code = report.exitCode
            if code != SteleExit.ok { throw ExitCode(code) }
        }

        private func checkFolder(_ dir: String, against: String) async throws -> CheckReport {
            let current = try SchemaCatalog.build(try SchemaTree.folder(dir), strict: true)
            if against == "registry" {
                return try await registry.withClient { client in
                    try await RegistryCheck(client: client).run(current, root: dir, progress: Progress("checking"))
                }
            }
            let baselineTree: SchemaTree
            let baselineRoot: String
            if against.hasPrefix("git:") {
                let ref = String(against.dropFirst(4))
                guard !ref.isEmpty else { throw CommandFailure.input("--against git: needs a ref, as git:main or git:v1.2.0") }
                baselineTree = try GitTree.read(dir, at: ref)
                baselineRoot = dir
            } else {
                baselineTree = try SchemaTree.folder(against)
                baselineRoot = against
            }
            // The current manifest decides what is ignored on both sides; the baseline's own
            // manifest says which of its files were which subject.
            let baseline = try SchemaCatalog.build(baselineTree, ignoring: current.manifest, strict: false)
            return OfflineCheck(current: current, baseline: baseline, currentRoot: dir, baselineRoot: baselineRoot).run()
        }

        private func checkFile(subject: String, file: String) async throws -> CheckReport {
            let text = try Files.readText(file, limit: SchemaTree.maxFileBytes)
            let schemaType = type ?? SchemaTypeName(fileName: file)
            let refs = try references.map(Register.reference)
            let path = SchemaInput.label(file)
            return try await registry.withClient { client in
                var report = CheckReport(against: "registry")
                let resolved: [ResolvedReference]
                do throws(SerdesError) {
                    resolved = try await SchemaReferences.resolve(refs, client: client)
                } catch {
                    throw CommandFailure.input("cannot resolve the references of \(path): \(error)")
                }
                let parsed: ParsedCatalogSchema
                do throws(SchemaError) {
                    parsed = try ParsedCatalogSchema.parse(text, type: schemaType, references: resolved, options: .strict)
                } catch {
                    report.subjects.append(.init(subject: subject, path: path, outcome: .invalid))
                    report.findings = error.findings.map { f in
                        var f = f
                        f.file = nil
                        return CheckFinding(finding: f, path: path, subject: subject)
                    }
                    return report
                }
                let checker = RegistryCheck(client: client)
                guard let history = try await checker.history(subject, level: nil) else {
                    throw CommandFailure.input("subject \(subject) not found in the registry (register a first version with stele register)")
                }
                // The registry's verdict decides; the local comparison explains it.
                let verdict: CompatibilityResult
                do throws(RegistryClientError) {
                    verdict = try await client.testCompatibility(subject: subject, schema: RegistrySchema(text, type: schemaType.schemaType, references: refs), version: nil, verbose: true)
                } catch {
                    throw CommandFailure.from(error, "cannot check \(path) against \(subject)")
                }
                var (findings, _) = RegistryCheck.compare(parsed, type: schemaType, subject: subject, path: path, history: history)
                if verdict.isCompatible {
                    findings.removeAll { $0.severity == .error }
                } else if !findings.contains(where: { $0.severity == .error }) {
                    let messages = verdict.messages.isEmpty ? ["the registry refused the schema as incompatible"] : verdict.messages
                    findings += messages.map { m in
                        CheckFinding(finding: Finding(rule: CheckRules.registryIncompatible, message: m), path: path, subject: subject, level: history.level)
                    }
                }
                report.findings = findings
                report.subjects.append(.init(subject: subject, path: path, outcome: verdict.isCompatible ? .compatible : .incompatible))
                report.finish()
                return report
            }
        }
    }
}
