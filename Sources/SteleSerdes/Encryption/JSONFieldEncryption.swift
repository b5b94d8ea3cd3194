import SteleClient
import SteleJSON
import Synchronization

/// The `ENCRYPT` rules of one JSON Schema, compiled once: properties whose schema carries
/// `"confluent:tags"` with a rule's tag have their string values encrypted (base64 text) or
/// decrypted. Documents are walked in the schema's shape: `properties`, `items` and
/// `prefixItems`, `allOf`, the branch of `anyOf`/`oneOf` whose `type` fits, and local `$ref`s.
struct JSONFieldEncryption: Sendable {
    let rules: [EncryptRule]
    let root: JSONValue
    /// `metadata.tags`: patterns over property paths (`$.card.number`) and their tags.
    let metadataTags: [(pattern: String, tags: Set<String>)]
    /// What messages would otherwise work out again each time: `$ref` targets, and the
    /// metadata tags of a property path (paths are only built when there are such tags).
    let memo = Memo()

    final class Memo: Sendable {
        /// Bounds each table: paths through recursive `$ref`s grow with the document.
        static let limit = 4096
        let refs = Mutex<[String: JSONValue]>([:])
        let pathTags = Mutex<[String: Set<String>]>([:])
    }

    init?(root: JSONValue, ruleSet: JSONValue?, metadata: JSONValue? = nil) {
        let rules = EncryptRule.rules(in: ruleSet)
        guard !rules.isEmpty else { return nil }
        self.rules = rules
        self.root = root
        self.metadataTags = WildcardMatch.metadataTags(metadata)
    }

    private func target(of ref: String) -> JSONValue? {
        if let hit = memo.refs.withLock({ $0[ref] }) { return hit }
        guard let pointer = JSONPointer(parsing: String(ref.dropFirst())), let target = pointer.resolve(in: root) else { return nil }
        memo.refs.withLock { if $0.count < Memo.limit { $0[ref] = target } }
        return target
    }

    private func tags(of path: String?) -> Set<String> {
        guard let path else { return [] }
        if let hit = memo.pathTags.withLock({ $0[path] }) { return hit }
        let tags = WildcardMatch.tags(of: path, in: metadataTags)
        memo.pathTags.withLock { if $0.count < Memo.limit { $0[path] = tags } }
        return tags
    }

    func run(_ document: JSONValue, writing: Bool, subject: String, with encryption: FieldEncryption?, client: RegistryClient) async throws(SerdesError) -> JSONValue {
        let active = writing ? rules.filter { $0.runs(writing: true) } : rules.filter { $0.runs(writing: false) }.reversed()
        guard !active.isEmpty else { return document }
        guard let encryption else {
            throw SerdesError(.encryption, "the schema of \(subject) has an ENCRYPT rule ('\(active[0].name)'), and this serde has no fieldEncryption configured")
        }
        var v = document
        for rule in active {
            v = try await walk(v, root, rule: rule, path: metadataTags.isEmpty ? nil : "$", refs: 0) { (text) throws(SerdesError) -> String in
                if writing { return Base64.encode(try await encryption.encrypt(Array(text.utf8), rule: rule, subject: subject, client: client)) }
                guard let bytes = Base64.decode(text) else { throw SerdesError(.encryption, "an encrypted property of \(subject) is not base64") }
                let plain = try await encryption.decrypt(bytes, rule: rule, subject: subject, client: client)
                guard let s = String(validating: plain, as: UTF8.self) else { throw SerdesError(.encryption, "a decrypted property of \(subject) is not UTF-8") }
                return s
            }
        }
        return v
    }

    /// `path` is nil when no metadata tags need it.
    private func walk(_ value: JSONValue, _ schema: JSONValue, rule: EncryptRule, path: String?, refs: Int,
                      _ leaf: (String) async throws(SerdesError) -> String) async throws(SerdesError) -> JSONValue {
        guard case .object = schema else { return value }
        if let ref = schema["$ref"]?.stringValue, ref.hasPrefix("#") {
            // A chain of references that never descends into the document is a cycle.
            guard refs < 32 else { throw SerdesError(.encryption, "the schema's $ref \(ref) does not end") }
            guard let target = target(of: ref) else { return value }
            return try await walk(value, target, rule: rule, path: path, refs: refs + 1, leaf)
        }
        if case .string(let s) = value,
           !EncryptRule.inlineTags(schema).union(tags(of: path)).isDisjoint(with: rule.tags) {
            return .string(try await leaf(s))
        }
        var v = value
        for sub in schema["allOf"]?.arrayValue ?? [] { v = try await walk(v, sub, rule: rule, path: path, refs: refs, leaf) }
        for key in ["anyOf", "oneOf"] {
            if let branch = (schema[key]?.arrayValue ?? []).first(where: { Self.fits(v, $0) }) { v = try await walk(v, branch, rule: rule, path: path, refs: refs, leaf) }
        }
        switch v {
        case .object(var o):
            for p in schema["properties"]?.objectValue ?? JSONObject() {
                if let field = o[p.key] { o[p.key] = try await walk(field, p.value, rule: rule, path: path.map { $0 + "." + p.key }, refs: 0, leaf) }
            }
            return .object(o)
        case .array(var items):
            let prefix = schema["prefixItems"]?.arrayValue ?? schema["items"]?.arrayValue ?? []
            let rest = schema["items"].flatMap { $0.arrayValue == nil ? $0 : nil } ?? schema["additionalItems"]
            for i in items.indices {
                if let s = i < prefix.count ? prefix[i] : rest { items[i] = try await walk(items[i], s, rule: rule, path: path, refs: 0, leaf) }
            }
            return .array(items)
        default:
            return v
        }
    }

    /// Whether a branch's declared `type` admits the value (a branch without one does).
    static func fits(_ value: JSONValue, _ branch: JSONValue) -> Bool {
        let declared = branch["type"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue ?? ""] }
        guard let types = declared else { return true }
        let actual: [String]
        switch value {
        case .null: actual = ["null"]
        case .bool: actual = ["boolean"]
        case .string: actual = ["string"]
        case .array: actual = ["array"]
        case .object: actual = ["object"]
        default: actual = ["number", "integer"]
        }
        return types.contains { actual.contains($0) }
    }
}
