#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The keyed container of a record (or map) on the direct path: plain data (its decoder
/// unretained and its slot's key table, see `KeyedSlot`), so the copy the standard library's
/// box makes of it for every field is a plain copy; it works on the decoder's open frame, which
/// must be its record's.
struct _DirectKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: Unmanaged<_DirectAvroDecoder>
    /// The decoder's state, for the fast paths (owned by the decoder).
    let cursor: UnsafeMutablePointer<DecodeCursor>
    let keys: KeyTable
    var codingPath: [any CodingKey] { [] }

    /// The decoder, borrowed without a retain (an `unowned(unsafe)` reference would be retained
    /// and released around each use here, where nothing is specialized).
    @inline(__always) private func with<R>(_ body: (_DirectAvroDecoder) throws -> R) rethrows -> R {
        try decoder._withUnsafeGuaranteedRef(body)
    }

    /// The next field of the record, of a plain `kind`: its value is next in the bytes.
    @inline(__always) private func next(_ key: Key, _ kind: AvroPlan.Kind) -> Bool {
        cursor.pointee.takeNext(keys, key, kind)
    }

    var allKeys: [Key] { with { $0.allKeys(keys, as: Key.self) } }
    func contains(_ key: Key) -> Bool { with { $0.contains(keys, key) } }

    func decodeNil(forKey key: Key) throws -> Bool {
        try with { d in
            let i = try d.locate(keys, key)
            let f = d.frames.count - 1
            if try d.readNil(at: d.fieldNode(i, in: f)) {
                d.fieldWasNil(i, in: f)
                return true
            }
            return false  // still positioned on the field: the value is read next
        }
    }

    // Each read: the fast path inline (the next field, of the kind asked for), else the
    // decoder's general field lookup and read (unions, other kinds, skipped fields, maps).
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        if next(key, .boolean) { return try cursor.pointee.r.boolean() }
        return try with { try $0.readBool(at: try $0.take(keys, key)) }
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        if next(key, .string) { return try cursor.pointee.r.string() }
        return try with { try $0.readString(at: try $0.take(keys, key)) }
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        if next(key, .double) { return try cursor.pointee.r.double() }
        return try with { try $0.readDouble(at: try $0.take(keys, key)) }
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        if next(key, .float) { return try cursor.pointee.r.float() }
        return try with { try $0.readFloat(at: try $0.take(keys, key)) }
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        if next(key, .long) { return Int(try cursor.pointee.r.long()) }
        if next(key, .int) { return Int(try cursor.pointee.r.int()) }
        return try with { try $0.readInteger(type, at: try $0.take(keys, key)) }
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        if next(key, .int) { return try cursor.pointee.r.int() }
        return try with { try $0.readInteger(type, at: try $0.take(keys, key)) }
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        if next(key, .long) { return try cursor.pointee.r.long() }
        if next(key, .int) { return Int64(try cursor.pointee.r.int()) }
        return try with { try $0.readInteger(type, at: try $0.take(keys, key)) }
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try with { try $0.readInteger(type, at: try $0.take(keys, key)) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try with { try $0.readInteger(type, at: try $0.take(keys, key)) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try with { try $0.readInteger(type, at: try $0.take(keys, key)) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try with { try $0.readInteger(type, at: try $0.take(keys, key)) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try with { try $0.readInteger(type, at: try $0.take(keys, key)) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try with { try $0.readInteger(type, at: try $0.take(keys, key)) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try with { try $0.readInteger(type, at: try $0.take(keys, key)) } }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        // A timestamp into a `Date`, inline too.
        if T.self == Date.self {
            let i = cursor.pointee.nextField(keys, key, .long)
            if i >= 0, let lt = keys.logical[i], lt.isTimestamp {
                cursor.pointee.advance()
                if let d = AvroLogicalValues.date(fromLong: try cursor.pointee.r.long(), lt) { return unsafeBitCast(d, to: T.self) }
                throw DirectPathDeclined()
            }
        }
        return try with { try $0.decodeValue(type, at: try $0.take(keys, key)) }
    }

    // One call each where the protocol's default would make three (contains, decodeNil, decode),
    // each through the standard library's box.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try with { d in try d.presentNode(keys, key).map { try d.readBool(at: $0) } }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try with { d in try d.presentNode(keys, key).map { try d.readString(at: $0) } }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try with { d in try d.presentNode(keys, key).map { try d.readDouble(at: $0) } }
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try with { d in try d.presentNode(keys, key).map { try d.readFloat(at: $0) } }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try presentInteger(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try presentInteger(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try with { d in
            guard let n = try d.presentNode(keys, key) else { return nil }
            return try d.decodeValue(type, at: n)
        }
    }

    @inline(__always) private func presentInteger<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I? {
        try with { d in try d.presentNode(keys, key).map { try d.readInteger(type, at: $0) } }
    }

    // Containers handed out ahead of their values are left to the general path.
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DirectPathDeclined()
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw DirectPathDeclined() }
    func superDecoder() throws -> any Decoder { throw DirectPathDeclined() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw DirectPathDeclined() }
}

struct _DirectUnkeyedDecoder: UnkeyedDecodingContainer {
    let decoder: _DirectAvroDecoder
    let frame: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var currentIndex: Int { decoder.frames[frame].index }

    var isAtEnd: Bool {
        do {
            return try decoder.arrayAtEnd(frame)
        } catch {
            decoder.declined = true
            return true
        }
    }

    mutating func decodeNil() throws -> Bool {
        guard try !decoder.arrayAtEnd(frame) else { throw DirectPathDeclined() }
        let node = decoder.child(decoder.frames[frame].node, 0)
        if try decoder.readNil(at: node) {
            _ = try decoder.item(in: frame)
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decoder.readBool(at: try decoder.item(in: frame)) }
    mutating func decode(_ type: String.Type) throws -> String { try decoder.readString(at: try decoder.item(in: frame)) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decoder.readDouble(at: try decoder.item(in: frame)) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decoder.readFloat(at: try decoder.item(in: frame)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decoder.readInteger(type, at: try decoder.item(in: frame)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decoder.readInteger(type, at: try decoder.item(in: frame)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decoder.readInteger(type, at: try decoder.item(in: frame)) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type, at: try decoder.item(in: frame)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw DirectPathDeclined()
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw DirectPathDeclined() }
    mutating func superDecoder() throws -> any Decoder { throw DirectPathDeclined() }
}

struct _DirectSingleValueDecoder: SingleValueDecodingContainer {
    let decoder: _DirectAvroDecoder
    var codingPath: [any CodingKey] { [] }
    private var node: Int32 { decoder.node }

    func decodeNil() -> Bool {
        do {
            guard !decoder.consumed else { throw DirectPathDeclined() }
            if try decoder.readNil(at: node) {
                decoder.consumed = true
                return true
            }
            return false
        } catch {
            decoder.declined = true
            return false
        }
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.claim(); return try decoder.readBool(at: node) }
    func decode(_ type: String.Type) throws -> String { try decoder.claim(); return try decoder.readString(at: node) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.claim(); return try decoder.readDouble(at: node) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.claim(); return try decoder.readFloat(at: node) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.claim(); return try decoder.readInteger(type, at: node) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.claim(); return try decoder.decodeValue(type, at: node) }
}
