/// One registry base URL: `http(s)://[user:password@]host[:port][/prefix]`.
///
/// Credentials written in the URL (as confluent-kafka-python accepts them) become basic auth
/// and are never part of `description`, so logging a URL never logs a secret.
public struct RegistryURL: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Hashable { case http, https }

    public let scheme: Scheme
    public let host: String
    public let port: Int
    /// The path prefix without a trailing slash ("" for none), e.g. `/registry`.
    public let pathPrefix: String
    let userInfo: (user: String, password: String)?

    public init(parsing text: String) throws(RegistryClientError) {
        var rest = Substring(text.trimmingSpaces)
        guard let sep = rest.firstRange(of: "://") else { throw .invalidArgument("registry URL \(Self.redacted(text)) has no scheme (expected http:// or https://)") }
        guard let scheme = Scheme(rawValue: rest[..<sep.lowerBound].lowercased()) else {
            throw .invalidArgument("registry URL \(Self.redacted(text)) must start with http:// or https://")
        }
        rest = rest[sep.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        while path.hasSuffix("/") { path.removeLast() }
        var userInfo: (String, String)? = nil
        if let at = authority.lastIndex(of: "@") {
            let info = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let colon = info.firstIndex(of: ":") ?? info.endIndex
            let user = String(info[..<colon]).removingPercentEncoding
            let password = colon == info.endIndex ? "" : String(info[info.index(after: colon)...]).removingPercentEncoding
            userInfo = (user, password)
        }
        var host = String(authority)
        var port = scheme == .https ? 443 : 80
        if host.hasPrefix("[") {
            // [IPv6]:port
            guard let close = host.firstIndex(of: "]") else { throw .invalidArgument("registry URL \(Self.redacted(text)) has an unclosed IPv6 address") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw .invalidArgument("registry URL \(Self.redacted(text)) has an invalid port") }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else {
                throw .invalidArgument("registry URL \(Self.redacted(text)) has an invalid port")
            }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw .invalidArgument("registry URL \(Self.redacted(text)) has no host") }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathPrefix = path
        self.userInfo = userInfo
    }

    /// Several URLs separated by commas, as Confluent's `schema.registry.url` takes them.
    public static func list(_ text: String) throws(RegistryClientError) -> [RegistryURL] {
        var out: [RegistryURL] = []
        for part in text.split(separator: ",") where !part.trimmingSpaces.isEmpty {
            out.append(try RegistryURL(parsing: String(part)))
        }
        guard !out.isEmpty else { throw .invalidArgument("no registry URL given") }
        return out
    }

    /// The URL for `path` (which starts with `/`).
    public func url(for path: String) -> String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let defaultPort = scheme == .https ? 443 : 80
        return "\(scheme.rawValue)://\(hostPart)\(port == defaultPort ? "" : ":\(port)")\(pathPrefix)\(path)"
    }

    /// Without credentials.
    public var description: String { url(for: "") }

    public static func == (a: RegistryURL, b: RegistryURL) -> Bool {
        a.scheme == b.scheme && a.host == b.host && a.port == b.port && a.pathPrefix == b.pathPrefix
            && a.userInfo?.user == b.userInfo?.user && a.userInfo?.password == b.userInfo?.password
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scheme)
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(pathPrefix)
    }

    /// The text with any `user:password@` removed, for error messages.
    public static func redacted(_ text: String) -> String {
        guard let sep = text.firstRange(of: "://"), let at = text[sep.upperBound...].firstIndex(of: "@") else { return text }
        let slash = text[sep.upperBound...].firstIndex(of: "/") ?? text.endIndex
        guard at < slash else { return text }
        return String(text[..<sep.upperBound]) + "***@" + String(text[text.index(after: at)...])
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let s = Substring(self)
        guard let first = s.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\n" }) else { return s[s.endIndex...] }
        let last = s.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\n" })!
        return s[first...last]
    }

    /// Decodes `%XX` escapes (invalid escapes are kept as written).
    var removingPercentEncoding: String {
        var bytes: [UInt8] = []
        let utf8 = Array(self.utf8)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count, let h = hex(utf8[i + 1]), let l = hex(utf8[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Percent-encoding of path segments and query values with no safe characters beyond the
/// unreserved set (RFC 3986), as confluent-kafka-python's `quote(s, safe='')`.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let digits = Array("0123456789ABCDEF")
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out.append("%")
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0x0f)])
            }
        }
        return out
    }
}
