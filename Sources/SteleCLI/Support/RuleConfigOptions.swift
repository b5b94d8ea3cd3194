import ArgumentParser

/// `--rule-config KEY=VALUE`: the rule config of the serdes (Confluent's `rule.conf`), for
/// schemas with data-contract rules — e.g. `secret=…` for `ENCRYPT` rules on the local KMS
/// (which otherwise reads `LOCAL_SECRET`, the better place for a secret than a command line).
struct RuleConfigOptions: ParsableArguments {
    @Option(name: .customLong("rule-config"), help: ArgumentHelp("A rule config entry, KEY=VALUE (repeatable), e.g. encrypt.kek.name=… for ENCRYPT rules.", valueName: "key=value"))
    var entries: [String] = []

    func dictionary() throws(CommandFailure) -> [String: String] {
        var out: [String: String] = [:]
        for e in entries {
            guard let eq = e.firstIndex(of: "="), eq != e.startIndex else { throw .input("--rule-config takes KEY=VALUE, not \(e)") }
            out[String(e[..<eq])] = String(e[e.index(after: eq)...])
        }
        return out
    }
}
