import SteleAvro

/// A deterministic PRNG (SplitMix64) so fuzz and round-trip tests are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random datums of a schema: every branch, edge values (extremes of int/long, NaN-free
/// floats, empty and non-ASCII strings), bounded size, recursion ended through instantiable
/// branches.
public struct RandomDatum {
    public let schema: AvroSchema
    let instantiable: [Bool]
    var rng: SplitMix64

    public init(_ schema: AvroSchema, seed: UInt64) {
        self.schema = schema
        self.instantiable = schema.instantiableNodes
        self.rng = SplitMix64(seed: seed)
    }

    public mutating func next() -> AvroValue { value(schema.root, depth: 0) }

    private mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }

    private mutating func value(_ id: AvroNodeID, depth: Int) -> AvroValue {
        switch schema[id] {
        case .primitive(let p, _, _):
            switch p {
            case .null: return .null
            case .boolean: return .boolean(rng.next() & 1 == 1)
            case .int: return .int(pick([0, 1, -1, 63, -64, 64, Int32.max, Int32.min, Int32(truncatingIfNeeded: rng.next())]))
            case .long: return .long(pick([0, 1, -1, Int64.max, Int64.min, Int64(bitPattern: rng.next()), Int64(truncatingIfNeeded: rng.next() >> 40)]))
            case .float: return .float(pick([0, -0.5, 1.5, Float.greatestFiniteMagnitude, Float(Int32(truncatingIfNeeded: rng.next())) / 7]))
            case .double: return .double(pick([0, 3.25, -1e300, Double.leastNonzeroMagnitude, Double(Int64(bitPattern: rng.next())) / 3]))
            case .bytes: return .bytes((0..<Int(rng.next() % 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            case .string: return .string(pick(["", "a", "héllo wörld", "😀 emoji", "tab\tand\nnewline", String(repeating: "x", count: Int(rng.next() % 200))]))
            }
        case .fixed(let f): return .fixed((0..<f.size).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case .enumeration(let e): return .enumeration(Int(rng.next() % UInt64(e.symbols.count)))
        case .array(let items, _):
            let n = depth > 4 ? 0 : Int(rng.next() % 4)
            return .array((0..<n).map { _ in value(items, depth: depth + 1) })
        case .map(let values, _):
            let n = depth > 4 ? 0 : Int(rng.next() % 4)
            return .map((0..<n).map { k in AvroMapEntry(key: "k\(k)", value: value(values, depth: depth + 1)) })
        case .union(let branches):
            let ok = branches.indices.filter { instantiable[branches[$0].index] }
            // Deep down, prefer the first instantiable branch so recursion ends.
            let i = depth > 6 ? ok[0] : pick(ok)
            return .union(i, value(branches[i], depth: depth + 1))
        case .record(let r):
            return .record(r.fields.map { value($0.type, depth: depth + 1) })
        }
    }
}
