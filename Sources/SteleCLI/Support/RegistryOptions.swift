#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import SteleClient

/// How commands reach the registry: flags first, then the environment (DESIGN.md, "CLI").
/// Secrets are best given through the environment: flags are visible in the process list.
struct RegistryOptions: ParsableArguments {
    @Option(help: "Registry URL, or several separated by commas (env STELE_REGISTRY_URL; default http://localhost:8081).")
    var registry: String?

    @Option(help: "User for basic auth (env STELE_USER).")
    var user: String?

    @Option(help: "Password for basic auth (env STELE_PASSWORD).")
    var password: String?

    @Option(help: "Bearer token (env STELE_TOKEN).")
    var token: String?

    @Option(help: "PEM file of the certificate authorities to trust for https:// (env STELE_CA_FILE).")
    var caFile: String?

    @Option(help: "A YAML file with registry, user, password or token, ca_file (env STELE_CONFIG; default ~/.config/stele/config.yaml if present). Flags and STELE_* variables win over it.")
    var config: String?

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    /// The client's configuration: quick retries (a person or a CI job is waiting), 5 s to
    /// connect.
    /// `ignoringEnvironmentCredentials`: for a second registry (`import --from URL`), whose
    /// credentials are in its URL, never the target's from the environment.
    func configuration(ignoringEnvironmentCredentials: Bool = false) throws(CommandFailure) -> RegistryClientConfiguration {
        // The file describes the usual registry; a second one (`import --from`) ignores it.
        let file = ignoringEnvironmentCredentials ? nil : try ClientConfigFile.load(explicit: config)
        let url = registry ?? Self.environment("STELE_REGISTRY_URL") ?? file?.registry ?? "http://localhost:8081"
        func env(_ name: String) -> String? { ignoringEnvironmentCredentials ? nil : Self.environment(name) }
        var auth: RegistryClientConfiguration.Authentication? = nil
        if let token = token ?? env("STELE_TOKEN") {
            auth = .bearer(token: token)
        } else if let user = user ?? env("STELE_USER") {
            auth = .basic(user: user, password: password ?? env("STELE_PASSWORD") ?? "")
        } else if let token = file?.token {
            auth = .bearer(token: token)
        } else if let user = file?.user {
            auth = .basic(user: user, password: file?.password ?? "")
        }
        do {
            var c = try RegistryClientConfiguration(url: url, authentication: auth)
            c.retry = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(250), maxDelay: .seconds(2))
            c.connectTimeout = .seconds(5)
            c.tls.caFile = caFile ?? Self.environment("STELE_CA_FILE") ?? file?.caFile
            return c
        } catch {
            throw .input(error.message)
        }
    }

    /// Runs `body` with a client, shutting it down afterwards.
    func withClient<T>(ignoringEnvironmentCredentials: Bool = false, _ body: (RegistryClient) async throws -> T) async throws -> T {
        let configuration = try configuration(ignoringEnvironmentCredentials: ignoringEnvironmentCredentials)
        let client: RegistryClient
        do { client = try RegistryClient(configuration: configuration) } catch { throw CommandFailure.input(error.message) }
        do {
            let result = try await body(client)
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

extension CommandFailure {
    /// A registry failure: unreachable or refusing is exit 2, as every I/O error.
    static func registry(_ e: RegistryClientError, _ what: String) -> CommandFailure {
        .io("\(what): \(e)")
    }
}
