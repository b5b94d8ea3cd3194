import SteleJSON

/// One compiled subschema: its checks, in an order that puts cheap assertions first and the
/// `unevaluated*` keywords last (they need their siblings' annotations).
struct SchemaNode: Sendable {
    /// A boolean schema (`true`/`false`), or nil for an object schema.
    var always: Bool?
    var checks: [Check] = []
    /// Index of the schema resource the node belongs to (for the dynamic scope).
    var resource: Int = 0
    /// Where the subschema is, for error messages ("#/properties/items/items").
    var location: String = ""
}

enum TypeSet: Sendable {
    static let null = 1, boolean = 2, object = 4, array = 8, number = 16, string = 32, integer = 64
}

struct NumberBound: Sendable {
    let value: JSONValue
    let exclusive: Bool
}

enum Check: Sendable {
    case type(Int, names: [String])
    case enumeration([JSONValue])
    case const(JSONValue)
    case minimum(NumberBound), maximum(NumberBound)
    case multipleOf(JSONValue)
    case minLength(Int), maxLength(Int)
    case pattern(ECMARegex)
    case format(JSONFormat)
    case minItems(Int), maxItems(Int), uniqueItems
    case minProperties(Int), maxProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])])
    // Applicators (node indexes).
    case ref(Int)
    case dynamicRef(fallback: Int, anchor: String)
    case recursiveRef(fallback: Int)
    case allOf([Int]), anyOf([Int]), oneOf([Int])
    case not(Int)
    case ifThenElse(if: Int, then: Int?, else: Int?)
    case properties([String: Int])
    case patternProperties([(ECMARegex, Int)])
    case additionalProperties(Int, properties: Set<String>, patterns: [ECMARegex])
    case propertyNames(Int)
    case dependentSchemas([(String, Int)])
    /// Schema for items from `start` on (items schema, 2020-12 `items`, `additionalItems`).
    case itemsFrom(Int, start: Int)
    case prefixItems([Int])
    case contains(Int, min: Int, max: Int?)
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)

    var keyword: String {
        switch self {
        case .type: return "type"
        case .enumeration: return "enum"
        case .const: return "const"
        case .minimum(let b): return b.exclusive ? "exclusiveMinimum" : "minimum"
        case .maximum(let b): return b.exclusive ? "exclusiveMaximum" : "maximum"
        case .multipleOf: return "multipleOf"
        case .minLength: return "minLength"
        case .maxLength: return "maxLength"
        case .pattern: return "pattern"
        case .format: return "format"
        case .minItems: return "minItems"
        case .maxItems: return "maxItems"
        case .uniqueItems: return "uniqueItems"
        case .minProperties: return "minProperties"
        case .maxProperties: return "maxProperties"
        case .required: return "required"
        case .dependentRequired: return "dependentRequired"
        case .ref: return "$ref"
        case .dynamicRef: return "$dynamicRef"
        case .recursiveRef: return "$recursiveRef"
        case .allOf: return "allOf"
        case .anyOf: return "anyOf"
        case .oneOf: return "oneOf"
        case .not: return "not"
        case .ifThenElse: return "if"
        case .properties: return "properties"
        case .patternProperties: return "patternProperties"
        case .additionalProperties: return "additionalProperties"
        case .propertyNames: return "propertyNames"
        case .dependentSchemas: return "dependentSchemas"
        case .itemsFrom: return "items"
        case .prefixItems: return "prefixItems"
        case .contains: return "contains"
        case .unevaluatedProperties: return "unevaluatedProperties"
        case .unevaluatedItems: return "unevaluatedItems"
        }
    }
}

/// The compiled program: nodes by index, the root, and per resource its dynamic anchors.
struct CompiledProgram: Sendable {
    var nodes: [SchemaNode]
    let root: Int
    /// Per resource index: `$dynamicAnchor` name → node.
    var dynamicAnchors: [[String: Int]]
    /// Per resource index: whether its root has `$recursiveAnchor: true`, and that root node.
    var recursiveRoots: [Int?]
    /// Whether any node uses `unevaluated*` (only then are annotations collected).
    var collectsAnnotations: Bool
}
