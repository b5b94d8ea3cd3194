import SteleJSON

/// Compiles schema locations into `SchemaNode`s, one per location, iteratively (a worklist, so
/// deep or cyclic `$ref` chains cost no stack).
struct SchemaCompiler {
    var index: SchemaIndex
    let formatAssertion: Bool
    var nodes: [SchemaNode] = []
    private var memo: [SchemaIndex.Location: Int] = [:]
    private var pending: [(Int, SchemaIndex.Location)] = []
    var resourceIDs: [String: Int] = [:]
    var collectsAnnotations = false
    /// Nodes may not exceed this many (a hostile schema with 10^6 subschemas is refused).
    static let maxNodes = 1_000_000

    init(index: SchemaIndex, formatAssertion: Bool) {
        self.index = index
        self.formatAssertion = formatAssertion
    }

    mutating func node(for loc: SchemaIndex.Location) throws(JSONSchemaError) -> Int {
        if let n = memo[loc] { return n }
        guard nodes.count < Self.maxNodes else { throw JSONSchemaError(.limitExceeded, "schema has more than \(Self.maxNodes) subschemas") }
        let n = nodes.count
        nodes.append(SchemaNode())
        memo[loc] = n
        pending.append((n, loc))
        return n
    }

    mutating func resourceID(_ uri: String) -> Int {
        if let r = resourceIDs[uri] { return r }
        let r = resourceIDs.count
        resourceIDs[uri] = r
        return r
    }

    mutating func compileAll() throws(JSONSchemaError) {
        while let (n, loc) = pending.popLast() {
            nodes[n] = try compile(loc)
        }
    }

    /// The program once everything reachable is compiled, including every dynamic anchor and
    /// recursive-anchor root of the resources seen (run-time targets of `$dynamicRef` and
    /// `$recursiveRef`). Compiling those can load further documents, so repeat until none is new.
    mutating func finish(root: Int) throws(JSONSchemaError) -> CompiledProgram {
        var before = -1
        while nodes.count != before {
            before = nodes.count
            for (resource, anchors) in index.dynamicAnchors {
                _ = resourceID(resource)
                for loc in anchors.values { _ = try node(for: loc) }
            }
            for resource in index.recursiveAnchors {
                _ = resourceID(resource)
                if let loc = index.resources[resource] { _ = try node(for: loc) }
            }
            try compileAll()
        }
        var dynamic = [[String: Int]](repeating: [:], count: resourceIDs.count)
        var recursive = [Int?](repeating: nil, count: resourceIDs.count)
        for (resource, anchors) in index.dynamicAnchors {
            guard let r = resourceIDs[resource] else { continue }
            for (name, loc) in anchors { dynamic[r][name] = memo[loc] }
        }
        for resource in index.recursiveAnchors {
            guard let r = resourceIDs[resource], let loc = index.resources[resource] else { continue }
            recursive[r] = memo[loc]
        }
        return CompiledProgram(nodes: nodes, root: root, dynamicAnchors: dynamic, recursiveRoots: recursive, collectsAnnotations: collectsAnnotations)
    }

    private func fail(_ code: JSONSchemaError.Code, _ message: String, _ loc: SchemaIndex.Location) -> JSONSchemaError {
        JSONSchemaError(code, message, pointer: JSONPointer(tokens: loc.pointer).description)
    }

    private mutating func compile(_ loc: SchemaIndex.Location) throws(JSONSchemaError) -> SchemaNode {
        guard let value = index.value(at: loc), let info = index.info(at: loc) else {
            throw fail(.invalidSchema, "no schema at this location", loc)
        }
        var node = SchemaNode()
        node.resource = resourceID(info.resource)
        node.location = "#" + JSONPointer(tokens: loc.pointer).description
        switch value {
        case .bool(let b):
            node.always = b
            return node
        case .object(let o):
            node.checks = try checks(o, loc, info)
            return node
        default:
            throw fail(.invalidSchema, "a schema must be an object or a boolean, found \(value.typeName)", loc)
        }
    }

    private mutating func sub(_ loc: SchemaIndex.Location, _ tokens: String...) throws(JSONSchemaError) -> Int {
        try node(for: SchemaIndex.Location(doc: loc.doc, pointer: loc.pointer + tokens))
    }

    private func count(_ v: JSONValue?, _ keyword: String, _ loc: SchemaIndex.Location) throws(JSONSchemaError) -> Int? {
        guard let v else { return nil }
        switch v {
        case .int(let i) where i >= 0: return Int(clamping: i)
        case .number(let n) where n.isIntegral && n.double >= 0: return n.double > 1e15 ? Int(1e15) : Int(n.double)
        default: throw fail(.invalidSchema, "\(keyword) must be a non-negative integer", loc)
        }
    }

