import Foundation
import SteleAvro
import SteleClient
import SteleSerdes
import Testing

@Suite("Bad messages and a registry that goes away")
struct HostileMessageTests {
    @Test("wrong magic byte, truncated prefix, unknown id or GUID: typed errors")
    func framingAndUnknownSchemas() async throws {
        try await withLiveClient { client in
            let d = AvroDeserializer(client: client)
            #expect(await code { _ = try await d.deserialize([UInt8]([0x7b, 0x7d]), topic: "t") } == .unknownMagicByte)
            #expect(await code { _ = try await d.deserialize([UInt8]([0, 0, 1]), topic: "t") } == .invalidFraming)
            #expect(await code { _ = try await d.deserialize([UInt8]([0, 0, 0, 3, 0xe7, 2]), topic: "t") } == .unknownSchema)
            #expect(await code { _ = try await d.deserialize([UInt8]([1] + [UInt8](repeating: 0xab, count: 16) + [2]), topic: "t") } == .unknownSchema)
        }
    }

    @Test("bytes written with another schema, hostile lengths, and every truncation: errors with the byte offset, never a crash")
    func badPayloads() async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1)
            let good = try await serializer.serialize(Rides.sample, topic: "rides")
            let strings = try await AvroSerializer(client: client, schema: #""string""#).serialize(AvroValue.string("not a ride"), topic: "strings")
            let d = AvroDeserializer(client: client)
            // A string message relabelled with the ride's id.
            let relabelled = Array(good[0..<5]) + strings[5...]
            do {
                _ = try await d.deserialize(relabelled, as: Rides.Ride.self, topic: "rides")
                Issue.record("expected an error")
            } catch let e as SerdesError {
                #expect(e.code == .invalidPayload)
            }
            // A string whose length claims 2^62 bytes.
            let hostile = Array(good[0..<5]) + [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
            do {
                _ = try await d.deserialize(hostile, topic: "rides")
                Issue.record("expected an error")
            } catch let e as SerdesError {
                #expect(e.code == .invalidPayload && e.avroError?.code == .lengthExceedsInput)
            }
            // Every cut of a good message is refused (or, for the first five bytes, a framing error).
            for cut in 0..<good.count {
                let c = await code { _ = try await d.deserialize(Array(good[..<cut]), topic: "rides") }
                #expect(c == (cut < 5 ? .invalidFraming : .invalidPayload), "cut at \(cut)")
            }
            // Trailing garbage after the datum is refused too.
            #expect(await code { _ = try await d.deserialize(good + [0], topic: "rides") } == .invalidPayload)
        }
    }

    @Test("a value that does not fit the schema is an invalid value")
    func badValue() async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1)
            #expect(await code { _ = try await serializer.serialize(AvroValue.record([.string("x")]), topic: "rides") } == .invalidValue)
            struct Wrong: Encodable { var ride_id = 5 }
            #expect(await code { _ = try await serializer.serialize(Wrong(), topic: "rides") } == .invalidValue)
        }
    }

    @Test("after warm-up no message makes a registry call or compiles a schema")
    func noPerMessageWork() async throws {
        try await withLiveClient { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1)
            let deserializer = AvroDeserializer(client: client, readerSchema: .schema(Rides.v2Schema))
            let first = try await serializer.serialize(Rides.sample(0), topic: "rides")
            _ = try await deserializer.deserialize(first, as: Rides.RideV2.self, topic: "rides")
            let requests = client.statistics.requests
            let (s, d) = (serializer.statistics, deserializer.statistics)
            for i in 1...1000 {
                let message = try await serializer.serialize(Rides.sample(i), topic: "rides")
                let ride = try #require(try await deserializer.deserialize(message, as: Rides.RideV2.self, topic: "rides"))
                #expect(ride.passengers == Int32(i % 5))
            }
            #expect(client.statistics.requests == requests)
            #expect(serializer.statistics == s && deserializer.statistics == d)
            #expect(s.schemasCompiled == 0 && d.schemasCompiled == 2)
        }
    }

    @Test("when the registry goes away, warmed serdes keep working; a new topic fails with a registry error after retries")
    func registryDown() async throws {
        let (client, (serializer, deserializer, message)) = try await withLiveClientOutliving { client in
            let serializer = try AvroSerializer(client: client, schema: Rides.v1)
            let deserializer = AvroDeserializer(client: client)
            let message = try await serializer.serialize(Rides.sample, topic: "rides")
            _ = try await deserializer.deserialize(message, topic: "rides")
            return (serializer, deserializer, message)
        }
        // The server has stopped.
        #expect(try await serializer.serialize(Rides.sample, topic: "rides") == message)
        #expect(try await deserializer.deserialize(message, as: Rides.Ride.self, topic: "rides") == Rides.sample)
        let before = client.statistics.requests
        #expect(await code { _ = try await serializer.serialize(Rides.sample, topic: "other") } == .registry)
        #expect(client.statistics.requests == before + 3)
        try await client.shutdown()
    }
}

/// As `withLiveClient`, but the client outlives the server (for "registry down" tests).
func withLiveClientOutliving<T: Sendable>(_ body: @Sendable (RegistryClient) async throws -> T) async throws -> (RegistryClient, T) {
    try await LiveRegistryRunner.run { url in
        let client = try liveClient(url)
        return (client, try await body(client))
    }
}
