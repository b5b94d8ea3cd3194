/// Hostile inputs for decoders: random byte strings, or valid encodings with a few bytes
/// replaced, inserted or removed. Shared by the suite's fuzz tests and `stele-fuzz`.
public enum HostileInput {
    public static func next(seeds: [[UInt8]], iteration n: Int, rng: inout SplitMix64) -> [UInt8] {
        if n % 4 == 0 || seeds.isEmpty {
            return (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        var input = seeds[Int(rng.next() % UInt64(seeds.count))]
        for _ in 0..<(1 + Int(rng.next() % 4)) where !input.isEmpty {
            let at = Int(rng.next() % UInt64(input.count))
            switch rng.next() % 3 {
            case 0: input[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: input.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            default: input.remove(at: at)
            }
        }
        return input
    }
}
