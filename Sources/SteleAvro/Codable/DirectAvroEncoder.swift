#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The fast `Encodable` → Avro path: writes bytes as the value hands them over, in one pass,
/// with one encoder object for the whole value (no encoder per field, no value tree).
///
/// It relies on what synthesized `Encodable` conformances do: record keys arrive in schema
/// order (fields left out get their precomputed default bytes), each value is encoded once.
/// Anything else — keys out of order, nested or super containers, a union with several record
/// branches, and every error — makes it throw `DirectPathDeclined`; `AvroEncoder` then runs the
/// general path, which handles every shape and names the coding path in its errors.
final class _DirectAvroEncoder: Encoder, PooledCoder {
    // An encoder serves one call at a time, on the calling thread (the plan's pool hands it to one
    // caller), and its containers reach it only during the call (checked at its end). So its
    // mutable state lives behind a plain pointer (`cursor`) and the class properties that remain
    // are `@exclusivity(unchecked)`: the runtime's per-access exclusivity bookkeeping (a
    // thread-local access set, a fifth of the direct path's time) could prove nothing here.
    //
    // No reference to the plan (which owns the pool that holds this encoder): only its parts.
    let codec: AvroCodec
    /// Per plan node; the plan's parts outlive any call, so the hot paths bind them
    /// `unowned(unsafe)` (no retain/release per field).
    let infos: [CodablePlan.NodeInfo]
    /// The plan's flat tables (kept alive by `tablesOwner`): what the per-field paths read.
    let tablesOwner: CodableTables
    let counters: CodableCounters
    let tables: CodableTables.View
    let root: Int32
    let maxDepth: Int
    /// The state that changes while encoding, in memory of its own (see `EncodeCursor`); the
    /// properties below reach it in place.
    let cursor: UnsafeMutablePointer<EncodeCursor>
    var w: AvroBinaryWriter {
        @inline(__always) _read { yield cursor.pointee.w }
        @inline(__always) _modify { yield &cursor.pointee.w }
    }
    /// The node of the value being encoded now.
    var node: Int32 {
        @inline(__always) get { cursor.pointee.node }
        @inline(__always) set { cursor.pointee.node = newValue }
    }
    /// How many values deep we are; containers belong to the value at their depth.
    var valueDepth: Int {
        @inline(__always) get { cursor.pointee.valueDepth }
        @inline(__always) set { cursor.pointee.valueDepth = newValue }
    }
    /// Whether the value at the current depth has written itself (or opened its container).
    var filled: Bool {
        @inline(__always) get { cursor.pointee.filled }
        @inline(__always) set { cursor.pointee.filled = newValue }
    }
    /// Set where a non-throwing method meets something the direct path leaves alone.
    var declined: Bool {
        @inline(__always) get { cursor.pointee.declined }
        @inline(__always) set { cursor.pointee.declined = newValue }
    }
    var frames: FrameStack<Frame> {
        @inline(__always) _read { yield cursor.pointee.frames }
        @inline(__always) _modify { yield &cursor.pointee.frames }
    }
    /// The keyed containers, one per record node, and those handed out in this call.
    @exclusivity(unchecked) var ledger: SlotLedger

    struct Frame: FieldFrame {
        enum Kind { case record, array, map }
        let kind: Kind
        /// The record, array or map node (after a union branch was chosen).
        let node: Int32
        /// Record: the next field expected. Array/map: items written so far.
        var next: Int
        /// Array/map: where the item count goes once it is known.
        let countPosition: Int
        let valueDepth: Int
    }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(plan: CodablePlan) {
        codec = plan.codec
        infos = plan.infos
        tablesOwner = plan.tables
        counters = plan.counters
        tables = plan.tables.view
        root = plan.codec.plan.root
        maxDepth = plan.codec.limits.maxDepth
        cursor = .allocate(capacity: 1)
        cursor.initialize(to: EncodeCursor(node: root))
        ledger = SlotLedger(nodes: plan.infos.count)
    }

    deinit {
        cursor.deinitialize(count: 1)
        cursor.deallocate()
    }

    @inline(__always) func child(_ n: Int32, _ k: Int) -> Int32 { tables.child(n, k) }

