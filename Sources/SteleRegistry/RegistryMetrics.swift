import CoreMetrics

/// What the registry counts, through the swift-metrics API: the server gives it a factory
/// (Prometheus for `stele serve`), tests and tools none. Created once; recording is an atomic
/// add, cheap enough under the registry's lock.
public struct RegistryMetrics: Sendable {
    /// New versions written (a registration answered with an existing version is not one).
    let registrations: Counter
    /// Registrations refused as incompatible with the subject's level.
    let rejections: Counter
    /// Time for the store to make a commit durable (SQLite: the transaction and its fsync).
    let commits: Timer

    public init(factory: any MetricsFactory) {
        registrations = Counter(label: "stele_registrations_total", factory: factory)
        rejections = Counter(label: "stele_compatibility_rejections_total", factory: factory)
        commits = Timer(label: "stele_store_commit_duration_seconds", factory: factory)
    }

    public static let disabled = RegistryMetrics(factory: NOOPMetricsHandler.instance)
}

extension Duration {
    /// Whole nanoseconds, as swift-metrics timers take them.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
