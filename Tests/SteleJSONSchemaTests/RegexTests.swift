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
