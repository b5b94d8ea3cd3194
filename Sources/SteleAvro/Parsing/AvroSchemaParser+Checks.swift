import SteleJSON
import SteleSchema

extension AvroSchemaParser {
    /// Checks every field default once the graph is complete.
    mutating func validateDefaults() throws(SchemaError) {
        var validator = AvroDefaultValidator(nodes: nodes)
        for (recordID, fieldIndex) in fieldsWithDefaults {
            guard case .record(let r) = nodes[recordID.index] else { continue }
            let field = r.fields[fieldIndex]
            guard let value = field.defaultValue else { continue }
            if let problem = validator.problem(with: value, for: field.type) {
                try questionable(
                    AvroRules.invalidDefault,
                    "invalid default for field \"\(field.name)\" of record \"\(r.name.fullName)\": \(problem)",
                    at: field.pointer.appending("default"))
            }
        }
    }

    /// Warns about records that can never hold a finite value, such as
    /// `{"type":"record","name":"A","fields":[{"name":"a","type":"A"}]}`. Avro Java accepts
    /// them; no datum can ever be written.
    mutating func checkInstantiable(from root: AvroNodeID) {
        let ok = AvroSchema.instantiable(nodes)
        for (i, node) in nodes.enumerated() where !ok[i] {
            guard case .record(let r) = node, let pointer = namedTypePointers[r.name.fullName] else { continue }
            warnings.append(finding(
                AvroRules.uninstantiableType,
                "record \"\(r.name.fullName)\" can never hold a value: its fields recurse without end (end the recursion with a union containing \"null\", an array or a map)",
                at: pointer, severity: .warning))
        }
    }
}
