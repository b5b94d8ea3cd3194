import SteleAvro
import SteleJSON
import SteleSchema

/// Stele's benchmark executable. Prints one result line per workload and op in the format of
/// `../shared/bench/README.md`, so `run_peers.sh --ours` can interleave it with the peers.
///
///     stele-bench compat [--versions N] [--fields F] [--reps R]
///
/// `compat`: a FULL_TRANSITIVE check of a new schema against N versions of an F-field record
/// (parsed once, as the registry keeps parsed schemas), timed over R passes.

func argument(_ name: String, default value: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]), v > 0 else { return value }
    return v
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func format(_ x: Double) -> String {
    let scaled = (x * 1e6).rounded() / 1e6
    return String(scaled)
}

func compatBenchmark() throws {
    let versions = argument("--versions", default: 1000)
    let fieldCount = argument("--fields", default: 100)
    let reps = argument("--reps", default: 5)
    var history: [(version: Int, schema: AvroSchema)] = []
    var bytes = 0
    for v in 1...versions {
        let fields = (0..<fieldCount).map { #"{"name":"f\#($0)","type":"long","default":\#(v)}"# }.joined(separator: ",")
        let text = #"{"type":"record","name":"Wide","namespace":"bench","fields":[\#(fields)]}"#
        bytes += text.utf8.count
        history.append((v, try AvroSchema(parsing: text)))
    }
    let fields = (0..<fieldCount).map { #"{"name":"f\#($0)","type":"long","default":0}"# }.joined(separator: ",")
    let new = try AvroSchema(parsing: #"{"type":"record","name":"Wide","namespace":"bench","fields":[\#(fields),{"name":"extra","type":"string","default":""}]}"#)
    let checker = AvroCompatibility()
    var times: [Double] = []
    let clock = ContinuousClock()
    _ = checker.check(new, against: history, level: .fullTransitive)  // warm-up
    for _ in 0..<reps {
        var compatible = false
        let elapsed = clock.measure {
            compatible = checker.check(new, against: history, level: .fullTransitive).isCompatible
        }
        precondition(compatible, "benchmark schema must be compatible")
        times.append(seconds(elapsed))
    }
    times.sort()
    let best = times[0]
    let median = times[times.count / 2]
    print(
        "impl=stele workload=compat-transitive-\(fieldCount)f op=check_full_transitive n=\(versions) bytes=\(bytes) "
            + "secs=\(format(best)) rec_per_s=\(format(Double(versions) / best)) mb_per_s=\(format(Double(bytes) / best / 1e6)) "
            + "reps=\(reps) med_secs=\(format(median))")
}

let workload = CommandLine.arguments.dropFirst().first ?? "compat"
switch workload {
case "compat":
    try compatBenchmark()
case "avro":
    try AvroBenchmark.run()
case "jsonschema":
    try JSONSchemaBenchmark.run()
case "serdes":
    try await SerdesBenchmark.run()
default:
    print("usage: stele-bench compat [--versions N] [--fields F] [--reps R]")
    print("       stele-bench avro [--data DIR] [--workload ride|order|all] [--n N] [--reps R]")
    print("       stele-bench jsonschema [--data DIR] [--schemas DIR] [--workload order-js2020|order-js07|all] [--n N] [--reps R]")
    print("       stele-bench serdes [--data DIR] [--workload ride|order|order-js2020|order-js07|all] [--n N] [--reps R]")
    exit(1)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
