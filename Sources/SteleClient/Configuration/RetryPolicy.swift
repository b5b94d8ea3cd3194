/// When and how long to wait before trying a request again: Confluent's clients' rules as a
/// value (swift-otel's `RetryPolicy` shape), so the schedule is tested without a network.
///
/// Defaults are Confluent's (`max.retries` 3, `retries.wait.ms` 1000, `retries.max.wait.ms`
/// 20000): retry on HTTP 408, 429, 500, 502, 503, 504 and on transport failures, waiting a
/// random time in `0 ..< min(maxDelay, baseDelay × 2^retry)` ("full jitter"), or the server's
/// `Retry-After` when it gives one (capped at `maxDelay`).
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt (so at most `maxRetries + 1` rounds over the URLs).
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var retriableStatuses: Set<Int>

    public init(maxRetries: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(20),
                retriableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retriableStatuses = retriableStatuses
    }

    /// No retries at all (tools that should fail at once).
    public static let none = RetryPolicy(maxRetries: 0)

    /// What one attempt gave.
    public enum Outcome: Sendable {
        case response(status: Int, retryAfter: Duration?)
        case transportFailure
    }

    public func isRetriable(_ outcome: Outcome) -> Bool {
        switch outcome {
        case .response(let status, _): return retriableStatuses.contains(status)
        case .transportFailure: return true
        }
    }

    /// The wait before retry number `retry` (0 for the first retry); `unit` is a uniform random
    /// number in 0..<1 (passed in so the schedule is deterministic in tests).
    public func delay(beforeRetry retry: Int, after outcome: Outcome, unit: Double) -> Duration {
        if case .response(_, let retryAfter?) = outcome { return min(retryAfter, maxDelay) }
        let cap = Self.seconds(maxDelay)
        let exponential = Self.seconds(baseDelay) * Double(1 << min(retry, 30))
        let ceiling = min(cap, exponential)
        return .nanoseconds(Int64((ceiling * max(0, min(unit, 1)) * 1e9).rounded(.down)))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// `Retry-After` as delta-seconds (an HTTP date is ignored: the jittered backoff applies).
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let s = Double(header.trimmingSpaces), s >= 0, s.isFinite else { return nil }
        return .milliseconds(Int64(s * 1000))
    }
}
