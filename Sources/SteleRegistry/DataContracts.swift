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
}
