import SteleJSON

/// The validator's fast path: the compiled program flattened once more into tables of plain
/// values, for the question "is this document valid?" — no error text, no annotations, no
/// dictionary lookup, no reference counting per keyword. `validate` and `firstError` run the
/// descriptive `Evaluator` only once this plan has said "invalid".
///
/// An object schema's `properties`, `patternProperties`, `additionalProperties` and `required`
/// become one pass over the instance's members: each key is hashed once (FNV-1a over its UTF-8)
/// into a table of the schema's keys, which yields its subschema and its bit in the required
/// set. Enums of strings use the same tables. Schemas with `$dynamicRef`, `$recursiveRef` or
/// `unevaluated*` (which need the dynamic scope or annotations) have no plan and always take
/// the general evaluator.
final class BooleanPlan: @unchecked Sendable {
    // @unchecked: every stored property is a `let` set in init and never written again; the
    // buffers are allocated, filled and frozen in init and freed only in deinit, so concurrent
    // readers share immutable memory.

    struct Node {
        var start: Int32
        var end: Int32
        /// The `true` schema: valid before any recursion limit applies (as in `Evaluator`).
        var isTrue = false
    }

    enum Op {
        case never
        case type(mask: Int)
        case stringIn(table: Int32, mask: Int32)
        case equalsValue(Int32)
        case inValues(start: Int32, count: Int32)
        case minInt(Int64, value: Int32, exclusive: Bool)
        case maxInt(Int64, value: Int32, exclusive: Bool)
        case minimum(value: Int32, exclusive: Bool)
        case maximum(value: Int32, exclusive: Bool)
        case multipleOf(value: Int32)
        case minLength(Int), maxLength(Int)
        case pattern(Int32)
        case format(JSONFormat)
        case minItems(Int), maxItems(Int), uniqueItems
        case minProperties(Int), maxProperties(Int)
        case object(Int32)
        case requiredNames(Int32)
        case dependentRequired(Int32)
        case ref(Int32)
        case allOf(start: Int32, count: Int32)
        case anyOf(start: Int32, count: Int32)
        case oneOf(start: Int32, count: Int32)
        case not(Int32)
        case ifThenElse(Int32, then: Int32, else: Int32)
        case propertyNames(Int32)
        case dependentSchemas(Int32)
        case items(Int32, start: Int)
        case prefixItems(start: Int32, count: Int32)
        case contains(Int32, min: Int, max: Int)
        // A `type` check fused with the check after it (the instance must be of that type).
        case stringPattern(Int32)
        case stringFormat(JSONFormat)
        case stringMinLength(Int), stringMaxLength(Int)
        case objectOnly(Int32)
        /// `"type": "integer"` with an inclusive `minimum` and `maximum` (exact values beside).
        case integerIn(Int64, Int64, low: Int32, high: Int32)
    }

    /// One slot of an open-addressing key table; `length < 0` is an empty slot.
    struct KeyEntry {
        var hash: UInt32 = 0
        var offset: Int32 = 0
        var length: Int32 = -1
        /// The `properties` subschema, or -1 for a key that is only `required`.
        var child: Int32 = -1
        /// The key's bit in the required set, or -1.
        var bit: Int32 = -1
    }

    struct ObjectPlan {
        var table: Int32
        var mask: Int32
        var required: UInt64
        var patterns: Int32
        var patternCount: Int32
        /// `additionalProperties`' subschema, or -1 when absent.
        var additional: Int32
    }

    struct PatternEntry {
        var regex: Int32
        var child: Int32
    }

    let root: Int32
    let nodes: UnsafeBufferPointer<Node>
    let ops: UnsafeBufferPointer<Op>
    let lists: UnsafeBufferPointer<Int32>
    let entries: UnsafeBufferPointer<KeyEntry>
    let pool: UnsafeBufferPointer<UInt8>
    let objects: UnsafeBufferPointer<ObjectPlan>
    let patterns: UnsafeBufferPointer<PatternEntry>
    let regexes: UnsafeBufferPointer<ECMARegex>
    /// Each regex's byte automaton, unretained: `regexes` owns them for the plan's lifetime.
    let automata: UnsafeBufferPointer<Unmanaged<RegexDFA>?>
    let values: UnsafeBufferPointer<JSONValue>
    let names: UnsafeBufferPointer<[String]>
    let keyed: UnsafeBufferPointer<[(String, Int32)]>
    let dependencies: UnsafeBufferPointer<[(String, [String])]>

