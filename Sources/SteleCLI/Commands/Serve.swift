import ArgumentParser
import Logging
import SteleServer

extension Stele {
    /// `stele serve [--host H] [--port 8081] [--data PATH] [--confluent-compat 7|8]`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the schema registry (Confluent's REST API) on an embedded SQLite file or a shared PostgreSQL database.",
            discussion: """
                Serves every existing Confluent Schema Registry client unmodified. State lives in \
                one SQLite file (WAL, synchronous=FULL: a registration is on disk before it is \
                acknowledged) and in memory; --data :memory: keeps nothing. With --storage \
                postgres://USER@HOST/DB, several instances share one registry in PostgreSQL \
                (password from the URL or PGPASSWORD).
                """
        )

        @Option(help: "Address to listen on.")
        var host: String = "127.0.0.1"

        @Option(help: "Port to listen on (Confluent's default is 8081).")
        var port: Int = 8081

        @Option(help: "The SQLite file holding the registry (created if missing).")
        var data: String = "stele.db"

        @Option(help: "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE: keep the registry in PostgreSQL, shared by every instance started with the same URL (instead of --data).")
        var storage: String?

        @Option(help: "Largest request body accepted, in bytes (larger ones get 413).")
        var maxBody: Int = 8 << 20

        @Option(help: "Seconds after which a quiet connection the server owes no answer is closed.")
        var idleTimeout: Int = 30

        @Option(help: """
            The Confluent release line to answer like where lines differ: 8 (the newest: an \
            incompatible schema is error_code 40901) or 7 (409, and PUT /config echoes the request).
            """)
        var confluentCompat: ConfluentDialect = .newest

        @Option(help: """
            Users and permissions (Karapace's registry_authfile JSON: salted scrypt or PBKDF2 \
            hashes, Read/Write on Config: and Subject:REGEX; see `stele passwd`). Every request \
            then needs HTTP basic credentials, unless the file's "anonymous" rules allow it.
            """)
        var authFile: String?

        @Option(help: "Log level: info logs a line per request (method, route, status, duration, request id; never credentials).")
        var logLevel: LogLevelName = .notice

        @Option(help: "JWKS file: accept bearer tokens (JWTs) signed by its keys, beside basic auth (needs --auth-file, --jwt-issuer, --jwt-audience).")
        var jwksFile: String?

        @Option(help: "The issuer (iss) bearer tokens must carry.")
        var jwtIssuer: String?

        @Option(help: "The audience (aud) bearer tokens must include.")
        var jwtAudience: String?

        @Option(help: "The token claim naming the principal of the auth file's permissions: sub, client_id, azp, preferred_username or email.")
        var jwtPrincipalClaim: String = "sub"

        @Option(help: "PEM certificate chain: serve HTTPS (with --tls-key).")
        var tlsCert: String?

        @Option(help: "PEM private key of --tls-cert.")
        var tlsKey: String?

        @Option(help: "PEM certificate authorities: require client certificates they signed (mutual TLS).")
        var tlsClientCa: String?

        @Option(help: "A file holding the local KMS's secret (else env LOCAL_SECRET): the registry then makes and unwraps the DEKs of shared local-kms KEKs.")
        var localKmsSecretFile: String?

        func validate() throws {
            if let storage, !storage.hasPrefix("postgres://") && !storage.hasPrefix("postgresql://") {
                throw ValidationError("--storage takes a postgres:// URL (the SQLite file is --data)")
            }
            if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
            if tlsClientCa != nil && tlsCert == nil { throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key") }
            if jwksFile != nil && (jwtIssuer == nil || jwtAudience == nil || authFile == nil) {
                throw ValidationError("--jwks-file needs --jwt-issuer, --jwt-audience and --auth-file (the permissions)")
            }
        }

        /// The local KMS secret: the file's first line, else `LOCAL_SECRET`; never logged.
        func localKmsSecret() throws -> String? {
            if let path = localKmsSecretFile {
                let bytes = try Files.readBytes(path, limit: 1 << 16)
                guard let text = String(validating: bytes, as: UTF8.self), let line = text.split(whereSeparator: \.isNewline).first, !line.isEmpty else {
                    throw CommandFailure.input("--local-kms-secret-file \(path) holds no secret")
                }
                return String(line)
            }
            return RegistryOptions.environment("LOCAL_SECRET")
        }

        func run() async throws {
            var options = RegistryServer.Options(host: host, port: port, dataPath: data, maxBodyBytes: maxBody, idleTimeoutSeconds: max(1, idleTimeout),
                                                 dialect: confluentCompat, authFile: authFile,
                                                 tls: tlsCert.map { TLSOptions(certificateFile: $0, keyFile: tlsKey ?? "", clientCAFile: tlsClientCa) },
                                                 bearerTokens: jwksFile.map { BearerTokenOptions(jwksFile: $0, issuer: jwtIssuer ?? "", audience: jwtAudience ?? "",
                                                                                                 principalClaim: jwtPrincipalClaim) })
            options.localKmsSecret = try localKmsSecret()
            options.storage = storage
            do {
                try await RegistryServer.run(options, logLevel: logLevel.level)
            } catch {
                throw CommandFailure.io("cannot serve: \(error)")
            }
        }
    }
}

extension ConfluentDialect: ExpressibleByArgument {}

/// swift-log's levels by name, for `--log-level`.
enum LogLevelName: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .notice }
}
