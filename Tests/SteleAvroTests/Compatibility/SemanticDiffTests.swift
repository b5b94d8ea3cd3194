import SteleSchema
import Testing
@testable import SteleAvro

@Suite struct SemanticDiffTests {
    func changes(_ old: String, _ new: String) throws -> [AvroChange] {
        AvroSemanticDiff.changes(from: try AvroSchema(parsing: old, options: .lenient), to: try AvroSchema(parsing: new, options: .lenient))
    }

    func summary(_ cs: [AvroChange]) -> [String] { cs.map { "\($0.kind.rawValue) \($0.path.tokens.isEmpty ? "/" : $0.path.description) \($0.impact)" } }

    let v1 = #"{"type":"record","name":"Ride","namespace":"nyc","doc":"a ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"float"},{"name":"status","type":{"type":"enum","name":"Status","symbols":["OPEN","DONE"]}},{"name":"note","type":["null","string"],"default":null}]}"#

    @Test func identicalSchemasHaveNoChanges() throws {
        #expect(try changes(v1, v1).isEmpty)
    }

    @Test func aRealisticEvolution() throws {
        let v7 = #"{"type":"record","name":"Ride","namespace":"nyc","doc":"a taxi ride","fields":[{"name":"ride_id","type":"long","aliases":["id"]},{"name":"fare","type":"double"},{"name":"status","type":{"type":"enum","name":"Status","symbols":["OPEN","DONE","VOID"]}},{"name":"tip","type":"double","default":0},{"name":"driver","type":"string"}]}"#
        #expect(summary(try changes(v1, v7)) == [
            "DOC_CHANGED /doc compatible both ways",
            "FIELD_RENAMED /fields/0/name breaks FORWARD",
            "TYPE_PROMOTED /fields/1/type breaks FORWARD",
            "ENUM_SYMBOL_ADDED /fields/2/type/symbols breaks FORWARD",
            "FIELD_ADDED /fields/3 compatible both ways",
            "FIELD_ADDED /fields/4 breaks BACKWARD",
            "FIELD_REMOVED /fields/3 compatible both ways",
        ])
    }

    @Test func diffAndCheckerAgree() throws {
        // For every fixture pair: some change breaks BACKWARD (reader new, writer old) exactly
        // when the checker finds an incompatibility, and likewise FORWARD.
        for c in try ReaderWriterFixtureTests.load() {
            let old = try AvroSchema(parsing: c.writer, options: .lenient)
            let new = try AvroSchema(parsing: c.reader, options: .lenient)
            let cs = AvroSemanticDiff.changes(from: old, to: new)
            let backward = AvroCompatibility().canRead(reader: new, writer: old)
            let forward = AvroCompatibility().canRead(reader: old, writer: new)
            #expect(cs.contains(where: \.breaksBackward) == !backward, "\(c.name) backward: \(cs)")
            #expect(cs.contains(where: \.breaksForward) == !forward, "\(c.name) forward: \(cs)")
        }
    }

    @Test func unionAndEnumChanges() throws {
        let u = summary(try changes(#"["null","int","string"]"#, #"["string","null","boolean"]"#))
        #expect(u == ["UNION_BRANCH_ADDED /2 breaks FORWARD", "UNION_BRANCH_REMOVED /1 breaks BACKWARD", "UNION_BRANCHES_REORDERED / compatible both ways"])
        let e = summary(try changes(#"{"type":"enum","name":"E","symbols":["A","B","C"],"default":"A"}"#, #"{"type":"enum","name":"E","symbols":["C","A"],"default":"A"}"#))
        #expect(e == ["ENUM_SYMBOL_REMOVED /symbols compatible both ways", "ENUM_SYMBOLS_REORDERED /symbols compatible both ways"])
        let promoted = summary(try changes(#"["null","int"]"#, #"["null","long"]"#))
        #expect(promoted == ["UNION_BRANCH_ADDED /1 breaks FORWARD", "UNION_BRANCH_REMOVED /1 compatible both ways"])
    }

    @Test func metadataOnlyChanges() throws {
        let cs = summary(try changes(
            #"{"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"d"}]}"#,
            #"{"type":"record","name":"R","namespace":"b","aliases":["a.R"],"fields":[{"name":"x","type":{"type":"long","logicalType":"timestamp-micros"},"order":"descending","default":0}]}"#))
        #expect(cs == [
            "NAMESPACE_CHANGED /namespace compatible both ways", "ALIASES_CHANGED /aliases compatible both ways",
            "FIELD_DOC_CHANGED /fields/0/doc compatible both ways", "FIELD_DEFAULT_ADDED /fields/0/default compatible both ways",
            "FIELD_ORDER_CHANGED /fields/0/order compatible both ways", "LOGICAL_TYPE_CHANGED /fields/0/type compatible both ways",
        ])
    }

    @Test func recursiveSchemasTerminate() throws {
        let a = #"{"type":"record","name":"N","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","N"]}]}"#
        let b = #"{"type":"record","name":"N","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","N"]}]}"#
        #expect(summary(try changes(a, b)) == ["TYPE_PROMOTED /fields/0/type breaks FORWARD"])
    }
}
