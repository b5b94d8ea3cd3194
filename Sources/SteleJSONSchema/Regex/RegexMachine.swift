/// Turns the pattern tree into instructions.
struct RegexCompiler {
    var main: [RegexInstruction] = []
    var subprograms: [[RegexInstruction]] = []

    mutating func emit(_ node: RegexNode, into p: inout [RegexInstruction]) throws(RegexError) {
        guard p.count <= ECMARegex.maxProgramSize else { throw RegexError("pattern too large (limit \(ECMARegex.maxProgramSize) instructions)") }
        switch node {
        case .empty: break
        case .scalar(let c): p.append(.scalar(c))
        case .any: p.append(.any)
        case .set(let s): p.append(.set(s))
        case .start: p.append(.start)
        case .end: p.append(.end)
        case .wordBoundary(let b): p.append(.wordBoundary(b))
        case .group(let inner): try emit(inner, into: &p)
        case .sequence(let items): for item in items { try emit(item, into: &p) }
        case .alternation(let alternatives):
            var jumpsToEnd: [Int] = []
            for (k, alt) in alternatives.enumerated() {
                if k < alternatives.count - 1 {
                    let split = p.count
                    p.append(.split(split + 1, -1))
                    try emit(alt, into: &p)
                    jumpsToEnd.append(p.count)
                    p.append(.jump(-1))
                    p[split] = .split(split + 1, p.count)
                } else {
                    try emit(alt, into: &p)
                }
            }
            for j in jumpsToEnd { p[j] = .jump(p.count) }
        case .look(let body, let negate):
            var sub: [RegexInstruction] = []
            try emit(body, into: &sub)
            sub.append(.match)
            subprograms.append(sub)
            p.append(.look(subprograms.count - 1, negate: negate))
        case .repeatNode(let atom, let minCount, let maxCount, let greedy):
            for _ in 0..<minCount {
                try emit(atom, into: &p)
                guard p.count <= ECMARegex.maxProgramSize else { throw RegexError("pattern too large once repetition counts are expanded") }
            }
            if let maxCount {
                // Optional copies: split(take, skip) each.
                var splits: [Int] = []
                for _ in minCount..<max(minCount, maxCount) {
                    splits.append(p.count)
                    p.append(.split(-1, -1))
                    try emit(atom, into: &p)
                    guard p.count <= ECMARegex.maxProgramSize else { throw RegexError("pattern too large once repetition counts are expanded") }
                }
                for s in splits { p[s] = greedy ? .split(s + 1, p.count) : .split(p.count, s + 1) }
            } else {
                let loop = p.count
                p.append(.split(-1, -1))
                try emit(atom, into: &p)
                p.append(.jump(loop))
                p[loop] = greedy ? .split(loop + 1, p.count) : .split(p.count, loop + 1)
            }
        }
    }
}

/// Runs a program over an input with an explicit backtracking stack and a visited set of
/// (instruction, position) pairs: a state that failed once fails again (there are no
/// back-references), so each is tried at most once. A look-ahead's answer at a position is
/// computed once and kept; its visited bits are cleared after each run, so it costs only the
/// states it touched. Every state tried counts against one budget for the whole match.
struct RegexMachine<Input: RandomAccessCollection> where Input.Element == Unicode.Scalar, Input.Index == Int {
    let program: [RegexInstruction]
    let lookarounds: [[RegexInstruction]]
    let input: Input
    private var width: Int { input.count + 1 }
    /// Index 0: the main program; 1 + k: look-around k. (Patterns without look-arounds, the
    /// usual case, allocate one set and one stack per match.)
    private var visited: [VisitedSet]
    private var stacks: [[(Int, Int)]]
    /// Per look-around, the states its current run marked.
    private var touched: [[Int]]
    /// Per look-around, per position: 0 not yet known, 1 matches, 2 does not.
    private var answers: [[UInt8]]
    private var steps = 0
    private let budget: Int
    private var exceeded = false

