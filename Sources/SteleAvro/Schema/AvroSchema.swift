import SteleJSON
import SteleSchema

/// A parsed, validated Avro schema: an immutable graph of nodes plus the texts a registry
/// needs. Build it with `AvroSchema(parsing:)` (or `AvroFormat().parse`); share it freely.
public struct AvroSchema: ParsedSchema, Sendable {
    /// Every node, including those of the referenced schemas it was parsed with.
    public let nodes: [AvroNode]
    /// The schema itself.
    public let root: AvroNodeID
    /// Named types by full name (its own and its references').
    public let namedTypes: [String: AvroNodeID]
    /// Full names of the named types that came from references (written by name, never inlined,
    /// in the canonical text).
    public let referencedNames: Set<String>
    public let references: [SchemaReference]
    public let warnings: [Finding]
    /// Where each part of the schema's own text sits (for line:col in findings); `nil` for
    /// schemas built without text.
    public let sourceMap: JSONSourceMap?

    /// Java `Schema.toString()`: what Confluent stores, returns and hashes.
    public let canonicalText: String
    /// Avro's Parsing Canonical Form, the input of the Avro fingerprints.
    public let parsingCanonicalForm: String

    public var schemaType: SchemaType { .avro }
    public var fingerprintText: String { parsingCanonicalForm }

    /// Confluent's `format=resolved`: Java `Schema.toString()` with the types of referenced
    /// schemas written in full at their first occurrence instead of by name.
    public var resolvedText: String {
        guard !referencedNames.isEmpty else { return canonicalText }
        var writer = JavaSchemaWriter(nodes: nodes, referencedNames: [])
        return writer.write(root)
    }

    /// Confluent's `AvroSchemaUtils.toNormalizedString` form (§3.5 of the reference).
    public var normalizedText: String {
        var writer = ConfluentNormalizedWriter(schema: self)
        return writer.write()
    }

    init(
        nodes: [AvroNode], root: AvroNodeID, namedTypes: [String: AvroNodeID], referencedNames: Set<String>,
        references: [SchemaReference], warnings: [Finding], sourceMap: JSONSourceMap? = nil
    ) {
        self.nodes = nodes
        self.root = root
        self.namedTypes = namedTypes
        self.referencedNames = referencedNames
        self.references = references
        self.warnings = warnings
        self.sourceMap = sourceMap
        // Both texts are computed once here: every later use (dedup, fingerprints, REST
        // answers) reads them without walking the graph again.
        var javaWriter = JavaSchemaWriter(nodes: nodes, referencedNames: referencedNames)
        self.canonicalText = javaWriter.write(root)
        var pcfWriter = ParsingCanonicalFormWriter(nodes: nodes)
        self.parsingCanonicalForm = pcfWriter.write(root)
    }

    /// Parses schema text; see `AvroSchemaParser` for what is checked.
    public init(
        parsing text: String, references: [ResolvedReference] = [], options: SchemaParseOptions = .strict
    ) throws(SchemaError) {
        self = try AvroSchemaParser.parse(text, references: references, options: options)
    }

    public subscript(id: AvroNodeID) -> AvroNode { nodes[id.index] }

    /// For each node, whether it can hold a finite value.
    public var instantiableNodes: [Bool] { Self.instantiable(nodes) }

    /// Least fixpoint: primitives, fixed, arrays and maps always (an empty array ends any
    /// recursion), enums with a symbol, unions with an instantiable branch, records whose fields
    /// all are. O(nodes × depth).
    static func instantiable(_ nodes: [AvroNode]) -> [Bool] {
        var ok = [Bool](repeating: false, count: nodes.count)
        var changed = true
        while changed {
            changed = false
            for (i, node) in nodes.enumerated() where !ok[i] {
                let value: Bool
                switch node {
                case .primitive, .fixed, .array, .map: value = true
                case .enumeration(let e): value = !e.symbols.isEmpty
                case .union(let branches): value = branches.contains { ok[$0.index] }
                case .record(let r): value = r.fields.allSatisfy { ok[$0.type.index] }
                }
                if value {
                    ok[i] = true
                    changed = true
                }
            }
        }
        return ok
    }

    public var rootNode: AvroNode { nodes[root.index] }

    public func node(named fullName: String) -> AvroNode? {
        namedTypes[fullName].map { nodes[$0.index] }
    }
}