    /// Encodes one value after `prefix` with an encoder from the plan's pool. Throws
    /// `DirectPathDeclined` (or whatever the type threw) where the general path must answer.
    static func encode<T: Encodable>(_ value: T, plan: CodablePlan, prefix: [UInt8] = []) throws -> [UInt8] {
        guard plan.encoders.isEnabled else { throw DirectPathDeclined() }
        var e = plan.encoders.take { _DirectAvroEncoder(plan: plan) }
        defer { plan.encoders.giveBack(&e) }
        e.begin()
        e.w.append(contentsOf: prefix)
        try e.encodeValue(value, at: e.root)
        guard !e.declined else { throw DirectPathDeclined() }
        return e.w.bytes
    }

    /// Starts a call (the state after the last call is cleared by `end`).
    func begin() {
        w.reset()
        node = root
        valueDepth = 0
        filled = false
        declined = false
        ledger.beginCall()
    }

    /// Ends a call: clears what it left open, and answers whether a keyed container it handed
    /// out is still held by someone else.
    func end() -> Bool {
        while frames.count > 0 { _ = frames.removeLast() }
        return ledger.endCall()
    }

    /// Something from a call outlived it and may still reach this encoder or its slots through
    /// their unretained references: both stay alive for good (a few kilobytes, once per plan).
    func retire() {
        _ = Unmanaged.passRetained(self)
        ledger.keepForGood()
    }

    // MARK: values

    func encodeValue<T: Encodable>(_ value: T, at n: Int32) throws {
        if T.self == Date.self { return try writeDate(unsafeBitCast(value, to: Date.self), at: n) }
        if T.self == UUID.self { return try writeUUID(unsafeBitCast(value, to: UUID.self), at: n) }
        if T.self == Decimal.self { return try writeDecimal(unsafeBitCast(value, to: Decimal.self), at: n) }
        if T.self == Data.self { return try unsafeBitCast(value, to: Data.self).withUnsafeBytes { try writeBytes($0, at: n) } }
        if T.self == [UInt8].self && tables.branchFor[Int(n) * CodableShape.shapeCount + CodableShape.bytes.rawValue] >= 0 {
            return try writeBytes(unsafeBitCast(value, to: [UInt8].self), at: n)
        }
        guard valueDepth < maxDepth else { throw DirectPathDeclined() }
        switch tables.kinds[Int(n)] {
        case .array: if let a = value as? any _AvroDirectEncodableArray { return try a._avroDirectEncode(self, array: n) }
        case .map: if let m = value as? any _AvroDirectEncodableStringMap { return try m._avroDirectEncode(self, map: n) }
        default: break
        }
        let savedNode = node
        let mark = frames.count
        node = n
        valueDepth += 1
        filled = false
        try value.encode(to: self)
        guard filled, !declined, frames.count <= mark + 1 else { throw DirectPathDeclined() }
        if frames.count == mark + 1 { try finish(frames.removeLast()) }
        valueDepth -= 1
        node = savedNode
    }

    /// Claims the current value for a single write (a second write to one value is left to the
    /// general path).
    @inline(__always) func claim() throws {
        guard !filled, !declined else { throw DirectPathDeclined() }
        filled = true
    }

    /// The node that takes a value of `shape` at `n`: `n` itself, or the union branch that takes
    /// it (whose index is written here).
    @inline(__always) func target(_ shape: CodableShape, _ n: Int32) throws -> Int32 {
        let b = tables.branchFor[Int(n) * CodableShape.shapeCount + shape.rawValue]
        guard b >= 0 else { throw DirectPathDeclined() }
        guard tables.kinds[Int(n)] == .union else { return n }
        if shape == .record && tables.ambiguousRecord[Int(n)] { throw DirectPathDeclined() }
        w.long(Int64(b))
        return child(n, Int(b))
    }

    func writeNull(at n: Int32) throws { _ = try target(.null, n) }

    func writeBool(_ v: Bool, at n: Int32) throws {
        _ = try target(.boolean, n)
        w.boolean(v)
    }

    func writeInteger(_ v: Int64, at n: Int32) throws {
        let t = try target(.integer, n)
        if tables.kinds[Int(t)] == .int {
            guard let i = Int32(exactly: v) else { throw DirectPathDeclined() }
            w.int(i)
        } else {
            w.long(v)
        }
    }

    func writeUnsigned<U: UnsignedInteger>(_ v: U, at n: Int32) throws {
        guard let l = Int64(exactly: v) else { throw DirectPathDeclined() }
        try writeInteger(l, at: n)
    }

