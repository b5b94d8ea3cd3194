import SteleJSON

/// Runs a `BooleanPlan`: true or false, stopping at the first failure. Answers exactly as the
/// descriptive `Evaluator` does with `firstFailureOnly` (the test suite and a differential test
/// hold both to that), including its recursion limit.
struct BooleanEvaluator {
    let plan: BooleanPlan
    var depth = 0

    init(plan: BooleanPlan) { self.plan = plan }

    mutating func eval(_ n: Int32, _ instance: JSONValue) -> Bool {
        let node = plan.nodes[Int(n)]
        if node.isTrue { return true }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Evaluator.maxDepth else { return false }
        var i = Int(node.start)
        let end = Int(node.end)
        while i < end {
            if !apply(plan.ops[i], instance) { return false }
            i += 1
        }
        return true
    }

    private mutating func apply(_ op: BooleanPlan.Op, _ instance: JSONValue) -> Bool {
        switch op {
        case .never: return false
        case .type(let mask):
            switch instance {
            case .null: return mask & TypeSet.null != 0
            case .bool: return mask & TypeSet.boolean != 0
            case .object: return mask & TypeSet.object != 0
            case .array: return mask & TypeSet.array != 0
            case .string: return mask & TypeSet.string != 0
            case .int: return mask & (TypeSet.number | TypeSet.integer) != 0
            case .number(let num):
                if mask & TypeSet.number != 0 { return true }
                return mask & TypeSet.integer != 0 && num.isIntegral
            }
        case .stringIn(let table, let mask):
            guard case .string(let s) = instance else { return false }
            return Self.withBytes(s) { plan.lookup($0, table: table, mask: mask) != nil }
        case .equalsValue(let v):
            return JSONSemantics.equal(plan.values[Int(v)], instance)
        case .inValues(let start, let count):
            for k in Int(start)..<Int(start + count) where JSONSemantics.equal(plan.values[k], instance) { return true }
            return false
        case .minInt(let bound, let v, let exclusive):
            switch instance {
            case .int(let x): return exclusive ? x > bound : x >= bound
            case .number(let num):
                if let c = Self.quickCompare(num.double, bound) { return exclusive ? c > 0 : c >= 0 }
                let c = JSONSemantics.compare(instance, plan.values[Int(v)])
                return exclusive ? c > 0 : c >= 0
            default: return true
            }
        case .maxInt(let bound, let v, let exclusive):
            switch instance {
            case .int(let x): return exclusive ? x < bound : x <= bound
            case .number(let num):
                if let c = Self.quickCompare(num.double, bound) { return exclusive ? c < 0 : c <= 0 }
                let c = JSONSemantics.compare(instance, plan.values[Int(v)])
                return exclusive ? c < 0 : c <= 0
            default: return true
            }
        case .minimum(let v, let exclusive):
            guard instance.isNumber else { return true }
            let c = JSONSemantics.compare(instance, plan.values[Int(v)])
            return exclusive ? c > 0 : c >= 0
        case .maximum(let v, let exclusive):
            guard instance.isNumber else { return true }
            let c = JSONSemantics.compare(instance, plan.values[Int(v)])
            return exclusive ? c < 0 : c <= 0
        case .multipleOf(let v):
            guard instance.isNumber else { return true }
            return JSONSemantics.isMultiple(instance, of: plan.values[Int(v)])
        case .minLength(let n):
            guard case .string(let s) = instance else { return true }
            return Self.hasAtLeast(n, s)
        case .maxLength(let n):
            guard case .string(let s) = instance else { return true }
            return Self.hasAtMost(n, s)
        case .pattern(let r):
            guard case .string(let s) = instance else { return true }
            return plan.matches(r, s)
        case .format(let f):
            return f.accepts(instance)
        case .minItems(let n):
            guard case .array(let a) = instance else { return true }
            return a.count >= n
        case .maxItems(let n):
            guard case .array(let a) = instance else { return true }
            return a.count <= n
        case .uniqueItems:
            guard case .array(let a) = instance, a.count > 1 else { return true }
            var seen = Set<[UInt8]>()
            for item in a {
                var key: [UInt8] = []
                JSONSemantics.canonicalKey(item, into: &key)
                if !seen.insert(key).inserted { return false }
            }
            return true
        case .minProperties(let n):
            guard case .object(let o) = instance else { return true }
            return o.count >= n
        case .maxProperties(let n):
            guard case .object(let o) = instance else { return true }
            return o.count <= n
        case .object(let p):
            guard case .object(let o) = instance else { return true }
            return object(plan.objects[Int(p)], o)
        case .requiredNames(let k):
            guard case .object(let o) = instance else { return true }
            return plan.names[Int(k)].allSatisfy { o.contains(key: $0) }
        case .dependentRequired(let k):
            guard case .object(let o) = instance else { return true }
            for (key, names) in plan.dependencies[Int(k)] where o.contains(key: key) {
                for name in names where !o.contains(key: name) { return false }
            }
            return true
        case .ref(let target):
            return eval(target, instance)
        case .allOf(let start, let count):
            for k in Int(start)..<Int(start + count) where !eval(plan.lists[k], instance) { return false }
            return true
        case .anyOf(let start, let count):
            for k in Int(start)..<Int(start + count) where eval(plan.lists[k], instance) { return true }
            return false
        case .oneOf(let start, let count):
            var matches = 0
            for k in Int(start)..<Int(start + count) where eval(plan.lists[k], instance) {
                matches += 1
                if matches > 1 { return false }
            }
            return matches == 1
        case .not(let s):
            return !eval(s, instance)
        case .ifThenElse(let condition, let then, let otherwise):
            if eval(condition, instance) { return then < 0 || eval(then, instance) }
            return otherwise < 0 || eval(otherwise, instance)
        case .propertyNames(let s):
            guard case .object(let o) = instance else { return true }
            for m in o.members where !eval(s, .string(m.key)) { return false }
            return true
        case .dependentSchemas(let k):
            guard case .object(let o) = instance else { return true }
            for (key, s) in plan.keyed[Int(k)] where o.contains(key: key) && !eval(s, instance) { return false }
            return true
        case .items(let s, let start):
            guard case .array(let a) = instance, a.count > start else { return true }
            for i in start..<a.count where !eval(s, a[i]) { return false }
            return true
        case .prefixItems(let start, let count):
            guard case .array(let a) = instance else { return true }
            for i in 0..<min(a.count, Int(count)) where !eval(plan.lists[Int(start) + i], a[i]) { return false }
            return true
        case .stringPattern(let r):
            guard case .string(let s) = instance else { return false }
            return plan.matches(r, s)
        case .stringFormat(let f):
            guard case .string = instance else { return false }
            return f.accepts(instance)
        case .stringMinLength(let n):
            guard case .string(let s) = instance else { return false }
            return Self.hasAtLeast(n, s)
        case .stringMaxLength(let n):
            guard case .string(let s) = instance else { return false }
            return Self.hasAtMost(n, s)
        case .objectOnly(let p):
            guard case .object(let o) = instance else { return false }
            return object(plan.objects[Int(p)], o)
        case .integerIn(let lo, let hi, let low, let high):
            switch instance {
            case .int(let x): return x >= lo && x <= hi
            case .number(let num):
                guard num.isIntegral else { return false }
                return JSONSemantics.compare(instance, plan.values[Int(low)]) >= 0 && JSONSemantics.compare(instance, plan.values[Int(high)]) <= 0
            default: return false
            }
        case .contains(let s, let lo, let hi):
            guard case .array(let a) = instance else { return true }
            var count = 0
            for item in a where eval(s, item) {
                count += 1
                if hi < 0 && count >= lo { return true }
                if hi >= 0 && count > hi { return false }
            }
            return count >= lo
        }
    }

