extension AvroCodec {
    /// Encodes one datum; a value that does not fit the schema is an error naming its path.
    public func encode(_ value: AvroValue) throws(AvroEncodingError) -> [UInt8] {
        try encode(value, prefixedBy: [])
    }

    /// Encodes one datum after `prefix` in the same buffer (a wire-format header, say), so
    /// framing a message costs no second allocation or copy.
    public func encode(_ value: AvroValue, prefixedBy prefix: [UInt8]) throws(AvroEncodingError) -> [UInt8] {
        var w = AvroBinaryWriter(capacity: 128 + prefix.count)
        w.append(contentsOf: prefix)
        try encode(value, into: &w)
        return w.bytes
    }

    func encode(_ value: AvroValue, into w: inout AvroBinaryWriter) throws(AvroEncodingError) {
        try encodeNode(value, plan.root, plan.storage.nodes, plan.storage.children, &w, depth: 0)
    }

    private func mismatch(_ value: AvroValue, _ node: AvroPlan.Node) -> AvroEncodingError {
        AvroEncodingError("expected a value of type \(node.kind), found \(Self.describe(value))")
    }

    static func describe(_ value: AvroValue) -> String {
        switch value {
        case .null: return "null"
        case .boolean: return "boolean"
        case .int: return "int"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .bytes: return "bytes"
        case .string: return "string"
        case .array: return "array"
        case .map: return "map"
        case .record: return "record"
        case .enumeration: return "enum"
        case .fixed: return "fixed"
        case .union: return "union"
        }
    }

    func encodeNode(
        _ value: AvroValue, _ index: Int32, _ nodes: UnsafeBufferPointer<AvroPlan.Node>, _ children: UnsafeBufferPointer<Int32>,
        _ w: inout AvroBinaryWriter, depth: Int
    ) throws(AvroEncodingError) {
        guard depth <= limits.maxDepth else { throw AvroEncodingError("datum nested deeper than \(limits.maxDepth) levels") }
        let node = nodes[Int(index)]
        switch (node.kind, value) {
        case (.null, .null): return
        case (.boolean, .boolean(let b)): w.boolean(b)
        case (.int, .int(let i)): w.int(i)
        case (.long, .long(let l)): w.long(l)
        case (.long, .int(let i)): w.long(Int64(i))
        case (.float, .float(let f)): w.float(f)
        case (.double, .double(let d)): w.double(d)
        case (.double, .float(let f)): w.double(Double(f))
        case (.bytes, .bytes(let b)): w.bytes(b)
        case (.string, .string(let s)): w.string(s)
        case (.fixed, .fixed(let b)):
            guard b.count == Int(node.a) else { throw AvroEncodingError("fixed needs \(node.a) bytes, found \(b.count)") }
            w.append(contentsOf: b)
        case (.enumeration, .enumeration(let i)):
            guard i >= 0 && i < Int(node.a) else { throw AvroEncodingError("enum index \(i) outside 0..<\(node.a)") }
            w.int(Int32(i))
        case (.union, .union(let i, let inner)):
            guard i >= 0 && i < Int(node.b) else { throw AvroEncodingError("union branch \(i) outside 0..<\(node.b)") }
            w.long(Int64(i))
            do {
                try encodeNode(inner, children[Int(node.a) + i], nodes, children, &w, depth: depth + 1)
            } catch {
                throw prefixed(error, "<\(i)>")
            }
        case (.record, .record(let fields)):
            guard fields.count == Int(node.b) else {
                throw AvroEncodingError("record has \(node.b) fields, the value has \(fields.count)")
            }
            for (k, field) in fields.enumerated() {
                do {
                    try encodeNode(field, children[Int(node.a) + k], nodes, children, &w, depth: depth + 1)
                } catch {
                    throw prefixed(error, plan.names[Int(index)][k])
                }
            }
        case (.array, .array(let items)):
            if !items.isEmpty {
                w.long(Int64(items.count))
                for (k, item) in items.enumerated() {
                    do {
                        try encodeNode(item, node.a, nodes, children, &w, depth: depth + 1)
                    } catch {
                        throw prefixed(error, "[\(k)]")
                    }
                }
            }
            w.long(0)
        case (.map, .map(let entries)):
            if !entries.isEmpty {
                w.long(Int64(entries.count))
                for entry in entries {
                    w.string(entry.key)
                    do {
                        try encodeNode(entry.value, node.a, nodes, children, &w, depth: depth + 1)
                    } catch {
                        throw prefixed(error, "{\(entry.key)}")
                    }
                }
            }
            w.long(0)
        default:
            throw mismatch(value, node)
        }
    }

    private func prefixed(_ error: AvroEncodingError, _ component: String) -> AvroEncodingError {
        var e = error
        e.path.insert(component, at: 0)
        return e
    }

    // MARK: skip

    /// Moves past one datum without building it (block sizes let whole array/map blocks be
    /// skipped at once).
    public func skip(_ bytes: [UInt8]) throws(AvroDecodingError) -> Int {
        try bytes.withUnsafeBufferPointer { buffer throws(AvroDecodingError) in
            var r = AvroBinaryReader(UnsafeRawBufferPointer(buffer))
            var s = DecodeState(limits: limits)
            try skipNode(plan.root, plan.storage.nodes, &r, &s)
            return r.pos
        }
    }

    func skipNode(_ index: Int32, _ nodes: UnsafeBufferPointer<AvroPlan.Node>, _ r: inout AvroBinaryReader, _ s: inout DecodeState) throws(AvroDecodingError) {
        let node = nodes[Int(index)]
        switch node.kind {
        case .null: return
        case .boolean: _ = try r.boolean()
        case .int: _ = try r.int()
        case .long: _ = try r.long()
        case .float: try r.skip(4)
        case .double: try r.skip(8)
        case .bytes, .string: try r.skip(try r.length())
        case .fixed: try r.skip(Int(node.a))
        case .enumeration:
            let start = r.pos
            let i = try r.int()
            guard i >= 0 && i < node.a else { throw AvroDecodingError(.enumIndexOutOfRange, offset: start, "enum index \(i) outside 0..<\(node.a)") }
        case .union:
            let start = r.pos
            let i = try r.long()
            guard i >= 0 && i < Int64(node.b) else { throw AvroDecodingError(.unionIndexOutOfRange, offset: start, "union branch \(i) outside 0..<\(node.b)") }
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            try skipNode(plan.storage.children[Int(node.a) + Int(i)], nodes, &r, &s)
        case .record:
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            for k in 0..<Int(node.b) { try skipNode(plan.storage.children[Int(node.a) + k], nodes, &r, &s) }
        case .array, .map:
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            while true {
                let start = r.pos
                let count = try r.long()
                if count == 0 { break }
                if count < 0 {
                    guard count != Int64.min else { throw AvroDecodingError(.invalidBlockSize, offset: start, "block count out of range") }
                    let size = try r.long()
                    guard size >= 0 else { throw AvroDecodingError(.invalidBlockSize, offset: start, "negative block size") }
                    guard -count <= Int64(s.budget) else { throw AvroDecodingError(.itemLimitExceeded, offset: start, "block of \(-count) items exceeds the item limit") }
                    s.budget -= Int(-count)
                    try r.skip(Int(clamping: size))
                    continue
                }
                guard count <= Int64(s.budget) else { throw AvroDecodingError(.itemLimitExceeded, offset: start, "block of \(count) items exceeds the item limit") }
                s.budget -= Int(count)
                for _ in 0..<Int(count) {
                    if node.kind == .map { try r.skip(try r.length()) }
                    try skipNode(node.a, nodes, &r, &s)
                }
            }
        }
    }
}
