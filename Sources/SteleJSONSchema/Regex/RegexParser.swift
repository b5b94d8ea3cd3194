indirect enum RegexNode {
    case empty
    case scalar(Unicode.Scalar)
    case any
    case set(RegexCharSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode)
    case repeatNode(RegexNode, min: Int, max: Int?, greedy: Bool)
    case start, end
    case wordBoundary(Bool)
    case look(RegexNode, negate: Bool)
}

/// Parses ECMA-262 pattern syntax (with the `u` flag's escapes) into a tree.
struct RegexParser {
    let s: [Unicode.Scalar]
    var i = 0
    var depth = 0
    static let maxDepth = 256

    init(_ s: [Unicode.Scalar]) { self.s = s }

    mutating func parse() throws(RegexError) -> RegexNode {
        let node = try disjunction()
        guard i == s.count else { throw RegexError("unmatched ')' at position \(i)") }
        return node
    }

    private var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

    private mutating func eat(_ c: Unicode.Scalar) -> Bool {
        if peek == c { i += 1; return true }
        return false
    }

    private mutating func disjunction() throws(RegexError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw RegexError("pattern nested deeper than \(Self.maxDepth) groups") }
        var alternatives = [try alternative()]
        while eat("|") { alternatives.append(try alternative()) }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func alternative() throws(RegexError) -> RegexNode {
        var terms: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            terms.append(try term())
        }
        return terms.count == 1 ? terms[0] : .sequence(terms)
    }

    private mutating func term() throws(RegexError) -> RegexNode {
        let c = s[i]
        switch c {
        case "^": i += 1; return .start
        case "$": i += 1; return .end
        case "\\" where i + 1 < s.count && (s[i + 1] == "b" || s[i + 1] == "B"):
            i += 2
            return .wordBoundary(s[i - 1] == "b")
        case "(" where i + 2 < s.count && s[i + 1] == "?" && (s[i + 2] == "=" || s[i + 2] == "!"):
            let negate = s[i + 2] == "!"
            i += 3
            let body = try disjunction()
            guard eat(")") else { throw RegexError("missing ')' after look-ahead") }
            // Look-aheads may be quantified in Annex B; treat them as plain assertions.
            return .look(body, negate: negate)
        case "(" where i + 3 < s.count && s[i + 1] == "?" && s[i + 2] == "<" && (s[i + 3] == "=" || s[i + 3] == "!"):
            throw RegexError("look-behind is not supported")
        default:
            let a = try atom()
            return try quantified(a)
        }
    }

    private mutating func quantified(_ atom: RegexNode) throws(RegexError) -> RegexNode {
        guard let c = peek else { return atom }
        var minCount = 0
        var maxCount: Int? = nil
        switch c {
        case "*": i += 1
        case "+": i += 1; minCount = 1
        case "?": i += 1; maxCount = 1
        case "{":
            let save = i
            i += 1
            guard let lo = number() else { i = save; return atom }
            minCount = lo
            if eat(",") {
                maxCount = number()
            } else {
                maxCount = lo
            }
            guard eat("}") else { i = save; return atom }
            if let m = maxCount, m < minCount { throw RegexError("numbers out of order in {} quantifier") }
        default:
            return atom
        }
        let greedy = !eat("?")
        return .repeatNode(atom, min: minCount, max: maxCount, greedy: greedy)
    }

    private mutating func number() -> Int? {
        var n = 0
        var any = false
        while let c = peek, c.value >= 0x30 && c.value <= 0x39 {
            n = min(n * 10 + Int(c.value - 0x30), 1_000_000)
            i += 1
            any = true
        }
        return any ? n : nil
    }

    private mutating func atom() throws(RegexError) -> RegexNode {
        let c = s[i]
        switch c {
        case ".": i += 1; return .any
        case "(":
            i += 1
            if eat("?") {
                if eat(":") {
                } else if eat("<") {
                    while let d = peek, d != ">" { i += 1 }
                    guard eat(">") else { throw RegexError("unterminated group name") }
                } else {
                    throw RegexError("unknown group syntax at position \(i)")
                }
            }
            let body = try disjunction()
            guard eat(")") else { throw RegexError("missing ')'") }
            return .group(body)
        case "[": return .set(try charClass())
        case "\\": return try atomEscape()
        case "*", "+", "?": throw RegexError("nothing to repeat at position \(i)")
        case "{":
            // Annex B: a '{' that does not start a quantifier is literal.
            i += 1
            return .scalar(c)
        default:
            i += 1
            return .scalar(c)
        }
    }

    private mutating func atomEscape() throws(RegexError) -> RegexNode {
        i += 1
        guard let c = peek else { throw RegexError("pattern ends with '\\'") }
        if c.value >= 0x31 && c.value <= 0x39 { throw RegexError("back-references are not supported") }
        switch c {
        case "d", "D", "w", "W", "s", "S", "p", "P":
            var set = RegexCharSet()
            set.items = [try classEscape()]
            return .set(set)
        default:
            return .scalar(try characterEscape())
        }
    }

    /// `\d` and friends, `\p{…}`: one class item. `i` is on the letter.
    private mutating func classEscape() throws(RegexError) -> RegexCharSet.Item {
        let c = s[i]
        i += 1
        switch c {
        case "d": return .digit(false)
        case "D": return .digit(true)
        case "w": return .word(false)
        case "W": return .word(true)
        case "s": return .space(false)
        case "S": return .space(true)
        default:
            guard eat("{") else { throw RegexError("\\\(c) needs {name}") }
            var name = ""
            while let d = peek, d != "}" { name.unicodeScalars.append(d); i += 1 }
            guard eat("}") else { throw RegexError("unterminated \\\(c){") }
            guard let cats = UnicodeCategories.named(name) else { throw RegexError("unknown Unicode property \(name)") }
            return .category(cats, c == "P")
        }
    }

    /// A single-character escape; `i` is on the character after '\'.
    private mutating func characterEscape() throws(RegexError) -> Unicode.Scalar {
        let c = s[i]
        i += 1
        switch c {
        case "t": return "\t"
        case "n": return "\n"
        case "v": return "\u{0B}"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "0": return "\0"
        case "c":
            guard let l = peek, (l.value >= 0x41 && l.value <= 0x5A) || (l.value >= 0x61 && l.value <= 0x7A) else {
                throw RegexError("\\c needs a letter")
            }
            i += 1
            return Unicode.Scalar(l.value % 32)!
        case "x":
            guard let v = hex(count: 2) else { throw RegexError("\\x needs two hex digits") }
            return Unicode.Scalar(v)!
        case "u":
            if eat("{") {
                var v: UInt32 = 0
                var any = false
                while let d = peek, let h = Self.hexValue(d) {
                    v = v * 16 + h
                    guard v <= 0x10FFFF else { throw RegexError("\\u{} out of range") }
                    i += 1
                    any = true
                }
                guard any, eat("}"), let scalar = Unicode.Scalar(v) else { throw RegexError("bad \\u{} escape") }
                return scalar
            }
            guard let v = hex(count: 4) else { throw RegexError("\\u needs four hex digits") }
            // A surrogate pair written as two \u escapes.
            if v >= 0xD800 && v <= 0xDBFF, i + 5 < s.count, s[i] == "\\", s[i + 1] == "u" {
                let save = i
                i += 2
                if let lo = hex(count: 4), lo >= 0xDC00 && lo <= 0xDFFF {
                    return Unicode.Scalar(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00))!
                }
                i = save
            }
            guard let scalar = Unicode.Scalar(v) else { throw RegexError("lone surrogate \\u\(String(v, radix: 16))") }
            return scalar
        default:
            return c
        }
    }

    private mutating func hex(count: Int) -> UInt32? {
        guard i + count <= s.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<count {
            guard let h = Self.hexValue(s[i + k]) else { return nil }
            v = v * 16 + h
        }
        i += count
        return v
    }

    static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: return c.value - 0x30
        case 0x41...0x46: return c.value - 0x41 + 10
        case 0x61...0x66: return c.value - 0x61 + 10
        default: return nil
        }
    }

    private mutating func charClass() throws(RegexError) -> RegexCharSet {
        i += 1  // [
        var set = RegexCharSet()
        if eat("^") { set.negated = true }
        while true {
            guard let c = peek else { throw RegexError("unterminated character class") }
            if c == "]" { i += 1; return set }
            let lo = try classAtom()
            if case .range(let a, _) = lo, peek == "-", i + 1 < s.count, s[i + 1] != "]" {
                i += 1
                let hi = try classAtom()
                guard case .range(let b, _) = hi else {
                    // [a-\d]: Annex B treats '-' literally.
                    set.items.append(lo)
                    set.items.append(.range(0x2D, 0x2D))
                    set.items.append(hi)
                    continue
                }
                guard a <= b else { throw RegexError("range out of order in character class") }
                set.items.append(.range(a, b))
            } else {
                set.items.append(lo)
            }
        }
    }

    private mutating func classAtom() throws(RegexError) -> RegexCharSet.Item {
        let c = s[i]
        guard c == "\\" else {
            i += 1
            return .range(c.value, c.value)
        }
        i += 1
        guard let e = peek else { throw RegexError("pattern ends with '\\'") }
        switch e {
        case "d", "D", "w", "W", "s", "S", "p", "P": return try classEscape()
        case "b": i += 1; return .range(8, 8)
        case "-": i += 1; return .range(0x2D, 0x2D)
        default:
            let scalar = try characterEscape()
            return .range(scalar.value, scalar.value)
        }
    }
}

