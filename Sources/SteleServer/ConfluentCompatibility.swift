import SteleRegistry
import SteleSchema

/// Confluent's wording of a compatibility refusal, in one place: the registry says why (findings
/// with rule ids, the failing version, the level); this renders the `messages` of
/// `POST /compatibility/…?verbose=true` and the message of a refused registration, as
/// confluent-kafka's clients and tools read them.
enum ConfluentCompatibility {
    /// The differences of the failing pair, then `{oldSchemaVersion: v}`, `{oldSchema: '…'}`,
    /// `{compatibility: 'L'}`.
    static func messages(_ r: CompatibilityRefusal) -> [String] {
        var out: [String]
        switch r.reason {
        case .findings(let findings): out = findings.map(render)
        case .schemaTypeChanged: out = ["{errorType:'TYPE_MISMATCH', description:'The schema type of the new schema differs from the old schema'}"]
        }
        out.append("{oldSchemaVersion: \(r.failingVersion)}")
        out.append("{oldSchema: '\(r.oldSchema)'}")
        out.append("{compatibility: '\(r.level.rawValue)'}")
        return out
    }

    /// One finding as Confluent writes a difference. Avro rule ids drop their `AVRO_` prefix
    /// (Confluent's Avro error types are `READER_FIELD_MISSING_DEFAULT_VALUE` and so on); a
    /// finding whose detail is already in Confluent's form is passed through.
    static func render(_ f: Finding) -> String {
        if let d = f.detail, d.hasPrefix("{errorType") { return d }
        let type = f.rule.rawValue.hasPrefix("AVRO_") ? String(f.rule.rawValue.dropFirst(5)) : f.rule.rawValue
        return "{errorType:'\(type)', description:'\(f.message)', additionalInfo:'\(f.detail ?? "")'}"
    }

    /// The message of a registration refused as incompatible (error code 40901, or 409 in 7.x).
    static func registrationMessage(subject: String, _ r: CompatibilityRefusal) -> String {
        "Schema being registered is incompatible with an earlier schema for subject \"\(subject)\", details: [\(messages(r).joined(separator: ", "))]"
    }
}

extension RegistryError {
    /// The message as Confluent's clients read it: an incompatibility worded from its findings,
    /// every other error as the registry gave it.
    var confluentMessage: String {
        if let (subject, refusal) = incompatibility { return ConfluentCompatibility.registrationMessage(subject: subject, refusal) }
        return message
    }
}
