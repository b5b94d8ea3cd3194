import Dispatch
import Synchronization

/// One write waiting for the writer: it runs against the writer's state, says whether it
/// succeeded, and answers its caller once the batch it joined is durable (or has failed).
struct WriteJob: Sendable {
    let run: @Sendable (inout Registry.State) -> (succeeded: Bool, answer: @Sendable (RegistryError?) -> Void)
}

/// The writes waiting for the writer, and the executor the writer runs on.
final class CommitPipeline: Sendable {
    private struct Queue {
        var jobs: [WriteJob] = []
        var draining = false
    }

    private let queue = Mutex(Queue())
    /// The writer runs here, never on one of NIO's event loops (a commit waits for fsync; the
    /// loops must keep answering reads meanwhile), at the priority of the other write work.
    var executor: BackgroundExecutor { .shared }
    /// The most writes one transaction takes (the rest wait for the next).
    let maxBatch: Int

    init(maxBatch: Int = 4096) { self.maxBatch = maxBatch }

    /// Queues `job`; true when no writer is draining (the caller must start one).
    func enqueue(_ job: WriteJob) -> Bool {
        queue.withLock { q in
            q.jobs.append(job)
            if q.draining { return false }
            q.draining = true
            return true
        }
    }

    /// Writes queued and not yet taken by the writer.
    var pending: Int { queue.withLock { $0.jobs.count } }

    /// Everything queued now (up to `maxBatch`); empty, and the writer stopped, when nothing is.
    func takeBatch() -> [WriteJob] {
        queue.withLock { q in
            if q.jobs.isEmpty {
                q.draining = false
                return []
            }
            if q.jobs.count <= maxBatch {
                defer { q.jobs = [] }
                return q.jobs
            }
            let batch = Array(q.jobs.prefix(maxBatch))
            q.jobs.removeFirst(maxBatch)
            return batch
        }
    }
}

extension Registry {
    /// Writes that passed their checks and wait for the writer (a gauge of the pipeline's depth).
    public var pendingWrites: Int { pipeline.pending }

    /// Runs `body` in the writer against the current state; `persist` inside it stages
    /// mutations. Returns once they are durable, with everything else that arrived meanwhile
    /// (group commit): one transaction and one fsync for the whole batch.
    func write<R: Sendable>(_ body: @escaping @Sendable (inout State) throws(RegistryError) -> R) async throws(RegistryError) -> R {
        let result: Result<R, RegistryError> = await withCheckedContinuation { continuation in
            let job = WriteJob { s in
                do throws(RegistryError) {
                    let value = try body(&s)
                    return (true, { error in continuation.resume(returning: error.map { .failure($0) } ?? .success(value)) })
                } catch {
                    return (false, { _ in continuation.resume(returning: .failure(error)) })
                }
            }
            submit(job)
        }
        return try result.get()
    }

    /// Queues `job`, starting the writer on its executor when none is draining.
    func submit(_ job: WriteJob) {
        if pipeline.enqueue(job) {
            Task(executorPreference: pipeline.executor) { await self.drain() }
        }
    }

    /// The writer: batches until the queue is empty.
    func drain() async {
        while true {
            let jobs = pipeline.takeBatch()
            if jobs.isEmpty { return }
            await commit(jobs)
        }
    }

    /// Asks the writer to take in what other instances committed (a shared store saw a change).
    func requestCatchUp() {
        catchUpRequested.store(true, ordering: .releasing)
        submit(WriteJob { _ in (true, { _ in }) })
    }

    /// Whether other instances share this registry's store (reads may be behind them).
    public var isShared: Bool { store.isShared }

    /// Returns once this instance has taken in everything other instances committed before the
    /// call (read-your-writes across instances: a client that registered elsewhere and now
    /// misses its schema here asks for this first). A no-op with a store of one instance.
    /// False when the store could not be asked (it is unreachable): this instance may then be
    /// behind, and a read that found nothing must not say "not found".
    @discardableResult
    public func catchUp() async -> Bool {
        guard store.isShared else { return true }
        catchUpRequested.store(true, ordering: .releasing)
        _ = try? await write { _ in () }
        // The writer asked the store after the request above (the batch of the no-op asked, or
        // an earlier batch that took the request did): its outcome is this call's.
        return lastCatchUpSucceeded.load(ordering: .acquiring)
    }

    /// The published state with what other instances committed applied (nil: nothing new).
    func takeInChanges(_ base: State) async -> State? {
        guard catchUpRequested.exchange(false, ordering: .acquiringAndReleasing) else { return nil }
        do {
            let changes = try await store.changes()
            lastCatchUpSucceeded.store(true, ordering: .releasing)
            if changes.isEmpty { return nil }
            return publish(base, adding: changes)
        } catch {
            // The store is unreachable: answer from what is in memory and try again later.
            lastCatchUpSucceeded.store(false, ordering: .releasing)
            catchUpRequested.store(true, ordering: .releasing)
            return nil
        }
    }

    /// Publishes `base` with `changes` applied (they are durable already: another instance
    /// committed them).
    func publish(_ base: State, adding changes: [StoreMutation]) -> State {
        var s = base
        Self.applyInMemory(&s, changes)
        publish(&s, changes)
        return s
    }

    /// Makes `s` (which holds `changes`, now durable) the published snapshot; a removed schema
    /// moves the removal generation the server's body cache checks.
    func publish(_ s: inout State, _ changes: [StoreMutation]) {
        s.staged = []
        let snapshot = Snapshot(s)
        published.withLock { $0 = snapshot }
        if changes.contains(where: { if case .removeSchema = $0 { true } else { false } }) {
            removals.add(1, ordering: .releasing)
        }
    }

    /// Runs one batch against a working copy of the published state, makes what succeeded
    /// durable in one store transaction, publishes the new state, then answers everyone.
    /// Nothing is answered before the commit, so nobody reads an acknowledged write that a
    /// failed commit lost. When a shared store says another instance committed first, its
    /// changes are taken in and the batch runs again on the new state (the jobs only decide;
    /// nothing is answered until a run commits).
    func commit(_ jobs: [WriteJob]) async {
        var base = published.withLock { $0 }.state
        if let current = await takeInChanges(base) { base = current }
        var attempts = 0
        while true {
            var working = base
            var durable: [StoreMutation] = []
            var answers: [(succeeded: Bool, answer: @Sendable (RegistryError?) -> Void)] = []
            answers.reserveCapacity(jobs.count)
            for job in jobs {
                let outcome = job.run(&working)
                if outcome.succeeded {
                    durable = working.staged
                } else if working.staged.count != durable.count {
                    // A write that failed half-way: its staged part goes (rare; rebuilt by replay).
                    working = base
                    Self.applyInMemory(&working, durable)
                    working.staged = durable
                }
                answers.append(outcome)
            }
            var failure: RegistryError?
            if !durable.isEmpty {
                let start = ContinuousClock.now
                do {
                    try await store.apply(durable)
                    metrics.commits.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
                    publish(&working, durable)
                } catch let conflict as StoreConflict where attempts < Self.maxCommitAttempts {
                    attempts += 1
                    base = publish(base, adding: conflict.changes)
                    continue
                } catch {
                    failure = RegistryError.store("\(error)")
                }
            }
            for a in answers { a.answer(a.succeeded ? failure : nil) }
            return
        }
    }

    /// How often one batch is run again after other instances committed first.
    static let maxCommitAttempts = 50
}
