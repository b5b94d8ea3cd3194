import ArgumentParser
import SteleServer

/// The `stele` command: a schema registry and schema tools.
public struct Stele: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stele",
        abstract: "Schema registry and Avro / JSON Schema tools.",
        version: "0.1.0",
        subcommands: [Serve.self, Apply.self, Register.self, Get.self, Subjects.self, Versions.self, Delete.self, Config.self, Mode.self,
                      Check.self, Canonical.self, Diff.self, Validate.self, Encode.self, Decode.self, Produce.self, Consume.self,
                      Export.self, Import.self, Passwd.self]
    )

    public init() {}
}

/// Runs `stele` with `arguments` (without the program name) and returns the exit code.
/// Output goes to `Console.current`, so tests can run commands in-process and read it.
public enum SteleMain {
    /// Process-wide set-up for `stele serve`, made on the main thread before anything runs.
    public static func prepareServer() { RegistryServer.runTasksOnEventLoops() }

    public static func run(_ arguments: [String]) async -> Int32 {
        let console = Console.current
        do {
            var command = try Stele.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return SteleExit.ok
        } catch let exit as ExitCode where exit.rawValue == SteleExit.incompatible {
            return exit.rawValue
        } catch let failure as CommandFailure {
            console.err("error: \(failure.message)")
            return failure.code
        } catch {
            let code = Stele.exitCode(for: error)
            let message = Stele.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { console.out(message) }  // --help, --version
                return SteleExit.ok
            }
            if !message.isEmpty { console.err(message) }
            // ArgumentParser exits 64 for usage errors; Stele's contract says 1.
            return code.rawValue == 64 ? SteleExit.inputError : code.rawValue
        }
    }
}
