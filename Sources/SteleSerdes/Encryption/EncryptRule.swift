import SteleJSON

/// One `ENCRYPT` domain rule of a schema's rule set (Confluent's field-level encryption):
/// which tags it encrypts and with which KEK, KMS key, algorithm and DEK lifetime.
struct EncryptRule: Sendable {
    enum Mode: String, Sendable {
        case write = "WRITE", read = "READ", writeRead = "WRITEREAD"
    }

    var name: String
    var mode: Mode
    var tags: Set<String>
    var params: [String: String]

    func runs(writing: Bool) -> Bool { mode == .writeRead || mode == (writing ? .write : .read) }

    /// A rule parameter, else the serde's rule config (as Confluent's `RuleContext.get_parameter`).
    func parameter(_ key: String, _ config: [String: String]) -> String? { params[key] ?? config[key] }

    /// The `ENCRYPT` rules of `ruleSet` (disabled ones left out), in order.
    static func rules(in ruleSet: JSONValue?) -> [EncryptRule] {
        (ruleSet?["domainRules"]?.arrayValue ?? []).compactMap { r in
            guard r["type"]?.stringValue == "ENCRYPT", r["disabled"]?.boolValue != true,
                  let mode = Mode(rawValue: (r["mode"]?.stringValue ?? "WRITEREAD").uppercased()) else { return nil }
            var params: [String: String] = [:]
            for m in r["params"]?.objectValue ?? JSONObject() { if let s = m.value.stringValue { params[m.key] = s } }
            return EncryptRule(name: r["name"]?.stringValue ?? "", mode: mode, tags: Set((r["tags"]?.arrayValue ?? []).compactMap(\.stringValue)), params: params)
        }
    }

    /// The tags a schema node carries inline (`"confluent:tags": ["PII"]`).
    static func inlineTags(_ properties: JSONValue?) -> Set<String> {
        Set((properties?["confluent:tags"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
