import SteleJSON
import SteleSchema

/// One schema of a tree, as the manifest (or the naming convention) says: its subject, type,
/// level and the subjects its references name.
struct CatalogEntry: Sendable {
    var path: String
    var subject: String
    var type: SchemaTypeName
    var level: CompatibilityLevel
    /// Whether the manifest set the level (else it is the default).
    var levelIsExplicit: Bool
    var references: [SchemaManifest.Reference]
    var text: String
}

/// The schemas of a `SchemaTree` keyed by subject, with their references resolved inside the
/// tree: what `check` compares and what `apply` registers.
struct SchemaCatalog: Sendable {
    static let defaultLevel = CompatibilityLevel.backward
    static let maxReferenceDepth = 64

    var label: String
    var manifest: SchemaManifest
    /// Sorted by path.
    var entries: [CatalogEntry]
    var indexBySubject: [String: Int]

    func entry(subject: String) -> CatalogEntry? { indexBySubject[subject].map { entries[$0] } }

    /// Builds the catalogue of `tree`. `manifest` is the tree's own unless the caller passes
    /// one; `ignoring` skips paths; `strict` makes a manifest naming a missing file an error
    /// (the current side) rather than a skip (a baseline can no longer be fixed).
    static func build(_ tree: SchemaTree, manifest given: SchemaManifest? = nil, ignoring ignored: SchemaManifest? = nil, strict: Bool) throws(CommandFailure) -> SchemaCatalog {
        let manifestLabel = tree.label.hasPrefix("git:") ? "\(SchemaManifest.fileName) at \(tree.label)" : SchemaTree.join(tree.label, SchemaManifest.fileName)
        var manifest = SchemaManifest()
        if let given {
            manifest = given
        } else if let text = tree.manifestText {
            manifest = try SchemaManifest.parse(text, label: manifestLabel)
        }
        let skip = ignored ?? manifest
        var byFile: [String: SchemaManifest.Entry] = [:]
        for e in manifest.entries {
            if tree.files[e.file] == nil, strict, !skip.isIgnored(e.file) {
                throw .input("\(manifestLabel):\(e.line): \(e.file) does not exist")
            }
            byFile[e.file] = e
        }
        var entries: [CatalogEntry] = []
        for path in tree.files.keys.sorted() where !skip.isIgnored(path) {
            let listed = byFile[path]
            let type = listed?.type ?? (path.lowercased().hasSuffix(".json") ? .json : manifest.defaultType ?? .avro)
            let level = listed?.level ?? manifest.defaultLevel ?? defaultLevel
            entries.append(CatalogEntry(
                path: path, subject: listed?.subject ?? conventionalSubject(path), type: type, level: level,
                levelIsExplicit: listed?.level != nil, references: listed?.references ?? [], text: tree.files[path]!))
        }
        var index: [String: Int] = [:]
        for (i, e) in entries.enumerated() {
            if let other = index[e.subject] {
                throw .input("\(tree.label): \(entries[other].path) and \(e.path) are both subject \(e.subject) (name one of them in \(SchemaManifest.fileName))")
            }
            index[e.subject] = i
        }
        var catalog = SchemaCatalog(label: tree.label, manifest: manifest, entries: entries, indexBySubject: index)
        catalog.detectReferences(explicit: Set(manifest.entries.filter { $0.references != nil }.map(\.file)))
        return catalog
    }

    /// `ride.avsc` → `ride`, `orders/orders-value.json` → `orders-value`.
    static func conventionalSubject(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// Entries the manifest gives no `references` for get the ones their text implies:
    /// Avro type names defined by another file, JSON Schema `$ref`s to another file.
    private mutating func detectReferences(explicit: Set<String>) {
        var avroDefinitions: [String: Int] = [:]
        var jsonIDs: [String: Int] = [:]
        var indexByPath: [String: Int] = [:]
        var parsed: [JSONValue?] = []
        for (i, e) in entries.enumerated() {
            let json = try? JSONParser.parse(e.text)
            parsed.append(json)
            indexByPath[e.path] = i
            if e.type == .avro, let json {
                for name in ReferenceDetection.avroDefinedNames(json) where avroDefinitions[name] == nil { avroDefinitions[name] = i }
            }
            if e.type == .json, let id = json?.objectValue?["$id"]?.stringValue ?? json?.objectValue?["id"]?.stringValue, jsonIDs[id] == nil {
                jsonIDs[id] = i
            }
        }
        for i in entries.indices where !explicit.contains(entries[i].path) {
            guard let json = parsed[i] else { continue }
            var refs: [SchemaManifest.Reference] = []
            switch entries[i].type {
            case .avro:
                let own = Set(ReferenceDetection.avroDefinedNames(json))
                var seen = Set<Int>()
                for name in ReferenceDetection.avroUsedNames(json) where !own.contains(name) {
                    guard let j = avroDefinitions[name], j != i, seen.insert(j).inserted,
                          let top = parsed[j].flatMap(ReferenceDetection.avroTopName) else { continue }
                    refs.append(.init(name: top, subject: entries[j].subject))
                }
            case .json:
                var seen = Set<String>()
                for ref in ReferenceDetection.jsonExternalRefs(json) where seen.insert(ref).inserted {
                    let target = ReferenceDetection.resolve(ref, from: entries[i].path)
                    guard let j = indexByPath[target] ?? jsonIDs[ref], j != i else { continue }
                    refs.append(.init(name: ref, subject: entries[j].subject))
                }
            }
            entries[i].references = refs
        }
    }

    /// The transitive references of `entry`, dependencies first, each name once, as the
    /// engines take them. A cycle or a reference to a subject outside the tree is an error
    /// naming the file.
    func resolvedReferences(of entry: CatalogEntry) throws(CommandFailure) -> [ResolvedReference] {
        var out: [ResolvedReference] = []
        var names = Set<String>()
        var onPath: [String] = [entry.subject]
        var done = Set<String>()
        func visit(_ e: CatalogEntry) throws(CommandFailure) {
            for r in e.references {
                guard let target = self.entry(subject: r.subject) else {
                    throw .input("\(SchemaTree.join(label, e.path)): reference \(r.name) names subject \(r.subject), which no file of \(label) is")
                }
                guard !onPath.contains(r.subject) else {
                    throw .input("\(SchemaTree.join(label, e.path)): reference cycle \((onPath + [r.subject]).joined(separator: " → "))")
                }
                guard onPath.count < Self.maxReferenceDepth else { throw .input("\(SchemaTree.join(label, e.path)): references nested more than \(Self.maxReferenceDepth) levels") }
                if !done.contains(r.subject) {
                    onPath.append(r.subject)
                    try visit(target)
                    onPath.removeLast()
                    done.insert(r.subject)
                }
                if names.insert(r.name).inserted {
                    out.append(ResolvedReference(reference: SchemaReference(name: r.name, subject: r.subject, version: r.version ?? 1), schemaText: target.text))
                }
            }
        }
        try visit(entry)
        return out
    }

    /// Entry indices with every entry after the entries it references (apply's order); ties
    /// by path.
    func dependencyOrder() -> [Int] {
        var order: [Int] = []
        var state = [UInt8](repeating: 0, count: entries.count)  // 0 new, 1 visiting, 2 done
        func visit(_ i: Int) {
            guard state[i] == 0 else { return }
            state[i] = 1
            for r in entries[i].references { if let j = indexBySubject[r.subject], state[j] == 0 { visit(j) } }
            state[i] = 2
            order.append(i)
        }
        for i in entries.indices { visit(i) }
        return order
    }
}
