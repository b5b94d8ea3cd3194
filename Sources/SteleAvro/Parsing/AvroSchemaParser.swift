import SteleJSON
import SteleSchema

/// Parses Avro schema text (Avro 1.12 specification) into an `AvroSchema`.
///
/// Follows Avro Java's `Schema.Parser` where it is the reference Confluent uses (names are
/// registered before a record's fields are parsed so records may recurse; a simple name is
/// looked up in the enclosing namespace, then in the null namespace; attributes other than the
/// reserved ones become properties in source order), and is stricter where Java is silently
/// lossy: attribute values of the wrong JSON type are errors, not ignored, and defaults are
/// validated (errors in `.strict`, warnings in `.lenient`).
struct AvroSchemaParser {
    static let schemaReserved: Set<String> = ["doc", "fields", "items", "name", "namespace", "size", "symbols", "values", "type", "aliases"]
    static let enumReserved: Set<String> = schemaReserved.union(["default"])
    static let fieldReserved: Set<String> = ["default", "doc", "name", "order", "type", "aliases"]

    let options: SchemaParseOptions
    var nodes: [AvroNode] = []
    var namedTypes: [String: AvroNodeID] = [:]
    var namedTypePointers: [String: JSONPointer] = [:]
    var primitiveIDs: [AvroPrimitive: AvroNodeID] = [:]
    var warnings: [Finding] = []
    /// Fields whose defaults are checked once the whole graph exists (a default may be a
    /// value of a record that is still being parsed when the field is read).
    var fieldsWithDefaults: [(record: AvroNodeID, field: Int)] = []
    /// The document being parsed: its source map (for positions) and a label for messages.
    var sourceMap: JSONSourceMap?
    var documentLabel: String?

    init(options: SchemaParseOptions) { self.options = options }

    static func parse(_ text: String, references: [ResolvedReference], options: SchemaParseOptions) throws(SchemaError) -> AvroSchema {
        var parser = AvroSchemaParser(options: options)
        for ref in references {
            parser.documentLabel = "referenced schema \"\(ref.reference.name)\" (subject \"\(ref.reference.subject)\", version \(ref.reference.version))"
            _ = try parser.parseDocument(ref.schemaText)
        }
        let referencedNames = Set(parser.namedTypes.keys)
        parser.documentLabel = nil
        let root = try parser.parseDocument(text)
        try parser.validateDefaults()
        parser.checkInstantiable(from: root)
        return AvroSchema(
            nodes: parser.nodes, root: root, namedTypes: parser.namedTypes, referencedNames: referencedNames,
            references: references.map(\.reference), warnings: parser.warnings, sourceMap: parser.sourceMap)
    }

    // MARK: documents and errors

    mutating func parseDocument(_ text: String) throws(SchemaError) -> AvroNodeID {
        let size = text.utf8.count
        if size > options.limits.maxSchemaBytes {
            throw SchemaError(finding(AvroRules.limitExceeded, "schema text of \(size) bytes exceeds the limit of \(options.limits.maxSchemaBytes) bytes", at: .root))
        }
        let jsonOptions = JSONParser.Options(
            maxDepth: options.limits.maxJSONDepth, maxBytes: options.limits.maxSchemaBytes,
            duplicateKeys: options.strictness == .strict ? .reject : .keepLast)
        let json: JSONValue
        do {
            (json, sourceMap) = try JSONParser(options: jsonOptions).parseWithSourceMap(text)
        } catch {
            let rule = error.code == .depthLimitExceeded || error.code == .sizeLimitExceeded ? AvroRules.limitExceeded : AvroRules.invalidJSON
            var f = Finding(rule: rule, message: prefixed("invalid JSON: \(error.detail)"))
            f.range = SourceRange(start: error.position, end: error.position)
            throw SchemaError(f)
        }
        return try parseSchema(json, at: .root, namespace: nil)
    }

    func prefixed(_ message: String) -> String {
        guard let documentLabel else { return message }
        return "in \(documentLabel): \(message)"
    }

    func finding(_ rule: RuleID, _ message: String, at pointer: JSONPointer, severity: Finding.Severity = .error) -> Finding {
        Finding(rule: rule, severity: severity, message: prefixed(message), pointer: pointer, range: sourceMap?.range(of: pointer) ?? .unknown)
    }

    func fail(_ rule: RuleID, _ message: String, at pointer: JSONPointer) -> SchemaError {
        SchemaError(finding(rule, message, at: pointer))
    }

    /// Something Confluent accepts but we consider wrong: an error when strict, a warning when
    /// lenient.
    mutating func questionable(_ rule: RuleID, _ message: String, at pointer: JSONPointer) throws(SchemaError) {
        if options.strictness == .strict { throw fail(rule, message, at: pointer) }
        warnings.append(finding(rule, message, at: pointer, severity: .warning))
    }

    // MARK: nodes

    mutating func add(_ node: AvroNode) -> AvroNodeID {
        nodes.append(node)
        return AvroNodeID(nodes.count - 1)
    }

    mutating func primitive(_ p: AvroPrimitive) -> AvroNodeID {
        if let id = primitiveIDs[p] { return id }
        let id = add(.primitive(p, logicalType: nil, properties: JSONObject()))
        primitiveIDs[p] = id
        return id
    }

    // MARK: schemas

