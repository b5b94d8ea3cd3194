import HashTreeCollections

/// A map that stays cheap to snapshot however large it grows: what was loaded at start lives in
/// a plain dictionary that is never changed again (every snapshot shares its one storage), and
/// everything changed since lives in a persistent hash trie (a copy shares all but the paths it
/// changes). So a registry of a million versions loads as fast as dictionaries fill, and the
/// writer's copy of a published snapshot costs O(log changes) per change, not a copy of the map.
struct LayeredMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// As loaded; never mutated (so never copied).
    private let base: [Key: Value]
    /// Changes since the load: a value, or nil for a key of `base` that was removed.
    private var changed: TreeDictionary<Key, Value?> = [:]
    private(set) var count: Int

    init() {
        base = [:]
        count = 0
    }

    init(_ loaded: [Key: Value]) {
        base = loaded
        count = loaded.count
    }

    var isEmpty: Bool { count == 0 }

    subscript(key: Key) -> Value? {
        get {
            if let c = changed[key] { return c }
            return base[key]
        }
        _modify {
            var value = take(key)
            defer { put(key, value) }
            yield &value
        }
    }

    subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        _modify {
            var value = take(key) ?? defaultValue()
            defer { put(key, value) }
            yield &value
        }
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        let old = take(key)
        put(key, nil)
        return old
    }

    /// The value for `key`, moved out of `changed` when it is there (so an array value is
    /// uniquely referenced and grows in place); `count` no longer counts it.
    private mutating func take(_ key: Key) -> Value? {
        let value: Value?
        if let c = changed.removeValue(forKey: key) { value = c } else { value = base[key] }
        if value != nil { count -= 1 }
        return value
    }

    /// Records `value` for `key` after `take`.
    private mutating func put(_ key: Key, _ value: Value?) {
        if let value {
            changed[key] = .some(value)
            count += 1
        } else if base[key] != nil {
            changed[key] = .some(nil)
        }
    }

    var keys: LazyMapSequence<Self, Key> { lazy.map(\.key) }
    var values: LazyMapSequence<Self, Value> { lazy.map(\.value) }
}

extension LayeredMap: Sequence {
    struct Iterator: IteratorProtocol {
        fileprivate var changedIterator: TreeDictionary<Key, Value?>.Iterator
        fileprivate var baseIterator: Dictionary<Key, Value>.Iterator
        fileprivate let changed: TreeDictionary<Key, Value?>
        fileprivate var inChanged = true

        mutating func next() -> (key: Key, value: Value)? {
            while inChanged {
                guard let (k, v) = changedIterator.next() else { inChanged = false; break }
                if let v { return (k, v) }
            }
            while let (k, v) = baseIterator.next() {
                if changed[k] == nil { return (k, v) }   // not changed or removed since the load
            }
            return nil
        }
    }

    func makeIterator() -> Iterator {
        Iterator(changedIterator: changed.makeIterator(), baseIterator: base.makeIterator(), changed: changed)
    }

    var underestimatedCount: Int { count }
}

extension LayeredMap: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
