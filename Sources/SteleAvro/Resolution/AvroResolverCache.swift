import Synchronization

/// Resolvers for one reader schema, one per writer schema id, each compiled on first use — what a
/// consumer needs: every message names its writer's schema id, the reader's schema is fixed.
///
/// Bounded: at most `capacity` writer schemas are kept (a topic carrying a hostile stream of
/// schema ids cannot grow it without limit); beyond that, the oldest entry is dropped.
public final class AvroResolverCache: Sendable {
    public let reader: AvroSchema
    public let limits: AvroDecodingLimits
    public let capacity: Int

    private struct State {
        var resolvers: [Int: AvroResolver] = [:]
        var order: [Int] = []
    }
    private let state = Mutex(State())

    public init(reader: AvroSchema, limits: AvroDecodingLimits = .default, capacity: Int = 1_000) {
        self.reader = reader
        self.limits = limits
        self.capacity = max(1, capacity)
    }

    /// The resolver from the writer schema with `writerID` to the reader; `writer` is asked for
    /// the schema only the first time the id is seen.
    public func resolver(writerID: Int, writer: () throws -> AvroSchema) rethrows -> AvroResolver {
        if let cached = state.withLock({ $0.resolvers[writerID] }) { return cached }
        // Compiled outside the lock: a slow compile does not hold up readers of other ids. Two
        // threads may both compile the same pair; the first stored wins, both are equal.
        let compiled = AvroResolver(writer: try writer(), reader: reader, limits: limits)
        return state.withLock { s in
            if let existing = s.resolvers[writerID] { return existing }
            if s.order.count >= capacity {
                let oldest = s.order.removeFirst()
                s.resolvers[oldest] = nil
            }
            s.resolvers[writerID] = compiled
            s.order.append(writerID)
            return compiled
        }
    }

    public var count: Int { state.withLock { $0.resolvers.count } }
}