enum UnicodeCategories {
    static func named(_ name: String) -> Set<Unicode.GeneralCategory>? {
        let n = name.hasPrefix("General_Category=") ? String(name.dropFirst(17)) : (name.hasPrefix("gc=") ? String(name.dropFirst(3)) : name)
        switch n {
        case "L", "Letter": return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        case "Lu", "Uppercase_Letter": return [.uppercaseLetter]
        case "Ll", "Lowercase_Letter": return [.lowercaseLetter]
        case "Lt", "Titlecase_Letter": return [.titlecaseLetter]
        case "LC", "Cased_Letter": return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
        case "Lm", "Modifier_Letter": return [.modifierLetter]
        case "Lo", "Other_Letter": return [.otherLetter]
        case "M", "Mark": return [.nonspacingMark, .spacingMark, .enclosingMark]
        case "Mn", "Nonspacing_Mark": return [.nonspacingMark]
        case "Mc", "Spacing_Mark": return [.spacingMark]
        case "Me", "Enclosing_Mark": return [.enclosingMark]
        case "N", "Number": return [.decimalNumber, .letterNumber, .otherNumber]
        case "Nd", "Decimal_Number", "digit": return [.decimalNumber]
        case "Nl", "Letter_Number": return [.letterNumber]
        case "No", "Other_Number": return [.otherNumber]
        case "P", "Punctuation", "punct":
            return [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation]
        case "S", "Symbol": return [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "Sm", "Math_Symbol": return [.mathSymbol]
        case "Sc", "Currency_Symbol": return [.currencySymbol]
        case "Z", "Separator": return [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "Zs", "Space_Separator": return [.spaceSeparator]
        case "C", "Other": return [.control, .format, .surrogate, .privateUse, .unassigned]
        case "Cc", "Control", "cntrl": return [.control]
        case "Cf", "Format": return [.format]
        case "Co", "Private_Use": return [.privateUse]
        case "Cn", "Unassigned": return [.unassigned]
        default: return nil
        }
    }
}
