import SteleJSON

/// Avro's Parsing Canonical Form (spec, "Parsing Canonical Form for Schemas"): primitives as
/// bare names, full names, only the attributes that affect parsing (`name`, `type`, `fields`,
/// `symbols`, `items`, `values`, `size`) in that order, no whitespace. A named type is written
/// in full at its first occurrence and by full name afterwards, so recursive types terminate.
struct ParsingCanonicalFormWriter {
    let nodes: [AvroNode]
    private var written = Set<Int>()
    private var out: [UInt8] = []

    init(nodes: [AvroNode]) { self.nodes = nodes }

    mutating func write(_ root: AvroNodeID) -> String {
        out.reserveCapacity(256)
        emit(root)
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }
    private mutating func quoted(_ s: String) { JSONWriter.writeString(s, into: &out) }

    private mutating func emit(_ id: AvroNodeID) {
        let node = nodes[id.index]
        switch node {
        case .primitive(let p, _, _):
            quoted(p.rawValue)
        case .union(let branches):
            raw("[")
            for (i, b) in branches.enumerated() {
                if i > 0 { raw(",") }
                emit(b)
            }
            raw("]")
        case .array(let items, _):
            raw("{\"type\":\"array\",\"items\":")
            emit(items)
            raw("}")
        case .map(let values, _):
            raw("{\"type\":\"map\",\"values\":")
            emit(values)
            raw("}")
        case .record, .enumeration, .fixed:
            let fullName = node.name!.fullName
            if !written.insert(id.index).inserted {
                quoted(fullName)
                return
            }
            raw("{\"name\":")
            quoted(fullName)
            switch node {
            case .record(let r):
                raw(",\"type\":\"record\",\"fields\":[")
                for (i, f) in r.fields.enumerated() {
                    if i > 0 { raw(",") }
                    raw("{\"name\":")
                    quoted(f.name)
                    raw(",\"type\":")
                    emit(f.type)
                    raw("}")
                }
                raw("]}")
            case .enumeration(let e):
                raw(",\"type\":\"enum\",\"symbols\":[")
                for (i, s) in e.symbols.enumerated() {
                    if i > 0 { raw(",") }
                    quoted(s)
                }
                raw("]}")
            case .fixed(let f):
                raw(",\"type\":\"fixed\",\"size\":\(f.size)}")
            default:
                break
            }
        }
    }
}
