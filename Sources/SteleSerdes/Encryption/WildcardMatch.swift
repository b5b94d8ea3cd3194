import SteleJSON

/// Confluent's wildcard match of dotted names (the keys of `metadata.tags`): `?` is one
/// character and `*` any run within a name, `**` any run across names; `**.*` is `**`.
enum WildcardMatch {
    static func matches(_ text: String, _ pattern: String) -> Bool {
        // Names are short; the recursion below is as deep as pattern plus text.
        guard pattern.count <= 1024, text.count <= 1024 else { return false }
        let p = Array(pattern.replacing("**.*", with: "**")), t = Array(text)
        // Memoized over (pattern index, text index): linear in their product, never exponential.
        var memo = [Int8](repeating: -1, count: (p.count + 1) * (t.count + 1))
        func go(_ i: Int, _ j: Int) -> Bool {
            let slot = i * (t.count + 1) + j
            if memo[slot] >= 0 { return memo[slot] == 1 }
            let result: Bool
            if i == p.count {
                result = j == t.count
            } else if p[i] == "*" {
                let across = i + 1 < p.count && p[i + 1] == "*"
                let next = across ? i + 2 : i + 1
                var k = j, ok = go(next, k)
                while !ok && k < t.count && (across || t[k] != ".") {
                    k += 1
                    ok = go(next, k)
                }
                result = ok
            } else if j < t.count && (p[i] == "?" ? t[j] != "." : p[i] == t[j]) {
                result = go(i + 1, j + 1)
            } else {
                result = false
            }
            memo[slot] = result ? 1 : 0
            return result
        }
        return go(0, 0)
    }

    /// The tags `metadata.tags` gives the field or property named `fullName`.
    static func tags(of fullName: String, in metadata: [(pattern: String, tags: Set<String>)]) -> Set<String> {
        var out = Set<String>()
        for m in metadata where matches(fullName, m.pattern) { out.formUnion(m.tags) }
        return out
    }

    /// `metadata.tags` of a schema, as (pattern, tags) pairs.
    static func metadataTags(_ metadata: JSONValue?) -> [(pattern: String, tags: Set<String>)] {
        (metadata?["tags"]?.objectValue ?? JSONObject()).map { ($0.key, Set(($0.value.arrayValue ?? []).compactMap(\.stringValue))) }
    }
}
