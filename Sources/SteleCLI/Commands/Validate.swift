import ArgumentParser
import SteleJSON
import SteleJSONSchema

extension Stele {
    /// `stele validate --schema FILE [--draft D] [--ref URI=FILE]… [--formats] [DATA.jsonl|-]`
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate JSON documents (one per line) against a JSON Schema.",
            discussion: """
                Compiles the schema once (draft from its $schema, else --draft, default 7 as \
                Confluent), then prints one line per non-empty input line: "valid", or "invalid:" \
                and each reason with its instance location and schema keyword location. \
                References resolve only to files named with --ref and the bundled meta-schemas; \
                there is no network access. Exits 0 only when every document is valid, 1 \
                otherwise (or when the schema is invalid), 2 on I/O errors.
                """
        )

        @Option(help: "The JSON Schema file.")
        var schema: String

        @Argument(help: "JSON Lines to validate, or - for standard input (the default).")
        var data: String = "-"

        @Option(help: "The draft for schemas without $schema: 4, 6, 7, 2019-09 or 2020-12.")
        var draft: String = "7"

        @Option(name: .customLong("ref"), help: "A referenced schema as URI=FILE (repeatable).")
        var references: [String] = []

        @Flag(help: "Check formats (date-time, email, uri, …) instead of treating them as annotations.")
        var formats = false

        @OptionGroup var global: GlobalOptions

        static let schemaLimit = 4 << 20
        static let dataLimit = 1 << 30

        func run() async throws {
            guard let defaultDraft = JSONSchemaDraft(name: draft) else {
                throw CommandFailure.input("unknown draft \"\(draft)\" (use 4, 6, 7, 2019-09 or 2020-12)")
            }
            var documents: [String: JSONValue] = [:]
            for spec in references {
                guard let eq = spec.firstIndex(of: "=") else { throw CommandFailure.input("--ref needs URI=FILE, got \(spec)") }
                let uri = String(spec[..<eq]), path = String(spec[spec.index(after: eq)...])
                documents[uri] = try Self.parse(try Files.readText(path, limit: Self.schemaLimit), label: path)
            }
            let schemaValue = try Self.parse(try Files.readText(schema, limit: Self.schemaLimit), label: schema)
            let validator: JSONSchemaValidator
            do {
                validator = try JSONSchemaValidator(schema: schemaValue, options: .init(
                    defaultDraft: defaultDraft, resolver: JSONSchemaDocuments(documents), formatAssertion: formats,
                    baseURI: "file://" + (schema.hasPrefix("/") ? schema : "/" + schema)))
            } catch {
                throw CommandFailure.input("\(schema): \(error)")
            }
            let console = Console.current
            let bytes = try Files.readBytes(data, limit: Self.dataLimit)
            var allValid = true
            for (lineNumber, line) in lines(bytes) {
                let errors: [String]
                var details: [JSONValue] = []
                do {
                    let instance = try JSONParser().parse(line)
                    let found = validator.validate(instance)
                    errors = found.map(\.description)
                    details = found.map { ["instanceLocation": .string($0.instanceLocation), "keywordLocation": .string($0.keywordLocation), "message": .string($0.message)] }
                } catch {
                    errors = ["not JSON: \(error)"]
                    details = [["message": .string("not JSON: \(error)")]]
                }
                if !errors.isEmpty { allValid = false }
                switch global.format {
                case .text:
                    console.out(errors.isEmpty ? "valid" : "invalid: " + errors.joined(separator: "; "))
                case .json:
                    console.out(JSONWriter.compact(["line": .int(Int64(lineNumber)), "valid": .bool(errors.isEmpty), "errors": .array(details)]))
                }
            }
            if !allValid { throw ExitCode(SteleExit.inputError) }
        }

        static func parse(_ text: String, label: String) throws(CommandFailure) -> JSONValue {
            do {
                return try JSONParser().parse(text)
            } catch {
                throw .input("\(label): \(error)")
            }
        }
    }
}
