import Foundation

/// Where the shared test inputs live: `Fixtures/` in this repository, and the conformance corpus
/// at `../shared/corpus` beside the checkout (or `$STELE_CORPUS`). Shared by every test target
/// that reads them.
public enum TestPaths {
    /// This file is `Sources/SteleTestSupport/TestPaths.swift`: three levels below the root.
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures = repoRoot.appendingPathComponent("Fixtures")

    public static var corpus: URL? {
        if let env = ProcessInfo.processInfo.environment["STELE_CORPUS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Says clearly, once per call site, that corpus-backed checks did not run.
    public static func corpusMissingNote(_ what: String) -> String {
        "NOTE: ../shared/corpus not found (set STELE_CORPUS); skipped \(what). Fixtures/ checks still ran."
    }

    public static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    public static func files(in dir: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
