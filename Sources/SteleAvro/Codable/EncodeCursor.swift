/// What a direct encoder changes while it writes, in memory the encoder owns: the encoder reaches
/// it through forwarding properties, and its keyed containers through a plain pointer, so the
/// common field — the next one, of a plain kind — is written inline in the container's method:
/// no reference retained, no call into the encoder.
struct EncodeCursor: ~Copyable {
    var w = AvroBinaryWriter(capacity: 512)
    var node: Int32
    var valueDepth = 0
    var filled = false
    var declined = false
    var frames = FrameStack<_DirectAvroEncoder.Frame>()

    init(node: Int32) { self.node = node }

    /// The index of the next field of the open record of `t` when `key` names it and its node
    /// is of `kind` (not a union); -1 otherwise.
    @inline(__always)
    func nextField<K>(_ t: KeyTable, _ key: K, _ kind: AvroPlan.Kind) -> Int {
        guard let top = frames.top, top.pointee.node == t.node else { return -1 }
        let i = top.pointee.next
        return t.matches(key, field: i, kind: kind) ? i : -1
    }

    /// The next field (found by `nextField`) counted as written.
    @inline(__always)
    func advance() {
        frames.top.unsafelyUnwrapped.pointee.next &+= 1
    }

    /// Whether `key` names the next field of the open record of `t`, of `kind`; if so that field
    /// is counted as written, and its value is next in the bytes.
    @inline(__always)
    mutating func takeNext<K>(_ t: KeyTable, _ key: K, _ kind: AvroPlan.Kind) -> Bool {
        guard nextField(t, key, kind) >= 0 else { return false }
        advance()
        return true
    }
}
