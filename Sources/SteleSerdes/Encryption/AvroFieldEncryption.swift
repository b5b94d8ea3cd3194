import SteleAvro
import SteleClient
import SteleJSON

/// The `ENCRYPT` rules of one Avro writer schema, compiled once: what fields to transform is
/// read from the schema's inline `confluent:tags`; values are walked in the schema's shape
/// (records, arrays, maps, unions), and a tagged `string` or `bytes` field (or a union holding
/// one) is encrypted or decrypted.
struct AvroFieldEncryption: Sendable {
    let rules: [EncryptRule]
    let schema: AvroSchema
    /// `metadata.tags`: patterns over `Record.full.name.field` and their tags.
    let metadataTags: [(pattern: String, tags: Set<String>)]

    /// Nil when the rule set has no `ENCRYPT` rule.
    init?(schema: AvroSchema, ruleSet: JSONValue?, metadata: JSONValue? = nil) {
        let rules = EncryptRule.rules(in: ruleSet)
        guard !rules.isEmpty else { return nil }
        self.rules = rules
        self.schema = schema
        self.metadataTags = WildcardMatch.metadataTags(metadata)
    }

    /// A field's tags: inline, and those `metadata.tags` gives its full name.
    func tags(_ record: AvroRecord, _ field: AvroField) -> Set<String> {
        let inline = EncryptRule.inlineTags(.object(field.properties))
        guard !metadataTags.isEmpty else { return inline }
        return inline.union(WildcardMatch.tags(of: record.name.fullName + "." + field.name, in: metadataTags))
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
            for (i, f) in r.fields.enumerated() where i < fields.count {
                if !tags(r, f).isDisjoint(with: rule.tags) {
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
