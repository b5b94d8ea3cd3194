import SteleJSON

/// Objects: property counts, `required`, properties judged by the content model (open,
/// closed, partially open: reference §4.4), additional/unevaluated/pattern properties,
/// `propertyNames`, dependencies.
extension JSONSchemaDiffer {
    enum ContentModel { case open, closed, partial }

    /// Open: any extra property allowed; closed: none; partially open: extra properties must
    /// match `additionalProperties`, `patternProperties` or `unevaluatedProperties`.
    mutating func propertyModel(_ v: SchemaView) -> ContentModel {
        if case .object(let pp)? = v["patternProperties"], !pp.isEmpty { return .partial }
        for keyword in ["additionalProperties", "unevaluatedProperties"] {
            guard let s = childIfPresent(v, keyword) else { continue }
            if s.isFalse { return .closed }
            if !s.isEmpty { return .partial }
        }
        return .open
    }

    /// The schema a partially open model gives the property `key`: the first matching pattern,
    /// else the additional (or unevaluated) properties schema.
    mutating func schemaFromPartialModel(_ v: SchemaView, _ key: String) -> SchemaView? {
        if case .object(let pp)? = v["patternProperties"] {
            for m in pp {
                if let re = try? ECMARegex(m.key), (try? re.matches(key)) == true { return child(v, "patternProperties", m.key) }
            }
        }
        for keyword in ["additionalProperties", "unevaluatedProperties"] {
            if let s = childIfPresent(v, keyword), !s.isFalse, !s.isEmpty { return s }
        }
        return nil
    }

    func required(_ v: SchemaView) -> [String] {
        guard case .array(let list)? = v["required"] else { return [] }
        return list.compactMap(\.stringValue)
    }

    func propertyNames(_ v: SchemaView) -> [String] {
        guard case .object(let props)? = v["properties"] else { return [] }
        return props.keys
    }

    mutating func compareObject(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        compareBound("maxProperties", o["maxProperties"], u["maxProperties"], .init(added: .maxPropertiesAdded, removed: .maxPropertiesRemoved, increased: .maxPropertiesIncreased, decreased: .maxPropertiesDecreased), &d)
        compareBound("minProperties", o["minProperties"], u["minProperties"], .init(added: .minPropertiesAdded, removed: .minPropertiesRemoved, increased: .minPropertiesIncreased, decreased: .minPropertiesDecreased), &d)
        compareRequired(o, u, &d)
        compareProperties(o, u, &d)
        compareAdditional("additionalProperties", o, u, &d, types: (.additionalPropertiesAdded, .additionalPropertiesRemoved, .additionalPropertiesExtended, .additionalPropertiesNarrowed))
        compareAdditional("unevaluatedProperties", o, u, &d, types: (.unevaluatedPropertiesAdded, .unevaluatedPropertiesRemoved, .unevaluatedPropertiesExtended, .unevaluatedPropertiesNarrowed))
        comparePatternProperties(o, u, &d)
        compareOptional(childIfPresent(o, "propertyNames"), childIfPresent(u, "propertyNames"), at: ["propertyNames"], &d)
        compareDependencies(o, u, &d)
    }

    /// Confluent compares `required` only for properties both schemas define (its
    /// `compareRequired`); a property new in `properties` is judged with it there. A name made
    /// required that the update does not define is Stele's own, always-compatible difference,
    /// so a witness can show what it rejects.
    private mutating func compareRequired(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = required(o), b = required(u)
        let definedA = Set(propertyNames(o)), definedB = Set(propertyNames(u))
        for key in a where !b.contains(key) && definedA.contains(key) && definedB.contains(key) {
            d.add(.requiredAttributeRemoved, ["required", key])
        }
        for key in b where !a.contains(key) {
            if definedA.contains(key) && definedB.contains(key) {
                let hasDefault = child(u, "properties", key)["default"] != nil
                d.add(hasDefault ? .requiredAttributeWithDefaultAdded : .requiredAttributeAdded, ["required", key])
            } else if !definedB.contains(key) {
                d.add(.requiredAttributeAddedForUndefinedProperty, ["required", key])
            }
        }
    }

