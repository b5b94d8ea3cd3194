import Foundation
import SteleCLI

/// Runs `stele` in-process with a capturing console.
struct CLIResult {
    var code: Int32
    var out: String
    var err: String
}

func stele(_ arguments: String...) async -> CLIResult {
    await stele(arguments)
}

func stele(_ arguments: [String]) async -> CLIResult {
    let console = Console(capture: true)
    let code = await Console.$current.withValue(console) { await SteleMain.run(arguments) }
    return CLIResult(code: code, out: console.capturedOut, err: console.capturedErr)
}

/// A temporary file holding `text`, removed when the test process ends.
func temporaryFile(_ text: String, name: String = "schema.avsc") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stele-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
