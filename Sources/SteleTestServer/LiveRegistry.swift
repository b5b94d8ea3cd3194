import Hummingbird
import HummingbirdTesting
import SteleRegistry
import SteleServer

/// A real `stele serve` application (in memory, or on the registry given) on a loopback
/// port, for tests that talk to it over HTTP as any client would. Its own target, so test
/// targets that need no server do not link one.
public enum LiveRegistry {
    /// Runs `body` with the server's base URL while the server runs.
    /// `authFile`: users and permissions, as `stele serve --auth-file` takes them.
    public static func with<T: Sendable>(registry: Registry? = nil, authFile: String? = nil,
                                         _ body: @Sendable (_ url: String, _ registry: Registry) async throws -> T) async throws -> T {
        let registry = try registry ?? Registry(store: MemoryStore())
        let app = try RegistryServer.application(registry: registry, options: .init(host: "127.0.0.1", port: 0, authFile: authFile))
        return try await app.test(.live) { client in
            guard let port = client.port else { throw LiveRegistryError.noPort }
            return try await body("http://127.0.0.1:\(port)", registry)
        }
    }

    enum LiveRegistryError: Error { case noPort }
}
