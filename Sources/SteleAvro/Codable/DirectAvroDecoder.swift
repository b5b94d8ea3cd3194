#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The fast Avro → `Decodable` path: reads the bytes in one pass as the type asks for its
/// fields, with one decoder object for the whole value (no value tree, no decoder per field).
///
/// It relies on what synthesized `Decodable` conformances do: fields are asked for in schema
/// order (fields the type does not ask for are skipped). Maps are read as a subtree and handed
/// to the general decoder (a dictionary asks for all its keys before any value). Anything else
/// — fields out of order, nested containers, arrays not read to the end, and every error —
/// throws `DirectPathDeclined`; `AvroDecoder` then decodes with the general path, which checks
/// the same limits and names the coding path or byte offset in its errors.
final class _DirectAvroDecoder: Decoder, PooledCoder {
    // A decoder serves one call at a time, on the calling thread (the plan's pool hands it to one
    // caller), and its containers reach it only during the call (checked at its end). So its
    // mutable state lives behind a plain pointer (`cursor`) and the class properties that remain
    // are `@exclusivity(unchecked)`: the runtime's per-access exclusivity bookkeeping (a
    // thread-local access set, a fifth of the direct path's time) could prove nothing here.
    //
    // No reference to the plan (which owns the pool that holds this decoder): only its parts.
    let codec: AvroCodec
    let schemaBox: AvroSchemaBox
    /// Per plan node; the plan's parts outlive any call, so the hot paths bind them
    /// `unowned(unsafe)` (no retain/release per field).
    let infos: [CodablePlan.NodeInfo]
    /// The plan's flat tables (kept alive by `tablesOwner`): what the per-field paths read.
    let tablesOwner: CodableTables
    let counters: CodableCounters
    let tables: CodableTables.View
    let root: Int32
    /// The state that changes while decoding, in memory of its own (see `DecodeCursor`); the
    /// properties below reach it in place.
    let cursor: UnsafeMutablePointer<DecodeCursor>
    var r: AvroBinaryReader {
        @inline(__always) _read { yield cursor.pointee.r }
        @inline(__always) _modify { yield &cursor.pointee.r }
    }
    var state: AvroCodec.DecodeState {
        @inline(__always) _read { yield cursor.pointee.state }
        @inline(__always) _modify { yield &cursor.pointee.state }
    }
    /// The node of the value being decoded now.
    var node: Int32 {
        @inline(__always) get { cursor.pointee.node }
        @inline(__always) set { cursor.pointee.node = newValue }
    }
    var valueDepth: Int {
        @inline(__always) get { cursor.pointee.valueDepth }
        @inline(__always) set { cursor.pointee.valueDepth = newValue }
    }
    /// Whether the value at the current depth has been read (or its container opened).
    var consumed: Bool {
        @inline(__always) get { cursor.pointee.consumed }
        @inline(__always) set { cursor.pointee.consumed = newValue }
    }
    var declined: Bool {
        @inline(__always) get { cursor.pointee.declined }
        @inline(__always) set { cursor.pointee.declined = newValue }
    }
    var frames: FrameStack<Frame> {
        @inline(__always) _read { yield cursor.pointee.frames }
        @inline(__always) _modify { yield &cursor.pointee.frames }
    }
    /// A union branch index already read by `decodeNil` that answered "not null": the next read
    /// of that union node starts from it.
    var pendingUnion: Int32 {
        @inline(__always) get { cursor.pointee.pendingUnion }
        @inline(__always) set { cursor.pointee.pendingUnion = newValue }
    }
    var pendingBranch: Int {
        @inline(__always) get { cursor.pointee.pendingBranch }
        @inline(__always) set { cursor.pointee.pendingBranch = newValue }
    }
    /// The keys and value positions of the open map frames, innermost last (kept apart so a
    /// frame is plain data: reading or updating one retains nothing).
    @exclusivity(unchecked) var maps: [MapData] = []
    /// The keyed containers, one per record node, and those handed out in this call.
    @exclusivity(unchecked) var ledger: SlotLedger

