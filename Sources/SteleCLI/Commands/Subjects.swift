import ArgumentParser
import SteleClient
import SteleJSON

extension Stele {
    /// `stele subjects [--prefix P] [--deleted] [--deleted-only]`
    struct Subjects: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the registry's subjects, one per line.",
            discussion: """
                Examples:
                  stele subjects
                  stele subjects --prefix orders-
                  stele subjects --deleted-only --format json
                """
        )

        @Option(help: "Only subjects starting with this.")
        var prefix: String?

        @Flag(help: "Include soft-deleted subjects.")
        var deleted = false

        @Flag(help: "Only soft-deleted subjects.")
        var deletedOnly = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await registry.withClient { client in
                let subjects: [String]
                do throws(RegistryClientError) {
                    subjects = try await client.subjects(prefix: prefix, deleted: deleted, deletedOnly: deletedOnly)
                } catch {
                    throw CommandFailure.from(error, "cannot list subjects")
                }
                Output.list(subjects.map { .string($0) }, global.format)
            }
        }
    }
}
