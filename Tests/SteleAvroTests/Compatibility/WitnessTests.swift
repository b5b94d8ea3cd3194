import SteleJSON
import SteleSchema
import Testing
@testable import SteleAvro

/// Witnesses: a datum of the writer that the reader cannot read, verified before it is shown.
@Suite struct WitnessTests {
    func witnesses(reader: String, writer: String) throws -> [JSONValue?] {
        let r = try AvroSchema(parsing: reader, options: .lenient)
        let w = try AvroSchema(parsing: writer, options: .lenient)
        let builder = AvroWitnessBuilder(reader: r, writer: w)
        return AvroCompatibility().incompatibilities(reader: r, writer: w).map { builder.witness(for: $0) }
    }

    @Test func everyIncompatibleFixturePairHasAVerifiedWitness() throws {
        var incompatibilities = 0, withWitness = 0
        var missing: [String] = []
        var impossible: [String] = []
        for c in try ReaderWriterFixtureTests.load() where !c.compatible {
            let w = try AvroSchema(parsing: c.writer, options: .lenient)
            if !w.instantiableNodes[w.root.index] {
                // The writer can hold no value at all: no witness exists, and none is shown.
                impossible.append(c.name)
                #expect(try witnesses(reader: c.reader, writer: c.writer).allSatisfy { $0 == nil })
                continue
            }
            let ws = try witnesses(reader: c.reader, writer: c.writer)
            incompatibilities += ws.count
            withWitness += ws.compactMap { $0 }.count
            if ws.allSatisfy({ $0 == nil }) { missing.append(c.name) }
        }
        print("witnesses: \(withWitness)/\(incompatibilities) incompatibilities in the fixture pairs; none for: \(missing); writer holds no value: \(impossible)")
        #expect(impossible == ["recursive record read as renamed recursive record"])
        #expect(missing.isEmpty, "no witness for: \(missing)")
        #expect(withWitness == incompatibilities)
    }

    @Test func witnessesAreConcreteAvroJSON() throws {
        let added = try witnesses(
            reader: #"{"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"tip","type":"double"}]}"#,
            writer: #"{"type":"record","name":"R","fields":[{"name":"id","type":"long"}]}"#)
        #expect(added == [["id": 0]])
        let symbol = try witnesses(reader: #"{"type":"enum","name":"S","symbols":["A"]}"#, writer: #"{"type":"enum","name":"S","symbols":["A","B","C"]}"#)
        #expect(symbol == [.string("B")])
        let optional = try witnesses(
            reader: #"{"type":"record","name":"R","fields":[{"name":"v","type":"string"}]}"#,
            writer: #"{"type":"record","name":"R","fields":[{"name":"v","type":["null","string"],"default":null}]}"#)
        #expect(optional == [["v": nil]])
        let branch = try witnesses(
            reader: #"{"type":"record","name":"R","fields":[{"name":"v","type":["null","string"]}]}"#,
            writer: #"{"type":"record","name":"R","fields":[{"name":"v","type":["null","string","boolean"]}]}"#)
        #expect(branch == [["v": ["boolean": false]]])
        let nested = try witnesses(
            reader: #"{"type":"array","items":{"type":"map","values":"int"}}"#,
            writer: #"{"type":"array","items":{"type":"map","values":"long"}}"#)
        #expect(nested == [[["k": 0]]])
    }

    @Test func noWitnessWhenTheWriterCanHoldNoValue() throws {
        // A writer record that recurses without end has no datum at all: say so (nil).
        let ws = try witnesses(
            reader: #"{"type":"record","name":"A","fields":[{"name":"a","type":"A"},{"name":"b","type":"int"}]}"#,
            writer: #"{"type":"record","name":"A","fields":[{"name":"a","type":"A"}]}"#)
        #expect(ws == [nil])
    }

    @Test func datumsOfCompatiblePairsResolve() throws {
        // Independent cross-check of the datum-level resolver: for every compatible fixture
        // pair whose writer can hold a value, a non-trivial writer datum (one element in each
        // array and map) is valid and resolves with the reader.
        for c in try ReaderWriterFixtureTests.load() where c.compatible {
            let r = try AvroSchema(parsing: c.reader, options: .lenient)
            let w = try AvroSchema(parsing: c.writer, options: .lenient)
            if let datum = minimalDatum(w) {
                #expect(AvroJSONDatum.problem(datum, w.root, in: w) == nil, "\(c.name)")
                #expect(AvroJSONDatum.resolutionProblem(datum, reader: r, r.root, writer: w, w.root) == nil, "\(c.name)")
            }
        }
    }

    func minimalDatum(_ w: AvroSchema) -> JSONValue? {
        let ok = w.instantiableNodes
        func go(_ id: AvroNodeID, _ depth: Int) -> JSONValue? {
            guard ok[id.index], depth < 50 else { return nil }
            switch w[id] {
            case .primitive(.null, _, _): return .null
            case .primitive(.boolean, _, _): return .bool(true)
            case .primitive(.string, _, _), .primitive(.bytes, _, _): return "x"
            case .primitive: return 1
            case .enumeration(let e): return .string(e.symbols[0])
            case .fixed(let f): return .string(String(repeating: "a", count: f.size))
            case .array(let items, _): return go(items, depth + 1).map { .array([$0]) } ?? .array([])
            case .map(let values, _): return go(values, depth + 1).map { ["k": $0] } ?? .object(JSONObject())
            case .union(let bs):
                guard let b = bs.first(where: { ok[$0.index] }), let v = go(b, depth + 1) else { return nil }
                if case .primitive(.null, _, _) = w[b] { return .null }
                return .object(JSONObject(uniqueMembers: [.init(key: AvroJSONDatum.branchName(w[b]), value: v)]))
            case .record(let r):
                var members: [JSONObject.Member] = []
                for f in r.fields {
                    guard let v = go(f.type, depth + 1) else { return nil }
                    members.append(.init(key: f.name, value: v))
                }
                return .object(JSONObject(uniqueMembers: members))
            }
        }
        return go(w.root, 0)
    }
}
