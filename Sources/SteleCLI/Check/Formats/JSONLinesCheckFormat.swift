import SteleJSON

/// One JSON object per finding per line, with buf's field names (`path`, `start_line`,
/// `start_column`, `end_line`, `end_column`, `type`, `message`) and Stele's additions
/// (`severity`, `subject`, `level`, `direction`, `version`, `detail`, `witness`).
enum JSONLinesCheckFormat {
    static func render(_ report: CheckReport) -> String {
        var out = ""
        for f in report.findings {
            var o = JSONObject()
            o["path"] = .string(f.path)
            if f.start.isKnown {
                o["start_line"] = .int(Int64(f.start.line))
                o["start_column"] = .int(Int64(f.start.column))
                o["end_line"] = .int(Int64(f.finding.range.end.line))
                o["end_column"] = .int(Int64(f.finding.range.end.column))
            }
            o["type"] = .string(f.rule.rawValue)
            o["message"] = .string(f.finding.message)
            o["severity"] = .string(f.severity.rawValue)
            o["subject"] = .string(f.subject)
            if let level = f.level { o["level"] = .string(level.rawValue) }
            if let d = f.direction { o["direction"] = .string(d == .backward ? "BACKWARD" : "FORWARD") }
            if let v = f.version { o["version"] = .int(Int64(v)) }
            if let detail = f.finding.detail { o["detail"] = .string(detail) }
            if let w = f.finding.witness { o["witness"] = w }
            out += JSONWriter.compact(.object(o)) + "\n"
        }
        return out
    }
}
