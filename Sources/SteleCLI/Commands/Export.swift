import ArgumentParser
import SteleClient
import SteleJSON

extension Stele {
    /// `stele export [--output FILE] [--subject-prefix P]`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a whole registry (any Confluent-compatible one) to a JSON Lines file.",
            discussion: """
                Reads every subject and version, soft-deleted ones included, with its id, \
                references, metadata, rule set and deleted state, and the global and subject \
                configs and modes, through Confluent's REST API: the registry can be Confluent \
                Schema Registry, Karapace, Apicurio's Confluent API or Stele. Versions are \
                written references first, so `stele import` replays them in order, keeping every id.

                Examples:
                  stele export --registry http://old-registry:8081 --output registry.jsonl
                  stele export --subject-prefix orders- > orders.jsonl
                  stele import registry.jsonl --registry http://localhost:8081
                """
        )

        @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
        var output: String?

        @Option(help: "Only subjects starting with this (their configs and modes too; the global ones are left out).")
        var subjectPrefix: String?

        @OptionGroup var registry: RegistryOptions

        func run() async throws {
            let export = try await registry.withClient { client in
                do throws(RegistryClientError) {
                    return try await RegistryExport.read(from: client, subjectPrefix: subjectPrefix)
                } catch {
                    throw CommandFailure.registry(error, "cannot read the registry")
                }
            }
            let text = export.lines().joined(separator: "\n") + "\n"
            if let output, output != "-" {
                try Files.writeText(output, text)
                Console.current.err("exported \(export.versions.count) versions (\(Set(export.versions.map(\.id)).count) ids), \(export.configs.count) configs, \(export.modes.count) modes to \(output)")
            } else {
                Console.current.emit(text, error: false)
            }
        }
    }
}
