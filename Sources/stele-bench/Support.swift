#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small helpers for the benchmark executable (no Foundation: the numbers should be ours).
enum BenchIO {
    static func option(_ name: String) -> String? {
        let args = CommandLine.arguments
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// `--ops a,b,…` limits the timed operations (`encode`, `decode`, `codable-encode`,
    /// `codable-decode`), so a profiler or an instruction count sees one of them alone.
    static func wants(_ op: String) -> Bool {
        guard let ops = option("--ops") else { return true }
        return ops.split(separator: ",").contains { $0 == op }
    }

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }

    static func fail(_ message: String) -> Never {
        print("stele-bench: \(message)")
        exit(2)
    }
}

/// Hands a result on and drops it, as a producer hands a message to Kafka or a consumer reads a
/// datum and moves on: a timed pass then costs what its messages cost, one at a time, as the
/// peers' passes do (libavro-c decodes into one reused value; Java's records die young), not
/// the keeping of 100,000 results alive and freeing them all at once in the next pass.
/// `@inline(never)`: the optimizer cannot drop the work whose result nobody reads.
@inline(never) func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

/// Times `body` `reps` times after one untimed warm-up; returns (best, median) seconds.
func timePasses(reps: Int, _ body: () throws -> Void) throws -> (Double, Double) {
    try body()
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<reps {
        var error: (any Error)? = nil
        let d = clock.measure {
            do { try body() } catch let e { error = e }
        }
        if let error { throw error }
        times.append(seconds(d))
    }
    times.sort()
    return (times[0], times[times.count / 2])
}

func resultLine(impl: String, workload: String, op: String, n: Int, bytes: Int, best: Double, median: Double, reps: Int, extra: String = "") -> String {
    var line = "impl=\(impl) workload=\(workload) op=\(op) n=\(n) bytes=\(bytes) secs=\(format(best)) "
    line += "rec_per_s=\(format(Double(n) / best)) mb_per_s=\(format(Double(bytes) / best / 1e6)) reps=\(reps) med_secs=\(format(median))"
    if !extra.isEmpty { line += " " + extra }
    return line
}
