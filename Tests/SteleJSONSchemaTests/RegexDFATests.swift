import Testing
@testable import SteleJSONSchema

/// The byte automaton must answer exactly as the general machine does (which the
/// JSON-Schema-Test-Suite and the tests above pin), on every pattern it accepts to build.
@Suite struct RegexDFATests {
    static let patterns = [
        "^[A-Z0-9]{6,10}$", "^[A-Za-z0-9+/]*={0,2}$", "^[0-9a-f]{32}$", #"^-?[0-9]{1,10}\.[0-9]{2}$"#,
        "^[A-Z]{3}-[0-9]{5}$", "^[0-9]{5}$", "a+", "^a+$", "^[a-c]{2,3}$", "^[^0-9]*$", "colou?r",
        "^(?:ab|cd)+$", #"^\d{3}-\d{4}$"#, #"^\w+$"#, "^.$", "^a*?$", "x{", "", "^", "$", "^$", "a|b|",
        "(a|ab)(c|bcd)(d*)", "^(a+)+$", "^(a|aa)*b$", "ab*c", "^.*$", ".", #"^\s*\S+\s*$"#, "[^a]", "^[^a]$",
        #"^\p{Letter}+$"#, "^(?:[a-z]{2}|[0-9]{3}){2,4}$", "b$", "^a|b$", "(?:^a)|c", "a{0}", "a{0,0}b", "^(?:)*$",
        #"^[\x00-\x7f]*$"#, #"^[^\x00-\x7f]$"#, #"^ab[^\x00-\x7f]"#, "^é", "é$", #"\.$"#, "^[-a]+$",
    ]

    static let inputs = [
        "", "a", "b", "aa", "ab", "abc", "abcd", "abcdab", "aaa", "aaab", "colour", "color", "x{", "XWB4ALZX",
        "ABC-12345", "abc-12345", "12345", "1234", "123456", "340.88", "-1.00", "12345678901.00", "1.0",
        "c84ef49de17962f2dbc7de31013c213a", "c84ef49de17962f2dbc7de31013c213", "yUUGOAoQP4Kiz8hQV1KcnW==",
        "yUU=G", "555-1234", "snake_case9", " x ", "\n", "a\nb", "é", "aé", "abé", "éa", "aa\u{0}", "-a-",
        "zz999", "zz999zz", "999zz999zz", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", "abcbcd", "acd", "cb",
    ]

    @Test func answersAsTheGeneralMachineDoes() throws {
        var built = 0
        for p in Self.patterns {
            let re = try ECMARegex(p)
            if re.dfa != nil { built += 1 }
            for s in Self.inputs {
                #expect(try re.matches(s) == re.matchesWithMachine(s), "/\(p)/ on \(s.debugDescription)")
            }
        }
        #expect(built >= Self.patterns.count - 1, "every pattern here but the look-around-free limit case builds an automaton")
    }

    @Test func randomPatternsAndInputsAgree() throws {
        // A fixed-seed generator over a small alphabet, so most inputs meet most patterns.
        var rng = SplitMix(seed: 0x5EED)
        let atoms = ["a", "b", "[ab]", "[^a]", ".", #"\d"#, "1", "(?:a|b1)", "(?:ab)", "-"]
        let quantifiers = ["", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}"]
        var checked = 0
        for _ in 0..<300 {
            var p = rng.next() % 3 == 0 ? "^" : ""
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                p += atoms[Int(rng.next() % UInt64(atoms.count))] + quantifiers[Int(rng.next() % UInt64(quantifiers.count))]
            }
            if rng.next() % 3 == 0 { p += "$" }
            let re = try ECMARegex(p)
            #expect(re.dfa != nil, "/\(p)/ builds an automaton")
            for _ in 0..<20 {
                var s = ""
                for _ in 0..<Int(rng.next() % 7) { s += ["a", "b", "1", "-", "\n", "é"][Int(rng.next() % 6)] }
                #expect(try re.matches(s) == re.matchesWithMachine(s), "/\(p)/ on \(s.debugDescription)")
                checked += 1
            }
        }
        #expect(checked == 6_000)
    }

    @Test func lookAroundAndWordBoundariesKeepTheGeneralMachine() throws {
        #expect(try ECMARegex("a(?=b)").dfa == nil)
        #expect(try ECMARegex(#"\bfoo"#).dfa == nil)
        #expect(try ECMARegex("^(?:a|b){1000}$").dfa == nil, "an automaton past the size limit is not built")
        #expect(try ECMARegex("^(?:a|b){1000}$").matches(String(repeating: "ab", count: 500)))
    }

    @Test func aPatternTooCostlyToBuildKeepsTheGeneralMachine() throws {
        // 62 optional single-character classes, three times over: hundreds of automaton states
        // over 63 byte classes, beyond the construction budget.
        let chars = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let pattern = "^(?:" + chars.map { "\($0)?" }.joined() + "){3}$"
        let re = try ECMARegex(pattern)
        #expect(re.dfa == nil)
        #expect(try re.matches("abcXYZ012"))
        #expect(try !re.matches("cba-"))
    }
}

/// SplitMix64: a tiny deterministic generator for reproducible test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
