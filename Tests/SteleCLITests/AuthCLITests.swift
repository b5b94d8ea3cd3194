import Foundation
import SteleJSON
import SteleServer
import SteleTestServer
import Testing

/// The CLI against a registry with an auth file: credentials from flags, `stele passwd`.
@Suite("auth from the CLI")
struct AuthCLITests {
    static let ride = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#

    @Test("stele passwd prints a users entry the server accepts; the password comes from standard input")
    func passwdEntryWorks() async throws {
        let entry = try await Self.passwd("ci-bot", "s3cret")
        #expect(entry["algorithm"] == "scrypt" && entry["username"] == "ci-bot")
        #expect(!JSONWriter.compact(entry).contains("s3cret"))
        let file = try temporaryFile(JSONWriter.compact(["users": [entry], "permissions": [["username": "ci-bot", "operation": "Write", "resource": "Subject:.*"]]]),
                                     name: "auth.json")
        try await LiveRegistry.with(authFile: file) { url, _ in
            let ok = await stele("register", "--registry", url, "--user", "ci-bot", "--password", "s3cret", "rides-value", try temporaryFile(Self.ride, name: "ride.avsc"))
            #expect(ok.code == 0, "\(ok.err)")
            let refused = await stele("subjects", "--registry", url, "--user", "ci-bot", "--password", "guess-42")
            #expect(refused.code != 0 && refused.err.contains("Unauthorized"), "\(refused.err)")
            #expect(!refused.err.contains("guess-42"), "the password never appears in an error")
        }
    }

    /// `printf PASSWORD | stele passwd USER`, in-process with standard input replaced.
    static func passwd(_ user: String, _ password: String) async throws -> JSONValue {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data((password + "\n").utf8))
        try pipe.fileHandleForWriting.close()
        let saved = dup(0)
        dup2(pipe.fileHandleForReading.fileDescriptor, 0)
        let r = await stele("passwd", user)
        dup2(saved, 0)
        close(saved)
        #expect(r.code == 0, "\(r.err)")
        return try JSONParser().parse(r.out.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
