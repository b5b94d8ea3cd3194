import SteleJSON
import SteleRegistry

/// The Confluent release line whose answers the REST API copies where the lines differ
/// (reference §1.3 and §1.5): clients' own test suites were written against one or the other.
/// The default follows the newest release.
public enum ConfluentDialect: String, Sendable, Hashable, CaseIterable {
    /// 7.x (and 8.0.0–8.0.3, 8.1.0–8.1.1): an incompatible schema is `error_code` 409;
    /// `PUT /config` echoes the request.
    case v7 = "7"
    /// 8.0.4+, 8.1.2+, 8.2.0+: an incompatible schema is 40901; `PUT /config` answers the
    /// merged config under the update request's key names (`compatibility`).
    case v8 = "8"

    public static let newest = ConfluentDialect.v8

    /// The `error_code` this line sends for the registry's `code`.
    func errorCode(_ code: Int) -> Int {
        self == .v7 && code == RegistryError.incompatibleCode ? 409 : code
    }

    /// `GET /v1/metadata/version`.
    var serverVersion: String { self == .v7 ? "7.9.0-stele" : "8.2.0-stele" }

    /// The body of a `PUT /config[/{s}]` answer: the request as sent (7.x), or the merged
    /// config with `compatibilityLevel` spelled `compatibility` (8.x's
    /// `new ConfigUpdateRequest(config)`). `GET` keeps `compatibilityLevel` in both.
    func configUpdateAnswer(merged: RegistryConfig, request: JSONObject) -> JSONValue {
        var out = JSONObject()
        switch self {
        case .v7:
            for m in request where m.value != .null { out[m.key] = m.value }
        case .v8:
            for m in merged.fields { out[m.key == "compatibilityLevel" ? "compatibility" : m.key] = m.value }
        }
        return .object(out)
    }
}
