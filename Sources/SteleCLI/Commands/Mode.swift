import ArgumentParser
import SteleClient
import SteleJSON

extension Stele {
    /// `stele mode [SUBJECT] [--set MODE] [--force] [--delete]`
    struct Mode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set the registry mode, globally or for one subject.",
            discussion: """
                Modes: READWRITE, READONLY, READONLY_OVERRIDE, IMPORT (registrations keep the \
                ids and versions they give; --force allows it on a registry holding schemas).

                Examples:
                  stele mode
                  stele mode rides-value --set READONLY
                  stele mode --set IMPORT --force
                  stele mode rides-value --delete
                """
        )

        @Argument(help: "The subject (none: the global mode).")
        var subject: String?

        @Option(help: "Set this mode.")
        var set: String?

        @Flag(help: "With --set IMPORT: allow it on a registry that holds schemas.")
        var force = false

        @Flag(help: "Remove the subject's own mode.")
        var delete = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let mode = try set.map { (s: String) throws(CommandFailure) -> RegistryModeName in
                guard let m = RegistryModeName(lenient: s) else {
                    throw .input("unknown mode \(s) (use \(RegistryModeName.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return m
            }
            if mode != nil && delete { throw CommandFailure.input("give --set or --delete, not both") }
            try await registry.withClient { client in
                let result: RegistryModeName
                do throws(RegistryClientError) {
                    if let mode {
                        result = try await client.setMode(mode, subject: subject, force: force)
                    } else if delete {
                        result = try await client.deleteMode(subject: subject)
                    } else {
                        result = try await client.mode(subject: subject, defaultToGlobal: true)
                    }
                } catch {
                    throw CommandFailure.from(error, "mode of \(subject ?? "the registry")")
                }
                switch global.format {
                case .text: Console.current.out(result.rawValue)
                case .json: Console.current.out(JSONWriter.compact(["mode": .string(result.rawValue)]))
                }
            }
        }
    }
}
