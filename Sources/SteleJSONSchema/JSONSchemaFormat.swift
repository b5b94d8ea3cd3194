import SteleJSON
import SteleSchema

/// A parsed, compiled JSON Schema as the registry and the CLI hold it: the JSON value with
/// its source map, its draft, the references it was parsed with, and its validator.
public struct JSONSchemaDocument: ParsedSchema {
    public var schemaType: SchemaType { .json }
    public let root: JSONValue
    public let sourceMap: JSONSourceMap?
    public let draft: JSONSchemaDraft
    public let references: [SchemaReference]
    public let warnings: [Finding]
    /// A label for messages (a file name), when the schema came from one.
    public var name: String?
    /// Compiled once; validates documents.
    public let validator: JSONSchemaValidator
    let resolver: ReferenceDocuments
    let baseURI: String

    /// Jackson's compact serialization of the parsed JSON, key order kept (Confluent's
    /// canonical string for JSON Schema, §4.1).
    public var canonicalText: String { JSONWriter.compact(root) }
    /// `normalize=true`: keys sorted.
    public var normalizedText: String { JSONWriter.canonical(root) }
    public var fingerprintText: String { canonicalText }
}

/// JSON Schema as a `SchemaFormat`. A schema is accepted when it is JSON whose root is an
/// object or a boolean, it is valid against its draft's meta-schema (strict parsing; lenient
/// parsing reports that as warnings), and it compiles: every `$ref` resolves through the given
/// references or the bundled meta-schemas, every pattern is a valid ECMA-262 expression.
public struct JSONSchemaFormat: SchemaFormat {
    /// The base URI of a schema without `$id`: hierarchical, so a reference named `other.json`
    /// resolves to `stele:///other.json`, where the reference is registered.
    public static let defaultBase = "stele:///schema.json"

    public var defaultDraft: JSONSchemaDraft

    public init(defaultDraft: JSONSchemaDraft = .draft7) { self.defaultDraft = defaultDraft }
    public var schemaType: SchemaType { .json }

    public func parse(_ text: String, references: [ResolvedReference] = [], options: SchemaParseOptions = .strict) throws(SchemaError) -> JSONSchemaDocument {
        let limits = options.limits
        if text.utf8.count > limits.maxSchemaBytes {
            throw SchemaError(Finding(rule: RuleID(JSONSchemaError.Code.limitExceeded.rawValue), message: "schema text of \(text.utf8.count) bytes exceeds the limit of \(limits.maxSchemaBytes) bytes"))
        }
        let parser = JSONParser(options: .init(maxDepth: limits.maxJSONDepth, maxBytes: limits.maxSchemaBytes,
                                               duplicateKeys: options.strictness == .strict ? .reject : .keepLast))
        let root: JSONValue, map: JSONSourceMap
        do { (root, map) = try parser.parseWithSourceMap(text) } catch {
            throw SchemaError(Finding(rule: RuleID(JSONSchemaError.Code.invalidJSON.rawValue), message: "invalid JSON: \(error.detail)",
                                      range: SourceRange(start: error.position, end: error.position)))
        }
        var documents = ReferenceDocuments()
        for ref in references {
            let value: JSONValue
            do { value = try parser.parse(ref.schemaText) } catch {
                throw SchemaError(Finding(rule: RuleID(JSONSchemaError.Code.invalidJSON.rawValue), message: "reference \(ref.reference.name): invalid JSON: \(error.detail)"))
            }
            documents.add(name: ref.reference.name, value, base: Self.defaultBase)
        }
        return try document(root, sourceMap: map, references: references.map(\.reference), resolver: documents, options: options)
    }

