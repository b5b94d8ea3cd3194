import SteleJSON

/// Confluent's normalized Avro text (`normalize=true`; `AvroSchemaUtils.toNormalizedString`,
/// reference §3.5): Parsing Canonical Form's layout that keeps docs, aliases, defaults and
/// properties, with full names, sorted aliases, properties sorted by key, and defaults written
/// as Avro Java converts them for the field's type (an int default of a double field is `1.0`).
///
/// Deviations from Confluent, on purpose:
/// - Java writes a logical type's attributes and then all properties again, which for a
///   `decimal` repeats `logicalType`/`precision`/`scale` (duplicate JSON keys); we write each
///   once.
/// - Java seeds only each reference's top-level name; we seed every named type of the
///   references, so types nested in a referenced schema are never redefined.
struct ConfluentNormalizedWriter: SchemaTextEmitter {
    let schema: AvroSchema
    private var written: Set<String>
    var out: [UInt8] = []
    private let sortedWriter = JSONWriter(options: .init(sortKeys: true, numberStyle: .java))
    private let sourceSortedWriter = JSONWriter(options: .init(sortKeys: true, numberStyle: .source))

    init(schema: AvroSchema) {
        self.schema = schema
        self.written = schema.referencedNames
    }

    mutating func write() -> String {
        emit(schema.root)
        return String(decoding: out, as: UTF8.self)
    }

    private var nodes: [AvroNode] { schema.nodes }

    private mutating func sortedProps(_ p: JSONObject, skipping skip: Set<String> = []) {
        for m in JSONWriter.sortedMembers(p) where !skip.contains(m.key) {
            raw(",")
            quoted(m.key)
            raw(":")
            sortedWriter.write(m.value, into: &out)
        }
    }

    /// Writes `logicalType` (+ decimal precision/scale) and returns the keys written.
    private mutating func logicalProps(_ lt: AvroLogicalType?) -> Set<String> {
        guard let lt else { return [] }
        raw(",\"logicalType\":")
        quoted(lt.name)
        if case .decimal(let precision, let scale) = lt {
            raw(",\"precision\":\(precision)")
            if scale != 0 { raw(",\"scale\":\(scale)") }
            return ["logicalType", "precision", "scale"]
        }
        return ["logicalType"]
    }

    private mutating func namedExtras(doc: String?, aliases: [AvroName], enumDefault: String?) {
        if let doc, !doc.isEmpty {
            raw(",\"doc\":")
            quoted(doc)
        }
        if !aliases.isEmpty {
            raw(",\"aliases\":")
            sortedWriter.write(.array(aliases.map(\.fullName).sorted(by: utf16Less).map { .string($0) }), into: &out)
        }
        if let enumDefault {
            raw(",\"default\":")
            quoted(enumDefault)
        }
    }

    private mutating func emit(_ id: AvroNodeID) {
        let node = nodes[id.index]
        switch node {
        case .union(let branches):
            list(branches) { $0.emit($1) }
        case .array(let items, let p):
            raw("{\"type\":\"array\",\"items\":")
            emit(items)
            sortedProps(p)
            raw("}")
        case .map(let values, let p):
            raw("{\"type\":\"map\",\"values\":")
            emit(values)
            sortedProps(p)
            raw("}")
        case .primitive(let prim, let lt, let p):
            if lt == nil && p.isEmpty {
                quoted(prim.rawValue)
                return
            }
            raw("{\"type\":")
            quoted(prim.rawValue)
            let skip = logicalProps(lt)
            sortedProps(p, skipping: skip)
            raw("}")
        case .record, .enumeration, .fixed:
            let fullName = node.name!.fullName
            if written.contains(fullName) {
                quoted(fullName)
                return
            }
            written.insert(fullName)
            raw("{\"name\":")
            quoted(fullName)
            raw(",\"type\":")
            quoted(node.typeName == "error" ? "record" : node.typeName)
            switch node {
            case .enumeration(let e):
                raw(",\"symbols\":")
                list(e.symbols) { $0.quoted($1) }
                namedExtras(doc: e.doc, aliases: e.aliases, enumDefault: e.defaultSymbol)
                sortedProps(e.properties)
            case .fixed(let f):
                raw(",\"size\":\(f.size)")
                let skip = logicalProps(f.logicalType)
                namedExtras(doc: f.doc, aliases: f.aliases, enumDefault: nil)
                sortedProps(f.properties, skipping: skip)
            case .record(let r):
                raw(",\"fields\":")
                list(r.fields) { $0.field($1) }
                namedExtras(doc: r.doc, aliases: r.aliases, enumDefault: nil)
                sortedProps(r.properties)
            default:
                break
            }
            raw("}")
        }
    }

    private mutating func field(_ f: AvroField) {
        raw("{\"name\":")
        quoted(f.name)
        raw(",\"type\":")
        emit(f.type)
        // Java writes `order` always, as the enum constant's name (upper case).
        raw(",\"order\":")
        quoted(f.order.rawValue.uppercased())
        if let doc = f.doc {
            raw(",\"doc\":")
            quoted(doc)
        }
        if !f.aliases.isEmpty {
            raw(",\"aliases\":")
            sortedWriter.write(.array(f.aliases.sorted(by: utf16Less).map { .string($0) }), into: &out)
        }
        if let d = f.defaultValue {
            raw(",\"default\":")
            sourceSortedWriter.write(javaConverted(d, for: f.type, depth: 0), into: &out)
        }
        sortedProps(f.properties)
        raw("}")
    }

    /// The default as Avro Java's `JacksonUtils.toObject(node, schema)` turns it into a Java
    /// value and Jackson writes it back: numbers take the field type's Java type.
    private func javaConverted(_ value: JSONValue, for id: AvroNodeID, depth: Int) -> JSONValue {
        guard depth < 512 else { return value }
        switch (nodes[id.index], value) {
        case (.primitive(.float, _, _), _):
            guard let d = value.doubleValue else { return value }
            return .number(JSONNumber(validatedText: JSONNumberFormat.javaFloat(Float(d)), double: d))
        case (.primitive(.double, _, _), _):
            guard let d = value.doubleValue else { return value }
            return .number(JSONNumber(validatedText: JSONNumberFormat.java(d), double: d))
        case (.union(let branches), _):
            guard let first = branches.first else { return value }
            return javaConverted(value, for: first, depth: depth + 1)
        case (.array(let items, _), .array(let elements)):
            return .array(elements.map { javaConverted($0, for: items, depth: depth + 1) })
        case (.map(let values, _), .object(let o)):
            return .object(JSONObject(uniqueMembers: o.members.map { .init(key: $0.key, value: javaConverted($0.value, for: values, depth: depth + 1)) }))
        case (.record(let r), .object(let o)):
            var members: [JSONObject.Member] = []
            for m in o.members {
                if let f = r.fields.first(where: { $0.name == m.key }) {
                    members.append(.init(key: m.key, value: javaConverted(m.value, for: f.type, depth: depth + 1)))
                } else {
                    members.append(m)
                }
            }
            return .object(JSONObject(uniqueMembers: members))
        default:
            if case .number(let n) = value, !n.isIntegerLiteral {
                return .number(JSONNumber(validatedText: JSONNumberFormat.java(n.double), double: n.double))
            }
            return value
        }
    }
}

private func utf16Less(_ a: String, _ b: String) -> Bool { a.utf16.lexicographicallyPrecedes(b.utf16) }
