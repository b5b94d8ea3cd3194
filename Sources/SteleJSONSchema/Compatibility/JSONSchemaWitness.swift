import SteleJSON

/// Builds, for an incompatibility, a JSON document the original schema accepts and the update
/// rejects — checked with both validators before it is returned, so a witness shown is always
/// real. Best effort: nil when none of the candidates works (the caller says so).
///
/// The document is an example of the original schema with the value at the difference's
/// instance location (the path's `properties/foo`, `items/0` … read as instance steps)
/// replaced by candidates drawn from both sub-schemas' keywords: values of each type, each
/// bound and its neighbours, enum members, objects with members removed or added.
struct JSONSchemaWitnessBuilder {
    let original: JSONSchemaDocument
    let update: JSONSchemaDocument
    private var differ: JSONSchemaDiffer
    /// Member names either schema mentions anywhere (`properties`, `required`, dependencies).
    private let names: [String]
    /// Dependency lists of the original: a member with every member it requires.
    private let dependencyGroups: [[String]]
    static let maxAttempts = 400
    /// Validations all witnesses of one check may spend together: a pair with thousands of
    /// differences gets witnesses for the first ones, then "none found", not minutes of work.
    private var budget = 40_000

    init?(original: JSONSchemaDocument, update: JSONSchemaDocument) {
        guard let d = try? JSONSchemaDiffer(original: original, update: update, policy: .strict) else { return nil }
        self.original = original
        self.update = update
        differ = d
        var names: [String] = [], groups: [[String]] = []
        Self.collectNames(original.root, &names, &groups, budget: 10_000)
        var ignored: [[String]] = []
        Self.collectNames(update.root, &names, &ignored, budget: 10_000)
        self.names = Array(names.prefix(64))
        dependencyGroups = Array(groups.prefix(64))
    }

    private static func collectNames(_ v: JSONValue, _ names: inout [String], _ groups: inout [[String]], budget: Int) {
        var stack = [v], seen = 0
        func add(_ n: String) { if !names.contains(n) { names.append(n) } }
        while let x = stack.popLast(), seen < budget {
            seen += 1
            switch x {
            case .object(let o):
                for m in o {
                    switch m.key {
                    case "properties", "dependentSchemas": m.value.objectValue?.keys.forEach(add)
                    case "required": m.value.arrayValue?.compactMap(\.stringValue).forEach(add)
                    case "dependencies", "dependentRequired":
                        for d in m.value.objectValue ?? JSONObject() {
                            add(d.key)
                            if let list = d.value.arrayValue?.compactMap(\.stringValue) { groups.append([d.key] + list) }
                        }
                    default: break
                    }
                    stack.append(m.value)
                }
            case .array(let a): stack.append(contentsOf: a)
            default: break
            }
        }
    }

