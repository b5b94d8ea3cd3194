import ArgumentParser
import SteleClient
import SteleJSON
import SteleSchema

extension Stele {
    /// `stele config [SUBJECT] [--set LEVEL] [--delete]`
    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set the compatibility level, globally or for one subject.",
            discussion: """
                Without --set prints the level in force (for a subject without its own config, \
                the global one); --set changes it; --delete removes the subject's own config \
                (or resets the global one). Levels: NONE, BACKWARD, BACKWARD_TRANSITIVE, \
                FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE (any case).

                Examples:
                  stele config                       # the global level
                  stele config rides-value --set FULL_TRANSITIVE
                  stele config rides-value --format json
                  stele config rides-value --delete
                """
        )

        @Argument(help: "The subject (none: the global config).")
        var subject: String?

        @Option(help: "Set this compatibility level.")
        var set: String?

        @Flag(help: "Remove the subject's own config (or reset the global one).")
        var delete = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let level = try set.map { (s: String) throws(CommandFailure) -> CompatibilityLevel in
                guard let l = CompatibilityLevel(lenient: s) else {
                    throw .input("unknown level \(s) (use \(CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return l
            }
            if level != nil && delete { throw CommandFailure.input("give --set or --delete, not both") }
            try await registry.withClient { client in
                let config: RegistryConfig
                do throws(RegistryClientError) {
                    if let level {
                        config = try await client.setCompatibility(level, subject: subject)
                    } else if delete {
                        config = try await client.deleteConfig(subject: subject)
                    } else {
                        config = try await client.config(subject: subject, defaultToGlobal: true)
                    }
                } catch {
                    throw CommandFailure.from(error, "config of \(subject ?? "the registry")")
                }
                switch global.format {
                case .text: Console.current.out(config.compatibilityLevel?.rawValue ?? "")
                case .json: Console.current.out(JSONWriter.compact(.object(config.fields)))
                }
            }
        }
    }
}
