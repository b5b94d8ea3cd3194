import SteleJSON

/// What a valid subschema has evaluated of its instance (for `unevaluatedProperties` and
/// `unevaluatedItems`).
struct Annotations {
    var properties: Set<String> = []
    var allProperties = false
    var itemPrefix = 0
    var allItems = false
    var itemIndexes: Set<Int> = []

    mutating func merge(_ o: Annotations) {
        if o.allProperties { allProperties = true } else if !o.properties.isEmpty { properties.formUnion(o.properties) }
        itemPrefix = max(itemPrefix, o.itemPrefix)
        if o.allItems { allItems = true }
        if !o.itemIndexes.isEmpty { itemIndexes.formUnion(o.itemIndexes) }
    }
}

/// One validation run: the dynamic scope, the errors so far, the instance path.
struct Evaluator {
    let program: CompiledProgram
    let collect: Bool
    let firstFailureOnly: Bool
    var errors: [JSONSchemaValidator.ValidationError] = []
    var scope: [Int] = []
    var depth = 0
    var instancePath: [String] = []
    static let maxDepth = 400

    init(program: CompiledProgram, firstFailureOnly: Bool) {
        self.program = program
        self.collect = program.collectsAnnotations
        self.firstFailureOnly = firstFailureOnly
    }

    private mutating func report(_ node: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String) {
        if firstFailureOnly && !errors.isEmpty { return }
        errors.append(.init(
            instanceLocation: JSONPointer(tokens: instancePath).description,
            keywordLocation: node.location + (node.location.hasSuffix("/") ? "" : "/") + keyword,
            message: message()))
    }

    /// Evaluates node `n` on `instance`; on success its annotations are merged into `ann`.
    mutating func eval(_ n: Int, _ instance: JSONValue, _ ann: inout Annotations) -> Bool {
        let node = program.nodes[n]
        if let always = node.always {
            if !always { report(node, "", "no value is allowed here (false schema)") }
            return always
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            report(node, "$ref", "schema recursion deeper than \(Self.maxDepth) levels (a $ref cycle that never reaches the instance?)")
            return false
        }
        let pushed = scope.last != node.resource
        if pushed { scope.append(node.resource) }
        defer { if pushed { scope.removeLast() } }

        var local = Annotations()
        var valid = true
        for check in node.checks {
            if !apply(check, node, instance, &local) {
                valid = false
                if firstFailureOnly { return false }
            }
        }
        if valid && collect { ann.merge(local) }
        return valid
    }

    /// Evaluates a child instance (a property value or an item): its annotations stay its own.
    private mutating func evalChild(_ n: Int, _ instance: JSONValue, _ token: String) -> Bool {
        if !firstFailureOnly { instancePath.append(token) }
        defer { if !firstFailureOnly { instancePath.removeLast() } }
        var discard = Annotations()
        return eval(n, instance, &discard)
    }

