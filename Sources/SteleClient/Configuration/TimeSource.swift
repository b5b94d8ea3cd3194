/// The clock the client reads for cache ages and sleeps on between retries, passed in as a
/// value (no global state), so tests run retry schedules and TTLs without waiting.
public struct TimeSource: Sendable {
    /// Monotonic time since an arbitrary origin.
    public var now: @Sendable () -> Duration
    /// Waits; throws when the task is cancelled (so cancelling the caller stops a retry wait).
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// `ContinuousClock` and `Task.sleep`.
    public static var system: TimeSource {
        let origin = ContinuousClock.now
        return TimeSource(now: { ContinuousClock.now - origin }, sleep: { try await Task.sleep(for: $0) })
    }
}
