/// A deterministic automaton over ASCII bytes, built once per pattern when the pattern has no
/// look-around and no word boundary: one table lookup per input byte instead of the
/// backtracking machine's memo table. It answers only for ASCII input (`nil` as soon as it
/// meets a byte ≥ 0x80, and the caller runs the general machine); ASCII is what `pattern`
/// almost always sees (codes, ids, money, base64).
///
/// Built from the pattern tree as a Thompson NFA, then by subset construction with the bytes
/// grouped into classes the pattern cannot tell apart. Patterns whose automaton would exceed
/// `maxStates` (large counted repetitions of alternations, say) keep the general machine only.
final class RegexDFA: @unchecked Sendable {
    // @unchecked Sendable: the tables are allocated and filled in init, only read afterwards,
    // and freed in deinit.
    static let maxStates = 512
    static let maxNFAStates = 2_048
    /// NFA states visited while building, at most: a pattern whose construction would cost
    /// more keeps the general machine (a schema's compile time stays bounded whatever it says).
    static let maxConstructionWork = 4_000_000

    /// Byte → class; bytes ≥ 0x80 map to the last class, whose column leads every state to
    /// `bail` (so the loop makes one check per byte).
    private let classOf: UnsafeMutablePointer<UInt8>
    private let classCount: Int
    /// `state * classCount + class` → the next state in the low 12 bits, its flags above them
    /// (one load per byte tells both where to go and whether to stop).
    private let next: UnsafeMutablePointer<UInt16>
    private let start: UInt16

    private static let acceptsNow: UInt16 = 1 << 12, acceptsAtEnd: UInt16 = 2 << 12, hopeless: UInt16 = 4 << 12, bail: UInt16 = 8 << 12
    private static let stateMask: UInt16 = 0x0FFF

