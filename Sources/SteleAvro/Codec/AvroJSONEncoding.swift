import SteleJSON

/// The Avro JSON encoding (spec, "JSON Encoding") of `AvroValue`s, both ways: unions as `null`
/// or `{"<branch name>": value}`, bytes and fixed as strings of U+0000–U+00FF, enums as symbol
/// strings, records as objects. Non-finite floats are written as the strings "NaN",
/// "Infinity" and "-Infinity" (JSON has no such numbers) and read back from them. Numbers are
/// spelled as Avro Java's JSON encoder spells them (Java `Float`/`Double.toString`).
public struct AvroJSONEncoding: Sendable {
    public let schema: AvroSchema
    public let maxDepth: Int

    public init(schema: AvroSchema, maxDepth: Int = 512) {
        self.schema = schema
        self.maxDepth = maxDepth
    }

    // MARK: value → JSON

    public func json(from value: AvroValue) throws(AvroEncodingError) -> JSONValue {
        try json(value, schema.root, depth: 0)
    }

    private func json(_ value: AvroValue, _ id: AvroNodeID, depth: Int) throws(AvroEncodingError) -> JSONValue {
        guard depth <= maxDepth else { throw AvroEncodingError("datum nested deeper than \(maxDepth) levels") }
        switch (schema[id], value) {
        case (.primitive(.null, _, _), .null): return .null
        case (.primitive(.boolean, _, _), .boolean(let b)): return .bool(b)
        case (.primitive(.int, _, _), .int(let i)): return .int(Int64(i))
        case (.primitive(.long, _, _), .long(let l)): return .int(l)
        case (.primitive(.long, _, _), .int(let i)): return .int(Int64(i))
        case (.primitive(.float, _, _), .float(let f)):
            return f.isFinite ? .number(JSONNumber(validatedText: JSONNumberFormat.javaFloat(f), double: Double(f))) : .string(Self.nonFinite(Double(f)))
        case (.primitive(.double, _, _), .double(let d)):
            return d.isFinite ? .number(JSONNumber(validatedText: JSONNumberFormat.java(d), double: d)) : .string(Self.nonFinite(d))
        case (.primitive(.bytes, _, _), .bytes(let b)), (.fixed, .fixed(let b)):
            var s = String.UnicodeScalarView()
            for byte in b { s.append(Unicode.Scalar(byte)) }
            return .string(String(s))
        case (.primitive(.string, _, _), .string(let s)): return .string(s)
        case (.enumeration(let e), .enumeration(let i)):
            guard e.symbols.indices.contains(i) else { throw AvroEncodingError("enum index \(i) outside 0..<\(e.symbols.count)") }
            return .string(e.symbols[i])
        case (.array(let items, _), .array(let elements)):
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for (k, e) in elements.enumerated() {
                do { out.append(try json(e, items, depth: depth + 1)) } catch { throw error.at("[\(k)]") }
            }
            return .array(out)
        case (.map(let values, _), .map(let entries)):
            var o = JSONObject()
            for entry in entries {
                do { o[entry.key] = try json(entry.value, values, depth: depth + 1) } catch { throw error.at("{\(entry.key)}") }
            }
            return .object(o)
        case (.record(let r), .record(let fields)):
            guard fields.count == r.fields.count else { throw AvroEncodingError("record \(r.name) has \(r.fields.count) fields, the value has \(fields.count)") }
            var members: [JSONObject.Member] = []
            members.reserveCapacity(fields.count)
            for (f, v) in zip(r.fields, fields) {
                do { members.append(.init(key: f.name, value: try json(v, f.type, depth: depth + 1))) } catch { throw error.at(f.name) }
            }
            return .object(JSONObject(uniqueMembers: members))
        case (.union(let branches), .union(let i, let inner)):
            guard branches.indices.contains(i) else { throw AvroEncodingError("union branch \(i) outside 0..<\(branches.count)") }
            if case .primitive(.null, _, _) = schema[branches[i]] { return .null }
            let innerJSON: JSONValue
            do { innerJSON = try json(inner, branches[i], depth: depth + 1) } catch { throw error.at("<\(i)>") }
            return .object(JSONObject(uniqueMembers: [.init(key: AvroJSONDatum.branchName(schema[branches[i]]), value: innerJSON)]))
        default:
            throw AvroEncodingError("expected a value of type \(schema[id].typeName), found \(AvroCodec.describe(value))")
        }
    }

