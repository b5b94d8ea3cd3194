/// Arrays and string-keyed dictionaries written straight as Avro blocks by the direct encoder
/// (their own `encode(to:)` would open a boxed container and hand over every item through it).
protocol _AvroDirectEncodableArray {
    func _avroDirectEncode(_ encoder: _DirectAvroEncoder, array n: Int32) throws
}

protocol _AvroDirectEncodableStringMap {
    func _avroDirectEncode(_ encoder: _DirectAvroEncoder, map n: Int32) throws
}

extension Array: _AvroDirectEncodableArray where Element: Encodable {
    func _avroDirectEncode(_ encoder: _DirectAvroEncoder, array n: Int32) throws {
        try encoder.writeArray(self, at: n)
    }
}

extension Dictionary: _AvroDirectEncodableStringMap where Key == String, Value: Encodable {
    func _avroDirectEncode(_ encoder: _DirectAvroEncoder, map n: Int32) throws {
        try encoder.writeMap(self, at: n)
    }
}

extension _DirectAvroEncoder {
    /// One block with every item, then the terminating empty block (as the general encoder).
    func writeArray<E: Encodable>(_ items: [E], at n: Int32) throws {
        guard !declined else { throw DirectPathDeclined() }
        let item = child(n, 0)
        valueDepth += 1
        if !items.isEmpty {
            w.long(Int64(items.count))
            for element in items { try encodeValue(element, at: item) }
        }
        w.long(0)
        valueDepth -= 1
    }

    func writeMap<V: Encodable>(_ entries: [String: V], at n: Int32) throws {
        guard !declined else { throw DirectPathDeclined() }
        let valueNode = child(n, 0)
        valueDepth += 1
        if !entries.isEmpty {
            w.long(Int64(entries.count))
            for (key, value) in entries {
                w.string(key)
                try encodeValue(value, at: valueNode)
            }
        }
        w.long(0)
        valueDepth -= 1
    }
}
