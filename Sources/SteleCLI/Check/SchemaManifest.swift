import SteleSchema
import Yams

/// `stele.yaml`: which file is which subject, with its type, compatibility level and
/// references, and which findings `stele check` silences (buf's `breaking` section).
///
///     version: v1
///     defaults:
///       level: BACKWARD
///     schemas:
///       - file: ride.avsc
///         subject: rides-value
///         level: FULL
///       - file: trip.avsc
///         subject: trips-value
///         references:
///           - name: demo.Location
///             subject: location-value
///     breaking:
///       ignore: [legacy/]
///       except: [AVRO_MISSING_ENUM_SYMBOLS]
///       ignore_only:
///         JSON_PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL: [orders.json]
///
/// Files not listed are still checked, by convention: `<subject>.avsc` is Avro and
/// `<subject>.json` JSON Schema, at the default level. Unknown keys are errors (a typo must
/// not silently switch a check off), reported as `stele.yaml:line:col: message`.
struct SchemaManifest: Sendable, Hashable {
    static let fileName = "stele.yaml"
    static let maxBytes = 1 << 20
    static let maxEntries = 100_000

    struct Reference: Sendable, Hashable {
        /// The name the referring schema uses: an Avro full name, or a JSON Schema `$ref`.
        var name: String
        var subject: String
        /// For `apply`: the version to reference; by default the version matching the
        /// referenced file.
        var version: Int?
    }

    struct Entry: Sendable, Hashable {
        /// Relative to the manifest's folder, `/`-separated.
        var file: String
        var subject: String?
        var type: SchemaTypeName?
        var level: CompatibilityLevel?
        var references: [Reference]?
        /// Where the entry is written, for messages about it.
        var line: Int
    }

    var defaultLevel: CompatibilityLevel?
    var defaultType: SchemaTypeName?
    var entries: [Entry] = []
    /// Paths (files or folders, relative to the manifest) that `check` skips entirely.
    var ignore: [String] = []
    /// Rule ids never reported.
    var except: Set<RuleID> = []
    /// Rule ids not reported for the given paths.
    var ignoreOnly: [RuleID: [String]] = [:]

    /// Whether `path` (relative) is `prefix` or lies below it.
    static func path(_ path: String, isUnder prefix: String) -> Bool {
        let p = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        return p.isEmpty || p == "." || path == p || path.hasPrefix(p + "/")
    }

    func isIgnored(_ path: String) -> Bool { ignore.contains { Self.path(path, isUnder: $0) } }

    func isSilenced(_ rule: RuleID, at path: String) -> Bool {
        if except.contains(rule) { return true }
        return ignoreOnly[rule]?.contains { Self.path(path, isUnder: $0) } ?? false
    }
}

extension SchemaManifest {
    /// Parses manifest text; `label` names the file in messages.
    static func parse(_ text: String, label: String) throws(CommandFailure) -> SchemaManifest {
        guard text.utf8.count <= maxBytes else { throw .input("\(label): larger than the limit of \(maxBytes) bytes") }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .input("\(label): \(Self.describe(error))")
        } catch {
            throw .input("\(label): \(error)")
        }
        guard let root else { return SchemaManifest() }
        var reader = ManifestReader(label: label)
        return try reader.manifest(root)
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(mark.line):\(mark.column): invalid YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(context.mark.line):\(context.mark.column): duplicate key \(duplicates.joined(separator: ", "))"
        default:
            return "invalid YAML: \(error)"
        }
    }
}

/// Walks the composed YAML tree into a `SchemaManifest`, naming the line and column of
/// anything it cannot use.
private struct ManifestReader {
    let label: String

    func fail(_ node: Node, _ message: String) -> CommandFailure {
        if let mark = node.mark { return .input("\(label):\(mark.line):\(mark.column): \(message)") }
        return .input("\(label): \(message)")
    }

