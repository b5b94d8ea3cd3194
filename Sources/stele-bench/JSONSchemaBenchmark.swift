import SteleJSON
import SteleJSONSchema

/// `stele-bench jsonschema`: validate (pre-parsed documents) and parse_validate (JSON text →
/// validate) of `order.jsonl` against the order schema in draft 2020-12 and draft-07, formats
/// asserted (as jsonschema-rs runs with `validate_formats=True`); `rejected=` counts the
/// invalid set the validator refuses.
enum JSONSchemaBenchmark {
    static func run() throws {
        let dataDir = BenchIO.option("--data") ?? BenchIO.environment("BENCH_DATA") ?? "../shared/bench/data"
        let schemaDir = BenchIO.option("--schemas") ?? BenchIO.environment("BENCH_SCHEMAS") ?? dataDir + "/../schemas"
        let reps = argument("--reps", default: 3)
        let limit = argument("--n", default: 100_000)
        let only = BenchIO.option("--workload") ?? "all"
        guard let orderBytes = BenchIO.readFile(dataDir + "/order.jsonl"), let invalidBytes = BenchIO.readFile(dataDir + "/order-invalid.jsonl") else {
            BenchIO.fail("order.jsonl / order-invalid.jsonl not found in \(dataDir) (run ../shared/bench/gen_data.py)")
        }
        let lines = Array(orderBytes.split(separator: UInt8(ascii: "\n")).prefix(limit).map { Array($0) })
        let docs = try lines.map { try JSONParser().parse($0) }
        let invalid = try invalidBytes.split(separator: UInt8(ascii: "\n")).map { try JSONParser().parse(Array($0)) }
        let bytes = lines.reduce(0) { $0 + $1.count }

        for (workload, file) in [("order-js2020", "order.draft2020-12.schema.json"), ("order-js07", "order.draft-07.schema.json")] {
            guard only == "all" || only == workload else { continue }
            guard let text = BenchIO.readFile(schemaDir + "/" + file) else { BenchIO.fail("\(schemaDir)/\(file) not found") }
            let validator = try JSONSchemaValidator(schema: try JSONParser().parse(text), options: .init(formatAssertion: true))
            var missed: [String: Int] = [:]
            for r in invalid where validator.isValid(r["doc"] ?? .null) {
                missed[r["defect"]?.stringValue ?? "?", default: 0] += 1
            }
            let rejected = invalid.count - missed.values.reduce(0, +)
            var extra = "rejected=\(rejected)/\(invalid.count)"
            if !missed.isEmpty { extra += " missed=" + missed.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") }

            var ok = 0
            let (vBest, vMed) = try timePasses(reps: reps) {
                ok = 0
                for d in docs where validator.isValid(d) { ok += 1 }
            }
            print(resultLine(impl: "stele", workload: workload, op: "validate", n: docs.count, bytes: bytes, best: vBest, median: vMed, reps: reps,
                             extra: "valid=\(ok)/\(docs.count) " + extra))
            let parser = JSONParser()
            let (pBest, pMed) = try timePasses(reps: reps) {
                ok = 0
                for line in lines where validator.isValid(try parser.parse(line)) { ok += 1 }
            }
            print(resultLine(impl: "stele", workload: workload, op: "parse_validate", n: lines.count, bytes: bytes, best: pBest, median: pMed, reps: reps,
                             extra: "valid=\(ok)/\(lines.count) " + extra))
        }
    }
}
