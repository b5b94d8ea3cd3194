import SteleAvro
import SteleJSON

/// The `ride` and `order` Avro workloads of `../shared/bench/workloads.md`, through the generic
/// datum: encode from the JSONL inputs (converted before timing, as the peers do) and decode
/// the `.avrobin` payloads, with `match=` against the reference bytes.
enum AvroBenchmark {
    static func run() throws {
        let dir = BenchIO.option("--data") ?? BenchIO.environment("BENCH_DATA") ?? "../shared/bench/data"
        let which = BenchIO.option("--workload") ?? "all"
        let limit = BenchIO.option("--n").flatMap { Int($0) }
        let reps = BenchIO.option("--reps").flatMap { Int($0) } ?? 5
        for workload in ["ride", "order"] where which == "all" || which == workload {
            try bench(workload, dir: dir, limit: limit, reps: reps)
        }
    }

    /// The workload's schema, its records as generic datums (converted from the JSONL inputs,
    /// as the peers convert theirs before timing), and the reference payloads.
    static func inputs(_ workload: String, dir: String, limit: Int?) throws -> (AvroSchema, [AvroValue], [[UInt8]]) {
        guard let schemaBytes = BenchIO.readFile("\(dir)/../schemas/\(workload).avsc") ?? BenchIO.readFile("schemas/\(workload).avsc") else {
            BenchIO.fail("cannot read the \(workload).avsc schema")
        }
        let schema = try AvroSchema(parsing: String(decoding: schemaBytes, as: UTF8.self))
        guard let jsonl = BenchIO.readFile("\(dir)/\(workload).jsonl"), let bin = BenchIO.readFile("\(dir)/\(workload).avrobin") else {
            BenchIO.fail("no \(workload).jsonl / .avrobin in \(dir) (run ../shared/bench/run_peers.sh once to generate them)")
        }
        var datums: [AvroValue] = []
        let json = AvroJSONEncoding(schema: schema)
        var start = 0
        while start < jsonl.count {
            if let limit, datums.count >= limit { break }
            var end = start
            while end < jsonl.count && jsonl[end] != UInt8(ascii: "\n") { end += 1 }
            defer { start = end + 1 }
            if end == start { continue }
            let doc = try JSONParser().parse(Array(jsonl[start..<end]))
            datums.append(workload == "ride" ? try json.value(from: doc) : try OrderConversion.value(doc))
        }
        var payloads: [[UInt8]] = []
        var pos = 0
        while pos + 4 <= bin.count && payloads.count < datums.count {
            let n = Int(bin[pos]) | Int(bin[pos + 1]) << 8 | Int(bin[pos + 2]) << 16 | Int(bin[pos + 3]) << 24
            payloads.append(Array(bin[(pos + 4)..<(pos + 4 + n)]))
            pos += 4 + n
        }
        return (schema, datums, payloads)
    }

    static func bench(_ workload: String, dir: String, limit: Int?, reps: Int) throws {
        let (schema, datums, payloads) = try inputs(workload, dir: dir, limit: limit)
        let codec = AvroCodec(schema: schema)
        let n = datums.count
        let totalBytes = payloads.reduce(0) { $0 + $1.count }

        if BenchIO.wants("encode") {
        let (eBest, eMed) = try timePasses(reps: reps) {
            for d in datums { consume(try codec.encode(d)) }
        }
        let matches = try zip(datums, payloads).filter { try codec.encode($0) == $1 }.count
        print(resultLine(impl: "stele-generic", workload: workload, op: "encode", n: n, bytes: totalBytes, best: eBest, median: eMed, reps: reps, extra: "match=\(matches)/\(n)"))
        }
        if BenchIO.wants("decode") {

        let (dBest, dMed) = try timePasses(reps: reps) {
            for p in payloads { consume(try codec.decode(p)) }
        }
        let decodedMatches = try zip(payloads, datums).filter { try codec.decode($0) == $1 }.count
        print(resultLine(impl: "stele-generic", workload: workload, op: "decode", n: n, bytes: totalBytes, best: dBest, median: dMed, reps: reps, extra: "match=\(decodedMatches)/\(n)"))
        }
        guard BenchIO.wants("codable-encode") || BenchIO.wants("codable-decode") else { return }

        if workload == "ride" {
            try CodableBenchmark.run(CodableBenchmark.Ride.self, workload: workload, schema: schema, payloads: payloads, reps: reps)
        } else {
            try CodableBenchmark.run(CodableBenchmark.Order.self, workload: workload, schema: schema, payloads: payloads, reps: reps)
        }
    }
}

