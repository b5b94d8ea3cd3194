import ArgumentParser
import SteleClient
import SteleJSON

extension Stele {
    /// `stele delete SUBJECT [--version V] [--permanent]`
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a subject or one of its versions (soft, or permanent after a soft delete).",
            discussion: """
                A soft delete hides the versions but keeps their ids readable, so consumers can \
                still decode old messages; --permanent then removes them for good (the \
                registry refuses a permanent delete that was not soft-deleted first, and any \
                delete of a version another schema references). Prints the deleted versions.

                Examples:
                  stele delete rides-value
                  stele delete rides-value --permanent
                  stele delete rides-value --version 3
                """
        )

        @Argument(help: "The subject.")
        var subject: String

        @Option(help: "Only this version (a number or latest).")
        var version: String?

        @Flag(help: "Delete for good (after a soft delete).")
        var permanent = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let selector = try version.map { (v: String) throws(CommandFailure) in try VersionArgument.parse(v) }
            try await registry.withClient { client in
                let deleted: [Int]
                do throws(RegistryClientError) {
                    if let selector {
                        deleted = [try await client.deleteVersion(subject: subject, selector, permanent: permanent)]
                    } else {
                        deleted = try await client.deleteSubject(subject, permanent: permanent)
                    }
                } catch {
                    throw CommandFailure.from(error, "cannot delete \(subject)\(version.map { " version \($0)" } ?? "")")
                }
                Output.list(deleted.map { .int(Int64($0)) }, global.format)
            }
        }
    }
}
