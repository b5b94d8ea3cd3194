import SteleJSON

/// Confluent's `SchemaDiff.compare(original, update)` for JSON Schema: walks both schemas in
/// step and lists every difference, each typed as in Confluent's catalogue (reference §4).
///
/// - `$ref` is followed on both sides; each (original, update) location pair is compared once
///   and its result reused, and a pair met again while it is being compared is assumed
///   compatible (the greatest fixpoint: recursive schemas terminate).
/// - Sub-schemas of `allOf`/`anyOf`/`oneOf` are matched regardless of order: a maximum
///   bipartite matching over the compatible pairs (Confluent's algorithm).
/// - Work and depth are bounded; beyond them the walk reports COMPARISON_LIMIT_EXCEEDED
///   (incompatible: it cannot vouch for what it did not see) instead of hanging.
struct JSONSchemaDiffer {
    static let maxDepth = 160
    static let maxWork = 200_000
    /// Pairs of not-identical sub-schemas one `anyOf`/`oneOf`/`allOf` match may compare.
    static let maxMatchingTable = 40_000

    var sides: [SchemaSide]
    let policy: JSONCompatibilityPolicy
    private var memo: [PairKey: [JSONDifference]] = [:]
    private var depth = 0
    private var work = 0
    private(set) var limitHit = false

    struct PairKey: Hashable {
        let a: SchemaIndex.Location, aSide: Int
        let b: SchemaIndex.Location, bSide: Int
    }

    init(original: JSONSchemaDocument, update: JSONSchemaDocument, policy: JSONCompatibilityPolicy) throws(JSONSchemaError) {
        sides = [try SchemaSide(original), try SchemaSide(update)]
        self.policy = policy
    }

    /// Every difference from the original's root to the update's.
    static func differences(original: JSONSchemaDocument, update: JSONSchemaDocument, policy: JSONCompatibilityPolicy = .strict) -> [JSONDifference] {
        // The same text with the same references has no differences, however deep it is.
        if original.root == update.root && original.resolver == update.resolver { return [] }
        do {
            var d = try JSONSchemaDiffer(original: original, update: update, policy: policy)
            let root = SchemaIndex.Location(doc: 0, pointer: [])
            return d.compare(d.view(0, root), d.view(1, root))
        } catch {
            // Both documents compiled, so indexing them again cannot fail; say so if it does.
            return [JSONDifference(type: .comparisonLimitExceeded, path: [], note: error.description)]
        }
    }

    /// Call with a computed value, never `isCompatible(compare(…))`: the receiver would be
    /// loaded before the argument mutates `self`, and every memo insertion would then copy the
    /// whole memo (copy-on-write with two owners).
    func isCompatible(_ diffs: [JSONDifference]) -> Bool { diffs.allSatisfy { $0.type.isCompatible(under: policy) } }

    // MARK: views

    /// The view at `loc`, with whole-schema `$ref`s followed. A cycle of pure references
    /// (`{"$ref": "#"}`) accepts nothing, as the validator says.
    mutating func view(_ side: Int, _ start: SchemaIndex.Location) -> SchemaView {
        var loc = start
        var seen: Set<SchemaIndex.Location> = [loc]
        while true {
            let value = sides[side].index.value(at: loc) ?? .bool(true)
            guard let info = sides[side].index.info(at: loc) else {
                return SchemaView(side: side, loc: loc, value: value, draft: .draft7)
            }
            guard case .object(let o) = value,
                  let ref = o["$ref"]?.stringValue ?? (info.draft >= .draft2019_09 ? (o["$dynamicRef"] ?? o["$recursiveRef"])?.stringValue : nil),
                  let target = try? sides[side].index.locate(info.base.resolving(ref), draft: info.draft)
            else {
                return SchemaView(side: side, loc: loc, value: value, draft: info.draft)
            }
            let siblings = o.keys.filter { SchemaView.validationKeywords.contains($0) && !$0.hasPrefix("$") }
            if info.draft >= .draft2019_09 && !siblings.isEmpty {
                return SchemaView(side: side, loc: loc, value: value, draft: info.draft, refConjunct: target)
            }
            guard seen.insert(target).inserted else {
                return SchemaView(side: side, loc: loc, value: .bool(false), draft: info.draft)
            }
            loc = target
        }
    }

    /// The sub-schema of `v` at `tokens` below it.
    mutating func child(_ v: SchemaView, _ tokens: String...) -> SchemaView {
        view(v.side, SchemaIndex.Location(doc: v.loc.doc, pointer: v.loc.pointer + tokens))
    }

    mutating func childIfPresent(_ v: SchemaView, _ keyword: String) -> SchemaView? {
        v[keyword] == nil ? nil : child(v, keyword)
    }

    // MARK: comparing

