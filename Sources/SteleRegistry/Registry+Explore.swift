import SteleAvro
import SteleJSON
import SteleJSONSchema
import SteleSchema

/// What people look at a registry for (the web UI's reads): subjects at a glance, who uses a
/// schema, what changed between two versions and what it means, whether a change would pass
/// and why not (with witnesses), and where a name occurs.
extension Registry {
    public struct SubjectSummary: Sendable, Hashable {
        public var subject: String
        public var schemaType: SchemaType
        public var latestVersion: Int
        public var versionCount: Int
        public var latestId: Int
        public var level: CompatibilityLevel
        public var mode: RegistryMode
        /// Every version is soft-deleted.
        public var deleted: Bool
    }

    /// Subjects whose name contains `filter` (case-insensitive), of `type` and `level` when
    /// given, soft-deleted ones only with `deleted`; sorted by name.
    public func subjectSummaries(filter: String = "", type: SchemaType? = nil, level: CompatibilityLevel? = nil, deleted: Bool = false) -> [SubjectSummary] {
        let needle = filter.lowercased()
        return read { s in
            var out: [SubjectSummary] = []
            for name in s.subjects.keys where needle.isEmpty || name.lowercased().contains(needle) {
                guard let summary = summary(s, name, deleted: deleted) else { continue }
                if let type, summary.schemaType != type { continue }
                if let level, summary.level != level { continue }
                out.append(summary)
            }
            return out.sorted { $0.subject < $1.subject }
        }
    }

    /// One subject's summary (soft-deleted ones included); nil when it does not exist.
    public func subjectSummary(_ subject: String) -> SubjectSummary? {
        let subject = Self.key(subject)
        return read { s in summary(s, subject, deleted: true) }
    }

    private func summary(_ s: State, _ name: String, deleted: Bool) -> SubjectSummary? {
        guard let versions = s.subjects[name] else { return nil }
        let live = versions.last { !$0.deleted }
        guard let latest = live ?? (deleted ? versions.last : nil), let record = s.record(of: latest) else { return nil }
        return SubjectSummary(subject: name, schemaType: record.schemaType, latestVersion: latest.version,
                              versionCount: versions.count { deleted || !$0.deleted }, latestId: latest.id,
                              level: Self.effectiveConfig(s, name, defaultLevel: defaultLevel).level, mode: Self.effectiveMode(s, name), deleted: live == nil)
    }

    /// The subject-versions whose schemas reference `subject` version `version` (live ones,
    /// soft-deleted too with `deleted`).
    public func referencingVersions(subject: String, version: Int, deleted: Bool = false) -> [SubjectVersion] {
        let subject = Self.key(subject)
        return read { s in
            var out: [SubjectVersion] = []
            for (_, versions) in s.subjects {
                for v in versions where deleted || !v.deleted {
                    guard let r = s.record(of: v) else { continue }
                    if r.references.contains(where: { $0.version == version && QualifiedSubject.resolve($0.subject, relativeTo: r.context) == subject }) { out.append(v) }
                }
            }
            return out.sorted { ($0.subject, $0.version) < ($1.subject, $1.version) }
        }
    }

    /// One change between two versions, with what it means for compatibility.
    public struct SchemaChange: Sendable, Hashable {
        public var path: String
        public var kind: String
        public var message: String
        /// `compatible both ways`, `breaks BACKWARD`, `breaks FORWARD`, or both.
        public var impact: String
        public var breaksBackward: Bool
        public var breaksForward: Bool
    }

