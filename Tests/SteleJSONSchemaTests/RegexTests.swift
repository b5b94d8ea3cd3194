import Testing
@testable import SteleJSONSchema

@Suite struct RegexTests {
    func m(_ p: String, _ s: String) throws -> Bool { try ECMARegex(p).matches(s) }

    @Test func basics() throws {
        #expect(try m("a+", "xaay"))
        #expect(try !m("^a+$", "xaay"))
        #expect(try m("^[a-c]{2,3}$", "abc"))
        #expect(try !m("^[a-c]{2,3}$", "abcd"))
        #expect(try m("^[^0-9]*$", "abc"))
        #expect(try m("colou?r", "color"))
        #expect(try m("^(?:ab|cd)+$", "abcdab"))
        #expect(try m(#"^\d{3}-\d{4}$"#, "555-1234"))
        #expect(try !m(#"^\d$"#, "\u{0660}"), "\\d is ASCII only in ECMA-262")
        #expect(try m(#"^\w+$"#, "snake_case9"))
        #expect(try m(#"\bfoo\b"#, "a foo b"))
        #expect(try !m(#"\bfoo\b"#, "afoob"))
        #expect(try m(#"^\p{Letter}+$"#, "héllo"))
        #expect(try m(#"^\u{1F432}*$"#, "🐲🐲"))
        #expect(try m("^.$", "🐲"), "dot matches one code point")
        #expect(try !m("^.$", "\n"))
        #expect(try m("a(?=b)", "ab"))
        #expect(try !m("a(?!b)", "ab"))
        #expect(try m("^a*?$", "aaa"))
        #expect(try m("x{", "x{"), "a brace that is not a quantifier is literal")
        #expect(try m(#"^\cC$"#, "\u{03}"))
    }

    @Test func unsupportedSyntaxIsAnError() {
        #expect(throws: RegexError.self) { try ECMARegex(#"(a)\1"#) }
        #expect(throws: RegexError.self) { try ECMARegex("(?<=a)b") }
        #expect(throws: RegexError.self) { try ECMARegex("a{3,2}") }
        #expect(throws: RegexError.self) { try ECMARegex("(a") }
        #expect(throws: RegexError.self) { try ECMARegex("*a") }
    }
}

@Suite struct RegexWorkBoundTests {
    /// A look-ahead inside a loop re-scans the rest of the input at every position: quadratic
    /// work, cut off by the budget (an answer of nil, which `matches` turns into an error).
    @Test func lookaheadWorkCountsAgainstTheBudget() throws {
        let re = try ECMARegex("^(?:(?=.*x).)*$")
        // Each of the 1,001 positions' look-ahead scans to the final x: about 500,000 steps.
        let input = Array((String(repeating: "a", count: 1_000) + "x").unicodeScalars)
        var small = RegexMachine(program: re.program, lookarounds: re.lookarounds, input: input, budget: 10_000)
        #expect(small.search() == nil)
        var enough = RegexMachine(program: re.program, lookarounds: re.lookarounds, input: input, budget: 10_000_000)
        #expect(enough.search() == true)
        #expect(try re.matches(String(repeating: "a", count: 1_000) + "x"))
        #expect(try !re.matches(String(repeating: "a", count: 1_000)))
        #expect(try !ECMARegex("^(?:(?=.*x)a)+$").matches(String(repeating: "a", count: 1_000)))
    }
}
