import NIOCore

/// Message bytes the deserializers read in place, without copying: `[UInt8]` and NIO's
/// `ByteBuffer` (what Swift Kafka clients hand out).
public protocol MessageBytes: Sendable {
    func withMessageBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: MessageBytes where Element == UInt8 {
    public func withMessageBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try withUnsafeBytes(body) }
}

extension ByteBuffer: MessageBytes {
    public func withMessageBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try withUnsafeReadableBytes(body) }
}

extension MessageBytes {
    /// `withMessageBytes` with the serdes' own error type kept.
    func reading<R>(_ body: (UnsafeRawBufferPointer) throws(SerdesError) -> R) throws(SerdesError) -> R {
        do { return try withMessageBytes { raw in try body(raw) } } catch let e as SerdesError { throw e } catch {
            throw SerdesError(.invalidPayload, "\(error)")
        }
    }
}
