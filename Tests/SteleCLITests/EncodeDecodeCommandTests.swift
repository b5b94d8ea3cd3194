import Foundation
import SteleClient
import SteleTestServer
import Testing

@Suite("stele encode / stele decode")
struct EncodeDecodeCommandTests {
    static let ride = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"driver","type":["null","string"],"default":null}]}"#
    static let rideV2 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"driver","type":["null","string"],"default":null},{"name":"tip","type":"double","default":0.0}]}"#
    static let input = "{\"id\":1,\"driver\":null}\n\n{\"id\":2,\"driver\":{\"string\":\"Ana\"}}\n"

    /// A live registry holding the ride schema under rides-value (id 1).
    func withRides(_ body: @Sendable (String) async throws -> Void) async throws {
        try await LiveRegistry.with { url, _ in
            let client = try RegistryClient(url: url)
            _ = try await client.register(subject: "rides-value", schema: RegistrySchema(Self.ride))
            try await client.shutdown()
            try await body(url)
        }
    }

    @Test("encode writes one hex message per datum (blank lines skipped); decode gives the datums back", arguments: ["v0", "v1", "header"])
    func roundTrip(framing: String) async throws {
        try await withRides { url in
            let encoded = await stele("encode", "--registry", url, "--subject", "rides-value", "--framing", framing, try temporaryFile(Self.input, name: "in.jsonl"))
            #expect(encoded.code == 0, "\(encoded.err)")
            let lines = encoded.out.split(separator: "\n")
            #expect(lines.count == 2)
            switch framing {
            case "v0": #expect(lines[0] == "00000000010200")
            case "v1": #expect(lines[0].hasPrefix("01") && lines[0].count == 2 * (17 + 2))
            default: #expect(lines[0].split(separator: "\t").count == 2 && lines[0].hasSuffix("\t0200"))
            }
            let decoded = await stele("decode", "--registry", url, try temporaryFile(encoded.out, name: "m.hex"))
            #expect(decoded.code == 0, "\(decoded.err)")
            #expect(decoded.out == "{\"id\":1,\"driver\":null}\n{\"id\":2,\"driver\":{\"string\":\"Ana\"}}\n")
        }
    }

    @Test("base64, json output, --raw, and a newer reader version")
    func options() async throws {
        try await withRides { url in
            let b64 = await stele("encode", "--registry", url, "--subject", "rides-value", "--output", "base64", "--format", "json", try temporaryFile(Self.input))
            #expect(b64.out.hasPrefix("{\"value\":\"AAAAAAECAA==\"}"))
            let raw = await stele("encode", "--registry", url, "--id", "1", "--raw", try temporaryFile("{\"id\":5,\"driver\":null}\n"))
            #expect(raw.code == 0 && raw.out.isEmpty)
            let client = try RegistryClient(url: url)
            _ = try await client.register(subject: "rides-value", schema: RegistrySchema(Self.rideV2))
            try await client.shutdown()
            let path = try temporaryFile("", name: "m.bin")
            try Data([0, 0, 0, 0, 1, 0x0a, 0]).write(to: URL(fileURLWithPath: path))
            let upgraded = await stele("decode", "--registry", url, "--raw", path, "--subject", "rides-value", "--reader-version", "latest", "--format", "json")
            #expect(upgraded.code == 0, "\(upgraded.err)")
            #expect(upgraded.out == "{\"line\":1,\"id\":1,\"value\":{\"id\":5,\"driver\":null,\"tip\":0.0}}\n")
        }
    }

    @Test("bad lines are reported with their number and exit 1; the others are still written")
    func badInput() async throws {
        try await withRides { url in
            let encoded = await stele("encode", "--registry", url, "--subject", "rides-value", try temporaryFile("{\"id\":\"x\"}\nnot json\n{\"id\":3,\"driver\":null}\n"))
            #expect(encoded.code == 1)
            #expect(encoded.out == "00000000010600\n")
            #expect(encoded.err.contains("line 1: does not fit the schema") && encoded.err.contains("line 2: not JSON"))
            let decoded = await stele("decode", "--registry", url, try temporaryFile("zz\n7b7d\n00000000ff02\n0000000001\n00000000010600\n"))
            #expect(decoded.code == 1)
            #expect(decoded.out == "{\"id\":3,\"driver\":null}\n")
            for n in 1...4 { #expect(decoded.err.contains("line \(n):")) }
            #expect(decoded.err.contains("unknown magic byte 0x7b") && decoded.err.contains("no schema with id 255"))
        }
    }

    @Test("an unknown subject is an input error (1); an unreachable registry is an I/O error (2)")
    func exitCodes() async throws {
        try await withRides { url in
            let missing = await stele("encode", "--registry", url, "--subject", "nope", try temporaryFile(Self.input))
            #expect(missing.code == 1 && missing.err.contains("Subject 'nope' not found"))
            let both = await stele("encode", "--registry", url, "--subject", "a", "--id", "1", try temporaryFile(Self.input))
            #expect(both.code == 1)
        }
        let down = await stele("encode", "--registry", "http://127.0.0.1:1", "--id", "1", try temporaryFile(Self.input))
        #expect(down.code == 2 && down.err.contains("connection refused"))
        let downDecode = await stele("decode", "--registry", "http://127.0.0.1:1", try temporaryFile("00000000010200\n"))
        #expect(downDecode.code == 2)
    }
}
