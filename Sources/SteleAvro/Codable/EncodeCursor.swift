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

    @inline(__always)
    func nextField<K>(_ t: KeyTable, _ key: K, _ kind: AvroPlan.Kind) -> Int { frames.nextField(t, key, kind) }

    @inline(__always) func advance() { frames.advance() }

    /// Whether `key` names the next field of the open record of `t`, of `kind`; if so that field
    /// is counted as written, and its value goes next.
    @inline(__always)
    func takeNext<K>(_ t: KeyTable, _ key: K, _ kind: AvroPlan.Kind) -> Bool {
        guard frames.nextField(t, key, kind) >= 0 else { return false }
        frames.advance()
        return true
    }
}
