/// Compiles a (writer, reader) pair into resolver actions, one per node pair (memoized, so
/// recursive types give a finite plan).
struct ResolutionBuilder {
    let writer: AvroSchema
    let reader: AvroSchema
    let writerPlan: AvroPlan
    var actions: [AvroResolver.Action] = []
    private var memo: [[Int]: Int] = [:]

    init(writer: AvroSchema, reader: AvroSchema, writerPlan: AvroPlan) {
        self.writer = writer
        self.reader = reader
        self.writerPlan = writerPlan
    }

    static func kind(_ p: AvroPrimitive) -> AvroPlan.Kind {
        switch p {
        case .null: return .null
        case .boolean: return .boolean
        case .int: return .int
        case .long: return .long
        case .float: return .float
        case .double: return .double
        case .bytes: return .bytes
        case .string: return .string
        }
    }

    private func namesMatch(_ r: AvroNode, _ w: AvroNode) -> Bool {
        guard let rn = r.name, let wn = w.name else { return false }
        if rn.name == wn.name { return true }
        let aliases: [AvroName]
        switch r {
        case .record(let x): aliases = x.aliases
        case .enumeration(let x): aliases = x.aliases
        case .fixed(let x): aliases = x.aliases
        default: aliases = []
        }
        return aliases.contains { $0.fullName == wn.fullName }
    }

    mutating func action(_ w: AvroNodeID, _ r: AvroNodeID) -> Int {
        let key = [w.index, r.index]
        if let known = memo[key] { return known }
        let index = actions.count
        memo[key] = index
        actions.append(.error("unresolved"))  // placeholder until built (recursion refers to it)
        actions[index] = build(w, r)
        return index
    }

    private mutating func build(_ w: AvroNodeID, _ r: AvroNodeID) -> AvroResolver.Action {
        let wn = writer[w], rn = reader[r]
        if case .union(let wb) = wn {
            return .writerUnion(branches: wb.map { action($0, r) })
        }
        if case .union(let rb) = rn {
            guard let i = bestBranch(rb, for: wn) else {
                return .error("the reader's union \(rb.map { AvroJSONDatum.branchName(reader[$0]) }) has no branch for the writer's \(AvroJSONDatum.branchName(wn))")
            }
            return .readerUnion(branch: i, action: action(w, rb[i]))
        }
        switch (wn, rn) {
        case (.primitive(let wp, _, _), .primitive(let rp, _, _)):
            if wp == rp { return .read(Self.kind(wp)) }
            if ReaderWriterChecker.promotes(from: wp, to: rp) { return .promote(from: Self.kind(wp), to: Self.kind(rp)) }
            return .error("a \(wp.rawValue) cannot be read as \(rp.rawValue)")
        case (.fixed(let wf), .fixed(let rf)):
            guard namesMatch(rn, wn) else { return .error("fixed \(wf.name) cannot be read as fixed \(rf.name)") }
            guard wf.size == rf.size else { return .error("fixed \(wf.name) of \(wf.size) bytes cannot be read as \(rf.size) bytes") }
            return .fixed(size: wf.size)
        case (.enumeration(let we), .enumeration(let re)):
            guard namesMatch(rn, wn) else { return .error("enum \(we.name) cannot be read as enum \(re.name)") }
            let map = we.symbols.map { re.symbols.firstIndex(of: $0) }
            return .enumeration(map: map, defaultIndex: re.defaultSymbol.flatMap { re.symbols.firstIndex(of: $0) }, symbols: we.symbols)
        case (.array(let wi, _), .array(let ri, _)):
            return .array(items: action(wi, ri))
        case (.map(let wv, _), .map(let rv, _)):
            return .map(values: action(wv, rv))
        case (.record(let wr), .record(let rr)):
            guard namesMatch(rn, wn) else { return .error("record \(wr.name) cannot be read as record \(rr.name)") }
            return record(wr, rr)
        default:
            return .error("a \(wn.typeName) cannot be read as \(rn.typeName)")
        }
    }

    private mutating func record(_ wr: AvroRecord, _ rr: AvroRecord) -> AvroResolver.Action {
        var readerFor = [Int?](repeating: nil, count: wr.fields.count)
        for (ri, rf) in rr.fields.enumerated() {
            var matches = [wr.fieldIndex(named: rf.name)].compactMap { $0 }
            matches += rf.aliases.compactMap { wr.fieldIndex(named: $0) }
            if Set(matches).count > 1 {
                return .error("reader field \(rf.name) matches writer fields \(matches.map { wr.fields[$0].name })")
            }
            if let wi = matches.first { readerFor[wi] = ri }
        }
        var steps: [AvroResolver.FieldStep] = []
        for (wi, wf) in wr.fields.enumerated() {
            if let ri = readerFor[wi] {
                steps.append(.into(ri, action: action(wf.type, rr.fields[ri].type)))
            } else {
                steps.append(.skip(writerPlanNode: writerPlan.planIndex[wf.type.index] ?? 0))
            }
        }
        var defaults: [(Int, AvroValue)] = []
        let readerJSON = AvroJSONEncoding(schema: reader)
        for (ri, rf) in rr.fields.enumerated() where !readerFor.contains(ri) {
            guard let d = rf.defaultValue else {
                return .error("the writer's record \(wr.name) has no field \(rf.name) and the reader gives it no default")
            }
            do {
                defaults.append((ri, try readerJSON.defaultValue(d, for: rf.type)))
            } catch {
                return .error("the default of reader field \(rf.name) is not a valid value: \(error)")
            }
        }
        return .record(fields: steps, readerCount: rr.fields.count, defaults: defaults)
    }

    /// The reader union branch for a writer type: the first of the same type and name, else
    /// the first the writer type promotes to (spec: "the first schema in the reader's union
    /// that matches").
    private func bestBranch(_ branches: [AvroNodeID], for wn: AvroNode) -> Int? {
        if let i = branches.firstIndex(where: { let b = reader[$0]; return b.isSameType(as: wn) && (wn.name == nil || namesMatch(b, wn)) }) {
            return i
        }
        if case .primitive(let wp, _, _) = wn {
            return branches.firstIndex { if case .primitive(let bp, _, _) = reader[$0] { return ReaderWriterChecker.promotes(from: wp, to: bp) } else { return false } }
        }
        return nil
    }
}
