import Foundation

/// Where the shared test inputs live: `Fixtures/` in this repository, and the conformance corpus
/// at `../shared/corpus` beside the checkout (or `$STELE_CORPUS`).
enum TestPaths {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = repoRoot.appendingPathComponent("Fixtures")

    static var corpus: URL? {
        if let env = ProcessInfo.processInfo.environment["STELE_CORPUS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func corpusMissingNote(_ what: String) -> String {
        "NOTE: ../shared/corpus not found (set STELE_CORPUS); skipped \(what). Fixtures/ checks still ran."
    }
}
