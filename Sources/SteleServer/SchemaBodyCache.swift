import NIOCore
import SteleJSON
import SteleRegistry
import Synchronization

/// The serialized `GET /schemas/ids/{id}` body of each id asked for, so a read is a lookup and
/// a retain instead of building and writing JSON. An id's schema never changes while the id
/// resolves; the cache is emptied whenever the registry reports an id gone
/// (`removalGeneration`), and when it outgrows its byte budget.
final class SchemaBodyCache: Sendable {
    private struct Entries {
        var generation = 0
        var bodies: [Int: ByteBuffer] = [:]
        var bytes = 0
    }

    let registry: Registry
    private let entries = Mutex(Entries())
    private let budgetBytes: Int
    private let metrics: ServerMetrics?

    init(registry: Registry, budgetBytes: Int = 64 << 20, metrics: ServerMetrics? = nil) {
        self.registry = registry
        self.budgetBytes = budgetBytes
        self.metrics = metrics
    }

    /// Bodies held now.
    var count: Int { entries.withLock { $0.bodies.count } }

    /// The SchemaString body of `id`; 40403 when no version holds it.
    func body(id: Int) throws(RegistryError) -> ByteBuffer {
        let generation = registry.removalGeneration
        if let hit = entries.withLock({ $0.generation == generation ? $0.bodies[id] : nil }) {
            metrics?.cacheHits.increment()
            return hit
        }
        metrics?.cacheMisses.increment()
        var bytes: [UInt8] = []
        JSONWriter().write(Wire.schemaString(try registry.schema(id: id)), into: &bytes)
        let body = ByteBuffer(bytes: bytes)
        entries.withLock { e in
            if e.generation != generation || e.bytes + bytes.count > budgetBytes { e = Entries(generation: generation) }
            e.bodies[id] = body
            e.bytes += bytes.count
        }
        return body
    }
}
