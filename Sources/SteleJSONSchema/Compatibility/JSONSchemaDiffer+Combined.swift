import SteleJSON

/// `allOf`/`anyOf`/`oneOf` (order-insensitive matching of sub-schemas), a plain schema
/// becoming a combined one and back, `if`/`then`/`else`, and 2019-09+ `$ref` conjuncts.
extension JSONSchemaDiffer {
    func list(_ v: SchemaView, _ keyword: String) -> [JSONValue]? { v[keyword]?.arrayValue }

    /// Confluent's special cases (reference §4.2), returning true when they decided the pair:
    /// a plain schema becoming `anyOf`/`oneOf` with a branch that accepts it (SUM_TYPE_EXTENDED);
    /// an `allOf` becoming a plain schema that one member already implied (PRODUCT_TYPE_NARROWED);
    /// an `anyOf`/`oneOf` becoming a plain schema that accepts every branch.
    mutating func compareCombinedAgainstPlain(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) -> Bool {
        if !o.hasCombinator, let (keyword, count) = u.onlySum {
            for i in 0..<count {
                let sub = compare(o, child(u, keyword, String(i)))
                if isCompatible(sub) {
                    d.append(sub, under: [keyword, String(i)])
                    d.add(.sumTypeExtended, [keyword], note: "branch \(i) accepts the \(label(o)) schema")
                    return true
                }
            }
            d.add(.typeChanged, [], note: "no branch of the \(keyword) accepts the \(label(o)) schema")
            return true
        }
        if let count = o.onlyAllOf, !u.hasCombinator {
            for i in 0..<count {
                let sub = compare(child(o, "allOf", String(i)), u)
                if isCompatible(sub) {
                    d.append(sub, under: ["allOf", String(i)])
                    d.add(.productTypeNarrowed, ["allOf"], note: "member \(i) is at least as strict as the \(label(u)) schema")
                    return true
                }
            }
            d.add(.typeChanged, [], note: "no member of the allOf implies the \(label(u)) schema")
            return true
        }
        if let (keyword, count) = o.onlySum, !u.hasCombinator {
            var all: [JSONDifference] = []
            for i in 0..<count {
                let sub = compare(child(o, keyword, String(i)), u)
                if !isCompatible(sub) {
                    d.append(sub, under: [keyword, String(i)])
                    d.add(.typeChanged, [], note: "branch \(i) of the \(keyword) is not accepted by the \(label(u)) schema")
                    return true
                }
                all.append(contentsOf: sub.map { var x = $0; x.path = [keyword, String(i)] + x.path; return x })
            }
            d.list.append(contentsOf: all)
            return true
        }
        return false
    }

    /// The combinators present on both sides, paired by keyword.
    mutating func compareCombinators(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        var oKeys = ["allOf", "anyOf", "oneOf"].filter { o[$0] != nil }
        var uKeys = ["allOf", "anyOf", "oneOf"].filter { u[$0] != nil }
        for k in oKeys where uKeys.contains(k) {
            compareCombined(k, k, o, u, &d)
        }
        let common = oKeys.filter { uKeys.contains($0) }
        oKeys.removeAll { common.contains($0) }
        uKeys.removeAll { common.contains($0) }
        // One combinator replaced by another, judged as Confluent's `compareCriteria` does:
        // anything may become `anyOf`; a single-member `allOf`/`anyOf` may become `oneOf`; a
        // single-member `anyOf`/`oneOf` may become a single-member `allOf`. Then the members
        // are matched as for the same keyword.
        while let ok = oKeys.first, let uk = uKeys.first {
            oKeys.removeFirst()
            uKeys.removeFirst()
            let oldCount = list(o, ok)?.count ?? 0, newCount = list(u, uk)?.count ?? 0
            let extended: Bool
            switch uk {
            case "anyOf": extended = true
            case "oneOf": extended = oldCount == 1
            default: extended = oldCount == 1 && newCount == 1
            }
            if extended {
                d.add(.combinedTypeExtended, [uk], note: "\(ok) → \(uk)")
                compareCombined(ok, uk, o, u, &d)
            } else {
                d.add(.combinedTypeChanged, [uk], note: "\(ok) → \(uk)")
            }
        }
        for k in oKeys {
            // A combinator removed beside other keywords: a constraint dropped.
            d.add(k == "allOf" ? .productTypeNarrowed : .schemaRemoved, [k], note: "\(k) removed")
        }
        for k in uKeys {
            let count = list(u, k)?.count ?? 0
            if k == "allOf" {
                // Each new member must accept everything the original accepts.
                var subs: [JSONDifference] = []
                var ok = true
                for i in 0..<count {
                    let sub = compare(o, child(u, k, String(i)))
                    // Only what the member forbids matters: its compatible differences (annotations,
                    // keywords it leaves out) say nothing about the change. A member is a
                    // constraint of its own, so a name it requires that nothing defines counts.
                    let forbids = sub.filter { !$0.type.isCompatible(under: policy) || ($0.type.isSteleOwn && $0.type.mayRejectDocuments) }
                    if !forbids.isEmpty {
                        ok = false
                        subs.append(contentsOf: forbids.map { var x = $0; x.path = [k, String(i)] + x.path; return x })
                    }
                }
                d.list.append(contentsOf: subs)
                if !ok { d.add(.productTypeExtended, [k], note: "allOf added") }
            } else {
                var accepting: Int?
                for i in 0..<count {
                    let sub = compare(o, child(u, k, String(i)))
                    if isCompatible(sub) && !sub.contains(where: { $0.type.isSteleOwn && $0.type.mayRejectDocuments }) { accepting = i; break }
                }
                if let i = accepting { d.add(.sumTypeExtended, [k], note: "\(k) added; branch \(i) accepts the \(label(o)) schema") }
                else { d.add(.combinedTypeChanged, [k], note: "\(k) added and no branch accepts the \(label(o)) schema") }
            }
        }
    }

