/// JUnit XML, which CI systems show as test results: one suite per file, one failing test
/// case per error (`RULE_ID:line:col`, as buf names them), and one passing case per subject
/// that holds.
enum JUnitCheckFormat {
    static func render(_ report: CheckReport) -> String {
        var paths: [String] = []
        var byPath: [String: (subjects: [CheckReport.Subject], findings: [CheckFinding])] = [:]
        for s in report.subjects {
            if byPath[s.path] == nil { paths.append(s.path) }
            byPath[s.path, default: ([], [])].subjects.append(s)
        }
        for f in report.findings where f.severity == .error {
            if byPath[f.path] == nil { paths.append(f.path) }
            byPath[f.path, default: ([], [])].findings.append(f)
        }
        var suites = ""
        var totalTests = 0, totalFailures = 0
        for path in paths.sorted() {
            let (subjects, failures) = byPath[path]!
            var cases = ""
            for f in failures {
                let position = f.start.isKnown ? ":\(f.start.line):\(f.start.column)" : ""
                var body = "\(f.path)\(position): \(f.rule) \(f.fullMessage)"
                if let w = f.witnessSentence { body += "\n" + w }
                cases += "    <testcase classname=\"\(escape(path))\" name=\"\(escape(f.rule.rawValue + position))\">\n"
                cases += "      <failure type=\"\(escape(f.rule.rawValue))\" message=\"\(escape(f.fullMessage))\">\(escape(body))</failure>\n"
                cases += "    </testcase>\n"
            }
            let passing = subjects.filter { s in s.outcome != .invalid && !failures.contains { $0.subject == s.subject } }
            for s in passing {
                cases += "    <testcase classname=\"\(escape(path))\" name=\"\(escape(s.subject))\"/>\n"
            }
            let tests = failures.count + passing.count
            totalTests += tests
            totalFailures += failures.count
            suites += "  <testsuite name=\"\(escape(path))\" tests=\"\(tests)\" failures=\"\(failures.count)\" errors=\"0\">\n\(cases)  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"stele check against \(escape(report.against))\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"0\">\n"
            + suites + "</testsuites>\n"
    }

    /// XML attribute and text escaping; characters XML 1.0 cannot carry become U+FFFD.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default:
                if u.value < 0x20 || (0xFFFE...0xFFFF).contains(u.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