    /// Nil when the program needs what the plan does not do (dynamic scope, annotations).
    init?(_ program: CompiledProgram) {
        guard !program.collectsAnnotations else { return nil }
        var b = Builder()
        for node in program.nodes {
            guard b.add(node, program) else { return nil }
        }
        root = Int32(program.root)
        nodes = FrozenBuffer.freeze(b.nodes)
        ops = FrozenBuffer.freeze(b.ops)
        lists = FrozenBuffer.freeze(b.lists)
        entries = FrozenBuffer.freeze(b.entries)
        pool = FrozenBuffer.freeze(b.pool + [UInt8](repeating: 0, count: 8))
        objects = FrozenBuffer.freeze(b.objects)
        patterns = FrozenBuffer.freeze(b.patterns)
        regexes = FrozenBuffer.freeze(b.regexes)
        automata = FrozenBuffer.freeze(b.regexes.map { $0.dfa.map { Unmanaged.passUnretained($0) } })
        values = FrozenBuffer.freeze(b.values)
        names = FrozenBuffer.freeze(b.names)
        keyed = FrozenBuffer.freeze(b.keyed)
        dependencies = FrozenBuffer.freeze(b.dependencies)
    }

    deinit {
        FrozenBuffer.release(nodes); FrozenBuffer.release(ops); FrozenBuffer.release(lists); FrozenBuffer.release(entries)
        FrozenBuffer.release(pool); FrozenBuffer.release(objects); FrozenBuffer.release(patterns); FrozenBuffer.release(regexes); FrozenBuffer.release(automata)
        FrozenBuffer.release(values); FrozenBuffer.release(names); FrozenBuffer.release(keyed); FrozenBuffer.release(dependencies)
    }

    // Keys are packed into words little-endian (byte i at bits 8i), as loads read them here.
    #if _endian(big)
    #error("BooleanPlan.KeyWords assumes a little-endian machine")
    #endif

    /// A key as the table sees it: its length and its first and last eight bytes (for keys
    /// shorter than eight bytes, all of them, zero-padded, in `first`).
    struct KeyWords {
        var count: Int
        var first: UInt64
        var last: UInt64

        @inline(__always)
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            count = bytes.count
            if count >= 8, let raw = UnsafeRawPointer(bytes.baseAddress) {
                first = raw.loadUnaligned(as: UInt64.self)
                last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                var w: UInt64 = 0
                for i in 0..<count { w |= UInt64(bytes[i]) << UInt64(8 * i) }
                first = w
                last = w
            }
        }

        /// Length and end words mixed: a handful of instructions whatever the key's length
        /// (collisions only cost a probe; keys are compared in full).
        @inline(__always)
        var hash: UInt32 {
            var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
            h ^= first &* 0xFF51_AFD7_ED55_8CCD
            h = (h ^ (h >> 31)) &* 0xC4CE_B9FE_1A85_EC53
            h ^= last
            h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            return UInt32(truncatingIfNeeded: h)
        }
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 { KeyWords(bytes).hash }

    /// Whether regex `r` matches `s`: its automaton for ASCII text, else the general matcher
    /// (whose errors — the work bound — count as no match, as in `Evaluator`).
    @inline(__always)
    func matches(_ r: Int32, _ s: String) -> Bool {
        if let dfa = automata[Int(r)],
           let answer = s.utf8.withContiguousStorageIfAvailable({ bytes in dfa._withUnsafeGuaranteedRef { $0.matches(bytes) } }),
           let answer {
            return answer
        }
        return (try? regexes.baseAddress.unsafelyUnwrapped[Int(r)].matchesWithMachine(s)) ?? false
    }

    /// The entry for `bytes` in the table at `start` with `mask`, if the key is there.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, table start: Int32, mask: Int32) -> Int? {
        guard mask >= 0 else { return nil }
        let key = KeyWords(bytes)
        let h = key.hash
        var i = Int(h) & Int(mask)
        while true {
            let e = entries[Int(start) + i]
            if e.length < 0 { return nil }
            if e.hash == h, Int(e.length) == key.count, equal(Int(e.offset), key, bytes) { return Int(start) + i }
            i = (i + 1) & Int(mask)
        }
    }

    /// Whether the pool holds `bytes` at `offset`, a word at a time (the pool ends with eight
    /// bytes of padding, so a short key's word load stays inside it).
    @inline(__always)
    private func equal(_ offset: Int, _ key: KeyWords, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let base = UnsafeRawPointer(pool.baseAddress.unsafelyUnwrapped) + offset
        let n = key.count
        if n < 8 {
            let mask: UInt64 = n == 0 ? 0 : ~0 >> UInt64(64 - 8 * n)
            return base.loadUnaligned(as: UInt64.self) & mask == key.first
        }
        guard base.loadUnaligned(as: UInt64.self) == key.first, base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == key.last else { return false }
        var k = 8
        let raw = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
        while k < n - 8 {
            if base.loadUnaligned(fromByteOffset: k, as: UInt64.self) != raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
            k += 8
        }
        return true
    }
}