    /// Runs the automaton: whether the pattern matches somewhere in `bytes`, or nil when the
    /// input is not ASCII.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var entry = start
        if entry & Self.acceptsNow != 0 { return true }
        let k = classCount
        for b in bytes {
            entry = next[Int(entry & Self.stateMask) &* k &+ Int(classOf[Int(b)])]
            if entry & (Self.acceptsNow | Self.hopeless | Self.bail) != 0 {
                if entry & Self.bail != 0 { return nil }
                return entry & Self.acceptsNow != 0
            }
        }
        return entry & Self.acceptsAtEnd != 0
    }

    deinit {
        classOf.deallocate()
        next.deallocate()
    }

    /// Nil when the pattern uses what a DFA cannot express (look-around, `\b`) or is too large.
    convenience init?(_ pattern: RegexNode) {
        guard let built = Self.build(pattern) else { return nil }
        self.init(classOf: built.classOf, classCount: built.classCount, table: built.table, flags: built.flags, start: built.start)
    }

    private init(classOf: [UInt8], classCount: Int, table: [UInt16], flags: [UInt16], start: Int) {
        self.classOf = .allocate(capacity: 256)
        self.classOf.initialize(from: classOf, count: 256)
        // One more column than the automaton's classes: non-ASCII bytes, leading to `bail`.
        let k = classCount + 1
        self.classCount = k
        let states = table.count / classCount
        self.next = .allocate(capacity: max(states * k, 1))
        for state in 0..<states {
            for c in 0..<classCount {
                let t = table[state * classCount + c]
                next[state * k + c] = t | flags[Int(t)]
            }
            next[state * k + classCount] = Self.bail
        }
        self.start = UInt16(start) | flags[start]
    }

    private static func build(_ pattern: RegexNode) -> (classOf: [UInt8], classCount: Int, table: [UInt16], flags: [UInt16], start: Int)? {
        var nfa = NFA()
        guard let entry = nfa.build(pattern, next: nfa.add(.match)), !nfa.overflow else { return nil }

        // Byte classes: bytes that every set in the pattern treats alike.
        var classOf = [UInt8](repeating: 0, count: 256)
        var count = 1
        var masks: [ASCIIMask] = []
        for s in nfa.states { if case .bytes(let m, _) = s, !masks.contains(m) { masks.append(m) } }
        for m in masks {
            var split: [Int: UInt8] = [:]
            for b in 0..<128 {
                let key = Int(classOf[b]) * 2 + (m.contains(UInt8(b)) ? 1 : 0)
                if let c = split[key] { classOf[b] = c } else {
                    let c = UInt8(split.count)
                    split[key] = c
                    classOf[b] = c
                }
            }
            count = split.count
        }
        // Bytes ≥ 0x80 get the class after the pattern's own: its column sends every state to `bail`.
        for b in 128..<256 { classOf[b] = UInt8(count) }
        var representative = [UInt8](repeating: 0, count: count)
        for b in (0..<128).reversed() { representative[Int(classOf[b])] = UInt8(b) }

        // Subset construction. A state is the closure of the NFA states reached so far plus, for
        // an unanchored search, the pattern's entry at every position after the first.
        struct Closure: Hashable {
            var byteStates: [Int]
            var matchNow: Bool
            var matchAtEnd: Bool
        }
        var ids: [Closure: Int] = [:]
        var closures: [Closure] = []
        func intern(_ c: Closure) -> Int? {
            if let id = ids[c] { return id }
            guard closures.count < maxStates else { return nil }
            ids[c] = closures.count
            closures.append(c)
            return closures.count - 1
        }
        var work = 0
        func closure(of roots: [Int], atStart: Bool) -> Closure {
            work += 2 * nfa.states.count
            let (bytes, now) = nfa.closure(roots, atStart: atStart, atEnd: false)
            let (_, end) = nfa.closure(roots, atStart: atStart, atEnd: true)
            return Closure(byteStates: bytes, matchNow: now, matchAtEnd: end)
        }
        guard let start = intern(closure(of: [entry], atStart: true)) else { return nil }
        var table: [UInt16] = []
        var done = 0
        while done < closures.count {
            let current = closures[done]
            for c in 0..<count {
                let b = representative[c]
                var roots: [Int] = [entry]
                for s in current.byteStates {
                    if case .bytes(let m, let to) = nfa.states[s], m.contains(b) { roots.append(to) }
                }
                guard work <= maxConstructionWork, let id = intern(closure(of: roots, atStart: false)) else { return nil }
                table.append(UInt16(id))
            }
            done += 1
        }

        // A state is hopeless when no ASCII input reaches a match from it and no state it can
        // reach could consume a non-ASCII character (which sends the input to the general machine).
        let n = closures.count
        var live = [Bool](repeating: false, count: n)
        for (i, c) in closures.enumerated() {
            live[i] = c.matchNow || c.matchAtEnd || c.byteStates.contains { s in
                if case .bytes(let m, _) = nfa.states[s] { return m.nonASCII }
                return false
            }
        }
        var changed = true
        while changed {
            changed = false
            for i in 0..<n where !live[i] {
                for c in 0..<count where live[Int(table[i * count + c])] {
                    live[i] = true
                    changed = true
                    break
                }
            }
        }
        var flags = [UInt16](repeating: 0, count: n)
        for i in 0..<n {
            if closures[i].matchNow { flags[i] |= Self.acceptsNow }
            if closures[i].matchAtEnd { flags[i] |= Self.acceptsAtEnd }
            if !live[i] { flags[i] |= Self.hopeless }
        }
        return (classOf, count, table, flags, start)
    }
}

/// The ASCII members of a character set, and whether it also admits non-ASCII characters.
struct ASCIIMask: Hashable {
    var low: UInt64 = 0, high: UInt64 = 0
    var nonASCII = false

    func contains(_ b: UInt8) -> Bool { b < 64 ? low >> UInt64(b) & 1 != 0 : b < 128 && high >> UInt64(b - 64) & 1 != 0 }
    mutating func insert(_ b: UInt8) { if b < 64 { low |= 1 << UInt64(b) } else { high |= 1 << UInt64(b - 64) } }

