import SteleAvro
import SteleJSON
import SteleJSONSchema
import SteleSchema

/// A parsed schema of either format, with the JSON of its own text (for placing findings).
struct ParsedCatalogSchema: Sendable {
    enum Schema: Sendable {
        case avro(AvroSchema)
        case json(JSONSchemaDocument)
    }

    var schema: Schema
    var json: JSONValue?

    var sourceMap: JSONSourceMap? {
        switch schema {
        case .avro(let s): return s.sourceMap
        case .json(let s): return s.sourceMap
        }
    }

    var warnings: [Finding] {
        switch schema {
        case .avro(let s): return s.warnings
        case .json(let s): return s.warnings
        }
    }

    /// Parses `text` as `type`. A baseline is read leniently, as a registry reads what it
    /// already stores; the new side strictly, as a registry would register it.
    static func parse(_ text: String, type: SchemaTypeName, references: [ResolvedReference], options: SchemaParseOptions) throws(SchemaError) -> ParsedCatalogSchema {
        let json = try? JSONParser.parse(text)
        switch type {
        case .avro: return ParsedCatalogSchema(schema: .avro(try AvroFormat().parse(text, references: references, options: options)), json: json)
        case .json: return ParsedCatalogSchema(schema: .json(try JSONSchemaFormat().parse(text, references: references, options: options)), json: json)
        }
    }
}

/// Compares a new schema with one earlier form at a level: every incompatibility of each
/// direction the level asks for, with its witness, placed at line:col of the *new* file even
/// when the engine found it while walking the old one (a CI annotation must land on the file
/// the change is in).
enum SchemaComparison {
    static func incompatibilities(new: ParsedCatalogSchema, old: ParsedCatalogSchema, level: CompatibilityLevel) -> [(CheckDirection, Finding)] {
        let directions: [CheckDirection]
        switch level.direction {
        case .none: return []
        case .backward: directions = [.backward]
        case .forward: directions = [.forward]
        case .full: directions = [.forward, .backward]
        }
        var out: [(CheckDirection, Finding)] = []
        switch (new.schema, old.schema) {
        case (.avro(let n), .avro(let o)):
            let checker = AvroCompatibility()
            for d in directions {
                let (reader, writer) = d == .backward ? (n, o) : (o, n)
                for var f in checker.incompatibilitiesWithWitnesses(reader: reader, writer: writer, direction: d) {
                    // Java's location follows the reader: on FORWARD that is the old text.
                    if d == .forward { f.range = place(f.pointer, old: old, new: new) }
                    out.append((d, f))
                }
            }
        case (.json(var n), .json(var o)):
            n.name = "new"
            o.name = "old"
            let checker = JSONSchemaCompatibility(policy: .strict, witnesses: true)
            for d in directions {
                let (reader, writer) = d == .backward ? (n, o) : (o, n)
                for var f in checker.incompatibilities(reader: reader, writer: writer, direction: d) {
                    if f.file == "old" || !f.range.start.isKnown { f.range = place(f.pointer, old: old, new: new) }
                    f.file = nil
                    out.append((d, f))
                }
            }
        default:
            break  // a type change is reported by the caller as its own finding
        }
        return out
    }

    /// The range in the new text of what `pointer` (a path in the old text) names: fields are
    /// matched by name (Avro field positions move when fields are added or removed), other
    /// members by key; where the new text has no counterpart, its nearest enclosing part.
    static func place(_ pointer: JSONPointer, old: ParsedCatalogSchema, new: ParsedCatalogSchema) -> SourceRange {
        guard let map = new.sourceMap else { return .unknown }
        guard let oldJSON = old.json, let newJSON = new.json else { return map.range(of: .root) ?? .unknown }
        return map.range(of: translate(pointer, from: oldJSON, to: newJSON)) ?? .unknown
    }

    static func translate(_ pointer: JSONPointer, from oldRoot: JSONValue, to newRoot: JSONValue) -> JSONPointer {
        var out = JSONPointer.root
        var oldNode = oldRoot, newNode = newRoot
        var previous: String?
        for token in pointer.tokens {
            if let oldItems = oldNode.arrayValue, let newItems = newNode.arrayValue, let i = JSONPointer.arrayIndex(token), i < oldItems.count {
                var j: Int?
                if previous == "fields", let name = oldItems[i].objectValue?["name"]?.stringValue {
                    j = newItems.firstIndex { item in
                        guard let o = item.objectValue else { return false }
                        return o["name"]?.stringValue == name || (o["aliases"]?.arrayValue ?? []).contains { $0.stringValue == name }
                    }
                } else if i < newItems.count {
                    j = i
                }
                guard let j else { break }
                out = out.appending(j)
                oldNode = oldItems[i]
                newNode = newItems[j]
            } else if let oldObject = oldNode.objectValue, let newObject = newNode.objectValue, let o = oldObject[token], let n = newObject[token] {
                out = out.appending(token)
                oldNode = o
                newNode = n
            } else {
                break
            }
            previous = token
        }
        return out
    }
}
