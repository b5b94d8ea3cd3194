import SteleJSON

/// Reads Avro binary primitives from a byte buffer. Every read is bounds-checked; nothing traps.
struct AvroBinaryReader {
    let bytes: UnsafeRawBufferPointer
    /// `bytes.count`, kept: the buffer's own count is computed from two pointers per use.
    let count: Int
    var pos: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        count = bytes.count
    }

    /// Never negative: `pos` only moves within the bytes (every read checks first).
    var remaining: Int { count &- pos }

    @inline(__always) mutating func byte() throws(AvroDecodingError) -> UInt8 {
        guard pos < count else { throw .truncated(offset: pos) }
        let b = bytes[pos]
        pos += 1
        return b
    }

    /// A zig-zag varint of at most 10 bytes whose value fits 64 bits (Avro `long`).
    @inline(__always) mutating func long() throws(AvroDecodingError) -> Int64 {
        let start = pos
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < count else { throw .truncated(offset: pos) }
            let b = bytes[pos]
            pos += 1
            if shift == 63 && b > 1 {
                throw AvroDecodingError(.invalidVarint, offset: start, "varint longer than 64 bits")
            }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
            if shift > 63 { throw AvroDecodingError(.invalidVarint, offset: start, "varint longer than 10 bytes") }
        }
        return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    /// An Avro `int`: a varint of at most 5 bytes whose value fits 32 bits.
    @inline(__always) mutating func int() throws(AvroDecodingError) -> Int32 {
        let start = pos
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard pos < count else { throw .truncated(offset: pos) }
            let b = bytes[pos]
            pos += 1
            if shift == 28 && b > 0x0F {
                throw AvroDecodingError(.intOutOfRange, offset: start, "int varint does not fit 32 bits")
            }
            result |= UInt32(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        return Int32(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    mutating func boolean() throws(AvroDecodingError) -> Bool {
        let start = pos
        switch try byte() {
        case 0: return false
        case 1: return true
        case let b: throw AvroDecodingError(.invalidBoolean, offset: start, "boolean byte must be 0 or 1, found \(b)")
        }
    }

    @inline(__always) mutating func float() throws(AvroDecodingError) -> Float {
        guard remaining >= 4 else { throw .truncated(offset: count) }
        let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
        pos &+= 4
        return Float(bitPattern: bits)
    }

    @inline(__always) mutating func double() throws(AvroDecodingError) -> Double {
        guard remaining >= 8 else { throw .truncated(offset: count) }
        let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
        pos &+= 8
        return Double(bitPattern: bits)
    }

    /// A length prefix, checked against the bytes left before anything is allocated.
    mutating func length() throws(AvroDecodingError) -> Int {
        let start = pos
        let n = try long()
        guard n >= 0 else { throw AvroDecodingError(.negativeLength, offset: start, "negative length \(n)") }
        guard n <= Int64(remaining) else {
            throw AvroDecodingError(.lengthExceedsInput, offset: start, "length \(n) exceeds the \(remaining) bytes left")
        }
        return Int(n)
    }

    mutating func raw(_ count: Int) throws(AvroDecodingError) -> UnsafeRawBufferPointer {
        guard count <= remaining else { throw .truncated(offset: bytes.count) }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + count)])
        pos += count
        return slice
    }

    mutating func string() throws(AvroDecodingError) -> String {
        let start = pos
        let n = try length()
        let slice = try raw(n)
        guard let s = UTF8Validation.string(slice.bindMemory(to: UInt8.self)) else {
            throw AvroDecodingError(.invalidUTF8, offset: start, "string is not valid UTF-8")
        }
        return s
    }

    mutating func bytesValue() throws(AvroDecodingError) -> [UInt8] {
        let n = try length()
        return Array(try raw(n))
    }

    mutating func skip(_ count: Int) throws(AvroDecodingError) {
        guard count >= 0, count <= remaining else { throw .truncated(offset: bytes.count) }
        pos += count
    }
}

/// Appends Avro binary primitives into memory it owns: each write checks the room left once
/// and stores through a pointer (an array would check its uniqueness and capacity per byte),
/// and the buffer grows by doubling. `bytes` copies the result out once, at the end.
struct AvroBinaryWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer for the next value; a buffer grown past `keep` bytes (one huge value)
    /// is given back rather than kept for every value after it.
    mutating func reset(keeping keep: Int = 1 << 20) {
        count = 0
        if capacity > keep {
            base.deallocate()
            capacity = 512
            base = .allocate(capacity: capacity)
        }
    }

    /// What was written, as an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always) private mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    private mutating func grow(_ n: Int) {
        var c = capacity * 2
        while c - count < n { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    @inline(__always) mutating func long(_ v: Int64) {
        reserve(10)
        var z = UInt64(bitPattern: (v << 1) ^ (v >> 63))
        var p = base + count
        while z >= 0x80 {
            p.pointee = UInt8(truncatingIfNeeded: z) | 0x80
            p += 1
            z >>= 7
        }
        p.pointee = UInt8(z)
        count = p - base + 1
    }

    @inline(__always) mutating func int(_ v: Int32) { long(Int64(v)) }

    mutating func boolean(_ v: Bool) {
        reserve(1)
        base[count] = v ? 1 : 0
        count += 1
    }

    mutating func float(_ v: Float) {
        reserve(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: v.bitPattern.littleEndian, as: UInt32.self)
        count += 4
    }

    mutating func double(_ v: Double) {
        reserve(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: v.bitPattern.littleEndian, as: UInt64.self)
        count += 8
    }

    mutating func append(contentsOf raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: raw.count)
        count += raw.count
    }

    mutating func append(contentsOf v: [UInt8]) {
        v.withUnsafeBytes { append(contentsOf: $0) }
    }

    /// Inserts `raw` at `position`, moving what follows (an item count in front of its items).
    mutating func insert(contentsOf raw: UnsafeRawBufferPointer, at position: Int) {
        let n = raw.count
        guard n > 0, let source = raw.baseAddress else { return }
        reserve(n)
        (base + position + n).update(from: base + position, count: count - position)
        UnsafeMutableRawPointer(base + position).copyMemory(from: source, byteCount: n)
        count += n
    }

    mutating func bytes(_ v: [UInt8]) {
        long(Int64(v.count))
        append(contentsOf: v)
    }

    mutating func string(_ v: String) {
        if let done: Void = v.utf8.withContiguousStorageIfAvailable({ utf8 in
            long(Int64(utf8.count))
            append(contentsOf: UnsafeRawBufferPointer(utf8))
        }) { return done }
        var s = v
        s.withUTF8 { utf8 in
            long(Int64(utf8.count))
            append(contentsOf: UnsafeRawBufferPointer(utf8))
        }
    }
}
