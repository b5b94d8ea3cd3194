import SteleJSON

/// Avro's Parsing Canonical Form (spec, "Parsing Canonical Form for Schemas"): primitives as
/// bare names, full names, only the attributes that affect parsing (`name`, `type`, `fields`,
/// `symbols`, `items`, `values`, `size`) in that order, no whitespace. A named type is written
/// in full at its first occurrence and by full name afterwards, so recursive types terminate.
struct ParsingCanonicalFormWriter: SchemaTextEmitter {
    let nodes: [AvroNode]
    private var written = Set<Int>()
    var out: [UInt8] = []

    init(nodes: [AvroNode]) { self.nodes = nodes }

    mutating func write(_ root: AvroNodeID) -> String {
        out.reserveCapacity(256)
        emit(root)
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func emit(_ id: AvroNodeID) {
        let node = nodes[id.index]
        switch node {
        case .primitive(let p, _, _):
            quoted(p.rawValue)
        case .union(let branches):
            list(branches) { $0.emit($1) }
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
                raw(",\"type\":\"record\",\"fields\":")
                list(r.fields) { w, f in
                    w.raw("{\"name\":")
                    w.quoted(f.name)
                    w.raw(",\"type\":")
                    w.emit(f.type)
                    w.raw("}")
                }
                raw("}")
            case .enumeration(let e):
                raw(",\"type\":\"enum\",\"symbols\":")
                list(e.symbols) { $0.quoted($1) }
                raw("}")
            case .fixed(let f):
                raw(",\"type\":\"fixed\",\"size\":\(f.size)}")
            default:
                break
            }
        }
    }
}
