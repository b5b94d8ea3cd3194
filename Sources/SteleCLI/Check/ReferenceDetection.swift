import SteleJSON

/// What a schema's text says about the other schemas it needs, for folders without explicit
/// `references` in the manifest: Avro named types it uses but does not define, and JSON
/// Schema `$ref`s to other documents. Read from the JSON before parsing (parsing needs them).
enum ReferenceDetection {
    private static let primitives: Set<String> = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
    private static let namedKinds: Set<String> = ["record", "error", "enum", "fixed"]

    /// The full name of the schema's top-level named type, if it is one.
    static func avroTopName(_ json: JSONValue) -> String? {
        guard let o = json.objectValue, let kind = o["type"]?.stringValue, namedKinds.contains(kind),
              let name = o["name"]?.stringValue else { return nil }
        return fullName(name, namespace: o["namespace"]?.stringValue)
    }

    /// Every named type the schema defines (full names).
    static func avroDefinedNames(_ json: JSONValue) -> [String] {
        var walk = AvroNameWalk()
        walk.visit(json, namespace: nil, depth: 0)
        return walk.defined
    }

    /// Every non-primitive type name the schema uses, as the full names it may resolve to (an
    /// unqualified name may mean the enclosing namespace or none).
    static func avroUsedNames(_ json: JSONValue) -> [String] {
        var walk = AvroNameWalk()
        walk.visit(json, namespace: nil, depth: 0)
        return walk.used
    }

    static func fullName(_ name: String, namespace: String?) -> String {
        if name.contains(".") { return name }
        guard let namespace, !namespace.isEmpty else { return name }
        return namespace + "." + name
    }

    private struct AvroNameWalk {
        var defined: [String] = []
        var used: [String] = []

        mutating func visit(_ value: JSONValue, namespace: String?, depth: Int) {
            guard depth < 256 else { return }
            if let s = value.stringValue {
                guard !primitives.contains(s) else { return }
                used.append(fullName(s, namespace: namespace))
                if !s.contains("."), namespace != nil { used.append(s) }
            } else if let branches = value.arrayValue {
                for b in branches { visit(b, namespace: namespace, depth: depth + 1) }
            } else if let o = value.objectValue {
                let kind = o["type"]?.stringValue
                if let kind, namedKinds.contains(kind), let name = o["name"]?.stringValue {
                    let full = fullName(name, namespace: o["namespace"]?.stringValue ?? namespace)
                    defined.append(full)
                    let inner = full.contains(".") ? String(full[..<full.lastIndex(of: ".")!]) : nil
                    for f in o["fields"]?.arrayValue ?? [] {
                        if let t = f.objectValue?["type"] { visit(t, namespace: inner, depth: depth + 1) }
                    }
                } else if kind == "array", let items = o["items"] {
                    visit(items, namespace: namespace, depth: depth + 1)
                } else if kind == "map", let values = o["values"] {
                    visit(values, namespace: namespace, depth: depth + 1)
                } else if let t = o["type"] {
                    visit(t, namespace: namespace, depth: depth + 1)
                }
            }
        }
    }

    /// Every `$ref` that leaves the document, without its fragment.
    static func jsonExternalRefs(_ json: JSONValue) -> [String] {
        var out: [String] = []
        func visit(_ v: JSONValue, depth: Int) {
            guard depth < 512 else { return }
            if let o = v.objectValue {
                for m in o.members {
                    if m.key == "$ref", let ref = m.value.stringValue {
                        let base = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                        if !base.isEmpty { out.append(base) }
                    } else {
                        visit(m.value, depth: depth + 1)
                    }
                }
            } else if let a = v.arrayValue {
                for x in a { visit(x, depth: depth + 1) }
            }
        }
        visit(json, depth: 0)
        return out
    }

    /// A relative `$ref` resolved against the referring file's folder (`a/b.json` + `../c.json`
    /// → `c.json`); URIs with a scheme are returned as they are.
    static func resolve(_ ref: String, from path: String) -> String {
        if ref.contains("://") || ref.hasPrefix("urn:") { return ref }
        var parts = path.split(separator: "/").dropLast().map(String.init)
        if ref.hasPrefix("/") { parts = [] }
        for token in ref.split(separator: "/") {
            switch token {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(token))
            }
        }
        return parts.joined(separator: "/")
    }
}