    private mutating func apply(_ check: Check, _ node: SchemaNode, _ instance: JSONValue, _ ann: inout Annotations) -> Bool {
        switch check {
        case .type(let mask, let names):
            let kind: Int
            switch instance {
            case .null: kind = TypeSet.null
            case .bool: kind = TypeSet.boolean
            case .object: kind = TypeSet.object
            case .array: kind = TypeSet.array
            case .string: kind = TypeSet.string
            case .int: kind = TypeSet.number | TypeSet.integer
            case .number(let num): kind = TypeSet.number | (num.isIntegral ? TypeSet.integer : 0)
            }
            if mask & kind != 0 { return true }
            report(node, "type", "\(instance.typeName) is not of type \(names.count == 1 ? names[0] : names.description)")
            return false
        case .enumeration(let values):
            if values.contains(where: { JSONSemantics.equal($0, instance) }) { return true }
            report(node, "enum", "value is not one of the \(values.count) allowed values")
            return false
        case .const(let c):
            if JSONSemantics.equal(c, instance) { return true }
            report(node, "const", "value is not the constant the schema requires")
            return false
        case .minimum(let bound):
            guard instance.isNumber else { return true }
            let c = JSONSemantics.compare(instance, bound.value)
            if bound.exclusive ? c > 0 : c >= 0 { return true }
            report(node, bound.exclusive ? "exclusiveMinimum" : "minimum", "\(Self.text(instance)) is less than \(bound.exclusive ? "or equal to " : "")\(Self.text(bound.value))")
            return false
        case .maximum(let bound):
            guard instance.isNumber else { return true }
            let c = JSONSemantics.compare(instance, bound.value)
            if bound.exclusive ? c < 0 : c <= 0 { return true }
            report(node, bound.exclusive ? "exclusiveMaximum" : "maximum", "\(Self.text(instance)) is greater than \(bound.exclusive ? "or equal to " : "")\(Self.text(bound.value))")
            return false
        case .multipleOf(let d):
            guard instance.isNumber else { return true }
            if JSONSemantics.isMultiple(instance, of: d) { return true }
            report(node, "multipleOf", "\(Self.text(instance)) is not a multiple of \(Self.text(d))")
            return false
        case .minLength(let n):
            guard case .string(let s) = instance else { return true }
            if s.utf8.count >= n && Self.length(s, upTo: n) >= n { return true }
            report(node, "minLength", "string is shorter than \(n) characters")
            return false
        case .maxLength(let n):
            guard case .string(let s) = instance else { return true }
            if s.utf8.count <= n || Self.length(s, upTo: n + 1) <= n { return true }
            report(node, "maxLength", "string is longer than \(n) characters")
            return false
        case .pattern(let re):
            guard case .string(let s) = instance else { return true }
            do {
                if try re.matches(s) { return true }
                report(node, "pattern", "string does not match /\(re.source)/")
            } catch {
                report(node, "pattern", error.description)
            }
            return false
        case .format(let f):
            if f.accepts(instance) { return true }
            report(node, "format", "string is not a valid \(f.rawValue)")
            return false
        case .minItems(let n):
            guard case .array(let a) = instance else { return true }
            if a.count >= n { return true }
            report(node, "minItems", "array has \(a.count) items, fewer than \(n)")
            return false
        case .maxItems(let n):
            guard case .array(let a) = instance else { return true }
            if a.count <= n { return true }
            report(node, "maxItems", "array has \(a.count) items, more than \(n)")
            return false
        case .uniqueItems:
            guard case .array(let a) = instance, a.count > 1 else { return true }
            var seen = Set<[UInt8]>()
            for (i, item) in a.enumerated() {
                var key: [UInt8] = []
                JSONSemantics.canonicalKey(item, into: &key)
                if !seen.insert(key).inserted {
                    report(node, "uniqueItems", "item \(i) repeats an earlier item")
                    return false
                }
            }
            return true
        case .minProperties(let n):
            guard case .object(let o) = instance else { return true }
            if o.count >= n { return true }
            report(node, "minProperties", "object has \(o.count) properties, fewer than \(n)")
            return false
        case .maxProperties(let n):
            guard case .object(let o) = instance else { return true }
            if o.count <= n { return true }
            report(node, "maxProperties", "object has \(o.count) properties, more than \(n)")
            return false
        case .required(let names):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for name in names where !o.contains(key: name) {
                report(node, "required", "required property \"\(name)\" is missing")
                ok = false
                if firstFailureOnly { return false }
            }
            return ok
        case .dependentRequired(let deps):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (key, names) in deps where o.contains(key: key) {
                for name in names where !o.contains(key: name) {
                    report(node, "dependentRequired", "property \"\(name)\" is required when \"\(key)\" is present")
                    ok = false
                    if firstFailureOnly { return false }
                }
            }
            return ok
        case .ref(let target):
            return eval(target, instance, &ann)
        case .dynamicRef(let fallback, let anchor):
            var target = fallback
            for r in scope where r < program.dynamicAnchors.count {
                if let t = program.dynamicAnchors[r][anchor] { target = t; break }
            }
            return eval(target, instance, &ann)
        case .recursiveRef(let fallback):
            var target = fallback
            let fr = program.nodes[fallback].resource
            if fr < program.recursiveRoots.count, program.recursiveRoots[fr] == fallback {
                for r in scope where r < program.recursiveRoots.count {
                    if let t = program.recursiveRoots[r] { target = t; break }
                }
            }
            return eval(target, instance, &ann)
        case .allOf(let subs):
            var ok = true
            for s in subs where !eval(s, instance, &ann) {
                ok = false
                if firstFailureOnly { return false }
            }
            if !ok { report(node, "allOf", "value does not match all of the allOf schemas") }
            return ok
        case .anyOf(let subs):
            let mark = errors.count
            var ok = false
            for s in subs {
                if eval(s, instance, &ann) {
                    ok = true
                    if !collect { break }
                }
            }
            if ok { errors.removeSubrange(mark...) } else { report(node, "anyOf", "value matches none of the anyOf schemas") }
            return ok
        case .oneOf(let subs):
            let mark = errors.count
            var matches = 0
            var matched = Annotations()
            for s in subs {
                var branch = Annotations()
                if eval(s, instance, &branch) {
                    matches += 1
                    matched = branch
                    if matches > 1 { break }
                }
            }
            if matches == 1 {
                errors.removeSubrange(mark...)
                ann.merge(matched)
                return true
            }
            if matches > 1 { errors.removeSubrange(mark...) }
            report(node, "oneOf", matches == 0 ? "value matches none of the oneOf schemas" : "value matches more than one of the oneOf schemas")
            return false
        case .not(let s):
            let mark = errors.count
            var discard = Annotations()
            let inner = eval(s, instance, &discard)
            errors.removeSubrange(mark...)
            if !inner { return true }
            report(node, "not", "value matches the schema in not")
            return false
        case .ifThenElse(let ifNode, let thenNode, let elseNode):
            let mark = errors.count
            var condition = Annotations()
            let holds = eval(ifNode, instance, &condition)
            errors.removeSubrange(mark...)
            if holds {
                ann.merge(condition)
                if let thenNode { return eval(thenNode, instance, &ann) }
            } else if let elseNode {
                return eval(elseNode, instance, &ann)
            }
            return true
        case .properties(let map):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for m in o {
                guard let s = map[m.key] else { continue }
                if collect { ann.properties.insert(m.key) }
                if !evalChild(s, m.value, m.key) {
                    ok = false
                    if firstFailureOnly { return false }
                }
            }
            return ok
        case .patternProperties(let list):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for m in o {
                for (re, s) in list where (try? re.matches(m.key)) == true {
                    if collect { ann.properties.insert(m.key) }
                    if !evalChild(s, m.value, m.key) {
                        ok = false
                        if firstFailureOnly { return false }
                    }
                }
            }
            return ok
        case .additionalProperties(let s, let names, let patterns):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for m in o where !names.contains(m.key) && !patterns.contains(where: { (try? $0.matches(m.key)) == true }) {
                if collect { ann.properties.insert(m.key) }
                if !evalChild(s, m.value, m.key) {
                    if program.nodes[s].always == false { report(node, "additionalProperties", "property \"\(m.key)\" is not allowed") }
                    ok = false
                    if firstFailureOnly { return false }
                }
            }
            return ok
        case .propertyNames(let s):
            guard case .object(let o) = instance else { return true }
            for m in o where !evalChild(s, .string(m.key), m.key) {
                report(node, "propertyNames", "property name \"\(m.key)\" is not valid")
                return false
            }
            return true
        case .dependentSchemas(let list):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (key, s) in list where o.contains(key: key) {
                if !eval(s, instance, &ann) {
                    ok = false
                    if firstFailureOnly { return false }
                }
            }
            return ok
        case .itemsFrom(let s, let start):
            guard case .array(let a) = instance else { return true }
            var ok = true
            if a.count > start {
                for i in start..<a.count where !evalChild(s, a[i], String(i)) {
                    ok = false
                    if firstFailureOnly { return false }
                }
                if collect { ann.allItems = true }
            }
            return ok
        case .prefixItems(let subs):
            guard case .array(let a) = instance else { return true }
            var ok = true
            let n = min(a.count, subs.count)
            for i in 0..<n where !evalChild(subs[i], a[i], String(i)) {
                ok = false
                if firstFailureOnly { return false }
            }
            if collect { ann.itemPrefix = max(ann.itemPrefix, n) }
            return ok
        case .contains(let s, let minCount, let maxCount):
            guard case .array(let a) = instance else { return true }
            let mark = errors.count
            var count = 0
            for (i, item) in a.enumerated() {
                if evalChild(s, item, String(i)) {
                    count += 1
                    if collect { ann.itemIndexes.insert(i) }
                    if !collect && maxCount == nil && count >= minCount { break }
                }
            }
            errors.removeSubrange(mark...)
            if count < minCount {
                report(node, minCount == 1 ? "contains" : "minContains", "array contains \(count) matching items, fewer than \(minCount)")
                return false
            }
            if let maxCount, count > maxCount {
                report(node, "maxContains", "array contains \(count) matching items, more than \(maxCount)")
                return false
            }
            return true
        case .unevaluatedProperties(let s):
            guard case .object(let o) = instance else { return true }
            if ann.allProperties { return true }
            var ok = true
            for m in o where !ann.properties.contains(m.key) {
                if !evalChild(s, m.value, m.key) {
                    if program.nodes[s].always == false { report(node, "unevaluatedProperties", "property \"\(m.key)\" is not evaluated by any keyword and not allowed") }
                    ok = false
                    if firstFailureOnly { return false }
                }
            }
            if ok { ann.allProperties = true }
            return ok
        case .unevaluatedItems(let s):
            guard case .array(let a) = instance else { return true }
            if ann.allItems { return true }
            var ok = true
            for i in ann.itemPrefix..<max(ann.itemPrefix, a.count) where !ann.itemIndexes.contains(i) {
                if !evalChild(s, a[i], String(i)) {
                    if program.nodes[s].always == false { report(node, "unevaluatedItems", "item \(i) is not evaluated by any keyword and not allowed") }
                    ok = false
                    if firstFailureOnly { return false }
                }
            }
            if ok { ann.allItems = true }
            return ok
        }
    }

    /// Code points in `s`, counting no further than `limit`.
    static func length(_ s: String, upTo limit: Int) -> Int {
        var n = 0
        for _ in s.unicodeScalars {
            n += 1
            if n >= limit { return n }
        }
        return n
    }

    static func text(_ v: JSONValue) -> String {
        switch v {
        case .int(let i): return String(i)
        case .number(let n): return n.text
        default: return v.typeName
        }
    }
}
