import ArgumentParser
import SteleClient
import SteleJSON

extension Stele {
    /// `stele import FILE | --from URL [--dry-run]`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay an export into a registry, keeping every id and version.",
            discussion: """
                Reads FILE (written by `stele export`), or reads the registry at --from \
                directly, and registers every version under its own id and version number in \
                IMPORT mode: messages already on topics keep decoding. Checks first and writes \
                nothing when the import cannot be exact: an id the target holds with another \
                schema, or a version it holds under another id (exit 1, each conflict named). \
                Versions the target already holds identically are skipped, so an interrupted \
                import can be run again. Soft-deleted versions are imported and soft-deleted; \
                configs and modes are set last, the global mode restored.

                Examples:
                  stele import registry.jsonl --registry http://localhost:8081
                  stele import --from http://old-registry:8081 --dry-run
                  stele import --from https://user:secret@old-registry:8081 --registry http://localhost:8081
                """
        )

        @Argument(help: "The export file (- for standard input); not with --from.")
        var file: String?

        @Option(help: "Read the source registry at this URL directly instead of a file (credentials may be in the URL).")
        var from: String?

        @Flag(help: "Check and say what would be written; write nothing.")
        var dryRun = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if (file == nil) == (from == nil) { throw ValidationError("give an export file or --from URL, not both") }
        }

        func run() async throws {
            let export: RegistryExport
            let source: String
            if let from {
                var options = registry
                options.registry = from
                options.user = nil
                options.password = nil
                options.token = nil
                source = RegistryURL.redacted(from)
                export = try await options.withClient(ignoringEnvironmentCredentials: true) { client in
                    do throws(RegistryClientError) {
                        return try await RegistryExport.read(from: client)
                    } catch {
                        throw CommandFailure.registry(error, "cannot read the source registry \(source)")
                    }
                }
            } else {
                let path = file ?? "-"
                source = path == "-" ? "standard input" : path
                export = try RegistryExport.parse(try Files.readText(path, limit: RegistryExport.maxFileBytes), name: source)
            }
            let importer = RegistryImport(export: export)
            try await registry.withClient { client in
                let plan = try await importer.plan(client, progress: Progress("checking"))
                guard plan.conflicts.isEmpty else {
                    for c in plan.conflicts.prefix(20) { Console.current.err("conflict: \(c)") }
                    if plan.conflicts.count > 20 { Console.current.err("… and \(plan.conflicts.count - 20) more") }
                    throw CommandFailure.input("the import cannot keep every id: \(plan.conflicts.count) conflict(s); nothing was written")
                }
                if dryRun {
                    report(Summary(imported: plan.toImport.count, present: plan.alreadyPresent, deleted: plan.toDelete.count,
                                   configs: export.configs.count, modes: export.modes.count), source: source, dryRun: true)
                    return
                }
                let done = try await importer.run(plan, client, progress: Progress("importing"))
                report(Summary(imported: done.imported, present: done.alreadyPresent, deleted: done.deleted, configs: done.configs, modes: done.modes),
                       source: source, dryRun: false)
            }
        }

        struct Summary {
            var imported, present, deleted, configs, modes: Int
        }

        private func report(_ s: Summary, source: String, dryRun: Bool) {
            switch global.format {
            case .text:
                let verb = dryRun ? "would import" : "imported"
                Console.current.out("\(verb) \(s.imported) versions from \(source) (\(s.present) already present), soft-deleted \(s.deleted), set \(s.configs) configs and \(s.modes) modes")
            case .json:
                Console.current.out(JSONWriter.compact(["dryRun": .bool(dryRun), "imported": .int(Int64(s.imported)), "alreadyPresent": .int(Int64(s.present)),
                                                        "deleted": .int(Int64(s.deleted)), "configs": .int(Int64(s.configs)), "modes": .int(Int64(s.modes))]))
            }
        }
    }
}
