import SteleJSON

/// Every schema document the compiler has seen, with the identifiers they declare: resources
/// (`$id`), anchors (`$anchor`, `$dynamicAnchor`, plain-name `$id`s before 2019-09) and, for
/// each subschema, the base URI and dialect in force there.
struct SchemaIndex {
    struct Location: Hashable {
        let doc: Int
        let pointer: [String]
        var key: String { "\(doc):" + pointer.map { "/" + JSONPointer.escape($0) }.joined() }
    }

    struct Info {
        var base: URIReference
        var draft: JSONSchemaDraft
        var vocabularies: Vocabularies
        /// The resource this subschema belongs to (its `$id` or the document's URI).
        var resource: String
    }

    var documents: [JSONValue] = []
    var documentURIs: [String] = []
    var resources: [String: Location] = [:]
    var anchors: [String: Location] = [:]
    var dynamicAnchors: [String: [String: Location]] = [:]
    var recursiveAnchors: Set<String> = []
    var infos: [Location: Info] = [:]
    let resolver: (any JSONSchemaResolver)?

    init(resolver: (any JSONSchemaResolver)?) { self.resolver = resolver }

    func value(at loc: Location) -> JSONValue? {
        JSONPointer(tokens: loc.pointer).resolve(in: documents[loc.doc])
    }

    /// Adds a document under `uri` and indexes it.
    mutating func add(_ document: JSONValue, uri: URIReference, draft: JSONSchemaDraft) throws(JSONSchemaError) {
        let doc = documents.count
        documents.append(document)
        let key = uri.withoutFragment.description
        documentURIs.append(key)
        let root = Location(doc: doc, pointer: [])
        if resources[key] == nil { resources[key] = root }
        try walk(document, root, Info(base: uri.withoutFragment, draft: draft, vocabularies: .all, resource: key), isResourceRoot: true)
    }

    /// The document at `uri` from the resolver or the bundled meta-schemas, added on first use.
    mutating func load(_ uri: String, draft: JSONSchemaDraft) throws(JSONSchemaError) -> Location? {
        if let loc = resources[uri] { return loc }
        guard let doc = resolver?.document(at: uri) ?? MetaSchemas.document(at: uri) else { return nil }
        try add(doc, uri: URIReference(parsing: uri), draft: draft)
        return resources[uri]
    }

    /// The dialect a `$schema` value selects: a known draft, or a custom meta-schema whose
    /// `$vocabulary` says which keywords apply.
    mutating func dialect(_ metaSchema: String, current: Info) throws(JSONSchemaError) -> (JSONSchemaDraft, Vocabularies) {
        if let d = JSONSchemaDraft(metaSchemaURI: metaSchema) { return (d, .all) }
        var uri = metaSchema
        while uri.hasSuffix("#") { uri.removeLast() }
        guard let loc = try load(uri, draft: current.draft), case .object(let meta)? = value(at: loc) else {
            throw JSONSchemaError(.unknownMetaSchema, "unknown meta-schema \(metaSchema) (no network access: supply it with --ref URI=FILE)")
        }
        var draft = current.draft
        if case .string(let s)? = meta["$schema"], let d = JSONSchemaDraft(metaSchemaURI: s) { draft = d }
        var vocabularies = Vocabularies.all
        if case .object(let declared)? = meta["$vocabulary"] {
            var map: [String: Bool] = [:]
            for m in declared { map[m.key] = m.value.boolValue ?? false }
            guard let v = Vocabularies(declared: map) else {
                throw JSONSchemaError(.unknownVocabulary, "meta-schema \(metaSchema) requires a vocabulary Stele does not know")
            }
            vocabularies = v
        }
        return (draft, vocabularies)
    }

