import SteleClient
import SteleJSON
import SteleSchema

/// A whole registry as `stele export` writes it and `stele import` reads it, keeping every
/// id, version, reference, metadata, rule set and deleted state. JSON Lines: a header, one
/// line per version (references before the versions using them), then configs and modes:
///
///     {"kind":"header","format":"stele-export","version":1,"versions":2}
///     {"kind":"version","subject":"rides-value","version":1,"id":1,"schemaType":"AVRO","schema":"…","references":[],"deleted":false}
///     {"kind":"config","subject":null,"config":{"compatibilityLevel":"BACKWARD"}}
///     {"kind":"mode","subject":"rides-value","mode":"READONLY"}
struct RegistryExport: Sendable {
    struct Version: Sendable, Hashable {
        var subject: String
        var version: Int
        var id: Int
        var schema: RegistrySchema
        var deleted: Bool

        var key: VersionKey { VersionKey(subject: subject, version: version) }
        /// The id in its subject's context.
        var contextId: ContextId { ContextId(context: QualifiedSubject(subject).context, id: id) }
    }

    struct VersionKey: Sendable, Hashable, CustomStringConvertible {
        var subject: String
        var version: Int
        var description: String { "\(subject) version \(version)" }
    }

    /// A config (the Config entity's fields) or a mode; `subject` nil for the global one.
    struct Setting<Value: Sendable & Hashable>: Sendable, Hashable {
        var subject: String?
        var value: Value
    }

    var versions: [Version] = []
    var configs: [Setting<JSONObject>] = []
    var modes: [Setting<String>] = []

    static let format = "stele-export"
    static let formatVersion = 1
    /// An export file is read whole; a registry of a million versions fits.
    static let maxFileBytes = 1 << 30
    static let maxLines = 5_000_000

    // MARK: reading a registry

    /// Everything `client`'s registry holds, through Confluent's REST API (any compatible
    /// registry): each version with `deleted=true` (subjects of every context, qualified), the
    /// global, context and subject configs and modes.
    static func read(from client: RegistryClient, subjectPrefix: String? = nil) async throws(RegistryClientError) -> RegistryExport {
        var export = RegistryExport()
        export.versions = try await client.allVersions(subjectPrefix: subjectPrefix).map { r in
            Version(subject: r.subject ?? "", version: r.version ?? 0, id: r.id ?? -1, schema: r.schema, deleted: r.deleted)
        }
        switch dependencyOrder(export.versions) {
        case .success(let ordered): export.versions = ordered
        case .failure(let f): throw .invalidResponse("the registry's references are inconsistent: \(f.message)")
        }
        var subjects: [String] = []
        for v in export.versions where !subjects.contains(v.subject) { subjects.append(v.subject) }
        if subjectPrefix == nil {
            export.configs.append(Setting(subject: nil, value: try await client.config().fields))
            export.modes.append(Setting(subject: nil, value: try await client.mode().rawValue))
        }
        // Context-level scopes (`:.ctx:`) and the global pseudo-context: a registry without
        // contexts (Karapace, Apicurio) answers 404 or has none, and has nothing to keep there.
        var scopes: [String] = []
        if subjectPrefix == nil {
            let contexts = (try? await client.contexts()) ?? []
            scopes = contexts.filter { $0 != QualifiedSubject.defaultContext }.map { QualifiedSubject.prefix(ofContext: $0) }
            if contexts.count > 1 { scopes.append(QualifiedSubject.prefix(ofContext: QualifiedSubject.globalContext)) }
        }
        for s in scopes {
            if let c = try? await client.config(subject: s) { export.configs.append(Setting(subject: s, value: c.fields)) }
            if let m = try? await client.mode(subject: s) { export.modes.append(Setting(subject: s, value: m.rawValue)) }
        }
        for s in subjects.sorted() {
            do throws(RegistryClientError) {
                export.configs.append(Setting(subject: s, value: try await client.config(subject: s).fields))
            } catch where error.errorCode == 40408 || error.errorCode == 40401 {}
            do throws(RegistryClientError) {
                export.modes.append(Setting(subject: s, value: try await client.mode(subject: s).rawValue))
            } catch where error.errorCode == 40409 || error.errorCode == 40401 {}
        }
        return export
    }

    /// `versions` with every referenced version before the versions using it (then by id, as
    /// they were registered); a reference to a version the list does not hold is an error.
    static func dependencyOrder(_ versions: [Version]) -> Result<[Version], CommandFailure> {
        let sorted = versions.sorted { ($0.id, $0.subject, $0.version) < ($1.id, $1.subject, $1.version) }
        var index: [VersionKey: Int] = [:]
        for (i, v) in sorted.enumerated() { index[v.key] = i }
        var state = [UInt8](repeating: 0, count: sorted.count)  // 0 new, 1 on the stack, 2 done
        var out: [Version] = []
        out.reserveCapacity(sorted.count)
        for start in sorted.indices where state[start] == 0 {
            // Iterative post-order walk: deep reference chains cannot overflow the stack.
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let (node, next) = stack.last {
                let refs = sorted[node].schema.references
                if next < refs.count {
                    stack[stack.count - 1].next += 1
                    let ref = refs[next]
                    // A reference names a subject of its referrer's context unless qualified.
                    let subject = QualifiedSubject.resolve(ref.subject, relativeTo: QualifiedSubject(sorted[node].subject).context)
                    guard let dep = index[VersionKey(subject: subject, version: ref.version)] else {
                        return .failure(.input("\(sorted[node].key) references \(ref.subject) version \(ref.version), which the export does not hold"))
                    }
                    switch state[dep] {
                    case 0:
                        state[dep] = 1
                        stack.append((dep, 0))
                    case 1:
                        return .failure(.input("\(sorted[node].key) is part of a reference cycle through \(sorted[dep].key)"))
                    default: break
                    }
                } else {
                    stack.removeLast()
                    state[node] = 2
                    out.append(sorted[node])
                }
            }
        }
        return .success(out)
    }

