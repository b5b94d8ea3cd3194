import SteleAvro
import SteleTestSupport

/// Feeds random and mutated byte strings to the Avro decoders (plain, skip, resolving) for
/// several schema families and checks the properties the test suite checks, at any scale:
///
///     stele-fuzz [--iterations N] [--seed S]
///
/// Exits 1 on the first property violation (a crash would end the process itself).

func option(_ name: String, _ fallback: UInt64) -> UInt64 {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = UInt64(args[i + 1]) else { return fallback }
    return v
}

let families: [(String, String)] = [
    ("record", #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"int"},{"name":"at","type":"long"},{"name":"d","type":"double"},{"name":"s","type":"string"},{"name":"f","type":"float"},{"name":"ok","type":"boolean"}]}"#),
    ("recursive", #"{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"kids","type":{"type":"array","items":"Node"}},{"name":"next","type":["null","Node"]}]}"#),
    ("containers", #"{"type":"map","values":{"type":"array","items":["null","bytes",{"type":"fixed","name":"F","size":3}]}}"#),
    ("unions", #"["null","int","long","float","double","bytes","string",{"type":"enum","name":"E","symbols":["A","B","C"]},{"type":"array","items":"int"},{"type":"map","values":"string"}]"#),
    ("enums", #"{"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"S","symbols":["P","Q","R"]}},{"name":"list","type":{"type":"array","items":{"type":"enum","name":"T","symbols":["X"]}}}]}"#),
]

let iterations = Int(option("--iterations", 1_000_000))
var rng = SplitMix64(seed: option("--seed", 1))
for (name, text) in families {
    let schema = try AvroSchema(parsing: text)
    let codec = AvroCodec(schema: schema, limits: AvroDecodingLimits(maxItems: 100_000, maxDepth: 64))
    let resolver = AvroResolver(writer: schema, reader: schema, limits: AvroDecodingLimits(maxItems: 100_000, maxDepth: 64))
    var gen = RandomDatum(schema, seed: rng.next())
    let seeds = try (0..<256).map { _ in try codec.encode(gen.next()) }
    var valid = 0
    for n in 0..<iterations {
        let input = HostileInput.next(seeds: seeds, iteration: n, rng: &rng)
        let value = try? codec.decode(input)
        let skipped = try? codec.skip(input)
        let resolved = try? resolver.decode(input)
        if let value {
            valid += 1
            let canonical = try codec.encode(value)
            guard skipped == input.count, try codec.encode(try codec.decode(canonical)) == canonical, resolved != nil else {
                print("stele-fuzz: property violated for \(name) on input \(input)")
                exit(1)
            }
        }
    }
    print("stele-fuzz \(name): \(iterations) inputs, \(valid) decoded, no violation")
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