    init(program: [RegexInstruction], lookarounds: [[RegexInstruction]], input: Input, budget: Int) {
        self.program = program
        self.lookarounds = lookarounds
        self.input = input
        self.budget = budget
        let width = input.count + 1
        visited = [VisitedSet(states: program.count * width)] + lookarounds.map { VisitedSet(states: $0.count * width) }
        stacks = [[]] + lookarounds.map { _ in [] }
        touched = lookarounds.map { _ in [] }
        answers = lookarounds.map { _ in [UInt8](repeating: 0, count: width) }
    }

    /// Whether the program matches somewhere; nil when the work budget ran out.
    mutating func search() -> Bool? {
        // Patterns starting with '^' can only match at 0.
        let anchored: Bool = { if case .start = program.first { return true } else { return false } }()
        for start in input.startIndex...input.endIndex {
            if run(0, from: start) { return exceeded ? nil : true }
            if exceeded { return nil }
            if anchored { break }
        }
        return exceeded ? nil : false
    }

    /// Whether program `which` (0 main, 1 + k look-around k) matches from `start`.
    private mutating func run(_ which: Int, from start: Int) -> Bool {
        let prog = which == 0 ? program : lookarounds[which - 1]
        // The stack is kept across runs (one allocation per match), and left empty on return.
        var stack = stacks[which]
        stacks[which] = []
        defer {
            stack.removeAll(keepingCapacity: true)
            stacks[which] = stack
        }
        stack.append((0, start))
        let n = input.count
        let width = self.width
        while let (pc0, pos0) = stack.popLast() {
            var pc = pc0
            var pos = pos0
            thread: while true {
                let state = pc * width + pos
                guard visited[which].insert(state) else { break thread }
                if which > 0 { touched[which - 1].append(state) }
                steps += 1
                if steps > budget {
                    exceeded = true
                    return false
                }
                switch prog[pc] {
                case .scalar(let c):
                    guard pos < n, input[pos] == c else { break thread }
                    pc += 1; pos += 1
                case .any:
                    guard pos < n, !RegexCharSet.isLineTerminator(input[pos]) else { break thread }
                    pc += 1; pos += 1
                case .set(let set):
                    guard pos < n, set.contains(input[pos]) else { break thread }
                    pc += 1; pos += 1
                case .split(let a, let b):
                    stack.append((b, pos))
                    pc = a
                case .jump(let a):
                    pc = a
                case .start:
                    guard pos == 0 else { break thread }
                    pc += 1
                case .end:
                    guard pos == n else { break thread }
                    pc += 1
                case .wordBoundary(let want):
                    let before = pos > 0 && RegexCharSet.isWord(input[pos - 1])
                    let after = pos < n && RegexCharSet.isWord(input[pos])
                    guard (before != after) == want else { break thread }
                    pc += 1
                case .look(let index, let negate):
                    guard lookahead(index, at: pos) != negate else { break thread }
                    if exceeded { return false }
                    pc += 1
                case .match:
                    return true
                }
            }
        }
        return false
    }

    private mutating func lookahead(_ k: Int, at pos: Int) -> Bool {
        switch answers[k][pos] {
        case 1: return true
        case 2: return false
        default: break
        }
        let matched = run(k + 1, from: pos)
        for state in touched[k] { visited[k + 1].remove(state) }
        touched[k].removeAll(keepingCapacity: true)
        if !exceeded { answers[k][pos] = matched ? 1 : 2 }
        return matched
    }
}

/// A bit per (instruction, position) state.
struct VisitedSet {
    var words: [UInt64]
    init(states: Int) { words = [UInt64](repeating: 0, count: states / 64 + 1) }

    /// Marks `state`; false when it was already marked.
    @inline(__always) mutating func insert(_ state: Int) -> Bool {
        let w = state >> 6
        let bit = UInt64(1) << UInt64(state & 63)
        if words[w] & bit != 0 { return false }
        words[w] |= bit
        return true
    }

    @inline(__always) mutating func remove(_ state: Int) {
        words[state >> 6] &= ~(UInt64(1) << UInt64(state & 63))
    }
}

/// The bytes of an ASCII string seen as scalars: the matcher runs on them without copying.
struct ASCIIScalars: RandomAccessCollection {
    let bytes: UnsafeBufferPointer<UInt8>
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    @inline(__always) subscript(i: Int) -> Unicode.Scalar { Unicode.Scalar(bytes[i]) }
}
