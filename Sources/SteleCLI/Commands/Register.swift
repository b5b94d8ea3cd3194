import ArgumentParser
import SteleClient
import SteleJSON
import SteleSchema

extension Stele {
    /// `stele register SUBJECT FILE [--type avro|json] [--ref NAME=SUBJECT:VERSION]… [--normalize]`
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a schema file under a subject and print its id.",
            discussion: """
                Registers FILE (or - for standard input) as the next version of SUBJECT, or \
                returns the version it already is. The registry checks it against the subject's \
                compatibility level: an incompatible schema is refused with the registry's \
                reasons and exit code 100. The type is --type, else .avsc → avro and .json → \
                json by the file name (avro otherwise).

                Examples:
                  stele register rides-value schemas/ride.avsc
                  stele register orders-value order.schema.json --type json
                  stele register trips-value trip.avsc --ref demo.Address=address-value:1
                  stele register rides-value ride.avsc --format json
                """
        )

        @Argument(help: "The subject.")
        var subject: String

        @Argument(help: "The schema file, or - for standard input.")
        var file: String

        @Option(help: "The schema type: avro or json (default: from the file name).")
        var type: SchemaTypeName?

        @Option(name: .customLong("ref"), help: "A reference as NAME=SUBJECT:VERSION (VERSION may be latest); repeatable.")
        var references: [String] = []

        @Flag(help: "Ask the registry to normalize the schema first (?normalize=true).")
        var normalize = false

        @OptionGroup var registry: RegistryOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let text = try Files.readText(file, limit: 4 << 20)
            let schemaType = (type ?? SchemaTypeName(fileName: file)).schemaType
            let refs = try references.map(Self.reference)
            try await registry.withClient { client in
                let registered: RegisteredSchema
                do throws(RegistryClientError) {
                    registered = try await client.register(subject: subject, schema: RegistrySchema(text, type: schemaType, references: refs), normalize: normalize)
                } catch {
                    throw CommandFailure.from(error, "cannot register \(SchemaInput.label(file)) under \(subject)")
                }
                switch global.format {
                case .text:
                    Console.current.out(registered.id.map(String.init) ?? "")
                case .json:
                    Console.current.out(JSONWriter.compact(Output.registered(registered)))
                }
            }
        }

        /// `NAME=SUBJECT:VERSION` (the name may itself hold `=`-free dots and slashes).
        static func reference(_ spec: String) throws(CommandFailure) -> SchemaReference {
            guard let eq = spec.firstIndex(of: "="), let colon = spec.lastIndex(of: ":"), eq < colon else {
                throw .input("--ref must be NAME=SUBJECT:VERSION, got \"\(spec)\"")
            }
            let name = String(spec[..<eq]), subject = String(spec[spec.index(after: eq)..<colon])
            let versionText = spec[spec.index(after: colon)...]
            guard !name.isEmpty, !subject.isEmpty else { throw .input("--ref must be NAME=SUBJECT:VERSION, got \"\(spec)\"") }
            let version: Int
            if versionText.lowercased() == "latest" { version = -1 } else if let n = Int(versionText), n >= 1 { version = n } else {
                throw .input("--ref version must be a number or latest, got \"\(versionText)\"")
            }
            return SchemaReference(name: name, subject: subject, version: version)
        }
    }
}

/// The `--type` of registry commands.
enum SchemaTypeName: String, ExpressibleByArgument, CaseIterable, Sendable {
    case avro, json

    init(fileName: String) {
        self = fileName.lowercased().hasSuffix(".json") ? .json : .avro
    }

    var schemaType: SchemaType { self == .avro ? .avro : .json }
}

extension CommandFailure {
    /// A registry error as the CLI's exit codes say: unreachable → 2; incompatible → 100; the
    /// registry refusing the input (4xx) → 1.
    static func from(_ e: RegistryClientError, _ what: String) -> CommandFailure {
        if e.isIncompatible { return CommandFailure(message: "\(what): incompatible: \(e.message)", code: SteleExit.incompatible) }
        if let status = e.httpStatus, (400..<500).contains(status) { return .input("\(what): \(e.message)") }
        return .io("\(what): \(e)")
    }
}

/// The JSON shapes the registry commands print with `--format json` (Confluent's field names).
enum Output {
    /// A list: one item per line, or one JSON array.
    static func list(_ items: [JSONValue], _ format: OutputFormat) {
        switch format {
        case .text: for item in items { Console.current.out(item.stringValue ?? JSONWriter.compact(item)) }
        case .json: Console.current.out(JSONWriter.compact(.array(items)))
        }
    }

    static func registered(_ r: RegisteredSchema) -> JSONValue {
        var o = JSONObject()
        if let s = r.subject { o["subject"] = .string(s) }
        if let v = r.version { o["version"] = .int(Int64(v)) }
        if let id = r.id { o["id"] = .int(Int64(id)) }
        if let g = r.guid { o["guid"] = .string(g.description) }
        o["schemaType"] = .string(r.schema.schemaType.rawValue)
        if !r.schema.references.isEmpty {
            o["references"] = .array(r.schema.references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .int(Int64($0.version))] })
        }
        if let m = r.schema.metadata { o["metadata"] = m }
        if let rs = r.schema.ruleSet { o["ruleSet"] = rs }
        o["schema"] = .string(r.schema.schema)
        if r.deleted { o["deleted"] = true }
        return .object(o)
    }
}