/// Collects the tables while the plan is built.
private struct Builder {
    var nodes: [BooleanPlan.Node] = []
    var ops: [BooleanPlan.Op] = []
    var lists: [Int32] = []
    var entries: [BooleanPlan.KeyEntry] = []
    var pool: [UInt8] = []
    var objects: [BooleanPlan.ObjectPlan] = []
    var patterns: [BooleanPlan.PatternEntry] = []
    var regexes: [ECMARegex] = []
    var values: [JSONValue] = []
    var names: [[String]] = []
    var keyed: [[(String, Int32)]] = []
    var dependencies: [[(String, [String])]] = []

    mutating func add(_ node: SchemaNode, _ program: CompiledProgram) -> Bool {
        let start = Int32(ops.count)
        defer { nodes.append(.init(start: start, end: Int32(ops.count), isTrue: node.always == true)) }
        if let always = node.always {
            if !always { ops.append(.never) }
            return true
        }
        var properties: [String: Int]?
        var patternList: [(ECMARegex, Int)] = []
        var additional: Int?
        var required: [String] = []
        var objectAt: Int?
        for check in node.checks {
            switch check {
            case .type(let mask, _): ops.append(.type(mask: mask))
            case .enumeration(let list): ops.append(enumeration(list))
            case .const(let c): ops.append(.equalsValue(value(c)))
            case .minimum(let b):
                if case .int(let i) = b.value { ops.append(.minInt(i, value: value(b.value), exclusive: b.exclusive)) } else { ops.append(.minimum(value: value(b.value), exclusive: b.exclusive)) }
            case .maximum(let b):
                if case .int(let i) = b.value { ops.append(.maxInt(i, value: value(b.value), exclusive: b.exclusive)) } else { ops.append(.maximum(value: value(b.value), exclusive: b.exclusive)) }
            case .multipleOf(let d): ops.append(.multipleOf(value: value(d)))
            case .minLength(let n): ops.append(.minLength(n))
            case .maxLength(let n): ops.append(.maxLength(n))
            case .pattern(let re): ops.append(.pattern(regex(re)))
            case .format(let f): ops.append(.format(f))
            case .minItems(let n): ops.append(.minItems(n))
            case .maxItems(let n): ops.append(.maxItems(n))
            case .uniqueItems: ops.append(.uniqueItems)
            case .minProperties(let n): ops.append(.minProperties(n))
            case .maxProperties(let n): ops.append(.maxProperties(n))
            case .required(let list):
                required = list
                if objectAt == nil { objectAt = ops.count }
            case .dependentRequired(let deps):
                dependencies.append(deps)
                ops.append(.dependentRequired(Int32(dependencies.count - 1)))
            case .ref(let t): ops.append(.ref(Int32(t)))
            case .dynamicRef, .recursiveRef, .unevaluatedProperties, .unevaluatedItems: return false
            case .allOf(let subs): let (s, c) = list(subs); ops.append(.allOf(start: s, count: c))
            case .anyOf(let subs): let (s, c) = list(subs); ops.append(.anyOf(start: s, count: c))
            case .oneOf(let subs): let (s, c) = list(subs); ops.append(.oneOf(start: s, count: c))
            case .not(let s): ops.append(.not(Int32(s)))
            case .ifThenElse(let i, let t, let e): ops.append(.ifThenElse(Int32(i), then: Int32(t ?? -1), else: Int32(e ?? -1)))
            case .properties(let map):
                properties = map
                if objectAt == nil { objectAt = ops.count }
            case .patternProperties(let list):
                patternList = list
                if objectAt == nil { objectAt = ops.count }
            case .additionalProperties(let s, _, _):
                additional = s
                if objectAt == nil { objectAt = ops.count }
            case .propertyNames(let s): ops.append(.propertyNames(Int32(s)))
            case .dependentSchemas(let list):
                keyed.append(list.map { ($0.0, Int32($0.1)) })
                ops.append(.dependentSchemas(Int32(keyed.count - 1)))
            case .itemsFrom(let s, let start): ops.append(.items(Int32(s), start: start))
            case .prefixItems(let subs): let (s, c) = list(subs); ops.append(.prefixItems(start: s, count: c))
            case .contains(let s, let lo, let hi): ops.append(.contains(Int32(s), min: lo, max: hi ?? -1))
            }
        }
        if let objectAt {
            ops.insert(contentsOf: objectOps(properties: properties ?? [:], patterns: patternList, additional: additional, required: required), at: objectAt)
        }
        fuseTypeCheck(from: Int(start))
        return true
    }