    func writeDouble(_ v: Double, at n: Int32) throws {
        let t = try target(.floating, n)
        if tables.kinds[Int(t)] == .float { w.float(Float(v)) } else { w.double(v) }
    }

    func writeFloat(_ v: Float, at n: Int32) throws {
        let t = try target(.floating, n)
        if tables.kinds[Int(t)] == .float { w.float(v) } else { w.double(Double(v)) }
    }

    func writeString(_ v: String, at n: Int32) throws {
        let t = try target(.text, n)
        if tables.kinds[Int(t)] == .enumeration {
            unowned(unsafe) let info = infos[Int(t)]
            guard let i = info.symbolIndex[v] else { throw DirectPathDeclined() }
            w.int(Int32(i))
        } else {
            w.string(v)
        }
    }

    func writeBytes(_ v: [UInt8], at n: Int32) throws {
        try v.withUnsafeBytes { try writeBytes($0, at: n) }
    }

    /// Bytes someone else owns (a `Data`'s, an array's), copied once into the output.
    func writeBytes(_ v: UnsafeRawBufferPointer, at n: Int32) throws {
        let t = try target(.bytes, n)
        unowned(unsafe) let info = infos[Int(t)]
        if info.kind == .fixed {
            guard v.count == info.fixedSize else { throw DirectPathDeclined() }
            w.append(contentsOf: v)
        } else {
            w.long(Int64(v.count))
            w.append(contentsOf: v)
        }
    }

    func writeDate(_ date: Date, at n: Int32) throws {
        let t = try target(.date, n)
        let lt = infos[Int(t)].logicalType
        if lt == .date {
            w.int(AvroLogicalValues.days(date))
        } else if let v = AvroLogicalValues.timestamp(date, lt) {
            w.long(v)
        } else {
            throw DirectPathDeclined()
        }
    }

    func writeUUID(_ uuid: UUID, at n: Int32) throws {
        let t = try target(.uuid, n)
        unowned(unsafe) let info = infos[Int(t)]
        switch info.kind {
        case .fixed where info.fixedSize == 16: w.append(contentsOf: AvroLogicalValues.uuidBytes(uuid))
        case .string: w.string(uuid.uuidString.lowercased())
        default: throw DirectPathDeclined()
        }
    }

    func writeDecimal(_ d: Decimal, at n: Int32) throws {
        let t = try target(.decimal, n)
        unowned(unsafe) let info = infos[Int(t)]
        guard case .decimal(_, let scale)? = info.logicalType else { throw DirectPathDeclined() }
        let size: Int? = info.kind == .fixed ? info.fixedSize : nil
        guard let bytes = AvroLogicalValues.decimalBytes(d, scale: scale, size: size) else { throw DirectPathDeclined() }
        if size == nil { w.bytes(bytes) } else { w.append(contentsOf: bytes) }
    }

    // MARK: containers

    /// The frame of the current value's container of `kind`, opened on first use.
    func openFrame(_ kind: Frame.Kind) throws -> Int {
        if let last = frames.last, last.valueDepth == valueDepth {
            guard last.kind == kind else { throw DirectPathDeclined() }
            return frames.count - 1
        }
        try claim()
        let shape: CodableShape = kind == .array ? .array : .record
        let t = try target(shape, node)
        let actual: Frame.Kind
        switch tables.kinds[Int(t)] {
        case .record: actual = .record
        case .map: actual = .map
        case .array: actual = .array
        default: throw DirectPathDeclined()
        }
        frames.append(Frame(kind: actual, node: t, next: 0, countPosition: w.count, valueDepth: valueDepth))
        return frames.count - 1
    }

    /// The node the value for `key` goes to, in the record or map of frame `f`: skipped record
    /// fields get their missing-field bytes; a map entry writes its key.
    func slot(_ key: String, in f: Int) throws -> Int32 {
        guard !declined, f == frames.count - 1 else { throw DirectPathDeclined() }
        let frame = frames[f]
        if frame.kind == .map {
            frames[f].next += 1
            w.string(key)
            return child(frame.node, 0)
        }
        var i = frame.next
        if !(i < Int(tables.childCount[Int(frame.node)]) && CodableTables.sameKey(tables.names[Int(tables.childStart[Int(frame.node)]) + i], key)) {
            unowned(unsafe) let info = infos[Int(frame.node)]
            guard let j = info.fieldIndex[key], j > i else { throw DirectPathDeclined() }
            i = j
            try writeMissingFields(info, from: frame.next, to: i)
        }
        frames[f].next = i + 1
        return child(frame.node, i)
    }

