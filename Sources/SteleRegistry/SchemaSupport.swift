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

    /// Why `new` breaks `level` against `history`, or nil when it does not: the findings of the
    /// failing pair (the server renders Confluent's messages from them).
    static func check(_ new: ParsedAny, against history: [(version: Int, schema: ParsedAny, text: String)], level: CompatibilityLevel, lenient: Bool) -> CompatibilityRefusal? {
        guard level != .none, !history.isEmpty else { return nil }
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
        guard let failing = report.failingVersion, let old = history.first(where: { $0.version == failing }) else { return nil }
        return CompatibilityRefusal(reason: .findings(report.findings.filter { $0.severity == .error }), failingVersion: failing, oldSchema: old.text, level: level)
    }

    private static func typeChanged(_ old: (version: Int, schema: ParsedAny, text: String), _ level: CompatibilityLevel) -> CompatibilityRefusal {
        CompatibilityRefusal(reason: .schemaTypeChanged, failingVersion: old.version, oldSchema: old.text, level: level)
    }
}
