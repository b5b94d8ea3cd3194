import SteleJSON
import SteleSchema

/// Builds, for an incompatibility, a datum of the writer schema (Avro JSON encoding) that the
/// reader schema cannot read, and checks it before returning it: it must be a valid datum of
/// the writer, and resolving it with the reader must fail. Returns `nil` when no such datum can
/// be built (e.g. the writer type can never hold a value) rather than a wrong one.
public struct AvroWitnessBuilder {
    let reader: AvroSchema
    let writer: AvroSchema
    private let instantiable: [Bool]

    public init(reader: AvroSchema, writer: AvroSchema) {
        self.reader = reader
        self.writer = writer
        self.instantiable = writer.instantiableNodes
    }

    public func witness(for incompatibility: AvroIncompatibility) -> JSONValue? {
        guard let datum = build(incompatibility) else { return nil }
        guard AvroJSONDatum.problem(datum, writer.root, in: writer) == nil else { return nil }
        guard AvroJSONDatum.resolutionProblem(datum, reader: reader, reader.root, writer: writer, writer.root) != nil else { return nil }
        return datum
    }

    // MARK: building

    /// Follows Java's location tokens through both graphs to the writer node in question,
    /// building the datum on the way back out.
    private func build(_ inc: AvroIncompatibility) -> JSONValue? {
        var checker = ReaderWriterChecker(reader: reader, writer: writer)
        return descend(reader.root, writer.root, ArraySlice(inc.location.tokens), inc, &checker, depth: 0)
    }

    private func descend(_ r: AvroNodeID, _ w: AvroNodeID, _ tokens: ArraySlice<String>, _ inc: AvroIncompatibility,
                         _ checker: inout ReaderWriterChecker, depth: Int) -> JSONValue? {
        guard depth < 2000 else { return nil }
        let rn = reader[r], wn = writer[w]
        // A writer union met by a non-union reader: Java adds no token; pick a branch that fails.
        if case .union(let wb) = wn {
            let isUnionPair: Bool = { if case .union = rn { return true } else { return false } }()
            if !isUnionPair {
                for b in wb where instantiable[b.index] && !checker.check(r, b).isEmpty {
                    if let inner = descend(r, b, tokens, inc, &checker, depth: depth + 1) { return wrap(inner, b) }
                }
                return nil
            }
        }
        guard let token = tokens.first else { return target(r, w, inc) }
        let rest = tokens.dropFirst()
        switch (rn, wn, token) {
        case (.array(let ri, _), .array(let wi, _), "items"):
            return descend(ri, wi, rest, inc, &checker, depth: depth + 1).map { .array([$0]) }
        case (.map(let rv, _), .map(let wv, _), "values"):
            return descend(rv, wv, rest, inc, &checker, depth: depth + 1).map { .object(JSONObject(uniqueMembers: [.init(key: "k", value: $0)])) }
        case (.record(let rr), .record(let wr), "fields"):
            guard let posText = rest.first, let pos = Int(posText), pos < rr.fields.count else { return nil }
            let afterField = rest.dropFirst()
            guard afterField.first == "type" else { return target(r, w, inc) }
            let rf = rr.fields[pos]
            guard let wi = wr.fieldIndex(named: rf.name) ?? rf.aliases.lazy.compactMap({ wr.fieldIndex(named: $0) }).first else {
                // No writer field (Java then checks the reader's enum against the record).
                return target(r, w, inc)
            }
            guard let inner = descend(rf.type, wr.fields[wi].type, afterField.dropFirst(), inc, &checker, depth: depth + 1) else { return nil }
            return record(wr, w, replacing: wi, with: inner)
        case (.union, .union(let wb), _):
            guard let i = Int(token), i < wb.count else { return nil }
            if rest.isEmpty {
                return failing(r, wb[i], &checker, depth: 0).map { wrap($0, wb[i]) }
            }
            return descend(r, wb[i], rest, inc, &checker, depth: depth + 1).map { wrap($0, wb[i]) }
        case (_, _, "name"), (_, _, "size"), (_, _, "symbols"):
            return target(r, w, inc)
        default:
            return nil
        }
    }

    /// The datum at the incompatible writer node itself.
    private func target(_ r: AvroNodeID, _ w: AvroNodeID, _ inc: AvroIncompatibility) -> JSONValue? {
        var checker = ReaderWriterChecker(reader: reader, writer: writer)
        return failing(r, w, &checker, depth: 0)
    }

