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
