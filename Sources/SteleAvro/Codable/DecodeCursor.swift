/// What a direct decoder changes while it reads, in memory the decoder owns: the decoder reaches
/// it through forwarding properties, and its keyed containers through a plain pointer, so the
/// common field — the next one, of a plain kind — is read inline in the container's method: no
/// reference retained, no call into the decoder.
struct DecodeCursor: ~Copyable {
    var r: AvroBinaryReader
    var state: AvroCodec.DecodeState
    var node: Int32
    var valueDepth = 0
    var consumed = false
    var declined = false
    var frames = FrameStack<_DirectAvroDecoder.Frame>()
    var pendingUnion: Int32 = -1
    var pendingBranch = 0

    init(r: AvroBinaryReader, state: AvroCodec.DecodeState, node: Int32) {
        self.r = r
        self.state = state
        self.node = node
    }

    /// The next field of the open record of `t` when `key` names it and its node is of `kind`
    /// (not a union), with no union branch pending; -1 otherwise.
    @inline(__always)
    func nextField<K>(_ t: KeyTable, _ key: K, _ kind: AvroPlan.Kind) -> Int {
        pendingUnion < 0 ? frames.nextField(t, key, kind) : -1
    }

    @inline(__always) func advance() { frames.advance() }

    /// Whether `key` names the next field of the open record of `t`, of `kind`; if so that field
    /// is counted as read, and its value is next in the bytes.
    @inline(__always)
    func takeNext<K>(_ t: KeyTable, _ key: K, _ kind: AvroPlan.Kind) -> Bool {
        guard nextField(t, key, kind) >= 0 else { return false }
        frames.advance()
        return true
    }
}