    /// A datum of writer node `w` that reader node `r` cannot read, guided by the checker:
    /// it goes down the branch, element or field where the pair breaks (a minimal datum would
    /// be an empty array, or an enum symbol the reader has). Checked by the caller.
    private func failing(_ r: AvroNodeID, _ w: AvroNodeID, _ checker: inout ReaderWriterChecker, depth: Int) -> JSONValue? {
        guard depth < 200, instantiable[w.index] else { return nil }
        if checker.check(r, w).isEmpty { return minimal(w, depth: 0) }
        let rn = reader[r], wn = writer[w]
        if case .union(let wb) = wn {
            if case .union = rn {
                for b in wb where !checker.check(r, b).isEmpty {
                    if let v = failing(r, b, &checker, depth: depth + 1) { return wrap(v, b) }
                }
                return nil
            }
            for b in wb where !checker.check(r, b).isEmpty {
                if let v = failing(r, b, &checker, depth: depth + 1) { return wrap(v, b) }
            }
            return nil
        }
        if case .union(let rb) = rn {
            // Every reader branch must fail: try a datum that breaks each same-kind branch.
            var candidates: [JSONValue] = []
            for b in rb where reader[b].isSameType(as: wn) {
                if let v = failing(b, w, &checker, depth: depth + 1) { candidates.append(v) }
            }
            if let m = minimal(w, depth: 0) { candidates.append(m) }
            return candidates.first { AvroJSONDatum.resolutionProblem($0, reader: reader, r, writer: writer, w) != nil }
        }
        switch (rn, wn) {
        case (.array(let ri, _), .array(let wi, _)):
            return failing(ri, wi, &checker, depth: depth + 1).map { .array([$0]) }
        case (.map(let rv, _), .map(let wv, _)):
            return failing(rv, wv, &checker, depth: depth + 1).map { .object(JSONObject(uniqueMembers: [.init(key: "k", value: $0)])) }
        case (.enumeration(let re), .enumeration(let we)):
            if let missing = we.symbols.first(where: { !re.symbols.contains($0) }), re.name.name == we.name.name || re.aliases.contains(where: { $0.fullName == we.name.fullName }) {
                return .string(missing)
            }
            return minimal(w, depth: 0)
        case (.record(let rr), .record(let wr)):
            // A field whose types break: put the failing value there; otherwise the minimal
            // record already fails (a name or a missing default).
            for rf in rr.fields {
                guard let wi = wr.fieldIndex(named: rf.name) ?? rf.aliases.lazy.compactMap({ wr.fieldIndex(named: $0) }).first else { continue }
                if !checker.check(rf.type, wr.fields[wi].type).isEmpty, let v = failing(rf.type, wr.fields[wi].type, &checker, depth: depth + 1) {
                    return record(wr, w, replacing: wi, with: v)
                }
            }
            return minimal(w, depth: 0)
        default:
            return minimal(w, depth: 0)
        }
    }

    private func wrap(_ value: JSONValue, _ branch: AvroNodeID) -> JSONValue {
        if case .primitive(.null, _, _) = writer[branch] { return .null }
        return .object(JSONObject(uniqueMembers: [.init(key: AvroJSONDatum.branchName(writer[branch]), value: value)]))
    }

    private func record(_ wr: AvroRecord, _ w: AvroNodeID, replacing index: Int?, with value: JSONValue?) -> JSONValue? {
        var members: [JSONObject.Member] = []
        for (i, f) in wr.fields.enumerated() {
            if i == index, let value {
                members.append(.init(key: f.name, value: value))
            } else {
                guard let v = minimal(f.type, depth: 1) else { return nil }
                members.append(.init(key: f.name, value: v))
            }
        }
        return .object(JSONObject(uniqueMembers: members))
    }

    /// The smallest datum of a writer node: recursion ends through the instantiable branch.
    private func minimal(_ id: AvroNodeID, depth: Int) -> JSONValue? {
        guard instantiable[id.index], depth < 200 else { return nil }
        switch writer[id] {
        case .primitive(let p, _, _):
            switch p {
            case .null: return .null
            case .boolean: return .bool(false)
            case .int, .long: return .int(0)
            case .float, .double: return .number(JSONNumber(validatedText: "0.0", double: 0))
            case .bytes, .string: return .string("")
            }
        case .enumeration(let e): return e.symbols.first.map { .string($0) }
        case .fixed(let f): return .string(String(repeating: "\u{0}", count: f.size))
        case .array: return .array([])
        case .map: return .object(JSONObject())
        case .union(let branches):
            guard let b = branches.first(where: { instantiable[$0.index] }), let v = minimal(b, depth: depth + 1) else { return nil }
            return wrap(v, b)
        case .record(let r):
            var members: [JSONObject.Member] = []
            for f in r.fields {
                guard let v = minimal(f.type, depth: depth + 1) else { return nil }
                members.append(.init(key: f.name, value: v))
            }
            return .object(JSONObject(uniqueMembers: members))
        }
    }
}

extension AvroCompatibility {
    /// Findings with a verified witness attached where one can be built.
    public func incompatibilitiesWithWitnesses(reader: AvroSchema, writer: AvroSchema, direction: CheckDirection) -> [Finding] {
        let builder = AvroWitnessBuilder(reader: reader, writer: writer)
        return incompatibilities(reader: reader, writer: writer).map { inc in
            var f = inc.finding(direction: direction)
            if let range = reader.sourceMap?.range(of: inc.location) { f.range = range }
            f.witness = builder.witness(for: inc)
            return f
        }
    }
}