    static func nonFinite(_ d: Double) -> String { d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity") }

    // MARK: JSON → value

    /// Reads a datum in the Avro JSON encoding. Missing record fields take their defaults.
    public func value(from json: JSONValue) throws(AvroEncodingError) -> AvroValue {
        try value(json, schema.root, depth: 0, isDefault: false)
    }

    /// Reads a value written as a field default: like the JSON encoding, except that a union
    /// default is the unwrapped value of the union's first branch (spec, "default values").
    public func defaultValue(_ json: JSONValue, for type: AvroNodeID) throws(AvroEncodingError) -> AvroValue {
        try value(json, type, depth: 0, isDefault: true)
    }

    private func value(_ json: JSONValue, _ id: AvroNodeID, depth: Int, isDefault: Bool) throws(AvroEncodingError) -> AvroValue {
        guard depth <= maxDepth else { throw AvroEncodingError("datum nested deeper than \(maxDepth) levels") }
        let node = schema[id]
        switch (node, json) {
        case (.primitive(.null, _, _), .null): return .null
        case (.primitive(.boolean, _, _), .bool(let b)): return .boolean(b)
        case (.primitive(.int, _, _), .int(let i)):
            guard let v = Int32(exactly: i) else { throw AvroEncodingError("\(i) is out of range for an int") }
            return .int(v)
        case (.primitive(.long, _, _), .int(let i)): return .long(i)
        case (.primitive(.float, _, _), _):
            guard let d = Self.number(json) else { throw mismatch(node, json) }
            return .float(Float(d))
        case (.primitive(.double, _, _), _):
            guard let d = Self.number(json) else { throw mismatch(node, json) }
            return .double(d)
        case (.primitive(.bytes, _, _), .string(let s)): return .bytes(try Self.latin1(s))
        case (.primitive(.string, _, _), .string(let s)): return .string(s)
        case (.fixed(let f), .string(let s)):
            let b = try Self.latin1(s)
            guard b.count == f.size else { throw AvroEncodingError("fixed \(f.name) needs \(f.size) bytes, found \(b.count)") }
            return .fixed(b)
        case (.enumeration(let e), .string(let s)):
            guard let i = e.symbols.firstIndex(of: s) else { throw AvroEncodingError("\"\(s)\" is not a symbol of enum \(e.name) \(e.symbols)") }
            return .enumeration(i)
        case (.array(let items, _), .array(let elements)):
            var out: [AvroValue] = []
            out.reserveCapacity(elements.count)
            for (k, e) in elements.enumerated() {
                do { out.append(try value(e, items, depth: depth + 1, isDefault: isDefault)) } catch { throw error.at("[\(k)]") }
            }
            return .array(out)
        case (.map(let values, _), .object(let o)):
            var entries: [AvroMapEntry] = []
            for m in o.members {
                do { entries.append(AvroMapEntry(key: m.key, value: try value(m.value, values, depth: depth + 1, isDefault: isDefault))) } catch { throw error.at("{\(m.key)}") }
            }
            return .map(entries)
        case (.record(let r), .object(let o)):
            var fields: [AvroValue] = []
            fields.reserveCapacity(r.fields.count)
            for f in r.fields {
                do throws(AvroEncodingError) {
                    if let v = o[f.name] {
                        fields.append(try value(v, f.type, depth: depth + 1, isDefault: isDefault))
                    } else if let d = f.defaultValue {
                        fields.append(try value(d, f.type, depth: depth + 1, isDefault: true))
                    } else {
                        throw AvroEncodingError("missing field \(f.name), which has no default")
                    }
                } catch { throw error.at(f.name) }
            }
            if let unknown = o.members.first(where: { r.fieldIndex(named: $0.key) == nil }) {
                throw AvroEncodingError("record \(r.name) has no field \"\(unknown.key)\"")
            }
            return .record(fields)
        case (.union(let branches), _):
            if isDefault {
                guard let first = branches.first else { throw AvroEncodingError("an empty union has no values") }
                do { return .union(0, try value(json, first, depth: depth + 1, isDefault: true)) } catch { throw error.at("<0>") }
            }
            if case .null = json, let i = branches.firstIndex(where: { if case .primitive(.null, _, _) = schema[$0] { return true } else { return false } }) {
                return .union(i, .null)
            }
            guard case .object(let o) = json, o.count == 1, let m = o.first else {
                throw AvroEncodingError("a union value must be null or {\"<branch>\": value}; branches are \(branches.map { AvroJSONDatum.branchName(schema[$0]) })")
            }
            guard let i = branches.firstIndex(where: { AvroJSONDatum.branchName(schema[$0]) == m.key }) else {
                throw AvroEncodingError("\"\(m.key)\" is not a branch of the union \(branches.map { AvroJSONDatum.branchName(schema[$0]) })")
            }
            do { return .union(i, try value(m.value, branches[i], depth: depth + 1, isDefault: false)) } catch { throw error.at("<\(i)>") }
        default:
            throw mismatch(node, json)
        }
    }

    private func mismatch(_ node: AvroNode, _ json: JSONValue) -> AvroEncodingError {
        AvroEncodingError("expected \(node.name?.fullName ?? node.typeName), found \(json.typeName) \(JSONWriter.compact(json).prefix(40))")
    }

    static func number(_ json: JSONValue) -> Double? {
        switch json {
        case .int(let i): return Double(i)
        case .number(let n): return n.double
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: return nil
        }
    }

    static func latin1(_ s: String) throws(AvroEncodingError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            guard scalar.value <= 0xFF else {
                throw AvroEncodingError("bytes are written one character per byte (U+0000–U+00FF); found U+\(String(scalar.value, radix: 16, uppercase: true))")
            }
            out.append(UInt8(scalar.value))
        }
        return out
    }
}

extension AvroEncodingError {
    func at(_ component: String) -> AvroEncodingError {
        var e = self
        e.path.insert(component, at: 0)
        return e
    }
}
