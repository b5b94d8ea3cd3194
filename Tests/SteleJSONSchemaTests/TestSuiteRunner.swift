import Foundation
import SteleJSON
@testable import SteleJSONSchema

/// Runs JSON-Schema-Test-Suite files: each group's schema compiled once, each test's data
/// validated, remote references served from the suite's `remotes/` folder as
/// `http://localhost:1234/…` (never the network).
struct TestSuiteRunner {
    struct Outcome {
        var passed = 0
        /// Cases whose schema has a boolean plan (the fast path was compared, not just run).
        var planned = 0
        var failed: [String] = []
        var total: Int { passed + failed.count }
    }

    let root: URL
    let remotes: JSONSchemaDocuments

    init(root: URL) throws {
        self.root = root
        var docs: [String: JSONValue] = [:]
        let remotesDir = root.appendingPathComponent("remotes")
        if let e = FileManager.default.enumerator(at: remotesDir, includingPropertiesForKeys: nil) {
            for case let url as URL in e where url.pathExtension == "json" {
                let rel = url.path.dropFirst(remotesDir.path.count + 1)
                docs["http://localhost:1234/" + rel] = try JSONParser().parse(try String(contentsOf: url, encoding: .utf8))
            }
        }
        remotes = JSONSchemaDocuments(docs)
    }

    func files(draft: String, optional: Bool) throws -> [URL] {
        var dir = root.appendingPathComponent("tests/\(draft)")
        if optional { dir = dir.appendingPathComponent("optional") }
        var out: [URL] = []
        if let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) {
            for case let url as URL in e where url.pathExtension == "json" {
                if !optional && url.deletingLastPathComponent().lastPathComponent != draft { continue }
                out.append(url)
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    func run(_ file: URL, draft: JSONSchemaDraft, formats: Bool) throws -> Outcome {
        var outcome = Outcome()
        let groups = try JSONParser(options: .init(duplicateKeys: .keepLast)).parse(try String(contentsOf: file, encoding: .utf8))
        for group in groups.arrayValue ?? [] {
            let description = group["description"]?.stringValue ?? "?"
            let schema = group["schema"] ?? .bool(true)
            let tests = group["tests"]?.arrayValue ?? []
            let validator: JSONSchemaValidator
            do {
                validator = try JSONSchemaValidator(schema: schema, options: .init(
                    defaultDraft: draft, resolver: remotes, formatAssertion: formats, baseURI: "urn:test:\(file.lastPathComponent)"))
            } catch {
                for t in tests { outcome.failed.append("\(file.lastPathComponent): \(description): \(t["description"]?.stringValue ?? "?") — schema did not compile: \(error)") }
                continue
            }
            for t in tests {
                let expected = t["valid"]?.boolValue ?? false
                let data = t["data"] ?? .null
                let fast = validator.isValid(data)
                let full = validator.validate(data).isEmpty
                // The boolean plan and the descriptive evaluator must agree on every case.
                let descriptive = validator.isValidDescriptively(data)
                if validator.plan != nil { outcome.planned += 1 }
                if fast == expected && full == expected && descriptive == expected {
                    outcome.passed += 1
                } else {
                    outcome.failed.append("\(file.lastPathComponent): \(description): \(t["description"]?.stringValue ?? "?") — expected \(expected ? "valid" : "invalid"), isValid=\(fast) validate=\(full) descriptive=\(descriptive)")
                }
            }
        }
        return outcome
    }
}
