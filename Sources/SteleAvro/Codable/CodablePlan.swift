import SteleJSON
import Synchronization

/// What the direct `Codable` paths need to know about each node of a compiled schema, settled
/// once per schema: which union branch takes each kind of Swift value, field names in schema
/// order with a name index, the bytes of a missing field (its default, or null), enum symbols,
/// and the logical type. The hot paths read this by plan index — no schema-graph walks, no
/// JSON default conversion per message.
final class CodablePlan: @unchecked Sendable {
    // @unchecked Sendable: immutable after init (the node infos are never mutated either),
    // apart from the pools and counters, which are Sendable themselves.
    final class NodeInfo {
        let kind: AvroPlan.Kind
        /// Union branches, record field nodes, or the one item/value node of an array/map.
        let children: [Int32]
        /// Per `CodableShape`: the branch index (unions) or 0 (other nodes) that takes values of
        /// that shape, or -1.
        let branchFor: [Int8]
        /// A union with several record branches picks one by the Swift type's name: left to the
        /// general path.
        let ambiguousRecord: Bool
        let logicalType: AvroLogicalType?
        /// Fixed size, or -1.
        let fixedSize: Int
        let fieldNames: [String]
        let fieldIndex: [String: Int]
        /// The bytes written for a field the value leaves out; nil when it has to be present.
        let missingFieldBytes: [[UInt8]?]
        let symbols: [String]
        let symbolIndex: [String: Int]
        /// The schema node, for handing a subtree to the general path.
        let schemaNode: AvroNodeID
        /// A map, or a union with a map branch: the direct decoder reads these as a subtree.
        var holdsMap = false

        init(kind: AvroPlan.Kind, children: [Int32], branchFor: [Int8], ambiguousRecord: Bool, logicalType: AvroLogicalType?,
             fixedSize: Int, fieldNames: [String], missingFieldBytes: [[UInt8]?], symbols: [String], schemaNode: AvroNodeID) {
            self.kind = kind
            self.children = children
            self.branchFor = branchFor
            self.ambiguousRecord = ambiguousRecord
            self.logicalType = logicalType
            self.fixedSize = fixedSize
            self.fieldNames = fieldNames
            self.fieldIndex = Dictionary(fieldNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            self.missingFieldBytes = missingFieldBytes
            self.symbols = symbols
            self.symbolIndex = Dictionary(symbols.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            self.schemaNode = schemaNode
        }
    }

    let codec: AvroCodec
    let box: AvroSchemaBox
    let infos: [NodeInfo]
    /// What the direct paths read per field, as plain frozen buffers.
    let tables: CodableTables

    /// Direct decoders and encoders between calls (see `CoderPool`).
    let decoders = CoderPool<_DirectAvroDecoder>()
    let encoders = CoderPool<_DirectAvroEncoder>()
    let counters = CodableCounters()

    init(codec: AvroCodec) {
        self.codec = codec
        let schema = codec.schema
        let box = AvroSchemaBox(schema)
        self.box = box
        let plan = codec.plan
        var schemaNodeOf = [AvroNodeID](repeating: schema.root, count: plan.nodes.count)
        for (schemaIndex, planIndex) in plan.planIndex { schemaNodeOf[Int(planIndex)] = AvroNodeID(schemaIndex) }
        let json = AvroJSONEncoding(schema: schema)

        infos = plan.nodes.indices.map { p in
            let id = schemaNodeOf[p]
            let node = schema[id]
            let planNode = plan.nodes[p]
            var children: [Int32] = []
            switch planNode.kind {
            case .union, .record: children = Array(plan.children[Int(planNode.a)..<Int(planNode.a + planNode.b)])
            case .array, .map: children = [planNode.a]
            default: break
            }
            var branchFor = [Int8](repeating: -1, count: CodableShape.allCases.count)
            var recordBranches = 0
            if case .union(let branches) = node {
                for shape in CodableShape.allCases {
                    if let i = branches.firstIndex(where: { shape.accepts(schema[$0]) }) { branchFor[shape.rawValue] = Int8(truncatingIfNeeded: i) }
                }
                recordBranches = branches.count { if case .record = schema[$0] { return true } else { return false } }
            } else {
                for shape in CodableShape.allCases where shape.accepts(node) { branchFor[shape.rawValue] = 0 }
            }
            var missing: [[UInt8]?] = []
            if case .record(let r) = node {
                missing = r.fields.enumerated().map { k, f in
                    let fieldPlan = children[k]
                    if let d = f.defaultValue, let value = try? json.defaultValue(d, for: f.type) {
                        var w = AvroBinaryWriter(capacity: 16)
                        guard (try? codec.encodeNode(value, fieldPlan, plan.storage.nodes, plan.storage.children, &w, depth: 0)) != nil else { return nil }
                        return w.bytes
                    }
                    if case .union(let b) = schema[f.type], let i = b.firstIndex(where: { if case .primitive(.null, _, _) = schema[$0] { return true } else { return false } }) {
                        var w = AvroBinaryWriter(capacity: 2)
                        w.long(Int64(i))
                        return w.bytes
                    }
                    return nil
                }
            }
            var fixedSize = -1
            if case .fixed(let f) = node { fixedSize = f.size }
            let info = NodeInfo(
                kind: planNode.kind, children: children, branchFor: branchFor, ambiguousRecord: recordBranches > 1,
                logicalType: node.logicalType, fixedSize: fixedSize,
                fieldNames: planNode.kind == .record ? plan.names[p] : [], missingFieldBytes: missing,
                symbols: planNode.kind == .enumeration ? plan.names[p] : [], schemaNode: id)
            info.holdsMap = planNode.kind == .map
                || (planNode.kind == .union && children.contains { plan.nodes[Int($0)].kind == .map })
            return info
        }
        tables = CodableTables(infos)
    }
}

/// How many keyed-container slots a plan's coders ever made: after warm-up this stays put
/// however many values go through (what the tests count).
final class CodableCounters: Sendable {
    let slotsMade = Atomic<Int>(0)
    var slots: Int { slotsMade.load(ordering: .relaxed) }
}

/// Per plan node: its kind and its children (union branches, record fields, or the one
/// item/value node), with each record field's name beside its child, in buffers written once
/// and never again. The direct paths read these per field by index: loads only, where the
/// `NodeInfo` arrays would be retained and released around each access.
final class CodableTables: @unchecked Sendable {
    // @unchecked Sendable: every buffer is filled in init and only read afterwards; deinit
    // frees them when the plan goes.

