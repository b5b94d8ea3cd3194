#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes `Decodable` Swift values from Avro bytes written with a given schema: the mirror of
/// `AvroEncoder` (records by field name, unions into `Optional`, logical types into `Date`,
/// `UUID`, `Decimal`, enums into `String`-backed enums, maps into `[String: T]`). Mismatches throw
/// `DecodingError` naming the coding path.
public struct AvroDecoder: Sendable {
    public var codec: AvroCodec { plan.codec }
    public var schema: AvroSchema { codec.schema }

    let plan: CodablePlan

    public init(schema: AvroSchema, limits: AvroDecodingLimits = .default) {
        self.plan = CodablePlan(codec: AvroCodec(schema: schema, limits: limits))
    }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        // (No `T?` in between: in this unspecialized code that would look up `Optional<T>`'s
        // metadata at run time on every call.)
        do { return try _DirectAvroDecoder.decode(type, from: bytes, plan: plan) } catch {}
        return try decode(type, from: try codec.decode(bytes))
    }

    /// Decodes from bytes someone else owns (a slice of a received message), without copying
    /// them first; the general path copies only when the direct path declines.
    public func decode<T: Decodable>(_ type: T.Type, from raw: UnsafeRawBufferPointer) throws -> T {
        do { return try _DirectAvroDecoder.decode(type, from: raw, plan: plan) } catch {}
        return try decode(type, from: try codec.decode(raw))
    }

    /// The direct path alone (nil where it leaves the bytes to the general path).
    func directDecode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> T? {
        try? _DirectAvroDecoder.decode(type, from: bytes, plan: plan)
    }

    /// Decodes from a generic datum (the general path).
    public func decode<T: Decodable>(_ type: T.Type, from value: AvroValue) throws -> T {
        try _AvroDecoder(schema: plan.box, node: schema.root, value: value, parent: nil, key: nil).decodeAny(type)
    }
}

/// The numeric readings `Decodable` types ask for, shared by the keyed and single-value
/// containers: any Avro number as a floating value, `int`/`long` as an exact integer.
extension AvroValue {
    var asDouble: Double? {
        switch self {
        case .double(let d): return d
        case .float(let f): return Double(f)
        case .int(let i): return Double(i)
        case .long(let l): return Double(l)
        default: return nil
        }
    }

    var asFloat: Float? {
        if case .float(let f) = self { return f }
        return asDouble.map { Float($0) }
    }

    var asInt64: Int64? {
        switch self {
        case .int(let i): return Int64(i)
        case .long(let l): return l
        default: return nil
        }
    }
}

final class _AvroDecoder: Decoder {
    let schema: AvroSchemaBox
    let node: AvroNodeID
    let value: AvroValue
    let parent: _AvroDecoder?
    let key: (any CodingKey)?
    /// Built only when asked for (errors): the parent chain is kept instead.
    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var d: _AvroDecoder? = self
        while let current = d {
            if let k = current.key { path.append(k) }
            d = current.parent
        }
        return path.reversed()
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The record field expected next: decoders ask in declaration order.
    var nextField = 0

    init(schema: AvroSchemaBox, node: AvroNodeID, value: AvroValue, parent: _AvroDecoder?, key: (any CodingKey)?) {
        self.schema = schema
        self.node = node
        self.value = value
        self.parent = parent
        self.key = key
    }

    /// The node and value after stepping into a union's branch.
    var resolved: (AvroNodeID, AvroValue) {
        if case .union(let branches) = schema[node], case .union(let i, let inner) = value, branches.indices.contains(i) {
            return (branches[i], inner)
        }
        return (node, value)
    }