    /// A schema already parsed as JSON (no source positions).
    public func document(_ root: JSONValue, sourceMap: JSONSourceMap? = nil, references: [SchemaReference] = [], resolver: ReferenceDocuments = ReferenceDocuments(), options: SchemaParseOptions = .strict) throws(SchemaError) -> JSONSchemaDocument {
        func finding(_ code: String, _ message: String, _ pointer: JSONPointer = .root) -> Finding {
            Finding(rule: RuleID(code), message: message, pointer: pointer, range: sourceMap?.range(of: pointer) ?? .unknown)
        }
        switch root {
        case .object, .bool: break
        default: throw SchemaError(finding(JSONSchemaError.Code.invalidSchema.rawValue, "the root of a JSON Schema must be an object or a boolean, not \(root.typeName)"))
        }
        var draft = defaultDraft
        if case .object(let o) = root, case .string(let s)? = o["$schema"], let d = JSONSchemaDraft(metaSchemaURI: s) { draft = d }
        var warnings: [Finding] = []
        // The most precise meta-schema error (deepest in the schema); the evaluator's own depth
        // bound is not the schema's fault (the compiler below still bounds it).
        let metaErrors = MetaSchemaValidators.validator(for: draft)?.validate(root).filter { !$0.message.hasPrefix("schema recursion deeper") } ?? []
        if let problem = metaErrors.max(by: { $0.instanceLocation.count < $1.instanceLocation.count }) {
            let pointer = JSONPointer(parsing: problem.instanceLocation) ?? .root
            let f = finding("JSON_INVALID_SCHEMA", "not a valid draft \(draft.rawValue) schema: \(problem.message) (meta-schema keyword \(problem.keywordLocation))", pointer)
            if options.strictness == .strict { throw SchemaError(f) }
            var w = f
            w.severity = .warning
            warnings.append(w)
        }
        let validator: JSONSchemaValidator
        do {
            validator = try JSONSchemaValidator(schema: root, options: .init(defaultDraft: draft, resolver: resolver, baseURI: Self.defaultBase))
        } catch {
            let pointer = error.pointer.flatMap { JSONPointer(parsing: $0) } ?? .root
            throw SchemaError(finding(error.code.rawValue, error.message, pointer))
        }
        return JSONSchemaDocument(root: root, sourceMap: sourceMap, draft: draft, references: references, warnings: warnings,
                                  name: nil, validator: validator, resolver: resolver, baseURI: Self.defaultBase)
    }
}

/// Referenced schemas by the name the referring schema uses in `$ref` (a URI, relative or
/// absolute). A `$ref` resolved against a schema's `$id` still finds a reference registered by
/// its bare name: the last path segments are matched when the full URI is not known.
public struct ReferenceDocuments: JSONSchemaResolver, Equatable {
    private var byURI: [String: JSONValue] = [:]
    private var byName: [Named] = []

    struct Named: Equatable, Sendable {
        let name: String
        let value: JSONValue
    }

    public init() {}

    public static func == (a: ReferenceDocuments, b: ReferenceDocuments) -> Bool { a.byName == b.byName }

    public mutating func add(name: String, _ value: JSONValue, base: String = JSONSchemaFormat.defaultBase) {
        byURI[name] = value
        byURI[URIReference(parsing: base).resolving(name).withoutFragment.description] = value
        byName.append(Named(name: name, value: value))
    }

    public func document(at uri: String) -> JSONValue? {
        var u = uri
        while u.hasSuffix("#") { u.removeLast() }
        if let d = byURI[u] { return d }
        for n in byName where u.hasSuffix("/" + n.name) { return n.value }
        return nil
    }
}

/// One compiled validator per draft for the official meta-schemas, built on first use.
enum MetaSchemaValidators {
    private static let validators: [JSONSchemaDraft: JSONSchemaValidator] = {
        var v: [JSONSchemaDraft: JSONSchemaValidator] = [:]
        for draft in [JSONSchemaDraft.draft4, .draft6, .draft7, .draft2019_09, .draft2020_12] {
            guard let doc = MetaSchemas.document(at: draft.metaSchemaURI) else { continue }
            v[draft] = try? JSONSchemaValidator(schema: doc, options: .init(defaultDraft: draft, baseURI: draft.metaSchemaURI))
        }
        return v
    }()

    static func validator(for draft: JSONSchemaDraft) -> JSONSchemaValidator? { validators[draft] }
}
