import SteleJSON

/// A JSON Schema compiled once into a tree of keyword checks, for drafts 4, 6, 7, 2019-09 and
/// 2020-12 (from `$schema`, else `defaultDraft`; Confluent's default is draft 7).
///
/// References resolve only through `resolver` and the bundled meta-schemas — never the network;
/// an unknown one is a compile error naming the URI. Thread-safe: validate from any thread.
public struct JSONSchemaValidator: Sendable {
    public struct Options: Sendable {
        public var defaultDraft: JSONSchemaDraft
        public var resolver: (any JSONSchemaResolver)?
        /// Check `format` (otherwise an annotation only, as the specification says).
        public var formatAssertion: Bool
        /// The schema's own URI when it has no `$id` (relative references resolve against it).
        public var baseURI: String

        public init(defaultDraft: JSONSchemaDraft = .draft7, resolver: (any JSONSchemaResolver)? = nil, formatAssertion: Bool = false, baseURI: String = "urn:stele:schema") {
            self.defaultDraft = defaultDraft
            self.resolver = resolver
            self.formatAssertion = formatAssertion
            self.baseURI = baseURI
        }
    }

    /// One failure: where in the instance, which keyword (a pointer into the schema), and why.
    public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
        public let instanceLocation: String
        public let keywordLocation: String
        public let message: String
        public var description: String { "\(instanceLocation.isEmpty ? "/" : instanceLocation): \(message) (\(keywordLocation))" }
    }

    public let schema: JSONValue
    public let draft: JSONSchemaDraft
    let program: CompiledProgram
    /// The boolean fast path, when the schema needs no dynamic scope or annotations.
    let plan: BooleanPlan?

    public init(schema: JSONValue, options: Options = Options()) throws(JSONSchemaError) {
        self.schema = schema
        var draft = options.defaultDraft
        if case .object(let o) = schema, case .string(let s)? = o["$schema"], let d = JSONSchemaDraft(metaSchemaURI: s) { draft = d }
        self.draft = draft
        var index = SchemaIndex(resolver: options.resolver)
        try index.add(schema, uri: URIReference(parsing: options.baseURI), draft: draft)
        var compiler = SchemaCompiler(index: index, formatAssertion: options.formatAssertion)
        let root = try compiler.node(for: SchemaIndex.Location(doc: 0, pointer: []))
        program = try compiler.finish(root: root)
        plan = BooleanPlan(program)
    }

    public init(parsing text: String, options: Options = Options()) throws(JSONSchemaError) {
        let value: JSONValue
        do { value = try JSONParser().parse(text) } catch { throw JSONSchemaError(.invalidJSON, error.description) }
        try self.init(schema: value, options: options)
    }

    /// Whether `instance` is valid (stops at the first failure: the serializer's fast path).
    public func isValid(_ instance: JSONValue) -> Bool {
        if let plan {
            var b = BooleanEvaluator(plan: plan)
            return b.eval(plan.root, instance)
        }
        return isValidDescriptively(instance)
    }

    /// The descriptive evaluator's answer alone (tests compare it with the fast path).
    func isValidDescriptively(_ instance: JSONValue) -> Bool {
        var e = Evaluator(program: program, firstFailureOnly: true)
        var ann = Annotations()
        return e.eval(program.root, instance, &ann)
    }

    /// Every failure, each with its instance location, keyword location and message; empty when
    /// the instance is valid.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        if plan != nil, isValid(instance) { return [] }
        var e = Evaluator(program: program, firstFailureOnly: false)
        var ann = Annotations()
        if e.eval(program.root, instance, &ann) { return [] }
        return e.errors.isEmpty ? [ValidationError(instanceLocation: "", keywordLocation: "#", message: "invalid")] : e.errors
    }

    /// The first failure only, or nil when valid.
    public func firstError(_ instance: JSONValue) -> ValidationError? {
        if plan != nil, isValid(instance) { return nil }
        var e = Evaluator(program: program, firstFailureOnly: true)
        var ann = Annotations()
        if e.eval(program.root, instance, &ann) { return nil }
        return e.errors.first ?? ValidationError(instanceLocation: "", keywordLocation: "#", message: "invalid")
    }
}
