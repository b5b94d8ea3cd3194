/// An ordered JSON object. Member order is the source order (canonical writers sort on output).
///
/// Lookups are linear for small objects, which is what schemas and most messages are; once an
/// object has more than `indexThreshold` members a key → position index is kept beside it, so
/// large objects and duplicate-key detection stay O(1) per member.
public struct JSONObject: Sendable, RandomAccessCollection {
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    static let indexThreshold = 12

    public private(set) var members: [Member]
    private var index: [String: Int]?

    public init() {
        members = []
        index = nil
    }

    /// Builds an object from members whose keys the caller guarantees are distinct.
    public init(uniqueMembers: [Member]) {
        members = uniqueMembers
        index = nil
        if members.count > Self.indexThreshold { rebuildIndex() }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    public var keys: [String] { members.map(\.key) }

    /// Position of `key`, if present.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in members.indices where members[i].key == key { return i }
        return nil
    }

    public func contains(key: String) -> Bool { position(of: key) != nil }

    /// The value for `key`; setting `nil` removes it. Setting an existing key keeps its position.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return members[i].value
        }
        set {
            if let i = position(of: key) {
                if let newValue {
                    members[i].value = newValue
                } else {
                    members.remove(at: i)
                    if index != nil { rebuildIndex() }
                }
            } else if let newValue {
                append(key: key, value: newValue)
            }
        }
    }

    /// Appends without checking for an existing key (the parser checks before calling).
    mutating func append(key: String, value: JSONValue) {
        members.append(Member(key: key, value: value))
        if index != nil {
            index![key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    mutating func replaceValue(at position: Int, with value: JSONValue) {
        members[position].value = value
    }

    private mutating func rebuildIndex() {
        var idx = [String: Int](minimumCapacity: members.count)
        for (i, m) in members.enumerated() { idx[m.key] = i }
        index = idx
    }
}

extension JSONObject: Hashable {
    /// Objects are equal when they have the same keys with equal values, in any order (RFC 8259
    /// objects are unordered collections).
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for m in a.members {
            guard let other = b[m.key], other == m.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: a commutative sum of each member's own hash (key and value), so
        // objects that differ only in values (`{"const":1}`, `{"const":2}` …) do not collide.
        var sum = 0
        for m in members {
            var h = Hasher()
            h.combine(m.key)
            h.combine(m.value)
            sum = sum &+ h.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}
