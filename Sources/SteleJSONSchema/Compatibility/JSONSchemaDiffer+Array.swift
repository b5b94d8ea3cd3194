import SteleJSON

/// Arrays: counts, `uniqueItems`, `contains`, and items as a tuple (positional schemas) plus
/// the schema of the items after it, whose model (open, closed, partially open) judges items
/// added or removed, as for properties.
extension JSONSchemaDiffer {
    /// The positional schemas, and the keyword holding the rest (`additionalItems` before
    /// 2020-12, `items` beside `prefixItems` in 2020-12); nil tuple when there is none.
    struct ItemsShape {
        var tuple: [SchemaView]?
        var all: SchemaView?
        var restKeyword: String
        var rest: SchemaView?
    }

    mutating func itemsShape(_ v: SchemaView) -> ItemsShape {
        if v.draft >= .draft2020_12 {
            if case .array(let list)? = v["prefixItems"] {
                return ItemsShape(tuple: list.indices.map { child(v, "prefixItems", String($0)) }, all: nil, restKeyword: "items", rest: childIfPresent(v, "items"))
            }
            return ItemsShape(tuple: nil, all: childIfPresent(v, "items"), restKeyword: "items", rest: nil)
        }
        if case .array(let list)? = v["items"] {
            return ItemsShape(tuple: list.indices.map { child(v, "items", String($0)) }, all: nil, restKeyword: "additionalItems", rest: childIfPresent(v, "additionalItems"))
        }
        return ItemsShape(tuple: nil, all: childIfPresent(v, "items"), restKeyword: "additionalItems", rest: nil)
    }

    mutating func compareArray(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        compareBound("maxItems", o["maxItems"], u["maxItems"], .init(added: .maxItemsAdded, removed: .maxItemsRemoved, increased: .maxItemsIncreased, decreased: .maxItemsDecreased), &d)
        compareBound("minItems", o["minItems"], u["minItems"], .init(added: .minItemsAdded, removed: .minItemsRemoved, increased: .minItemsIncreased, decreased: .minItemsDecreased), &d)
        compareBound("maxContains", o["maxContains"], u["maxContains"], .init(added: .maxContainsAdded, removed: .maxContainsRemoved, increased: .maxContainsIncreased, decreased: .maxContainsDecreased), &d)
        compareBound("minContains", o["minContains"], u["minContains"], .init(added: .minContainsAdded, removed: .minContainsRemoved, increased: .minContainsIncreased, decreased: .minContainsDecreased), &d)
        let ua = o["uniqueItems"] == .bool(true), ub = u["uniqueItems"] == .bool(true)
        if ua != ub { d.add(ua ? .uniqueItemsRemoved : .uniqueItemsAdded, ["uniqueItems"]) }
        compareOptional(childIfPresent(o, "contains"), childIfPresent(u, "contains"), at: ["contains"], &d)
        compareItems(o, u, &d)
        compareAdditional("unevaluatedItems", o, u, &d, types: (.unevaluatedItemsAdded, .unevaluatedItemsRemoved, .unevaluatedItemsExtended, .unevaluatedItemsNarrowed))
    }

    private mutating func compareItems(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = itemsShape(o), b = itemsShape(u)
        if o.draft < .draft2020_12 && u.draft < .draft2020_12 {
            compareItemsByKeyword(o, u, a, b, &d)
            return
        }
        if a.tuple == nil && b.tuple == nil {
            compareOptional(a.all, b.all, at: ["items"], &d)
            return
        }
        // A side without a tuple is an empty tuple whose rest is its all-items schema.
        let ta = a.tuple ?? [], tb = b.tuple ?? []
        let restA = a.tuple == nil ? a.all : a.rest, restB = b.tuple == nil ? b.all : b.rest
        compareTuples(ta, tb, keyword: u.draft >= .draft2020_12 ? "prefixItems" : "items", originalModel: itemModel(rest: restA), updateModel: itemModel(rest: restB), &d)
        // The rest: permitted or not, constrained or not (ADDITIONAL_ITEMS_*).
        let permitsA = !(restA?.isFalse ?? false), permitsB = !(restB?.isFalse ?? false)
        let schemaA = restA.flatMap { $0.isEmpty || $0.isFalse ? nil : $0 }, schemaB = restB.flatMap { $0.isEmpty || $0.isFalse ? nil : $0 }
        let keyword = b.tuple == nil ? "items" : b.restKeyword
        if permitsA != permitsB { d.add(permitsA ? .additionalItemsRemoved : .additionalItemsAdded, [keyword]) }
        else if schemaA == nil, schemaB != nil { d.add(.additionalItemsNarrowed, [keyword]) }
        else if schemaA != nil, schemaB == nil { d.add(.additionalItemsExtended, [keyword]) }
        else if let x = schemaA, let y = schemaB { d.append(compare(x, y), under: [keyword]) }
    }

