import Testing
@testable import SteleJSON

@Suite struct JSONPointerTests {
    // RFC 6901 section 5 examples.
    let document: JSONValue = try! JSONParser.parse(
        #"{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,"i\\j":5,"k\"l":6," ":7,"m~n":8}"#)

    @Test func rfc6901Examples() {
        let cases: [(String, JSONValue?)] = [
            ("", document), ("/foo", ["bar", "baz"]), ("/foo/0", "bar"), ("/", 0), ("/a~1b", 1), ("/c%d", 2),
            ("/e^f", 3), ("/g|h", 4), ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7), ("/m~0n", 8),
        ]
        for (text, expected) in cases {
            let p = JSONPointer(parsing: text)
            #expect(p != nil)
            #expect(p?.resolve(in: document) == expected, "\(text)")
            #expect(p?.description == text)
        }
    }

    @Test func invalidPointersAndIndexes() {
        #expect(JSONPointer(parsing: "foo") == nil)
        #expect(JSONPointer(parsing: "/a~2") == nil)
        #expect(JSONPointer(parsing: "/a~") == nil)
        #expect(JSONPointer(parsing: "/foo/01")?.resolve(in: document) == nil)
        #expect(JSONPointer(parsing: "/foo/2")?.resolve(in: document) == nil)
        #expect(JSONPointer(parsing: "/foo/-")?.resolve(in: document) == nil)
    }

    @Test func building() {
        let p = JSONPointer.root.appending("fields").appending(3).appending("a/b~c")
        #expect(p.description == "/fields/3/a~1b~0c")
        #expect(p.parent?.description == "/fields/3")
        #expect(JSONPointer(parsing: p.description) == p)
    }
}