    /// The differences from `o` to `u`, with paths relative to this pair.
    mutating func compare(_ o: SchemaView, _ u: SchemaView) -> [JSONDifference] {
        if o.isFalse || u.isEmpty { return [] }
        let key = PairKey(a: o.loc, aSide: o.side, b: u.loc, bSide: u.side)
        if let done = memo[key] { return done }
        work += 1
        guard depth < Self.maxDepth, work < Self.maxWork else {
            limitHit = true
            return [JSONDifference(type: .comparisonLimitExceeded, path: [], note: depth >= Self.maxDepth ? "more than \(Self.maxDepth) nested levels" : "more than \(Self.maxWork) sub-schema comparisons")]
        }
        memo[key] = []  // in progress: assumed compatible if met again
        depth += 1
        var d = Diffs(o: o, u: u)
        compareBody(o, u, &d)
        depth -= 1
        memo[key] = d.list
        return d.list
    }

    /// `compare` for optional sub-schemas: one present only is SCHEMA_ADDED / SCHEMA_REMOVED.
    mutating func compareOptional(_ o: SchemaView?, _ u: SchemaView?, at tokens: [String], _ d: inout Diffs) {
        switch (o, u) {
        case (nil, nil): return
        case (nil, let u?): if !u.isEmpty { d.add(.schemaAdded, tokens) }
        case (let o?, nil): if !o.isEmpty { d.add(.schemaRemoved, tokens) }
        case (let o?, let u?): d.append(compare(o, u), under: tokens)
        }
    }

    private mutating func compareBody(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        if u.isFalse {
            d.add(.typeChanged, [], note: "the \(label(u)) schema is false and accepts nothing")
            return
        }
        compareAnnotations(o, u, &d)
        if compareCombinedAgainstPlain(o, u, &d) { return }
        let stop = compareTypes(o, u, &d)
        if stop { return }
        let effective = (o.types?.closed ?? .all).intersection(u.types?.closed ?? .all)
        if !effective.isDisjoint(with: .string) { compareString(o, u, &d) }
        if !effective.isDisjoint(with: [.number, .integer]) { compareNumber(o, u, &d) }
        if effective.contains(.object) { compareObject(o, u, &d) }
        if effective.contains(.array) { compareArray(o, u, &d) }
        compareEnum(o, u, &d)
        compareNot(o, u, &d)
        compareCombinators(o, u, &d)
        compareConditional(o, u, &d)
        compareRefConjuncts(o, u, &d)
    }

    func label(_ v: SchemaView) -> String { v.side == 0 ? "original" : "updated" }

    private func compareAnnotations(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let idKey = u.draft.idKeyword
        for (kw, type) in [(idKey, JSONDifferenceType.idChanged), ("title", .titleChanged), ("description", .descriptionChanged), ("default", .defaultChanged)] {
            let a = o[kw == idKey ? o.draft.idKeyword : kw], b = u[kw]
            if a != b && !(a.map { x in b.map { JSONSemantics.equal(x, $0) } ?? false } ?? false) { d.add(type, [kw]) }
        }
    }

    /// Returns true when the pair was fully judged by the type keywords (disjoint types).
    private func compareTypes(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) -> Bool {
        let a = o.types, b = u.types
        guard a != b else { return false }
        let note = "\(a.map { $0.names.joined(separator: ", ") } ?? "any") → \(b.map { $0.names.joined(separator: ", ") } ?? "any")"
        switch (a, b) {
        case (_, nil): d.add(.typeExtended, ["type"], note: note)
        case (nil, _): d.add(.typeNarrowed, ["type"], note: note)
        case (let a?, let b?):
            if b.covers(a) { d.add(.typeExtended, ["type"], note: note) }
            else if a.covers(b) { d.add(.typeNarrowed, ["type"], note: note) }
            else {
                d.add(.typeChanged, ["type"], note: note)
                if a.closed.isDisjoint(with: b.closed) { return true }
            }
        }
        return false
    }
}

/// The differences of one pair being compared, with paths relative to the pair.
struct Diffs {
    let o: SchemaView
    let u: SchemaView
    var list: [JSONDifference] = []

    init(o: SchemaView, u: SchemaView) {
        self.o = o
        self.u = u
    }

    /// A difference at `tokens` below the pair; each side's document pointer is recorded when
    /// the keyword is there (main documents only: references have their own texts).
    mutating func add(_ type: JSONDifferenceType, _ tokens: [String], note: String? = nil) {
        list.append(JSONDifference(type: type, path: tokens, originalPointer: pointer(o, tokens), updatePointer: pointer(u, tokens), note: note))
    }

    private func pointer(_ v: SchemaView, _ tokens: [String]) -> JSONPointer? {
        guard v.loc.doc == 0 else { return nil }
        return JSONPointer(tokens: v.loc.pointer + tokens)
    }

    mutating func append(_ sub: [JSONDifference], under tokens: [String]) {
        for var s in sub {
            s.path = tokens + s.path
            list.append(s)
        }
    }
}