    /// Two lists of sub-schemas: sizes (EXTENDED/NARROWED), then a maximum matching of
    /// compatible pairs; fewer matches than the smaller list is COMBINED_TYPE_SUBSCHEMAS_CHANGED.
    private mutating func compareCombined(_ ok: String, _ uk: String, _ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = distinctIndices(list(o, ok) ?? []), b = distinctIndices(list(u, uk) ?? [])
        let isProduct = uk == "allOf"
        if a.count < b.count { d.add(isProduct ? .productTypeExtended : .sumTypeExtended, [uk], note: "\(a.count) → \(b.count) sub-schemas") }
        else if a.count > b.count { d.add(isProduct ? .productTypeNarrowed : .sumTypeNarrowed, [uk], note: "\(a.count) → \(b.count) sub-schemas") }

        let av = a.map { child(o, ok, String($0)) }, bv = b.map { child(u, uk, String($0)) }
        var matchOfB = [Int?](repeating: nil, count: bv.count)
        var matchOfA = [Int?](repeating: nil, count: av.count)
        var results: [[Int: [JSONDifference]]] = Array(repeating: [:], count: av.count)
        func result(_ i: Int, _ j: Int, _ me: inout JSONSchemaDiffer) -> [JSONDifference] {
            if let r = results[i][j] { return r }
            let r = me.compare(av[i], bv[j])
            results[i][j] = r
            return r
        }
        // Identical texts first (cheap, and what a 10,000-branch anyOf mostly is).
        var byText: [JSONValue: [Int]] = [:]
        for (j, v) in bv.enumerated() { byText[v.value, default: []].append(j) }
        for (i, v) in av.enumerated() {
            guard var js = byText[v.value] else { continue }
            while let j = js.first {
                js.removeFirst()
                guard matchOfB[j] == nil else { continue }
                let r = result(i, j, &self)
                if isCompatible(r) { matchOfB[j] = i; matchOfA[i] = j; break }
            }
            byText[v.value] = js
        }
        // Then augmenting paths (Kuhn) over the remaining compatible pairs, when the table of
        // remaining pairs is of a size one request may spend.
        let leftA = matchOfA.filter { $0 == nil }.count, leftB = matchOfB.filter { $0 == nil }.count
        if leftA * leftB > Self.maxMatchingTable {
            d.add(.comparisonLimitExceeded, [uk], note: "\(leftA) × \(leftB) sub-schemas left to match, more than \(Self.maxMatchingTable) pairs")
            return
        }
        for i in av.indices where matchOfA[i] == nil {
            var seen = [Bool](repeating: false, count: bv.count)
            if augment(i, &seen, &matchOfB, &matchOfA, result) == false && limitHit { break }
        }
        let matched = matchOfA.compactMap { $0 }.count
        if min(av.count, bv.count) > matched {
            d.add(.combinedTypeSubschemasChanged, [uk], note: "\(min(av.count, bv.count) - matched) sub-schema(s) without a compatible counterpart")
            return
        }
        for (i, j) in matchOfA.enumerated() {
            guard let j else { continue }
            d.append(result(i, j, &self), under: [uk, String(a[i])])
        }
    }

    private mutating func augment(_ i: Int, _ seen: inout [Bool], _ matchOfB: inout [Int?], _ matchOfA: inout [Int?],
                                  _ result: (Int, Int, inout JSONSchemaDiffer) -> [JSONDifference]) -> Bool {
        for j in seen.indices where !seen[j] {
            if limitHit { return false }
            let r = result(i, j, &self)
            guard isCompatible(r) else { continue }
            seen[j] = true
            if let other = matchOfB[j] {
                guard augment(other, &seen, &matchOfB, &matchOfA, result) else { continue }
            }
            matchOfB[j] = i
            matchOfA[i] = j
            return true
        }
        return false
    }

    /// Indices of the first occurrence of each distinct sub-schema text (Confluent collapses
    /// duplicates into a set).
    private func distinctIndices(_ values: [JSONValue]) -> [Int] {
        var seen = Set<JSONValue>()
        return values.indices.filter { seen.insert(values[$0]).inserted }
    }

    /// `if`/`then`/`else`: with the same condition, the branches are compared; a changed
    /// condition is COMBINED_TYPE_CHANGED.
    mutating func compareConditional(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = o["if"], b = u["if"]
        switch (a, b) {
        case (nil, nil): return
        case (nil, _?): if u["then"] != nil || u["else"] != nil { d.add(.schemaAdded, ["if"], note: "condition added") }
        case (_?, nil): if o["then"] != nil || o["else"] != nil { d.add(.schemaRemoved, ["if"], note: "condition removed") }
        case (_?, _?):
            let cond = compare(child(o, "if"), child(u, "if"))
            guard cond.allSatisfy({ $0.type.classification == .compatible && [.idChanged, .titleChanged, .descriptionChanged, .defaultChanged].contains($0.type) }) else {
                d.add(.combinedTypeChanged, ["if"], note: "the condition changed")
                return
            }
            for kw in ["then", "else"] { compareOptional(childIfPresent(o, kw), childIfPresent(u, kw), at: [kw], &d) }
        }
    }

    /// A 2019-09+ `$ref` beside other keywords is one more conjunct.
    mutating func compareRefConjuncts(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        switch (o.refConjunct, u.refConjunct) {
        case (let a?, let b?): d.append(compare(view(o.side, a), view(u.side, b)), under: ["$ref"])
        case (nil, let b?): d.append(compare(o, view(u.side, b)), under: ["$ref"])
        default: return
        }
    }
}
