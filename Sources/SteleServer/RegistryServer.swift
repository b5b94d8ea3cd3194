#if canImport(Glibc)
import Glibc
let openFilesResource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#elseif canImport(Darwin)
import Darwin
let openFilesResource = RLIMIT_NOFILE
#endif
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import SteleCrypto
import SteleRegistry
import SteleStorePostgres
import SteleStoreSQLite

/// `stele serve`: the registry on an embedded SQLite file, Confluent's REST API on Hummingbird.
public enum RegistryServer {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// The SQLite file; `:memory:` keeps nothing.
        public var dataPath: String
        /// A `postgres://` URL: the shared store instead of the SQLite file.
        public var storage: String?
        /// Request bodies above this are refused with 413 (Confluent keeps a schema in one 1 MiB
        /// Kafka record; the schema parser's own limit is 4 MiB of text).
        public var maxBodyBytes: Int
        /// A connection quiet this long while the server owes it no answer is closed.
        public var idleTimeoutSeconds: Int
        /// The Confluent release line the answers copy where lines differ.
        public var dialect: ConfluentDialect
        /// Users and permissions (Karapace's `registry_authfile` format); nil: no authentication.
        public var authFile: String?
        /// HTTPS on the listener; nil: plain HTTP.
        public var tls: TLSOptions?
        /// Bearer tokens (JWTs against a JWKS) beside basic auth; needs `authFile` (permissions).
        public var bearerTokens: BearerTokenOptions?
        /// The local KMS's secret, for shared KEKs of type `local-kms` (nil: the registry makes
        /// no DEKs; clients bring them wrapped).
        public var localKmsSecret: String?

