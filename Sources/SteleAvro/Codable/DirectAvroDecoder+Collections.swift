/// Arrays and string-keyed dictionaries read straight from their blocks by the direct decoder:
/// their own `init(from:)` would open a container (a boxed existential and a runtime metadata
/// lookup) and ask for every item or key through it. The element type is known statically here,
/// so each item costs one `decodeValue` call.
protocol _AvroDirectArray {
    static func _avroDirectDecode(_ decoder: _DirectAvroDecoder, array n: Int32) throws -> Self
}

protocol _AvroDirectStringMap {
    static func _avroDirectDecode(_ decoder: _DirectAvroDecoder, map n: Int32) throws -> Self
}

extension Array: _AvroDirectArray where Element: Decodable {
    static func _avroDirectDecode(_ decoder: _DirectAvroDecoder, array n: Int32) throws -> Self {
        try decoder.readArray(Element.self, at: n)
    }
}

extension Dictionary: _AvroDirectStringMap where Key == String, Value: Decodable {
    static func _avroDirectDecode(_ decoder: _DirectAvroDecoder, map n: Int32) throws -> Self {
        // `[String: String]` of plain strings (attributes, headers, labels) is read by code
        // specialized for it: generic dictionary code hashes and inserts through witnesses.
        if Value.self == String.self, decoder.tables.kinds[Int(decoder.child(n, 0))] == .string {
            return unsafeBitCast(try decoder.readStringMap(at: n), to: Self.self)  // Value is String
        }
        return try decoder.readMap(Value.self, at: n)
    }
}

extension _DirectAvroDecoder {
    /// `T` read as the array it is (`A` is `T`, opened from the existential metatype).
    func openArray<A: _AvroDirectArray, T>(_: A.Type, _ n: Int32, as: T.Type) throws -> T {
        unsafeBitCast(try A._avroDirectDecode(self, array: n), to: T.self)  // A is T
    }

    func openMap<M: _AvroDirectStringMap, T>(_: M.Type, _ n: Int32, as: T.Type) throws -> T {
        unsafeBitCast(try M._avroDirectDecode(self, map: n), to: T.self)  // M is T
    }

    func readArray<E: Decodable>(_ type: E.Type, at n: Int32) throws -> [E] {
        guard pendingUnion < 0, !declined else { throw DirectPathDeclined() }
        let item = child(n, 0)
        var items: [E] = []
        valueDepth += 1
        while true {
            let (count, blockEnd) = try state.blockCount(&r)
            if count == 0 { break }
            // No more than the bytes left could hold: a hostile count reserves nothing.
            items.reserveCapacity(items.count + min(count, r.remaining + 1))
            for _ in 0..<count { items.append(try decodeValue(E.self, at: item)) }
            try AvroCodec.DecodeState.checkBlockEnd(blockEnd, r)
        }
        valueDepth -= 1
        return items
    }

    /// A map of plain strings, read into a dictionary specialized for it.
    func readStringMap(at n: Int32) throws -> [String: String] {
        guard pendingUnion < 0, !declined else { throw DirectPathDeclined() }
        var entries: [String: String] = [:]
        while true {
            let (count, blockEnd) = try state.blockCount(&r)
            if count == 0 { break }
            entries.reserveCapacity(entries.count + min(count, r.remaining + 1))
            for _ in 0..<count {
                let key = try r.string()
                // A repeated key is left to the general path (which keeps the first).
                guard entries.updateValue(try r.string(), forKey: key) == nil else { throw DirectPathDeclined() }
            }
            try AvroCodec.DecodeState.checkBlockEnd(blockEnd, r)
        }
        return entries
    }

    func readMap<V: Decodable>(_ type: V.Type, at n: Int32) throws -> [String: V] {
        guard pendingUnion < 0, !declined else { throw DirectPathDeclined() }
        let valueNode = child(n, 0)
        var entries: [String: V] = [:]
        valueDepth += 1
        while true {
            let (count, blockEnd) = try state.blockCount(&r)
            if count == 0 { break }
            entries.reserveCapacity(entries.count + min(count, r.remaining + 1))
            for _ in 0..<count {
                let key = try r.string()
                // A repeated key is left to the general path (which keeps the first).
                guard entries.updateValue(try decodeValue(V.self, at: valueNode), forKey: key) == nil else { throw DirectPathDeclined() }
            }
            try AvroCodec.DecodeState.checkBlockEnd(blockEnd, r)
        }
        valueDepth -= 1
        return entries
    }
}
