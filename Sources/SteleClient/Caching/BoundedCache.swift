/// A cache with at most `capacity` entries; the oldest inserted entry goes first when full.
/// Entries may carry an age limit, checked on read against a caller-supplied clock.
///
/// Not synchronised: the client keeps its caches inside one `Mutex`. Every operation is O(1)
/// amortised (insertion order is a queue with a moving head, compacted as it drains).
struct BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var storedAt: Duration
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var order: [Key] = []
    private var head = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The value and whether it is younger than `ttl` (nil: no age limit).
    func lookup(_ key: Key, now: Duration, ttl: Duration?) -> (value: Value, fresh: Bool)? {
        guard let e = entries[key] else { return nil }
        guard let ttl else { return (e.value, true) }
        return (e.value, now - e.storedAt < ttl)
    }

    mutating func insert(_ value: Value, for key: Key, now: Duration) {
        if entries[key] != nil {
            entries[key] = Entry(value: value, storedAt: now)
            return
        }
        while entries.count >= capacity && head < order.count {
            entries[order[head]] = nil
            head += 1
        }
        entries[key] = Entry(value: value, storedAt: now)
        order.append(key)
        compactIfDrained()
    }

    mutating func remove(_ key: Key) {
        entries[key] = nil
    }

    mutating func removeAll(where shouldRemove: (Key) -> Bool) {
        for k in entries.keys where shouldRemove(k) { entries[k] = nil }
    }

    mutating func removeAll() {
        entries.removeAll()
        order.removeAll()
        head = 0
    }

    /// Keys removed by `remove` stay in `order` until their turn; drop the consumed prefix and
    /// such stale keys once they outnumber the live ones.
    private mutating func compactIfDrained() {
        guard order.count > 2 * capacity + 16 else { return }
        var seen = Set<Key>()
        var fresh: [Key] = []
        fresh.reserveCapacity(entries.count)
        for k in order[head...] where entries[k] != nil && seen.insert(k).inserted { fresh.append(k) }
        order = fresh
        head = 0
    }
}
