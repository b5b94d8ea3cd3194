import SteleJSON
import SteleSchema

/// Every change between two versions of an Avro schema, each with its compatibility impact
/// ("what changed between v3 and v7?" as a list of meaningful changes, not a text diff).
///
/// Walks both graphs in step, matching what Avro resolution matches (record fields by name or
/// reader alias, named types by unqualified name or alias, union branches by type or name).
/// Each pair is visited once, so recursive types terminate. Impacts come from the reader/writer
/// checker on the changed pair, so the diff and the compatibility verdict never disagree.
public struct AvroSemanticDiff {
    let old: AvroSchema
    let new: AvroSchema
    private var backward: ReaderWriterChecker  // reader new, writer old
    private var forward: ReaderWriterChecker   // reader old, writer new
    private var visited = Set<[Int]>()
    private var path: [String] = []
    private(set) var changes: [AvroChange] = []

    public static func changes(from old: AvroSchema, to new: AvroSchema) -> [AvroChange] {
        var d = AvroSemanticDiff(old: old, new: new)
        d.diff(old.root, new.root)
        return d.changes
    }

    init(old: AvroSchema, new: AvroSchema) {
        self.old = old
        self.new = new
        backward = ReaderWriterChecker(reader: new, writer: old)
        forward = ReaderWriterChecker(reader: old, writer: new)
    }

    // MARK: recording

    private mutating func impact(_ o: AvroNodeID, _ n: AvroNodeID) -> (Bool, Bool) {
        (!backward.check(n, o).isEmpty, !forward.check(o, n).isEmpty)
    }

    private mutating func record(_ kind: AvroChange.Kind, _ message: String, backward b: Bool = false, forward f: Bool = false, at extra: [String] = []) {
        changes.append(AvroChange(kind: kind, path: JSONPointer(tokens: path + extra), message: message, breaksBackward: b, breaksForward: f))
    }

    private mutating func within(_ tokens: String..., body: (inout AvroSemanticDiff) -> Void) {
        path.append(contentsOf: tokens)
        body(&self)
        path.removeLast(tokens.count)
    }

    // MARK: describing

    func describe(_ schema: AvroSchema, _ id: AvroNodeID) -> String {
        let node = schema[id]
        var text: String
        switch node {
        case .primitive(let p, _, _): text = p.rawValue
        case .record(let r): text = "record \(r.name.fullName)"
        case .enumeration(let e): text = "enum \(e.name.fullName)"
        case .fixed(let f): text = "fixed \(f.name.fullName)(\(f.size))"
        case .array(let items, _): text = "array<\(shortName(schema, items))>"
        case .map(let values, _): text = "map<\(shortName(schema, values))>"
        case .union(let branches): text = "[" + branches.map { shortName(schema, $0) }.joined(separator: ", ") + "]"
        }
        if let lt = node.logicalType { text += " (\(lt.name))" }
        return text
    }

    private func shortName(_ schema: AvroSchema, _ id: AvroNodeID) -> String {
        let node = schema[id]
        if let name = node.name { return name.fullName }
        switch node {
        case .array, .map, .union: return describe(schema, id)
        default: return node.typeName
        }
    }

    // MARK: walking

    private mutating func diff(_ o: AvroNodeID, _ n: AvroNodeID) {
        guard visited.insert([o.index, n.index]).inserted else { return }
        let on = old[o], nn = new[n]
        guard on.isSameType(as: nn) else {
            let (b, f) = impact(o, n)
            let promoted: Bool = {
                if case .primitive(let op, _, _) = on, case .primitive(let np, _, _) = nn {
                    return ReaderWriterChecker.promotes(from: op, to: np)
                }
                return false
            }()
            record(promoted ? .typePromoted : .typeChanged, "type changed from \(describe(old, o)) to \(describe(new, n))", backward: b, forward: f)
            return
        }
        if on.logicalType != nn.logicalType {
            record(.logicalTypeChanged,
                   "logical type changed from \(on.logicalType?.name ?? "none") to \(nn.logicalType?.name ?? "none"); Avro resolution ignores logical types, but values change meaning")
        }
        switch (on, nn) {
        case (.primitive(_, _, let op), .primitive(_, _, let np)):
            if Self.withoutLogicalType(op) != Self.withoutLogicalType(np) { record(.propertiesChanged, "properties changed") }
        case (.array(let oi, let op), .array(let ni, let np)):
            if op != np { record(.propertiesChanged, "array properties changed") }
            within("items") { $0.diff(oi, ni) }
        case (.map(let ov, let op), .map(let nv, let np)):
            if op != np { record(.propertiesChanged, "map properties changed") }
            within("values") { $0.diff(ov, nv) }
        case (.fixed(let of), .fixed(let nf)):
            named(o, n, of.name, of.aliases, of.doc, of.properties, nf.name, nf.aliases, nf.doc, nf.properties)
            if of.size != nf.size {
                record(.fixedSizeChanged, "size of fixed \(nf.name.fullName) changed from \(of.size) to \(nf.size)", backward: true, forward: true, at: ["size"])
            }
        case (.enumeration(let oe), .enumeration(let ne)):
            named(o, n, oe.name, oe.aliases, oe.doc, oe.properties, ne.name, ne.aliases, ne.doc, ne.properties)
            enumChanges(oe, ne)
        case (.record(let or), .record(let nr)):
            named(o, n, or.name, or.aliases, or.doc, or.properties, nr.name, nr.aliases, nr.doc, nr.properties)
            fields(or, nr)
        case (.union(let ob), .union(let nb)):
            unionChanges(o, n, ob, nb)
        default:
            break
        }
    }

