import SteleJSON
import SteleSchema

/// JSON Schema compatibility as Confluent computes it: a reader accepts a writer when every
/// document the writer's schema accepts is accepted by the reader's — `compare(original:
/// writer, update: reader)` reports no difference outside the policy's compatible set.
/// BACKWARD (reader = new) is Confluent's `compare(old, new)`; FORWARD the mirror.
public struct JSONSchemaCompatibility: CompatibilityChecking {
    public var policy: JSONCompatibilityPolicy
    /// Build a witness document for each incompatibility (costs a few hundred validations).
    public var witnesses: Bool

    public init(policy: JSONCompatibilityPolicy = .strict, witnesses: Bool = false) {
        self.policy = policy
        self.witnesses = witnesses
    }

    /// Every difference from `original` to `update`, compatible or not.
    public func differences(original: JSONSchemaDocument, update: JSONSchemaDocument) -> [JSONDifference] {
        JSONSchemaDiffer.differences(original: original, update: update, policy: policy)
    }

    /// Confluent's verdict as errors. With `witnesses`, also where it is wrong about documents,
    /// as warnings that never change the verdict: `JSON_COMPATIBLE_BUT_REJECTS_DOCUMENTS` with a
    /// verified document the writer's schema accepts and the reader's rejects, for a change the
    /// rules accept; `JSON_INCOMPATIBLE_BUT_HARMLESS` where the rules refuse a change no
    /// document can tell apart.
    public func incompatibilities(reader: JSONSchemaDocument, writer: JSONSchemaDocument, direction: CheckDirection) -> [Finding] {
        let all = differences(original: writer, update: reader)
        let found = all.filter { !$0.type.isCompatible(under: policy) }
        let suspects = witnesses ? all.filter { $0.type.isCompatible(under: policy) && $0.type.mayRejectDocuments } : []
        var builder = witnesses && !(found.isEmpty && suspects.isEmpty) ? JSONSchemaWitnessBuilder(original: writer, update: reader) : nil
        var out: [Finding] = []
        for diff in found {
            var f = finding(diff, reader: reader, writer: writer, direction: direction)
            guard let why = diff.harmlessBecause else {
                if builder != nil { f.witness = builder!.witness(for: diff) }
                out.append(f)
                continue
            }
            out.append(f)
            if witnesses {
                var w = f
                w.rule = Self.incompatibleButHarmless
                w.severity = .warning
                w.detail = nil
                w.message = "Confluent's rules refuse \(diff.type.rawValue) at '\(diff.jsonPath)', but no document can tell the two schemas apart there: \(why)"
                out.append(w)
            }
        }
        var warned = Set<[String]>()
        for diff in suspects where !warned.contains(diff.path) {
            guard let witness = builder?.witness(for: diff) else { continue }
            // One warning per place (a oneOf may be both EXTENDED by keyword and by branches).
            warned.insert(diff.path)
            var f = finding(diff, reader: reader, writer: writer, direction: direction)
            f.rule = Self.compatibleButRejectsDocuments
            f.severity = .warning
            f.detail = nil
            f.witness = witness
            f.message = "Confluent's rules accept \(diff.type.rawValue) at '\(diff.jsonPath)', yet a document valid under the \(direction.writerLabel) schema is invalid under the \(direction.readerLabel) schema: "
                + diff.message(original: direction.writerLabel, update: direction.readerLabel)
            out.append(f)
        }
        return out
    }

    /// A change Confluent's rules accept that rejects the witness document (a warning).
    public static let compatibleButRejectsDocuments = RuleID("JSON_COMPATIBLE_BUT_REJECTS_DOCUMENTS")
    /// A change Confluent's rules refuse that no document can tell apart (a warning).
    public static let incompatibleButHarmless = RuleID("JSON_INCOMPATIBLE_BUT_HARMLESS")

