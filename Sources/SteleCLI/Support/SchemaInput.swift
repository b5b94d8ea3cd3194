import SteleAvro
import SteleJSONSchema
import SteleSchema

/// Reading schema files for commands: size-limited, UTF-8 checked, `--ref NAME=FILE`
/// references, and parse errors rendered as `file:line:col: RULE message`.
enum SchemaInput {
    static func references(_ specs: [String], limits: SchemaLimits) throws(CommandFailure) -> [ResolvedReference] {
        var resolved: [ResolvedReference] = []
        for ref in specs {
            guard let eq = ref.firstIndex(of: "="), eq != ref.startIndex, ref.index(after: eq) != ref.endIndex else {
                throw CommandFailure.input("--ref must be NAME=FILE, got \"\(ref)\"")
            }
            let path = String(ref[ref.index(after: eq)...])
            resolved.append(ResolvedReference(name: String(ref[..<eq]), schemaText: try Files.readText(path, limit: limits.maxSchemaBytes)))
        }
        return resolved
    }

    static func label(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    static func avro(_ path: String, references: [ResolvedReference], options: SchemaParseOptions) throws(CommandFailure) -> AvroSchema {
        let text = try Files.readText(path, limit: options.limits.maxSchemaBytes)
        do {
            let schema = try AvroFormat().parse(text, references: references, options: options)
            for w in schema.warnings {
                var located = w
                located.file = label(path)
                Console.current.err("warning: \(located)")
            }
            return schema
        } catch {
            let lines = error.findings.map { f -> String in
                var located = f
                if located.file == nil { located.file = label(path) }
                return located.description
            }
            throw CommandFailure.input(lines.joined(separator: "\n"))
        }
    }

    static func json(_ path: String, references: [ResolvedReference], options: SchemaParseOptions) throws(CommandFailure) -> JSONSchemaDocument {
        let text = try Files.readText(path, limit: options.limits.maxSchemaBytes)
        do {
            var schema = try JSONSchemaFormat().parse(text, references: references, options: options)
            schema.name = label(path)
            for w in schema.warnings {
                var located = w
                located.file = label(path)
                Console.current.err("warning: \(located)")
            }
            return schema
        } catch {
            let lines = error.findings.map { f -> String in
                var located = f
                if located.file == nil { located.file = label(path) }
                return located.description
            }
            throw CommandFailure.input(lines.joined(separator: "\n"))
        }
    }
}
