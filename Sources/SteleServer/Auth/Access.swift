import Hummingbird
import NIOCore
import SteleRegistry

/// The request context of every route: Hummingbird's core, plus what the request may do.
public struct SteleRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware`; unrestricted when the server has no auth file.
    var access = Access.unrestricted
    /// The connection, for the client certificate of mutual TLS.
    let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// What one request may do: the routes that list or resolve across subjects (`/subjects`,
/// `/schemas`, ids and GUIDs) ask it, so a principal sees only the subjects it may read.
struct Access: Sendable {
    let authenticator: Authenticator?
    let principal: Principal?

    static let unrestricted = Access(authenticator: nil, principal: nil)

    var isUnrestricted: Bool { authenticator == nil }

    func may(_ operation: AuthFile.Operation, _ resource: String) -> Bool {
        authenticator?.permits(principal, operation, resource) ?? true
    }

    func canRead(subject: String) -> Bool { may(.read, "Subject:" + subject) }

    /// 403 unless some subject holding schema `id` (in the context `subject` resolves it in)
    /// may be read (soft-deleted versions count).
    func requireRead(id: Int, subject: String? = nil, in registry: Registry) throws(RegistryError) {
        guard !isUnrestricted else { return }
        let subjects = (try? registry.subjectVersions(id: id, subject: subject, deleted: true).map(\.subject)) ?? []
        guard subjects.contains(where: canRead(subject:)) else { throw Self.denied(principal, "Read", "schema id \(id)") }
    }

    /// 403 (Confluent's 40301) for a user; for a request without credentials, 401 with a
    /// challenge, so a client that sends credentials only when asked does.
    static func denied(_ principal: Principal?, _ operation: String, _ resource: String) -> RegistryError {
        guard let principal else { return RegistryError(40101, "Unauthorized: credentials are required to \(operation.lowercased()) \(resource)") }
        return RegistryError(40301, "User \(principal.name) is denied operation \(operation) on \(resource)")
    }
}