    private mutating func checks(_ o: JSONObject, _ loc: SchemaIndex.Location, _ info: SchemaIndex.Info) throws(JSONSchemaError) -> [Check] {
        let d = info.draft
        let v = info.vocabularies
        var assertions: [Check] = []
        var applicators: [Check] = []
        var last: [Check] = []

        if case .string(let ref)? = o["$ref"] {
            let target = try index.locate(info.base.resolving(ref), draft: d)
            let check = Check.ref(try node(for: target))
            if d.refOverridesSiblings { return [check] }
            applicators.append(check)
        }
        if d >= .draft2020_12, case .string(let ref)? = o["$dynamicRef"] {
            let uri = info.base.resolving(ref)
            let target = try index.locate(uri, draft: d)
            let fallback = try node(for: target)
            let name = URIReference.percentDecoded(uri.fragment ?? "")
            // Dynamic only when the static target itself declares that $dynamicAnchor.
            let targetInfo = index.info(at: target)
            if !name.isEmpty, !name.hasPrefix("/"), let ti = targetInfo, index.dynamicAnchors[ti.resource]?[name] == target {
                applicators.append(.dynamicRef(fallback: fallback, anchor: name))
            } else {
                applicators.append(.ref(fallback))
            }
        }
        if d == .draft2019_09, case .string(let ref)? = o["$recursiveRef"] {
            let target = try index.locate(info.base.resolving(ref), draft: d)
            applicators.append(.recursiveRef(fallback: try node(for: target)))
        }

        if v.contains(.validation) {
            if let t = o["type"] {
                var mask = 0
                var names: [String] = []
                let list: [JSONValue] = t.arrayValue ?? [t]
                for item in list {
                    guard case .string(let name) = item else { throw fail(.invalidSchema, "type must be a string or an array of strings", loc) }
                    names.append(name)
                    switch name {
                    case "null": mask |= TypeSet.null
                    case "boolean": mask |= TypeSet.boolean
                    case "object": mask |= TypeSet.object
                    case "array": mask |= TypeSet.array
                    case "number": mask |= TypeSet.number
                    case "string": mask |= TypeSet.string
                    case "integer": mask |= TypeSet.integer
                    default: throw fail(.invalidSchema, "unknown type \"\(name)\"", loc)
                    }
                }
                assertions.append(.type(mask, names: names))
            }
            if let e = o["enum"] {
                guard case .array(let values) = e else { throw fail(.invalidSchema, "enum must be an array", loc) }
                assertions.append(.enumeration(values))
            }
            if d >= .draft6, let c = o["const"] { assertions.append(.const(c)) }
            if d == .draft4 {
                if let m = o["minimum"], m.isNumber { assertions.append(.minimum(NumberBound(value: m, exclusive: o["exclusiveMinimum"]?.boolValue == true))) }
                if let m = o["maximum"], m.isNumber { assertions.append(.maximum(NumberBound(value: m, exclusive: o["exclusiveMaximum"]?.boolValue == true))) }
            } else {
                if let m = o["minimum"], m.isNumber { assertions.append(.minimum(NumberBound(value: m, exclusive: false))) }
                if let m = o["maximum"], m.isNumber { assertions.append(.maximum(NumberBound(value: m, exclusive: false))) }
                if let m = o["exclusiveMinimum"], m.isNumber { assertions.append(.minimum(NumberBound(value: m, exclusive: true))) }
                if let m = o["exclusiveMaximum"], m.isNumber { assertions.append(.maximum(NumberBound(value: m, exclusive: true))) }
            }
            if let m = o["multipleOf"] {
                guard m.isNumber, (m.doubleValue ?? 0) > 0 else { throw fail(.invalidSchema, "multipleOf must be a number greater than 0", loc) }
                assertions.append(.multipleOf(m))
            }
            if let n = try count(o["minLength"], "minLength", loc) { assertions.append(.minLength(n)) }
            if let n = try count(o["maxLength"], "maxLength", loc) { assertions.append(.maxLength(n)) }
            if case .string(let p)? = o["pattern"] {
                do { assertions.append(.pattern(try ECMARegex(p))) } catch { throw fail(.invalidPattern, "invalid pattern /\(p)/: \(error)", loc) }
            }
            if let n = try count(o["minItems"], "minItems", loc) { assertions.append(.minItems(n)) }
            if let n = try count(o["maxItems"], "maxItems", loc) { assertions.append(.maxItems(n)) }
            if o["uniqueItems"]?.boolValue == true { assertions.append(.uniqueItems) }
            if let n = try count(o["minProperties"], "minProperties", loc) { assertions.append(.minProperties(n)) }
            if let n = try count(o["maxProperties"], "maxProperties", loc) { assertions.append(.maxProperties(n)) }
            if case .array(let names)? = o["required"] {
                assertions.append(.required(names.compactMap(\.stringValue)))
            }
            if d >= .draft2019_09, case .object(let deps)? = o["dependentRequired"] {
                assertions.append(.dependentRequired(deps.map { ($0.key, ($0.value.arrayValue ?? []).compactMap(\.stringValue)) }))
            }
        }
        if case .object(let deps)? = o["dependencies"], d <= .draft7 || v.contains(.applicator) {
            var required: [(String, [String])] = []
            var schemas: [(String, Int)] = []
            for m in deps {
                if case .array(let names) = m.value {
                    required.append((m.key, names.compactMap(\.stringValue)))
                } else {
                    schemas.append((m.key, try sub(loc, "dependencies", m.key)))
                }
            }
            if !required.isEmpty { assertions.append(.dependentRequired(required)) }
            if !schemas.isEmpty { applicators.append(.dependentSchemas(schemas)) }
        }
        if case .string(let f)? = o["format"], formatAssertion || v.contains(.formatAssertion), let format = JSONFormat(rawValue: f) {
            assertions.append(.format(format))
        }

        if v.contains(.applicator) {
            for keyword in ["allOf", "anyOf", "oneOf"] {
                guard let list = o[keyword] else { continue }
                guard case .array(let items) = list, !items.isEmpty else { throw fail(.invalidSchema, "\(keyword) must be a non-empty array", loc) }
                var subs: [Int] = []
                for k in items.indices { subs.append(try sub(loc, keyword, String(k))) }
                switch keyword {
                case "allOf": applicators.append(.allOf(subs))
                case "anyOf": applicators.append(.anyOf(subs))
                default: applicators.append(.oneOf(subs))
                }
            }
            if o["not"] != nil { applicators.append(.not(try sub(loc, "not"))) }
            if d >= .draft7, o["if"] != nil {
                let thenNode: Int? = o["then"] != nil ? try sub(loc, "then") : nil
                let elseNode: Int? = o["else"] != nil ? try sub(loc, "else") : nil
                // Evaluated even alone: `if` contributes annotations for unevaluated*.
                applicators.append(.ifThenElse(if: try sub(loc, "if"), then: thenNode, else: elseNode))
            }
            var propertyNames = Set<String>()
            if case .object(let props)? = o["properties"] {
                var map: [String: Int] = [:]
                for m in props {
                    map[m.key] = try sub(loc, "properties", m.key)
                    propertyNames.insert(m.key)
                }
                applicators.append(.properties(map))
            }
            var patterns: [ECMARegex] = []
            if case .object(let props)? = o["patternProperties"] {
                var list: [(ECMARegex, Int)] = []
                for m in props {
                    let re: ECMARegex
                    do { re = try ECMARegex(m.key) } catch { throw fail(.invalidPattern, "invalid patternProperties pattern /\(m.key)/: \(error)", loc) }
                    list.append((re, try sub(loc, "patternProperties", m.key)))
                    patterns.append(re)
                }
                applicators.append(.patternProperties(list))
            }
            if o["additionalProperties"] != nil {
                applicators.append(.additionalProperties(try sub(loc, "additionalProperties"), properties: propertyNames, patterns: patterns))
            }
            if d >= .draft6, o["propertyNames"] != nil { applicators.append(.propertyNames(try sub(loc, "propertyNames"))) }
            if d >= .draft2019_09, case .object(let deps)? = o["dependentSchemas"] {
                var list: [(String, Int)] = []
                for m in deps { list.append((m.key, try sub(loc, "dependentSchemas", m.key))) }
                applicators.append(.dependentSchemas(list))
            }
            if d >= .draft2020_12 {
                var prefix = 0
                if case .array(let list)? = o["prefixItems"] {
                    var subs: [Int] = []
                    for k in list.indices { subs.append(try sub(loc, "prefixItems", String(k))) }
                    prefix = subs.count
                    applicators.append(.prefixItems(subs))
                }
                if let items = o["items"], items.arrayValue == nil {
                    applicators.append(.itemsFrom(try sub(loc, "items"), start: prefix))
                }
            } else if let items = o["items"] {
                if case .array(let list) = items {
                    var subs: [Int] = []
                    for k in list.indices { subs.append(try sub(loc, "items", String(k))) }
                    applicators.append(.prefixItems(subs))
                    if o["additionalItems"] != nil {
                        applicators.append(.itemsFrom(try sub(loc, "additionalItems"), start: subs.count))
                    }
                } else {
                    applicators.append(.itemsFrom(try sub(loc, "items"), start: 0))
                }
            }
            if d >= .draft6, o["contains"] != nil {
                var minContains = 1
                var maxContains: Int? = nil
                if d >= .draft2019_09, v.contains(.validation) {
                    if let n = try count(o["minContains"], "minContains", loc) { minContains = n }
                    maxContains = try count(o["maxContains"], "maxContains", loc)
                }
                applicators.append(.contains(try sub(loc, "contains"), min: minContains, max: maxContains))
            }
        }
        if d >= .draft2019_09, v.contains(.unevaluated) || (d == .draft2019_09 && v.contains(.applicator)) {
            if o["unevaluatedProperties"] != nil {
                last.append(.unevaluatedProperties(try sub(loc, "unevaluatedProperties")))
                collectsAnnotations = true
            }
            if o["unevaluatedItems"] != nil {
                last.append(.unevaluatedItems(try sub(loc, "unevaluatedItems")))
                collectsAnnotations = true
            }
        }
        return assertions + applicators + last
    }
}
