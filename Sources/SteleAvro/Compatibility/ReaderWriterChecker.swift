import SteleJSON

/// Avro Java's `SchemaCompatibility.ReaderWriterCompatibilityChecker` (≥ 1.9.1), node for node:
/// can data written with `writer` be read with `reader`? Collects every incompatibility.
///
/// Pairs are memoized by node identity; a pair is marked in progress before descending and
/// counts as compatible if met again, so recursive types terminate (Java's
/// `RECURSION_IN_PROGRESS`). Memoized results keep the location where they were first found,
/// as Java's do. Logical types are not considered (as in every Java checker); names compare
/// unqualified, or by a reader alias equal to the writer's full name (AVRO-2400).
struct ReaderWriterChecker {
    let reader: AvroSchema
    let writer: AvroSchema
    private struct Pair: Hashable {
        let r: Int
        let w: Int
    }
    private var memo: [Pair: [AvroIncompatibility]] = [:]
    private var inProgress = Set<Pair>()
    private var location: [String] = []

    init(reader: AvroSchema, writer: AvroSchema) {
        self.reader = reader
        self.writer = writer
    }

    mutating func check() -> [AvroIncompatibility] {
        compatibility(reader.root, writer.root)
    }

    /// Checks one pair of nodes (a reader node of `reader`, a writer node of `writer`); the
    /// semantic diff uses it to tell the impact of each change. Shares the memo.
    mutating func check(_ r: AvroNodeID, _ w: AvroNodeID) -> [AvroIncompatibility] {
        compatibility(r, w)
    }

    private var pointer: JSONPointer { JSONPointer(tokens: location) }

    private mutating func compatibility(_ r: AvroNodeID, _ w: AvroNodeID) -> [AvroIncompatibility] {
        let pair = Pair(r: r.index, w: w.index)
        if let known = memo[pair] { return known }
        if inProgress.contains(pair) { return [] }
        inProgress.insert(pair)
        let result = calculate(r, w)
        inProgress.remove(pair)
        memo[pair] = result
        return result
    }

    private mutating func compatibility(_ token: String, _ r: AvroNodeID, _ w: AvroNodeID) -> [AvroIncompatibility] {
        location.append(token)
        defer { location.removeLast() }
        return compatibility(r, w)
    }

    private func incompatible(_ type: AvroIncompatibilityType, _ message: String, _ r: AvroNodeID, _ w: AvroNodeID, at tokens: [String]? = nil) -> AvroIncompatibility {
        AvroIncompatibility(type: type, location: JSONPointer(tokens: tokens ?? location), message: message, readerNode: r, writerNode: w)
    }

    /// Java's `Schema.Type` constant name (upper case), as its messages print it.
    private static func javaTypeName(_ node: AvroNode) -> String {
        switch node {
        case .record: return "RECORD"
        case .union: return "UNION"
        default: return node.typeName.uppercased()
        }
    }

