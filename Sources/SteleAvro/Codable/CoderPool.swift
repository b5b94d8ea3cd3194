import Synchronization

/// A direct encoder or decoder that a pool lends out.
protocol PooledCoder: AnyObject {
    /// Ends a call: clears what it left open, and answers whether a container it handed out is
    /// still held by someone else.
    func end() -> Bool
    /// Something from a call outlived it: the coder (and what it handed out) stays alive for good.
    func retire()
}

/// Direct coders between calls: a call takes one (or makes one when all are busy) and gives it
/// back, so buffers, frames and keyed containers are made once, not per message. One waits in
/// an atomic slot (a single caller takes and gives it back with one atomic operation each);
/// more, up to `limit`, in a locked list.
///
/// A coder whose call left a container (or the coder itself) held by someone else is retired:
/// kept alive for good, never lent again, and the pool is switched off — the general path serves
/// the plan from then on (a type that keeps its container would otherwise retire one coder per
/// message).
final class CoderPool<Coder: PooledCoder>: @unchecked Sendable {
    // @unchecked Sendable: the slot and the switches are atomics, the list a Mutex; a coder is
    // lent to one caller at a time and only given back once nothing from its call reaches it.
    private let slot = Atomic<Unmanaged<Coder>?>(nil)
    private let rest = Mutex<[Pooled<Coder>]>([])
    private let enabled = Atomic<Bool>(true)
    private let madeCount = Atomic<Int>(0)
    private let retiredCount = Atomic<Int>(0)
    static var limit: Int { 8 }

    deinit { slot.load(ordering: .acquiring)?.release() }

    /// Whether the direct path may still be taken (see above).
    var isEnabled: Bool { enabled.load(ordering: .relaxed) }
    /// How many coders were ever made and retired: after warm-up these stay put however many
    /// values go through (what the tests count).
    var made: Int { madeCount.load(ordering: .relaxed) }
    var retirements: Int { retiredCount.load(ordering: .relaxed) }

    func take(orMake make: () -> Coder) -> Coder {
        if let c = slot.exchange(nil, ordering: .acquiring) { return c.takeRetainedValue() }
        if let c = rest.withLock({ $0.popLast() })?.object { return c }
        madeCount.add(1, ordering: .relaxed)
        return make()
    }

    /// Back to the pool after a call, or retired when something from the call is still held.
    func giveBack(_ coder: inout Coder) {
        if coder.end() || !isKnownUniquelyReferenced(&coder) {
            coder.retire()
            retiredCount.add(1, ordering: .relaxed)
            enabled.store(false, ordering: .relaxed)
            return
        }
        let u = Unmanaged.passRetained(coder)
        if slot.compareExchange(expected: nil, desired: u, ordering: .releasing).exchanged { return }
        u.release()
        let c = Pooled(object: coder)
        rest.withLock { if $0.count < Self.limit { $0.append(c) } }
    }
}

/// A coder resting in a pool. @unchecked Sendable: the pool hands each one to a single caller
/// at a time, and a caller gives it back only when nothing from its call still reaches it
/// (`giveBack`), so no two threads ever use one.
struct Pooled<Object: AnyObject>: @unchecked Sendable {
    let object: Object
}