    struct Frame: FieldFrame {
        enum Kind { case record, array, map }
        let kind: Kind
        let node: Int32
        /// Record: the next field in the bytes. Array: items left in the current block.
        /// Map: the entry expected next (a dictionary asks for its keys in `allKeys` order).
        var next: Int
        /// Array: the end of a block that declared its byte size.
        var blockEnd: Int?
        var ended = false
        var index = 0
        let valueDepth: Int
        /// Map: its entries in `maps`, and where the map ends.
        var map = -1
        var mapEnd = 0
        /// Map: the entry positioned by `decodeNil` (its union branch index already read).
        var positioned = -1
        /// Map: where the value being read must end.
        var expectedEnd = -1
    }

    /// Map: each entry's key and where its value's bytes are (found by skipping them when the
    /// container opens), and whether it was read.
    struct MapData {
        var entries: [MapEntry] = []
        var decoded: [Bool] = []
    }

    struct MapEntry {
        let key: String
        let start: Int
        let end: Int
    }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(plan: CodablePlan) {
        codec = plan.codec
        schemaBox = plan.box
        infos = plan.infos
        tablesOwner = plan.tables
        counters = plan.counters
        tables = plan.tables.view
        root = plan.codec.plan.root
        cursor = .allocate(capacity: 1)
        cursor.initialize(to: DecodeCursor(
            r: AvroBinaryReader(UnsafeRawBufferPointer(start: nil, count: 0)),
            state: AvroCodec.DecodeState(limits: plan.codec.limits), node: root))
        ledger = SlotLedger(nodes: plan.infos.count)
    }

    deinit {
        cursor.deinitialize(count: 1)
        cursor.deallocate()
    }

    /// Child `k` of node `n` (a union branch, a record field, or the item/value node).
    @inline(__always) func child(_ n: Int32, _ k: Int) -> Int32 { tables.child(n, k) }

