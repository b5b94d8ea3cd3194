import Foundation
import SteleJSON
import SteleServer
import SteleTestServer
import Testing

/// The CLI against a registry with an auth file: credentials from flags, `stele passwd`.
@Suite("auth from the CLI")
struct AuthCLITests {
    static let ride = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#

    @Test("stele passwd prints a users entry the server accepts; the password never appears in it")
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

    /// `stele passwd USER --password-file FILE`.
    static func passwd(_ user: String, _ password: String) async throws -> JSONValue {
        let file = try temporaryFile(password + "\n", name: "password")
        let r = await stele("passwd", user, "--password-file", file)
        #expect(r.code == 0, "\(r.err)")
        return try JSONParser().parse(r.out.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// `--config FILE`: the registry and credentials from a YAML file.
@Suite("the client config file")
struct ClientConfigFileTests {
    @Test("registry and credentials come from the file; flags win; a readable secret and unknown keys are refused")
    func configFile() async throws {
        let entry = try AuthFileUser.entry(username: "ci", password: "from-file")
        let auth = try temporaryFile(JSONWriter.compact(["users": [entry], "permissions": [["username": "ci", "operation": "Write", "resource": "Subject:.*"]]]),
                                     name: "auth.json")
        try await LiveRegistry.with(authFile: auth) { url, _ in
            let file = try temporaryFile("registry: \(url)\nuser: ci\npassword: from-file\n", name: "config.yaml")
            chmod(file, 0o600)
            let ok = await stele("register", "--config", file, "rides-value", try temporaryFile(AuthCLITests.ride, name: "ride.avsc"))
            #expect(ok.code == 0, "\(ok.err)")
            // A flag wins over the file: the wrong password is used, and refused.
            let flag = await stele("subjects", "--config", file, "--user", "ci", "--password", "not-it")
            #expect(flag.code != 0 && flag.err.contains("Unauthorized"), "\(flag.err)")
            chmod(file, 0o644)
            let readable = await stele("subjects", "--config", file)
            #expect(readable.code == 1 && readable.err.contains("chmod 600"), "\(readable.err)")
            let typo = try temporaryFile("registry: \(url)\npasword: x\n", name: "config.yaml")
            let unknown = await stele("subjects", "--config", typo)
            #expect(unknown.code == 1 && unknown.err.contains(":2:1: unknown key \"pasword\""), "\(unknown.err)")
        }
    }
}
