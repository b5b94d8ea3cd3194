import SteleJSON
import SteleSchema

extension Registry {
    /// `GET /config` (subject nil) and `GET /config/{s}`; with `defaultToGlobal` a subject
    /// without its own record falls back to the global one, then to the server default.
    public func config(subject: String?, defaultToGlobal: Bool = false) throws(RegistryError) -> RegistryConfig {
        try state.withLock { (s: inout State) throws(RegistryError) -> RegistryConfig in
            let fallback = s.configs[""] ?? RegistryConfig()
            guard let subject else { return withLevel(fallback) }
            if let own = s.configs[subject] { return own }
            if defaultToGlobal { return withLevel(fallback) }
            throw RegistryError.noSubjectConfig(subject)
        }
    }

    private func withLevel(_ c: RegistryConfig) -> RegistryConfig {
        var c = c
        if c.fields["compatibilityLevel"] == nil { c.fields["compatibilityLevel"] = .string(defaultLevel.rawValue) }
        return c
    }

    /// `PUT /config[/{s}]`: merges field-wise (absent keeps, null clears); the level's request
    /// key is `compatibility` (or `compatibilityLevel`), stored as `compatibilityLevel`.
    public func setConfig(subject: String?, update: JSONObject) throws(RegistryError) -> RegistryConfig {
        if let subject { try Self.validateSubject(subject) }
        return try state.withLock { (s: inout State) throws(RegistryError) -> RegistryConfig in
            let scope = subject ?? ""
            if let subject, Self.effectiveMode(s, subject) == .readOnly || Self.effectiveMode(s, subject) == .readOnlyOverride { throw RegistryError.readOnly(subject) }
            var config = s.configs[scope] ?? RegistryConfig()
            for m in update {
                let key = m.key == "compatibility" ? "compatibilityLevel" : m.key
                if m.value == .null { config.fields[key] = nil; continue }
                switch key {
                case "compatibilityLevel":
                    guard let text = m.value.stringValue, let level = CompatibilityLevel(lenient: text) else { throw RegistryError.invalidLevel }
                    config.fields[key] = .string(level.rawValue)
                case "compatibilityPolicy":
                    guard let text = m.value.stringValue, ["STRICT", "LENIENT"].contains(text.uppercased()) else {
                        throw RegistryError(42203, "Invalid compatibility policy. Valid values are STRICT and LENIENT")
                    }
                    config.fields[key] = .string(text.uppercased())
                default:
                    config.fields[key] = m.value
                }
            }
            try persist(&s, [.putConfig(scope: scope, config)])
            return config
        }
    }

    /// `DELETE /config[/{s}]`: the previous config; 40401 for a subject without one.
    public func deleteConfig(subject: String?) throws(RegistryError) -> RegistryConfig {
        try state.withLock { (s: inout State) throws(RegistryError) -> RegistryConfig in
            let scope = subject ?? ""
            guard let previous = s.configs[scope] else {
                if let subject { throw RegistryError.subjectNotFound(subject) }
                return withLevel(RegistryConfig())
            }
            try persist(&s, [.putConfig(scope: scope, nil)])
            return subject == nil ? withLevel(previous) : previous
        }
    }

    /// `GET /mode[/{s}]`.
    public func mode(subject: String?, defaultToGlobal: Bool = false) throws(RegistryError) -> RegistryMode {
        try state.withLock { (s: inout State) throws(RegistryError) -> RegistryMode in
            guard let subject else { return s.modes[""] ?? .readWrite }
            if let own = s.modes[subject] { return own }
            if defaultToGlobal { return s.modes[""] ?? .readWrite }
            throw RegistryError.noSubjectMode(subject)
        }
    }

    /// `PUT /mode[/{s}]`: IMPORT needs no live subjects in scope, unless `force`.
    public func setMode(subject: String?, _ mode: RegistryMode, force: Bool = false) throws(RegistryError) -> RegistryMode {
        if let subject { try Self.validateSubject(subject) }
        return try state.withLock { (s: inout State) throws(RegistryError) -> RegistryMode in
            if mode == .importing && !force {
                let live = subject.map { s.subjects[$0]?.contains { !$0.deleted } ?? false } ?? s.subjects.values.contains { $0.contains { !$0.deleted } }
                if live { throw RegistryError(42205, "Cannot import since found existing subjects") }
            }
            try persist(&s, [.putMode(scope: subject ?? "", mode)])
            return mode
        }
    }

    /// `DELETE /mode[/{s}]`: the previous mode; 40401 for a subject without one.
    public func deleteMode(subject: String?) throws(RegistryError) -> RegistryMode {
        try state.withLock { (s: inout State) throws(RegistryError) -> RegistryMode in
            let scope = subject ?? ""
            guard let previous = s.modes[scope] else {
                if let subject { throw RegistryError.subjectNotFound(subject) }
                return .readWrite
            }
            try persist(&s, [.putMode(scope: scope, nil)])
            return previous
        }
    }
}
