import SteleSchema
import Testing
@testable import SteleAvro

@Suite struct NamesAndNamespacesTests {
    @Test func namespaceAttributeAndDottedNames() throws {
        let s = try #require(parsed(#"{"type":"record","name":"a.b.Foo","namespace":"ignored.ns","fields":[]}"#))
        #expect(s.rootNode.name == AvroName(name: "Foo", namespace: "a.b"))
        let t = try #require(parsed(#"{"type":"record","name":"Foo","namespace":"x.y","fields":[]}"#))
        #expect(t.rootNode.name?.fullName == "x.y.Foo")
    }

    @Test func nestedTypesInheritTheEnclosingNamespace() throws {
        let s = try #require(parsed("""
            {"type":"record","name":"x.Y","fields":[
              {"name":"e","type":{"type":"enum","name":"E","symbols":["A"]}},
              {"name":"z","type":{"type":"record","name":"Z","namespace":"other","fields":[
                {"name":"f","type":{"type":"fixed","name":"F","size":2}}]}},
              {"name":"g","type":"E"},
              {"name":"h","type":"other.F"}
            ]}
            """))
        #expect(Set(s.namedTypes.keys) == ["x.Y", "x.E", "other.Z", "other.F"])
    }

    @Test func emptyNamespaceMeansTheNullNamespace() throws {
        let s = try #require(parsed("""
            {"type":"record","name":"R","namespace":"x","fields":[
              {"name":"z","type":{"type":"enum","name":"Z","namespace":"","symbols":["A"]}},
              {"name":"again","type":"Z"}
            ]}
            """))
        #expect(s.namedTypes["Z"] != nil)
        #expect(s.namedTypes["x.Z"] == nil)
        // Java writes "namespace":"" for a null-namespace type inside a namespaced one.
        #expect(s.canonicalText == #"{"type":"record","name":"R","namespace":"x","fields":[{"name":"z","type":{"type":"enum","name":"Z","namespace":"","symbols":["A"]}},{"name":"again","type":"Z"}]}"#)
        #expect(s.parsingCanonicalForm == #"{"name":"x.R","type":"record","fields":[{"name":"z","type":{"name":"Z","type":"enum","symbols":["A"]}},{"name":"again","type":"Z"}]}"#)
    }

    @Test func simpleNamesResolveInTheEnclosingNamespaceThenTheNullNamespace() throws {
        let s = try #require(parsed("""
            {"type":"record","name":"Outer","fields":[
              {"name":"a","type":{"type":"fixed","name":"Id","size":4}},
              {"name":"in","type":{"type":"record","name":"Inner","namespace":"ns","fields":[
                {"name":"b","type":"Id"}]}}
            ]}
            """))
        #expect(s.namedTypes["Id"] != nil)
    }

    @Test func invalidNamesAreRejectedWithTheirPosition() throws {
        let cases: [(String, String)] = [
            (#"{"type":"record","name":"2d","fields":[]}"#, "/name"),
            (#"{"type":"record","name":"a-b","fields":[]}"#, "/name"),
            (#"{"type":"record","name":"","fields":[]}"#, "/name"),
            (#"{"type":"record","name":"R","namespace":"a..b","fields":[]}"#, "/namespace"),
            (#"{"type":"record","name":"a..R","fields":[]}"#, "/name"),
            (#"{"type":"record","name":"R","fields":[{"name":"bad name","type":"int"}]}"#, "/fields/0/name"),
            (#"{"type":"enum","name":"E","symbols":["ok","1bad"]}"#, "/symbols/1"),
            (#"{"type":"record","name":"R","aliases":["fine","no-good"],"fields":[]}"#, "/aliases/1"),
            (#"{"type":"record","name":"R","fields":[{"name":"f","type":"int","aliases":["x.y"]}]}"#, "/fields/0/aliases/0"),
            (#"{"type":"record","name":"int","fields":[]}"#, "/name"),
            (#"{"type":"fixed","name":"ns.string","size":1}"#, "/name"),
        ]
        for (text, pointer) in cases {
            let f = rejection(text)
            #expect(f?.rule == AvroRules.invalidName, "\(text)")
            #expect(f?.pointer.description == pointer, "\(text)")
            #expect(f?.range.start.line == 1)
        }
    }

    @Test func namesMayNotBeRedefined() {
        let f = rejection("""
            {"type":"record","name":"R","fields":[
              {"name":"a","type":{"type":"enum","name":"E","symbols":["A"]}},
              {"name":"b","type":{"type":"fixed","name":"E","size":1}}
            ]}
            """)
        #expect(f?.rule == AvroRules.redefinedName)
        #expect(f?.pointer.description == "/fields/1/type/name")
        #expect(f?.range.start.line == 3)
        #expect(f?.message.contains("first defined at /fields/0/type") == true)
    }

    @Test func namesMustBeDefinedBeforeUse() {
        let f = rejection(#"{"type":"record","name":"R","fields":[{"name":"a","type":"Later"},{"name":"b","type":{"type":"fixed","name":"Later","size":1}}]}"#)
        #expect(f?.rule == AvroRules.undefinedName)
        #expect(f?.pointer.description == "/fields/0/type")
    }

    @Test func aliasesAreResolvedAgainstTheTypesNamespaceAndDeduplicated() throws {
        let s = try #require(parsed(#"{"type":"record","name":"R","namespace":"n","aliases":["Old","n.Old","other.Older"],"fields":[{"name":"f","type":"int","aliases":["g","g"]}]}"#))
        guard case .record(let r) = s.rootNode else { Issue.record("not a record"); return }
        #expect(r.aliases.map(\.fullName) == ["n.Old", "other.Older"])
        #expect(r.fields[0].aliases == ["g"])
        // Written relative to the type's namespace, after properties, as Java does.
        #expect(s.canonicalText == #"{"type":"record","name":"R","namespace":"n","fields":[{"name":"f","type":"int","aliases":["g"]}],"aliases":["Old","other.Older"]}"#)
    }
}
