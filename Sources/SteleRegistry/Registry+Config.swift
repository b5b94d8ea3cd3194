import SteleJSON
import SteleSchema

extension Registry {
    /// `GET /config` (subject nil) and `GET /config/{s}`; with `defaultToGlobal` a subject
    /// without its own record falls back to its context's (the top level for the default
    /// context), then to `:.__GLOBAL:`, then to the server default. `GET /config` is the top
    /// level, which falls back to `:.__GLOBAL:` too. A context (`:.ctx:`) as `{s}` addresses
    /// the context-level config.
    public func config(subject: String?, defaultToGlobal: Bool = false) throws(RegistryError) -> RegistryConfig {
        let subject = subject.map(Self.key)
        return try read { (s: State) throws(RegistryError) -> RegistryConfig in
            guard let subject, !subject.isEmpty else { return withLevel(Self.inheritedConfig(s, "") ?? RegistryConfig()) }
            if let own = s.configs[subject] { return own }
            if defaultToGlobal { return withLevel(Self.inheritedConfig(s, subject) ?? RegistryConfig()) }
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
    public func setConfig(subject: String?, update: JSONObject) async throws(RegistryError) -> RegistryConfig {
        if let subject { try Self.validateScope(subject) }
        let subject = subject.map(Self.key)
        return try await write { [self] (s: inout State) throws(RegistryError) -> RegistryConfig in
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
                case "defaultRuleSet", "overrideRuleSet":
                    try DataContracts.validateRuleSet(m.value)
                    config.fields[key] = m.value
                default:
                    config.fields[key] = m.value
                }
            }
            try persist(&s, [.putConfig(scope: scope, config)])
            return config
        }
    }

    /// `DELETE /config[/{s}]`: the previous config; 40401 for a subject without one.
    public func deleteConfig(subject: String?) async throws(RegistryError) -> RegistryConfig {
        let subject = subject.map(Self.key)
        return try await write { [self] (s: inout State) throws(RegistryError) -> RegistryConfig in
            let scope = subject ?? ""
            guard let previous = s.configs[scope] else {
                if let subject { throw RegistryError.subjectNotFound(subject) }
                return withLevel(RegistryConfig())
            }
            try persist(&s, [.putConfig(scope: scope, nil)])
            return subject == nil ? withLevel(previous) : previous
        }
    }

    /// `GET /mode[/{s}]`; `defaultToGlobal` falls back as config does.
    public func mode(subject: String?, defaultToGlobal: Bool = false) throws(RegistryError) -> RegistryMode {
        let subject = subject.map(Self.key)
        return try read { (s: State) throws(RegistryError) -> RegistryMode in
            guard let subject, !subject.isEmpty else { return Self.effectiveMode(s, "") }
            if let own = s.modes[subject] { return own }
            if defaultToGlobal { return Self.effectiveMode(s, subject) }
            throw RegistryError.noSubjectMode(subject)
        }
    }

    /// `PUT /mode[/{s}]`: IMPORT needs no live subjects in scope, unless `force` (a context's
    /// scope is its subjects; the top level's and `:.__GLOBAL:`'s, every subject).
    public func setMode(subject: String?, _ mode: RegistryMode, force: Bool = false) async throws(RegistryError) -> RegistryMode {
        if let subject { try Self.validateScope(subject) }
        let scope = subject.map(Self.key) ?? ""
        return try await write { [self] (s: inout State) throws(RegistryError) -> RegistryMode in
            if mode == .importing && !force {
                let live = s.subjects.contains { name, versions in Self.importScope(scope, contains: name) && versions.contains { !$0.deleted } }
                if live { throw RegistryError(42205, "Cannot import since found existing subjects") }
            }
            try persist(&s, [.putMode(scope: scope, mode)])
            return mode
        }
    }

    /// Whether `subject` must have no live versions before IMPORT is set on `scope`.
    static func importScope(_ scope: String, contains subject: String) -> Bool {
        let q = QualifiedSubject(scope)
        if scope.isEmpty || (q.context == QualifiedSubject.globalContext && q.name.isEmpty) { return true }
        if q.name.isEmpty { return QualifiedSubject(subject).context == q.context }
        return scope == subject
    }

    /// `DELETE /mode[/{s}]`: the previous mode; 40401 for a subject without one.
    public func deleteMode(subject: String?) async throws(RegistryError) -> RegistryMode {
        let subject = subject.map(Self.key)
        return try await write { [self] (s: inout State) throws(RegistryError) -> RegistryMode in
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
