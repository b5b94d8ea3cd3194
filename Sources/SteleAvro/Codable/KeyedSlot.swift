/// One record node's keyed container for one `CodingKey` type, built once per pooled direct
/// encoder or decoder and handed out for every value of that node, and each field's key as bits.
///
/// Why: a synthesized conformance asks for a keyed container per record value, then for each
/// field by key. Wrapping our container in `Keyed…Container<Key>` costs a heap box and three
/// run-time generic-metadata lookups per record, and finding a field by `key.stringValue` a
/// witness call and a string comparison per field. With a slot, a record costs one metadata
/// lookup (to hand the same box out again) and a field one comparison of at most eight bytes.
///
/// Keys compare as bits only when `Key` is plain data (no references — synthesized `CodingKeys`
/// enums are one byte) of 0, 1, 2, 4 or 8 bytes: equal bits are then the same key value, and
/// the same key value has the same `stringValue`. A field's bits are those of
/// `Key(stringValue: name)`, kept only when its `stringValue` gives the name back. Any other key
/// type, or bits that match no field, falls back to comparing names.
///
/// The box's container holds its coder unretained and the slot's `KeyTable` (plain data), so
/// the copy of it that the standard library's box makes for every field is a plain copy. That
/// is safe because the coder checks, at the end of each call, that nobody else holds a box it
/// handed out (or the coder itself); if someone does, the coder and its slots are kept alive for
/// good and the plan stops using the direct path (`CoderPool`).
final class KeyedSlot {
    static let absent = UInt64.max

    let keyType: ObjectIdentifier
    /// The record (or map) node.
    var node: Int32 { table.node }
    /// The standard library's box behind the `Keyed…Container` handed out (one reference; see
    /// `ContainerBox`). Set once, right after the slot is made.
    var box: AnyObject?
    /// What the containers read per field.
    let table: KeyTable
    /// Per field, in schema order: the bits of its key, or `absent`; and the field's plan kind
    /// (`table.bits` and `table.kinds`, owned here).
    private let bits: UnsafeMutableBufferPointer<UInt64>
    private let kinds: UnsafeMutableBufferPointer<AvroPlan.Kind>
    private let logical: UnsafeMutableBufferPointer<AvroLogicalType?>
    /// The call this slot was last handed out in (the end of a call checks each slot once).
    var stamp = 0

    /// `fieldNames`, `fieldKinds` and `fieldLogicalTypes` in schema order (empty for a map: its
    /// keys go by name).
    init<Key: CodingKey>(_: Key.Type, node: Int32, fieldNames: [String], fieldKinds: [AvroPlan.Kind], fieldLogicalTypes: [AvroLogicalType?] = []) {
        keyType = ObjectIdentifier(Key.self)
        bits = .allocate(capacity: max(fieldNames.count, 1))
        bits.initialize(repeating: Self.absent)
        kinds = .allocate(capacity: max(fieldKinds.count, 1))
        kinds.initialize(repeating: .null)
        _ = kinds.initialize(from: fieldKinds)
        logical = .allocate(capacity: max(fieldNames.count, 1))
        logical.initialize(repeating: nil)
        _ = logical.initialize(from: fieldLogicalTypes)
        var size = -1
        if _isPOD(Key.self) {
            switch MemoryLayout<Key>.size {
            case 0, 1, 2, 4, 8: size = MemoryLayout<Key>.size
            default: break
            }
        }
        if size >= 0 {
            var seen = Set<UInt64>()
            for (i, name) in fieldNames.enumerated() {
                guard let key = Key(stringValue: name), key.stringValue == name else { continue }
                let b = Self.bits(of: key, size: Int32(size))
                // Two names with one key value, or a value that looks like "absent", would make
                // bits ambiguous: such a key type is matched by name.
                guard b != Self.absent, seen.insert(b).inserted else {
                    size = -1
                    break
                }
                bits[i] = b
            }
        }
        table = KeyTable(node: node, keySize: Int32(size), fieldCount: Int32(fieldNames.count),
                         bits: UnsafePointer(bits.baseAddress!), kinds: UnsafePointer(kinds.baseAddress!),
                         logical: UnsafePointer(logical.baseAddress!))
    }

    deinit {
        bits.deallocate()
        kinds.deallocate()
        logical.deallocate()
    }

    /// The bytes of `key` as a number (`size` is `MemoryLayout<K>.size`, 0…8). A bit cast, not
    /// `withUnsafeBytes`: in code generic over the key type that would be a closure call.
    @inline(__always)
    static func bits<K>(of key: K, size: Int32) -> UInt64 {
        switch size {
        case 1: return UInt64(unsafeBitCast(key, to: UInt8.self))
        case 2: return UInt64(unsafeBitCast(key, to: UInt16.self))
        case 4: return UInt64(unsafeBitCast(key, to: UInt32.self))
        case 8: return unsafeBitCast(key, to: UInt64.self)
        default: return 0
        }
    }
}

/// A pooled coder's keyed-container slots: one per record node (for the key type last asked
/// for), and those handed out in the current call — so the end of the call can check that
/// nobody else still holds one of their containers.
struct SlotLedger {
    private var slots: [KeyedSlot?]
    /// The first `usedCount` were handed out in this call (later entries are from earlier calls,
    /// overwritten as the list fills again: no allocation per call).
    private var used: [KeyedSlot] = []
    private var usedCount = 0
    /// Counts calls; a slot's `stamp` says which call last handed it out.
    private var call = 0

    init(nodes: Int) { slots = Array(repeating: nil, count: nodes) }

