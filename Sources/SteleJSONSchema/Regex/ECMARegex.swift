/// An ECMA-262 regular expression as JSON Schema's `pattern` and `patternProperties` use it
/// (an unanchored search), compiled to a small program and matched by a backtracking machine
/// that remembers every (instruction, position) it has already tried — so a match costs at most
/// program size × input length steps, whatever the pattern. `(a+)+$` on a long string of `a`s
/// cannot hang the process.
///
/// Supported: literals, `.`, classes with ranges and negation, `\d \D \w \W \s \S \b \B`,
/// `\t \n \v \f \r \0 \cX \xHH \uHHHH \u{H…}`, `\p{…}`/`\P{…}` general categories, `^ $`,
/// groups (capturing, `(?:…)`, named), `(?=…)`, `(?!…)`, alternation, greedy and lazy
/// quantifiers including `{n,m}`. Back-references and look-behind are refused with an error.
public struct ECMARegex: Sendable {
    public let source: String
    let program: [RegexInstruction]
    /// Look-ahead bodies, each its own program.
    let lookarounds: [[RegexInstruction]]
    /// The same pattern as a byte automaton for ASCII input, when it can be one.
    let dfa: RegexDFA?

    /// Programs larger than this (after expanding counted repetition) are refused.
    public static let maxProgramSize = 20_000

    public init(_ source: String) throws(RegexError) {
        self.source = source
        var parser = RegexParser(Array(source.unicodeScalars))
        let ast = try parser.parse()
        var compiler = RegexCompiler()
        var main: [RegexInstruction] = []
        try compiler.emit(ast, into: &main)
        main.append(.match)
        compiler.main = main
        guard compiler.main.count <= Self.maxProgramSize, compiler.subprograms.allSatisfy({ $0.count <= Self.maxProgramSize }) else {
            throw RegexError("pattern too large once repetition counts are expanded (limit \(Self.maxProgramSize) instructions)")
        }
        program = compiler.main
        lookarounds = compiler.subprograms
        dfa = RegexDFA(ast)
    }

    /// The matcher's bound, for memory and work alike: one bit per (instruction, input position)
    /// pair, and as many steps in all (look-aheads included) per match.
    public static let maxStates = 1 << 28

    /// Whether the pattern matches anywhere in `text`; an error, before any copy of the text is
    /// made, when instructions × text length exceeds `maxStates`, or when look-aheads would take
    /// more than `maxStates` steps.
    public func matches(_ text: String) throws(RegexError) -> Bool {
        if let dfa, let answer = text.utf8.withContiguousStorageIfAvailable({ dfa.matches($0) }), let answer { return answer }
        return try matchesWithMachine(text)
    }

    /// The general machine alone (tests compare it with the automaton).
    func matchesWithMachine(_ text: String) throws(RegexError) -> Bool {
        let instructions = program.count + lookarounds.reduce(0) { $0 + $1.count }
        var text = text
        let isASCII = text.withUTF8 { $0.allSatisfy { $0 < 0x80 } }
        let length = isASCII ? text.utf8.count : text.unicodeScalars.count
        guard instructions * (length + 1) <= Self.maxStates else { throw workLimit(length) }
        let result: Bool?
        if isASCII {
            result = text.withUTF8 { buffer in
                var machine = RegexMachine(program: program, lookarounds: lookarounds, input: ASCIIScalars(bytes: buffer), budget: Self.maxStates)
                return machine.search()
            }
        } else {
            var machine = RegexMachine(program: program, lookarounds: lookarounds, input: Array(text.unicodeScalars), budget: Self.maxStates)
            result = machine.search()
        }
        guard let result else { throw workLimit(length) }
        return result
    }

    private func workLimit(_ length: Int) -> RegexError {
        RegexError("pattern /\(source)/ on a \(length)-character string exceeds the regex work limit")
    }
}

public struct RegexError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

enum RegexInstruction: Sendable {
    case scalar(Unicode.Scalar)
    case any
    case set(RegexCharSet)
    case split(Int, Int)
    case jump(Int)
    case start, end
    case wordBoundary(Bool)
    case look(Int, negate: Bool)
    case match
}

/// A character class: ranges and named classes, possibly negated.
struct RegexCharSet: Sendable {
    enum Item: Sendable {
        case range(UInt32, UInt32)
        case digit(Bool), word(Bool), space(Bool)
        case category(Set<Unicode.GeneralCategory>, Bool)
    }
    var items: [Item] = []
    var negated = false

    func contains(_ s: Unicode.Scalar) -> Bool {
        var hit = false
        for item in items {
            switch item {
            case .range(let lo, let hi): hit = s.value >= lo && s.value <= hi
            case .digit(let neg): hit = RegexCharSet.isDigit(s) != neg
            case .word(let neg): hit = RegexCharSet.isWord(s) != neg
            case .space(let neg): hit = RegexCharSet.isSpace(s) != neg
            case .category(let cats, let neg): hit = cats.contains(s.properties.generalCategory) != neg
            }
            if hit { break }
        }
        return hit != negated
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    static func isWord(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
    }
    /// ECMA-262 WhiteSpace and LineTerminator.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }
    static func isLineTerminator(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0D, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