    func mismatch<T>(_ type: T.Type, _ what: String) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: what))
    }

    var isNull: Bool {
        if case .null = resolved.1 { return true }
        return false
    }

    func decodeAny<T: Decodable>(_ type: T.Type) throws -> T {
        let (n, v) = resolved
        let lt = schema[n].logicalType
        if type == Date.self {
            switch v {
            case .long(let l): if let d = AvroLogicalValues.date(fromLong: l, lt) { return unsafeBitCast(d, to: T.self) }
            case .int(let days) where lt == .date: return unsafeBitCast(Date(timeIntervalSince1970: Double(days) * 86_400), to: T.self)
            default: break
            }
            throw mismatch(type, "a Date needs a timestamp-* or date logical type; found \(schema[n].typeName)")
        }
        if type == UUID.self {
            switch v {
            case .string(let s): if let u = UUID(uuidString: s) { return u as! T }
            case .fixed(let b): if let u = AvroLogicalValues.uuid(b) { return u as! T }
            default: break
            }
            throw mismatch(type, "not a UUID")
        }
        if type == Decimal.self {
            guard case .decimal(_, let scale)? = lt else { throw mismatch(type, "a Decimal needs a decimal logical type") }
            switch v {
            case .bytes(let b), .fixed(let b): return AvroLogicalValues.decimal(b, scale: scale) as! T
            default: throw mismatch(type, "not a decimal")
            }
        }
        if type == Data.self {
            switch v {
            case .bytes(let b), .fixed(let b): return Data(b) as! T
            default: throw mismatch(type, "Data needs bytes or fixed")
            }
        }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let (n, v) = resolved
        switch (schema[n], v) {
        case (.record(let r), .record(let fields)):
            return KeyedDecodingContainer(_AvroKeyedDecoder<Key>(decoder: self, record: r, fields: fields, entries: []))
        case (.map(_, _), .map(let entries)):
            return KeyedDecodingContainer(_AvroKeyedDecoder<Key>(decoder: self, record: nil, fields: [], entries: entries))
        default:
            throw mismatch([String: Int].self, "expected a record or map, found \(schema[n].typeName)")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (n, v) = resolved
        guard case .array(let items, _) = schema[n], case .array(let elements) = v else {
            throw mismatch([Int].self, "expected an array, found \(schema[n].typeName)")
        }
        return _AvroUnkeyedDecoder(decoder: self, items: items, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { _AvroSingleValueDecoder(decoder: self) }
}

struct _AvroKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: _AvroDecoder
    let record: AvroRecord?
    let fields: [AvroValue]
    let entries: [AvroMapEntry]
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        if let record { return record.fields.compactMap { Key(stringValue: $0.name) } }
        return entries.compactMap { Key(stringValue: $0.key) }
    }

    func contains(_ key: Key) -> Bool {
        if let record { return record.fieldIndex(named: key.stringValue) != nil }
        return entries.contains { $0.key == key.stringValue }
    }

    /// The index of `key`'s field (the one expected next, else by name), now counted as read.
    private func fieldIndex(_ key: Key, in record: AvroRecord) throws -> Int {
        let name = key.stringValue
        let i: Int
        if decoder.nextField < record.fields.count && record.fields[decoder.nextField].name == name {
            i = decoder.nextField
        } else if let found = record.fieldIndex(named: name), found < fields.count {
            i = found
        } else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "record \(record.name) has no field \"\(name)\""))
        }
        decoder.nextField = i + 1
        return i
    }

    private func child(_ key: Key) throws -> _AvroDecoder {
        if let record {
            let i = try fieldIndex(key, in: record)
            return _AvroDecoder(schema: decoder.schema, node: record.fields[i].type, value: fields[i], parent: decoder, key: key)
        }
        guard case .map(let values, _) = decoder.schema[decoder.resolved.0], let e = entries.first(where: { $0.key == key.stringValue }) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no map entry \"\(key.stringValue)\""))
        }
        return _AvroDecoder(schema: decoder.schema, node: values, value: e.value, parent: decoder, key: key)
    }

    /// A record field's node and value, without a child decoder (primitives need none).
    private func field(_ key: Key) throws -> (AvroNodeID, AvroValue) {
        guard let record else {
            let c = try child(key)
            return (c.node, c.value)
        }
        let i = try fieldIndex(key, in: record)
        // Step into a union's branch.
        if case .union(let branches) = decoder.schema[record.fields[i].type], case .union(let b, let inner) = fields[i], branches.indices.contains(b) {
            return (branches[b], inner)
        }
        return (record.fields[i].type, fields[i])
    }

    private func mismatch<T>(_ type: T.Type, _ key: Key, _ what: String) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath + [key], debugDescription: what))
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        guard let v = try field(key).1.asInt64 else { throw mismatch(type, key, "expected an integer") }
        guard let r = T(exactly: v) else { throw mismatch(type, key, "\(v) does not fit \(T.self)") }
        return r
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        let saved = decoder.nextField
        if case .null = try field(key).1 {
            return true
        }
        decoder.nextField = saved  // the value itself is decoded next, from the same field
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if T.self == Date.self || T.self == Decimal.self || T.self == UUID.self {
            // Logical types come straight from the field value (no child decoder object).
            let (n, v) = try field(key)
            return try _AvroDecoder(schema: decoder.schema, node: n, value: v, parent: decoder, key: key).decodeAny(type)
        }
        return try child(key).decodeAny(type)
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        guard case .boolean(let b) = try field(key).1 else { throw mismatch(type, key, "expected a boolean") }
        return b
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        switch try field(key) {
        case (_, .string(let s)): return s
        case (let n, .enumeration(let i)):
            if case .enumeration(let e) = decoder.schema[n], e.symbols.indices.contains(i) { return e.symbols[i] }
            throw mismatch(type, key, "enum index out of range")
        default: throw mismatch(type, key, "expected a string or enum")
        }
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        guard let d = try field(key).1.asDouble else { throw mismatch(type, key, "expected a number") }
        return d
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        guard let f = try field(key).1.asFloat else { throw mismatch(type, key, "expected a number") }
        return f
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct _AvroUnkeyedDecoder: UnkeyedDecodingContainer {
    let decoder: _AvroDecoder
    let items: AvroNodeID
    let elements: [AvroValue]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(decoder: _AvroDecoder, items: AvroNodeID, elements: [AvroValue]) {
        self.decoder = decoder
        self.items = items
        self.elements = elements
    }

    private mutating func next() throws -> _AvroDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "no more array elements"))
        }
        defer { currentIndex += 1 }
        return _AvroDecoder(schema: decoder.schema, node: items, value: elements[currentIndex], parent: decoder, key: IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        let c = _AvroDecoder(schema: decoder.schema, node: items, value: elements[currentIndex], parent: decoder, key: nil)
        if c.isNull { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeAny(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> { try next().container(keyedBy: type) }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct _AvroSingleValueDecoder: SingleValueDecodingContainer {
    let decoder: _AvroDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .boolean(let b) = decoder.resolved.1 else { throw decoder.mismatch(type, "expected a boolean") }
        return b
    }

    func decode(_ type: String.Type) throws -> String {
        let (n, v) = decoder.resolved
        switch (decoder.schema[n], v) {
        case (_, .string(let s)): return s
        case (.enumeration(let e), .enumeration(let i)) where e.symbols.indices.contains(i): return e.symbols[i]
        default: throw decoder.mismatch(type, "expected a string or enum, found \(decoder.schema[n].typeName)")
        }
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let d = decoder.resolved.1.asDouble else { throw decoder.mismatch(type, "expected a number") }
        return d
    }

    func decode(_ type: Float.Type) throws -> Float {
        guard let f = decoder.resolved.1.asFloat else { throw decoder.mismatch(type, "expected a number") }
        return f
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard let v = decoder.resolved.1.asInt64 else { throw decoder.mismatch(type, "expected an integer") }
        guard let r = T(exactly: v) else { throw decoder.mismatch(type, "\(v) does not fit \(T.self)") }
        return r
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeAny(type) }
}
