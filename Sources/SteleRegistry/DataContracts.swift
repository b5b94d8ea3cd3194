import SteleJSON

/// The data-contract parts of a schema — metadata (`tags`, `properties`, `sensitive`) and rule
/// sets (`migrationRules`, `domainRules`, `encodingRules`) — merged as Confluent merges them
/// when a config carries `defaultMetadata` / `overrideMetadata` / `defaultRuleSet` /
/// `overrideRuleSet` (reference §1.4 step 7, §6.3; `Metadata.mergeMetadata`,
/// `RuleSet.mergeRuleSets`).
enum DataContracts {
    /// The server-managed property holding a version's own number.
    static let versionProperty = "confluent:version"

    /// `new` over `old`: maps key-wise (a key of `new` wins), `sensitive` as a union; a part
    /// empty on one side is the other side's.
    static func mergeMetadata(_ old: JSONValue?, _ new: JSONValue?) -> JSONValue? {
        guard case .object(let o)? = old else { return new }
        guard case .object(let n)? = new else { return old }
        var merged = JSONObject()
        for key in ["tags", "properties"] {
            merged[key] = mergeMaps(o[key], n[key])
        }
        merged["sensitive"] = mergeSets(o["sensitive"], n["sensitive"])
        for m in o where merged[m.key] == nil && !["tags", "properties", "sensitive"].contains(m.key) { merged[m.key] = m.value }
        for m in n where !["tags", "properties", "sensitive"].contains(m.key) { merged[m.key] = m.value }
        return .object(merged)
    }

    /// `new`'s rules replace `old`'s of the same name; the others of `old` stay first, in order.
    static func mergeRuleSets(_ old: JSONValue?, _ new: JSONValue?) -> JSONValue? {
        guard case .object(let o)? = old else { return new }
        guard case .object(let n)? = new else { return old }
        var merged = JSONObject()
        for key in ["migrationRules", "domainRules", "encodingRules"] {
            merged[key] = mergeRules(o[key], n[key])
        }
        return .object(merged)
    }

    /// Sets `confluent:version` to `version` (creating the properties as needed).
    static func withVersionProperty(_ metadata: JSONValue?, _ version: Int) -> JSONValue? {
        mergeMetadata(metadata, ["properties": [versionProperty: .string(String(version))]])
    }

    /// Whether `metadata.properties` holds `confluent:version`.
    static func hasVersionProperty(_ metadata: JSONValue?) -> Bool {
        metadata?["properties"]?[versionProperty] != nil
    }

    /// The value of the `compatibilityGroup` property, nil when absent.
    static func groupValue(_ metadata: JSONValue?, _ group: String) -> String? {
        metadata?["properties"]?[group]?.stringValue
    }

    private static func isEmpty(_ v: JSONValue?) -> Bool {
        switch v {
        case nil, .null?: true
        case .object(let o)?: o.isEmpty
        case .array(let a)?: a.isEmpty
        default: false
        }
    }

    private static func mergeMaps(_ old: JSONValue?, _ new: JSONValue?) -> JSONValue? {
        if isEmpty(old) { return new }
        if isEmpty(new) { return old }
        guard case .object(var o)? = old, case .object(let n)? = new else { return new }
        for m in n { o[m.key] = m.value }
        return .object(o)
    }

    private static func mergeSets(_ old: JSONValue?, _ new: JSONValue?) -> JSONValue? {
        if isEmpty(old) { return new }
        if isEmpty(new) { return old }
        let names = Set(((old?.arrayValue ?? []) + (new?.arrayValue ?? [])).compactMap(\.stringValue))
        return .array(names.sorted().map { .string($0) })
    }

    private static func mergeRules(_ old: JSONValue?, _ new: JSONValue?) -> JSONValue? {
        if isEmpty(old) { return new }
        if isEmpty(new) { return old }
        let newRules = new?.arrayValue ?? []
        let replaced = Set(newRules.compactMap { $0["name"]?.stringValue })
        let kept = (old?.arrayValue ?? []).filter { rule in !replaced.contains(rule["name"]?.stringValue ?? "") }
        return .array(kept + newRules)
    }

    /// Confluent's `RuleSet.validate` and `Rule.validate` (42210): names present, at most 64
    /// characters, a letter or `_` then letters, digits, `_` or `-`, unique across the rule
    /// set; a type; each list's own modes; several actions only for WRITEREAD and UPDOWN.
    static func validateRuleSet(_ ruleSet: JSONValue?) throws(RegistryError) {
        guard let ruleSet, ruleSet != .null else { return }
        guard case .object(let o) = ruleSet else { throw RegistryError(42210, "The rule set must be an object") }
        var names = Set<String>()
        let lists: [(String, Set<String>, String)] = [
            ("migrationRules", ["UPGRADE", "DOWNGRADE", "UPDOWN"], "Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN"),
            ("domainRules", ["WRITE", "READ", "WRITEREAD"], "Domain rules can only be WRITE, READ, WRITEREAD"),
            ("encodingRules", ["WRITE", "READ", "WRITEREAD"], "Encoding rules can only be WRITE, READ, WRITEREAD"),
        ]
        for (key, modes, only) in lists {
            guard let value = o[key], value != .null else { continue }
            guard let rules = value.arrayValue else { throw RegistryError(42210, "\(key) must be a list of rules") }
            for rule in rules {
                guard case .object(let r) = rule else { throw RegistryError(42210, "\(key) must be a list of rules") }
                let name = try ruleName(r["name"])
                guard names.insert(name).inserted else { throw RegistryError(42210, "Found rule with duplicate name '\(name)'") }
                if (r["type"]?.stringValue ?? "").isEmpty { throw RegistryError(42210, "Missing rule type") }
                if let kind = r["kind"]?.stringValue, !["TRANSFORM", "CONDITION"].contains(kind) {
                    throw RegistryError(42210, "Invalid rule kind \(kind): valid kinds are TRANSFORM and CONDITION")
                }
                let mode = r["mode"]?.stringValue ?? ""
                guard modes.contains(mode) else { throw RegistryError(42210, only) }
                for action in ["onSuccess", "onFailure"] {
                    if let a = r[action]?.stringValue, a.contains(","), mode != "WRITEREAD" && mode != "UPDOWN" {
                        throw RegistryError(42210, "Multiple actions only valid with WRITEREAD and UPDOWN")
                    }
                }
            }
        }
    }

    private static func ruleName(_ value: JSONValue?) throws(RegistryError) -> String {
        guard let name = value?.stringValue else { throw RegistryError(42210, "Missing rule name") }
        guard let first = name.first else { throw RegistryError(42210, "Empty rule name") }
        if name.count > 64 { throw RegistryError(42210, "Rule name too long") }
        if !(first.isLetter || first == "_") { throw RegistryError(42210, "Illegal initial character in rule name: \(name)") }
        if !name.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
            throw RegistryError(42210, "Illegal character in rule name: \(name)")
        }
        return name
    }
}
