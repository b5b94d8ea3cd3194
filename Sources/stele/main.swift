import SteleCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The executable only forwards to the CLI library (so tests can run every command in-process).
let code = await SteleMain.run(Array(CommandLine.arguments.dropFirst()))
exit(code)
