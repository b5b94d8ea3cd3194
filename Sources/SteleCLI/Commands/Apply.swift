import ArgumentParser
import SteleClient
import SteleJSON
import SteleSchema

extension Stele {
    /// `stele apply [DIR] [--dry-run]`
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register every schema of a folder, references first.",
            discussion: """
                Makes the registry hold what DIR (default schemas/) says: each schema file \
                becomes the latest version of its subject unless it already is a version of it. \
                Subjects are applied in dependency order (a referenced schema before the \
                schemas that use it), and a reference without a version in stele.yaml points at \
                the version its file has just become. Levels named in stele.yaml are set first.

                For each subject it says: unchanged (already that version), registered (the new \
                version and id), refused (incompatible or invalid, with the registry's reasons), \
                or skipped (a reference was refused). --dry-run changes nothing and says what \
                would happen, checking compatibility with the registry.

                Exit codes: 0 everything applied or unchanged, 100 something was refused as \
                incompatible, 1 invalid input, 2 the registry cannot be reached.

                Examples:
                  stele apply --dry-run
                  stele apply schemas --registry http://registry:8081
                  stele apply --format json
                """
        )

        @Argument(help: "The folder of schemas (default schemas).")
        var dir: String = "schemas"

        @Flag(help: "Change nothing; say what would change.")
        var dryRun = false

        @Flag(help: "Ask the registry to normalize schemas (?normalize=true).")
        var normalize = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        enum Status: String {
            case unchanged, registered, wouldRegister = "would-register", refused, invalid, skipped
        }

        struct Outcome {
            var subject: String
            var path: String
            var status: Status
            var version: Int?
            var id: Int?
            var notes: [String] = []
        }

        func run() async throws {
            let catalog = try SchemaCatalog.build(try SchemaTree.folder(dir), strict: true)
            let outcomes = try await registry.withClient { client in
                try await apply(catalog, client: client)
            }
            print(outcomes)
            if outcomes.contains(where: { $0.status == .invalid }) { throw ExitCode(SteleExit.inputError) }
            if outcomes.contains(where: { $0.status == .refused }) { throw ExitCode(SteleExit.incompatible) }
        }

        private func apply(_ catalog: SchemaCatalog, client: RegistryClient) async throws(CommandFailure) -> [Outcome] {
            var outcomes: [Outcome] = []
            var versions: [String: Int] = [:]  // subject → the version its file is now (or would be)
            var pending = Set<String>()  // dry run: subjects that would get a new version
            var failed = Set<String>()
            let order = catalog.dependencyOrder()
            let progress = Progress(dryRun ? "checking" : "applying")
            for (n, i) in order.enumerated() {
                let entry = catalog.entries[i]
                progress.update(n, of: order.count, entry.subject)
                var outcome = Outcome(subject: entry.subject, path: SchemaTree.join(dir, entry.path), status: .unchanged)
                defer { outcomes.append(outcome) }
                if case .failure(let findings) = CatalogParsing.parse(entry, in: catalog, options: .strict) {
                    outcome.status = .invalid
                    outcome.notes = findings.map { f in
                        (f.range.start.isKnown ? "\(f.range.start.line):\(f.range.start.column): " : "") + "\(f.rule) \(f.message)"
                    }
                    failed.insert(entry.subject)
                    continue
                }
                if let blocked = entry.references.first(where: { failed.contains($0.subject) }) {
                    outcome.status = .skipped
                    outcome.notes = ["its reference \(blocked.name) (subject \(blocked.subject)) was not applied"]
                    failed.insert(entry.subject)
                    continue
                }
                var references: [SchemaReference] = []
                var referencesPending = false
                for r in entry.references {
                    if pending.contains(r.subject), r.version == nil { referencesPending = true }
                    references.append(SchemaReference(name: r.name, subject: r.subject, version: r.version ?? versions[r.subject] ?? -1))
                }
                let schema = RegistrySchema(entry.text, type: entry.type.schemaType, references: references)
                if entry.levelIsExplicit {
                    if let note = try await setLevel(entry, client: client) { outcome.notes.append(note) }
                }
                // Already a version of the subject?
                do throws(RegistryClientError) {
                    if !referencesPending {
                        let found = try await client.lookup(subject: entry.subject, schema: schema, normalize: normalize)
                        outcome.version = found.version
                        outcome.id = found.id
                        if let v = found.version { versions[entry.subject] = v }
                        continue
                    }
                } catch {
                    guard error.isNotFound else { throw CommandFailure.from(error, "cannot look up \(outcome.path) in \(entry.subject)") }
                }
                if dryRun {
                    outcome.status = .wouldRegister
                    pending.insert(entry.subject)
                    if referencesPending {
                        outcome.notes.append("not checked against the registry: a schema it references would be registered first")
                        continue
                    }
                    do throws(RegistryClientError) {
                        let verdict = try await client.testCompatibility(subject: entry.subject, schema: schema, version: nil, normalize: normalize, verbose: true)
                        if !verdict.isCompatible {
                            outcome.status = .refused
                            outcome.notes = verdict.messages.isEmpty ? ["incompatible with the subject's level"] : verdict.messages
                            failed.insert(entry.subject)
                        }
                    } catch {
                        if error.isSubjectNotFound { continue }  // a new subject: nothing to be compatible with
                        throw CommandFailure.from(error, "cannot check \(outcome.path) against \(entry.subject)")
                    }
                    continue
                }
                do throws(RegistryClientError) {
                    let registered = try await client.register(subject: entry.subject, schema: schema, normalize: normalize)
                    outcome.status = .registered
                    outcome.id = registered.id
                    var version = registered.version
                    if version == nil, let found = try? await client.lookup(subject: entry.subject, schema: schema, normalize: normalize) {
                        version = found.version
                    }
                    outcome.version = version
                    if let version { versions[entry.subject] = version }
                } catch {
                    guard error.isIncompatible || (error.httpStatus.map { (400..<500).contains($0) } ?? false) else {
                        throw CommandFailure.from(error, "cannot register \(outcome.path) under \(entry.subject)")
                    }
                    outcome.status = error.isIncompatible ? .refused : .invalid
                    outcome.notes.append(error.message)
                    failed.insert(entry.subject)
                }
            }
            progress.finish()
            return outcomes
        }

        /// Sets the subject's level to the manifest's when it differs; says so.
        private func setLevel(_ entry: CatalogEntry, client: RegistryClient) async throws(CommandFailure) -> String? {
            var currentLevel: CompatibilityLevel?
            do throws(RegistryClientError) {
                currentLevel = try await client.config(subject: entry.subject).compatibilityLevel
            } catch {
                guard error.isNotFound else { throw CommandFailure.from(error, "cannot read the level of \(entry.subject)") }
            }
            guard currentLevel != entry.level else { return nil }
            if dryRun { return "level would be set to \(entry.level.rawValue)" }
            do throws(RegistryClientError) {
                _ = try await client.setCompatibility(entry.level, subject: entry.subject)
            } catch {
                throw CommandFailure.from(error, "cannot set the level of \(entry.subject)")
            }
            return "level set to \(entry.level.rawValue)"
        }

        private func print(_ outcomes: [Outcome]) {
            let console = Console.current
            switch global.format {
            case .text:
                let width = outcomes.map(\.subject.count).max() ?? 0
                for o in outcomes {
                    var line = o.subject + String(repeating: " ", count: width - o.subject.count) + "  " + o.status.rawValue
                    var detail: [String] = []
                    if let v = o.version { detail.append("version \(v)") }
                    if let id = o.id { detail.append("id \(id)") }
                    if !detail.isEmpty { line += " (" + detail.joined(separator: ", ") + ")" }
                    line += "  " + o.path
                    console.out(line)
                    for note in o.notes { console.out("    " + note) }
                }
                let count = { (s: Status) in outcomes.filter { $0.status == s }.count }
                var summary = "\(outcomes.count) subject\(outcomes.count == 1 ? "" : "s"): \(count(.unchanged)) unchanged, "
                summary += dryRun ? "\(count(.wouldRegister)) would be registered" : "\(count(.registered)) registered"
                summary += ", \(count(.refused)) refused"
                if count(.invalid) > 0 { summary += ", \(count(.invalid)) invalid" }
                if count(.skipped) > 0 { summary += ", \(count(.skipped)) skipped" }
                console.out(summary + (dryRun ? " (dry run: nothing changed)" : ""))
            case .json:
                let items: [JSONValue] = outcomes.map { o in
                    var obj = JSONObject()
                    obj["subject"] = .string(o.subject)
                    obj["file"] = .string(o.path)
                    obj["status"] = .string(o.status.rawValue)
                    if let v = o.version { obj["version"] = .int(Int64(v)) }
                    if let id = o.id { obj["id"] = .int(Int64(id)) }
                    obj["messages"] = .array(o.notes.map { .string($0) })
                    return .object(obj)
                }
                console.out(JSONWriter.compact(.array(items)))
            }
        }
    }
}
