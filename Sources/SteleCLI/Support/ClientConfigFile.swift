#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Yams

/// The registry a person or a CI job uses most, in a file instead of on every command line:
/// `--config FILE`, else `$STELE_CONFIG`, else `~/.config/stele/config.yaml` when it exists.
/// Flags and `STELE_*` variables win over it.
///
///     registry: https://registry.example.com:8081
///     user: ci
///     password: "…"        # or token: "…"
///     ca_file: /etc/ssl/registry-ca.pem
///
/// A file holding a password or token that its group or others may read is refused, as ssh
/// refuses such keys: the secret would already be out.
struct ClientConfigFile: Sendable, Hashable {
    var registry: String?
    var user: String?
    var password: String?
    var token: String?
    var caFile: String?

    static let keys = ["registry", "user", "password", "token", "ca_file"]
    static let maxBytes = 64 << 10

    /// The file to read, if any: an explicit one must exist; the default may not.
    static func locate(explicit: String?) -> (path: String, required: Bool)? {
        if let explicit { return (explicit, true) }
        if let env = RegistryOptions.environment("STELE_CONFIG") { return (env, true) }
        guard let home = RegistryOptions.environment("HOME") else { return nil }
        let path = home + "/.config/stele/config.yaml"
        return access(path, F_OK) == 0 ? (path, false) : nil
    }

    static func load(explicit: String?) throws(CommandFailure) -> ClientConfigFile? {
        guard let (path, _) = locate(explicit: explicit) else { return nil }
        let text = try Files.readText(path, limit: maxBytes)
        let config = try parse(text, label: path)
        if config.password != nil || config.token != nil {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                throw .input("\(path) holds a secret but others may read it: chmod 600 \(path)")
            }
        }
        return config
    }

    static func parse(_ text: String, label: String) throws(CommandFailure) -> ClientConfigFile {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw .input("\(label): invalid YAML: \(error)") }
        guard let root else { return ClientConfigFile() }
        guard case .mapping(let m) = root else { throw .input("\(label): must be a mapping of \(keys.joined(separator: ", "))") }
        var c = ClientConfigFile()
        for (k, v) in m {
            let at = k.mark.map { "\(label):\($0.line):\($0.column)" } ?? label
            guard let key = k.scalar?.string, keys.contains(key) else {
                throw .input("\(at): unknown key \"\(k.scalar?.string ?? "?")\" (expected one of: \(keys.joined(separator: ", ")))")
            }
            guard let value = v.scalar?.string, !value.isEmpty else { throw .input("\(at): \(key) must be a non-empty string") }
            switch key {
            case "registry": c.registry = value
            case "user": c.user = value
            case "password": c.password = value
            case "token": c.token = value
            default: c.caFile = value
            }
        }
        return c
    }
}