    /// Drafts 4 to 2019-09 as Confluent's `ArraySchemaDiff` compares them (Everit's model):
    /// `items` as one schema, the tuple position by position with each side's content model
    /// (from `additionalItems`, then `unevaluatedItems`), and `additionalItems` by keyword
    /// whether or not a tuple makes it apply. Where neither side has a tuple, `additionalItems`
    /// has no effect: its incompatible differences say so (`harmlessBecause`), so a warning
    /// can tell the user no document is affected.
    private mutating func compareItemsByKeyword(_ o: SchemaView, _ u: SchemaView, _ a: ItemsShape, _ b: ItemsShape, _ d: inout Diffs) {
        compareOptional(a.all, b.all, at: ["items"], &d)
        compareTuples(a.tuple ?? [], b.tuple ?? [], keyword: "items", originalModel: itemModel(o), updateModel: itemModel(u), &d)
        var rest = Diffs(o: o, u: u)
        compareAdditional("additionalItems", o, u, &rest, types: (.additionalItemsAdded, .additionalItemsRemoved, .additionalItemsExtended, .additionalItemsNarrowed))
        for var r in rest.list {
            if a.tuple == nil && b.tuple == nil && !r.type.isCompatible(under: policy) {
                r.harmlessBecause = "additionalItems applies only after a tuple of items, and neither schema has one"
            }
            d.list.append(r)
        }
    }

    /// Two tuples position by position: an item removed is judged by the update's content
    /// model, an item added by the original's.
    private mutating func compareTuples(_ ta: [SchemaView], _ tb: [SchemaView], keyword: String, originalModel: ItemModel, updateModel: ItemModel,
                                        _ d: inout Diffs) {
        for i in 0..<max(ta.count, tb.count) {
            let path = [keyword, String(i)]
            if i < ta.count && i < tb.count {
                d.append(compare(ta[i], tb[i]), under: path)
            } else if i < ta.count {
                let old = ta[i]
                switch updateModel {
                case .open: d.add(.itemRemovedFromOpenContentModel, path)
                case .closed: d.add(old.isFalse ? .itemWithFalseRemovedFromClosedContentModel : .itemRemovedFromClosedContentModel, path)
                case .partial(let covering):
                    judgeCoverage(compare(old, covering), path, .itemRemovedIsCoveredByPartiallyOpenContentModel, .itemRemovedNotCoveredByPartiallyOpenContentModel, &d)
                }
            } else {
                let new = tb[i]
                switch originalModel {
                case .open: d.add(new.isEmpty ? .itemWithEmptySchemaAddedToOpenContentModel : .itemAddedToOpenContentModel, path)
                case .closed: d.add(.itemAddedToClosedContentModel, path)
                case .partial(let covering):
                    judgeCoverage(compare(covering, new), path, .itemAddedIsCoveredByPartiallyOpenContentModel, .itemAddedNotCoveredByPartiallyOpenContentModel, &d)
                }
            }
        }
    }

    enum ItemModel { case open, closed, partial(SchemaView) }

    /// Confluent's tuple content model: open when `additionalItems` is absent or `true` and
    /// `unevaluatedItems` too; partially open with the `additionalItems` schema, else (with
    /// `additionalItems` absent) the `unevaluatedItems` schema; closed otherwise.
    private mutating func itemModel(_ v: SchemaView) -> ItemModel {
        let additional = childIfPresent(v, "additionalItems"), unevaluated = childIfPresent(v, "unevaluatedItems")
        if let additional, additional.isFalse { return .closed }
        if let additional, !additional.isEmpty { return .partial(additional) }
        guard let unevaluated, !unevaluated.isEmpty else { return .open }
        return unevaluated.isFalse ? .closed : .partial(unevaluated)
    }

    /// 2020-12: the model of the schema after the tuple (`items` beside `prefixItems`).
    private func itemModel(rest: SchemaView?) -> ItemModel {
        guard let rest else { return .open }
        if rest.isFalse { return .closed }
        return rest.isEmpty ? .open : .partial(rest)
    }
}
