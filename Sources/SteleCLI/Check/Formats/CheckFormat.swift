import ArgumentParser
import SteleJSON

/// `stele check --format`: buf's formats, plus SARIF for code-scanning tools.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, junit, github, sarif

    func render(_ report: CheckReport) -> String {
        switch self {
        case .text: return TextCheckFormat.render(report)
        case .json: return JSONLinesCheckFormat.render(report)
        case .junit: return JUnitCheckFormat.render(report)
        case .github: return GitHubCheckFormat.render(report)
        case .sarif: return SARIFCheckFormat.render(report)
        }
    }
}

extension CheckFinding {
    /// What the witness shows, in words, for the text and annotation formats.
    var witnessSentence: String? {
        guard let w = finding.witness else { return nil }
        let (older, newer) = direction == .forward ? ("new", "old") : ("old", "new")
        let datum = JSONWriter.compact(w)
        if type == .json {
            return "witness: \(datum) (valid under the \(older) schema; the \(newer) schema rejects it)"
        }
        return "witness: \(datum) (written with the \(older) schema; the \(newer) schema cannot read it)"
    }

    /// The message with the level it broke (and the direction, when the level has two, and
    /// the registry version compared with), as one line.
    var fullMessage: String {
        guard let level else { return finding.message }
        var tag = level.rawValue
        if level.direction == .full, let direction { tag += ": breaks " + (direction == .backward ? "BACKWARD" : "FORWARD") }
        if let version { tag += ", against version \(version)" }
        return "\(finding.message) [\(tag)]"
    }
}
