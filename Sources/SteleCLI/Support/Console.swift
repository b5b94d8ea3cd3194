#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where commands write. Commands never call `print` directly: the executable writes to the
/// process's stdout/stderr, and tests run commands in-process with a capturing console
/// (bound per task, so parallel tests do not mix their output).
public final class Console: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    private let lock = Lock()
    private let capture: Bool
    private var outText = ""
    private var errText = ""
    private var outBinary: [UInt8] = []

    public init(capture: Bool) { self.capture = capture }

    public static let standard = Console(capture: false)

    @TaskLocal public static var current: Console = .standard

    public func out(_ line: String) { emit(line + "\n", error: false) }
    public func err(_ line: String) { emit(line + "\n", error: true) }

    /// Binary output (`--raw` messages): captured apart from the text.
    public func outBytes(_ bytes: [UInt8]) {
        if capture {
            lock.withLock { outBinary += bytes }
        } else {
            writeAll(bytes, to: 1)
        }
    }

    public func emit(_ text: String, error: Bool) {
        if capture {
            lock.withLock {
                if error { errText += text } else { outText += text }
            }
        } else {
            writeAll(Array(text.utf8), to: error ? 2 : 1)
        }
    }

    /// write(2) on the descriptors: no shared C `FILE*` state, nothing buffered on exit.
    private func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in systemWrite(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }

    public var capturedOut: String { lock.withLock { outText } }
    public var capturedErr: String { lock.withLock { errText } }
    public var capturedBytes: [UInt8] { lock.withLock { outBinary } }
}

/// A minimal mutex over pthread (the CLI target has no other concurrency needs).
final class Lock: @unchecked Sendable {
    // @unchecked: the pthread mutex is the synchronisation itself.
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
