import ArgumentParser
import SteleAvro
import SteleJSON
import SteleSchema

extension Stele {
    /// `stele canonical FILE [--type avro] [--fingerprint crc64|md5|sha256] [--form …]`
    struct Canonical: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a schema's Parsing Canonical Form, stored form or fingerprint.",
            discussion: """
                Parses FILE (or - for standard input) and prints its Avro Parsing Canonical Form. \
                With --fingerprint, prints the fingerprint of that form instead: crc64 (CRC-64-AVRO) \
                as a signed decimal, like Avro's schema-tests.txt, and as hex; md5 and sha256 as hex. \
                Invalid schemas exit 1 with the reason and its line:column.
                """
        )

        enum SchemaKind: String, ExpressibleByArgument, CaseIterable {
            case avro
        }

        enum Form: String, ExpressibleByArgument, CaseIterable {
            /// Avro's Parsing Canonical Form (the fingerprint input).
            case pcf
            /// The text Confluent stores and hashes (Avro Java `Schema.toString()`).
            case confluent
            /// Confluent's normalized text (`normalize=true`).
            case normalized
        }

        @Argument(help: "The schema file, or - for standard input.")
        var file: String

        @Option(name: .customLong("type"), help: "Schema type. Only avro has a canonical form.")
        var type: SchemaKind = .avro

        @Option(help: "Print this fingerprint of the chosen form instead of the form itself (Avro defines its fingerprints on the Parsing Canonical Form).")
        var fingerprint: FingerprintAlgorithm?

        @Option(help: "Which canonical text to print: pcf (Parsing Canonical Form), confluent (the stored form), or normalized.")
        var form: Form = .pcf

        @Option(name: .customLong("ref"), help: "A referenced schema as NAME=FILE (repeatable, dependencies first).")
        var references: [String] = []

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let references = try SchemaInput.references(self.references, limits: .default)
            let schema = try SchemaInput.avro(file, references: references, options: .strict)
            let console = Console.current
            let formText: String
            switch form {
            case .pcf: formText = schema.parsingCanonicalForm
            case .confluent: formText = schema.canonicalText
            case .normalized: formText = schema.normalizedText
            }
            if let algorithm = fingerprint {
                let fp = algorithm.fingerprint(of: formText)
                switch global.format {
                case .text:
                    if let signed = fp.int64 {
                        console.out("\(signed) \(fp.description)")
                    } else {
                        console.out(fp.hex)
                    }
                case .json:
                    var object: JSONValue = ["algorithm": .string(algorithm.rawValue), "hex": .string(fp.description)]
                    if let signed = fp.int64 { object = ["algorithm": .string(algorithm.rawValue), "hex": .string(fp.description), "signed": .int(signed)] }
                    console.out(JSONWriter.compact(object))
                }
            } else {
                switch global.format {
                case .text: console.out(formText)
                case .json: console.out(JSONWriter.compact(["form": .string(form.rawValue), "schema": .string(formText)]))
                }
            }
        }
    }
}

extension FingerprintAlgorithm: ExpressibleByArgument {}