    mutating func witness(for difference: JSONDifference) -> JSONValue? {
        // A property the update adds and requires breaks documents by its absence: look at the
        // object without it, as for `required`.
        var difference = difference
        switch difference.type {
        case .requiredPropertyAddedToOpenContentModel, .requiredPropertyWithDefaultAddedToOpenContentModel,
             .requiredPropertyAddedToUnopenContentModel, .requiredPropertyWithDefaultAddedToUnopenContentModel:
            if difference.path.count >= 2, difference.path[difference.path.count - 2] == "properties" {
                difference.path[difference.path.count - 2] = "required"
            }
        default: break
        }
        let root = SchemaIndex.Location(doc: 0, pointer: [])
        var o: SchemaView? = differ.view(0, root), u: SchemaView? = differ.view(1, root)
        // Instance steps and the example of the original at each level on the way down.
        var steps: [(step: InstanceStep, container: JSONValue)] = []
        var nameSchemas: [SchemaView] = []
        var tokens = difference.path[...]
        while let t = tokens.first {
            let next = tokens.dropFirst().first
            var step: InstanceStep?
            var consumed = 1
            switch t {
            case "properties", "patternProperties":
                guard let k = next else { break }
                consumed = 2
                step = t == "properties" ? .key(k) : .key(Self.keyMatching(k))
            case "items", "prefixItems":
                if let n = next, let i = Int(n) { step = .index(i); consumed = 2 } else { step = .index(tupleCount(o)) }
            case "additionalItems", "unevaluatedItems": step = .index(tupleCount(o))
            case "contains": step = .index(0)
            case "additionalProperties", "unevaluatedProperties": step = .key("stele_extra")
            case "allOf", "anyOf", "oneOf":
                if let n = next, Int(n) != nil { step = .same; consumed = 2 }
            case "propertyNames":
                // The difference is about member names: try names as extra members here.
                nameSchemas = [o, u].compactMap { $0 }.compactMap { subView($0, ["propertyNames"]) }
            case "not", "if", "then", "else", "$ref": step = .same
            default: break
            }
            guard let s = step else { break }
            let here = example(o) ?? .null
            if case .same = s {} else { steps.append((s, here)) }
            let sub = Array(tokens.prefix(consumed))
            // A side without the sub-schema keeps its enclosing schema (still the right instance).
            o = o.map { subView($0, sub) ?? $0 }
            u = u.map { subView($0, sub) ?? $0 }
            tokens = tokens.dropFirst(consumed)
        }
        var candidates: [JSONValue] = []
        if let o { candidates += interesting(o) }
        if let u { candidates += interesting(u) }
        if let o, let e = example(o) { candidates += mutations(of: e, o, u) }
        if !nameSchemas.isEmpty, let o, case .object(let obj)? = example(o) {
            for name in nameSchemas.flatMap({ interesting($0) }).compactMap(\.stringValue) {
                var m = obj
                m[name] = .null
                candidates.append(.object(m))
            }
        }
        // The surrounding document: preferably one both schemas accept, so that the candidate
        // is what the update rejects.
        let rootO = differ.view(0, root), rootU = differ.view(1, root)
        let bases = [example(rootU), example(rootO)].compactMap { $0 }.filter { original.validator.isValid($0) }
        if let base = bases.first(where: { update.validator.isValid($0) }) ?? bases.first {
            var path: [InstanceStep] = []
            for i in steps.indices {
                if let v = Self.value(in: base, at: path), Self.fits(v, steps[i].step) { steps[i].container = v }
                path.append(steps[i].step)
            }
            if let here = Self.value(in: base, at: path), let o {
                var named: [JSONValue] = []
                if !nameSchemas.isEmpty, case .object(let obj) = here {
                    for name in nameSchemas.flatMap({ interesting($0) }).compactMap(\.stringValue) {
                        var m = obj
                        m[name] = .null
                        named.append(.object(m))
                    }
                }
                candidates = named + [here] + mutations(of: here, o, u) + candidates
            }
        }
        let at = "/" + steps.map { s -> String in
            switch s.step {
            case .key(let k): return JSONPointer.escape(k)
            case .index(let i): return String(i)
            case .same: return ""
            }
        }.joined(separator: "/")
        let keyword = difference.path.last { SchemaView.validationKeywords.contains($0) }
        var tried = Set<JSONValue>()
        var fallback: (JSONValue, Int)?
        for c in candidates where tried.insert(c).inserted {
            if tried.count > Self.maxAttempts || budget <= 0 { break }
            budget -= 1
            let doc = embed(c, steps[...])
            guard original.validator.isValid(doc) else { continue }
            let errors = update.validator.validate(doc)
            if errors.isEmpty { continue }
            // Best: the update rejects the document where the difference is, by its keyword.
            let located = errors.filter { ($0.instanceLocation + "/").hasPrefix(at + "/") || steps.isEmpty }
            let score = located.isEmpty ? 0 : (keyword.map { k in located.contains { $0.keywordLocation.contains("/" + k) } } ?? true ? 2 : 1)
            if score == 2 { return doc }
            if fallback == nil || fallback!.1 < score { fallback = (doc, score) }
        }
        return fallback?.0
    }

    private static func value(in doc: JSONValue, at path: [InstanceStep]) -> JSONValue? {
        var v = doc
        for step in path {
            switch step {
            case .key(let k): guard let next = v.objectValue?[k] else { return nil }; v = next
            case .index(let i): guard let a = v.arrayValue, i < a.count else { return nil }; v = a[i]
            case .same: continue
            }
        }
        return v
    }

