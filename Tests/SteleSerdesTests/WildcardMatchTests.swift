import Testing
@testable import SteleSerdes

/// Confluent's wildcard matcher of dotted names (its own documented examples).
@Suite struct WildcardMatchTests {
    @Test(arguments: [
        ("eve", "eve*", true), ("alice.bob.eve", "a*.bob.eve", true), ("alice.bob.eve", "a*.bob.e*", true),
        ("alice.bob.eve", "a*", false), ("alice.bob.eve", "a**", true), ("alice.bob.eve", "alice.bob*", false),
        ("alice.bob.eve", "alice.bob**", true), ("hr.User.ssn", "**.ssn", true), ("hr.User.ssn", "hr.User.ss?", true),
        ("hr.User.ssn", "hr.User.s?", false), ("$.card.number", "$.card.*", true),
    ])
    func matches(text: String, pattern: String, expected: Bool) {
        #expect(WildcardMatch.matches(text, pattern) == expected, "\(text) ~ \(pattern)")
    }
}
