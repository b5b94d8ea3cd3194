import SteleJSON

/// Datums in the Avro JSON encoding (spec, "JSON Encoding"): unions as `null` or
/// `{"<branch name>": value}`, bytes and fixed as strings of U+0000–U+00FF, records as objects
/// with every field. Used for witnesses: building, validating and resolving small datums.
enum AvroJSONDatum {
    /// The name a union uses for a branch in the JSON encoding.
    static func branchName(_ node: AvroNode) -> String { node.name?.fullName ?? node.typeName }

    /// Is `value` a datum of `id` in `schema`? `nil` when it is, else why not.
    static func problem(_ value: JSONValue, _ id: AvroNodeID, in schema: AvroSchema, depth: Int = 0) -> String? {
        guard depth < 1000 else { return "datum nested too deeply" }
        switch (schema[id], value) {
        case (.primitive(.null, _, _), .null), (.primitive(.boolean, _, _), .bool), (.primitive(.string, _, _), .string): return nil
        case (.primitive(.int, _, _), .int(let i)): return Int64(Int32.min)...Int64(Int32.max) ~= i ? nil : "int out of range"
        case (.primitive(.long, _, _), .int): return nil
        case (.primitive(.float, _, _), .int), (.primitive(.double, _, _), .int), (.primitive(.float, _, _), .number), (.primitive(.double, _, _), .number): return nil
        case (.primitive(.bytes, _, _), .string(let s)): return s.unicodeScalars.allSatisfy { $0.value <= 0xFF } ? nil : "bytes must be U+0000–U+00FF"
        case (.enumeration(let e), .string(let s)): return e.symbols.contains(s) ? nil : "\(s) is not a symbol of \(e.name)"
        case (.fixed(let f), .string(let s)):
            return s.unicodeScalars.count == f.size && s.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) ? nil : "fixed \(f.name) needs \(f.size) bytes"
        case (.array(let items, _), .array(let elements)):
            for e in elements { if let p = problem(e, items, in: schema, depth: depth + 1) { return p } }
            return nil
        case (.map(let values, _), .object(let o)):
            for m in o { if let p = problem(m.value, values, in: schema, depth: depth + 1) { return p } }
            return nil
        case (.record(let r), .object(let o)):
            for field in r.fields {
                guard let v = o[field.name] else { return "missing field \(field.name)" }
                if let p = problem(v, field.type, in: schema, depth: depth + 1) { return p }
            }
            return o.count == r.fields.count ? nil : "unknown fields in record \(r.name)"
        case (.union(let branches), .null):
            return branches.contains { if case .primitive(.null, _, _) = schema[$0] { return true } else { return false } } ? nil : "null is not a branch"
        case (.union(let branches), .object(let o)):
            guard o.count == 1, let m = o.first, let b = branches.first(where: { branchName(schema[$0]) == m.key }) else {
                return "a union value must be null or {\"<branch>\": value}"
            }
            return problem(m.value, b, in: schema, depth: depth + 1)
        default:
            return "\(value.typeName) is not a \(schema[id].typeName)"
        }
    }

    /// Reads a datum written with `writer` as `reader` would (spec, "Schema Resolution"),
    /// independently of the schema-level checker: `nil` when it resolves, else why not.
    static func resolutionProblem(_ value: JSONValue, reader: AvroSchema, _ r: AvroNodeID, writer: AvroSchema, _ w: AvroNodeID, depth: Int = 0) -> String? {
        guard depth < 1000 else { return "datum nested too deeply" }
        let rn = reader[r], wn = writer[w]
        if case .union(let wb) = wn {
            let branch: AvroNodeID?
            let inner: JSONValue
            if case .object(let o) = value, o.count == 1, let m = o.first {
                branch = wb.first { branchName(writer[$0]) == m.key }
                inner = m.value
            } else {
                branch = wb.first { if case .primitive(.null, _, _) = writer[$0] { return true } else { return false } }
                inner = .null
            }
            guard let branch else { return "datum does not select a writer union branch" }
            return resolutionProblem(inner, reader: reader, r, writer: writer, branch, depth: depth + 1)
        }
        if case .union(let rb) = rn {
            for b in rb where resolutionProblem(value, reader: reader, b, writer: writer, w, depth: depth + 1) == nil { return nil }
            return "no branch of the reader union \(rb.map { branchName(reader[$0]) }) can read a \(branchName(wn))"
        }
        func namesMatch(_ rName: AvroName, _ rAliases: [AvroName], _ wName: AvroName) -> Bool {
            rName.name == wName.name || rAliases.contains { $0.fullName == wName.fullName }
        }
        switch (rn, wn) {
        case (.primitive(let rp, _, _), .primitive(let wp, _, _)):
            return rp == wp || ReaderWriterChecker.promotes(from: wp, to: rp) ? nil : "a \(wp.rawValue) cannot be read as \(rp.rawValue)"
        case (.array(let ri, _), .array(let wi, _)):
            for e in value.arrayValue ?? [] {
                if let p = resolutionProblem(e, reader: reader, ri, writer: writer, wi, depth: depth + 1) { return p }
            }
            return nil
        case (.map(let rv, _), .map(let wv, _)):
            for m in value.objectValue ?? JSONObject() {
                if let p = resolutionProblem(m.value, reader: reader, rv, writer: writer, wv, depth: depth + 1) { return p }
            }
            return nil
        case (.enumeration(let re), .enumeration(let we)):
            guard namesMatch(re.name, re.aliases, we.name) else { return "enum \(we.name) cannot be read as enum \(re.name)" }
            guard let s = value.stringValue else { return "not an enum symbol" }
            if re.symbols.contains(s) { return nil }
            return re.defaultSymbol != nil ? nil : "symbol \(s) is not in the reader's enum \(re.name), which has no default"
        case (.fixed(let rf), .fixed(let wf)):
            guard namesMatch(rf.name, rf.aliases, wf.name) else { return "fixed \(wf.name) cannot be read as fixed \(rf.name)" }
            return rf.size == wf.size ? nil : "\(wf.size) bytes cannot be read as fixed \(rf.name) of \(rf.size) bytes"
        case (.record(let rr), .record(let wr)):
            guard namesMatch(rr.name, rr.aliases, wr.name) else { return "record \(wr.name) cannot be read as record \(rr.name)" }
            guard let o = value.objectValue else { return "not a record" }
            for field in rr.fields {
                var matches = [wr.fieldIndex(named: field.name)].compactMap { $0 }
                matches += field.aliases.compactMap { wr.fieldIndex(named: $0) }
                if matches.count > 1 { return "reader field \(field.name) matches several writer fields" }
                if let wi = matches.first {
                    let wf = wr.fields[wi]
                    guard let v = o[wf.name] else { return "missing field \(wf.name)" }
                    if let p = resolutionProblem(v, reader: reader, field.type, writer: writer, wf.type, depth: depth + 1) { return p }
                } else if field.defaultValue == nil {
                    return "the data has no field \(field.name) and the reader gives it no default"
                }
            }
            return nil
        default:
            return "a \(wn.typeName) cannot be read as \(rn.typeName)"
        }
    }
}