    /// Decodes one value with a decoder from the plan's pool. Throws `DirectPathDeclined` (or
    /// whatever the type threw) where the general path must answer instead.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], plan: CodablePlan) throws -> T {
        try bytes.withUnsafeBytes { raw in try decode(type, from: raw, plan: plan) }
    }

    static func decode<T: Decodable>(_ type: T.Type, from raw: UnsafeRawBufferPointer, plan: CodablePlan) throws -> T {
        guard plan.decoders.isEnabled else { throw DirectPathDeclined() }
        var d = plan.decoders.take { _DirectAvroDecoder(plan: plan) }
        defer { plan.decoders.giveBack(&d) }
        d.begin(raw)
        let value = try d.decodeValue(type, at: d.root)
        guard !d.declined, d.r.remaining == 0 else { throw DirectPathDeclined() }
        return value
    }

    /// Starts a call on `bytes` (the state after the last call is cleared by `end`).
    func begin(_ bytes: UnsafeRawBufferPointer) {
        r = AvroBinaryReader(bytes)
        state = AvroCodec.DecodeState(limits: codec.limits)
        node = root
        valueDepth = 0
        consumed = false
        declined = false
        pendingUnion = -1
        ledger.beginCall()
    }

    /// Ends a call: clears what it left open, and answers whether a keyed container it handed
    /// out is still held by someone else.
    func end() -> Bool {
        while frames.count > 0 { _ = frames.removeLast() }
        maps.removeAll(keepingCapacity: true)
        return ledger.endCall()
    }

    /// Something from a call outlived it and may still reach this decoder or its slots through
    /// their unretained references: both stay alive for good (a few kilobytes, once per plan).
    func retire() {
        _ = Unmanaged.passRetained(self)
        ledger.keepForGood()
    }

    // MARK: values

    /// Steps into the union at `n` (reading its branch index, or taking the one `decodeNil`
    /// read), or returns `n`.
    @inline(__always) func resolve(_ n: Int32) throws -> Int32 {
        guard tables.kinds[Int(n)] == .union else {
            guard pendingUnion < 0 else { throw DirectPathDeclined() }
            return n
        }
        let b: Int
        if pendingUnion >= 0 {
            guard pendingUnion == n else { throw DirectPathDeclined() }
            pendingUnion = -1
            b = pendingBranch
        } else {
            let i = try r.long()
            guard i >= 0 && i < Int64(tables.childCount[Int(n)]) else { throw DirectPathDeclined() }
            b = Int(i)
        }
        return child(n, b)
    }

    @inline(__always) func claim() throws {
        guard !consumed, !declined else { throw DirectPathDeclined() }
        consumed = true
    }

    func decodeValue<T: Decodable>(_ type: T.Type, at n: Int32) throws -> T {
        if T.self == Date.self { return unsafeBitCast(try readDate(at: n), to: T.self) }
        if T.self == UUID.self { return unsafeBitCast(try readUUID(at: n), to: T.self) }
        if T.self == Decimal.self { return unsafeBitCast(try readDecimal(at: n), to: T.self) }
        if T.self == Data.self { return unsafeBitCast(Data(try readBytes(at: n)), to: T.self) }
        // One value here is at most two levels of the general decoder (a union and its branch):
        // deeper data is left to it, so both paths refuse the same nesting.
        guard valueDepth * 2 < state.maxDepth else { throw DirectPathDeclined() }
        // A plain map is read directly (a map frame); a union with a map branch as a subtree.
        unowned(unsafe) let info = infos[Int(n)]
        if info.holdsMap && info.kind != .map { return try decodeSubtree(type, at: n) }
        // (Checked here, not in a helper returning `T?`: that would look up `Optional<T>`'s
        // metadata at run time on every call.)
        switch info.kind {
        case .array: if let A = T.self as? any _AvroDirectArray.Type { return try openArray(A, n, as: T.self) }
        case .map: if let M = T.self as? any _AvroDirectStringMap.Type { return try openMap(M, n, as: T.self) }
        default: break
        }
        let savedNode = node
        let mark = frames.count
        node = n
        valueDepth += 1
        consumed = false
        let value = try T(from: self)
        guard consumed, !declined, frames.count <= mark + 1 else { throw DirectPathDeclined() }
        if frames.count == mark + 1 { try finish(frames.removeLast()) }
        valueDepth -= 1
        node = savedNode
        return value
    }

    /// A union with a map branch: read as a generic subtree, then decoded by the general path.
    private func decodeSubtree<T: Decodable>(_ type: T.Type, at n: Int32) throws -> T {
        let codec = self.codec
        let storage = codec.plan.storage
        var value: AvroValue
        if pendingUnion >= 0 {
            guard pendingUnion == n else { throw DirectPathDeclined() }
            pendingUnion = -1
            value = .union(pendingBranch, try codec.decodeNode(infos[Int(n)].children[pendingBranch], storage.nodes, storage.children, &r, &state))
        } else {
            value = try codec.decodeNode(n, storage.nodes, storage.children, &r, &state)
        }
        return try _AvroDecoder(schema: schemaBox, node: infos[Int(n)].schemaNode, value: value, parent: nil, key: nil).decodeAny(type)
    }

    /// Whether the value at `n` is null; a union's branch index read here is kept for the read
    /// that follows when it is not.
    func readNil(at n: Int32) throws -> Bool {
        switch tables.kinds[Int(n)] {
        case .null: return true
        case .union:
            if pendingUnion < 0 {
                let i = try r.long()
                guard i >= 0 && i < Int64(tables.childCount[Int(n)]) else { throw DirectPathDeclined() }
                pendingUnion = n
                pendingBranch = Int(i)
            }
            guard pendingUnion == n else { throw DirectPathDeclined() }
            if tables.kinds[Int(child(n, pendingBranch))] == .null {
                pendingUnion = -1
                return true
            }
            return false
        default: return false
        }
    }

    func readBool(at n: Int32) throws -> Bool {
        guard tables.kinds[Int(try resolve(n))] == .boolean else { throw DirectPathDeclined() }
        return try r.boolean()
    }

    func readString(at n: Int32) throws -> String {
        let t = try resolve(n)
        switch tables.kinds[Int(t)] {
        case .string: return try r.string()
        case .enumeration:
            unowned(unsafe) let info = infos[Int(t)]
            let i = try r.int()
            guard i >= 0 && Int(i) < info.symbols.count else { throw DirectPathDeclined() }
            return info.symbols[Int(i)]
        default: throw DirectPathDeclined()
        }
    }

    func readDouble(at n: Int32) throws -> Double {
        switch tables.kinds[Int(try resolve(n))] {
        case .double: return try r.double()
        case .float: return Double(try r.float())
        case .int: return Double(try r.int())
        case .long: return Double(try r.long())
        default: throw DirectPathDeclined()
        }
    }

    func readFloat(at n: Int32) throws -> Float {
        switch tables.kinds[Int(try resolve(n))] {
        case .float: return try r.float()
        case .double: return Float(try r.double())
        case .int: return Float(try r.int())
        case .long: return Float(try r.long())
        default: throw DirectPathDeclined()
        }
    }

    func readInteger<I: FixedWidthInteger>(_ type: I.Type, at n: Int32) throws -> I {
        let v: Int64
        switch tables.kinds[Int(try resolve(n))] {
        case .int: v = Int64(try r.int())
        case .long: v = try r.long()
        default: throw DirectPathDeclined()
        }
        guard let i = I(exactly: v) else { throw DirectPathDeclined() }
        return i
    }

    func readBytes(at n: Int32) throws -> [UInt8] {
        unowned(unsafe) let info = infos[Int(try resolve(n))]
        switch info.kind {
        case .bytes: return try r.bytesValue()
        case .fixed: return Array(try r.raw(info.fixedSize))
        default: throw DirectPathDeclined()
        }
    }

    func readDate(at n: Int32) throws -> Date {
        unowned(unsafe) let info = infos[Int(try resolve(n))]
        switch info.kind {
        case .long:
            guard let d = AvroLogicalValues.date(fromLong: try r.long(), info.logicalType) else { throw DirectPathDeclined() }
            return d
        case .int where info.logicalType == .date:
            return Date(timeIntervalSince1970: Double(try r.int()) * 86_400)
        default: throw DirectPathDeclined()
        }
    }

    func readUUID(at n: Int32) throws -> UUID {
        unowned(unsafe) let info = infos[Int(try resolve(n))]
        switch info.kind {
        case .string:
            guard let u = UUID(uuidString: try r.string()) else { throw DirectPathDeclined() }
            return u
        case .fixed where info.fixedSize == 16:
            guard let u = AvroLogicalValues.uuid(Array(try r.raw(16))) else { throw DirectPathDeclined() }
            return u
        default: throw DirectPathDeclined()
        }
    }

    func readDecimal(at n: Int32) throws -> Decimal {
        let t = try resolve(n)
        unowned(unsafe) let info = infos[Int(t)]
        guard case .decimal(_, let scale)? = info.logicalType else { throw DirectPathDeclined() }
        switch info.kind {
        case .bytes: return AvroLogicalValues.decimal(try r.bytesValue(), scale: scale)
        case .fixed: return AvroLogicalValues.decimal(Array(try r.raw(info.fixedSize)), scale: scale)
        default: throw DirectPathDeclined()
        }
    }

    // MARK: containers

    func openFrame(_ kind: Frame.Kind) throws -> Int {
        if let last = frames.last, last.valueDepth == valueDepth {
            guard last.kind == kind else { throw DirectPathDeclined() }
            return frames.count - 1
        }
        try claim()
        let t = try resolve(node)
        switch (kind, tables.kinds[Int(t)]) {
        case (.record, .record), (.array, .array): break
        case (.record, .map):
            frames.append(try mapFrame(t))
            return frames.count - 1
        default: throw DirectPathDeclined()
        }
        frames.append(Frame(kind: kind, node: t, next: 0, blockEnd: nil, valueDepth: valueDepth))
        return frames.count - 1
    }

    /// Opens the map at node `t`: reads every key and skips every value (the item budget and
    /// block sizes checked as the codec checks them), so the keys can be handed out before any
    /// value is read; each value is decoded in place later. Duplicate keys are left to the
    /// general path (which takes the first).
    private func mapFrame(_ t: Int32) throws -> Frame {
        var frame = Frame(kind: .map, node: t, next: 0, blockEnd: nil, valueDepth: valueDepth)
        let valueNode = infos[Int(t)].children[0]
        let codec = self.codec
        let nodes = codec.plan.storage.nodes
        var keys = Set<String>()
        var data = MapData()
        while true {
            let (count, blockEnd) = try state.blockCount(&r)
            if count == 0 { break }
            for _ in 0..<count {
                let key = try r.string()
                guard keys.insert(key).inserted else { throw DirectPathDeclined() }
                let start = r.pos
                try codec.skipNode(valueNode, nodes, &r, &state)
                data.entries.append(MapEntry(key: key, start: start, end: r.pos))
            }
            try AvroCodec.DecodeState.checkBlockEnd(blockEnd, r)
        }
        data.decoded = [Bool](repeating: false, count: data.entries.count)
        maps.append(data)
        frame.map = maps.count - 1
        frame.mapEnd = r.pos
        return frame
    }

    /// Positions the reader on the value of `key` in the map of frame `f`.
    private func mapPosition(_ key: String, in f: Int) throws -> Int {
        try checkMapValueEnd(f)
        var i = frames[f].next
        if i == frames[f].positioned { return i }
        let m = frames[f].map
        if !(i < maps[m].entries.count && maps[m].entries[i].key == key) {
            guard pendingUnion < 0, let j = maps[m].entries.firstIndex(where: { $0.key == key }) else { throw DirectPathDeclined() }
            i = j
        }
        guard pendingUnion < 0 else { throw DirectPathDeclined() }
        r.pos = maps[m].entries[i].start
        frames[f].next = i
        frames[f].positioned = i
        return i
    }

    /// The value just read from a map must have ended where its entry ends.
    private func checkMapValueEnd(_ f: Int) throws {
        if frames[f].expectedEnd >= 0 {
            guard r.pos == frames[f].expectedEnd, pendingUnion < 0 else { throw DirectPathDeclined() }
            frames[f].expectedEnd = -1
        }
    }

    /// Marks map entry `i` of frame `f` as being read now.
    private func takeMapEntry(_ i: Int, in f: Int) {
        maps[frames[f].map].decoded[i] = true
        frames[f].next = i + 1
        frames[f].positioned = -1
        frames[f].expectedEnd = maps[frames[f].map].entries[i].end
    }

    /// The keys of the map of frame `f`, in the order of the bytes.
    func mapKeys(in f: Int) -> [String] { maps[frames[f].map].entries.map(\.key) }

    /// Moves the record of frame `f` to the field named `key` (skipping the fields before it)
    /// without reading it; returns its index. (Keys that do not compare as bits come here.)
    func position(_ key: String, in f: Int) throws -> Int {
        guard !declined, f == frames.count - 1 else { throw DirectPathDeclined() }
        let frame = frames[f]
        if frame.kind == .map { return try mapPosition(key, in: f) }
        var i = frame.next
        if !(i < Int(tables.childCount[Int(frame.node)]) && CodableTables.sameKey(tables.names[Int(tables.childStart[Int(frame.node)]) + i], key)) {
            unowned(unsafe) let info = infos[Int(frame.node)]
            guard pendingUnion < 0, let j = info.fieldIndex[key], j > i else { throw DirectPathDeclined() }
            i = j
            try skipFields(info, from: frame.next, to: i)
        }
        frames[f].next = i
        return i
    }

    // MARK: keyed containers (through slots)

    /// The top frame, which must be the open record or map of the container with table `t`.
    @inline(__always) func top(_ t: KeyTable) throws -> Int {
        let f = frames.count &- 1
        guard f >= 0, !declined, frames[f].node == t.node else { throw DirectPathDeclined() }
        return f
    }

    /// The index of `key`'s field in the record (or its entry in the map) of the top frame,
    /// which must be `t`'s, without reading it; record fields before it that the type does not
    /// ask for are read and dropped.
    @inline(__always) func locate<K: CodingKey>(_ t: KeyTable, _ key: K) throws -> Int {
        let f = try top(t)
        let i = frames[f].next
        if frames[f].kind == .record && t.matches(key, field: i) { return i }
        return try locateLater(t, key, in: f)
    }

    /// `locate` for a key that is not the next field: a later one (skipping those between), or
    /// by name.
    @inline(never) private func locateLater<K: CodingKey>(_ t: KeyTable, _ key: K, in f: Int) throws -> Int {
        let i = frames[f].next
        if t.keySize >= 0, frames[f].kind == .record, pendingUnion < 0,
           let j = t.field(withBits: KeyedSlot.bits(of: key, size: t.keySize), from: i + 1) {
            try skipFields(infos[Int(t.node)], from: i, to: j)
            frames[f].next = j
            return j
        }
        return try position(key.stringValue, in: f)
    }

    /// Field or entry `i` of the top frame (found by `locate`), counted as read: the node to
    /// read it from.
    @inline(__always) func take(_ i: Int) -> Int32 {
        let f = frames.count &- 1
        if frames[f].kind == .map {
            takeMapEntry(i, in: f)
            return child(frames[f].node, 0)
        }
        frames[f].next = i &+ 1
        return child(frames[f].node, i)
    }

    /// `key`'s field, positioned and counted as read: the node to read it from.
    func take<K: CodingKey>(_ t: KeyTable, _ key: K) throws -> Int32 {
        take(try locate(t, key))
    }

    /// Whether the record (or map) of table `t` has `key`. A container whose record is not the
    /// open one declines the call (answering false would make `decodeIfPresent` say nil).
    func contains<K: CodingKey>(_ t: KeyTable, _ key: K) -> Bool {
        let f = frames.count &- 1
        guard f >= 0, frames[f].node == t.node else {
            declined = true
            return false
        }
        if frames[f].kind == .map {
            let name = key.stringValue
            return maps[frames[f].map].entries.contains { $0.key == name }
        }
        if t.keySize >= 0, t.field(withBits: KeyedSlot.bits(of: key, size: t.keySize), from: 0) != nil { return true }
        return infos[Int(t.node)].fieldIndex[key.stringValue] != nil
    }

    /// For `decodeIfPresent`: the node to read `key`'s value from, or nil when the record has no
    /// such field or its value is null (that field then counted as read).
    @inline(__always) func presentNode<K: CodingKey>(_ t: KeyTable, _ key: K) throws -> Int32? {
        let f = try top(t)
        let i: Int
        if frames[f].kind == .record && t.matches(key, field: frames[f].next) {
            i = frames[f].next
        } else {
            guard contains(t, key) else {
                if declined { throw DirectPathDeclined() }
                return nil
            }
            i = try locate(t, key)
        }
        if try readNil(at: fieldNode(i, in: f)) {
            fieldWasNil(i, in: f)
            return nil
        }
        return take(i)
    }

    /// The names of the open record's fields or map's keys, as keys.
    func allKeys<K: CodingKey>(_ t: KeyTable, as: K.Type) -> [K] {
        let f = frames.count &- 1
        guard f >= 0, frames[f].node == t.node else {
            declined = true
            return []
        }
        let names = frames[f].kind == .map ? mapKeys(in: f) : infos[Int(t.node)].fieldNames
        return names.compactMap { K(stringValue: $0) }
    }

    func fieldNode(_ i: Int, in f: Int) -> Int32 {
        child(frames[f].node, frames[f].kind == .map ? 0 : i)
    }

    /// After `decodeNil` found the value at `i` null: the entry or field is done.
    func fieldWasNil(_ i: Int, in f: Int) {
        if frames[f].kind == .map {
            takeMapEntry(i, in: f)
        } else {
            frames[f].next = i + 1
        }
    }

    /// Fields the type does not ask for are read in full and dropped (not skipped): the bytes
    /// pass here exactly when they pass the general decoder (skip trusts block sizes and does
    /// not check UTF-8).
    private func skipFields(_ info: CodablePlan.NodeInfo, from: Int, to end: Int) throws {
        guard from < end else { return }
        let storage = codec.plan.storage
        for k in from..<end { _ = try codec.decodeNode(info.children[k], storage.nodes, storage.children, &r, &state) }
    }

    /// Whether the array of frame `f` has no items left (reading the next block count when the
    /// current block is done).
    func arrayAtEnd(_ f: Int) throws -> Bool {
        guard !declined, f == frames.count - 1 else { throw DirectPathDeclined() }
        if frames[f].ended { return true }
        if frames[f].next > 0 { return false }
        try AvroCodec.DecodeState.checkBlockEnd(frames[f].blockEnd, r)
        let (count, end) = try state.blockCount(&r)
        frames[f].next = count
        frames[f].blockEnd = end
        if count == 0 { frames[f].ended = true }
        return count == 0
    }

    /// The node of the array's next item, counted as read.
    func item(in f: Int) throws -> Int32 {
        guard try !arrayAtEnd(f) else { throw DirectPathDeclined() }
        frames[f].next -= 1
        frames[f].index += 1
        return child(frames[f].node, 0)
    }

    func finish(_ frame: Frame) throws {
        guard pendingUnion < 0 else { throw DirectPathDeclined() }
        switch frame.kind {
        case .record:
            unowned(unsafe) let info = infos[Int(frame.node)]
            try skipFields(info, from: frame.next, to: info.fieldNames.count)
        case .array:
            // Arrays decoded to the end only (a type that stops early is left to the general path).
            guard frame.ended else { throw DirectPathDeclined() }
        case .map:
            if frame.expectedEnd >= 0 { guard r.pos == frame.expectedEnd else { throw DirectPathDeclined() } }
            // Values the type did not ask for were only skipped: read them in full, so the
            // bytes pass here exactly when they pass the general decoder.
            let storage = codec.plan.storage
            let valueNode = infos[Int(frame.node)].children[0]
            let data = maps.removeLast()
            for (i, e) in data.entries.enumerated() where !data.decoded[i] {
                r.pos = e.start
                _ = try codec.decodeNode(valueNode, storage.nodes, storage.children, &r, &state)
            }
            r.pos = frame.mapEnd
        }
    }

    /// The record's keyed container: the slot's, made once per node and key type.
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let f = try openFrame(.record)
        let n = frames[f].node
        let s = try ledger.slot(n, for: Key.self) ?? makeSlot(Key.self, node: n)
        ledger.handOut(s)
        return ContainerBox.decoding(s.box, as: Key.self)
    }

    /// A slot for node `n` and `Key`, replacing the one for another key type (which stays in the
    /// ledger until the end of the call, if it was handed out in it).
    private func makeSlot<Key: CodingKey>(_: Key.Type, node n: Int32) throws -> KeyedSlot {
        let s = KeyedSlot(Key.self, node: n, infos: infos, tables: tables)
        guard let box = ContainerBox.box(of: KeyedDecodingContainer(_DirectKeyedDecoder<Key>(decoder: .passUnretained(self), cursor: cursor, keys: s.table))) else {
            throw DirectPathDeclined()
        }
        s.box = box
        ledger.keep(s)
        counters.slotsMade.add(1, ordering: .relaxed)
        return s
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        _DirectUnkeyedDecoder(decoder: self, frame: try openFrame(.array))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { _DirectSingleValueDecoder(decoder: self) }
}
