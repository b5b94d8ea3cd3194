import SteleAvro
import SteleClient
import SteleJSON

/// The `ENCRYPT` rules of one Avro writer schema, compiled once: what fields to transform is
/// read from the schema's inline `confluent:tags` and its `metadata.tags`; values are walked in the schema's shape
/// (records, arrays, maps, unions), and a tagged `string` or `bytes` field (or a union holding
/// one) is encrypted or decrypted.
struct AvroFieldEncryption: Sendable {
    let rules: [EncryptRule]
    let schema: AvroSchema
    /// Each record node's fields' tags, by node index (empty for other nodes): inline
    /// `confluent:tags` and those `metadata.tags` patterns give `Record.full.name.field`,
    /// worked out once here rather than for every message.
    let fieldTags: [[Set<String>]]

    /// Nil when the rule set has no `ENCRYPT` rule.
    init?(schema: AvroSchema, ruleSet: JSONValue?, metadata: JSONValue? = nil) {
        let rules = EncryptRule.rules(in: ruleSet)
        guard !rules.isEmpty else { return nil }
        self.rules = rules
        self.schema = schema
        let patterns = WildcardMatch.metadataTags(metadata)
        fieldTags = schema.nodes.map { node in
            guard case .record(let r) = node else { return [] }
            return r.fields.map { f in
                EncryptRule.inlineTags(.object(f.properties)).union(WildcardMatch.tags(of: r.name.fullName + "." + f.name, in: patterns))
            }
        }
    }

    func encrypt(_ value: AvroValue, subject: String, with encryption: FieldEncryption?, client: RegistryClient) async throws(SerdesError) -> AvroValue {
        try await run(value, writing: true, subject: subject, encryption, client)
    }

    func decrypt(_ value: AvroValue, subject: String, with encryption: FieldEncryption?, client: RegistryClient) async throws(SerdesError) -> AvroValue {
        try await run(value, writing: false, subject: subject, encryption, client)
    }

    private func run(_ value: AvroValue, writing: Bool, subject: String, _ encryption: FieldEncryption?, _ client: RegistryClient) async throws(SerdesError) -> AvroValue {
        // Reading undoes the rules in reverse order, as Confluent's serdes do.
        let active = writing ? rules.filter { $0.runs(writing: true) } : rules.filter { $0.runs(writing: false) }.reversed()
        guard !active.isEmpty else { return value }
        guard let encryption else {
            throw SerdesError(.encryption, "the schema of \(subject) has an ENCRYPT rule ('\(active[0].name)'), and this serde has no fieldEncryption configured")
        }
        var v = value
        for rule in active {
            v = try await walk(v, schema.root, rule: rule) { (field) throws(SerdesError) -> AvroValue in
                switch field {
                case .string(let s):
                    if writing { return .string(Base64.encode(try await encryption.encrypt(Array(s.utf8), rule: rule, subject: subject, client: client))) }
                    guard let bytes = Base64.decode(s) else { throw SerdesError(.encryption, "an encrypted string field of \(subject) is not base64") }
                    let plain = try await encryption.decrypt(bytes, rule: rule, subject: subject, client: client)
                    guard let text = String(validating: plain, as: UTF8.self) else { throw SerdesError(.encryption, "a decrypted string field of \(subject) is not UTF-8") }
                    return .string(text)
                case .bytes(let b):
                    return .bytes(writing ? try await encryption.encrypt(b, rule: rule, subject: subject, client: client)
                                          : try await encryption.decrypt(b, rule: rule, subject: subject, client: client))
                default:
                    return field
                }
            }
        }
        return v
    }

    private func walk(_ value: AvroValue, _ node: AvroNodeID, rule: EncryptRule,
                      _ leaf: (AvroValue) async throws(SerdesError) -> AvroValue) async throws(SerdesError) -> AvroValue {
        switch (schema[node], value) {
        case (.record(let r), .record(var fields)):
            let tags = fieldTags[node.index]
            for (i, f) in r.fields.enumerated() where i < fields.count {
                if !tags[i].isDisjoint(with: rule.tags) {
                    fields[i] = try await tagged(fields[i], f.type, leaf)
                } else {
                    fields[i] = try await walk(fields[i], f.type, rule: rule, leaf)
                }
            }
            return .record(fields)
        case (.array(let items, _), .array(var elements)):
            for i in elements.indices { elements[i] = try await walk(elements[i], items, rule: rule, leaf) }
            return .array(elements)
        case (.map(let values, _), .map(var entries)):
            for i in entries.indices { entries[i].value = try await walk(entries[i].value, values, rule: rule, leaf) }
            return .map(entries)
        case (.union(let branches), .union(let index, let inner)) where index < branches.count:
            return .union(index, try await walk(inner, branches[index], rule: rule, leaf))
        default:
            return value
        }
    }

    /// A tagged field's value: its string or bytes transformed, through a union.
    private func tagged(_ value: AvroValue, _ node: AvroNodeID, _ leaf: (AvroValue) async throws(SerdesError) -> AvroValue) async throws(SerdesError) -> AvroValue {
        switch (schema[node], value) {
        case (.union(let branches), .union(let index, let inner)) where index < branches.count:
            return .union(index, try await tagged(inner, branches[index], leaf))
        case (.primitive(.string, _, _), .string), (.primitive(.bytes, _, _), .bytes):
            return try await leaf(value)
        default:
            return value
        }
    }
}
