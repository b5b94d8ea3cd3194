/// The Avro binary codec for one schema, compiled once: encode, decode and skip.
///
/// Decoding is safe on hostile bytes: every length is checked against the bytes left before
/// allocating, array/map item counts are bounded by `limits.maxItems` per datum, nesting by
/// `limits.maxDepth`, enum and union indexes are validated, overlong or overflowing varints
/// are rejected, and trailing bytes after a datum are reported. Errors are thrown, never traps.
public struct AvroCodec: Sendable {
    /// The schema and its plan behind one reference: callers keep codecs in their own types
    /// and reach them per message, and a copy of a codec must be one retain, not one per array
    /// of the schema and the plan (about twenty).
    final class Compiled: Sendable {
        let schema: AvroSchema
        let plan: AvroPlan
        init(schema: AvroSchema) {
            self.schema = schema
            self.plan = AvroPlan(schema: schema)
        }
    }

    let compiled: Compiled
    public let limits: AvroDecodingLimits

    /// Read accessors: a borrow of the compiled parts, never a copy of them.
    public var schema: AvroSchema { _read { yield compiled.schema } }
    var plan: AvroPlan { _read { yield compiled.plan } }

    public init(schema: AvroSchema, limits: AvroDecodingLimits = .default) {
        self.compiled = Compiled(schema: schema)
        self.limits = limits
    }

    // MARK: decode

    /// Decodes exactly one datum; bytes left over are an error.
    public func decode(_ bytes: [UInt8]) throws(AvroDecodingError) -> AvroValue {
        try bytes.withUnsafeBufferPointer { buffer throws(AvroDecodingError) in try decode(UnsafeRawBufferPointer(buffer)) }
    }

    public func decode(_ raw: UnsafeRawBufferPointer) throws(AvroDecodingError) -> AvroValue {
        var reader = AvroBinaryReader(raw)
        let value = try decode(from: &reader)
        guard reader.remaining == 0 else {
            throw AvroDecodingError(.trailingBytes, offset: reader.pos, "\(reader.remaining) bytes left after the datum")
        }
        return value
    }

    /// Decodes one datum from `reader`, leaving it after the datum.
    func decode(from reader: inout AvroBinaryReader) throws(AvroDecodingError) -> AvroValue {
        var state = DecodeState(limits: limits)
        return try decodeNode(plan.root, plan.storage.nodes, plan.storage.children, &reader, &state)
    }

    /// Per-datum decoding state and the checks every decoder (plain, skip, resolving) shares:
    /// nesting depth, the item budget, and blocks that declare their byte size.
    struct DecodeState {
        var budget: Int
        let maxItems: Int
        let maxDepth: Int
        var depth = 0

        init(limits: AvroDecodingLimits) {
            budget = limits.maxItems
            maxItems = limits.maxItems
            maxDepth = limits.maxDepth
        }

        @inline(__always) mutating func enter(at offset: Int) throws(AvroDecodingError) {
            depth += 1
            if depth > maxDepth {
                throw AvroDecodingError(.depthLimitExceeded, offset: offset, "datum nested deeper than \(maxDepth) levels")
            }
        }

        /// Reads a block count (a negative count is followed by the block's byte size, whose end
        /// is returned so the decoder can hold the block to it) and charges it to the budget.
        mutating func blockCount(_ r: inout AvroBinaryReader) throws(AvroDecodingError) -> (Int, Int?) {
            let start = r.pos
            var count = try r.long()
            var end: Int? = nil
            if count < 0 {
                guard count != Int64.min else { throw AvroDecodingError(.invalidBlockSize, offset: start, "block count out of range") }
                count = -count
                let sizeStart = r.pos
                let size = try r.long()
                guard size >= 0, size <= Int64(r.remaining) else {
                    throw AvroDecodingError(.invalidBlockSize, offset: sizeStart, "block size \(size) exceeds the \(r.remaining) bytes left")
                }
                end = r.pos + Int(size)
            }
            guard count <= Int64(budget) else {
                throw AvroDecodingError(.itemLimitExceeded, offset: start, "block of \(count) items exceeds the item limit (\(budget) left of \(maxItems))")
            }
            budget -= Int(count)
            return (Int(count), end)
        }

        /// A block that declared its byte size must end exactly there (skip trusts the size;
        /// the decoders check it, so all agree on every input).
        @inline(__always) static func checkBlockEnd(_ end: Int?, _ r: AvroBinaryReader) throws(AvroDecodingError) {
            if let end, end != r.pos {
                throw AvroDecodingError(.invalidBlockSize, offset: r.pos, "block declared to end at byte \(end) ends at byte \(r.pos)")
            }
        }
    }

    func decodeNode(
        _ index: Int32, _ nodes: UnsafeBufferPointer<AvroPlan.Node>, _ children: UnsafeBufferPointer<Int32>,
        _ r: inout AvroBinaryReader, _ s: inout DecodeState
    ) throws(AvroDecodingError) -> AvroValue {
        let node = nodes[Int(index)]
        switch node.kind {
        case .null: return .null
        case .boolean: return .boolean(try r.boolean())
        case .int: return .int(try r.int())
        case .long: return .long(try r.long())
        case .float: return .float(try r.float())
        case .double: return .double(try r.double())
        case .bytes: return .bytes(try r.bytesValue())
        case .string: return .string(try r.string())
        case .fixed: return .fixed(Array(try r.raw(Int(node.a))))
        case .enumeration:
            let start = r.pos
            let i = try r.int()
            guard i >= 0 && i < node.a else {
                throw AvroDecodingError(.enumIndexOutOfRange, offset: start, "enum index \(i) outside 0..<\(node.a)")
            }
            return .enumeration(Int(i))
        case .union:
            let start = r.pos
            let i = try r.long()
            guard i >= 0 && i < Int64(node.b) else {
                throw AvroDecodingError(.unionIndexOutOfRange, offset: start, "union branch \(i) outside 0..<\(node.b)")
            }
            let branch = children[Int(node.a) + Int(i)]
            // A null branch (most unions' other half) shares one prebuilt value: no allocation.
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            if nodes[Int(branch)].kind == .null && i < AvroValue.nullBranches.count { return AvroValue.nullBranches[Int(i)] }
            return .union(Int(i), try decodeNode(branch, nodes, children, &r, &s))
        case .record:
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            var fields = [AvroValue]()
            fields.reserveCapacity(Int(node.b))
            for k in 0..<Int(node.b) {
                fields.append(try decodeNode(children[Int(node.a) + k], nodes, children, &r, &s))
            }
            return .record(fields)
        case .array:
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            var items = [AvroValue]()
            while true {
                let (count, blockEnd) = try s.blockCount(&r)
                if count == 0 { break }
                // Reserve no more than the bytes left could hold (hostile counts allocate nothing).
                items.reserveCapacity(items.count + min(count, r.remaining + 1))
                for _ in 0..<count { items.append(try decodeNode(node.a, nodes, children, &r, &s)) }
                try DecodeState.checkBlockEnd(blockEnd, r)
            }
            return .array(items)
        case .map:
            try s.enter(at: r.pos)
            defer { s.depth -= 1 }
            var entries = [AvroMapEntry]()
            while true {
                let (count, blockEnd) = try s.blockCount(&r)
                if count == 0 { break }
                entries.reserveCapacity(entries.count + min(count, r.remaining + 1))
                for _ in 0..<count {
                    let key = try r.string()
                    entries.append(AvroMapEntry(key: key, value: try decodeNode(node.a, nodes, children, &r, &s)))
                }
                try DecodeState.checkBlockEnd(blockEnd, r)
            }
            return .map(entries)
        }
    }
}
