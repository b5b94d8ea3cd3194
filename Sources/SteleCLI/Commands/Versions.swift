import ArgumentParser
import SteleClient
import SteleJSON

extension Stele {
    /// `stele versions SUBJECT [--deleted]`
    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a subject's version numbers, one per line.",
            discussion: """
                Examples:
                  stele versions rides-value
                  stele versions rides-value --deleted --format json
                """
        )

        @Argument(help: "The subject.")
        var subject: String

        @Flag(help: "Include soft-deleted versions.")
        var deleted = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await registry.withClient { client in
                let versions: [Int]
                do throws(RegistryClientError) {
                    versions = try await client.versions(subject: subject, deleted: deleted)
                } catch {
                    throw CommandFailure.from(error, "versions of \(subject)")
                }
                Output.list(versions.map { .int(Int64($0)) }, global.format)
            }
        }
    }
}
