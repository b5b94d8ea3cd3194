import SteleAvro
import SteleJSON
import SteleJSONSchema
import SteleSchema

/// A parsed schema of any supported format.
enum ParsedAny: Sendable {
    case avro(AvroSchema)
    case json(JSONSchemaDocument)

    var canonicalText: String {
        switch self {
        case .avro(let s): return s.canonicalText
        case .json(let s): return s.canonicalText
        }
    }

    var normalizedText: String {
        switch self {
        case .avro(let s): return s.normalizedText
        case .json(let s): return s.normalizedText
        }
    }
}

/// The formats the registry accepts, behind one entry point (the `SchemaFormat` contract of
/// each engine, joined with its compatibility checker).
enum SchemaSupport {
    static let types: [SchemaType] = [.json, .avro]

    static func parse(_ type: SchemaType, _ text: String, references: [ResolvedReference], strict: Bool) throws(RegistryError) -> ParsedAny {
        let options: SchemaParseOptions = strict ? .strict : .lenient
        do {
            switch type {
            case .avro: return .avro(try AvroFormat().parse(text, references: references, options: options))
            case .json: return .json(try JSONSchemaFormat().parse(text, references: references, options: options))
            case .protobuf: throw RegistryError.invalidSchema("Invalid schema type PROTOBUF")
            }
        } catch let e as RegistryError {
            throw e
        } catch let e as SchemaError {
            let f = e.primary
            let at = f.range.start.isKnown ? " at line \(f.range.start.line) column \(f.range.start.column)" : ""
            throw RegistryError.invalidSchema("Invalid schema of type \(type.rawValue), details: \(f.rule) \(f.message)\(at)")
        } catch {
            throw RegistryError.invalidSchema("Invalid schema: \(error)")
        }
    }

    /// Confluent's verbose messages for `new` against `history` at `level`: the differences of
    /// the failing pair, then `{oldSchemaVersion: v}`, `{oldSchema: '…'}`, `{compatibility: 'L'}`.
    static func check(_ new: ParsedAny, against history: [(version: Int, schema: ParsedAny, text: String)], level: CompatibilityLevel, lenient: Bool) -> [String] {
        guard level != .none, !history.isEmpty else { return [] }
        let report: CompatibilityReport
        switch new {
        case .avro(let n):
            let h = history.compactMap { e -> (version: Int, schema: AvroSchema)? in if case .avro(let s) = e.schema { return (e.version, s) } else { return nil } }
            guard h.count == history.count else { return typeChanged(history.last!, level) }
            report = AvroCompatibility().check(n, against: h, level: level)
        case .json(let n):
            let h = history.compactMap { e -> (version: Int, schema: JSONSchemaDocument)? in if case .json(let s) = e.schema { return (e.version, s) } else { return nil } }
            guard h.count == history.count else { return typeChanged(history.last!, level) }
            report = JSONSchemaCompatibility(policy: lenient ? .lenient : .strict).check(n, against: h, level: level)
        }
        guard let failing = report.failingVersion, let old = history.first(where: { $0.version == failing }) else { return [] }
        var messages = report.findings.filter { $0.severity == .error }.map(render)
        messages.append("{oldSchemaVersion: \(failing)}")
        messages.append("{oldSchema: '\(old.text)'}")
        messages.append("{compatibility: '\(level.rawValue)'}")
        return messages
    }

    private static func typeChanged(_ old: (version: Int, schema: ParsedAny, text: String), _ level: CompatibilityLevel) -> [String] {
        ["{errorType:'TYPE_MISMATCH', description:'The schema type of the new schema differs from the old schema'}",
         "{oldSchemaVersion: \(old.version)}", "{oldSchema: '\(old.text)'}", "{compatibility: '\(level.rawValue)'}"]
    }

    static func render(_ f: Finding) -> String {
        if let d = f.detail, d.hasPrefix("{errorType") { return d }
        let type = f.rule.rawValue.hasPrefix("AVRO_") ? String(f.rule.rawValue.dropFirst(5)) : f.rule.rawValue
        return "{errorType:'\(type)', description:'\(f.message)', additionalInfo:'\(f.detail ?? "")'}"
    }
}
