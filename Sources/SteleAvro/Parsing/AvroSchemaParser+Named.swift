import SteleJSON
import SteleSchema

extension AvroSchemaParser {
    // MARK: attribute helpers

    func optionalString(_ o: JSONObject, _ key: String, at pointer: JSONPointer) throws(SchemaError) -> String? {
        guard let v = o[key] else { return nil }
        guard case .string(let s) = v else {
            throw fail(AvroRules.invalidAttribute, "\"\(key)\" must be a string; found \(v.typeName)", at: pointer.appending(key))
        }
        return s
    }

    func requiredString(_ o: JSONObject, _ key: String, of what: String, at pointer: JSONPointer) throws(SchemaError) -> String {
        guard o[key] != nil else { throw fail(AvroRules.missingAttribute, "\(what) has no \"\(key)\" attribute", at: pointer) }
        return try optionalString(o, key, at: pointer)!
    }

    func stringArray(_ o: JSONObject, _ key: String, at pointer: JSONPointer) throws(SchemaError) -> [String]? {
        guard let v = o[key] else { return nil }
        guard case .array(let elements) = v else {
            throw fail(AvroRules.invalidAttribute, "\"\(key)\" must be an array of strings; found \(v.typeName)", at: pointer.appending(key))
        }
        var out: [String] = []
        for (i, e) in elements.enumerated() {
            guard case .string(let s) = e else {
                throw fail(AvroRules.invalidAttribute, "\"\(key)\" must be an array of strings; element \(i) is \(e.typeName)", at: pointer.appending(key).appending(i))
            }
            out.append(s)
        }
        return out
    }

    /// The name and aliases of a named type, validated.
    func parseName(_ o: JSONObject, kind: String, at pointer: JSONPointer, namespace enclosing: String?) throws(SchemaError) -> (AvroName, [AvroName]) {
        let written = try requiredString(o, "name", of: "\(kind) schema", at: pointer)
        let explicitNamespace = try optionalString(o, "namespace", at: pointer)
        let name = AvroName(resolving: written, in: explicitNamespace ?? enclosing)
        guard AvroNameRules.isValidSimpleName(name.name), written.isEmpty == false, !written.hasPrefix("."), !written.hasSuffix(".") else {
            throw fail(AvroRules.invalidName, "invalid \(kind) name \"\(written)\": a name must start with [A-Za-z_] and contain only [A-Za-z0-9_]", at: pointer.appending("name"))
        }
        if let ns = name.namespace, !AvroNameRules.isValidDottedName(ns) {
            let where_ = written.contains(".") ? pointer.appending("name") : pointer.appending("namespace")
            throw fail(AvroRules.invalidName, "invalid namespace \"\(ns)\": each dot-separated part must start with [A-Za-z_] and contain only [A-Za-z0-9_]", at: where_)
        }
        if AvroPrimitive(rawValue: name.name) != nil {
            throw fail(AvroRules.invalidName, "a \(kind) may not be named \"\(name.name)\": primitive type names cannot be redefined", at: pointer.appending("name"))
        }
        var aliases: [AvroName] = []
        for (i, a) in (try stringArray(o, "aliases", at: pointer) ?? []).enumerated() {
            guard AvroNameRules.isValidDottedName(a) else {
                throw fail(AvroRules.invalidName, "invalid alias \"\(a)\": each dot-separated part must start with [A-Za-z_] and contain only [A-Za-z0-9_]", at: pointer.appending("aliases").appending(i))
            }
            // Aliases without a dot live in the type's own namespace (spec, "Aliases").
            let alias = AvroName(resolving: a, in: name.namespace)
            if !aliases.contains(alias) { aliases.append(alias) }
        }
        return (name, aliases)
    }