        public init(host: String = "127.0.0.1", port: Int = 8081, dataPath: String = "stele.db", maxBodyBytes: Int = 8 << 20,
                    idleTimeoutSeconds: Int = 30, dialect: ConfluentDialect = .newest, authFile: String? = nil, tls: TLSOptions? = nil,
                    bearerTokens: BearerTokenOptions? = nil, localKmsSecret: String? = nil) {
            self.localKmsSecret = localKmsSecret
            self.host = host
            self.port = port
            self.dataPath = dataPath
            self.maxBodyBytes = maxBodyBytes
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.dialect = dialect
            self.authFile = authFile
            self.tls = tls
            self.bearerTokens = bearerTokens
        }
    }

    /// The router for `registry` (tests drive it directly or over a loopback port).
    public static func router(registry: Registry, maxBodyBytes: Int = 8 << 20, dialect: ConfluentDialect = .newest,
                              metrics: ServerMetrics = ServerMetrics()) -> Router<SteleRequestContext> {
        router(registry: registry, maxBodyBytes: maxBodyBytes, bodies: SchemaBodyCache(registry: registry, metrics: metrics), dialect: dialect, metrics: metrics,
               authenticator: nil)
    }

    static func router(registry: Registry, maxBodyBytes: Int, bodies: SchemaBodyCache, dialect: ConfluentDialect, metrics: ServerMetrics,
                       authenticator: Authenticator?) -> Router<SteleRequestContext> {
        let router = Router(context: SteleRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ConfluentErrorMiddleware(dialect: dialect))
        if let authenticator { router.add(middleware: AuthMiddleware(authenticator: authenticator)) }
        if registry.isShared { router.add(middleware: CatchUpOnMissMiddleware(registry: registry, maxBodyBytes: maxBodyBytes)) }
        RegistryRoutes(registry: registry, maxBodyBytes: maxBodyBytes, bodies: bodies, dialect: dialect).add(to: router)
        DekRegistryRoutes(registry: registry, maxBodyBytes: maxBodyBytes).add(to: router)
        AssociationRoutes(registry: registry, maxBodyBytes: maxBodyBytes).add(to: router)
        SteleAPIRoutes(registry: registry, maxBodyBytes: maxBodyBytes).add(to: router)
        UIRoutes().add(to: router)
        OperationsRoutes(registry: registry, bodies: bodies, metrics: metrics).add(to: router)
        return router
    }

    /// The registry on `dataPath` (`:memory:` keeps nothing), or in the PostgreSQL database of
    /// `storage`, counting into `metrics`.
    public static func makeRegistry(dataPath: String, storage: String? = nil, metrics: ServerMetrics? = nil,
                                    localKmsSecret: String? = nil) async throws -> Registry {
        let store: any RegistryStore
        if let storage {
            var environment: [String: String] = [:]
            if let p = getenv("PGPASSWORD") { environment["PGPASSWORD"] = String(cString: p) }
            store = try PostgresStore(url: storage, environment: environment)
        } else {
            store = dataPath == ":memory:" ? MemoryStore() : try SQLiteStore(path: dataPath)
        }
        let keys = localKmsSecret.map { KmsKeyService(drivers: [LocalKmsDriver(secret: $0)]) }
        return try await Registry(store: store, metrics: metrics?.registryMetrics ?? .disabled, keyService: keys)
    }

    /// The server: Hummingbird's HTTP/1.1 channel with the `/schemas/ids/{id}` fast path in
    /// front of the router, both reading one body cache.
    /// `onServerRunning` is told the bound port once the server listens (useful with port 0).
    /// With an auth file, the `/schemas/ids/{id}` fast path stays out: every request then goes
    /// through the router and its one authorization.
    public static func application(registry: Registry, options: Options, metrics: ServerMetrics = ServerMetrics(), logger: Logger? = nil,
                                   onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) throws -> Application<RouterResponder<SteleRequestContext>> {
        var defaultLogger = Logger(label: "stele")
        defaultLogger.logLevel = .notice
        let bodies = SchemaBodyCache(registry: registry, metrics: metrics)
        if options.bearerTokens != nil && options.authFile == nil { throw AuthFileError("bearer tokens need an auth file: it holds the permissions") }
        let authenticator = try options.authFile.map { path throws in
            Authenticator(file: try loadAuthFile(path),
                          tokens: try options.bearerTokens.map { t throws in try BearerTokenVerifier(options: t, jwksText: try readText(t.jwksFile, what: "JWKS")) },
                          certificatePrincipals: options.tls?.clientCAFile != nil)
        }
        let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: authenticator == nil ? [
            IdleConnectionCloser(timeout: .seconds(Int64(options.idleTimeoutSeconds))),
            SchemaByIdFastPath(cache: bodies, metrics: metrics),
        ] : [IdleConnectionCloser(timeout: .seconds(Int64(options.idleTimeoutSeconds)))]))
        let server = try options.tls.map { tls throws in try HTTPServerBuilder.tls(http1, tlsConfiguration: try tls.configuration()) } ?? http1
        return Application(
            router: router(registry: registry, maxBodyBytes: options.maxBodyBytes, bodies: bodies, dialect: options.dialect, metrics: metrics,
                           authenticator: authenticator),
            server: server,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "stele"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
            logger: logger ?? defaultLogger)
    }

    /// Makes NIO's event loops Swift Concurrency's global executor, so a request's handler runs
    /// on the loop that read it instead of hopping to the default pool and back (two thread
    /// switches per request, the largest cost of a cached read). Call once, from the main
    /// thread, before any task starts — `stele serve` does so first thing.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Runs until interrupted (SIGINT/SIGTERM end it gracefully).
    public static func run(_ options: Options, logLevel: Logger.Level = .notice) async throws {
        raiseOpenFileLimit()
        let metrics = ServerMetrics()
        let registry = try await makeRegistry(dataPath: options.dataPath, storage: options.storage, metrics: metrics, localKmsSecret: options.localKmsSecret)
        var logger = Logger(label: "stele")
        logger.logLevel = logLevel
        try await application(registry: registry, options: options, metrics: metrics, logger: logger).runService()
    }

    /// Reads and checks an auth file; every mistake is one clear error naming the file.
    static func loadAuthFile(_ path: String) throws -> AuthFile {
        try AuthFile.parse(try readText(path, what: "auth file"), name: path)
    }

    /// A small configuration file, read whole (at most `AuthFile.maxBytes`).
    static func readText(_ path: String, what: String) throws -> String {
        var bytes: [UInt8] = []
        guard let f = fopen(path, "rb") else { throw AuthFileError("cannot open the \(what) \(path)") }
        defer { fclose(f) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > AuthFile.maxBytes { throw AuthFileError("the \(what) \(path) is larger than \(AuthFile.maxBytes) bytes") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw AuthFileError("the \(what) \(path) is not UTF-8") }
        return text
    }

    /// Lets the process hold as many sockets as the hard limit allows (the usual soft limit of
    /// 1,024 is reached by a thousand clients), as nginx's `worker_rlimit_nofile` does.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(openFilesResource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(openFilesResource, &limit)
    }
}
