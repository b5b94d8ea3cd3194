struct _DirectKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: _DirectAvroDecoder
    let frame: Int
    var codingPath: [any CodingKey] { [] }

    private var info: CodablePlan.NodeInfo { decoder.infos[Int(decoder.frames[frame].node)] }
    private var isMap: Bool { decoder.frames[frame].kind == .map }
    var allKeys: [Key] { (isMap ? decoder.mapKeys(in: frame) : info.fieldNames).compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool {
        isMap ? decoder.maps[decoder.frames[frame].map].entries.contains { $0.key == key.stringValue } : info.fieldIndex[key.stringValue] != nil
    }

    @inline(__always) private func field(_ key: Key) throws -> Int32 { try decoder.field(key.stringValue, in: frame) }

    func decodeNil(forKey key: Key) throws -> Bool {
        let i = try decoder.position(key.stringValue, in: frame)
        if try decoder.readNil(at: decoder.fieldNode(i, in: frame)) {
            decoder.fieldWasNil(i, in: frame)
            return true
        }
        return false  // still positioned on the field: the value is read next
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.readBool(at: try field(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.readString(at: try field(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.readDouble(at: try field(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder.readFloat(at: try field(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.readInteger(type, at: try field(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.readInteger(type, at: try field(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.decodeValue(type, at: try field(key)) }

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
