import SteleJSON
import SteleSchema
import Testing
@testable import SteleAvro

@Suite struct StructureTests {
    @Test func everyPrimitiveInBothForms() throws {
        for p in AvroPrimitive.allCases {
            let bare = try #require(parsed("\"\(p.rawValue)\""))
            let object = try #require(parsed("{\"type\":\"\(p.rawValue)\"}"))
            #expect(bare.parsingCanonicalForm == "\"\(p.rawValue)\"")
            #expect(object.canonicalText == "\"\(p.rawValue)\"")
        }
    }

    @Test func missingAndMistypedAttributes() {
        let cases: [(String, RuleID, String)] = [
            (#"{"name":"R","fields":[]}"#, AvroRules.missingAttribute, ""),
            (#"{"type":"record","fields":[]}"#, AvroRules.missingAttribute, ""),
            (#"{"type":"record","name":"R"}"#, AvroRules.missingAttribute, ""),
            (#"{"type":"record","name":"R","fields":{}}"#, AvroRules.invalidAttribute, "/fields"),
            (#"{"type":"record","name":"R","fields":[{"name":"a"}]}"#, AvroRules.missingAttribute, "/fields/0"),
            (#"{"type":"record","name":"R","fields":[{"type":"int"}]}"#, AvroRules.missingAttribute, "/fields/0"),
            (#"{"type":"record","name":"R","fields":[3]}"#, AvroRules.invalidAttribute, "/fields/0"),
            (#"{"type":"record","name":"R","doc":5,"fields":[]}"#, AvroRules.invalidAttribute, "/doc"),
            (#"{"type":"record","name":["R"],"fields":[]}"#, AvroRules.invalidAttribute, "/name"),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","order":"up"}]}"#, AvroRules.invalidAttribute, "/fields/0/order"),
            (#"{"type":"enum","name":"E"}"#, AvroRules.missingAttribute, ""),
            (#"{"type":"enum","name":"E","symbols":"A B"}"#, AvroRules.invalidAttribute, "/symbols"),
            (#"{"type":"fixed","name":"F"}"#, AvroRules.missingAttribute, ""),
            (#"{"type":"fixed","name":"F","size":-1}"#, AvroRules.invalidAttribute, "/size"),
            (#"{"type":"fixed","name":"F","size":"16"}"#, AvroRules.invalidAttribute, "/size"),
            (#"{"type":"fixed","name":"F","size":1.5}"#, AvroRules.invalidAttribute, "/size"),
            (#"{"type":"array"}"#, AvroRules.missingAttribute, ""),
            (#"{"type":"map"}"#, AvroRules.missingAttribute, ""),
            (#"{"type":{"type":"int"}}"#, AvroRules.invalidAttribute, "/type"),
            (#"{"type":"panther"}"#, AvroRules.unknownType, "/type"),
            (#""record""#, AvroRules.unknownType, ""),
            ("42", AvroRules.invalidAttribute, ""),
            ("{\"type\":\"int\",", AvroRules.invalidJSON, ""),
        ]
        for (text, rule, pointer) in cases {
            let f = rejection(text)
            #expect(f?.rule == rule, "\(text): \(String(describing: f))")
            #expect(f?.pointer.description == pointer, "\(text)")
        }
    }

    @Test func recordFieldsEnumsAndOrder() throws {
        let s = try #require(parsed("""
            {"type":"record","name":"R","doc":"a record","fields":[
              {"name":"a","type":"int","doc":"first","order":"descending"},
              {"name":"b","type":"string","order":"IGNORE","default":"x"},
              {"name":"c","type":{"type":"enum","name":"Suit","symbols":["HEART","SPADE"],"default":"SPADE"}}
            ]}
            """))
        guard case .record(let r) = s.rootNode else { Issue.record("not a record"); return }
        #expect(r.doc == "a record")
        #expect(r.fields.map(\.order) == [.descending, .ignore, .ascending])
        #expect(r.fields[1].defaultValue == .string("x"))
        guard case .enumeration(let e) = s[r.fields[2].type] else { Issue.record("not an enum"); return }
        #expect(e.symbols == ["HEART", "SPADE"])
        #expect(e.defaultSymbol == "SPADE")
        #expect(s.canonicalText == #"{"type":"record","name":"R","doc":"a record","fields":[{"name":"a","type":"int","doc":"first","order":"descending"},{"name":"b","type":"string","default":"x","order":"ignore"},{"name":"c","type":{"type":"enum","name":"Suit","symbols":["HEART","SPADE"],"default":"SPADE"}}]}"#)
    }

    @Test func duplicatesInRecordsAndEnums() {
        #expect(rejection(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"long"}]}"#)?.rule == AvroRules.duplicateField)
        #expect(rejection(#"{"type":"enum","name":"E","symbols":["A","B","A"]}"#)?.rule == AvroRules.duplicateSymbol)
        let f = rejection(#"{"type":"enum","name":"E","symbols":["A","B"],"default":"C"}"#)
        #expect(f?.rule == AvroRules.invalidEnumDefault)
        #expect(f?.pointer.description == "/default")
    }

    @Test func unionRules() throws {
        #expect(parsed(#"["null","int","string",{"type":"array","items":"int"},{"type":"map","values":"int"}]"#) != nil)
        // Named types of different names may share a union; two records of one name may not.
        #expect(parsed(#"[{"type":"record","name":"A","fields":[]},{"type":"record","name":"B","fields":[]}]"#) != nil)
        let nested = rejection(#"["null",["int","string"]]"#)
        #expect(nested?.rule == AvroRules.nestedUnion)
        #expect(nested?.pointer.description == "/1")
        #expect(rejection(#"["int","string","int"]"#)?.rule == AvroRules.duplicateUnionBranch)
        #expect(rejection(#"[{"type":"array","items":"int"},{"type":"array","items":"string"}]"#)?.rule == AvroRules.duplicateUnionBranch)
        // A logical type does not make a second branch of the same underlying type.
        #expect(rejection(#"["long",{"type":"long","logicalType":"timestamp-millis"}]"#)?.rule == AvroRules.duplicateUnionBranch)
        let e = try #require(parsed(#"[]"#))
        #expect(e.canonicalText == "[]")
    }

    @Test func propertiesArePreservedInSourceOrder() throws {
        let s = try #require(parsed(#"{"type":"record","name":"R","zeta":1,"alpha":{"b":[1.50,true],"a":null},"fields":[{"name":"f","type":{"type":"string","avro.java.string":"String"},"custom":"x"}]}"#))
        #expect(s.canonicalText == #"{"type":"record","name":"R","fields":[{"name":"f","type":{"type":"string","avro.java.string":"String"},"custom":"x"}],"zeta":1,"alpha":{"b":[1.5,true],"a":null}}"#)
        // Properties never reach the Parsing Canonical Form.
        #expect(s.parsingCanonicalForm == #"{"name":"R","type":"record","fields":[{"name":"f","type":"string"}]}"#)
    }

    @Test func errorTypeIsARecord() throws {
        let s = try #require(parsed(#"{"type":"error","name":"Oops","fields":[{"name":"m","type":"string"}]}"#))
        #expect(s.canonicalText == #"{"type":"error","name":"Oops","fields":[{"name":"m","type":"string"}]}"#)
        #expect(s.parsingCanonicalForm == #"{"name":"Oops","type":"record","fields":[{"name":"m","type":"string"}]}"#)
    }

    @Test func duplicateJSONKeysAreRejectedWhenStrictAndLastWinsWhenLenient() throws {
        let text = #"{"type":"record","name":"R","name":"S","fields":[]}"#
        #expect(rejection(text)?.rule == AvroRules.invalidJSON)
        let lenient = try #require(parsed(text, .lenient))
        #expect(lenient.rootNode.name?.fullName == "S")
    }

    @Test func errorPositionsPointAtTheOffendingValue() {
        let text = """
            {
              "type": "record",
              "name": "Trip",
              "fields": [
                {"name": "id", "type": "long"},
                {"name": "fare", "type": "decimal"}
              ]
            }
            """
        let f = rejection(text)
        #expect(f?.rule == AvroRules.undefinedName)
        #expect(f?.pointer.description == "/fields/1/type")
        #expect(f?.range.start.line == 6)
        #expect(f?.range.start.column == 30)
        #expect(f?.description.hasPrefix("6:30: AVRO_UNDEFINED_NAME") == true)
    }
}
