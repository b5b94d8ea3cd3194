#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes `Encodable` Swift values as Avro for a given schema.
///
/// Records take their fields from keyed containers by name (in any order; missing fields take
/// their schema default, or null for a nullable union); `Optional` fills `["null", T]` unions;
/// `Date` fills timestamp-* (and `date`) logical types; `UUID` fills uuid (string or fixed 16);
/// `Decimal` fills decimal (bytes or fixed, at the schema's scale); `Data` fills bytes and fixed;
/// `String`-backed enums fill Avro enums; `[String: T]` fills maps. A value that does not fit the
/// schema throws `EncodingError.invalidValue` naming its coding path.
public struct AvroEncoder: Sendable {
    public var codec: AvroCodec { plan.codec }
    public var schema: AvroSchema { codec.schema }

    let plan: CodablePlan
    var box: AvroSchemaBox { plan.box }

    public init(schema: AvroSchema) {
        self.plan = CodablePlan(codec: AvroCodec(schema: schema))
    }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encode(value, prefixedBy: [])
    }

    /// Encodes `value` after `prefix` in one buffer (a wire-format header, say).
    public func encode<T: Encodable>(_ value: T, prefixedBy prefix: [UInt8]) throws -> [UInt8] {
        do { return try _DirectAvroEncoder.encode(value, plan: plan, prefix: prefix) } catch {}
        return try codec.encode(try avroValue(value), prefixedBy: prefix)
    }

    /// The bytes of the direct path alone (nil where it leaves the value to the general path).
    func directEncode<T: Encodable>(_ value: T) -> [UInt8]? { try? _DirectAvroEncoder.encode(value, plan: plan) }

    /// The generic datum for `value` (the general path: any key order, any container use).
    public func avroValue<T: Encodable>(_ value: T) throws -> AvroValue {
        let encoder = _AvroEncoder(schema: box, node: schema.root, parent: nil, key: nil)
        try encoder.encodeAny(value)
        return try encoder.finish()
    }
}

/// What an encoder has been given so far for its node.
final class _EncodedSlot {
    enum Content {
        case none
        case value(AvroValue)
        case record(AvroNodeID, [_EncodedSlot?])
        case map([(String, _EncodedSlot)])
        case array([_EncodedSlot])
    }
    var content: Content = .none
    /// The union branch chosen for this slot, when its node is a union.
    var branch: Int? = nil
}


/// The schema shared by every encoder/decoder of one `encode`/`decode` call: one reference
/// instead of a copy of `AvroSchema` (a dozen reference-counted fields) per value.
final class AvroSchemaBox: @unchecked Sendable {
    // @unchecked Sendable: immutable after init.
    let schema: AvroSchema
    init(_ schema: AvroSchema) { self.schema = schema }
    @inline(__always) subscript(id: AvroNodeID) -> AvroNode { schema.nodes[id.index] }
}

final class _AvroEncoder: Encoder {
    let schema: AvroSchemaBox
    /// The schema node this encoder fills (for a union: the union; a branch is chosen when the
    /// kind of value is known).
    let node: AvroNodeID
    /// The coding path is built only when asked for (errors, user code): the parent chain and
    /// this encoder's key are kept instead of an array per value.
    let parent: _AvroEncoder?
    let key: (any CodingKey)?
    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var e: _AvroEncoder? = self
        while let current = e {
            if let k = current.key { path.append(k) }
            e = current.parent
        }
        return path.reversed()
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let slot = _EncodedSlot()
    var branch: Int? {
        get { slot.branch }
        set { slot.branch = newValue }
    }

    init(schema: AvroSchemaBox, node: AvroNodeID, parent: _AvroEncoder?, key: (any CodingKey)?) {
        self.schema = schema
        self.node = node
        self.parent = parent
        self.key = key
    }

    func fail(_ message: String) -> EncodingError {
        EncodingError.invalidValue(message, .init(codingPath: codingPath, debugDescription: message))
    }

    // MARK: branch selection

    typealias Shape = CodableShape

