import ArgumentParser
import SteleAvro
import SteleJSON
import SteleJSONSchema
import SteleSchema

extension Stele {
    /// `stele diff OLD NEW [--type avro] [--level L] [--format text|json]`
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every change between two schema files and check a compatibility level.",
            discussion: """
                Lists each change from OLD to NEW with its impact (compatible both ways, breaks \
                BACKWARD, breaks FORWARD), then checks --level as a registry would with OLD as the \
                only earlier version. Each incompatibility comes with a witness: for Avro a datum, \
                in Avro JSON, that one schema writes and the other cannot read; for JSON Schema a \
                document one schema accepts and the other rejects (checked with both validators). \
                Exits 100 when the level is violated, 0 when it holds, 1 on invalid input.
                """
        )

        enum SchemaKind: String, ExpressibleByArgument, CaseIterable {
            case avro, json
        }

        enum Policy: String, ExpressibleByArgument, CaseIterable {
            case strict, lenient
        }

        /// One line of the change list, whatever the format.
        struct ChangeRow {
            var path: String, kind: String, message: String, impact: String
            var breaksBackward: Bool, breaksForward: Bool
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

        @Option(help: "JSON Schema compatibility policy: strict (Confluent's default) or lenient (open content models treated like Avro).")
        var policy: Policy = .strict

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let refs = try SchemaInput.references(references, limits: .default)
            let directions: [CheckDirection]
            switch level.direction {
            case .none: directions = []
            case .backward: directions = [.backward]
            case .forward: directions = [.forward]
            case .full: directions = [.forward, .backward]
            }
            let (rows, findings) = type == .avro ? try avroDiff(refs, directions) : try jsonDiff(refs, directions)
            // Warnings (Stele's notes on Confluent's verdict) never change it.
            let compatible = findings.allSatisfy { $0.1.severity != .error }
            switch global.format {
            case .text: printText(rows, findings, compatible)
            case .json: printJSON(rows, findings, compatible)
            }
            if !compatible { throw ExitCode(SteleExit.incompatible) }
        }

        private func avroDiff(_ refs: [ResolvedReference], _ directions: [CheckDirection]) throws -> ([ChangeRow], [(CheckDirection, Finding)]) {
            // The earlier version is read leniently, as a registry reads stored schemas.
            let oldSchema = try SchemaInput.avro(old, references: refs, options: .lenient)
            let newSchema = try SchemaInput.avro(new, references: refs, options: .strict)
            let rows = AvroSemanticDiff.changes(from: oldSchema, to: newSchema).map { c in
                ChangeRow(path: c.path.tokens.isEmpty ? "/" : c.path.description, kind: c.kind.rawValue, message: c.message, impact: c.impact,
                          breaksBackward: c.breaksBackward, breaksForward: c.breaksForward)
            }
            var findings: [(CheckDirection, Finding)] = []
            let checker = AvroCompatibility()
            for d in directions {
                let (reader, writer) = d == .backward ? (newSchema, oldSchema) : (oldSchema, newSchema)
                for var f in checker.incompatibilitiesWithWitnesses(reader: reader, writer: writer, direction: d) {
                    f.file = SchemaInput.label(d == .backward ? new : old)
                    findings.append((d, f))
                }
            }
            return (rows, findings)
        }

        private func jsonDiff(_ refs: [ResolvedReference], _ directions: [CheckDirection]) throws -> ([ChangeRow], [(CheckDirection, Finding)]) {
            let oldSchema = try SchemaInput.json(old, references: refs, options: .lenient)
            let newSchema = try SchemaInput.json(new, references: refs, options: .strict)
            let checker = JSONSchemaCompatibility(policy: policy == .strict ? .strict : .lenient, witnesses: true)
            let rows = checker.changes(from: oldSchema, to: newSchema).map { c in
                ChangeRow(path: c.difference.jsonPath, kind: c.kind, message: c.message, impact: c.impact,
                          breaksBackward: c.breaksBackward, breaksForward: c.breaksForward)
            }
            var findings: [(CheckDirection, Finding)] = []
            for d in directions {
                let (reader, writer) = d == .backward ? (newSchema, oldSchema) : (oldSchema, newSchema)
                for f in checker.incompatibilities(reader: reader, writer: writer, direction: d) { findings.append((d, f)) }
            }
            return (rows, findings)
        }

        private func printText(_ changes: [ChangeRow], _ findings: [(CheckDirection, Finding)], _ compatible: Bool) {
            let console = Console.current
            if changes.isEmpty {
                console.out("No changes from \(SchemaInput.label(old)) to \(SchemaInput.label(new)).")
            } else {
                console.out("Changes from \(SchemaInput.label(old)) to \(SchemaInput.label(new)):")
                for c in changes {
                    console.out("  \(c.path)  \(c.kind)  \(c.message) — \(c.impact)")
                }
            }
            console.out("")
            console.out("\(level.rawValue): \(compatible ? "compatible" : "incompatible")")
            for (d, f) in findings where f.severity == .error { printFinding(d, f) }
            let warnings = findings.filter { $0.1.severity != .error }
            if !warnings.isEmpty {
                console.out("")
                console.out("Warnings (the verdict above stands; Confluent's rules give it):")
                for (d, f) in warnings { printFinding(d, f) }
            }
        }

        private func printFinding(_ d: CheckDirection, _ f: Finding) {
            let console = Console.current
            console.out("  \(f)")
            let (writes, cannot) = d == .backward ? ("old", "new") : ("new", "old")
            switch (f.witness, type) {
            case (let w?, .avro):
                console.out("    witness: \(JSONWriter.compact(w))  (written with the \(writes) schema; the \(cannot) schema cannot read it)")
            case (let w?, .json):
                console.out("    witness: \(JSONWriter.compact(w))  (valid under the \(writes) schema; the \(cannot) schema rejects it)")
            case (nil, .avro):
                console.out("    no witness: no datum of the writer schema reaches this incompatibility")
            case (nil, .json) where f.severity == .error:
                console.out("    no witness: no document found that the \(writes) schema accepts and the \(cannot) schema rejects")
            case (nil, .json):
                break
            }
        }

        private func printJSON(_ changes: [ChangeRow], _ findings: [(CheckDirection, Finding)], _ compatible: Bool) {
            let changeValues: [JSONValue] = changes.map { c in
                [
                    "kind": .string(c.kind), "path": .string(c.path), "message": .string(c.message),
                    "breaksBackward": .bool(c.breaksBackward), "breaksForward": .bool(c.breaksForward), "impact": .string(c.impact),
                ]
            }
            func value(_ d: CheckDirection, _ f: Finding) -> JSONValue {
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
            let findingValues = findings.filter { $0.1.severity == .error }.map(value)
            let warningValues = findings.filter { $0.1.severity != .error }.map(value)
            let doc: JSONValue = [
                "old": .string(SchemaInput.label(old)), "new": .string(SchemaInput.label(new)), "level": .string(level.rawValue),
                "compatible": .bool(compatible), "changes": .array(changeValues), "incompatibilities": .array(findingValues),
                "warnings": .array(warningValues),
            ]
            Console.current.out(JSONWriter.compact(doc))
        }
    }
}

extension CompatibilityLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(lenient: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