    // MARK: JSON Lines

    func lines() -> [String] {
        var out = [JSONWriter.compact(["kind": "header", "format": .string(Self.format), "version": .int(Int64(Self.formatVersion)),
                                       "versions": .int(Int64(versions.count))])]
        for v in versions {
            var o = JSONObject()
            o["kind"] = "version"
            o["subject"] = .string(v.subject)
            o["version"] = .int(Int64(v.version))
            o["id"] = .int(Int64(v.id))
            o["schemaType"] = .string(v.schema.schemaType.rawValue)
            o["schema"] = .string(v.schema.schema)
            o["references"] = .array(v.schema.references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .int(Int64($0.version))] })
            if let m = v.schema.metadata { o["metadata"] = m }
            if let r = v.schema.ruleSet { o["ruleSet"] = r }
            o["deleted"] = .bool(v.deleted)
            out.append(JSONWriter.compact(.object(o)))
        }
        for c in configs { out.append(JSONWriter.compact(["kind": "config", "subject": c.subject.map { .string($0) } ?? .null, "config": .object(c.value)])) }
        for m in modes { out.append(JSONWriter.compact(["kind": "mode", "subject": m.subject.map { .string($0) } ?? .null, "mode": .string(m.value)])) }
        return out
    }

    /// Parses an export; `name` labels errors (`FILE:LINE: …`).
    static func parse(_ text: String, name: String) throws(CommandFailure) -> RegistryExport {
        var export = RegistryExport()
        var sawHeader = false
        var lineNumber = 0
        let parser = JSONParser(options: .init(maxDepth: 256, maxBytes: maxFileBytes))
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if lineNumber > maxLines { throw .input("\(name): more than \(maxLines) lines") }
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            func bad(_ why: String) -> CommandFailure { .input("\(name):\(lineNumber): \(why)") }
            let value: JSONValue
            do { value = try parser.parse(String(line)) } catch { throw bad("not JSON: \(error.description)") }
            guard let kind = value["kind"]?.stringValue else { throw bad("a line needs a \"kind\"") }
            if !sawHeader {
                guard kind == "header", value["format"]?.stringValue == format else { throw bad("not a stele export (the first line must be its header)") }
                guard value["version"]?.intValue == Int64(formatVersion) else { throw bad("export format version \(value["version"].map(JSONWriter.compact) ?? "?") is not \(formatVersion)") }
                sawHeader = true
                continue
            }
            let subject: String?
            switch value["subject"] {
            case .string(let s)?: subject = s
            case .null?, nil: subject = nil
            default: throw bad("\"subject\" must be a string or null")
            }
            switch kind {
            case "version":
                guard let subject, !subject.isEmpty else { throw bad("a version needs a subject") }
                guard let version = value["version"]?.intValue, version >= 1, version <= Int64(Int32.max) else { throw bad("\"version\" must be a number from 1") }
                guard let id = value["id"]?.intValue, id >= 0, id <= Int64(Int32.max) else { throw bad("\"id\" must be a number from 0") }
                guard let text = value["schema"]?.stringValue else { throw bad("\"schema\" must be a string") }
                guard let type = SchemaType(lenient: value["schemaType"]?.stringValue ?? "AVRO") else { throw bad("unknown schemaType") }
                var refs: [SchemaReference] = []
                for r in value["references"]?.arrayValue ?? [] {
                    guard let n = r["name"]?.stringValue, let s = r["subject"]?.stringValue, let v = r["version"]?.intValue else {
                        throw bad("each reference needs name, subject and version")
                    }
                    refs.append(SchemaReference(name: n, subject: s, version: Int(v)))
                }
                let schema = RegistrySchema(text, type: type, references: refs, metadata: value["metadata"].flatMap { $0.isNull ? nil : $0 },
                                            ruleSet: value["ruleSet"].flatMap { $0.isNull ? nil : $0 })
                export.versions.append(Version(subject: subject, version: Int(version), id: Int(id), schema: schema, deleted: value["deleted"]?.boolValue ?? false))
            case "config":
                guard let fields = value["config"]?.objectValue else { throw bad("\"config\" must be an object") }
                export.configs.append(Setting(subject: subject, value: fields))
            case "mode":
                guard let mode = value["mode"]?.stringValue, RegistryModeName(lenient: mode) != nil else { throw bad("unknown mode") }
                export.modes.append(Setting(subject: subject, value: mode.uppercased()))
            default:
                throw bad("unknown kind \"\(kind)\"")
            }
        }
        guard sawHeader else { throw .input("\(name): empty, not a stele export") }
        export.versions = try dependencyOrder(export.versions).get()
        return export
    }
}
