#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The keyed container of a record (or map) on the direct path: plain data (its encoder
/// unretained and its slot's key table, see `KeyedSlot`); it works on the encoder's open
/// frame, which must be its record's.
struct _DirectKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: Unmanaged<_DirectAvroEncoder>
    /// The encoder's state, for the fast paths (owned by the encoder).
    let cursor: UnsafeMutablePointer<EncodeCursor>
    let keys: KeyTable
    var codingPath: [any CodingKey] { [] }

    /// The encoder, borrowed without a retain (an `unowned(unsafe)` reference would be retained
    /// and released around each use here, where nothing is specialized).
    @inline(__always) private func with<R>(_ body: (_DirectAvroEncoder) throws -> R) rethrows -> R {
        try encoder._withUnsafeGuaranteedRef(body)
    }

    /// The next field of the record, of a plain `kind`: its value goes next in the bytes.
    @inline(__always) private func next(_ key: Key, _ kind: AvroPlan.Kind) -> Bool {
        cursor.pointee.takeNext(keys, key, kind)
    }

    // Each write: the fast path inline (the next field, of a kind the value fits as it is),
    // else the encoder's general field lookup and write (unions, conversions, skipped fields,
    // maps).
    mutating func encodeNil(forKey key: Key) throws { try with { try $0.writeNull(at: try $0.fieldNode(keys, key)) } }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        if next(key, .boolean) { return cursor.pointee.w.boolean(value) }
        try with { try $0.writeBool(value, at: try $0.fieldNode(keys, key)) }
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        if next(key, .string) { return cursor.pointee.w.string(value) }
        try with { try $0.writeString(value, at: try $0.fieldNode(keys, key)) }
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        if next(key, .double) { return cursor.pointee.w.double(value) }
        try with { try $0.writeDouble(value, at: try $0.fieldNode(keys, key)) }
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        if next(key, .float) { return cursor.pointee.w.float(value) }
        try with { try $0.writeFloat(value, at: try $0.fieldNode(keys, key)) }
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        if next(key, .long) { return cursor.pointee.w.long(Int64(value)) }
        try with { try $0.writeInteger(Int64(value), at: try $0.fieldNode(keys, key)) }
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        if next(key, .int) { return cursor.pointee.w.int(value) }
        try with { try $0.writeInteger(Int64(value), at: try $0.fieldNode(keys, key)) }
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        if next(key, .long) { return cursor.pointee.w.long(value) }
        try with { try $0.writeInteger(value, at: try $0.fieldNode(keys, key)) }
    }
    // One call each where the protocol's default goes through a generic `Optional` first.
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        switch value {
        case .some(let v): try encode(v, forKey: key)
        case .none: return
        }
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws { try with { try $0.writeInteger(Int64(value), at: try $0.fieldNode(keys, key)) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try with { try $0.writeInteger(Int64(value), at: try $0.fieldNode(keys, key)) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try with { try $0.writeUnsigned(value, at: try $0.fieldNode(keys, key)) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try with { try $0.writeUnsigned(value, at: try $0.fieldNode(keys, key)) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try with { try $0.writeUnsigned(value, at: try $0.fieldNode(keys, key)) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try with { try $0.writeUnsigned(value, at: try $0.fieldNode(keys, key)) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try with { try $0.writeUnsigned(value, at: try $0.fieldNode(keys, key)) } }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        // A `Date` into a timestamp, inline too.
        if T.self == Date.self {
            let i = cursor.pointee.nextField(keys, key, .long)
            if i >= 0, let v = AvroLogicalValues.timestamp(unsafeBitCast(value, to: Date.self), keys.logical[i]) {
                cursor.pointee.advance()
                return cursor.pointee.w.long(v)
            }
        }
        try encodeValue(value, key)
    }

    private func encodeValue<T: Encodable>(_ value: T, _ key: Key) throws { try with { try $0.encodeValue(value, at: try $0.fieldNode(keys, key)) } }

    // Containers handed out ahead of their values cannot be closed in stream order.
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        with { $0.declined = true }
        return KeyedEncodingContainer(_DeclinedKeyedEncoder<NestedKey>())
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        with { $0.declined = true }
        return _DeclinedUnkeyedEncoder()
    }

    mutating func superEncoder() -> any Encoder {
        with { $0.declined = true }
        return _DeclinedEncoder()
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        with { $0.declined = true }
        return _DeclinedEncoder()
    }
}

/// What a keyed container the direct path has given up on hands out: it refuses every value
/// (the encoder is already marked declined, and the general path will encode the whole value).
/// It holds nothing, so keeping it after the call is harmless.
struct _DeclinedKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil(forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: String, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Int, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Int8, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Int16, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Int32, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: Int64, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: UInt, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw DirectPathDeclined() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(_DeclinedKeyedEncoder<NestedKey>())
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { _DeclinedUnkeyedEncoder() }
    mutating func superEncoder() -> any Encoder { _DeclinedEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { _DeclinedEncoder() }
}

struct _DeclinedUnkeyedEncoder: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }
    mutating func encodeNil() throws { throw DirectPathDeclined() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw DirectPathDeclined() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(_DeclinedKeyedEncoder<NestedKey>())
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { _DeclinedUnkeyedEncoder() }
    mutating func superEncoder() -> any Encoder { _DeclinedEncoder() }
}

struct _DeclinedEncoder: Encoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { KeyedEncodingContainer(_DeclinedKeyedEncoder<Key>()) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { _DeclinedUnkeyedEncoder() }
    func singleValueContainer() -> any SingleValueEncodingContainer { _DeclinedSingleValueEncoder() }
}

struct _DeclinedSingleValueEncoder: SingleValueEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { throw DirectPathDeclined() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw DirectPathDeclined() }
}

struct _DirectUnkeyedEncoder: UnkeyedEncodingContainer {
    let encoder: _DirectAvroEncoder
    let frame: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { frame >= 0 ? encoder.frames[frame].next : 0 }

    @inline(__always) private func item() throws -> Int32 {
        guard frame >= 0 else { throw DirectPathDeclined() }
        return try encoder.item(in: frame)
    }

    mutating func encodeNil() throws { try encoder.writeNull(at: try item()) }
    mutating func encode(_ value: Bool) throws { try encoder.writeBool(value, at: try item()) }
    mutating func encode(_ value: String) throws { try encoder.writeString(value, at: try item()) }
    mutating func encode(_ value: Double) throws { try encoder.writeDouble(value, at: try item()) }
    mutating func encode(_ value: Float) throws { try encoder.writeFloat(value, at: try item()) }
    mutating func encode(_ value: Int) throws { try encoder.writeInteger(Int64(value), at: try item()) }
    mutating func encode(_ value: Int32) throws { try encoder.writeInteger(Int64(value), at: try item()) }
    mutating func encode(_ value: Int64) throws { try encoder.writeInteger(value, at: try item()) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value, at: try item()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.declined = true
        return KeyedEncodingContainer(_DeclinedKeyedEncoder<NestedKey>())
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.declined = true
        return _DirectUnkeyedEncoder(encoder: encoder, frame: -1)
    }

    mutating func superEncoder() -> any Encoder {
        encoder.declined = true
        return encoder
    }
}

struct _DirectSingleValueEncoder: SingleValueEncodingContainer {
    let encoder: _DirectAvroEncoder
    var codingPath: [any CodingKey] { [] }

    private var node: Int32 { encoder.node }

    mutating func encodeNil() throws { try encoder.claim(); try encoder.writeNull(at: node) }
    mutating func encode(_ value: Bool) throws { try encoder.claim(); try encoder.writeBool(value, at: node) }
    mutating func encode(_ value: String) throws { try encoder.claim(); try encoder.writeString(value, at: node) }
    mutating func encode(_ value: Double) throws { try encoder.claim(); try encoder.writeDouble(value, at: node) }
    mutating func encode(_ value: Float) throws { try encoder.claim(); try encoder.writeFloat(value, at: node) }
    mutating func encode(_ value: Int) throws { try encoder.claim(); try encoder.writeInteger(Int64(value), at: node) }
    mutating func encode(_ value: Int8) throws { try encoder.claim(); try encoder.writeInteger(Int64(value), at: node) }
    mutating func encode(_ value: Int16) throws { try encoder.claim(); try encoder.writeInteger(Int64(value), at: node) }
    mutating func encode(_ value: Int32) throws { try encoder.claim(); try encoder.writeInteger(Int64(value), at: node) }
    mutating func encode(_ value: Int64) throws { try encoder.claim(); try encoder.writeInteger(value, at: node) }
    mutating func encode(_ value: UInt) throws { try encoder.claim(); try encoder.writeUnsigned(value, at: node) }
    mutating func encode(_ value: UInt8) throws { try encoder.claim(); try encoder.writeUnsigned(value, at: node) }
    mutating func encode(_ value: UInt16) throws { try encoder.claim(); try encoder.writeUnsigned(value, at: node) }
    mutating func encode(_ value: UInt32) throws { try encoder.claim(); try encoder.writeUnsigned(value, at: node) }
    mutating func encode(_ value: UInt64) throws { try encoder.claim(); try encoder.writeUnsigned(value, at: node) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.claim(); try encoder.encodeValue(value, at: node) }
}
