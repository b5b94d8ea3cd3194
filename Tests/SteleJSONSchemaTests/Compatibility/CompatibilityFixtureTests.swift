import Foundation
import SteleJSON
import SteleSchema
import Testing
@testable import SteleJSONSchema
import SteleTestSupport

/// The authored old/new pairs of `Fixtures/jsonschema/compatibility/cases.json` (written from
/// Confluent's rules by `author_cases.py`): every difference type of `compare(old, new)`, the
/// BACKWARD verdict under STRICT and LENIENT, FORWARD where stated, and a witness for each
/// incompatible pair that is valid under the old schema and invalid under the new one.
@Suite struct CompatibilityFixtureTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var old: JSONValue
        var new: JSONValue
        var types: [String]
        var backward: Bool
        var backwardLenient: Bool?
        var forward: Bool?
        var witness: Bool
        /// The warning Stele adds to Confluent's BACKWARD verdict: "rejects" or "harmless".
        var warning: String?
        var description: String { name }
    }

    static func load() throws -> [Case] {
        let url = TestPaths.fixtures.appendingPathComponent("jsonschema/compatibility/cases.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard case .array(let items) = try JSONParser(options: .init(maxBytes: 64 << 20)).parse(text) else { return [] }
        return items.map { item in
            Case(name: item["name"]?.stringValue ?? "?", old: item["old"] ?? .null, new: item["new"] ?? .null,
                 types: (item["types"]?.arrayValue ?? []).compactMap(\.stringValue), backward: item["backward"]?.boolValue ?? false,
                 backwardLenient: item["backwardLenient"]?.boolValue, forward: item["forward"]?.boolValue,
                 witness: item["witness"]?.boolValue ?? false, warning: item["warning"]?.stringValue)
        }
    }

    static func document(_ v: JSONValue) throws -> JSONSchemaDocument {
        try JSONSchemaFormat().document(v)
    }

    @Test func atLeast150PairsCoveringEveryDifferenceType() throws {
        let cases = try Self.load()
        #expect(cases.count >= 150)
        let covered = Set(cases.flatMap(\.types))
        // Not produced by the comparison of two schemas: the 7.x catch-all (replaced by its three
        // refinements), the reserved-property checks (registry metadata, tested separately), and
        // Stele's own limit.
        let notFromPairs: Set<String> = ["PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "RESERVED_PROPERTY_REMOVED",
                                         "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY", "COMPARISON_LIMIT_EXCEEDED"]
        let all = Set(JSONDifferenceType.allCases.map(\.rawValue)).subtracting(notFromPairs)
        #expect(all.subtracting(covered).isEmpty, "difference types without a fixture: \(all.subtracting(covered).sorted())")
        // Every draft appears.
        let drafts = Set(cases.compactMap { $0.old["$schema"]?.stringValue })
        #expect(drafts.count == 5)
    }

    @Test(arguments: try load())
    func pair(_ c: Case) throws {
        let old = try Self.document(c.old), new = try Self.document(c.new)
        let strict = JSONSchemaCompatibility(policy: .strict)
        let diffs = strict.differences(original: old, update: new)
        #expect(Set(diffs.map(\.type.rawValue)) == Set(c.types), "\(diffs)")
        let backward = strict.incompatibilities(reader: new, writer: old, direction: .backward)
        // Without witnesses the findings are exactly Confluent's errors.
        #expect(backward.allSatisfy { $0.severity == .error })
        #expect(backward.isEmpty == c.backward, "\(backward)")
        if let lenient = c.backwardLenient {
            #expect(JSONSchemaCompatibility(policy: .lenient).incompatibilities(reader: new, writer: old, direction: .backward).isEmpty == lenient)
        }
        if let forward = c.forward {
            let found = strict.incompatibilities(reader: old, writer: new, direction: .forward)
            #expect(found.isEmpty == forward, "forward: \(found)")
        }
        let explained = JSONSchemaCompatibility(policy: .strict, witnesses: true).incompatibilities(reader: new, writer: old, direction: .backward)
        // Warnings never change the verdict.
        #expect(explained.errors.isEmpty == c.backward, "\(explained)")
        let warnings = explained.filter { $0.severity == .warning }
        switch c.warning {
        case "rejects"?:
            let shown = warnings.filter { $0.rule == JSONSchemaCompatibility.compatibleButRejectsDocuments }
            #expect(!shown.isEmpty, "expected a warning with a witness: \(explained)")
            for w in shown {
                guard let doc = w.witness else { Issue.record("warning without a witness: \(w)"); continue }
                #expect(old.validator.isValid(doc) && !new.validator.isValid(doc), "witness \(JSONWriter.compact(doc))")
            }
        case "harmless"?:
            #expect(warnings.contains { $0.rule == JSONSchemaCompatibility.incompatibleButHarmless }, "\(explained)")
        default:
            #expect(!warnings.contains { $0.rule == JSONSchemaCompatibility.incompatibleButHarmless }, "\(warnings)")
        }
        if !c.backward {
            let withWitnesses = explained.errors
            let witnesses = withWitnesses.compactMap(\.witness)
            for w in witnesses {
                #expect(old.validator.isValid(w), "witness \(JSONWriter.compact(w)) must be valid under the old schema")
                #expect(!new.validator.isValid(w), "witness \(JSONWriter.compact(w)) must be invalid under the new schema")
            }
            if c.witness { #expect(!witnesses.isEmpty, "no witness for \(withWitnesses.map(\.rule))") }
            // Rule ids, messages and pointers are filled in.
            for f in withWitnesses {
                #expect(f.rule.rawValue.hasPrefix("JSON_"))
                #expect(f.message.contains("'#"))
                #expect(f.detail?.hasPrefix("{errorType:\"") == true)
            }
        }
    }
}