    /// A node's `type` check folded into the check after it, when that check can refuse other
    /// types itself: one dispatch instead of two for most leaf schemas (`{"type": "string",
    /// "pattern": …}`, `{"type": "integer", "minimum": …, "maximum": …}`, …).
    private mutating func fuseTypeCheck(from start: Int) {
        guard ops.count - start >= 2, case .type(let mask) = ops[start] else { return }
        let fused: BooleanPlan.Op?
        switch (mask, ops[start + 1]) {
        case (TypeSet.string, .stringIn): fused = ops[start + 1]
        case (TypeSet.string, .pattern(let r)): fused = .stringPattern(r)
        case (TypeSet.string, .format(let f)): fused = .stringFormat(f)
        case (TypeSet.string, .minLength(let n)): fused = .stringMinLength(n)
        case (TypeSet.string, .maxLength(let n)): fused = .stringMaxLength(n)
        case (TypeSet.object, .object(let p)): fused = .objectOnly(p)
        case (TypeSet.integer, .minInt(let lo, let v, false)):
            if ops.count - start >= 3, case .maxInt(let hi, let w, false) = ops[start + 2] {
                ops.replaceSubrange(start..<(start + 3), with: [.integerIn(lo, hi, low: v, high: w)])
                return
            }
            fused = nil
        default: fused = nil
        }
        if let fused { ops.replaceSubrange(start..<(start + 2), with: [fused]) }
    }

    private mutating func value(_ v: JSONValue) -> Int32 {
        values.append(v)
        return Int32(values.count - 1)
    }

    private mutating func regex(_ re: ECMARegex) -> Int32 {
        regexes.append(re)
        return Int32(regexes.count - 1)
    }

    private mutating func list(_ subs: [Int]) -> (Int32, Int32) {
        let start = Int32(lists.count)
        lists.append(contentsOf: subs.map { Int32($0) })
        return (start, Int32(subs.count))
    }

    private mutating func enumeration(_ list: [JSONValue]) -> BooleanPlan.Op {
        let strings = list.compactMap(\.stringValue)
        if strings.count == list.count, Set(strings.map { Array($0.utf8) }).count == strings.count {
            let (table, mask) = keyTable(strings.map { ($0, -1, -1) })
            return .stringIn(table: table, mask: mask)
        }
        let start = Int32(values.count)
        values.append(contentsOf: list)
        return .inValues(start: start, count: Int32(list.count))
    }

    /// The fused object pass, plus a plain `required` check when it names more keys than bits.
    private mutating func objectOps(properties: [String: Int], patterns list: [(ECMARegex, Int)], additional: Int?, required: [String]) -> [BooleanPlan.Op] {
        var keys: [[UInt8]: (child: Int, bit: Int)] = [:]
        var order: [[UInt8]] = []
        for (name, child) in properties.sorted(by: { $0.key < $1.key }) {
            let k = Array(name.utf8)
            if keys[k] == nil { order.append(k) }
            keys[k] = (child, -1)
        }
        var extra: [BooleanPlan.Op] = []
        var bits = 0
        var distinct: [[UInt8]] = []
        for name in required where !distinct.contains(Array(name.utf8)) { distinct.append(Array(name.utf8)) }
        if distinct.count <= 64 {
            for k in distinct {
                if keys[k] == nil { order.append(k); keys[k] = (-1, -1) }
                keys[k]!.bit = bits
                bits += 1
            }
        } else {
            names.append(required)
            extra.append(.requiredNames(Int32(names.count - 1)))
        }
        let (table, mask) = keyTable(order.map { (String(decoding: $0, as: UTF8.self), keys[$0]!.child, keys[$0]!.bit) })
        let patternStart = Int32(patterns.count)
        for (re, child) in list { patterns.append(.init(regex: regex(re), child: Int32(child))) }
        objects.append(.init(table: table, mask: mask, required: bits == 64 ? ~0 : (1 << UInt64(bits)) - 1,
                             patterns: patternStart, patternCount: Int32(list.count), additional: Int32(additional ?? -1)))
        return [.object(Int32(objects.count - 1))] + extra
    }

    /// An open-addressing table at least twice the number of keys; (start, mask), mask -1 when empty.
    private mutating func keyTable(_ keys: [(String, Int, Int)]) -> (Int32, Int32) {
        guard !keys.isEmpty else { return (0, -1) }
        var size = 2
        while size < keys.count * 2 { size *= 2 }
        let start = entries.count
        entries.append(contentsOf: repeatElement(BooleanPlan.KeyEntry(), count: size))
        for (key, child, bit) in keys {
            let bytes = Array(key.utf8)
            let h = bytes.withUnsafeBufferPointer { BooleanPlan.hash($0) }
            var i = Int(h) & (size - 1)
            while entries[start + i].length >= 0 { i = (i + 1) & (size - 1) }
            entries[start + i] = .init(hash: h, offset: Int32(pool.count), length: Int32(bytes.count), child: Int32(child), bit: Int32(bit))
            pool.append(contentsOf: bytes)
        }
        return (Int32(start), Int32(size - 1))
    }
}