    /// The buffers as one plain value: the direct encoder and decoder keep a copy (loads only,
    /// no reference to retain per access).
    struct View {
        let kinds: UnsafeBufferPointer<AvroPlan.Kind>
        let childStart: UnsafeBufferPointer<Int32>
        let childCount: UnsafeBufferPointer<Int32>
        let children: UnsafeBufferPointer<Int32>
        /// Aligned with `children`: a record field's name (empty for other nodes' children).
        let names: UnsafeBufferPointer<String>
        /// `node * CodableShape.shapeCount + shape` → `NodeInfo.branchFor`.
        let branchFor: UnsafeBufferPointer<Int8>
        /// Whether a union has several record branches.
        let ambiguousRecord: UnsafeBufferPointer<Bool>

        /// Child `k` of node `n` (a union branch, a record field, or the item/value node).
        @inline(__always) func child(_ n: Int32, _ k: Int) -> Int32 { children[Int(childStart[Int(n)]) + k] }
    }

    let view: View

    init(_ infos: [CodablePlan.NodeInfo]) {
        var starts: [Int32] = [], counts: [Int32] = [], flat: [Int32] = [], names: [String] = []
        for info in infos {
            starts.append(Int32(flat.count))
            counts.append(Int32(info.children.count))
            flat.append(contentsOf: info.children)
            names.append(contentsOf: info.kind == .record ? info.fieldNames : Array(repeating: "", count: info.children.count))
        }
        view = View(
            kinds: FrozenBuffer.freeze(infos.map(\.kind)), childStart: FrozenBuffer.freeze(starts), childCount: FrozenBuffer.freeze(counts),
            children: FrozenBuffer.freeze(flat), names: FrozenBuffer.freeze(names), branchFor: FrozenBuffer.freeze(infos.flatMap(\.branchFor)),
            ambiguousRecord: FrozenBuffer.freeze(infos.map(\.ambiguousRecord)))
    }

    deinit {
        FrozenBuffer.release(view.kinds); FrozenBuffer.release(view.childStart); FrozenBuffer.release(view.childCount)
        FrozenBuffer.release(view.children); FrozenBuffer.release(view.names); FrozenBuffer.release(view.branchFor)
        FrozenBuffer.release(view.ambiguousRecord)
    }

    /// Whether a field name and a coding key are the same UTF-8 (what `==` answers for the
    /// names schemas and synthesized keys use, without its general comparison machinery; a
    /// key that is only canonically equivalent misses here and is looked up by name).
    @inline(__always)
    static func sameKey(_ name: String, _ key: String) -> Bool {
        let n = name.utf8.count
        guard n == key.utf8.count else { return false }
        if n <= 15 { return name == key }  // small strings: compared as two words
        let same: Bool?? = name.utf8.withContiguousStorageIfAvailable { a in
            key.utf8.withContiguousStorageIfAvailable { b in
                let x = UnsafeRawPointer(a.baseAddress.unsafelyUnwrapped), y = UnsafeRawPointer(b.baseAddress.unsafelyUnwrapped)
                var k = 0
                while k + 8 <= n {
                    if x.loadUnaligned(fromByteOffset: k, as: UInt64.self) != y.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
                    k += 8
                }
                return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            }
        }
        if let same, let known = same { return known }
        return name == key
    }
}

/// Thrown inside the direct `Codable` paths when a value takes a shape they leave to the general
/// path (keys out of schema order, nested containers, maps when decoding, every error). The
/// general path then runs from the start and gives the answer — or the error with its coding
/// path.
struct DirectPathDeclined: Error {}
