import ArgumentParser
import SteleClient
import SteleJSON

extension Stele {
    /// `stele get (--id ID | SUBJECT [--version V|latest]) [--deleted]`
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a registered schema: by global id, or a subject's version.",
            discussion: """
                Prints the schema text as the registry stores it (or, with --format json, the \
                whole entry: subject, version, id, guid, type, references, metadata, schema).

                Examples:
                  stele get rides-value                 # the latest version
                  stele get rides-value --version 2
                  stele get --id 7 --format json
                  stele get rides-value --version 1 --deleted   # a soft-deleted version
                """
        )

        @Argument(help: "The subject (or give --id).")
        var subject: String?

        @Option(help: "The version: a number or latest.")
        var version: String = "latest"

        @Option(help: "The schema's global id.")
        var id: Int?

        @Flag(help: "Include soft-deleted versions.")
        var deleted = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard (subject == nil) != (id == nil) else { throw CommandFailure.input("give either a SUBJECT or --id") }
            let selector = try VersionArgument.parse(version)
            try await registry.withClient { client in
                let found: RegisteredSchema
                do throws(RegistryClientError) {
                    if let id {
                        found = try await client.schema(id: id)
                    } else {
                        found = try await client.version(subject: subject!, selector, deleted: deleted)
                    }
                } catch {
                    throw CommandFailure.from(error, id.map { "schema id \($0)" } ?? "\(subject!) version \(version)")
                }
                switch global.format {
                case .text: Console.current.out(found.schema.schema)
                case .json: Console.current.out(JSONWriter.compact(Output.registered(found)))
                }
            }
        }
    }
}

/// A `--version` argument: a number or latest (`-1` too, as Confluent).
enum VersionArgument {
    static func parse(_ text: String) throws(CommandFailure) -> SubjectVersionSelector {
        if text.lowercased() == "latest" || text == "-1" { return .latest }
        guard let n = Int(text), n >= 1 else { throw .input("--version must be a number or latest, not \(text)") }
        return .number(n)
    }
}
