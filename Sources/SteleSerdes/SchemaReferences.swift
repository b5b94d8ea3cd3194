import SteleClient
import SteleSchema

/// Fetching what a schema's references name, as Confluent's clients do before parsing: each
/// referenced subject-version (`GET /subjects/{s}/versions/{v}?deleted=true`, since a
/// referenced version may be soft-deleted and still in use), transitively, dependencies
/// first, each name once. Depth and count are bounded, so a hostile reference graph ends.
public enum SchemaReferences {
    public static let maxDepth = 64
    public static let maxReferences = 10_000

    public static func resolve(_ references: [SchemaReference], client: RegistryClient) async throws(SerdesError) -> [ResolvedReference] {
        try await resolve(references, client: client, counters: nil)
    }

    static func resolve(_ references: [SchemaReference], client: RegistryClient, counters: SerdesCounters?) async throws(SerdesError) -> [ResolvedReference] {
        var out: [ResolvedReference] = []
        var names = Set<String>()
        var visited = Set<SchemaReference>()
        func visit(_ r: SchemaReference, depth: Int) async throws(SerdesError) {
            guard visited.insert(r).inserted else { return }
            guard depth < maxDepth else { throw SerdesError(.incompatibleSchema, "schema references nested more than \(maxDepth) levels (at \(r.name))") }
            guard visited.count <= maxReferences else { throw SerdesError(.incompatibleSchema, "more than \(maxReferences) schema references") }
            counters?.called()
            let registered: RegisteredSchema
            do {
                registered = try await client.version(subject: r.subject, r.version < 0 ? .latest : .number(r.version), deleted: true)
            } catch {
                throw SerdesError.registry(error, "reference \(r.name) (subject \(r.subject) version \(r.version))")
            }
            for inner in registered.schema.references { try await visit(inner, depth: depth + 1) }
            if names.insert(r.name).inserted { out.append(ResolvedReference(reference: r, schemaText: registered.schema.schema)) }
        }
        for r in references { try await visit(r, depth: 0) }
        return out
    }
}
