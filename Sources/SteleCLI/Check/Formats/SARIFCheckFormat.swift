import SteleJSON
import SteleSchema

/// SARIF 2.1.0, for code-scanning tools (GitHub code scanning, IDEs): one run of the tool
/// `stele`, a rule per rule id found, a result per finding with its region.
enum SARIFCheckFormat {
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    static func render(_ report: CheckReport) -> String {
        var ruleIndex: [RuleID: Int] = [:]
        var rules: [JSONValue] = []
        for f in report.findings where ruleIndex[f.rule] == nil {
            ruleIndex[f.rule] = rules.count
            rules.append(["id": .string(f.rule.rawValue), "shortDescription": ["text": .string(CheckRules.purpose(f.rule))]])
        }
        let results: [JSONValue] = report.findings.map { f in
            var region = JSONObject()
            if f.start.isKnown {
                region["startLine"] = .int(Int64(f.start.line))
                region["startColumn"] = .int(Int64(f.start.column))
                let end = f.finding.range.end
                if end.isKnown, end >= f.start {
                    region["endLine"] = .int(Int64(end.line))
                    region["endColumn"] = .int(Int64(end.column))
                }
            }
            var physical = JSONObject()
            physical["artifactLocation"] = ["uri": .string(uri(f.path))]
            if !region.members.isEmpty { physical["region"] = .object(region) }
            var properties = JSONObject()
            properties["subject"] = .string(f.subject)
            if let level = f.level { properties["level"] = .string(level.rawValue) }
            if let w = f.finding.witness { properties["witness"] = w }
            var text = f.fullMessage
            if let w = f.witnessSentence { text += " " + w }
            return [
                "ruleId": .string(f.rule.rawValue),
                "ruleIndex": .int(Int64(ruleIndex[f.rule]!)),
                "level": .string(f.severity == .error ? "error" : f.severity == .warning ? "warning" : "note"),
                "message": ["text": .string(text)],
                "locations": [["physicalLocation": .object(physical)]],
                "properties": .object(properties),
            ]
        }
        let log: JSONValue = [
            "$schema": .string(schemaURI),
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "stele", "version": .string(Stele.configuration.version), "rules": .array(rules)]],
                "results": .array(results),
            ]],
        ]
        return JSONWriter.compact(log) + "\n"
    }

    /// A relative path as a URI reference: unreserved characters and `/` as they are, the
    /// rest percent-encoded (spaces, `#`, `?` and non-ASCII would break the reference).
    static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }
}
