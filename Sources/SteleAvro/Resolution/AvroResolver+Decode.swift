extension AvroResolver {
    /// Decodes one datum written with `writer` into the reader's shape.
    public func decode(_ bytes: [UInt8]) throws(AvroDecodingError) -> AvroValue {
        try bytes.withUnsafeBufferPointer { buffer throws(AvroDecodingError) in try decode(UnsafeRawBufferPointer(buffer)) }
    }

    /// Decodes from bytes someone else owns (a slice of a received message), without a copy.
    public func decode(_ raw: UnsafeRawBufferPointer) throws(AvroDecodingError) -> AvroValue {
        var r = AvroBinaryReader(raw)
        var s = AvroCodec.DecodeState(limits: writerCodec.limits)
        let v = try run(root, &r, &s)
        guard r.remaining == 0 else {
            throw AvroDecodingError(.trailingBytes, offset: r.pos, "\(r.remaining) bytes left after the datum")
        }
        return v
    }

    private func read(_ kind: AvroPlan.Kind, _ r: inout AvroBinaryReader) throws(AvroDecodingError) -> AvroValue {
        switch kind {
        case .null: return .null
        case .boolean: return .boolean(try r.boolean())
        case .int: return .int(try r.int())
        case .long: return .long(try r.long())
        case .float: return .float(try r.float())
        case .double: return .double(try r.double())
        case .bytes: return .bytes(try r.bytesValue())
        case .string: return .string(try r.string())
        default: return .null
        }
    }

    private func run(_ index: Int, _ r: inout AvroBinaryReader, _ s: inout AvroCodec.DecodeState) throws(AvroDecodingError) -> AvroValue {
        switch actions[index] {
        case .read(let kind):
            return try read(kind, &r)
        case .promote(let from, let to):
            let v = try read(from, &r)
            switch (v, to) {
            case (.int(let i), .long): return .long(Int64(i))
            case (.int(let i), .float): return .float(Float(i))
            case (.int(let i), .double): return .double(Double(i))
            case (.long(let l), .float): return .float(Float(l))
            case (.long(let l), .double): return .double(Double(l))
            case (.float(let f), .double): return .double(Double(f))
            case (.string(let str), .bytes): return .bytes(Array(str.utf8))
            case (.bytes(let b), .string):
                guard let str = String(validating: b, as: UTF8.self) else {
                    throw AvroDecodingError(.invalidUTF8, offset: r.pos, "bytes read as string are not valid UTF-8")
                }
                return .string(str)
            default: return v
            }
        case .fixed(let size):
            return .fixed(Array(try r.raw(size)))
        case .enumeration(let map, let defaultIndex, let symbols):
            let start = r.pos
            let i = try r.int()
            guard i >= 0 && Int(i) < map.count else {
                throw AvroDecodingError(.enumIndexOutOfRange, offset: start, "enum index \(i) outside 0..<\(map.count)")
            }
            if let ri = map[Int(i)] ?? defaultIndex { return .enumeration(ri) }
            throw AvroDecodingError(.unresolvable, offset: start, "symbol \(symbols[Int(i)]) is not in the reader's enum, which has no default")
        case .array(let items):
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            var out: [AvroValue] = []
            while true {
                let (n, blockEnd) = try s.blockCount(&r)
                if n == 0 { break }
                out.reserveCapacity(out.count + min(n, r.remaining + 1))
                for _ in 0..<n { out.append(try run(items, &r, &s)) }
                try AvroCodec.DecodeState.checkBlockEnd(blockEnd, r)
            }
            return .array(out)
        case .map(let values):
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            var out: [AvroMapEntry] = []
            while true {
                let (n, blockEnd) = try s.blockCount(&r)
                if n == 0 { break }
                out.reserveCapacity(out.count + min(n, r.remaining + 1))
                for _ in 0..<n {
                    let key = try r.string()
                    out.append(AvroMapEntry(key: key, value: try run(values, &r, &s)))
                }
                try AvroCodec.DecodeState.checkBlockEnd(blockEnd, r)
            }
            return .map(out)
        case .record(let steps, let readerCount, let defaults):
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            var fields = [AvroValue](repeating: .null, count: readerCount)
            for step in steps {
                switch step {
                case .into(let ri, let action): fields[ri] = try run(action, &r, &s)
                case .skip(let node):
                    try writerCodec.plan.nodes.withUnsafeBufferPointer { nodes throws(AvroDecodingError) in
                        try writerCodec.skipNode(node, nodes, &r, &s)
                    }
                }
            }
            for (ri, v) in defaults { fields[ri] = v }
            return .record(fields)
        case .writerUnion(let branches):
            let start = r.pos
            let i = try r.long()
            guard i >= 0 && i < Int64(branches.count) else {
                throw AvroDecodingError(.unionIndexOutOfRange, offset: start, "union branch \(i) outside 0..<\(branches.count)")
            }
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            return try run(branches[Int(i)], &r, &s)
        case .readerUnion(let branch, let action):
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            return .union(branch, try run(action, &r, &s))
        case .error(let message):
            throw AvroDecodingError(.unresolvable, offset: r.pos, message)
        }
    }
}
