import Synchronization

/// What a serializer or deserializer has done beyond the per-message work, counted: after
/// warm-up both stay still while messages flow (tests check exactly that, by counting).
public struct SerdesStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Schemas parsed and compiled into codecs, resolvers or validators.
    public var schemasCompiled: Int
    /// Calls this serde made to the registry client (each may be answered by its cache).
    public var registryCalls: Int

    public var description: String { "schemasCompiled=\(schemasCompiled) registryCalls=\(registryCalls)" }
}

final class SerdesCounters: Sendable {
    let schemasCompiled = Atomic<Int>(0)
    let registryCalls = Atomic<Int>(0)

    func compiled() { schemasCompiled.add(1, ordering: .relaxed) }
    func called() { registryCalls.add(1, ordering: .relaxed) }

    var snapshot: SerdesStatistics {
        SerdesStatistics(schemasCompiled: schemasCompiled.load(ordering: .relaxed), registryCalls: registryCalls.load(ordering: .relaxed))
    }
}