    mutating func parseSchema(_ json: JSONValue, at pointer: JSONPointer, namespace: String?) throws(SchemaError) -> AvroNodeID {
        switch json {
        case .string(let s):
            if let p = AvroPrimitive(rawValue: s) { return primitive(p) }
            return try resolveName(s, namespace: namespace, at: pointer)
        case .array(let branches):
            return try parseUnion(branches, at: pointer, namespace: namespace)
        case .object(let object):
            return try parseObjectSchema(object, at: pointer, namespace: namespace)
        default:
            throw fail(AvroRules.invalidAttribute, "a schema must be a JSON string (a type name), object or array (a union); found \(json.typeName)", at: pointer)
        }
    }

    mutating func resolveName(_ written: String, namespace: String?, at pointer: JSONPointer) throws(SchemaError) -> AvroNodeID {
        if written.contains(".") {
            if let id = namedTypes[written] { return id }
        } else {
            if let namespace, let id = namedTypes[namespace + "." + written] { return id }
            if let id = namedTypes[written] { return id }
        }
        if ["record", "error", "enum", "fixed", "array", "map"].contains(written) {
            throw fail(AvroRules.unknownType, "\"\(written)\" is a complex type: write it as an object, e.g. {\"type\": \"\(written)\", ...}", at: pointer)
        }
        let looked = written.contains(".") || namespace == nil ? "\"\(written)\"" : "\"\(namespace! + "." + written)\" or \"\(written)\""
        throw fail(
            AvroRules.undefinedName,
            "undefined name \(looked): it is not a primitive type and no named type of that name is defined before this point (named types must be defined before use, here or in a referenced schema)",
            at: pointer)
    }

    mutating func parseUnion(_ branches: [JSONValue], at pointer: JSONPointer, namespace: String?) throws(SchemaError) -> AvroNodeID {
        if branches.count > options.limits.maxUnionBranches {
            throw fail(AvroRules.limitExceeded, "union of \(branches.count) branches exceeds the limit of \(options.limits.maxUnionBranches)", at: pointer)
        }
        var ids: [AvroNodeID] = []
        ids.reserveCapacity(branches.count)
        var seen: [String: Int] = [:]
        for (i, branch) in branches.enumerated() {
            let p = pointer.appending(i)
            if case .array = branch {
                throw fail(AvroRules.nestedUnion, "a union may not directly contain another union", at: p)
            }
            let id = try parseSchema(branch, at: p, namespace: namespace)
            let key = nodes[id.index].unionBranchKey
            if let first = seen[key] {
                throw fail(
                    AvroRules.duplicateUnionBranch,
                    "union has two branches of type \"\(key)\" (branches \(first) and \(i)); a union may hold each unnamed type once and each named type once",
                    at: p)
            }
            seen[key] = i
            ids.append(id)
        }
        return add(.union(ids))
    }

    mutating func parseObjectSchema(_ o: JSONObject, at pointer: JSONPointer, namespace: String?) throws(SchemaError) -> AvroNodeID {
        guard let typeValue = o["type"] else {
            throw fail(AvroRules.missingAttribute, "schema object has no \"type\" attribute", at: pointer)
        }
        guard case .string(let type) = typeValue else {
            throw fail(
                AvroRules.invalidAttribute,
                "\"type\" of a schema object must be a string; found \(typeValue.typeName) (a nested schema belongs in a field's \"type\", an array's \"items\" or a map's \"values\")",
                at: pointer.appending("type"))
        }
        if let p = AvroPrimitive(rawValue: type) {
            let props = properties(of: o, excluding: Self.schemaReserved)
            let lt = try logicalType(props, underlying: .primitive(p, logicalType: nil, properties: props), at: pointer)
            if props.isEmpty { return primitive(p) }
            return add(.primitive(p, logicalType: lt, properties: props))
        }
        switch type {
        case "record", "error": return try parseRecord(o, isError: type == "error", at: pointer, namespace: namespace)
        case "enum": return try parseEnum(o, at: pointer, namespace: namespace)
        case "fixed": return try parseFixed(o, at: pointer, namespace: namespace)
        case "array":
            guard let items = o["items"] else { throw fail(AvroRules.missingAttribute, "array schema has no \"items\" attribute", at: pointer) }
            let itemsID = try parseSchema(items, at: pointer.appending("items"), namespace: namespace)
            return add(.array(items: itemsID, properties: properties(of: o, excluding: Self.schemaReserved)))
        case "map":
            guard let values = o["values"] else { throw fail(AvroRules.missingAttribute, "map schema has no \"values\" attribute", at: pointer) }
            let valuesID = try parseSchema(values, at: pointer.appending("values"), namespace: namespace)
            return add(.map(values: valuesID, properties: properties(of: o, excluding: Self.schemaReserved)))
        default:
            // {"type": "SomeName"} refers to a defined named type, as Avro Java allows.
            if AvroNameRules.isValidDottedName(type) {
                if type.contains(".") {
                    if let id = namedTypes[type] { return id }
                } else {
                    if let namespace, let id = namedTypes[namespace + "." + type] { return id }
                    if let id = namedTypes[type] { return id }
                }
            }
            throw fail(
                AvroRules.unknownType,
                "unknown type \"\(type)\": expected a primitive (null, boolean, int, long, float, double, bytes, string), record, error, enum, fixed, array, map, or a defined name",
                at: pointer.appending("type"))
        }
    }

    /// Every attribute not in `reserved`, in source order.
    func properties(of o: JSONObject, excluding reserved: Set<String>) -> JSONObject {
        JSONObject(uniqueMembers: o.members.filter { !reserved.contains($0.key) })
    }
}
