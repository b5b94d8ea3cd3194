/// A schema reference as Confluent's REST API spells it: the `name` the referring schema uses
/// (for Avro, the fully-qualified name of the referenced type), and the subject and version
/// where the referenced schema is registered.
public struct SchemaReference: Sendable, Hashable, Codable {
    public var name: String
    public var subject: String
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }
}

/// A reference whose schema text has been fetched. The caller (the registry, or the CLI from
/// `--ref` files) passes the whole transitive closure, de-duplicated, dependencies first, as
/// Confluent's `resolveReferences` does.
public struct ResolvedReference: Sendable, Hashable {
    public var reference: SchemaReference
    public var schemaText: String

    public init(reference: SchemaReference, schemaText: String) {
        self.reference = reference
        self.schemaText = schemaText
    }

    public init(name: String, schemaText: String) {
        self.init(reference: SchemaReference(name: name, subject: name, version: 1), schemaText: schemaText)
    }
}
