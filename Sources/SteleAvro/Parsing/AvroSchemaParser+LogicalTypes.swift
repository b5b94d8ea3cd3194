import SteleJSON
import SteleSchema

extension AvroSchemaParser {
    /// Interprets the `logicalType` property of a primitive or fixed. Unknown names are custom
    /// logical types: kept as properties, no warning. Known names on the wrong underlying type
    /// or with bad parameters are ignored with a warning, as the spec says ("implementations
    /// should ignore the logical type and use the underlying Avro type").
    mutating func logicalType(_ props: JSONObject, underlying: AvroNode, at pointer: JSONPointer) throws(SchemaError) -> AvroLogicalType? {
        guard let value = props["logicalType"] else { return nil }
        let p = pointer.appending("logicalType")
        guard case .string(let name) = value else {
            warn("\"logicalType\" must be a string; found \(value.typeName); it is ignored", at: p)
            return nil
        }
        guard AvroLogicalType.knownNames.contains(name) else { return nil }

        func expect(_ ok: Bool, _ what: String) -> Bool {
            if !ok { warn("logical type \"\(name)\" requires \(what), not \(describe(underlying)); it is ignored and the underlying type is used", at: p) }
            return ok
        }
        var primitive: AvroPrimitive? = nil
        var fixedSize: Int? = nil
        switch underlying {
        case .primitive(let prim, _, _): primitive = prim
        case .fixed(let f): fixedSize = f.size
        default: break
        }
        switch name {
        case "decimal":
            guard expect(primitive == .bytes || fixedSize != nil, "bytes or fixed") else { return nil }
            return decimal(props, fixedSize: fixedSize, at: pointer)
        case "big-decimal":
            return expect(primitive == .bytes, "bytes") ? .bigDecimal : nil
        case "uuid":
            return expect(primitive == .string || fixedSize == 16, "string or fixed of size 16") ? .uuid : nil
        case "date": return expect(primitive == .int, "int") ? .date : nil
        case "time-millis": return expect(primitive == .int, "int") ? .timeMillis : nil
        case "time-micros": return expect(primitive == .long, "long") ? .timeMicros : nil
        case "timestamp-millis": return expect(primitive == .long, "long") ? .timestampMillis : nil
        case "timestamp-micros": return expect(primitive == .long, "long") ? .timestampMicros : nil
        case "timestamp-nanos": return expect(primitive == .long, "long") ? .timestampNanos : nil
        case "local-timestamp-millis": return expect(primitive == .long, "long") ? .localTimestampMillis : nil
        case "local-timestamp-micros": return expect(primitive == .long, "long") ? .localTimestampMicros : nil
        case "local-timestamp-nanos": return expect(primitive == .long, "long") ? .localTimestampNanos : nil
        case "duration": return expect(fixedSize == 12, "fixed of size 12") ? .duration : nil
        default: return nil
        }
    }

    private mutating func decimal(_ props: JSONObject, fixedSize: Int?, at pointer: JSONPointer) -> AvroLogicalType? {
        guard case .int(let precision)? = props["precision"], precision > 0, precision <= Int64(Int32.max) else {
            warn("decimal requires \"precision\", an integer greater than 0; the logical type is ignored", at: pointer.appending(props["precision"] == nil ? "logicalType" : "precision"))
            return nil
        }
        var scale: Int64 = 0
        if let s = props["scale"] {
            guard case .int(let v) = s, v >= 0 else {
                warn("decimal \"scale\" must be an integer of 0 or more; the logical type is ignored", at: pointer.appending("scale"))
                return nil
            }
            scale = v
        }
        guard scale <= precision else {
            warn("decimal scale \(scale) is greater than its precision \(precision); the logical type is ignored", at: pointer.appending("scale"))
            return nil
        }
        if let size = fixedSize {
            let maxPrecision = AvroLogicalType.maxDecimalPrecision(fixedSize: size)
            guard precision <= Int64(maxPrecision) else {
                warn("decimal precision \(precision) does not fit in a fixed of \(size) bytes (at most \(maxPrecision) digits); the logical type is ignored", at: pointer.appending("precision"))
                return nil
            }
        }
        return .decimal(precision: Int(precision), scale: Int(scale))
    }

    private func describe(_ node: AvroNode) -> String {
        if case .fixed(let f) = node { return "fixed of size \(f.size)" }
        return node.typeName
    }

    mutating func warn(_ message: String, at pointer: JSONPointer) {
        warnings.append(finding(AvroRules.invalidLogicalType, message, at: pointer, severity: .warning))
    }
}