    private mutating func compareProperties(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = propertyNames(o), b = propertyNames(u)
        var keys = a
        for k in b where !a.contains(k) { keys.append(k) }
        let requiredInUpdate = Set(required(u))
        for key in keys {
            let path = ["properties", key]
            let inOriginal = a.contains(key), inUpdate = b.contains(key)
            if inOriginal && inUpdate {
                d.append(compare(child(o, "properties", key), child(u, "properties", key)), under: path)
            } else if inOriginal {
                let old = child(o, "properties", key)
                let model = propertyModel(u)
                if model == .open {
                    d.add(.propertyRemovedFromOpenContentModel, path)
                } else if model == .partial, let covering = schemaFromPartialModel(u, key) {
                    judgeCoverage(compare(old, covering), path, .propertyRemovedIsCoveredByPartiallyOpenContentModel, .propertyRemovedNotCoveredByPartiallyOpenContentModel, &d)
                } else {
                    d.add(old.isFalse ? .propertyWithFalseRemovedFromClosedContentModel : .propertyRemovedFromClosedContentModel, path)
                }
            } else {
                let new = child(u, "properties", key)
                let isRequired = requiredInUpdate.contains(key), hasDefault = new["default"] != nil
                let model = propertyModel(o)
                if model == .open {
                    if new.isEmpty { d.add(.propertyWithEmptySchemaAddedToOpenContentModel, path) }
                    else if isRequired { d.add(hasDefault ? .requiredPropertyWithDefaultAddedToOpenContentModel : .requiredPropertyAddedToOpenContentModel, path) }
                    else { d.add(.optionalPropertyAddedToOpenContentModel, path) }
                } else {
                    // Closed or partially open: coverage first, then (for both, as Confluent
                    // does) whether the update requires it.
                    if model == .partial, let covering = schemaFromPartialModel(o, key) {
                        judgeCoverage(compare(covering, new), path, .propertyAddedIsCoveredByPartiallyOpenContentModel, .propertyAddedNotCoveredByPartiallyOpenContentModel, &d)
                    }
                    if isRequired {
                        d.add(hasDefault ? .requiredPropertyWithDefaultAddedToUnopenContentModel : .requiredPropertyAddedToUnopenContentModel, path)
                    } else {
                        d.add(.optionalPropertyAddedToUnopenContentModel, path)
                    }
                }
            }
        }
    }

    /// A property or item judged by a partially open model's schema: its own differences, then
    /// whether the model's schema covers it.
    func judgeCoverage(_ sub: [JSONDifference], _ path: [String], _ covered: JSONDifferenceType, _ notCovered: JSONDifferenceType, _ d: inout Diffs) {
        d.append(sub, under: path)
        d.add(isCompatible(sub) ? covered : notCovered, path)
    }

    /// `additionalProperties`/`unevaluatedProperties` (and items alike), as Confluent names the
    /// changes: whether extra members are permitted at all (ADDED: now permitted; REMOVED: no
    /// longer), and whether a schema constrains them (NARROWED: now constrained; EXTENDED: no
    /// longer); both schemas present are compared.
    mutating func compareAdditional(_ keyword: String, _ o: SchemaView, _ u: SchemaView, _ d: inout Diffs,
                                    types: (added: JSONDifferenceType, removed: JSONDifferenceType, extended: JSONDifferenceType, narrowed: JSONDifferenceType)) {
        let a = childIfPresent(o, keyword), b = childIfPresent(u, keyword)
        let permitsA = !(a?.isFalse ?? false), permitsB = !(b?.isFalse ?? false)
        let schemaA = a.flatMap { $0.isEmpty || $0.isFalse ? nil : $0 }, schemaB = b.flatMap { $0.isEmpty || $0.isFalse ? nil : $0 }
        if permitsA != permitsB {
            d.add(permitsA ? types.removed : types.added, [keyword])
        } else if schemaA == nil, schemaB != nil {
            d.add(types.narrowed, [keyword])
        } else if schemaA != nil, schemaB == nil {
            d.add(types.extended, [keyword])
        } else if let x = schemaA, let y = schemaB {
            d.append(compare(x, y), under: [keyword])
        }
    }

