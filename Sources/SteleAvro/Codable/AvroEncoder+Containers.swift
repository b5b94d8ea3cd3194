#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct _AvroKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: _AvroEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    /// The record or map node the keys go into.
    let target: AvroNodeID?

    init(encoder: _AvroEncoder) {
        self.encoder = encoder
        let t = try? encoder.target(for: .record)
        target = t
        if let t {
            switch encoder.schema[t] {
            case .record(let r): if case .record = encoder.slot.content {} else { encoder.slot.content = .record(t, [_EncodedSlot?](repeating: nil, count: r.fields.count)) }
            case .map: if case .map = encoder.slot.content {} else { encoder.slot.content = .map([]) }
            default: break
            }
        }
    }

    private func child(_ key: Key) throws -> _AvroEncoder {
        guard let target else { throw encoder.fail("a keyed value (record or map) does not fit \(encoder.schema[encoder.node].typeName)") }
        switch encoder.schema[target] {
        case .record(let r):
            // Structs usually declare fields in schema order: try the next position first
            // (a string comparison) before the name index (a hash).
            let name = key.stringValue
            let i: Int
            if encoder.nextField < r.fields.count && r.fields[encoder.nextField].name == name {
                i = encoder.nextField
            } else if let found = r.fieldIndex(named: name) {
                i = found
            } else {
                throw EncodingError.invalidValue(key.stringValue, .init(codingPath: encoder.codingPath + [key], debugDescription: "record \(r.name) has no field \"\(key.stringValue)\""))
            }
            encoder.nextField = i + 1
            let c = _AvroEncoder(schema: encoder.schema, node: r.fields[i].type, parent: encoder, key: key)
            if case .record(let n, var fields) = encoder.slot.content {
                encoder.slot.content = .none  // keep the array uniquely referenced while writing
                fields[i] = c.slot
                encoder.slot.content = .record(n, fields)
            }
            return c
        case .map(let values, _):
            let c = _AvroEncoder(schema: encoder.schema, node: values, parent: encoder, key: key)
            if case .map(var entries) = encoder.slot.content {
                encoder.slot.content = .none
                entries.append((key.stringValue, c.slot))
                encoder.slot.content = .map(entries)
            }
            return c
        default:
            throw encoder.fail("a keyed value does not fit \(encoder.schema[target].typeName)")
        }
    }

    mutating func encodeNil(forKey key: Key) throws { _ = try child(key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try _AvroSingleValueEncoder(encoder: try child(key)).encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try _AvroSingleValueEncoder(encoder: try child(key)).encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try _AvroSingleValueEncoder(encoder: try child(key)).encode(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try _AvroSingleValueEncoder(encoder: try child(key)).encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try _AvroSingleValueEncoder(encoder: try child(key)).encode(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try _AvroSingleValueEncoder(encoder: try child(key)).encode(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try _AvroSingleValueEncoder(encoder: try child(key)).encode(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try child(key).encodeAny(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let c = (try? child(key)) ?? encoder
        return c.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ((try? child(key)) ?? encoder).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { (try? child(key)) ?? encoder }
}

struct _AvroUnkeyedEncoder: UnkeyedEncodingContainer {
    let encoder: _AvroEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    let items: AvroNodeID?
    var count: Int = 0

    init(encoder: _AvroEncoder) {
        self.encoder = encoder
        if let t = try? encoder.target(for: .array), case .array(let i, _) = encoder.schema[t] {
            items = i
            if case .array = encoder.slot.content {} else { encoder.slot.content = .array([]) }
        } else {
            items = nil
        }
    }

    private mutating func child() throws -> _AvroEncoder {
        guard let items else { throw encoder.fail("an array does not fit \(encoder.schema[encoder.node].typeName)") }
        let c = _AvroEncoder(schema: encoder.schema, node: items, parent: encoder, key: IndexKey(count))
        if case .array(var list) = encoder.slot.content {
            encoder.slot.content = .none
            list.append(c.slot)
            encoder.slot.content = .array(list)
        }
        count += 1
        return c
    }

    mutating func encodeNil() throws { _ = try child() }
    mutating func encode(_ value: Bool) throws { try _AvroSingleValueEncoder(encoder: try child()).encode(value) }
    mutating func encode(_ value: String) throws { try _AvroSingleValueEncoder(encoder: try child()).encode(value) }
    mutating func encode(_ value: Double) throws { try _AvroSingleValueEncoder(encoder: try child()).encode(value) }
    mutating func encode(_ value: Int) throws { try _AvroSingleValueEncoder(encoder: try child()).encode(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try child().encodeAny(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        ((try? child()) ?? encoder).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { ((try? child()) ?? encoder).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder }
}

struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ i: Int) { intValue = i; stringValue = "[\(i)]" }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

struct _AvroSingleValueEncoder: SingleValueEncodingContainer {
    let encoder: _AvroEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    func encodeNil() throws {
        let t = try encoder.target(for: .null)
        guard case .primitive(.null, _, _) = encoder.schema[t] else { throw encoder.fail("null does not fit \(encoder.schema[t].typeName)") }
        encoder.set(encoder.wrap(.null))
    }

    func encode(_ value: Bool) throws {
        _ = try encoder.target(for: .boolean)
        encoder.set(encoder.wrap(.boolean(value)))
    }

    func encode(_ value: String) throws {
        let t = try encoder.target(for: .text)
        switch encoder.schema[t] {
        case .enumeration(let e):
            guard let i = e.symbols.firstIndex(of: value) else { throw encoder.fail("\"\(value)\" is not a symbol of enum \(e.name) \(e.symbols)") }
            encoder.set(encoder.wrap(.enumeration(i)))
        default:
            encoder.set(encoder.wrap(.string(value)))
        }
    }

    func encode(_ value: Double) throws {
        let t = try encoder.target(for: .floating)
        if case .primitive(.float, _, _) = encoder.schema[t] { encoder.set(encoder.wrap(.float(Float(value)))) } else { encoder.set(encoder.wrap(.double(value))) }
    }

    func encode(_ value: Float) throws {
        let t = try encoder.target(for: .floating)
        if case .primitive(.float, _, _) = encoder.schema[t] { encoder.set(encoder.wrap(.float(value))) } else { encoder.set(encoder.wrap(.double(Double(value)))) }
    }

    func encode(_ value: Int) throws { try encodeInteger(Int64(value)) }
    func encode(_ value: Int8) throws { try encodeInteger(Int64(value)) }
    func encode(_ value: Int16) throws { try encodeInteger(Int64(value)) }
    func encode(_ value: Int32) throws { try encodeInteger(Int64(value)) }
    func encode(_ value: Int64) throws { try encodeInteger(value) }
    func encode(_ value: UInt8) throws { try encodeInteger(Int64(value)) }
    func encode(_ value: UInt16) throws { try encodeInteger(Int64(value)) }
    func encode(_ value: UInt32) throws { try encodeInteger(Int64(value)) }
    func encode(_ value: UInt) throws {
        guard let v = Int64(exactly: value) else { throw encoder.fail("\(value) does not fit a long") }
        try encodeInteger(v)
    }
    func encode(_ value: UInt64) throws {
        guard let v = Int64(exactly: value) else { throw encoder.fail("\(value) does not fit a long") }
        try encodeInteger(v)
    }

    private func encodeInteger(_ v: Int64) throws {
        let t = try encoder.target(for: .integer)
        if case .primitive(.int, _, _) = encoder.schema[t] {
            guard let i = Int32(exactly: v) else { throw encoder.fail("\(v) does not fit an int") }
            encoder.set(encoder.wrap(.int(i)))
        } else {
            encoder.set(encoder.wrap(.long(v)))
        }
    }

    func encode<T: Encodable>(_ value: T) throws { try encoder.encodeAny(value) }
}
