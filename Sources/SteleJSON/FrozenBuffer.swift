/// Immutable tables in memory their owner frees: compiled plans (the JSON Schema validator's,
/// the `Codable` bridge's) copy arrays here once, so their hot loops read plain pointers — no
/// array retain, uniqueness or bounds bookkeeping per access. The owner calls `release` exactly
/// once, in its `deinit`, and never writes through the buffer.
public enum FrozenBuffer {
    public static func freeze<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
    }

    public static func release<T>(_ buffer: UnsafeBufferPointer<T>) {
        let base = UnsafeMutablePointer(mutating: buffer.baseAddress!)
        base.deinitialize(count: buffer.count)
        base.deallocate()
    }
}
