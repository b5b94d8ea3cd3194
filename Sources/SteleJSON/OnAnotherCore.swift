import Dispatch

/// Work started on another core now, its result collected later: start-up loads that split
/// their work over both cores (the caller does its own part meanwhile, then asks for `value`).
public final class OnAnotherCore<Value, Failure: Error>: @unchecked Sendable {
    // @unchecked Sendable: `result` is written once, by the worker, before the group leaves,
    // and read only after `wait()` returns (the group orders the two).
    private var result: Result<Value, Failure>?
    private let done = DispatchGroup()

    public init(_ work: @escaping @Sendable () throws(Failure) -> Value) {
        DispatchQueue.global().async(group: done) { self.result = Result { () throws(Failure) in try work() } }
    }

    /// Waits for the work; its value, or its error.
    public func value() throws(Failure) -> Value {
        done.wait()
        return try result!.get()
    }
}
