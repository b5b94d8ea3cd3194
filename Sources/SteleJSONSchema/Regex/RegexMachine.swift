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
/// back-references), so each is tried at most once.
struct RegexMachine<Input: RandomAccessCollection> where Input.Element == Unicode.Scalar, Input.Index == Int {
    let program: [RegexInstruction]
    let lookarounds: [[RegexInstruction]]
    let input: Input

    init(program: [RegexInstruction], lookarounds: [[RegexInstruction]], input: Input) {
        self.program = program
        self.lookarounds = lookarounds
        self.input = input
    }

    mutating func search() -> Bool {
        var visited = VisitedSet(states: program.count * (input.count + 1))
        var stack: [(Int, Int)] = []
        // Patterns starting with '^' can only match at 0.
        let anchored: Bool = { if case .start = program.first { return true } else { return false } }()
        for start in input.startIndex...input.endIndex {
            if run(program, from: start, &visited, &stack) != nil { return true }
            if anchored { break }
        }
        return false
    }

    /// The end position of a match of `prog` starting at `start`, or nil.
    private func run(_ prog: [RegexInstruction], from start: Int, _ visited: inout VisitedSet, _ stack: inout [(Int, Int)]) -> Int? {
        stack.removeAll(keepingCapacity: true)
        stack.append((0, start))
        let n = input.count
        let width = n + 1
        while let (pc0, pos0) = stack.popLast() {
            var pc = pc0
            var pos = pos0
            thread: while true {
                guard visited.insert(pc * width + pos) else { break thread }
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
                    let sub = lookarounds[index]
                    var subVisited = VisitedSet(states: sub.count * width)
                    var subStack: [(Int, Int)] = []
                    let matched = run(sub, from: pos, &subVisited, &subStack) != nil
                    guard matched != negate else { break thread }
                    pc += 1
                case .match:
                    return pos
                }
            }
        }
        return nil
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
}

/// The bytes of an ASCII string seen as scalars: the matcher runs on them without copying.
struct ASCIIScalars: RandomAccessCollection {
    let bytes: UnsafeBufferPointer<UInt8>
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    @inline(__always) subscript(i: Int) -> Unicode.Scalar { Unicode.Scalar(bytes[i]) }
}
