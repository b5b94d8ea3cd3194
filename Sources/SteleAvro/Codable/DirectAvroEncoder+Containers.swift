struct _DirectKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: _DirectAvroEncoder
    let frame: Int
    var codingPath: [any CodingKey] { [] }

    @inline(__always) private func slot(_ key: Key) throws -> Int32 {
        guard frame >= 0 else { throw DirectPathDeclined() }
        return try encoder.slot(key.stringValue, in: frame)
    }

    mutating func encodeNil(forKey key: Key) throws { try encoder.writeNull(at: try slot(key)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encoder.writeBool(value, at: try slot(key)) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encoder.writeString(value, at: try slot(key)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encoder.writeDouble(value, at: try slot(key)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encoder.writeFloat(value, at: try slot(key)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encoder.writeInteger(Int64(value), at: try slot(key)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encoder.writeInteger(Int64(value), at: try slot(key)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encoder.writeInteger(Int64(value), at: try slot(key)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encoder.writeInteger(Int64(value), at: try slot(key)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encoder.writeInteger(value, at: try slot(key)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encoder.writeUnsigned(value, at: try slot(key)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encoder.writeUnsigned(value, at: try slot(key)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encoder.writeUnsigned(value, at: try slot(key)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encoder.writeUnsigned(value, at: try slot(key)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encoder.writeUnsigned(value, at: try slot(key)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder.encodeValue(value, at: try slot(key)) }

    // Containers handed out ahead of their values cannot be closed in stream order.
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.declined = true
        return KeyedEncodingContainer(_DirectKeyedEncoder<NestedKey>(encoder: encoder, frame: -1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.declined = true
        return _DirectUnkeyedEncoder(encoder: encoder, frame: -1)
    }

    mutating func superEncoder() -> any Encoder {
        encoder.declined = true
        return encoder
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.declined = true
        return encoder
    }
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
        return KeyedEncodingContainer(_DirectKeyedEncoder<NestedKey>(encoder: encoder, frame: -1))
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
