import SteleJSON

/// Bounds, lengths, patterns, `multipleOf`, `enum`/`const` and `not`.
extension JSONSchemaDiffer {
    /// The four difference types of one bound keyword.
    struct BoundTypes {
        let added, removed, increased, decreased: JSONDifferenceType
    }

    func compareBound(_ keyword: String, _ a: JSONValue?, _ b: JSONValue?, _ t: BoundTypes, _ d: inout Diffs) {
        switch (a, b) {
        case (nil, nil): return
        case (nil, let b?): d.add(t.added, [keyword], note: "\(JSONWriter.compact(b))")
        case (let a?, nil): d.add(t.removed, [keyword], note: "was \(JSONWriter.compact(a))")
        case (let a?, let b?):
            guard a.isNumber, b.isNumber else {
                if a != b { d.add(t.added, [keyword]) }
                return
            }
            let c = JSONSemantics.compare(a, b)
            let note = "\(JSONWriter.compact(a)) → \(JSONWriter.compact(b))"
            if c < 0 { d.add(t.increased, [keyword], note: note) } else if c > 0 { d.add(t.decreased, [keyword], note: note) }
        }
    }

    func compareString(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        compareBound("maxLength", o["maxLength"], u["maxLength"], .init(added: .maxLengthAdded, removed: .maxLengthRemoved, increased: .maxLengthIncreased, decreased: .maxLengthDecreased), &d)
        compareBound("minLength", o["minLength"], u["minLength"], .init(added: .minLengthAdded, removed: .minLengthRemoved, increased: .minLengthIncreased, decreased: .minLengthDecreased), &d)
        switch (o["pattern"], u["pattern"]) {
        case (nil, nil): break
        case (nil, let p?): d.add(.patternAdded, ["pattern"], note: p.stringValue.map { "/\($0)/" })
        case (let p?, nil): d.add(.patternRemoved, ["pattern"], note: p.stringValue.map { "was /\($0)/" })
        case (let a?, let b?): if a != b { d.add(.patternChanged, ["pattern"], note: "/\(a.stringValue ?? "")/ → /\(b.stringValue ?? "")/") }
        }
    }

    /// Numeric bounds, with draft 4's boolean `exclusiveMaximum`/`exclusiveMinimum` read as the
    /// exclusive form of `maximum`/`minimum`.
    func numericBounds(_ v: SchemaView) -> (max: JSONValue?, exMax: JSONValue?, min: JSONValue?, exMin: JSONValue?) {
        if v.draft == .draft4 {
            // Draft 4's flags make the bound exclusive; Confluent (Everit) compares the bound and
            // the flag separately, so a flag added is EXCLUSIVE_*_ADDED and the bound is unchanged.
            let exMax = v["exclusiveMaximum"] == .bool(true), exMin = v["exclusiveMinimum"] == .bool(true)
            return (v["maximum"], exMax ? .bool(true) : nil, v["minimum"], exMin ? .bool(true) : nil)
        }
        func number(_ k: String) -> JSONValue? { v[k].flatMap { $0.isNumber ? $0 : nil } }
        return (number("maximum"), number("exclusiveMaximum"), number("minimum"), number("exclusiveMinimum"))
    }

    func compareNumber(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = numericBounds(o), b = numericBounds(u)
        compareBound("maximum", a.max, b.max, .init(added: .maximumAdded, removed: .maximumRemoved, increased: .maximumIncreased, decreased: .maximumDecreased), &d)
        compareBound("minimum", a.min, b.min, .init(added: .minimumAdded, removed: .minimumRemoved, increased: .minimumIncreased, decreased: .minimumDecreased), &d)
        compareBound("exclusiveMaximum", a.exMax, b.exMax, .init(added: .exclusiveMaximumAdded, removed: .exclusiveMaximumRemoved, increased: .exclusiveMaximumIncreased, decreased: .exclusiveMaximumDecreased), &d)
        compareBound("exclusiveMinimum", a.exMin, b.exMin, .init(added: .exclusiveMinimumAdded, removed: .exclusiveMinimumRemoved, increased: .exclusiveMinimumIncreased, decreased: .exclusiveMinimumDecreased), &d)
        switch (o["multipleOf"], u["multipleOf"]) {
        case (nil, nil): break
        case (nil, let m?): d.add(.multipleOfAdded, ["multipleOf"], note: JSONWriter.compact(m))
        case (let m?, nil): d.add(.multipleOfRemoved, ["multipleOf"], note: "was " + JSONWriter.compact(m))
        case (let x?, let y?):
            guard x.isNumber, y.isNumber, !JSONSemantics.equal(x, y) else { return }
            let note = "\(JSONWriter.compact(x)) → \(JSONWriter.compact(y))"
            // A new divisor that is a multiple of the old one accepts fewer numbers.
            if JSONSemantics.isMultiple(y, of: x) { d.add(.multipleOfExpanded, ["multipleOf"], note: note) }
            else if JSONSemantics.isMultiple(x, of: y) { d.add(.multipleOfReduced, ["multipleOf"], note: note) }
            else { d.add(.multipleOfChanged, ["multipleOf"], note: note) }
        }
    }

    /// `enum` and `const` (a one-value enum): values compared by JSON Schema equality.
    func compareEnum(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = o.enumValues, b = u.enumValues
        let keyword = (u["enum"] != nil || (u["const"] == nil && o["enum"] != nil)) ? "enum" : "const"
        switch (a, b) {
        case (nil, nil): return
        case (nil, _): d.add(.enumArrayNarrowed, [keyword], note: "\(keyword) added")
        case (_, nil): d.add(.enumArrayExtended, [keyword], note: "\(keyword) removed")
        case (let a?, let b?):
            let missing = a.filter { x in !b.contains { JSONSemantics.equal(x, $0) } }
            let extra = b.filter { x in !a.contains { JSONSemantics.equal(x, $0) } }
            func list(_ v: [JSONValue]) -> String { v.prefix(5).map { JSONWriter.compact($0) }.joined(separator: ", ") + (v.count > 5 ? ", …" : "") }
            if missing.isEmpty && extra.isEmpty { return }
            if missing.isEmpty { d.add(.enumArrayExtended, [keyword], note: "added \(list(extra))") }
            else if extra.isEmpty { d.add(.enumArrayNarrowed, [keyword], note: "removed \(list(missing))") }
            else { d.add(.enumArrayChanged, [keyword], note: "removed \(list(missing)); added \(list(extra))") }
        }
    }

    /// `not`: the forbidden set growing rejects more (NOT_TYPE_EXTENDED); shrinking, fewer.
    mutating func compareNot(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = childIfPresent(o, "not"), b = childIfPresent(u, "not")
        switch (a, b) {
        case (nil, nil): return
        case (nil, let b?): if !b.isFalse { d.add(.notTypeExtended, ["not"], note: "not added") }
        case (let a?, nil): if !a.isFalse { d.add(.notTypeNarrowed, ["not"], note: "not removed") }
        case (let a?, let b?):
            let grown = compare(a, b)
            if grown.isEmpty { return }
            if isCompatible(grown) { d.add(.notTypeExtended, ["not"]); return }
            let shrunk = compare(b, a)
            if isCompatible(shrunk) { d.add(.notTypeNarrowed, ["not"]) } else { d.add(.notTypeExtended, ["not"], note: "the negated schema changed") }
        }
    }
}
