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
        // `[String: String]` into a map of plain strings by code specialized for it.
        if Value.self == String.self, encoder.tables.kinds[Int(encoder.child(n, 0))] == .string {
            return try encoder.writeStringMap(unsafeBitCast(self, to: [String: String].self), at: n)  // Value is String
        }
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

    func writeStringMap(_ entries: [String: String], at n: Int32) throws {
        guard !declined else { throw DirectPathDeclined() }
        if !entries.isEmpty {
            w.long(Int64(entries.count))
            for (key, value) in entries {
                w.string(key)
                w.string(value)
            }
        }
        w.long(0)
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
