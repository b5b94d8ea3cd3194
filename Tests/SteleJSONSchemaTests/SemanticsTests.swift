import SteleJSON
import Testing
@testable import SteleJSONSchema

@Suite struct SemanticsTests {
    func n(_ t: String) throws -> JSONValue { try JSONParser().parse(t) }

    @Test func multipleOfIsExactOnDecimals() throws {
        #expect(JSONSemantics.isMultiple(try n("0.0075"), of: try n("0.0001")))
        #expect(JSONSemantics.isMultiple(try n("19.99"), of: try n("0.01")))
        #expect(!JSONSemantics.isMultiple(try n("0.00751"), of: try n("0.0001")))
        #expect(JSONSemantics.isMultiple(try n("1e308"), of: try n("0.5")))
        #expect(JSONSemantics.isMultiple(try n("12"), of: try n("4")))
        #expect(!JSONSemantics.isMultiple(try n("12.5"), of: try n("4")))
    }

    @Test func numbersCompareByValue() throws {
        #expect(JSONSemantics.equal(try n("1"), try n("1.0")))
        #expect(JSONSemantics.equal(try n("100"), try n("1e2")))
        #expect(JSONSemantics.compare(try n("0.1"), try n("0.10000000000000001")) == -1)
        #expect(JSONSemantics.compare(try n("-2"), try n("-1.5")) == -1)
        #expect(JSONSemantics.equal(try n(#"{"a":1,"b":[1,2]}"#), try n(#"{"b":[1.0,2],"a":1}"#)))
        #expect(!JSONSemantics.equal(.string("\u{e9}"), .string("e\u{301}")))
    }

    @Test func uriResolution() {
        let base = URIReference(parsing: "http://a/b/c/d;p?q")
        // RFC 3986 §5.4.1 examples.
        for (ref, expected) in [("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
                                ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("#s", "http://a/b/c/d;p?q#s"), ("../g", "http://a/b/g"),
                                ("../..", "http://a/"), ("../../g", "http://a/g"), ("", "http://a/b/c/d;p?q")] {
            #expect(base.resolving(ref).description == expected, "\(ref)")
        }
    }
}