    /// Confluent's rules use `patternProperties` only to judge properties added or removed
    /// (coverage); its own changes never change the verdict. They are reported as Stele's own
    /// compatible differences so that a witness can show where they reject documents.
    private mutating func comparePatternProperties(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        let a = o["patternProperties"]?.objectValue?.keys ?? [], b = u["patternProperties"]?.objectValue?.keys ?? []
        for p in a where !b.contains(p) {
            if !child(o, "patternProperties", p).isEmpty { d.add(.patternPropertyRemoved, ["patternProperties", p], note: "pattern /\(p)/ removed") }
        }
        for p in b {
            let new = child(u, "patternProperties", p)
            if a.contains(p) {
                let sub = compare(child(o, "patternProperties", p), new)
                if !isCompatible(sub) { d.add(.patternPropertyChanged, ["patternProperties", p], note: sub.map(\.type.rawValue).joined(separator: ", ")) }
            } else if !new.isEmpty {
                d.add(.patternPropertyAdded, ["patternProperties", p], note: "pattern /\(p)/ added")
            }
        }
    }

    /// Draft 4–7 `dependencies` (arrays and schemas) and 2019-09+ `dependentRequired` /
    /// `dependentSchemas`, compared per property.
    private mutating func compareDependencies(_ o: SchemaView, _ u: SchemaView, _ d: inout Diffs) {
        func arrays(_ v: SchemaView) -> [(String, [String], String)] {
            var r: [(String, [String], String)] = []
            for kw in ["dependencies", "dependentRequired"] {
                guard case .object(let deps)? = v[kw] else { continue }
                for m in deps { if case .array(let list) = m.value { r.append((m.key, list.compactMap(\.stringValue), kw)) } }
            }
            return r
        }
        func schemas(_ v: SchemaView) -> [(String, String)] {
            var r: [(String, String)] = []
            for kw in ["dependencies", "dependentSchemas"] {
                guard case .object(let deps)? = v[kw] else { continue }
                for m in deps where m.value.objectValue != nil || m.value.boolValue != nil { r.append((m.key, kw)) }
            }
            return r
        }
        let aa = arrays(o), ba = arrays(u)
        for (key, list, kw) in aa {
            guard let other = ba.first(where: { $0.0 == key }) else { d.add(.dependencyArrayRemoved, [kw, key]); continue }
            let x = Set(list), y = Set(other.1)
            if x == y { continue }
            if y.isSuperset(of: x) { d.add(.dependencyArrayExtended, [other.2, key]) }
            else if x.isSuperset(of: y) { d.add(.dependencyArrayNarrowed, [other.2, key]) }
            else { d.add(.dependencyArrayChanged, [other.2, key]) }
        }
        for (key, _, kw) in ba where !aa.contains(where: { $0.0 == key }) { d.add(.dependencyArrayAdded, [kw, key]) }
        let asch = schemas(o), bsch = schemas(u)
        for (key, kw) in asch {
            guard let other = bsch.first(where: { $0.0 == key }) else {
                if !child(o, kw, key).isEmpty { d.add(.dependencySchemaRemoved, [kw, key]) }
                continue
            }
            d.append(compare(child(o, kw, key), child(u, other.1, key)), under: [other.1, key])
        }
        for (key, kw) in bsch where !asch.contains(where: { $0.0 == key }) {
            if !child(u, kw, key).isEmpty { d.add(.dependencySchemaAdded, [kw, key]) }
        }
    }
}
