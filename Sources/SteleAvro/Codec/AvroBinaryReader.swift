import SteleJSON

/// Reads Avro binary primitives from a byte buffer. Every read is bounds-checked; nothing traps.
struct AvroBinaryReader {
    let bytes: UnsafeRawBufferPointer
    var pos: Int = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - pos }

    @inline(__always) mutating func byte() throws(AvroDecodingError) -> UInt8 {
        guard pos < bytes.count else { throw .truncated(offset: pos) }
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
            guard pos < bytes.count else { throw .truncated(offset: pos) }
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
            guard pos < bytes.count else { throw .truncated(offset: pos) }
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

    mutating func float() throws(AvroDecodingError) -> Float {
        guard remaining >= 4 else { throw .truncated(offset: bytes.count) }
        let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
        pos += 4
        return Float(bitPattern: bits)
    }

    mutating func double() throws(AvroDecodingError) -> Double {
        guard remaining >= 8 else { throw .truncated(offset: bytes.count) }
        let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
        pos += 8
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

/// Appends Avro binary primitives.
struct AvroBinaryWriter {
    var out: [UInt8]

    init(capacity: Int = 64) {
        out = []
        out.reserveCapacity(capacity)
    }

    @inline(__always) mutating func long(_ v: Int64) {
        var z = UInt64(bitPattern: (v << 1) ^ (v >> 63))
        while z >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: z) | 0x80)
            z >>= 7
        }
        out.append(UInt8(z))
    }

    @inline(__always) mutating func int(_ v: Int32) { long(Int64(v)) }

    mutating func boolean(_ v: Bool) { out.append(v ? 1 : 0) }

    mutating func float(_ v: Float) {
        let bits = v.bitPattern.littleEndian
        withUnsafeBytes(of: bits) { out.append(contentsOf: $0) }
    }

    mutating func double(_ v: Double) {
        let bits = v.bitPattern.littleEndian
        withUnsafeBytes(of: bits) { out.append(contentsOf: $0) }
    }

    mutating func bytes(_ v: [UInt8]) {
        long(Int64(v.count))
        out.append(contentsOf: v)
    }

    mutating func string(_ v: String) {
        var s = v
        s.withUTF8 { utf8 in
            long(Int64(utf8.count))
            out.append(contentsOf: utf8)
        }
    }
}
