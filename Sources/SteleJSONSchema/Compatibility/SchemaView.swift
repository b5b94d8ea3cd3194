import SteleJSON

/// One schema document indexed for the comparison walk (its `$ref`s resolve as the
/// validator's do: `$id`s, anchors, `$defs`, references supplied by the caller).
struct SchemaSide {
    var index: SchemaIndex

    init(_ document: JSONSchemaDocument) throws(JSONSchemaError) {
        index = SchemaIndex(resolver: document.resolver)
        try index.add(document.root, uri: URIReference(parsing: document.baseURI), draft: document.draft)
    }
}

/// A schema location seen by the comparison, after following `$ref`s that stand for the whole
/// schema (always in drafts 4–7, where siblings of `$ref` are ignored; in 2019-09 and later
/// when `$ref` has no validation keyword beside it).
struct SchemaView {
    /// 0: the original schema's document set; 1: the update's.
    let side: Int
    let loc: SchemaIndex.Location
    let value: JSONValue
    let draft: JSONSchemaDraft
    /// A 2019-09+ `$ref` beside validation keywords: an extra conjunct.
    var refConjunct: SchemaIndex.Location?

    var object: JSONObject? { value.objectValue }
    subscript(key: String) -> JSONValue? { object?[key] }

    var isFalse: Bool { value == .bool(false) }

    /// Accepts everything: `true`, `{}`, or only annotations.
    var isEmpty: Bool {
        switch value {
        case .bool(let b): return b
        case .object(let o): return refConjunct == nil && !o.keys.contains(where: SchemaView.validationKeywords.contains)
        default: return true
        }
    }

    var hasCombinator: Bool { self["allOf"] != nil || self["anyOf"] != nil || self["oneOf"] != nil }

    /// The validation keywords present, other than `except`.
    func validationKeywords(except: Set<String> = []) -> [String] {
        (object?.keys ?? []).filter { Self.validationKeywords.contains($0) && !except.contains($0) }
    }

    /// `anyOf`/`oneOf` as the schema's only validation keyword: (keyword, branch count).
    var onlySum: (String, Int)? {
        let kws = validationKeywords()
        guard kws.count == 1, kws[0] == "anyOf" || kws[0] == "oneOf", refConjunct == nil, case .array(let list)? = self[kws[0]] else { return nil }
        return (kws[0], list.count)
    }

    var onlyAllOf: Int? {
        let kws = validationKeywords()
        guard kws == ["allOf"], refConjunct == nil, case .array(let list)? = self["allOf"] else { return nil }
        return list.count
    }

    /// The `type` keyword as a set, else the types of `enum`/`const` values, else nil (any).
    var types: JSONTypeSet? {
        switch self["type"] {
        case .string(let s)?: return JSONTypeSet(name: s)
        case .array(let list)?:
            var set = JSONTypeSet()
            for case .string(let s) in list { set.formUnion(JSONTypeSet(name: s)) }
            return set
        default: break
        }
        if let values = enumValues {
            var set = JSONTypeSet()
            for v in values { set.formUnion(JSONTypeSet(value: v)) }
            return set
        }
        return nil
    }

    /// `enum`, or `const` as a one-value enum.
    var enumValues: [JSONValue]? {
        if case .array(let list)? = self["enum"] { return list }
        if let c = self["const"], draft >= .draft6 { return [c] }
        return nil
    }

    /// Keywords that constrain instances (everything else is an annotation or structure).
    static let validationKeywords: Set<String> = [
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "items", "prefixItems", "additionalItems", "unevaluatedItems", "contains",
        "maxContains", "minContains", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required",
        "properties", "patternProperties", "additionalProperties", "unevaluatedProperties", "dependencies",
        "dependentRequired", "dependentSchemas", "propertyNames", "not", "allOf", "anyOf", "oneOf", "if", "then", "else",
        "$ref", "$dynamicRef", "$recursiveRef",
    ]
}

/// JSON Schema's seven types as a bit set; `number` covers `integer`.
struct JSONTypeSet: OptionSet, Hashable {
    let rawValue: UInt8
    static let null = JSONTypeSet(rawValue: 1), boolean = JSONTypeSet(rawValue: 2), object = JSONTypeSet(rawValue: 4)
    static let array = JSONTypeSet(rawValue: 8), number = JSONTypeSet(rawValue: 16), integer = JSONTypeSet(rawValue: 32)
    static let string = JSONTypeSet(rawValue: 64)
    static let all: JSONTypeSet = [.null, .boolean, .object, .array, .number, .integer, .string]

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "number": self = .number
        case "integer": self = .integer
        case "string": self = .string
        default: self = []
        }
    }

    init(value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .object: self = .object
        case .array: self = .array
        case .string: self = .string
        case .int: self = .integer
        case .number(let n): self = n.isIntegral ? .integer : .number
        }
    }

    /// With `integer` added where `number` is present (what the set accepts).
    var closed: JSONTypeSet { contains(.number) ? union(.integer) : self }

    /// Every type `other` accepts is accepted here.
    func covers(_ other: JSONTypeSet) -> Bool { other.isSubset(of: closed) }

    var names: [String] {
        var n: [String] = []
        for (t, name) in [(JSONTypeSet.null, "null"), (.boolean, "boolean"), (.object, "object"), (.array, "array"), (.number, "number"), (.integer, "integer"), (.string, "string")] where contains(t) {
            n.append(name)
        }
        return n
    }
}
