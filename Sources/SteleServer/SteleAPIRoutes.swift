import Hummingbird
import SteleJSON
import SteleRegistry
import SteleSchema

/// Stele's own JSON routes, under `/stele/v1` (never extra fields in Confluent's answers): what
/// the web UI reads, documented for other tools in the README.
/// - `GET /stele/v1/subjects?filter=&type=&level=&deleted=&offset=&limit=` → `{total, subjects: [summary]}`
/// - `GET /stele/v1/subjects/{s}` → `{subject, level, mode, versions: [{version, id, deleted}]}`
/// - `GET /stele/v1/subjects/{s}/versions/{v}` → the version with its schema pretty-printed,
///   `references` (what it uses) and `referencedBy` (what uses it)
/// - `GET /stele/v1/subjects/{s}/diff?from=&to=` → `{changes: [{path, kind, message, impact, …}]}`
/// - `POST /stele/v1/subjects/{s}/check` (a register body) → `{level, compatible, findings: [...]}`
/// - `GET /stele/v1/search?q=` → `{hits: [{subject, version, kind, text}]}`
struct SteleAPIRoutes: Sendable {
    let registry: Registry
    let maxBodyBytes: Int

    func add(to router: Router<SteleRequestContext>) {
        let registry = self.registry, limit = maxBodyBytes
        let api = router.group("/stele/v1")
        api.get("subjects") { request, context in
            var type: SchemaType?
            if let t = Wire.query(request, "type"), !t.isEmpty {
                guard let parsed = SchemaType(rawValue: t.uppercased()) else { throw RegistryError(422, "Unknown schema type \(t): AVRO or JSON") }
                type = parsed
            }
            var level: CompatibilityLevel?
            if let l = Wire.query(request, "level"), !l.isEmpty {
                guard let parsed = CompatibilityLevel(lenient: l) else { throw RegistryError(42203, "Invalid compatibility level \(l)") }
                level = parsed
            }
            let all = registry.subjectSummaries(filter: Wire.query(request, "filter") ?? "", type: type, level: level, deleted: Wire.flag(request, "deleted"))
                .filter { context.access.canRead(subject: $0.subject) }
            let offset = max(0, Int(Wire.query(request, "offset") ?? "") ?? 0)
            let count = min(1000, max(1, Int(Wire.query(request, "limit") ?? "") ?? 100))
            let page = offset < all.count ? Array(all[offset..<min(all.count, offset + count)]) : []
            return Wire.response(["total": .int(Int64(all.count)), "offset": .int(Int64(offset)), "subjects": .array(page.map(Self.json))])
        }
        api.get("subjects/:subject") { request, context in
            let subject = try Wire.subject(context)
            guard let summary = registry.subjectSummary(subject) else { throw RegistryError(40401, "Subject '\(subject)' not found.") }
            let versions = try registry.versions(subject: subject, deleted: true)
            var rows: [JSONValue] = []
            for v in versions {
                let r = try registry.version(subject: subject, .number(v), deleted: true)
                rows.append(["version": .int(Int64(v)), "id": .int(Int64(r.record.id)), "deleted": .bool(r.version.deleted)])
            }
            var o = Self.json(summary).objectValue!
            o["versions"] = .array(rows)
            return Wire.response(.object(o))
        }
        api.get("subjects/:subject/versions/:version") { request, context in
            let subject = try Wire.subject(context)
            let r = try registry.version(subject: subject, try RegistryRoutes.version(context), deleted: true)
            var o = JSONObject()
            o["subject"] = .string(r.version.subject)
            o["version"] = .int(Int64(r.version.version))
            o["id"] = .int(Int64(r.record.id))
            o["guid"] = .string(r.record.guid.description)
            o["schemaType"] = .string(r.record.schemaType.rawValue)
            o["deleted"] = .bool(r.version.deleted)
            o["schema"] = .string(Self.pretty(r.record.schema))
            o["references"] = .array(r.record.references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .int(Int64($0.version))] })
            o["referencedBy"] = .array(registry.referencingVersions(subject: subject, version: r.version.version)
                .filter { context.access.canRead(subject: $0.subject) }
                .map { ["subject": .string($0.subject), "version": .int(Int64($0.version))] })
            if let m = r.record.metadata { o["metadata"] = m }
            if let rs = r.record.ruleSet { o["ruleSet"] = rs }
            return Wire.response(.object(o))
        }
        api.get("subjects/:subject/diff") { request, context in
            let subject = try Wire.subject(context)
            guard let from = Int(Wire.query(request, "from") ?? ""), let to = Int(Wire.query(request, "to") ?? "") else {
                throw RegistryError(422, "diff needs from and to: two version numbers")
            }
            let changes = try registry.diff(subject: subject, from: from, to: to)
            return Wire.response(["from": .int(Int64(from)), "to": .int(Int64(to)), "changes": .array(changes.map { c in
                ["path": .string(c.path), "kind": .string(c.kind), "message": .string(c.message), "impact": .string(c.impact),
                 "breaksBackward": .bool(c.breaksBackward), "breaksForward": .bool(c.breaksForward)]
            })])
        }
        api.post("subjects/:subject/check") { request, context in
            let subject = try Wire.subject(context)
            let body = try Wire.schemaRequest(try await Wire.body(request, limit: limit))
            let check = try registry.explain(subject: subject, body)
            return Wire.response(["level": .string(check.level.rawValue), "compatible": .bool(check.compatible),
                                  "findings": .array(check.findings.map { Self.json($0.finding, version: $0.version, direction: $0.direction) })])
        }
        api.get("search") { request, context in
            let hits = registry.search(Wire.query(request, "q") ?? "").filter { context.access.canRead(subject: $0.subject) }
            return Wire.response(["hits": .array(hits.map { ["subject": .string($0.subject), "version": .int(Int64($0.version)), "kind": .string($0.kind), "text": .string($0.text)] })])
        }
    }

    static func json(_ s: Registry.SubjectSummary) -> JSONValue {
        ["subject": .string(s.subject), "schemaType": .string(s.schemaType.rawValue), "latestVersion": .int(Int64(s.latestVersion)),
         "versions": .int(Int64(s.versionCount)), "id": .int(Int64(s.latestId)), "level": .string(s.level.rawValue), "mode": .string(s.mode.rawValue),
         "deleted": .bool(s.deleted)]
    }

    static func json(_ f: Finding, version: Int, direction: String) -> JSONValue {
        var o = JSONObject()
        o["rule"] = .string(f.rule.rawValue)
        o["severity"] = .string(f.severity.rawValue)
        o["message"] = .string(f.message)
        o["path"] = .string(f.pointer.tokens.isEmpty ? "/" : f.pointer.description)
        if f.range.start.isKnown {
            o["line"] = .int(Int64(f.range.start.line))
            o["column"] = .int(Int64(f.range.start.column))
        }
        o["version"] = .int(Int64(version))
        o["direction"] = .string(direction)
        if let w = f.witness { o["witness"] = w }
        return .object(o)
    }

    /// Schema text indented two spaces a level (the stored text is compact).
    static func pretty(_ text: String) -> String {
        guard let v = try? JSONParser().parse(text) else { return text }
        var out = ""
        indent(v, 0, &out)
        return out
    }

    private static func indent(_ v: JSONValue, _ level: Int, _ out: inout String) {
        let pad = String(repeating: "  ", count: level + 1), close = String(repeating: "  ", count: level)
        switch v {
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, m) in o.enumerated() {
                out += pad + JSONWriter.compact(.string(m.key)) + ": "
                indent(m.value, level + 1, &out)
                out += i < o.count - 1 ? ",\n" : "\n"
            }
            out += close + "}"
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, e) in a.enumerated() {
                out += pad
                indent(e, level + 1, &out)
                out += i < a.count - 1 ? ",\n" : "\n"
            }
            out += close + "]"
        default:
            out += JSONWriter.compact(v)
        }
    }
}
