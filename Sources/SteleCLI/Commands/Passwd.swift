import ArgumentParser
import SteleJSON
import SteleServer

extension Stele {
    /// `stele passwd USER [--algorithm scrypt]` (the password on standard input)
    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an auth-file user entry (salted hash) for `stele serve --auth-file`.",
            discussion: """
                Reads the password from the first line of standard input — never from an \
                argument, which other users could see in the process list — and prints the \
                JSON entry for the "users" list of the auth file (Karapace's registry_authfile \
                format, so Karapace files and karapace_mkpasswd entries work too). scrypt is the \
                default and the one to use.

                Examples:
                  printf '%s\\n' "$ALICE_PASSWORD" | stele passwd alice
                  stele passwd ci-bot --password-file /run/secrets/ci-bot
                """
        )

        @Argument(help: "The user name.")
        var user: String

        @Option(help: "scrypt (default), sha512, sha256 or sha1 (PBKDF2, 5,000 rounds: weaker, for Karapace files).")
        var algorithm: String = "scrypt"

        @Option(help: "Read the password from the first line of this file instead of standard input.")
        var passwordFile: String?

        func run() async throws {
            let input = try Files.readText(passwordFile ?? "-", limit: 64 << 10)
            let password = String(input.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: ["\r"])
            guard !password.isEmpty else { throw CommandFailure.input("no password on standard input") }
            guard AuthFileUser.algorithms.contains(algorithm) else {
                throw CommandFailure.input("--algorithm must be one of \(AuthFileUser.algorithms.joined(separator: ", "))")
            }
            Console.current.out(JSONWriter.compact(try AuthFileUser.entry(username: user, password: password, algorithm: algorithm)))
        }
    }
}