    mutating func beginCall() { call &+= 1 }

    /// The slot of node `n` when it was made for `Key`.
    @inline(__always)
    func slot<Key>(_ n: Int32, for _: Key.Type) -> KeyedSlot? {
        guard let s = slots[Int(n)], s.keyType == ObjectIdentifier(Key.self) else { return nil }
        return s
    }

    /// `s` becomes its node's slot (one for another key type is replaced; if it was handed out
    /// in this call it stays listed until the call's end).
    mutating func keep(_ s: KeyedSlot) { slots[Int(s.node)] = s }

    /// Notes that `s`'s container is handed out in this call.
    @inline(__always)
    mutating func handOut(_ s: KeyedSlot) {
        guard s.stamp != call else { return }
        s.stamp = call
        if usedCount < used.count { used[usedCount] = s } else { used.append(s) }
        usedCount += 1
    }

    /// Ends the call: whether a container handed out in it is still held by someone else.
    mutating func endCall() -> Bool {
        var held = false
        for i in 0..<usedCount where !isKnownUniquelyReferenced(&used[i].box) { held = true }
        if !held { usedCount = 0 }
        return held
    }

    /// The slots handed out in this call stay alive for good (their containers are still held).
    func keepForGood() {
        for s in used[0..<usedCount] { _ = Unmanaged.passRetained(s) }
    }
}

extension KeyedSlot {
    /// A slot for record (or map) node `n` of a plan.
    convenience init<Key: CodingKey>(_: Key.Type, node n: Int32, infos: [CodablePlan.NodeInfo], tables: CodableTables.View) {
        let isRecord = tables.kinds[Int(n)] == .record
        let count = isRecord ? Int(tables.childCount[Int(n)]) : 0
        self.init(Key.self, node: n, fieldNames: isRecord ? infos[Int(n)].fieldNames : [],
                  fieldKinds: (0..<count).map { tables.kinds[Int(tables.child(n, $0))] },
                  fieldLogicalTypes: (0..<count).map { infos[Int(tables.child(n, $0))].logicalType })
    }
}

/// A slot's per-field facts as plain data, held by its containers.
struct KeyTable {
    let node: Int32
    /// The size of the key type when keys compare as bits, or -1.
    let keySize: Int32
    let fieldCount: Int32
    let bits: UnsafePointer<UInt64>
    /// Per field: the kind of its node (`.union` for a union) and its logical type, for the
    /// containers' fast paths.
    let kinds: UnsafePointer<AvroPlan.Kind>
    let logical: UnsafePointer<AvroLogicalType?>

    @inline(__always) func matches<K>(_ key: K, field i: Int) -> Bool {
        keySize >= 0 && i < Int(fieldCount) && bits[i] == KeyedSlot.bits(of: key, size: keySize)
    }

    /// Whether `key` names field `i` and that field's node is of `kind`. (One-byte keys —
    /// synthesized `CodingKeys` — are tested first.)
    @inline(__always) func matches<K>(_ key: K, field i: Int, kind: AvroPlan.Kind) -> Bool {
        guard i < Int(fieldCount), kinds[i] == kind else { return false }
        if keySize == 1 { return bits[i] == UInt64(unsafeBitCast(key, to: UInt8.self)) }
        return keySize >= 0 && bits[i] == KeyedSlot.bits(of: key, size: keySize)
    }

    /// The field whose key has bits `b`, from field `start` on.
    func field(withBits b: UInt64, from start: Int) -> Int? {
        guard b != KeyedSlot.absent else { return nil }
        var i = max(start, 0)
        while i < Int(fieldCount) {
            if bits[i] == b { return i }
            i += 1
        }
        return nil
    }
}

/// `KeyedDecodingContainer` and `KeyedEncodingContainer` are, in this standard library, one
/// reference to a box holding the concrete container. A slot keeps that reference and turns it
/// back into the container for every record. Both directions are checked where a slot is made
/// (the size of the wrapper and the class of what it holds); where they do not hold, the direct
/// path declines and the general path runs, so a different standard library costs speed, never
/// correctness.
enum ContainerBox {
    static func box<Key>(of container: KeyedDecodingContainer<Key>) -> AnyObject? {
        guard MemoryLayout<KeyedDecodingContainer<Key>>.size == MemoryLayout<AnyObject>.size else { return nil }
        let object = unsafeBitCast(container, to: AnyObject.self)
        return _typeName(type(of: object), qualified: false).hasPrefix("_KeyedDecodingContainerBox<") ? object : nil
    }

    static func box<Key>(of container: KeyedEncodingContainer<Key>) -> AnyObject? {
        guard MemoryLayout<KeyedEncodingContainer<Key>>.size == MemoryLayout<AnyObject>.size else { return nil }
        let object = unsafeBitCast(container, to: AnyObject.self)
        return _typeName(type(of: object), qualified: false).hasPrefix("_KeyedEncodingContainerBox<") ? object : nil
    }

    /// The container around a box made by `box(of:)` for the same `Key`.
    @inline(__always)
    static func decoding<Key>(_ box: AnyObject?, as: Key.Type) -> KeyedDecodingContainer<Key> {
        unsafeBitCast(box.unsafelyUnwrapped, to: KeyedDecodingContainer<Key>.self)
    }

    @inline(__always)
    static func encoding<Key>(_ box: AnyObject?, as: Key.Type) -> KeyedEncodingContainer<Key> {
        unsafeBitCast(box.unsafelyUnwrapped, to: KeyedEncodingContainer<Key>.self)
    }
}