    /// The semantic diff of `subject` from version `from` to version `to`.
    public func diff(subject: String, from: Int, to: Int) throws(RegistryError) -> [SchemaChange] {
        let subject = Self.key(subject)
        return try read { (s: State) throws(RegistryError) -> [SchemaChange] in
            let old = try parsedVersion(s, subject, from), new = try parsedVersion(s, subject, to)
            switch (old, new) {
            case (.avro(let o), .avro(let n)):
                return AvroSemanticDiff.changes(from: o, to: n).map {
                    SchemaChange(path: $0.path.tokens.isEmpty ? "/" : $0.path.description, kind: $0.kind.rawValue, message: $0.message, impact: $0.impact,
                                 breaksBackward: $0.breaksBackward, breaksForward: $0.breaksForward)
                }
            case (.json(let o), .json(let n)):
                let lenient = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel).lenient
                return JSONSchemaCompatibility(policy: lenient ? .lenient : .strict).changes(from: o, to: n).map {
                    SchemaChange(path: $0.difference.jsonPath, kind: $0.kind, message: $0.message, impact: $0.impact,
                                 breaksBackward: $0.breaksBackward, breaksForward: $0.breaksForward)
                }
            default:
                return [SchemaChange(path: "/", kind: "TYPE_CHANGED", message: "the schema type changed", impact: "breaks BACKWARD and FORWARD",
                                     breaksBackward: true, breaksForward: true)]
            }
        }
    }

    func parsedVersion(_ s: State, _ subject: String, _ version: Int) throws(RegistryError) -> ParsedAny {
        guard let versions = s.subjects[subject] else { throw RegistryError.subjectNotFound(subject) }
        guard let v = versions.entry(version: version) else { throw RegistryError.versionNotFound(version) }
        guard let p = parsed(s, v.context, v.id) else { throw RegistryError.schemaNotFound(v.id) }
        return p
    }

    /// What registering `request` in `subject` would meet: the level, and each incompatibility
    /// with the versions register would compare, with its rule id, position and witness.
    public struct ChangeCheck: Sendable {
        public var level: CompatibilityLevel
        public var findings: [(version: Int, direction: String, finding: Finding)]
        public var compatible: Bool { !findings.contains { $0.finding.severity == .error } }
    }

    public func explain(subject: String, _ request: SchemaRequest) throws(RegistryError) -> ChangeCheck {
        let subject = Self.key(subject), context = QualifiedSubject(subject).context
        return try read { (s: State) throws(RegistryError) -> ChangeCheck in
            let config = Self.effectiveConfig(s, subject, defaultLevel: defaultLevel)
            let (_, parsed) = try Self.prepare(s, request, context: context, normalize: config.normalize, strict: true)
            let group = config.group.map { ($0, DataContracts.groupValue(request.metadata, $0)) }
            let history = history(s, subject, level: config.level, group: group)
            var findings: [(version: Int, direction: String, finding: Finding)] = []
            let directions: [CompatibilityLevel.Direction]
            switch config.level.direction {
            case .none: directions = []
            case .backward: directions = [.backward]
            case .forward: directions = [.forward]
            case .full: directions = [.backward, .forward]
            }
            for old in history {
                for d in directions {
                    let name = d == .backward ? "BACKWARD" : "FORWARD"
                    switch (parsed, old.schema) {
                    case (.avro(let n), .avro(let o)):
                        let (reader, writer) = d == .backward ? (n, o) : (o, n)
                        for f in AvroCompatibility().incompatibilitiesWithWitnesses(reader: reader, writer: writer, direction: d == .backward ? .backward : .forward) {
                            findings.append((old.version, name, f))
                        }
                    case (.json(let n), .json(let o)):
                        let (reader, writer) = d == .backward ? (n, o) : (o, n)
                        let checker = JSONSchemaCompatibility(policy: config.lenient ? .lenient : .strict, witnesses: true)
                        for f in checker.incompatibilities(reader: reader, writer: writer, direction: d == .backward ? .backward : .forward) {
                            findings.append((old.version, name, f))
                        }
                    default:
                        findings.append((old.version, name, Finding(rule: RuleID("SCHEMA_TYPE_CHANGED"), message: "the schema type differs from version \(old.version)'s")))
                    }
                }
            }
            return ChangeCheck(level: config.level, findings: findings)
        }
    }

    /// Where a name or text occurs inside schemas: a field or property name, a type name, or doc text.
    public struct SearchHit: Sendable, Hashable {
        public var subject: String
        public var version: Int
        /// `field`, `type` or `doc`.
        public var kind: String
        public var text: String
    }

    /// The latest live version of each subject, searched for `query` (case-insensitive); at
    /// most `limit` hits.
    public func search(_ query: String, limit: Int = 200) -> [SearchHit] {
        let needle = query.lowercased()
        guard !needle.isEmpty else { return [] }
        return read { (s: State) -> [SearchHit] in
            var hits: [SearchHit] = []
            for name in s.subjects.keys.sorted() {
                guard let v = s.subjects[name]?.last(where: { !$0.deleted }), let p = parsed(s, v.context, v.id) else { continue }
                var found: [(String, String)] = []
                switch p {
                case .avro(let schema):
                    for node in schema.nodes {
                        if let n = node.name, n.fullName.lowercased().contains(needle) { found.append(("type", n.fullName)) }
                        if case .record(let r) = node {
                            if let d = r.doc, d.lowercased().contains(needle) { found.append(("doc", d)) }
                            for f in r.fields {
                                if f.name.lowercased().contains(needle) { found.append(("field", r.name.fullName + "." + f.name)) }
                                if let d = f.doc, d.lowercased().contains(needle) { found.append(("doc", d)) }
                            }
                        }
                    }
                case .json(let doc):
                    Self.searchJSON(doc.root, needle, "$", &found, depth: 0)
                }
                var seen = Set<String>()
                for (kind, text) in found where seen.insert(kind + "\u{0}" + text).inserted {
                    hits.append(SearchHit(subject: name, version: v.version, kind: kind, text: text))
                    if hits.count >= limit { return hits }
                }
            }
            return hits
        }
    }

    static func searchJSON(_ schema: JSONValue, _ needle: String, _ path: String, _ out: inout [(String, String)], depth: Int) {
        guard depth < 64, case .object(let o) = schema else { return }
        for key in ["title", "description"] {
            if let t = o[key]?.stringValue, t.lowercased().contains(needle) { out.append((key == "title" ? "type" : "doc", t)) }
        }
        for p in o["properties"]?.objectValue ?? JSONObject() {
            if p.key.lowercased().contains(needle) { out.append(("field", path + "." + p.key)) }
            searchJSON(p.value, needle, path + "." + p.key, &out, depth: depth + 1)
        }
        for key in ["definitions", "$defs"] {
            for d in o[key]?.objectValue ?? JSONObject() {
                if d.key.lowercased().contains(needle) { out.append(("type", d.key)) }
                searchJSON(d.value, needle, path, &out, depth: depth + 1)
            }
        }
        if let items = o["items"] { searchJSON(items, needle, path + "[]", &out, depth: depth + 1) }
        for key in ["allOf", "anyOf", "oneOf"] { for b in o[key]?.arrayValue ?? [] { searchJSON(b, needle, path, &out, depth: depth + 1) } }
    }
}
