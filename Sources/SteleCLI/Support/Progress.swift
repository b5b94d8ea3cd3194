#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress counter on standard error for long operations (`apply` over hundreds
/// of files, bulk `encode`): shown only when standard error is a terminal, `CI` is unset and
/// output is not being captured, so logs and pipes never see it. Redrawn at most ~10 times a
/// second.
final class Progress: @unchecked Sendable {
    // @unchecked: used by one command on one task at a time; `lastDraw` is its only state.
    private let enabled: Bool
    private let what: String
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(_ what: String, console: Console = .current) {
        self.what = what
        enabled = console === Console.standard && isatty(2) == 1 && RegistryOptions.environment("CI") == nil
    }

    static let silent = Progress(disabled: ())
    private init(disabled: Void) { enabled = false; what = "" }

    func update(_ done: Int, of total: Int, _ item: String) {
        guard enabled, total > 1 else { return }
        let now = Self.nanoseconds()
        guard now - lastDraw > 100_000_000 || done + 1 == total else { return }
        lastDraw = now
        drawn = true
        let name = item.count > 50 ? String(item.prefix(47)) + "..." : item
        Console.standard.emit("\r\u{1B}[2K\(what) \(done + 1)/\(total) \(name)", error: true)
    }

    /// Clears the line, so what follows starts at column one.
    func finish() {
        guard enabled, drawn else { return }
        Console.standard.emit("\r\u{1B}[2K", error: true)
        drawn = false
    }

    private static func nanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
