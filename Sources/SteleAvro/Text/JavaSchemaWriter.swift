import SteleJSON

/// Writes a schema exactly as Avro Java's `Schema.toString()` (compact) does, which is the
/// text Confluent Schema Registry stores, returns and hashes (reference §3.4): fixed attribute
/// order per type, names relative to the enclosing namespace (`"namespace":""` for a
/// null-namespace type inside a namespaced one), properties in source order, numbers as Jackson
/// writes them, and each named type in full only at its first occurrence. Types from referenced
/// schemas are always written by name.
struct JavaSchemaWriter: SchemaTextEmitter {
    let nodes: [AvroNode]
    let referencedNames: Set<String>
    private var written = Set<String>()
    private var space: String? = nil
    var out: [UInt8] = []
    private let valueWriter = JSONWriter(options: .init(sortKeys: false, numberStyle: .java))

    init(nodes: [AvroNode], referencedNames: Set<String>) {
        self.nodes = nodes
        self.referencedNames = referencedNames
        self.written = referencedNames
    }

    mutating func write(_ root: AvroNodeID) -> String {
        out.reserveCapacity(512)
        emit(root)
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func key(_ k: String) {
        quoted(k)
        raw(":")
    }

    private mutating func props(_ p: JSONObject) {
        for m in p.members {
            raw(",")
            key(m.key)
            valueWriter.write(m.value, into: &out)
        }
    }

    private mutating func nameAttributes(_ name: AvroName) {
        raw(",")
        key("name")
        quoted(name.name)
        if let ns = name.namespace {
            if ns != space {
                raw(",")
                key("namespace")
                quoted(ns)
            }
        } else if space != nil {
            raw(",\"namespace\":\"\"")
        }
    }

    private mutating func aliases(_ list: [AvroName], of name: AvroName) {
        guard !list.isEmpty else { return }
        raw(",\"aliases\":")
        self.list(list) { $0.quoted($1.qualified(relativeTo: name.namespace)) }
    }

    private mutating func doc(_ d: String?) {
        guard let d else { return }
        raw(",")
        key("doc")
        quoted(d)
    }

    /// A named type already written (or from a reference) is written by name.
    private mutating func writtenAsReference(_ name: AvroName) -> Bool {
        if written.contains(name.fullName) {
            quoted(name.qualified(relativeTo: space))
            return true
        }
        written.insert(name.fullName)
        return false
    }

    private mutating func emit(_ id: AvroNodeID) {
        switch nodes[id.index] {
        case .primitive(let p, _, let properties):
            if properties.isEmpty {
                quoted(p.rawValue)
            } else {
                raw("{\"type\":")
                quoted(p.rawValue)
                props(properties)
                raw("}")
            }
        case .union(let branches):
            list(branches) { $0.emit($1) }
        case .array(let items, let properties):
            raw("{\"type\":\"array\",\"items\":")
            emit(items)
            props(properties)
            raw("}")
        case .map(let values, let properties):
            raw("{\"type\":\"map\",\"values\":")
            emit(values)
            props(properties)
            raw("}")
        case .record(let r):
            if writtenAsReference(r.name) { return }
            let saved = space
            raw(r.isError ? "{\"type\":\"error\"" : "{\"type\":\"record\"")
            nameAttributes(r.name)
            space = r.name.namespace
            doc(r.doc)
            raw(",\"fields\":")
            list(r.fields) { $0.field($1) }
            props(r.properties)
            aliases(r.aliases, of: r.name)
            raw("}")
            space = saved
        case .enumeration(let e):
            if writtenAsReference(e.name) { return }
            raw("{\"type\":\"enum\"")
            nameAttributes(e.name)
            doc(e.doc)
            raw(",\"symbols\":")
            list(e.symbols) { $0.quoted($1) }
            if let d = e.defaultSymbol {
                raw(",\"default\":")
                quoted(d)
            }
            props(e.properties)
            aliases(e.aliases, of: e.name)
            raw("}")
        case .fixed(let f):
            if writtenAsReference(f.name) { return }
            raw("{\"type\":\"fixed\"")
            nameAttributes(f.name)
            doc(f.doc)
            raw(",\"size\":\(f.size)")
            props(f.properties)
            aliases(f.aliases, of: f.name)
            raw("}")
        }
    }

    private mutating func field(_ f: AvroField) {
        raw("{\"name\":")
        quoted(f.name)
        raw(",\"type\":")
        emit(f.type)
        doc(f.doc)
        if let d = f.defaultValue {
            raw(",\"default\":")
            valueWriter.write(d, into: &out)
        }
        if f.order != .ascending {
            raw(",\"order\":")
            quoted(f.order.rawValue)
        }
        if !f.aliases.isEmpty {
            raw(",\"aliases\":")
            list(f.aliases) { $0.quoted($1) }
        }
        props(f.properties)
        raw("}")
    }
}