    init() {}
    init(where admits: (Unicode.Scalar) -> Bool, nonASCII: Bool) {
        for b in 0..<128 where admits(Unicode.Scalar(UInt8(b))) { insert(UInt8(b)) }
        self.nonASCII = nonASCII
    }
}

/// Thompson NFA over ASCII bytes, built backwards: each node is built knowing its successor.
private struct NFA {
    enum State {
        case bytes(ASCIIMask, Int)
        case split(Int, Int)
        case epsilon(Int)
        case atStart(Int), atEnd(Int)
        case match
    }
    var states: [State] = []
    var overflow = false

    mutating func add(_ s: State) -> Int {
        if states.count >= RegexDFA.maxNFAStates { overflow = true }
        states.append(s)
        return states.count - 1
    }

    /// The entry state of `node` followed by `next`; nil for constructs a DFA cannot express.
    mutating func build(_ node: RegexNode, next: Int) -> Int? {
        if overflow { return nil }
        switch node {
        case .empty: return next
        case .scalar(let c):
            var m = ASCIIMask()
            if c.value < 128 { m.insert(UInt8(c.value)) } else { m.nonASCII = true }
            return add(.bytes(m, next))
        case .any:
            return add(.bytes(ASCIIMask(where: { !RegexCharSet.isLineTerminator($0) }, nonASCII: true), next))
        case .set(let set):
            // Whether the set can admit some non-ASCII character: conservatively true unless it is
            // a plain (non-negated) set of ASCII ranges.
            let onlyASCII = !set.negated && set.items.allSatisfy { if case .range(_, let hi) = $0 { return hi < 128 } else { return false } }
            let digitsOnly = !set.negated && set.items.allSatisfy { if case .digit(false) = $0 { return true } else { return false } }
            return add(.bytes(ASCIIMask(where: set.contains, nonASCII: !(onlyASCII || digitsOnly)), next))
        case .sequence(let nodes):
            var at = next
            for n in nodes.reversed() {
                guard let e = build(n, next: at) else { return nil }
                at = e
            }
            return at
        case .alternation(let nodes):
            var entries: [Int] = []
            for n in nodes {
                guard let e = build(n, next: next) else { return nil }
                entries.append(e)
            }
            var at = entries[entries.count - 1]
            for e in entries.dropLast().reversed() { at = add(.split(e, at)) }
            return at
        case .group(let inner): return build(inner, next: next)
        case .repeatNode(let inner, let lo, let hi, _):
            // Greedy or lazy does not change whether a match exists.
            var at = next
            if let hi {
                guard hi - lo <= RegexDFA.maxNFAStates else { overflow = true; return nil }
                for _ in 0..<(hi - lo) {
                    guard let e = build(inner, next: at) else { return nil }
                    at = add(.split(e, next))
                }
            } else {
                let loop = add(.epsilon(0))
                guard let body = build(inner, next: loop) else { return nil }
                states[loop] = .split(body, at)
                at = loop
            }
            guard lo <= RegexDFA.maxNFAStates else { overflow = true; return nil }
            for _ in 0..<lo {
                guard let e = build(inner, next: at) else { return nil }
                at = e
            }
            return at
        case .start: return add(.atStart(next))
        case .end: return add(.atEnd(next))
        case .wordBoundary, .look: return nil
        }
    }

    /// The byte-consuming states and whether `match` is reachable from `roots` without input.
    func closure(_ roots: [Int], atStart: Bool, atEnd: Bool) -> ([Int], Bool) {
        var seen = Set<Int>()
        var stack = roots
        var bytes: [Int] = []
        var match = false
        while let s = stack.popLast() {
            guard seen.insert(s).inserted else { continue }
            switch states[s] {
            case .bytes: bytes.append(s)
            case .split(let a, let b): stack.append(b); stack.append(a)
            case .epsilon(let a): stack.append(a)
            case .atStart(let a): if atStart { stack.append(a) }
            case .atEnd(let a): if atEnd { stack.append(a) }
            case .match: match = true
            }
        }
        return (bytes.sorted(), match)
    }
}
