import SteleCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `stele serve` runs its tasks on the event loops (before any task exists; see the server).
if CommandLine.arguments.dropFirst().first == "serve" { SteleMain.prepareServer() }

// The executable only forwards to the CLI library (so tests can run every command in-process).
let code = await SteleMain.run(Array(CommandLine.arguments.dropFirst()))
exit(code)