    /// The node the value for `key` goes to, in the record (or map) of the top frame, which must
    /// be the container's with table `t`: the next field when its key's bits match, a later one
    /// (the fields between get their missing-field bytes), or by name.
    @inline(__always) func fieldNode<K: CodingKey>(_ t: KeyTable, _ key: K) throws -> Int32 {
        let f = frames.count &- 1
        guard f >= 0, !declined, frames[f].node == t.node else { throw DirectPathDeclined() }
        let i = frames[f].next
        if frames[f].kind == .record && t.matches(key, field: i) {
            frames[f].next = i &+ 1
            return child(t.node, i)
        }
        return try laterField(t, key, in: f)
    }

    @inline(never) private func laterField<K: CodingKey>(_ t: KeyTable, _ key: K, in f: Int) throws -> Int32 {
        let i = frames[f].next
        if t.keySize >= 0, frames[f].kind == .record, let j = t.field(withBits: KeyedSlot.bits(of: key, size: t.keySize), from: i + 1) {
            try writeMissingFields(infos[Int(t.node)], from: i, to: j)
            frames[f].next = j + 1
            return child(t.node, j)
        }
        return try slot(key.stringValue, in: f)
    }

    func item(in f: Int) throws -> Int32 {
        guard !declined, f == frames.count - 1 else { throw DirectPathDeclined() }
        frames[f].next += 1
        return child(frames[f].node, 0)
    }

    private func writeMissingFields(_ info: CodablePlan.NodeInfo, from: Int, to end: Int) throws {
        var k = from
        while k < end {
            guard let bytes = info.missingFieldBytes[k] else { throw DirectPathDeclined() }
            w.append(contentsOf: bytes)
            k += 1
        }
    }

    /// Closes a container once its value is done: the record's remaining fields, or the item
    /// count in front of the array/map items and the terminating zero block.
    func finish(_ frame: Frame) throws {
        switch frame.kind {
        case .record:
            unowned(unsafe) let info = infos[Int(frame.node)]
            try writeMissingFields(info, from: frame.next, to: info.fieldNames.count)
        case .array, .map:
            if frame.next > 0 {
                // The item count goes in front of the items, as a zig-zag varint built on the
                // stack (no buffer allocated per array).
                var z = UInt64(frame.next) << 1
                var varint: (UInt64, UInt64) = (0, 0)
                let length = withUnsafeMutableBytes(of: &varint) { bytes -> Int in
                    var k = 0
                    while z >= 0x80 {
                        bytes[k] = UInt8(truncatingIfNeeded: z) | 0x80
                        z >>= 7
                        k += 1
                    }
                    bytes[k] = UInt8(z)
                    return k + 1
                }
                withUnsafeBytes(of: &varint) { w.insert(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<length]), at: frame.countPosition) }
            }
            w.long(0)
        }
    }

    /// The record's keyed container: the slot's, made once per node and key type.
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        do {
            let f = try openFrame(.record)
            let n = frames[f].node
            let s = try ledger.slot(n, for: Key.self) ?? makeSlot(Key.self, node: n)
            ledger.handOut(s)
            return ContainerBox.encoding(s.box, as: Key.self)
        } catch {
            declined = true
            return KeyedEncodingContainer(_DeclinedKeyedEncoder<Key>())
        }
    }

    /// A slot for node `n` and `Key`, replacing the one for another key type (which stays in the
    /// ledger until the end of the call, if it was handed out in it).
    private func makeSlot<Key: CodingKey>(_: Key.Type, node n: Int32) throws -> KeyedSlot {
        let s = KeyedSlot(Key.self, node: n, infos: infos, tables: tables)
        guard let box = ContainerBox.box(of: KeyedEncodingContainer(_DirectKeyedEncoder<Key>(encoder: .passUnretained(self), cursor: cursor, keys: s.table))) else {
            throw DirectPathDeclined()
        }
        s.box = box
        ledger.keep(s)
        counters.slotsMade.add(1, ordering: .relaxed)
        return s
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        do {
            return _DirectUnkeyedEncoder(encoder: self, frame: try openFrame(.array))
        } catch {
            declined = true
            return _DirectUnkeyedEncoder(encoder: self, frame: -1)
        }
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { _DirectSingleValueEncoder(encoder: self) }
}
