import SteleJSON

/// Checks that a JSON default value is a value of an Avro type (spec: "Default values ...
/// encoded in JSON" table). Unions take their first branch's type, as Avro Java checks and
/// the Avro ≤ 1.11 specification states. Returns why a value is invalid, or `nil`.
///
/// Terminates on recursive types: a default is a finite JSON value, and substituting a
/// field's own default for a missing record member is guarded against re-entering the same
/// (record, field) pair.
struct AvroDefaultValidator {
    let nodes: [AvroNode]
    private var substituting = Set<[Int]>()

    init(nodes: [AvroNode]) { self.nodes = nodes }

    mutating func problem(with value: JSONValue, for id: AvroNodeID) -> String? {
        let node = nodes[id.index]
        switch node {
        case .primitive(let p, _, _):
            return primitiveProblem(value, p)
        case .enumeration(let e):
            guard case .string(let s) = value else { return "expected a symbol of enum \"\(e.name.fullName)\" (a string), found \(describe(value))" }
            return e.symbols.contains(s) ? nil : "\"\(s)\" is not a symbol of enum \"\(e.name.fullName)\" \(e.symbols)"
        case .fixed(let f):
            guard case .string(let s) = value else { return "expected a string of \(f.size) ISO-8859-1 characters for fixed \"\(f.name.fullName)\", found \(describe(value))" }
            if let bad = s.unicodeScalars.first(where: { $0.value > 0xFF }) {
                return "a fixed default is written with one character per byte (U+0000–U+00FF); found \(codePoint(bad))"
            }
            let n = s.unicodeScalars.count
            return n == f.size ? nil : "fixed \"\(f.name.fullName)\" holds exactly \(f.size) bytes; the default has \(n)"
        case .array(let items, _):
            guard case .array(let elements) = value else { return "expected an array, found \(describe(value))" }
            for (i, e) in elements.enumerated() {
                if let p = problem(with: e, for: items) { return "element \(i): \(p)" }
            }
            return nil
        case .map(let values, _):
            guard case .object(let o) = value else { return "expected an object (a map), found \(describe(value))" }
            for m in o.members {
                if let p = problem(with: m.value, for: values) { return "map value \"\(m.key)\": \(p)" }
            }
            return nil
        case .union(let branches):
            guard let first = branches.first else { return "an empty union has no values" }
            guard let p = problem(with: value, for: first) else { return nil }
            if let other = branches.dropFirst().first(where: { problem(with: value, for: $0) == nil }) {
                return "a union default must be a value of the union's first branch (\(label(first))); this value matches \(label(other)): list that branch first"
            }
            return "not a value of the union's first branch (\(label(first))): \(p)"
        case .record(let r):
            guard case .object(let o) = value else { return "expected an object for record \"\(r.name.fullName)\", found \(describe(value))" }
            for (i, field) in r.fields.enumerated() {
                if let v = o[field.name] {
                    if let p = problem(with: v, for: field.type) { return "field \"\(field.name)\": \(p)" }
                } else if let d = field.defaultValue {
                    let key = [id.index, i]
                    guard substituting.insert(key).inserted else { continue }
                    defer { substituting.remove(key) }
                    if let p = problem(with: d, for: field.type) { return "field \"\(field.name)\" (its default): \(p)" }
                } else {
                    return "missing field \"\(field.name)\" of record \"\(r.name.fullName)\", which has no default"
                }
            }
            return nil
        }
    }

    private func primitiveProblem(_ value: JSONValue, _ p: AvroPrimitive) -> String? {
        switch (p, value) {
        case (.null, .null), (.boolean, .bool), (.string, .string): return nil
        case (.int, .int(let i)):
            return i >= Int64(Int32.min) && i <= Int64(Int32.max) ? nil : "\(i) is out of range for an int (32-bit)"
        case (.long, .int): return nil
        case (.float, .int), (.double, .int): return nil
        case (.float, .number(let n)), (.double, .number(let n)):
            return n.double.isFinite ? nil : "\(n.text) is out of range for a \(p.rawValue)"
        case (.long, .number(let n)), (.int, .number(let n)):
            return "expected an integer (\(p.rawValue)), found \(n.isIntegerLiteral ? "\(n.text), out of range" : n.text)"
        case (.bytes, .string(let s)):
            if let bad = s.unicodeScalars.first(where: { $0.value > 0xFF }) {
                return "a bytes default is written with one character per byte (U+0000–U+00FF); found \(codePoint(bad))"
            }
            return nil
        case (.null, _):
            return "expected null, found \(describe(value))"
        default:
            if case .null = value {
                return "null is not a value of type \"\(p.rawValue)\"; to allow null, make the type a union with \"null\" first ([\"null\", \"\(p.rawValue)\"])"
            }
            return "expected \(expectedJSON(p)) for type \"\(p.rawValue)\", found \(describe(value))"
        }
    }

    private func codePoint(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private func expectedJSON(_ p: AvroPrimitive) -> String {
        switch p {
        case .null: return "null"
        case .boolean: return "true or false"
        case .int, .long: return "an integer"
        case .float, .double: return "a number"
        case .bytes, .string: return "a string"
        }
    }

    private func label(_ id: AvroNodeID) -> String {
        let n = nodes[id.index]
        return "\"\(n.name?.fullName ?? n.typeName)\""
    }

    private func describe(_ value: JSONValue) -> String {
        let text = JSONWriter.compact(value)
        let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
        return "\(value.typeName) \(shown)"
    }
}