    private static func fits(_ v: JSONValue, _ step: InstanceStep) -> Bool {
        switch step {
        case .key: return v.objectValue != nil
        case .index: return v.arrayValue != nil
        case .same: return true
        }
    }

    enum InstanceStep { case key(String), index(Int), same }

    private func embed(_ value: JSONValue, _ steps: ArraySlice<(step: InstanceStep, container: JSONValue)>) -> JSONValue {
        guard let (step, container) = steps.first else { return value }
        let inner = embed(value, steps.dropFirst())
        switch step {
        case .key(let k):
            var obj = container.objectValue ?? JSONObject()
            obj[k] = inner
            return .object(obj)
        case .index(let i):
            var arr = container.arrayValue ?? []
            while arr.count <= i { arr.append(arr.last ?? .null) }
            arr[i] = inner
            return .array(arr)
        case .same:
            return inner
        }
    }

    private mutating func subView(_ v: SchemaView, _ tokens: [String]) -> SchemaView? {
        var pointer = v.loc.pointer
        for t in tokens { pointer.append(t) }
        guard differ.sides[v.side].index.value(at: SchemaIndex.Location(doc: v.loc.doc, pointer: pointer)) != nil else {
            // `items` as the rest beside a tuple, a refConjunct … : keep the parent.
            if tokens.first == "$ref", let c = v.refConjunct { return differ.view(v.side, c) }
            return nil
        }
        return differ.view(v.side, SchemaIndex.Location(doc: v.loc.doc, pointer: pointer))
    }

    private func tupleCount(_ v: SchemaView?) -> Int {
        guard let v else { return 0 }
        return (v["prefixItems"]?.arrayValue ?? v["items"]?.arrayValue)?.count ?? 0
    }

