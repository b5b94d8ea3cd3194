/// `path:line:col: RULE_ID message`, one finding per line as buf and compilers print (editors
/// and problem matchers jump to it), the witness indented below, and a summary line.
enum TextCheckFormat {
    static func render(_ report: CheckReport) -> String {
        var out = ""
        for f in report.findings {
            var location = f.path + ":"
            if f.start.isKnown { location += "\(f.start.line):\(f.start.column):" }
            let severity = f.severity == .error ? "" : "\(f.severity.rawValue): "
            out += "\(location) \(severity)\(f.rule) \(f.fullMessage)\n"
            if let w = f.witnessSentence { out += "    \(w)\n" }
        }
        let n = report.subjects.count
        var parts = ["\(report.count(.compatible)) compatible", "\(report.count(.incompatible)) incompatible",
                     "\(report.count(.added)) added", "\(report.count(.deleted)) deleted"]
        if report.count(.invalid) > 0 { parts.append("\(report.count(.invalid)) invalid") }
        if report.count(.skipped) > 0 { parts.append("\(report.count(.skipped)) not comparable") }
        out += "\(n) subject\(n == 1 ? "" : "s") checked against \(report.against): \(parts.joined(separator: ", "))\n"
        return out
    }
}
