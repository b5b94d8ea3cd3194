import SteleJSON

/// Everything a `RegistryClient` is configured with. Every default is stated, and each one
/// that differs from Confluent's clients says why.
public struct RegistryClientConfiguration: Sendable {
    /// Base URLs, tried in order (a URL that failed moves to the back for later requests).
    public var urls: [RegistryURL]
    public var authentication: Authentication
    public var tls: TLS
    /// Time to establish a connection. Confluent: 60 s; 10 s here, because a producer that waits
    /// a minute for a dead registry is worse than one that fails over or reports it.
    public var connectTimeout: Duration
    /// Time for one attempt, from sending to the whole answer (Confluent: 60 s read timeout).
    public var requestTimeout: Duration
    public var retry: RetryPolicy
    public var cache: CachePolicy
    /// Largest response body read (a larger one is an invalid response, never buffered whole).
    public var maxResponseBytes: Int

    public init(urls: [RegistryURL], authentication: Authentication = .none, tls: TLS = TLS(),
                connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(30),
                retry: RetryPolicy = RetryPolicy(), cache: CachePolicy = CachePolicy(), maxResponseBytes: Int = 64 << 20) {
        self.urls = urls
        self.authentication = authentication
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.cache = cache
        self.maxResponseBytes = maxResponseBytes
    }

    /// From Confluent's comma-separated URL list (`http://a:8081,http://b:8081`). Credentials
    /// in a URL (`http://user:pass@host`) become basic auth unless `authentication` is given.
    public init(url: String, authentication: Authentication? = nil) throws(RegistryClientError) {
        let urls = try RegistryURL.list(url)
        var auth = authentication ?? .none
        if authentication == nil, let info = urls.first(where: { $0.userInfo != nil })?.userInfo {
            auth = .basic(user: info.user, password: info.password)
        }
        self.init(urls: urls, authentication: auth)
    }

    public enum Authentication: Sendable, Hashable, CustomStringConvertible {
        case none
        /// `Authorization: Basic …` (Confluent's `basic.auth.user.info`).
        case basic(user: String, password: String)
        /// `Authorization: Bearer …` (Confluent's `bearer.auth.token`, STATIC_TOKEN).
        case bearer(token: String)

        /// Never shows the secret.
        public var description: String {
            switch self {
            case .none: return "none"
            case .basic(let user, _): return "basic(\(user), ***)"
            case .bearer: return "bearer(***)"
            }
        }

        var headerValue: String? {
            switch self {
            case .none: return nil
            case .basic(let user, let password): return "Basic " + Base64.encode("\(user):\(password)".utf8)
            case .bearer(let token): return "Bearer " + token
            }
        }
    }

    /// TLS for `https://` URLs. Without a CA file the system's trust roots are used.
    public struct TLS: Sendable, Hashable {
        /// PEM file of the certificate authorities to trust (Confluent `ssl.ca.location`).
        public var caFile: String?
        /// PEM client certificate and key for mutual TLS (`ssl.certificate.location`,
        /// `ssl.key.location`); both or neither.
        public var certificateFile: String?
        public var keyFile: String?
        /// Check that the certificate names the host. Turning it off still checks the chain.
        public var verifyHostname: Bool

        public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, verifyHostname: Bool = true) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.verifyHostname = verifyHostname
        }
    }

    /// The client's caches (all bounded). Ids, GUIDs and registered (subject, schema) pairs
    /// never change meaning, so those entries never expire; "latest" answers do.
    public struct CachePolicy: Sendable, Hashable {
        /// Entries per cache (Confluent `cache.capacity` / `max.schemas.per.subject`: 1000).
        public var capacity: Int
        /// How long a latest-version (and latest-with-metadata) answer is used (Confluent's Java
        /// client default: 60 s). A registration through this client drops the subject's entry.
        public var latestTTL: Duration
        /// How long a "not found" answer (unknown id, GUID, subject or version) is remembered, so
        /// a stream of messages naming an unknown id does not become a stream of requests.
        /// Short, since the schema may be registered a moment later; 0 disables.
        public var missingTTL: Duration
        /// Serve an expired latest answer while the registry cannot be reached.
        public var serveStaleOnError: Bool

        public init(capacity: Int = 1000, latestTTL: Duration = .seconds(60), missingTTL: Duration = .seconds(5), serveStaleOnError: Bool = true) {
            self.capacity = max(1, capacity)
            self.latestTTL = latestTTL
            self.missingTTL = missingTTL
            self.serveStaleOnError = serveStaleOnError
        }
    }
}