    private mutating func calculate(_ r: AvroNodeID, _ w: AvroNodeID) -> [AvroIncompatibility] {
        let rn = reader[r], wn = writer[w]
        if rn.isSameType(as: wn) {
            switch (rn, wn) {
            case (.primitive, .primitive):
                return []
            case (.array(let ri, _), .array(let wi, _)):
                return compatibility("items", ri, wi)
            case (.map(let rv, _), .map(let wv, _)):
                return compatibility("values", rv, wv)
            case (.fixed(let rf), .fixed(let wf)):
                var result = checkNames(rf.name, readerAliases: rf.aliases, writerName: wf.name, r, w)
                if rf.size != wf.size {
                    result.append(incompatible(.fixedSizeMismatch, "expected: \(wf.size), found: \(rf.size)", r, w, at: location + ["size"]))
                }
                return result
            case (.enumeration(let re), .enumeration(let we)):
                var result = checkNames(re.name, readerAliases: re.aliases, writerName: we.name, r, w)
                let readerSymbols = Set(re.symbols)
                let missing = Set(we.symbols).subtracting(readerSymbols)
                if !missing.isEmpty {
                    // Avro 1.9+: a reader enum default that is one of its symbols absorbs them.
                    let hasDefault = re.defaultSymbol.map { readerSymbols.contains($0) } ?? false
                    if !hasDefault {
                        // Java prints a TreeSet: sorted by UTF-16 code units, ", " separated.
                        let sorted = missing.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
                        result.append(incompatible(.missingEnumSymbols, "[" + sorted.joined(separator: ", ") + "]", r, w, at: location + ["symbols"]))
                    }
                }
                return result
            case (.record(let rr), .record(let wr)):
                var result = checkNames(rr.name, readerAliases: rr.aliases, writerName: wr.name, r, w)
                result += checkFields(rr, wr, r, w)
                return result
            case (.union, .union(let writerBranches)):
                var result: [AvroIncompatibility] = []
                for (i, branch) in writerBranches.enumerated() {
                    location.append(String(i))
                    if !compatibility(r, branch).isEmpty {
                        result.append(incompatible(.missingUnionBranch, "reader union lacking writer type: \(Self.javaTypeName(writer[branch]))", r, w))
                    }
                    location.removeLast()
                }
                return result
            default:
                return []
            }
        }
        // Different types. A writer union: every branch must be readable.
        if case .union(let writerBranches) = wn {
            var result: [AvroIncompatibility] = []
            for branch in writerBranches { result += compatibility(r, branch) }
            return result
        }
        switch rn {
        case .primitive(let rp, _, _):
            if case .primitive(let wp, _, _) = wn, Self.promotes(from: wp, to: rp) { return [] }
            return [typeMismatch(r, w)]
        case .union(let readerBranches):
            // Any compatible branch will do, so try the likely one first (same name or same
            // kind): a union of n records read by a union of n records costs n checks, not n².
            let key = wn.name?.name ?? wn.unionBranchKey
            let likely = readerBranches.filter { (reader[$0].name?.name ?? reader[$0].unionBranchKey) == key }
            for branch in likely where compatibility(branch, w).isEmpty { return [] }
            for branch in readerBranches where !likely.contains(branch) && compatibility(branch, w).isEmpty { return [] }
            return [incompatible(.missingUnionBranch, "reader union lacking writer type: \(Self.javaTypeName(wn))", r, w)]
        default:
            return [typeMismatch(r, w)]
        }
    }

    /// The promotions of the Avro specification ("Schema Resolution").
    static func promotes(from writer: AvroPrimitive, to reader: AvroPrimitive) -> Bool {
        switch (writer, reader) {
        case (.int, .long), (.int, .float), (.int, .double), (.long, .float), (.long, .double), (.float, .double),
            (.string, .bytes), (.bytes, .string):
            return true
        default:
            return false
        }
    }

    private func typeMismatch(_ r: AvroNodeID, _ w: AvroNodeID) -> AvroIncompatibility {
        incompatible(
            .typeMismatch, "reader type: \(Self.javaTypeName(reader[r])) not compatible with writer type: \(Self.javaTypeName(writer[w]))", r, w)
    }

    private func checkNames(_ readerName: AvroName, readerAliases: [AvroName], writerName: AvroName, _ r: AvroNodeID, _ w: AvroNodeID) -> [AvroIncompatibility] {
        if readerName.name == writerName.name { return [] }
        if readerAliases.contains(where: { $0.fullName == writerName.fullName }) { return [] }
        return [incompatible(.nameMismatch, "expected: \(writerName.fullName)", r, w, at: location + ["name"])]
    }

    private mutating func checkFields(_ rr: AvroRecord, _ wr: AvroRecord, _ r: AvroNodeID, _ w: AvroNodeID) -> [AvroIncompatibility] {
        var result: [AvroIncompatibility] = []
        location.append("fields")
        defer { location.removeLast() }
        for (pos, readerField) in rr.fields.enumerated() {
            location.append(String(pos))
            defer { location.removeLast() }
            var matches: [Int] = []
            if let direct = wr.fieldIndex(named: readerField.name) { matches.append(direct) }
            for alias in readerField.aliases {
                if let i = wr.fieldIndex(named: alias) { matches.append(i) }
            }
            switch matches.count {
            case 0:
                if readerField.defaultValue == nil {
                    if case .enumeration(let e) = reader[readerField.type], e.defaultSymbol != nil {
                        // Java checks the enum against the writer record itself (a type mismatch).
                        result += compatibility("type", readerField.type, w)
                    } else {
                        result.append(incompatible(.readerFieldMissingDefaultValue, readerField.name, r, w))
                    }
                }
            case 1:
                result += compatibility("type", readerField.type, wr.fields[matches[0]].type)
            default:
                let names = matches.map { wr.fields[$0].name }.joined(separator: ", ")
                result.append(incompatible(.ambiguousFieldAlias, "reader field \(readerField.name) matches writer fields \(names)", r, w))
            }
        }
        return result
    }
}
