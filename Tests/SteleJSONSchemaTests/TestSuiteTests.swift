import Foundation
import Testing
@testable import SteleJSONSchema
import SteleTestSupport

/// The official JSON-Schema-Test-Suite: every required case of drafts 4, 6, 7, 2019-09 and
/// 2020-12 must pass (4,942 cases); optional ones (formats included) are counted and reported.
@Suite struct TestSuiteTests {
    static let drafts: [(String, JSONSchemaDraft)] = [
        ("draft4", .draft4), ("draft6", .draft6), ("draft7", .draft7), ("draft2019-09", .draft2019_09), ("draft2020-12", .draft2020_12),
    ]

    /// The runner over the corpus and the draft named `name`.
    static func runner(_ name: String) throws -> (TestSuiteRunner, JSONSchemaDraft) {
        let corpus = try #require(TestPaths.corpus)
        let draft = drafts.first { $0.0 == name }!.1
        return (try TestSuiteRunner(root: corpus.appendingPathComponent("json-schema-test-suite")), draft)
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "needs the JSON-Schema-Test-Suite in ../shared/corpus (or $STELE_CORPUS)"), arguments: drafts.map(\.0))
    func requiredCasesPass(_ name: String) throws {
        let (runner, draft) = try Self.runner(name)
        var total = TestSuiteRunner.Outcome()
        for file in try runner.files(draft: name, optional: false) {
            let o = try runner.run(file, draft: draft, formats: false)
            total.passed += o.passed
            total.failed += o.failed
            total.planned += o.planned
        }
        print("JSON-Schema-Test-Suite \(name): \(total.passed)/\(total.total) required cases pass (\(total.planned) through the boolean plan)")
        for f in total.failed { Issue.record("\(name): \(f)") }
        #expect(total.total > 500)
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "needs the JSON-Schema-Test-Suite in ../shared/corpus (or $STELE_CORPUS)"), arguments: drafts.map(\.0))
    func optionalCasesAreCounted(_ name: String) throws {
        let (runner, draft) = try Self.runner(name)
        var other = TestSuiteRunner.Outcome(), formats = TestSuiteRunner.Outcome()
        var failures: [String] = []
        for file in try runner.files(draft: name, optional: true) {
            let isFormat = file.deletingLastPathComponent().lastPathComponent == "format"
            let o = try runner.run(file, draft: draft, formats: isFormat)
            if isFormat { formats.passed += o.passed; formats.failed += o.failed } else { other.passed += o.passed; other.failed += o.failed }
            failures += o.failed
        }
        print("JSON-Schema-Test-Suite \(name) optional: \(other.passed)/\(other.total) pass; format (as assertions): \(formats.passed)/\(formats.total) pass")
        if ProcessInfo.processInfo.environment["STELE_SHOW_OPTIONAL"] != nil { for f in failures { print("  optional: \(f)") } }
        #expect(other.total + formats.total > 0)
    }
}
