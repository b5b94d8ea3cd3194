import Foundation
import SteleJSON
import SteleJSONSchema
import SteleTestSupport
import Testing

/// `stele check --format json|junit|github|sarif`: each a complete, machine-readable rendering
/// of the same findings.
@Suite("check output formats")
struct CheckFormatTests {
    /// A baseline and a change with an Avro break (ride), a JSON Schema break (order) and a
    /// deletion (location's file, which trip no longer uses).
    static func brokenRepository() throws -> GitFixture {
        let repo = try CheckSchemas.baseline()
        try repo.write("ride.avsc", CheckSchemas.ride.replacingOccurrences(of: #"["OPEN", "DONE"]"#, with: #"["OPEN"]"#))
        try repo.write("order.json", CheckSchemas.order.replacingOccurrences(of: #""type": "number""#, with: #""type": "integer""#))
        try repo.remove("trip.avsc")
        return repo
    }

    @Test("json: one object per finding per line, with buf's field names and the witness")
    func jsonLines() async throws {
        let repo = try Self.brokenRepository()
        let r = await stele("check", repo.schemas, "--against", "git:main", "--format", "json")
        #expect(r.code == 100)
        let objects = try r.out.split(separator: "\n").map { try JSONParser().parse(String($0)) }
        #expect(objects.count == 3, "\(r.out)")
        let ride = try #require(objects.first { $0["type"] == "AVRO_MISSING_ENUM_SYMBOLS" })
        #expect(ride["path"]?.stringValue == "\(repo.schemas)/ride.avsc")
        #expect(ride["start_line"]?.intValue == Int64(try repo.line(of: "symbols", in: "ride.avsc")))
        #expect(ride["subject"] == "ride" && ride["level"] == "BACKWARD" && ride["severity"] == "error")
        #expect(ride["witness"]?["status"] == "DONE")
        #expect(objects.contains { $0["type"] == "SUBJECT_DELETED" && $0["start_line"] == nil })
        #expect(objects.contains { $0["type"] == "JSON_TYPE_NARROWED" && $0["witness"] != nil })
    }

    @Test("github: an ::error workflow command per finding, with file, line, col and title escaped")
    func github() async throws {
        let repo = try Self.brokenRepository()
        let r = await stele("check", repo.schemas, "--against", "git:main", "--format", "github")
        #expect(r.code == 100)
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { $0.hasPrefix("::error file=") }, "\(r.out)")
        let line = try repo.line(of: "symbols", in: "ride.avsc")
        let ride = try #require(lines.first { $0.contains("AVRO_MISSING_ENUM_SYMBOLS") })
        #expect(ride.contains("ride.avsc,line=\(line),col="), "\(ride)")
        #expect(ride.contains("title=AVRO_MISSING_ENUM_SYMBOLS (ride)::"))
        #expect(ride.contains("%0Awitness: "), "the witness is on its own line of the annotation: \(ride)")
    }

    @Test("junit: a suite per file, a failing case per error, a passing case per compatible subject")
    func junit() async throws {
        let repo = try Self.brokenRepository()
        let r = await stele("check", repo.schemas, "--against", "git:main", "--format", "junit")
        #expect(r.code == 100)
        #expect(r.out.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
        #expect(r.out.contains("tests=\"4\" failures=\"3\""), "\(r.out)")
        #expect(r.out.contains("<testsuite name=\"\(repo.schemas)/ride.avsc\" tests=\"1\" failures=\"1\""))
        #expect(r.out.contains("<failure type=\"AVRO_MISSING_ENUM_SYMBOLS\""))
        #expect(r.out.contains("<testcase classname=\"\(repo.schemas)/location.avsc\" name=\"location\"/>"))
        #expect(r.out.components(separatedBy: "<testsuite ").count - 1 == 4)
        #expect(!r.out.contains("'DONE'") && r.out.contains("&apos;[DONE]&apos;"), "XML-escaped: \(r.out)")
    }

    static let sarifSchema: URL? = TestPaths.corpus?.appendingPathComponent("sarif/sarif-schema-2.1.0.json")

    @Test("sarif: valid against the SARIF 2.1.0 schema (checked with Stele's own validator)",
          .enabled(if: sarifSchema.map { FileManager.default.fileExists(atPath: $0.path) } ?? false, "needs ../shared/corpus/sarif/sarif-schema-2.1.0.json"))
    func sarif() async throws {
        let repo = try Self.brokenRepository()
        let r = await stele("check", repo.schemas, "--against", "git:main", "--format", "sarif")
        #expect(r.code == 100)
        let log = try JSONParser().parse(r.out)
        let validator = try JSONSchemaValidator(parsing: try TestPaths.read(Self.sarifSchema!), options: .init(defaultDraft: .draft4))
        let errors = validator.validate(log)
        #expect(errors.isEmpty, "\(errors)")
        let results = first(log["runs"])?["results"]?.arrayValue ?? []
        #expect(results.count == 3)
        let ride = try #require(results.first { $0["ruleId"] == "AVRO_MISSING_ENUM_SYMBOLS" })
        #expect(ride["level"] == "error")
        let region = first(ride["locations"])?["physicalLocation"]?["region"]
        #expect(region?["startLine"]?.intValue == Int64(try repo.line(of: "symbols", in: "ride.avsc")))
        #expect((first(log["runs"])?["tool"]?["driver"]?["rules"]?.arrayValue ?? []).count == 3)
        // A document missing what SARIF requires is refused by the same validator: the check
        // above is not vacuous.
        #expect(!validator.validate(["version": "2.1.0"]).isEmpty)
    }

    @Test("a compatible run prints nothing in the machine formats but an empty, valid document")
    func emptyRuns() async throws {
        let repo = try CheckSchemas.baseline()
        #expect(await stele("check", repo.schemas, "--against", "git:main", "--format", "json").out == "")
        #expect(await stele("check", repo.schemas, "--against", "git:main", "--format", "github").out == "")
        let sarif = try JSONParser().parse(await stele("check", repo.schemas, "--against", "git:main", "--format", "sarif").out)
        #expect(first(sarif["runs"])?["results"] == [])
        let junit = await stele("check", repo.schemas, "--against", "git:main", "--format", "junit").out
        #expect(junit.contains("tests=\"4\" failures=\"0\""))
    }
}

private func first(_ value: JSONValue?) -> JSONValue? { value?.arrayValue?.first }