    /// One pass over the members: the key's table entry gives its `properties` subschema and its
    /// required bit; keys outside `properties` and every pattern meet `additionalProperties`.
    private mutating func object(_ p: BooleanPlan.ObjectPlan, _ o: JSONObject) -> Bool {
        var seen: UInt64 = 0
        let valid = o.members.withUnsafeBufferPointer { members in
            for i in members.indices {
                let m = members.baseAddress.unsafelyUnwrapped + i
                let slot = Self.withBytes(m.pointee.key) { plan.lookup($0, table: p.table, mask: p.mask) }
                var inProperties = false
                if let slot {
                    let e = plan.entries[slot]
                    if e.bit >= 0 { seen |= 1 << UInt64(e.bit) }
                    if e.child >= 0 {
                        inProperties = true
                        if !eval(e.child, m.pointee.value) { return false }
                    }
                }
                var matchedPattern = false
                if p.patternCount > 0 {
                    for k in Int(p.patterns)..<Int(p.patterns + p.patternCount) {
                        let entry = plan.patterns[k]
                        guard plan.matches(entry.regex, m.pointee.key) else { continue }
                        matchedPattern = true
                        if !eval(entry.child, m.pointee.value) { return false }
                    }
                }
                if !inProperties, !matchedPattern, p.additional >= 0, !eval(p.additional, m.pointee.value) { return false }
            }
            return true
        }
        return valid && seen & p.required == p.required
    }

    /// The order of `double` and `bound` when the rounding of `double` cannot change it; nil
    /// when they are too close (or `bound` too large) to tell without the exact decimal.
    @inline(__always)
    static func quickCompare(_ double: Double, _ bound: Int64) -> Int? {
        guard double.isFinite, bound.magnitude <= 1 << 53 else { return nil }
        let b = Double(bound)
        if double < b { return -1 }
        if double > b { return 1 }
        return nil
    }

    /// `minLength`/`maxLength`: code points, counted only when the UTF-8 length cannot decide.
    @inline(__always)
    static func hasAtLeast(_ n: Int, _ s: String) -> Bool { s.utf8.count >= n && Evaluator.length(s, upTo: n) >= n }

    @inline(__always)
    static func hasAtMost(_ n: Int, _ s: String) -> Bool { s.utf8.count <= n || Evaluator.length(s, upTo: n + 1) <= n }

    @inline(__always)
    static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(s.utf8).withUnsafeBufferPointer(body)
    }
}
