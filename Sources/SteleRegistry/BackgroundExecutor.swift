#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DequeModule
import Dispatch
import Synchronization

/// A task executor on threads of its own that run at a lower scheduling priority (nice 10).
/// The registry's expensive writes run here — parsing, normalizing and checking a
/// registration, and the writer's commits — so that when both compete for the CPU the event
/// loops answering reads win: a registration storm does not starve the lookups producers and
/// consumers wait on (a registration is rare, and its caller can wait). Idle, a niced thread
/// runs as fast as any other.
///
/// One set of threads for the process (registries share it).
final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` is a Mutex, the semaphore is thread-safe, and the threads
    // only take jobs through both.
    static let shared = BackgroundExecutor(threads: 2, niceness: 10)

    private let jobs = Mutex<Deque<UnownedJob>>([])
    private let ready = DispatchSemaphore(value: 0)
    private let niceness: Int32

    private init(threads: Int, niceness: Int32) {
        self.niceness = niceness
        for _ in 0..<threads { start() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    private func start() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            let executor = Unmanaged<BackgroundExecutor>.fromOpaque(context!).takeRetainedValue()
            #if os(Linux)
            // A thread's niceness is its own on Linux (each thread is a task of the scheduler);
            // elsewhere `nice` would lower the whole process, so the threads keep its priority.
            _ = nice(executor.niceness)
            #endif
            executor.run()
            return nil
        }, context)
        precondition(created == 0, "cannot start the registry's background threads")
        pthread_detach(thread)
    }

    private func run() -> Never {
        while true {
            ready.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