    mutating func register(_ name: AvroName, id: AvroNodeID, at pointer: JSONPointer) throws(SchemaError) {
        if let existing = namedTypePointers[name.fullName] ?? (namedTypes[name.fullName] != nil ? JSONPointer.root : nil) {
            let whereText = existing.tokens.isEmpty ? "" : " (first defined at \(existing))"
            throw fail(AvroRules.redefinedName, "\"\(name.fullName)\" is already defined\(whereText); a named type may be defined only once and then used by name", at: pointer.appending("name"))
        }
        if namedTypes.count >= options.limits.maxNamedTypes {
            throw fail(AvroRules.limitExceeded, "more than \(options.limits.maxNamedTypes) named types", at: pointer)
        }
        namedTypes[name.fullName] = id
        if documentLabel == nil { namedTypePointers[name.fullName] = pointer }
    }

    // MARK: record

    mutating func parseRecord(_ o: JSONObject, isError: Bool, at pointer: JSONPointer, namespace: String?) throws(SchemaError) -> AvroNodeID {
        let (name, aliases) = try parseName(o, kind: isError ? "error" : "record", at: pointer, namespace: namespace)
        let doc = try optionalString(o, "doc", at: pointer)
        guard let fieldsValue = o["fields"] else {
            throw fail(AvroRules.missingAttribute, "record \"\(name.fullName)\" has no \"fields\" attribute", at: pointer)
        }
        guard case .array(let fieldValues) = fieldsValue else {
            throw fail(AvroRules.invalidAttribute, "\"fields\" of record \"\(name.fullName)\" must be an array; found \(fieldsValue.typeName)", at: pointer.appending("fields"))
        }
        var record = AvroRecord(
            name: name, isError: isError, doc: doc, fields: [], aliases: aliases,
            properties: properties(of: o, excluding: Self.schemaReserved))
        // Registered before its fields are parsed, so fields may refer to the record itself.
        let id = add(.record(record))
        try register(name, id: id, at: pointer)

        var fieldNames = Set<String>()
        var parsedFields: [AvroField] = []
        parsedFields.reserveCapacity(fieldValues.count)
        for (i, fv) in fieldValues.enumerated() {
            let fp = pointer.appending("fields").appending(i)
            guard case .object(let fo) = fv else {
                throw fail(AvroRules.invalidAttribute, "field \(i) of record \"\(name.fullName)\" must be an object; found \(fv.typeName)", at: fp)
            }
            let field = try parseField(fo, at: fp, recordName: name)
            guard fieldNames.insert(field.name).inserted else {
                throw fail(AvroRules.duplicateField, "record \"\(name.fullName)\" has two fields named \"\(field.name)\"", at: fp.appending("name"))
            }
            if field.defaultValue != nil { fieldsWithDefaults.append((id, parsedFields.count)) }
            parsedFields.append(field)
        }
        record.fields = parsedFields  // one index build, not one per field
        nodes[id.index] = .record(record)
        return id
    }

    mutating func parseField(_ o: JSONObject, at pointer: JSONPointer, recordName: AvroName) throws(SchemaError) -> AvroField {
        let name = try requiredString(o, "name", of: "field of record \"\(recordName.fullName)\"", at: pointer)
        guard AvroNameRules.isValidSimpleName(name) else {
            throw fail(AvroRules.invalidName, "invalid field name \"\(name)\": a name must start with [A-Za-z_] and contain only [A-Za-z0-9_]", at: pointer.appending("name"))
        }
        guard let typeValue = o["type"] else {
            throw fail(AvroRules.missingAttribute, "field \"\(name)\" of record \"\(recordName.fullName)\" has no \"type\" attribute", at: pointer)
        }
        // Types nested in a record's fields inherit the record's namespace.
        let type = try parseSchema(typeValue, at: pointer.appending("type"), namespace: recordName.namespace)
        let doc = try optionalString(o, "doc", at: pointer)
        var order = AvroSortOrder.ascending
        if let orderText = try optionalString(o, "order", at: pointer) {
            // Avro Java upper-cases before matching, so any case is accepted.
            guard let parsed = AvroSortOrder(rawValue: orderText.lowercased()) else {
                throw fail(AvroRules.invalidAttribute, "\"order\" of field \"\(name)\" must be \"ascending\", \"descending\" or \"ignore\"; found \"\(orderText)\"", at: pointer.appending("order"))
            }
            order = parsed
        }
        var aliases: [String] = []
        for (i, a) in (try stringArray(o, "aliases", at: pointer) ?? []).enumerated() {
            guard AvroNameRules.isValidSimpleName(a) else {
                throw fail(AvroRules.invalidName, "invalid field alias \"\(a)\": a name must start with [A-Za-z_] and contain only [A-Za-z0-9_]", at: pointer.appending("aliases").appending(i))
            }
            if !aliases.contains(a) { aliases.append(a) }
        }
        return AvroField(
            name: name, type: type, doc: doc, defaultValue: o["default"], order: order, aliases: aliases,
            properties: properties(of: o, excluding: Self.fieldReserved), pointer: pointer)
    }

