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
        try load(path, options) { (text: String) throws(SchemaError) in try AvroFormat().parse(text, references: references, options: options) }
    }

    static func json(_ path: String, references: [ResolvedReference], options: SchemaParseOptions) throws(CommandFailure) -> JSONSchemaDocument {
        var schema = try load(path, options) { (text: String) throws(SchemaError) in try JSONSchemaFormat().parse(text, references: references, options: options) }
        schema.name = label(path)
        return schema
    }

    /// Reads and parses a schema file: warnings go to stderr, errors become an input failure,
    /// each located as `file:line:col: RULE message`.
    private static func load<S: ParsedSchema>(_ path: String, _ options: SchemaParseOptions, _ parse: (String) throws(SchemaError) -> S) throws(CommandFailure) -> S {
        let text = try Files.readText(path, limit: options.limits.maxSchemaBytes)
        do {
            let schema = try parse(text)
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