    private mutating func walk(_ value: JSONValue, _ loc: Location, _ inherited: Info, isResourceRoot: Bool) throws(JSONSchemaError) {
        guard case .object(let o) = value else {
            infos[loc] = inherited
            return
        }
        var info = inherited
        let draftHere: JSONSchemaDraft = {
            if case .string(let s)? = o["$schema"], let d = JSONSchemaDraft(metaSchemaURI: s) { return d }
            return inherited.draft
        }()
        let idKey = draftHere.idKeyword
        let hasRefSibling = draftHere.refOverridesSiblings && o["$ref"] != nil
        var startsResource = isResourceRoot
        if case .string(let id)? = o[idKey], !hasRefSibling {
            if draftHere <= .draft7 && id.hasPrefix("#") {
                anchors[info.base.description + id] = loc
            } else {
                let newBase = info.base.resolving(id).withoutFragment
                info.base = newBase
                info.resource = newBase.description
                if resources[newBase.description] == nil { resources[newBase.description] = loc }
                startsResource = true
                // A draft ≤7 $id with a fragment names an anchor too.
                if let f = URIReference(parsing: id).fragment, !f.isEmpty, !f.hasPrefix("/") {
                    anchors[newBase.description + "#" + f] = loc
                }
            }
        }
        if startsResource, case .string(let s)? = o["$schema"] {
            (info.draft, info.vocabularies) = try dialect(s, current: info)
        } else if draftHere != info.draft {
            info.draft = draftHere
        }
        if info.draft >= .draft2019_09 {
            if case .string(let a)? = o["$anchor"] { anchors[info.resource + "#" + a] = loc }
            if case .string(let a)? = o["$dynamicAnchor"], info.draft >= .draft2020_12 {
                anchors[info.resource + "#" + a] = loc
                dynamicAnchors[info.resource, default: [:]][a] = loc
            }
            if case .bool(true)? = o["$recursiveAnchor"] { recursiveAnchors.insert(info.resource) }
        }
        infos[loc] = info
        for m in o {
            let child = loc.pointer + [m.key]
            switch m.key {
            case "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies":
                if case .object(let schemas) = m.value {
                    for s in schemas where s.value.objectValue != nil || s.value.boolValue != nil {
                        try walk(s.value, Location(doc: loc.doc, pointer: child + [s.key]), info, isResourceRoot: false)
                    }
                }
            case "additionalProperties", "additionalItems", "contains", "propertyNames", "not", "if", "then", "else",
                 "unevaluatedProperties", "unevaluatedItems", "contentSchema":
                try walk(m.value, Location(doc: loc.doc, pointer: child), info, isResourceRoot: false)
            case "items":
                if case .array(let list) = m.value {
                    for (k, s) in list.enumerated() { try walk(s, Location(doc: loc.doc, pointer: child + [String(k)]), info, isResourceRoot: false) }
                } else {
                    try walk(m.value, Location(doc: loc.doc, pointer: child), info, isResourceRoot: false)
                }
            case "allOf", "anyOf", "oneOf", "prefixItems":
                if case .array(let list) = m.value {
                    for (k, s) in list.enumerated() { try walk(s, Location(doc: loc.doc, pointer: child + [String(k)]), info, isResourceRoot: false) }
                }
            default:
                break
            }
        }
    }

    /// The info at a location the walk did not visit (a `$ref` into an unknown keyword): the
    /// nearest visited ancestor's, with the `$id`s on the way applied.
    mutating func info(at loc: Location) -> Info? {
        if let i = infos[loc] { return i }
        guard !loc.pointer.isEmpty else { return nil }
        guard var parent = info(at: Location(doc: loc.doc, pointer: Array(loc.pointer.dropLast()))) else { return nil }
        if case .object(let o)? = value(at: loc), case .string(let id)? = o[parent.draft.idKeyword], !id.hasPrefix("#") {
            parent.base = parent.base.resolving(id).withoutFragment
            parent.resource = parent.base.description
        }
        infos[loc] = parent
        return parent
    }

    /// Where `reference` (already resolved to an absolute URI) points.
    mutating func locate(_ target: URIReference, draft: JSONSchemaDraft) throws(JSONSchemaError) -> Location {
        let resourceURI = target.withoutFragment.description
        let fragment = URIReference.percentDecoded(target.fragment ?? "")
        guard let root = try load(resourceURI, draft: draft) else {
            throw JSONSchemaError(.unresolvedReference, "cannot resolve \(target): no schema is known at \(resourceURI) (no network access: supply it with --ref URI=FILE)")
        }
        if fragment.isEmpty { return root }
        if fragment.hasPrefix("/") {
            guard let pointer = JSONPointer(parsing: fragment) else {
                throw JSONSchemaError(.unresolvedReference, "invalid JSON pointer in \(target)")
            }
            let loc = Location(doc: root.doc, pointer: root.pointer + pointer.tokens)
            guard value(at: loc) != nil else { throw JSONSchemaError(.unresolvedReference, "cannot resolve \(target): nothing at \(fragment)") }
            return loc
        }
        guard let loc = anchors[resourceURI + "#" + fragment] else {
            throw JSONSchemaError(.unresolvedReference, "cannot resolve \(target): no anchor \"\(fragment)\" in \(resourceURI)")
        }
        return loc
    }
}