/// `order.jsonl` is in the JSON-Schema shape; this is `peers/common.py: order_to_avro` for the
/// generic datum: decimals from strings, base64 note, hex checksum, plain union branches.
enum OrderConversion {
    struct Bad: Error { let what: String }

    static func value(_ d: JSONValue) throws -> AvroValue {
        func str(_ v: JSONValue?) throws -> String { guard let s = v?.stringValue else { throw Bad(what: "string") }; return s }
        func int(_ v: JSONValue?) throws -> Int64 { guard let i = v?.intValue else { throw Bad(what: "int") }; return i }
        let statuses = ["PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"]
        let customer = d["customer"]
        let address: AvroValue
        if let a = d["shipping_address"], !a.isNull {
            address = .union(1, .record([.string(try str(a["street"])), .string(try str(a["city"])), .string(try str(a["postcode"])), .string(try str(a["country"]))]))
        } else {
            address = .union(0, .null)
        }
        let coupon: AvroValue = (d["coupon"]?.stringValue).map { .union(1, .string($0)) } ?? .union(0, .null)
        var items: [AvroValue] = []
        for it in d["items"]?.arrayValue ?? [] {
            let discount: AvroValue = (it["discount"]?.doubleValue).map { .union(1, .double($0)) } ?? .union(0, .null)
            items.append(.record([.string(try str(it["sku"])), .int(Int32(try int(it["quantity"]))), .bytes(try decimal(try str(it["unit_price"]))), discount]))
        }
        var attributes: [AvroMapEntry] = []
        for m in d["attributes"]?.objectValue ?? JSONObject() { attributes.append(AvroMapEntry(key: m.key, value: .string(try str(m.value)))) }
        guard let status = statuses.firstIndex(of: try str(d["status"])) else { throw Bad(what: "status") }
        return .record([
            .string(try str(d["order_id"])), .long(try int(d["customer_id"])), .long(try int(d["created_at"])), .enumeration(status),
            .record([.string(try str(customer?["name"])), .string(try str(customer?["email"])), .int(Int32(try int(customer?["tier"])))]),
            address, coupon, .array(items), .map(attributes), .bytes(try base64(try str(d["note"]))),
            .bytes(try decimal(try str(d["total"]))), .fixed(try hex(try str(d["checksum"]))),
        ])
    }

    /// Big-endian two's complement of the unscaled value, minimal length (Java BigInteger).
    static func decimal(_ text: String) throws -> [UInt8] {
        let negative = text.hasPrefix("-")
        let digits = text.filter { $0.isNumber }
        guard let magnitude = Int64(digits) else { throw Bad(what: "decimal") }
        var v = negative ? -magnitude : magnitude
        var out: [UInt8] = []
        repeat {
            out.insert(UInt8(truncatingIfNeeded: v), at: 0)
            v >>= 8
        } while !(v == 0 && out[0] & 0x80 == 0) && !(v == -1 && out[0] & 0x80 != 0)
        return out
    }

    static func hex(_ s: String) throws -> [UInt8] {
        var out: [UInt8] = []
        var it = s.utf8.makeIterator()
        func nibble(_ c: UInt8) throws -> UInt8 {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            default: throw Bad(what: "hex")
            }
        }
        while let a = it.next(), let b = it.next() { out.append(try nibble(a) << 4 | nibble(b)) }
        return out
    }

    static func base64(_ s: String) throws -> [UInt8] {
        var table = [UInt8](repeating: 255, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { table[Int(c)] = UInt8(i) }
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for c in s.utf8 where c != UInt8(ascii: "=") {
            let v = table[Int(c)]
            guard v != 255 else { throw Bad(what: "base64") }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}
