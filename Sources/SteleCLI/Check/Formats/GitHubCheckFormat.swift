/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): each
/// finding becomes an annotation on the pull request's changed file.
enum GitHubCheckFormat {
    static func render(_ report: CheckReport) -> String {
        var out = ""
        for f in report.findings {
            let command = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "notice"
            var properties = ["file=\(property(f.path))"]
            if f.start.isKnown {
                properties.append("line=\(f.start.line)")
                properties.append("col=\(f.start.column)")
                let end = f.finding.range.end
                if end.isKnown, end.line >= f.start.line {
                    properties.append("endLine=\(end.line)")
                    if end.line == f.start.line { properties.append("endColumn=\(end.column)") }
                }
            }
            properties.append("title=\(property("\(f.rule) (\(f.subject))"))")
            var message = f.fullMessage
            if let w = f.witnessSentence { message += "\n" + w }
            out += "::\(command) \(properties.joined(separator: ","))::\(data(message))\n"
        }
        return out
    }

    /// The runner's escaping of a command's message.
    static func data(_ s: String) -> String {
        s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    /// The stricter escaping of a property value (`:` and `,` separate properties).
    static func property(_ s: String) -> String {
        data(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

extension String {
    func replacingAll(_ target: Character, _ replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
