import SteleJSON
import SteleJSONSchema

/// Users and permissions, in Karapace's `registry_authfile` format (a Karapace file works
/// unchanged), with one addition, `anonymous`: what a request without credentials may do
/// (nothing when absent).
///
///     {"users": [{"username": "alice", "algorithm": "scrypt", "salt": "…", "password_hash": "…"}],
///      "permissions": [{"username": "alice", "operation": "Write", "resource": "Subject:orders-.*"},
///                      {"username": "alice", "operation": "Read", "resource": "Config:"}],
///      "anonymous": [{"operation": "Read", "resource": "Subject:public-.*"}]}
///
/// A resource is `Config:` (the global config and mode) or `Subject:NAME`, matched by a
/// regular expression anchored at its start (Python's `re.match`, as Karapace); Write
/// implies Read. A permission may name a principal that is not among the users: a bearer
/// token's subject.
struct AuthFile: Sendable {
    struct User: Sendable {
        var name: String
        var algorithm: PasswordHash.Algorithm
        var salt: String
        var hash: String
    }

    enum Operation: String, Sendable { case read = "Read", write = "Write" }

    struct Permission: Sendable {
        var username: String?
        var operation: Operation
        var resource: ECMARegex

        /// Write implies Read.
        func grants(_ operation: Operation, _ resource: String) -> Bool {
            guard self.operation == .write || operation == .read else { return false }
            return (try? self.resource.matches(resource)) ?? false
        }
    }

    var users: [String: User] = [:]
    var permissions: [Permission] = []
    var anonymous: [Permission] = []

    static let maxBytes = 16 << 20

    static func parse(_ text: String, name: String) throws(AuthFileError) -> AuthFile {
        let value: JSONValue
        do { value = try JSONParser(options: .init(maxDepth: 16, maxBytes: maxBytes)).parse(text) } catch {
            throw AuthFileError("\(name): not JSON: \(error.description)")
        }
        guard case .object(let o) = value else { throw AuthFileError("\(name): the top level must be an object") }
        var file = AuthFile()
        for (i, u) in (o["users"]?.arrayValue ?? []).enumerated() {
            let at = "\(name): users[\(i)]"
            guard let username = u["username"]?.stringValue, !username.isEmpty else { throw AuthFileError("\(at): needs a username") }
            guard let text = u["algorithm"]?.stringValue, let algorithm = PasswordHash.Algorithm(rawValue: text) else {
                throw AuthFileError("\(at): algorithm must be one of \(PasswordHash.Algorithm.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let salt = u["salt"]?.stringValue, let hash = u["password_hash"]?.stringValue, !hash.isEmpty else {
                throw AuthFileError("\(at): needs salt and password_hash (never a plain password)")
            }
            guard file.users[username] == nil else { throw AuthFileError("\(at): \(username) appears twice") }
            file.users[username] = User(name: username, algorithm: algorithm, salt: salt, hash: hash)
        }
        file.permissions = try permissions(o["permissions"], named: true, at: "\(name): permissions")
        file.anonymous = try permissions(o["anonymous"], named: false, at: "\(name): anonymous")
        return file
    }

    private static func permissions(_ value: JSONValue?, named: Bool, at: String) throws(AuthFileError) -> [Permission] {
        var out: [Permission] = []
        for (i, p) in (value?.arrayValue ?? []).enumerated() {
            let here = "\(at)[\(i)]"
            let username = p["username"]?.stringValue
            if named && username == nil { throw AuthFileError("\(here): needs a username") }
            guard let op = p["operation"]?.stringValue.flatMap(Operation.init(rawValue:)) else { throw AuthFileError("\(here): operation must be Read or Write") }
            guard let pattern = p["resource"]?.stringValue else { throw AuthFileError("\(here): needs a resource (Config: or Subject:REGEX)") }
            let regex: ECMARegex
            do { regex = try ECMARegex("^(?:\(pattern))") } catch { throw AuthFileError("\(here): resource \(pattern) is not a valid regular expression") }
            out.append(Permission(username: username, operation: op, resource: regex))
        }
        return out
    }
}

struct AuthFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
