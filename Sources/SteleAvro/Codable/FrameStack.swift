/// The direct `Codable` paths' stack of open containers, in memory the encoder or decoder owns
/// for one call. Reading or updating a frame is a plain load or store: an array held in a class
/// property would be retained and uniqueness-checked around every access, per field.
///
/// Noncopyable: the one owner frees the memory when it goes.
struct FrameStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init() {
        capacity = 8
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var last: Element? { count > 0 ? base[count - 1] : nil }

    /// The top element in place (valid until the next append or removal).
    var top: UnsafeMutablePointer<Element>? {
        @inline(__always) get { count > 0 ? base + (count &- 1) : nil }
    }

    mutating func append(_ element: Element) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func removeLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    subscript(i: Int) -> Element {
        unsafeAddress { UnsafePointer(base + i) }
        nonmutating unsafeMutableAddress { base + i }
    }
}

/// A container frame of the direct paths: its node, and for a record the field expected next.
protocol FieldFrame {
    var node: Int32 { get }
    var next: Int { get set }
}

extension FrameStack where Element: FieldFrame {
    /// The index of the next field of the open record of `t` when `key` names it and its node
    /// is of `kind` (not a union); -1 otherwise (another frame on top, another key or kind).
    @inline(__always)
    func nextField<K>(_ t: KeyTable, _ key: K, _ kind: AvroPlan.Kind) -> Int {
        guard let top, top.pointee.node == t.node else { return -1 }
        let i = top.pointee.next
        return t.matches(key, field: i, kind: kind) ? i : -1
    }

    /// The field found by `nextField` counted as done.
    @inline(__always)
    func advance() {
        top.unsafelyUnwrapped.pointee.next &+= 1
    }
}
