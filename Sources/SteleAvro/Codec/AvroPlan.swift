import SteleJSON

/// A schema compiled for the codec: a flat table of plain-data nodes whose children are
/// indexes into one shared table, so the hot loops switch on a byte and follow integers —
/// no dictionary lookups, no reference counting, no payload copies per datum.
struct AvroPlan: Sendable {
    enum Kind: UInt8, Sendable {
        case null, boolean, int, long, float, double, bytes, string
        case fixed, enumeration, array, map, union, record
    }

    struct Node: Sendable {
        var kind: Kind
        /// fixed: size; enum: symbol count; array/map: child node; union/record: start in `children`.
        var a: Int32
        /// union/record: number of children.
        var b: Int32
    }

    var nodes: [Node]
    var children: [Int32]
    /// The same tables in memory the hot loops read through raw pointers (no array bounds or
    /// uniqueness checks, no closures).
    let storage: PlanStorage
    /// Record field names and enum symbols, for JSON conversion and error paths (never used by
    /// binary encode/decode).
    var names: [[String]]
    let root: Int32
    /// Schema node index → plan node index (the resolver skips writer-only fields by plan node).
    let planIndex: [Int: Int32]

    init(schema: AvroSchema) {
        var nodes: [Node] = []
        var children: [Int32] = []
        var names: [[String]] = []
        var map = [Int: Int32]()
        var pending: [(Int32, AvroNodeID)] = []
        func intern(_ id: AvroNodeID) -> Int32 {
            if let p = map[id.index] { return p }
            let p = Int32(nodes.count)
            map[id.index] = p
            nodes.append(Node(kind: .null, a: 0, b: 0))
            names.append([])
            pending.append((p, id))
            return p
        }
        let root = intern(schema.root)
        while let (p, id) = pending.popLast() {
            var node = Node(kind: .null, a: 0, b: 0)
            switch schema[id] {
            case .primitive(let prim, _, _):
                switch prim {
                case .null: node.kind = .null
                case .boolean: node.kind = .boolean
                case .int: node.kind = .int
                case .long: node.kind = .long
                case .float: node.kind = .float
                case .double: node.kind = .double
                case .bytes: node.kind = .bytes
                case .string: node.kind = .string
                }
            case .fixed(let f):
                node = Node(kind: .fixed, a: Int32(f.size), b: 0)
            case .enumeration(let e):
                node = Node(kind: .enumeration, a: Int32(e.symbols.count), b: 0)
                names[Int(p)] = e.symbols
            case .array(let items, _):
                node = Node(kind: .array, a: intern(items), b: 0)
            case .map(let values, _):
                node = Node(kind: .map, a: intern(values), b: 0)
            case .union(let branches):
                let kids = branches.map { intern($0) }
                node = Node(kind: .union, a: Int32(children.count), b: Int32(kids.count))
                children.append(contentsOf: kids)
            case .record(let r):
                let kids = r.fields.map { intern($0.type) }
                node = Node(kind: .record, a: Int32(children.count), b: Int32(kids.count))
                children.append(contentsOf: kids)
                names[Int(p)] = r.fields.map(\.name)
            }
            nodes[Int(p)] = node
        }
        self.nodes = nodes
        self.children = children
        self.names = names
        self.root = root
        self.planIndex = map
        self.storage = PlanStorage(nodes: nodes, children: children)
    }
}

/// Immutable copies of a plan's tables, owned by one object and freed with it.
final class PlanStorage: @unchecked Sendable {
    // @unchecked Sendable: both buffers are written once in init and only read afterwards.
    let nodes: UnsafeBufferPointer<AvroPlan.Node>
    let children: UnsafeBufferPointer<Int32>

    init(nodes: [AvroPlan.Node], children: [Int32]) {
        self.nodes = FrozenBuffer.freeze(nodes)
        self.children = FrozenBuffer.freeze(children)
    }

    deinit {
        FrozenBuffer.release(nodes)
        FrozenBuffer.release(children)
    }
}