    /// The node values of `shape` go to: the node itself, or the union branch that takes them.
    func target(for shape: Shape) throws -> AvroNodeID {
        func accepts(_ id: AvroNodeID) -> Bool { shape.accepts(schema[id]) }
        guard case .union(let branches) = schema[node] else {
            if case .record = shape, case .record = schema[node] { return node }
            guard accepts(node) else { throw fail("a \(shape) value does not fit \(schema[node].name?.fullName ?? schema[node].typeName)") }
            return node
        }
        // Among several record branches, the one named like the Swift type wins (the name is
        // formatted only in this rare case).
        if case .record = shape {
            let records = branches.indices.filter { if case .record = schema[branches[$0]] { return true } else { return false } }
            if records.count > 1, let t = valueType {
                let name = String(describing: t)
                if let i = records.first(where: { if case .record(let r) = schema[branches[$0]] { return r.name.name == name } else { return false } }) {
                    branch = i
                    return branches[i]
                }
            }
        }
        guard let i = branches.firstIndex(where: accepts) else {
            throw fail("no branch of the union \(branches.map { AvroJSONDatum.branchName(schema[$0]) }) takes a \(shape) value")
        }
        branch = i
        return branches[i]
    }

    func set(_ v: AvroValue) { slot.content = .value(v) }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(_AvroKeyedEncoder<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { _AvroUnkeyedEncoder(encoder: self) }

    func singleValueContainer() -> any SingleValueEncodingContainer { _AvroSingleValueEncoder(encoder: self) }

    /// Encodes any value, intercepting the Foundation types that map to logical types.
    func encodeAny<T: Encodable>(_ value: T) throws {
        // Metatype comparisons, not dynamic casts: this runs for every value.
        if T.self == Date.self {
            try encodeDate(unsafeBitCast(value, to: Date.self))
        } else if T.self == UUID.self {
            try encodeUUID(unsafeBitCast(value, to: UUID.self))
        } else if T.self == Decimal.self {
            try encodeDecimal(unsafeBitCast(value, to: Decimal.self))
        } else if T.self == Data.self {
            try encodeBytes(Array(unsafeBitCast(value, to: Data.self)))
        } else if T.self == [UInt8].self && isBytesTarget() {
            try encodeBytes(unsafeBitCast(value, to: [UInt8].self))
        } else {
            valueType = T.self
            try value.encode(to: self)
        }
    }

    /// The Swift type being encoded here, to pick a record branch of a union by name.
    var valueType: Any.Type? = nil
    /// The record field expected next (see `_AvroKeyedEncoder.child`).
    var nextField = 0

    private func isBytesTarget() -> Bool {
        switch schema[node] {
        case .primitive(.bytes, _, _), .fixed: return true
        case .union(let b): return b.contains { if case .primitive(.bytes, _, _) = schema[$0] { return true }; if case .fixed = schema[$0] { return true }; return false }
        default: return false
        }
    }

    func encodeBytes(_ bytes: [UInt8]) throws {
        let t = try target(for: .bytes)
        switch schema[t] {
        case .fixed(let f):
            guard bytes.count == f.size else { throw fail("fixed \(f.name) needs \(f.size) bytes, got \(bytes.count)") }
            set(wrap(.fixed(bytes)))
        default: set(wrap(.bytes(bytes)))
        }
    }

    func encodeDate(_ date: Date) throws {
        let t = try target(for: .date)
        let n = schema[t]
        if n.logicalType == .date {
            set(wrap(.int(AvroLogicalValues.days(date))))
        } else if let v = AvroLogicalValues.timestamp(date, n.logicalType) {
            set(wrap(.long(v)))
        } else {
            throw fail("a Date needs a timestamp-* or date logical type, found \(n.typeName)")
        }
    }

    func encodeUUID(_ uuid: UUID) throws {
        let t = try target(for: .uuid)
        switch schema[t] {
        case .fixed(let f) where f.size == 16: set(wrap(.fixed(AvroLogicalValues.uuidBytes(uuid))))
        case .primitive(.string, _, _): set(wrap(.string(uuid.uuidString.lowercased())))
        default: throw fail("a UUID needs a string or fixed(16) with logical type uuid")
        }
    }

    func encodeDecimal(_ d: Decimal) throws {
        let t = try target(for: .decimal)
        guard case .decimal(_, let scale)? = schema[t].logicalType else { throw fail("a Decimal needs a decimal logical type") }
        var size: Int? = nil
        if case .fixed(let f) = schema[t] { size = f.size }
        guard let bytes = AvroLogicalValues.decimalBytes(d, scale: scale, size: size) else {
            throw fail("\(d) does not fit decimal(scale \(scale))\(size.map { " in \($0) bytes" } ?? "")")
        }
        set(wrap(size == nil ? .bytes(bytes) : .fixed(bytes)))
    }

    /// Wraps a value into the chosen union branch, if this node is a union.
    func wrap(_ v: AvroValue) -> AvroValue {
        if let branch { return .union(branch, v) }
        return v
    }

    // MARK: finishing

    func finish() throws -> AvroValue {
        try Self.finish(slot, node: node, branch: branch, schema: schema, path: codingPath)
    }

    static func finish(_ slot: _EncodedSlot, node: AvroNodeID, branch: Int?, schema: AvroSchemaBox, path: @autoclosure () -> [any CodingKey]) throws -> AvroValue {
        func fail(_ m: String) -> EncodingError { EncodingError.invalidValue(m, .init(codingPath: path(), debugDescription: m)) }
        switch slot.content {
        case .none:
            // Nothing encoded: null for a nullable union.
            if case .union(let b) = schema[node], let i = b.firstIndex(where: { if case .primitive(.null, _, _) = schema[$0] { return true } else { return false } }) {
                return .union(i, .null)
            }
            if case .primitive(.null, _, _) = schema[node] { return .null }
            throw fail("no value encoded for a \(schema[node].typeName)")
        case .value(let v):
            return v
        case .record(let recordNode, let fields):
            guard case .record(let r) = schema[recordNode] else { throw fail("not a record") }
            var values: [AvroValue] = []
            values.reserveCapacity(r.fields.count)
            for (k, f) in r.fields.enumerated() {
                if let s = fields[k] {
                    values.append(try finish(s, node: f.type, branch: s.branch, schema: schema, path: path()))
                } else if let d = f.defaultValue {
                    do { values.append(try AvroJSONEncoding(schema: schema.schema).defaultValue(d, for: f.type)) } catch { throw fail("\(error)") }
                } else if case .union(let b) = schema[f.type], let i = b.firstIndex(where: { if case .primitive(.null, _, _) = schema[$0] { return true } else { return false } }) {
                    values.append(.union(i, .null))
                } else {
                    throw fail("missing field \(f.name) of record \(r.name), which has no default")
                }
            }
            return wrapBranch(.record(values), branch)
        case .map(let entries):
            guard case .map(let values, _) = schema[branch.map { i in Self.branchNode(schema, node, i) } ?? node] else { throw fail("not a map") }
            return wrapBranch(.map(try entries.map { AvroMapEntry(key: $0.0, value: try finish($0.1, node: values, branch: $0.1.branch, schema: schema, path: path())) }), branch)
        case .array(let items):
            guard case .array(let itemNode, _) = schema[branch.map { i in Self.branchNode(schema, node, i) } ?? node] else { throw fail("not an array") }
            return wrapBranch(.array(try items.map { try finish($0, node: itemNode, branch: $0.branch, schema: schema, path: path()) }), branch)
        }
    }

    static func branchNode(_ schema: AvroSchemaBox, _ node: AvroNodeID, _ i: Int) -> AvroNodeID {
        if case .union(let b) = schema[node] { return b[i] }
        return node
    }

    static func wrapBranch(_ v: AvroValue, _ branch: Int?) -> AvroValue {
        if let branch { return .union(branch, v) }
        return v
    }
}