    /// A property name a pattern plausibly matches (checked later with the validators anyway).
    static func keyMatching(_ pattern: String) -> String {
        for candidate in ["a", "x", "s_1", "x-1", "A", "1", "foo", "ab", "key", ""] {
            if let re = try? ECMARegex(pattern), (try? re.matches(candidate)) == true { return candidate }
        }
        return pattern.filter { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    // MARK: examples

    /// A value the schema likely accepts (validated by the caller).
    mutating func example(_ v: SchemaView?, depth: Int = 0) -> JSONValue? {
        guard let v, depth < 12, !v.isFalse else { return nil }
        if v.isEmpty { return .null }
        if let e = v.enumValues?.first { return e }
        if let (kw, _) = v.onlySum { return example(differ.child(v, kw, "0"), depth: depth + 1) }
        if let c = v.refConjunct, v.validationKeywords(except: ["$ref"]).isEmpty { return example(differ.view(v.side, c), depth: depth + 1) }
        if let n = v.onlyAllOf {
            var merged = JSONObject()
            var first: JSONValue?
            for i in 0..<n {
                let e = example(differ.child(v, "allOf", String(i)), depth: depth + 1)
                if first == nil { first = e }
                if case .object(let o)? = e { for m in o where merged[m.key] == nil { merged[m.key] = m.value } }
            }
            return merged.isEmpty ? first : .object(merged)
        }
        let type = preferredType(v)
        switch type {
        case .object:
            var obj = JSONObject()
            let req = v["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let props = v["properties"]?.objectValue?.keys ?? []
            let minProps = Int(v["minProperties"]?.intValue ?? 0)
            for k in req + props where obj[k] == nil && (req.contains(k) || obj.count < minProps) {
                obj[k] = props.contains(k) ? (example(differ.child(v, "properties", k), depth: depth + 1) ?? .null) : .null
            }
            var extra = 0
            while obj.count < minProps && extra < 64 { obj["p\(extra)"] = .null; extra += 1 }
            return .object(obj)
        case .array:
            let n = Int(v["minItems"]?.intValue ?? 0)
            let shape = differ.itemsShape(v)
            var arr: [JSONValue] = []
            for i in 0..<max(n, shape.tuple?.count ?? 0) where i < 1000 {
                if let t = shape.tuple, i < t.count { arr.append(example(t[i], depth: depth + 1) ?? .null) }
                else { arr.append(example(shape.all ?? shape.rest, depth: depth + 1) ?? .null) }
            }
            if let c = differ.childIfPresent(v, "contains"), arr.isEmpty, let e = example(c, depth: depth + 1) { arr.append(e) }
            return .array(arr)
        case .string: return stringExample(v)
        case .integer, .number: return numberExample(v, integer: type == .integer)
        case .boolean: return .bool(true)
        default: return .null
        }
    }

    private func preferredType(_ v: SchemaView) -> JSONTypeSet {
        if let t = v.types {
            for c in [JSONTypeSet.object, .array, .string, .integer, .number, .boolean, .null] where t.contains(c) { return c }
            return .null
        }
        let keys = Set(v.object?.keys ?? [])
        if !keys.isDisjoint(with: ["properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties", "dependentRequired", "propertyNames"]) { return .object }
        if !keys.isDisjoint(with: ["items", "prefixItems", "minItems", "maxItems", "contains", "uniqueItems"]) { return .array }
        if !keys.isDisjoint(with: ["minLength", "maxLength", "pattern", "format"]) { return .string }
        if !keys.isDisjoint(with: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) { return .number }
        return .null
    }

    private func stringExample(_ v: SchemaView) -> JSONValue {
        let minLen = Int(v["minLength"]?.intValue ?? 0)
        if let p = v["pattern"]?.stringValue, let re = try? ECMARegex(p) {
            for c in ["a", "abc", "A", "0", "123", "a1", "x@example.com", "2020-01-01", "ABC", "a-b", "aaaaaaaa", ""] + formatExamples {
                if c.count >= minLen, (try? re.matches(c)) == true { return .string(c) }
            }
        }
        if let f = v["format"]?.stringValue, let e = formatExample(f) { return .string(e) }
        return .string(String(repeating: "a", count: min(minLen, 10_000)))
    }

    private var formatExamples: [String] {
        ["2020-01-01T00:00:00Z", "12:00:00Z", "x@example.com", "example.com", "192.0.2.1", "2001:db8::1",
         "https://example.com/x", "123e4567-e89b-12d3-a456-426614174000", "P1D"]
    }

    private func formatExample(_ f: String) -> String? {
        switch f {
        case "date-time": return "2020-01-01T00:00:00Z"
        case "date": return "2020-01-01"
        case "time": return "12:00:00Z"
        case "email", "idn-email": return "x@example.com"
        case "hostname", "idn-hostname": return "example.com"
        case "ipv4": return "192.0.2.1"
        case "ipv6": return "2001:db8::1"
        case "uri", "iri", "uri-reference", "iri-reference": return "https://example.com/x"
        case "uuid": return "123e4567-e89b-12d3-a456-426614174000"
        case "duration": return "P1D"
        default: return nil
        }
    }

    private func numberExample(_ v: SchemaView, integer: Bool) -> JSONValue {
        let b = differ.numericBounds(v)
        var x: Double = 0
        if let lo = b.min?.doubleValue { x = lo }
        if let lo = b.exMin?.doubleValue { x = lo + (integer ? 1 : 0.5) }
        if let hi = b.max?.doubleValue, x > hi { x = hi }
        if let hi = b.exMax?.doubleValue, x >= hi { x = hi - (integer ? 1 : 0.5) }
        if let m = v["multipleOf"]?.doubleValue, m > 0 { x = (x / m).rounded(.up) * m }
        if integer || x.rounded() == x, abs(x) < 9e15 { return .int(Int64(x)) }
        return .number(JSONNumber(x))
    }

    // MARK: candidates

    /// Values around everything the schema says: each type, each bound ±, enum members.
    private mutating func interesting(_ v: SchemaView, depth: Int = 0) -> [JSONValue] {
        var c: [JSONValue] = []
        if depth < 2 {
            for kw in ["allOf", "anyOf", "oneOf"] {
                for i in 0..<min(v[kw]?.arrayValue?.count ?? 0, 8) { c += interesting(differ.child(v, kw, String(i)), depth: depth + 1) }
            }
            for kw in ["then", "else", "not"] where v[kw] != nil { c += interesting(differ.child(v, kw), depth: depth + 1) }
        }
        if let e = example(v) { c.append(e) }
        c += v.enumValues ?? []
        c += [.null, .bool(true), .bool(false), .int(0), .int(1), .int(-1), .number(JSONNumber(0.5)), .string(""), .string("a"), .array([]), .object(JSONObject())]
        let b = differ.numericBounds(v)
        for bound in [b.max, b.exMax, b.min, b.exMin] {
            guard let d = bound?.doubleValue else { continue }
            for x in [d, d - 1, d + 1, d - 0.5, d + 0.5] { c.append(x.rounded() == x && abs(x) < 9e15 ? .int(Int64(x)) : .number(JSONNumber(x))) }
        }
        if let m = v["multipleOf"]?.doubleValue {
            for x in [m, m * 2, m * 3, m / 2, m * 1.5] { c.append(x.rounded() == x && abs(x) < 9e15 ? .int(Int64(x)) : .number(JSONNumber(x))) }
        }
        let base = stringExample(v).stringValue ?? ""
        for kw in ["minLength", "maxLength"] {
            guard let n = v[kw]?.intValue, n >= 0, n < 10_000 else { continue }
            for len in [n - 1, n, n + 1] where len >= 0 {
                let seed = base.isEmpty ? "a" : base
                var s = String(repeating: seed, count: Int(len) / max(seed.count, 1) + 1)
                s = String(s.prefix(Int(len)))
                c.append(.string(s))
            }
        }
        for kw in ["minItems", "maxItems"] {
            guard let n = v[kw]?.intValue, n >= 0, n < 1000 else { continue }
            let item = example(differ.itemsShape(v).all, depth: 1) ?? .null
            for len in [n - 1, n, n + 1] where len >= 0 { c.append(.array(Array(repeating: item, count: Int(len)))) }
        }
        if preferredType(v) == .array || v.types?.contains(.array) == true {
            let shape = differ.itemsShape(v)
            let n = shape.tuple?.count ?? 0
            var arr = (shape.tuple ?? []).map { example($0, depth: 1) ?? .null }
            for _ in 0..<2 {
                arr.append(example(shape.rest ?? shape.all, depth: 1) ?? arr.last ?? .null)
                c.append(.array(arr))
            }
            if let contains = differ.childIfPresent(v, "contains"), let e = example(contains, depth: 1) {
                let most = Int(max(v["maxContains"]?.intValue ?? 0, v["minContains"]?.intValue ?? 0, 1))
                for k in 1...min(most + 1, 1000) { c.append(.array(Array(repeating: e, count: k))) }
            }
            _ = n
        }
        if v["uniqueItems"] != nil || v["contains"] != nil {
            let item = example(differ.itemsShape(v).all, depth: 1) ?? .int(1)
            c += [.array([item, item]), .array([item]), .array([.int(1), .int(1)])]
        }
        return c
    }

    /// An object example with each member removed, extra members added (each candidate value),
    /// and a property count pushed past its bounds.
    private mutating func mutations(of example: JSONValue, _ o: SchemaView, _ u: SchemaView?) -> [JSONValue] {
        guard case .object(let obj) = example else { return [] }
        var c: [JSONValue] = []
        for k in obj.keys {
            var m = obj
            m[k] = nil
            c.append(.object(m))
        }
        var names = (u?["properties"]?.objectValue?.keys ?? []) + (o["properties"]?.objectValue?.keys ?? [])
        for n in self.names where !names.contains(n) { names.append(n) }
        names.append("stele_extra")
        for group in dependencyGroups {
            var m = obj
            for k in group where m[k] == nil { m[k] = .string("") }
            c.append(.object(m))
        }
        let values: [JSONValue] = [.null, .bool(true), .int(0), .int(-1), .number(JSONNumber(0.5)), .string(""), .string("a"), .array([]), .object(JSONObject())]
        for k in names {
            for v in values {
                var m = obj
                m[k] = v
                c.append(.object(m))
            }
        }
        for start in [obj, JSONObject()] {
            for k in [nil] + names.map(Optional.some) {
                var grown = start
                if let k { grown[k] = .string("") }
                for i in 0..<4 { grown["stele_extra\(i)"] = .null; c.append(.object(grown)) }
            }
        }
        return c
    }
}