    private mutating func named(
        _ o: AvroNodeID, _ n: AvroNodeID, _ oName: AvroName, _ oAliases: [AvroName], _ oDoc: String?, _ oProps: JSONObject,
        _ nName: AvroName, _ nAliases: [AvroName], _ nDoc: String?, _ nProps: JSONObject
    ) {
        if oName.name != nName.name {
            let b = !nAliases.contains { $0.fullName == oName.fullName }
            let f = !oAliases.contains { $0.fullName == nName.fullName }
            record(.nameChanged, "\(oName.fullName) renamed to \(nName.fullName)\(b ? "" : " (the new name has the old one as an alias)")", backward: b, forward: f, at: ["name"])
        } else if oName.namespace != nName.namespace {
            record(.namespaceChanged, "namespace of \(nName.name) changed from \(oName.namespace ?? "(none)") to \(nName.namespace ?? "(none)"); Avro ≥ 1.9 compares unqualified names", at: ["namespace"])
        }
        if Set(oAliases) != Set(nAliases) {
            record(.aliasesChanged, "aliases of \(nName.fullName) changed from \(oAliases.map(\.fullName)) to \(nAliases.map(\.fullName))", at: ["aliases"])
        }
        if oDoc != nDoc { record(.docChanged, "doc of \(nName.fullName) changed", at: ["doc"]) }
        if Self.withoutLogicalType(oProps) != Self.withoutLogicalType(nProps) { record(.propertiesChanged, "properties of \(nName.fullName) changed") }
    }

    /// Properties other than the logical type's own (reported as LOGICAL_TYPE_CHANGED).
    static func withoutLogicalType(_ p: JSONObject) -> JSONObject {
        JSONObject(uniqueMembers: p.members.filter { !["logicalType", "precision", "scale"].contains($0.key) })
    }

    private mutating func enumChanges(_ oe: AvroEnum, _ ne: AvroEnum) {
        let oldSymbols = Set(oe.symbols), newSymbols = Set(ne.symbols)
        let newDefaultOK = ne.defaultSymbol.map { newSymbols.contains($0) } ?? false
        let oldDefaultOK = oe.defaultSymbol.map { oldSymbols.contains($0) } ?? false
        for s in ne.symbols where !oldSymbols.contains(s) {
            // Old readers meeting the new symbol need their own enum default.
            record(.enumSymbolAdded, "symbol \(s) added to enum \(ne.name.fullName)", forward: !oldDefaultOK, at: ["symbols"])
        }
        for s in oe.symbols where !newSymbols.contains(s) {
            record(.enumSymbolRemoved, "symbol \(s) removed from enum \(ne.name.fullName)", backward: !newDefaultOK, at: ["symbols"])
        }
        let common = oe.symbols.filter { newSymbols.contains($0) }
        if common != ne.symbols.filter({ oldSymbols.contains($0) }) {
            record(.enumSymbolsReordered, "symbols of enum \(ne.name.fullName) reordered (resolution is by name: no effect on reading)", at: ["symbols"])
        }
        if oe.defaultSymbol != ne.defaultSymbol {
            record(.enumDefaultChanged, "default of enum \(ne.name.fullName) changed from \(oe.defaultSymbol ?? "(none)") to \(ne.defaultSymbol ?? "(none)")", at: ["default"])
        }
    }

