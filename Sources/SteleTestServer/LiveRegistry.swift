import Hummingbird
import Logging
import Synchronization
import SteleRegistry
import SteleServer

/// A real `stele serve` application (in memory, or on the registry given) on a loopback
/// port, for tests that talk to it over HTTP as any client would. Its own target, so test
/// targets that need no server do not link one.
public enum LiveRegistry {
    /// Runs `body` with the server's base URL while the server runs.
    /// `authFile`: users and permissions, as `stele serve --auth-file` takes them; `tls`: HTTPS
    /// (the URL is then `https://127.0.0.1:PORT`).
    public static func with<T: Sendable>(registry given: Registry? = nil, authFile: String? = nil, tls: TLSOptions? = nil,
                                         _ body: @Sendable (_ url: String, _ registry: Registry) async throws -> T) async throws -> T {
        let registry: Registry
        if let given { registry = given } else { registry = try await Registry(store: MemoryStore()) }
        let options = RegistryServer.Options(host: "127.0.0.1", port: 0, authFile: authFile, tls: tls)
        let port = Mutex<Int?>(nil)
        // Quiet: the server ends by cancellation when `body` returns, which is not an error.
        var logger = Logger(label: "stele-test")
        logger.logLevel = .critical
        let app = try RegistryServer.application(registry: registry, options: options, logger: logger) { p in port.withLock { $0 = p } }
        // The server runs as a task of its own (HummingbirdTesting's live client speaks plain HTTP).
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await app.run(); return nil }
            while port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(5)) }
            let url = "\(tls == nil ? "http" : "https")://127.0.0.1:\(port.withLock { $0! })"
            let result = try await body(url, registry)
            group.cancelAll()
            return result
        }
    }

}