    /// The finding for one difference: rule `JSON_<TYPE>`, Confluent's description, the path,
    /// and the position in whichever document holds the keyword (the reader's first).
    func finding(_ diff: JSONDifference, reader: JSONSchemaDocument, writer: JSONSchemaDocument, direction: CheckDirection) -> Finding {
        var f = Finding(rule: diff.type.rule, message: diff.message(original: direction.writerLabel, update: direction.readerLabel),
                        pointer: JSONPointer(tokens: diff.path),
                        detail: diff.confluentRendering(original: direction.writerLabel, update: direction.readerLabel))
        if let p = diff.updatePointer, let map = reader.sourceMap, let r = map.range(of: p) {
            f.range = r
            f.file = reader.name
        } else if let p = diff.originalPointer, let map = writer.sourceMap, let r = map.range(of: p) {
            f.range = r
            f.file = writer.name
        } else {
            f.file = reader.name
        }
        return f
    }
}

/// One change between two versions of a JSON Schema, with its impact both ways.
public struct JSONSchemaChange: Sendable, Hashable, CustomStringConvertible {
    /// The difference seen from old to new (what BACKWARD judges).
    public var difference: JSONDifference
    public var message: String
    /// Documents valid under the old schema may be rejected by the new one.
    public var breaksBackward: Bool
    /// Documents valid under the new schema may be rejected by the old one.
    public var breaksForward: Bool

    public var path: JSONPointer { JSONPointer(tokens: difference.path) }
    public var kind: String { difference.type.rawValue }

    public var impact: String { compatibilityImpact(breaksBackward: breaksBackward, breaksForward: breaksForward) }

    public var description: String { "\(difference.jsonPath) \(kind) \(message) — \(impact)" }
}

extension JSONSchemaCompatibility {
    /// Every change from `old` to `new`: the differences of `compare(old, new)`, each with its
    /// BACKWARD impact, and its FORWARD impact from `compare(new, old)` at the same path (the
    /// mirrored difference there, if any, is what FORWARD judges).
    public func changes(from old: JSONSchemaDocument, to new: JSONSchemaDocument) -> [JSONSchemaChange] {
        let backward = differences(original: old, update: new)
        let forward = differences(original: new, update: old)
        var forwardBreaks: [[String]: Bool] = [:]
        for d in forward where !d.type.isCompatible(under: policy) { forwardBreaks[d.path] = true }
        var changes = backward.map { d in
            JSONSchemaChange(difference: d, message: d.message(original: "old", update: "new"),
                             breaksBackward: !d.type.isCompatible(under: policy), breaksForward: forwardBreaks[d.path] ?? false)
        }
        // Forward-only breaks at paths the backward walk did not report.
        let seen = Set(backward.map(\.path))
        for d in forward where !d.type.isCompatible(under: policy) && !seen.contains(d.path) {
            changes.append(JSONSchemaChange(difference: d, message: d.message(original: "new", update: "old"), breaksBackward: false, breaksForward: true))
        }
        return changes
    }
}

extension JSONSchemaCompatibility {
    /// Confluent's reserved-property checks (`validateFields`, reference §3.7): the names a
    /// schema's metadata property `confluent:reserved` lists may not be top-level properties of
    /// the new schema, and may not be dropped from the list by a later version.
    public static func reservedPropertyDifferences(oldReserved: [String], newReserved: [String], new: JSONSchemaDocument) -> [JSONDifference] {
        var found: [JSONDifference] = []
        for name in oldReserved where !newReserved.contains(name) {
            found.append(JSONDifference(type: .reservedPropertyRemoved, path: ["properties", name], note: "reserved name \(name) removed from the metadata"))
        }
        let properties = new.root["properties"]?.objectValue?.keys ?? []
        for name in newReserved where properties.contains(name) {
            found.append(JSONDifference(type: .reservedPropertyConflictsWithProperty, path: ["properties", name], updatePointer: JSONPointer(tokens: ["properties", name]),
                                        note: "\(name) is reserved"))
        }
        return found
    }
}
