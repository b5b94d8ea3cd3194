import Crypto
import SteleJSON
import Synchronization

/// Who made a request: a user of the auth file, or nobody (anonymous).
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public var description: String { name }
}

/// HTTP basic authentication against an `AuthFile`, and its permissions. A slow hash is
/// checked once per (user, password) and then remembered for five minutes under an HMAC with
/// a key of this process (never the password itself), so each request costs a hash lookup,
/// not a 16 MiB scrypt. Secrets are never logged or echoed in an error.
final class Authenticator: Sendable {
    let file: AuthFile
    let tokens: BearerTokenVerifier?
    /// Mutual TLS: a request without credentials acts as its certificate's subject common name.
    let certificatePrincipals: Bool
    private let byUser: [String: [AuthFile.Permission]]
    private let cacheKey = SymmetricKey(size: .bits256)
    private let verified = Mutex<[[UInt8]: ContinuousClock.Instant]>([:])

    static let cacheTTL: Duration = .seconds(300)
    static let maxCached = 4_096
    /// An `Authorization` header longer than this is refused unread.
    static let maxHeaderBytes = 8_192

    enum Outcome: Sendable {
        case user(Principal)
        case anonymous
        case refused(String)
    }

    init(file: AuthFile, tokens: BearerTokenVerifier? = nil, certificatePrincipals: Bool = false) {
        self.file = file
        self.tokens = tokens
        self.certificatePrincipals = certificatePrincipals
        var byUser: [String: [AuthFile.Permission]] = [:]
        for p in file.permissions { byUser[p.username ?? "", default: []].append(p) }
        self.byUser = byUser
    }

    /// The principal of an `Authorization` header (nil: none was sent).
    func authenticate(_ header: String?) async -> Outcome {
        guard let header else { return file.anonymous.isEmpty ? .refused("credentials are required") : .anonymous }
        guard header.utf8.count <= Self.maxHeaderBytes else { return .refused("the Authorization header is too long") }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return .refused("malformed Authorization header") }
        if parts[0].lowercased() == "bearer" {
            guard let tokens else { return .refused("bearer tokens are not accepted here: use basic auth") }
            switch await tokens.principal(of: parts[1].trimmingSpaces) {
            case .success(let p): return .user(p)
            case .failure(let r): return .refused(r.reason)
            }
        }
        guard parts[0].lowercased() == "basic" else { return .refused("unsupported authorization scheme") }
        guard let bytes = Base64.decode(parts[1].trimmingSpaces), let text = String(validating: bytes, as: UTF8.self),
              let colon = text.firstIndex(of: ":") else {
            return .refused("malformed basic credentials")
        }
        let name = String(text[..<colon]), password = String(text[text.index(after: colon)...])
        guard let user = file.users[name] else { return .refused("unknown user or wrong password") }
        let key = Array(HMAC<SHA256>.authenticationCode(for: Array("\(name)\u{0}\(password)".utf8), using: cacheKey))
        let now = ContinuousClock.now
        if let until = verified.withLock({ $0[key] }), until > now { return .user(Principal(name: name)) }
        guard PasswordHash.verify(password, salt: user.salt, algorithm: user.algorithm, expected: user.hash) else {
            return .refused("unknown user or wrong password")
        }
        verified.withLock { cache in
            if cache.count >= Self.maxCached { cache = cache.filter { $0.value > now } }
            if cache.count >= Self.maxCached { cache.removeAll() }
            cache[key] = now + Self.cacheTTL
        }
        return .user(Principal(name: name))
    }

    /// Whether `principal` (nil: anonymous) may do `operation` on `resource`.
    func permits(_ principal: Principal?, _ operation: AuthFile.Operation, _ resource: String) -> Bool {
        let rules = principal.map { byUser[$0.name] ?? [] } ?? file.anonymous
        return rules.contains { $0.grants(operation, resource) }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
