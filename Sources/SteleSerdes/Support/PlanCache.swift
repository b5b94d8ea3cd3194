import Synchronization

/// The serdes' per-message lookup: compiled plans by key (a topic, a writer schema), with the
/// last hit remembered, since consecutive messages almost always share it. Values are
/// immutable class instances, so a hit is one lock, one key comparison and one retain — no
/// struct copies, no allocation.
///
/// Bounded: beyond `capacity` entries the oldest goes (a stream naming ever new schema ids
/// cannot grow it without limit).
final class PlanCache<Key: Hashable & Sendable, Value: AnyObject & Sendable>: Sendable {
    private struct State {
        var lastKey: Key?
        var last: Value?
        var entries: [Key: Value] = [:]
        var order: [Key] = []
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 1000) { self.capacity = max(1, capacity) }

    func get(_ key: Key) -> Value? {
        state.withLock { s in
            if let last = s.last, s.lastKey == key { return last }
            guard let v = s.entries[key] else { return nil }
            s.lastKey = key
            s.last = v
            return v
        }
    }

    func put(_ key: Key, _ value: Value) {
        state.withLock { s in
            if s.entries.updateValue(value, forKey: key) == nil {
                s.order.append(key)
                if s.order.count > capacity {
                    let oldest = s.order.removeFirst()
                    s.entries[oldest] = nil
                    if s.lastKey == oldest { s.lastKey = nil; s.last = nil }
                }
            }
            s.lastKey = key
            s.last = value
        }
    }
}
