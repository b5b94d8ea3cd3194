import Synchronization

/// Concurrent misses for one key share one fetch: the first caller starts it, the others wait
/// for its answer (Go's `singleflight`). A consumer that meets a new schema id in 500
/// partitions at once makes one request, not 500.
///
/// The fetch runs in its own task, so one waiter's cancellation does not fail the others; when
/// every waiter has been cancelled, the fetch is cancelled too (its retries stop). The task
/// removes its entry when done, so a later miss starts a new fetch.
final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Flight {
        let task: Task<Value, any Error>
        var waiters: Int
    }

    private let flights = Mutex<[Key: Flight]>([:])

    /// Returns `fetch`'s answer for `key`, and whether this call joined a fetch already running.
    func run(_ key: Key, _ fetch: @escaping @Sendable () async throws -> Value) async throws -> (value: Value, joined: Bool) {
        let (task, joined) = flights.withLock { f -> (Task<Value, any Error>, Bool) in
            if var running = f[key] {
                running.waiters += 1
                f[key] = running
                return (running.task, true)
            }
            // Created under the lock: the task's own removal (below) cannot run before this
            // insertion, since it takes the same lock.
            let task = Task<Value, any Error> { [weak self] in
                defer { self?.flights.withLock { _ = $0.removeValue(forKey: key) } }
                return try await fetch()
            }
            f[key] = Flight(task: task, waiters: 1)
            return (task, false)
        }
        return try await withTaskCancellationHandler {
            (try await task.value, joined)
        } onCancel: {
            let abandoned = flights.withLock { f -> Bool in
                guard var flight = f[key], flight.task == task else { return false }
                flight.waiters -= 1
                f[key] = flight
                return flight.waiters <= 0
            }
            if abandoned { task.cancel() }
        }
    }
}
