/// Reads Avro's `schema-tests.txt` format: `<<NAME value` one-line fields, `<<NAME` … `NAME`
/// multi-line fields; `#` and `//` lines are comments; each case starts at `INPUT`.
struct SchemaTestCase {
    var number: Int
    var input: String
    var canonical: String?
    var fingerprint: Int64?
}

enum SchemaTestsFile {
    static func parse(_ text: String) -> [SchemaTestCase] {
        var cases: [SchemaTestCase] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        var current: [String: String] = [:]
        func flush() {
            guard let input = current["INPUT"] else { return }
            cases.append(SchemaTestCase(
                number: cases.count, input: input, canonical: current["canonical"],
                fingerprint: current["fingerprint"].flatMap { Int64($0.trimmingCharacters()) }))
            current = [:]
        }
        while i < lines.count {
            let line = lines[i]
            i += 1
            guard line.hasPrefix("<<") else { continue }
            let body = line.dropFirst(2)
            if let space = body.firstIndex(of: " ") {
                let name = String(body[..<space])
                if name == "INPUT" { flush() }
                current[name] = String(body[body.index(after: space)...])
            } else {
                let name = String(body)
                if name == "INPUT" { flush() }
                var value: [String] = []
                while i < lines.count && lines[i] != name {
                    value.append(lines[i])
                    i += 1
                }
                i += 1
                current[name] = value.joined(separator: "\n")
            }
        }
        flush()
        return cases
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