    // MARK: enum

    mutating func parseEnum(_ o: JSONObject, at pointer: JSONPointer, namespace: String?) throws(SchemaError) -> AvroNodeID {
        let (name, aliases) = try parseName(o, kind: "enum", at: pointer, namespace: namespace)
        let doc = try optionalString(o, "doc", at: pointer)
        guard o["symbols"] != nil else {
            throw fail(AvroRules.missingAttribute, "enum \"\(name.fullName)\" has no \"symbols\" attribute", at: pointer)
        }
        let symbols = try stringArray(o, "symbols", at: pointer)!
        var seen = Set<String>()
        for (i, s) in symbols.enumerated() {
            let sp = pointer.appending("symbols").appending(i)
            guard AvroNameRules.isValidSimpleName(s) else {
                throw fail(AvroRules.invalidName, "invalid enum symbol \"\(s)\": a symbol must start with [A-Za-z_] and contain only [A-Za-z0-9_]", at: sp)
            }
            guard seen.insert(s).inserted else {
                throw fail(AvroRules.duplicateSymbol, "enum \"\(name.fullName)\" lists symbol \"\(s)\" twice", at: sp)
            }
        }
        var defaultSymbol: String? = nil
        if let d = o["default"] {
            guard case .string(let s) = d, seen.contains(s) else {
                let found = d.stringValue.map { "\"\($0)\"" } ?? d.typeName
                throw fail(AvroRules.invalidEnumDefault, "default of enum \"\(name.fullName)\" must be one of its symbols \(symbols); found \(found)", at: pointer.appending("default"))
            }
            defaultSymbol = s
        }
        let node = AvroEnum(
            name: name, doc: doc, symbols: symbols, defaultSymbol: defaultSymbol, aliases: aliases,
            properties: properties(of: o, excluding: Self.enumReserved))
        let id = add(.enumeration(node))
        try register(name, id: id, at: pointer)
        return id
    }

    // MARK: fixed

    mutating func parseFixed(_ o: JSONObject, at pointer: JSONPointer, namespace: String?) throws(SchemaError) -> AvroNodeID {
        let (name, aliases) = try parseName(o, kind: "fixed", at: pointer, namespace: namespace)
        let doc = try optionalString(o, "doc", at: pointer)
        guard let sizeValue = o["size"] else {
            throw fail(AvroRules.missingAttribute, "fixed \"\(name.fullName)\" has no \"size\" attribute", at: pointer)
        }
        guard case .int(let size) = sizeValue, size >= 0, size <= Int64(Int32.max) else {
            throw fail(AvroRules.invalidAttribute, "\"size\" of fixed \"\(name.fullName)\" must be an integer from 0 to \(Int32.max); found \(JSONWriter.compact(sizeValue))", at: pointer.appending("size"))
        }
        let props = properties(of: o, excluding: Self.schemaReserved)
        var node = AvroFixed(name: name, doc: doc, size: Int(size), aliases: aliases, properties: props, logicalType: nil)
        node.logicalType = try logicalType(props, underlying: .fixed(node), at: pointer)
        let id = add(.fixed(node))
        try register(name, id: id, at: pointer)
        return id
    }
}