    private mutating func fields(_ or: AvroRecord, _ nr: AvroRecord) {
        var matchedOld = Set<Int>()
        for (ni, nf) in nr.fields.enumerated() {
            var oi = or.fieldIndex(named: nf.name)
            if oi == nil { oi = nf.aliases.lazy.compactMap { or.fieldIndex(named: $0) }.first }
            path.append(contentsOf: ["fields", String(ni)])
            defer { path.removeLast(2) }
            guard let oi else {
                let type = describe(new, nf.type)
                if nf.defaultValue != nil {
                    record(.fieldAdded, "field \(nf.name) (\(type)) added with a default")
                } else {
                    record(.fieldAdded, "field \(nf.name) (\(type)) added without a default: data written with the old schema has no value for it", backward: true)
                }
                continue
            }
            matchedOld.insert(oi)
            let of = or.fields[oi]
            let allMatches = Set(([nf.name] + nf.aliases).compactMap { or.fieldIndex(named: $0) })
            if allMatches.count > 1 {
                record(.fieldAliasAmbiguous, "field \(nf.name) matches old fields \(allMatches.sorted().map { or.fields[$0].name }) by name or alias: no datum can be read", backward: true, at: ["aliases"])
            }
            if of.name != nf.name {
                let f = !of.aliases.contains(nf.name)
                record(.fieldRenamed, "field \(of.name) renamed to \(nf.name) (alias \(of.name))", forward: f && of.defaultValue == nil, at: ["name"])
            }
            if oi != ni { record(.fieldMoved, "field \(nf.name) moved from position \(oi) to \(ni) (resolution is by name: no effect)") }
            if of.doc != nf.doc { record(.fieldDocChanged, "doc of field \(nf.name) changed", at: ["doc"]) }
            switch (of.defaultValue, nf.defaultValue) {
            case (nil, .some(let d)): record(.fieldDefaultAdded, "default \(JSONWriter.compact(d)) added to field \(nf.name)", at: ["default"])
            case (.some, nil): record(.fieldDefaultRemoved, "default removed from field \(nf.name)", at: ["default"])
            case (.some(let a), .some(let b)) where a != b:
                record(.fieldDefaultChanged, "default of field \(nf.name) changed from \(JSONWriter.compact(a)) to \(JSONWriter.compact(b))", at: ["default"])
            default: break
            }
            if of.order != nf.order { record(.fieldOrderChanged, "sort order of field \(nf.name) changed from \(of.order.rawValue) to \(nf.order.rawValue)", at: ["order"]) }
            if of.aliases != nf.aliases && of.name == nf.name {
                record(.fieldAliasesChanged, "aliases of field \(nf.name) changed from \(of.aliases) to \(nf.aliases)", at: ["aliases"])
            }
            within("type") { $0.diff(of.type, nf.type) }
        }
        for (oi, of) in or.fields.enumerated() where !matchedOld.contains(oi) {
            // The new schema skips it; old readers of new data need the old field's default.
            let type = describe(old, of.type)
            let breaksForward = of.defaultValue == nil
            path.append(contentsOf: ["fields", String(oi)])
            record(.fieldRemoved, "field \(of.name) (\(type)) removed\(breaksForward ? "; it has no default in the old schema, so old readers cannot read new data" : "")", forward: breaksForward)
            path.removeLast(2)
        }
    }

    private mutating func unionChanges(_ o: AvroNodeID, _ n: AvroNodeID, _ ob: [AvroNodeID], _ nb: [AvroNodeID]) {
        func key(_ s: AvroSchema, _ id: AvroNodeID) -> String { s[id].name?.name ?? s[id].unionBranchKey }
        var matchedOld = Set<Int>()
        var pairs: [(Int, Int)] = []
        for (ni, branch) in nb.enumerated() {
            let k = key(new, branch)
            if let oi = ob.indices.first(where: { !matchedOld.contains($0) && key(old, ob[$0]) == k }) {
                matchedOld.insert(oi)
                pairs.append((oi, ni))
                within(String(ni)) { $0.diff(ob[oi], branch) }
            } else {
                // Old readers must find a branch for data written in the new branch.
                let f = !forward.check(o, branch).isEmpty
                record(.unionBranchAdded, "branch \(describe(new, branch)) added to union", forward: f, at: [String(ni)])
            }
        }
        for (oi, branch) in ob.enumerated() where !matchedOld.contains(oi) {
            let b = !backward.check(n, branch).isEmpty
            record(.unionBranchRemoved, "branch \(describe(old, branch)) removed from union", backward: b, at: [String(oi)])
        }
        let oldOrder = pairs.sorted { $0.0 < $1.0 }.map(\.1)
        if oldOrder != oldOrder.sorted() {
            record(.unionBranchesReordered, "union branches reordered (resolution is by type: no effect on reading; the first branch decides what a default means)")
        }
    }
}
