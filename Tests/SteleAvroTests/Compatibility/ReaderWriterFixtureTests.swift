import Foundation
import SteleJSON
import SteleSchema
import Testing
@testable import SteleAvro
import SteleTestSupport

/// The authored reader/writer pairs of `Fixtures/avro/compatibility/reader_writer_cases.json`:
/// each with the expected verdict and every incompatibility (type, Java location, Avro message).
@Suite struct ReaderWriterFixtureTests {
    struct Case: CustomStringConvertible {
        var name: String
        var reader: String
        var writer: String
        var compatible: Bool
        var expected: [String]
        var description: String { name }
    }

    static func load() throws -> [Case] {
        let text = try TestPaths.read(TestPaths.fixtures.appendingPathComponent("avro/compatibility/reader_writer_cases.json"))
        guard case .array(let items) = try JSONParser(options: .init(maxBytes: 64 << 20)).parse(text) else { return [] }
        return items.map { item in
            let expected = (item["incompatibilities"]?.arrayValue ?? []).map { i in
                "\(i["type"]?.stringValue ?? "") \(i["location"]?.stringValue ?? "") \(i["message"]?.stringValue ?? "")"
            }
            return Case(
                name: item["name"]?.stringValue ?? "?", reader: JSONWriter.compact(item["reader"] ?? .null),
                writer: JSONWriter.compact(item["writer"] ?? .null), compatible: item["compatible"]?.boolValue ?? false,
                expected: expected)
        }
    }

    @Test func atLeast150AuthoredPairsCoveringEveryIncompatibilityType() throws {
        let cases = try Self.load()
        #expect(cases.count >= 150)
        let types = Set(cases.flatMap(\.expected).map { String($0.split(separator: " ")[0]) })
        #expect(types == Set(AvroIncompatibilityType.allCases.map(\.rawValue)))
    }

    @Test(arguments: try load())
    func pair(_ c: Case) throws {
        let reader = try AvroSchema(parsing: c.reader, options: .lenient)
        let writer = try AvroSchema(parsing: c.writer, options: .lenient)
        let found = AvroCompatibility().incompatibilities(reader: reader, writer: writer)
        #expect(found.isEmpty == c.compatible)
        let rendered = found.map { "\($0.type.rawValue) \($0.javaLocation) \($0.message)" }
        #expect(rendered == c.expected)
    }
}
