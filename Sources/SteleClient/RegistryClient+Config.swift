import SteleJSON
import SteleSchema

/// A registry mode, as Confluent spells it.
public enum RegistryModeName: String, Sendable, Hashable, CaseIterable {
    case readWrite = "READWRITE"
    case readOnly = "READONLY"
    case readOnlyOverride = "READONLY_OVERRIDE"
    case importing = "IMPORT"
    case forward = "FORWARD"

    public init?(lenient text: String) { self.init(rawValue: text.uppercased()) }
}

extension RegistryClient {
    /// The config of `subject`, or the global config (`GET /config[/{s}]`). With
    /// `defaultToGlobal`, a subject without its own config gets the global one instead of 40408.
    public func config(subject: String? = nil, defaultToGlobal: Bool = false) async throws(RegistryClientError) -> RegistryConfig {
        try RegistryClient.config(from: try await fetch(RegistryHTTPRequest(method: .get, path: Self.configPath("config", subject, defaultToGlobal ? [("defaultToGlobal", "true")] : [])),
                                                  rememberMissing: false).json)
    }

    /// Sets the compatibility level of `subject` or the global one (`PUT /config[/{s}]` with
    /// `{"compatibility": LEVEL}`); returns what the registry answered.
    public func setCompatibility(_ level: CompatibilityLevel, subject: String? = nil) async throws(RegistryClientError) -> RegistryConfig {
        var update = JSONObject()
        update["compatibility"] = .string(level.rawValue)
        return try await setConfig(update, subject: subject)
    }

    /// Updates config fields (`PUT /config[/{s}]`): the keys of Confluent's `ConfigUpdateRequest`
    /// (`compatibility`, `normalize`, `compatibilityPolicy`, `defaultMetadata`, …).
    public func setConfig(_ update: JSONObject, subject: String? = nil) async throws(RegistryClientError) -> RegistryConfig {
        let answer = try await fetch(RegistryHTTPRequest(method: .put, path: Self.configPath("config", subject, []), body: Self.body(.object(update))), rememberMissing: false)
        forgetMissing()
        return try RegistryClient.config(from: answer.json)
    }

    /// Removes the subject's own config, or resets the global one (`DELETE /config[/{s}]`).
    public func deleteConfig(subject: String? = nil) async throws(RegistryClientError) -> RegistryConfig {
        try RegistryClient.config(from: try await fetch(RegistryHTTPRequest(method: .delete, path: Self.configPath("config", subject, [])), rememberMissing: false).json)
    }

    /// The mode of `subject`, or the global mode (`GET /mode[/{s}]`).
    public func mode(subject: String? = nil, defaultToGlobal: Bool = false) async throws(RegistryClientError) -> RegistryModeName {
        try RegistryClient.mode(from: try await fetch(RegistryHTTPRequest(method: .get, path: Self.configPath("mode", subject, defaultToGlobal ? [("defaultToGlobal", "true")] : [])),
                                                rememberMissing: false).json)
    }

    /// Sets the mode (`PUT /mode[/{s}]`); `force` allows IMPORT on a registry holding schemas.
    public func setMode(_ mode: RegistryModeName, subject: String? = nil, force: Bool = false) async throws(RegistryClientError) -> RegistryModeName {
        let request = RegistryHTTPRequest(method: .put, path: Self.configPath("mode", subject, force ? [("force", "true")] : []),
                                          body: Self.body(["mode": .string(mode.rawValue)]))
        return try RegistryClient.mode(from: try await fetch(request, rememberMissing: false).json)
    }

    /// Removes the subject's own mode (`DELETE /mode/{s}`).
    public func deleteMode(subject: String? = nil) async throws(RegistryClientError) -> RegistryModeName {
        try RegistryClient.mode(from: try await fetch(RegistryHTTPRequest(method: .delete, path: Self.configPath("mode", subject, [])), rememberMissing: false).json)
    }

    private static func configPath(_ resource: String, _ subject: String?, _ query: [(String, String)]) -> String {
        path([resource] + (subject.map { [$0] } ?? []), query: query)
    }

    private static func config(from json: JSONValue) throws(RegistryClientError) -> RegistryConfig {
        guard let o = json.objectValue else { throw .invalidResponse("expected a config object") }
        return RegistryConfig(fields: o)
    }

    private static func mode(from json: JSONValue) throws(RegistryClientError) -> RegistryModeName {
        guard let text = json["mode"]?.stringValue, let mode = RegistryModeName(lenient: text) else { throw .invalidResponse("expected {\"mode\": …}") }
        return mode
    }
}
