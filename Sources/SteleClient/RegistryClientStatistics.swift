import Synchronization

/// What the client has done, counted: tests check "no request per message after warm-up" by
/// reading these before and after, never by timing; services can export them as metrics.
public struct RegistryClientStatistics: Sendable, Hashable, CustomStringConvertible {
    /// HTTP requests sent (every attempt, retries and failovers included).
    public var requests: Int
    /// Attempts after the first for one call (retry or next URL).
    public var retries: Int
    /// Calls answered from a cache (including remembered "not found" answers).
    public var cacheHits: Int
    /// Calls that had to ask the registry.
    public var cacheMisses: Int
    /// Calls that joined a request another task already had in flight.
    public var joined: Int
    /// Expired answers served because the registry could not be reached.
    public var staleAnswers: Int

    public var description: String {
        "requests=\(requests) retries=\(retries) cacheHits=\(cacheHits) cacheMisses=\(cacheMisses) joined=\(joined) staleAnswers=\(staleAnswers)"
    }
}

/// The live counters behind `RegistryClientStatistics` (atomics: read without a lock).
final class ClientCounters: Sendable {
    let requests = Atomic<Int>(0)
    let retries = Atomic<Int>(0)
    let cacheHits = Atomic<Int>(0)
    let cacheMisses = Atomic<Int>(0)
    let joined = Atomic<Int>(0)
    let staleAnswers = Atomic<Int>(0)

    func snapshot() -> RegistryClientStatistics {
        RegistryClientStatistics(
            requests: requests.load(ordering: .relaxed), retries: retries.load(ordering: .relaxed),
            cacheHits: cacheHits.load(ordering: .relaxed), cacheMisses: cacheMisses.load(ordering: .relaxed),
            joined: joined.load(ordering: .relaxed), staleAnswers: staleAnswers.load(ordering: .relaxed))
    }
}
