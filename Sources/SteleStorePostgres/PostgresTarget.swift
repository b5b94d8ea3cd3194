/// Where the shared store lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (also
/// `postgresql://`). A password not in the URL comes from `$PGPASSWORD`. Printed without
/// the password.
public struct PostgresTarget: Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    public static func isURL(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    public init(url: String, environment: [String: String] = [:]) throws {
        guard Self.isURL(url) else { throw PostgresStoreError("'\(url)' is not a postgres:// URL") }
        var rest = Substring(url.drop(while: { $0 != ":" }).dropFirst(3))
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        guard let slash = rest.firstIndex(of: "/") else { throw PostgresStoreError("the URL names no database (postgres://USER@HOST/DATABASE)") }
        let authority = rest[..<slash]
        database = Self.decode(rest[rest.index(after: slash)...])
        guard !database.isEmpty else { throw PostgresStoreError("the URL names no database (postgres://USER@HOST/DATABASE)") }
        var hostPart = authority
        user = "postgres"
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = Self.decode(credentials[..<colon])
                password = Self.decode(credentials[credentials.index(after: colon)...])
            } else {
                user = Self.decode(credentials)
            }
        }
        if password == nil { password = environment["PGPASSWORD"] }
        port = 5432
        if hostPart.hasPrefix("[") , let close = hostPart.firstIndex(of: "]") {
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw PostgresStoreError("the URL's port is not a port") }
                port = p
            }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            guard let p = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(p) else { throw PostgresStoreError("the URL's port is not a port") }
            port = p
        } else {
            host = String(hostPart)
        }
        if host.isEmpty { host = "127.0.0.1" }
    }

    /// Percent-decoding (`%40` in a password is `@`).
    static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        var i = s.utf8.startIndex
        let u = s.utf8
        while i < u.endIndex {
            if u[i] == UInt8(ascii: "%"), let a = u.index(i, offsetBy: 1, limitedBy: u.endIndex), a < u.endIndex,
               let b = u.index(a, offsetBy: 1, limitedBy: u.endIndex), b < u.endIndex,
               let v = UInt8(String(decoding: [u[a], u[b]], as: UTF8.self), radix: 16) {
                bytes.append(v)
                i = u.index(after: b)
            } else {
                bytes.append(u[i])
                i = u.index(after: i)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