    func mapping(_ node: Node, _ what: String, allowed: [String]) throws(CommandFailure) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let m) = node else { throw fail(node, "\(what) must be a mapping") }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw fail(k, "keys of \(what) must be strings") }
            guard allowed.contains(key) else {
                throw fail(k, "unknown key \"\(key)\" in \(what) (expected one of: \(allowed.joined(separator: ", ")))")
            }
            out.append((key, k, v))
        }
        return out
    }

    func string(_ node: Node, _ what: String) throws(CommandFailure) -> String {
        guard let s = node.scalar?.string, !s.isEmpty else { throw fail(node, "\(what) must be a non-empty string") }
        return s
    }

    func strings(_ node: Node, _ what: String) throws(CommandFailure) -> [String] {
        if case .scalar = node { return [try string(node, what)] }
        guard case .sequence(let seq) = node else { throw fail(node, "\(what) must be a list of strings") }
        guard seq.count <= SchemaManifest.maxEntries else { throw fail(node, "\(what) has more than \(SchemaManifest.maxEntries) entries") }
        var out: [String] = []
        for item in seq { out.append(try string(item, "each entry of \(what)")) }
        return out
    }

    func level(_ node: Node) throws(CommandFailure) -> CompatibilityLevel {
        let text = try string(node, "level")
        guard let level = CompatibilityLevel(lenient: text) else {
            throw fail(node, "unknown level \"\(text)\" (expected one of: \(CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return level
    }

    func type(_ node: Node) throws(CommandFailure) -> SchemaTypeName {
        let text = try string(node, "type").lowercased()
        switch text {
        case "avro": return .avro
        case "json", "jsonschema", "json_schema": return .json
        default: throw fail(node, "unknown type \"\(text)\" (expected avro or json)")
        }
    }

    func rule(_ text: String, _ node: Node) throws(CommandFailure) -> RuleID {
        guard text.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else {
            throw fail(node, "\"\(text)\" is not a rule id (rule ids are upper case, as AVRO_TYPE_MISMATCH)")
        }
        return RuleID(text)
    }

    /// A relative, `/`-separated path inside the manifest's folder.
    func relativePath(_ node: Node, _ what: String) throws(CommandFailure) -> String {
        var path = try string(node, what)
        while path.hasPrefix("./") { path.removeFirst(2) }
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw fail(node, "\(what) must be a path inside the manifest's folder, got \"\(path)\"")
        }
        return path
    }

    mutating func manifest(_ root: Node) throws(CommandFailure) -> SchemaManifest {
        var manifest = SchemaManifest()
        for (key, _, value) in try mapping(root, "the manifest", allowed: ["version", "defaults", "schemas", "breaking"]) {
            switch key {
            case "version":
                let v = try string(value, "version")
                guard v == "v1" || v == "1" else { throw fail(value, "unsupported version \"\(v)\" (this stele reads v1)") }
            case "defaults":
                for (k, _, v) in try mapping(value, "defaults", allowed: ["level", "type"]) {
                    if k == "level" { manifest.defaultLevel = try level(v) } else { manifest.defaultType = try type(v) }
                }
            case "schemas":
                guard case .sequence(let seq) = value else { throw fail(value, "schemas must be a list") }
                guard seq.count <= SchemaManifest.maxEntries else { throw fail(value, "schemas has more than \(SchemaManifest.maxEntries) entries") }
                for item in seq { manifest.entries.append(try entry(item)) }
            default:
                try breaking(value, into: &manifest)
            }
        }
        var files = Set<String>()
        for e in manifest.entries where !files.insert(e.file).inserted {
            throw .input("\(label):\(e.line): \(e.file) is listed twice")
        }
        return manifest
    }

    func entry(_ node: Node) throws(CommandFailure) -> SchemaManifest.Entry {
        var file: String?
        var e = SchemaManifest.Entry(file: "", line: node.mark?.line ?? 0)
        for (key, _, value) in try mapping(node, "a schemas entry", allowed: ["file", "subject", "type", "level", "references"]) {
            switch key {
            case "file": file = try relativePath(value, "file")
            case "subject": e.subject = try string(value, "subject")
            case "type": e.type = try type(value)
            case "level": e.level = try level(value)
            default:
                guard case .sequence(let seq) = value else { throw fail(value, "references must be a list") }
                var refs: [SchemaManifest.Reference] = []
                for r in seq { refs.append(try reference(r)) }
                e.references = refs
            }
        }
        guard let file else { throw fail(node, "a schemas entry needs a file") }
        e.file = file
        return e
    }

    func reference(_ node: Node) throws(CommandFailure) -> SchemaManifest.Reference {
        var name: String?, subject: String?, version: Int?
        for (key, _, value) in try mapping(node, "a reference", allowed: ["name", "subject", "version"]) {
            switch key {
            case "name": name = try string(value, "name")
            case "subject": subject = try string(value, "subject")
            default:
                let text = try string(value, "version")
                guard let v = Int(text), v >= 1 else { throw fail(value, "version must be a positive number, got \"\(text)\"") }
                version = v
            }
        }
        guard let name else { throw fail(node, "a reference needs a name") }
        guard let subject else { throw fail(node, "a reference needs a subject") }
        return SchemaManifest.Reference(name: name, subject: subject, version: version)
    }

    func breaking(_ node: Node, into manifest: inout SchemaManifest) throws(CommandFailure) {
        for (key, _, value) in try mapping(node, "breaking", allowed: ["ignore", "except", "ignore_only"]) {
            switch key {
            case "ignore":
                guard case .sequence(let seq) = value else { throw fail(value, "ignore must be a list of paths") }
                for p in seq { manifest.ignore.append(try relativePath(p, "each entry of ignore")) }
            case "except":
                guard case .sequence(let seq) = value else { throw fail(value, "except must be a list of rule ids") }
                for r in seq { manifest.except.insert(try rule(try string(r, "each entry of except"), r)) }
            default:
                guard case .mapping(let m) = value else { throw fail(value, "ignore_only must map rule ids to lists of paths") }
                for (k, v) in m {
                    let id = try rule(try string(k, "a rule id"), k)
                    guard case .sequence(let seq) = v else { throw fail(v, "ignore_only.\(id) must be a list of paths") }
                    for p in seq { manifest.ignoreOnly[id, default: []].append(try relativePath(p, "each path of ignore_only.\(id)")) }
                }
            }
        }
    }
}
