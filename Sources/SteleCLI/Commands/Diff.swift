import ArgumentParser
import SteleAvro
import SteleJSON
import SteleSchema

extension Stele {
    /// `stele diff OLD NEW [--type avro] [--level L] [--format text|json]`
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every change between two schema files and check a compatibility level.",
            discussion: """
                Lists each change from OLD to NEW with its impact (compatible both ways, breaks \
                BACKWARD, breaks FORWARD), then checks --level as a registry would with OLD as the \
                only earlier version. Each incompatibility comes with a witness: a datum, in Avro \
                JSON, that one schema writes and the other cannot read. Exits 100 when the level \
                is violated, 0 when it holds, 1 on invalid input.
                """
        )

        enum SchemaKind: String, ExpressibleByArgument, CaseIterable {
            case avro
        }

        @Argument(help: "The earlier schema file.")
        var old: String

        @Argument(help: "The later schema file.")
        var new: String

        @Option(name: .customLong("type"), help: "Schema type.")
        var type: SchemaKind = .avro

        @Option(help: "Compatibility level to check (Confluent's default is BACKWARD).")
        var level: CompatibilityLevel = .backward

        @Option(name: .customLong("ref"), help: "A referenced schema as NAME=FILE, used by both files (repeatable, dependencies first).")
        var references: [String] = []

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let refs = try SchemaInput.references(references, limits: .default)
            // The earlier version is read leniently, as a registry reads stored schemas.
            let oldSchema = try SchemaInput.avro(old, references: refs, options: .lenient)
            let newSchema = try SchemaInput.avro(new, references: refs, options: .strict)
            let changes = AvroSemanticDiff.changes(from: oldSchema, to: newSchema)

            var findings: [(CheckDirection, Finding)] = []
            let checker = AvroCompatibility()
            let directions: [CheckDirection]
            switch level.direction {
            case .none: directions = []
            case .backward: directions = [.backward]
            case .forward: directions = [.forward]
            case .full: directions = [.forward, .backward]
            }
            for d in directions {
                let (reader, writer) = d == .backward ? (newSchema, oldSchema) : (oldSchema, newSchema)
                for var f in checker.incompatibilitiesWithWitnesses(reader: reader, writer: writer, direction: d) {
                    f.file = SchemaInput.label(d == .backward ? new : old)
                    findings.append((d, f))
                }
            }
            let compatible = findings.isEmpty
            switch global.format {
            case .text: printText(changes, findings, compatible)
            case .json: printJSON(changes, findings, compatible)
            }
            if !compatible { throw ExitCode(SteleExit.incompatible) }
        }

        private func printText(_ changes: [AvroChange], _ findings: [(CheckDirection, Finding)], _ compatible: Bool) {
            let console = Console.current
            if changes.isEmpty {
                console.out("No changes from \(SchemaInput.label(old)) to \(SchemaInput.label(new)).")
            } else {
                console.out("Changes from \(SchemaInput.label(old)) to \(SchemaInput.label(new)):")
                for c in changes {
                    console.out("  \(c.path.tokens.isEmpty ? "/" : c.path.description)  \(c.kind.rawValue)  \(c.message) — \(c.impact)")
                }
            }
            console.out("")
            if compatible {
                console.out("\(level.rawValue): compatible")
                return
            }
            console.out("\(level.rawValue): incompatible")
            for (d, f) in findings {
                console.out("  \(f)")
                if let w = f.witness {
                    let (writes, cannot) = d == .backward ? ("old", "new") : ("new", "old")
                    console.out("    witness: \(JSONWriter.compact(w))  (written with the \(writes) schema; the \(cannot) schema cannot read it)")
                } else {
                    console.out("    no witness: no datum of the writer schema reaches this incompatibility")
                }
            }
        }

        private func printJSON(_ changes: [AvroChange], _ findings: [(CheckDirection, Finding)], _ compatible: Bool) {
            let changeValues: [JSONValue] = changes.map { c in
                [
                    "kind": .string(c.kind.rawValue), "path": .string(c.path.description), "message": .string(c.message),
                    "breaksBackward": .bool(c.breaksBackward), "breaksForward": .bool(c.breaksForward), "impact": .string(c.impact),
                ]
            }
            let findingValues: [JSONValue] = findings.map { d, f in
                let base: JSONValue = [
                    "rule": .string(f.rule.rawValue), "direction": .string(d == .backward ? "BACKWARD" : "FORWARD"),
                    "path": .string(f.pointer.description), "message": .string(f.message), "file": .string(f.file ?? ""),
                    "line": .int(Int64(f.range.start.line)), "column": .int(Int64(f.range.start.column)),
                ]
                var o = base.objectValue ?? JSONObject()
                if let detail = f.detail { o["detail"] = .string(detail) }
                o["witness"] = f.witness ?? .null
                return .object(o)
            }
            let doc: JSONValue = [
                "old": .string(SchemaInput.label(old)), "new": .string(SchemaInput.label(new)), "level": .string(level.rawValue),
                "compatible": .bool(compatible), "changes": .array(changeValues), "incompatibilities": .array(findingValues),
            ]
            Console.current.out(JSONWriter.compact(doc))
        }
    }
}

extension CompatibilityLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(lenient: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
