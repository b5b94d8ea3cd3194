import SteleClient
import SteleJSON
import SteleSchema
import Synchronization
import Testing

@Suite("Client caches")
struct CacheTests {
    static func version(_ v: Int, id: Int) -> RegistryHTTPResponse {
        json(200, ["subject": "rides-value", "version": .int(Int64(v)), "id": .int(Int64(id)), "schemaType": "AVRO", "schema": #""long""#])
    }

    @Test("an id's schema is fetched once and then answered from the cache")
    func idCached() async throws {
        let transport = ScriptedTransport(sequence: [.success(json(200, schemaString))])
        let client = try makeClient(transport)
        let a = try await client.schema(id: 7)
        let b = try await client.schema(id: 7)
        #expect(a == b && a.id == 7 && a.guid?.description == "0b8f9d0e-0b32-4ba2-9b3f-6b7c8a6e9f10")
        #expect(transport.count == 1)
        #expect(client.statistics.cacheHits == 1)
    }

    @Test("fifty concurrent misses for one id make one request")
    func singleFlight() async throws {
        let gate = Gate()
        let transport = ScriptedTransport { _, _ in
            await gate.wait()
            return json(200, schemaString)
        }
        let client = try makeClient(transport)
        try await withThrowingTaskGroup(of: RegisteredSchema.self) { group in
            for _ in 0..<50 { group.addTask { try await client.schema(id: 3) } }
            // Every caller has reached the shared fetch (or the cache) before it is let go.
            while client.statistics.cacheMisses + client.statistics.cacheHits < 50 { await Task.yield() }
            await gate.open()
            for try await r in group { #expect(r.id == 3) }
        }
        #expect(transport.count == 1)
        #expect(client.statistics.joined + client.statistics.cacheHits == 49)
    }

    @Test("the latest version is cached for the latest TTL, then asked again")
    func latestTTL() async throws {
        let transport = ScriptedTransport(sequence: [.success(Self.version(1, id: 1)), .success(Self.version(2, id: 2))])
        let clock = ManualClock()
        let client = try makeClient(transport, clock: clock, cache: .init(latestTTL: .seconds(60)))
        #expect(try await client.latestVersion(subject: "rides-value").version == 1)
        clock.advance(.seconds(59))
        #expect(try await client.latestVersion(subject: "rides-value").version == 1)
        clock.advance(.seconds(2))
        #expect(try await client.latestVersion(subject: "rides-value").version == 2)
        #expect(transport.count == 2)
    }

    @Test("registering through the client drops the subject's latest answer")
    func registerInvalidatesLatest() async throws {
        let transport = ScriptedTransport { request, _ in
            if request.method == .post { return json(200, ["id": 2, "version": 2, "schemaType": "AVRO", "schema": #""long""#]) }
            return request.path.contains("latest") ? Self.version(1, id: 1) : json(200, schemaString)
        }
        let client = try makeClient(transport)
        _ = try await client.latestVersion(subject: "rides-value")
        _ = try await client.register(subject: "rides-value", schema: RegistrySchema(#""long""#))
        _ = try await client.latestVersion(subject: "rides-value")
        #expect(transport.requests.filter { $0.path.contains("latest") }.count == 2)
        // Registering the same schema again is answered from the cache.
        _ = try await client.register(subject: "rides-value", schema: RegistrySchema(#""long""#))
        #expect(transport.requests.filter { $0.method == .post }.count == 1)
        // The new id's schema is known without asking.
        let byID = try await client.schema(id: 2)
        #expect(byID.schema.schema == #""long""#)
        #expect(!transport.requests.contains { $0.path.hasPrefix("/schemas/ids/2") })
    }

    @Test("a 'not found' answer is remembered for the missing TTL, then asked again")
    func negativeCache() async throws {
        let transport = ScriptedTransport(sequence: [.success(confluentError(404, 40403, "Schema 99 not found"))])
        let clock = ManualClock()
        let client = try makeClient(transport, clock: clock, cache: .init(missingTTL: .seconds(5)))
        for _ in 0..<3 { await #expect(throws: RegistryClientError.self) { _ = try await client.schema(id: 99) } }
        #expect(transport.count == 1)
        clock.advance(.seconds(6))
        await #expect(throws: RegistryClientError.self) { _ = try await client.schema(id: 99) }
        #expect(transport.count == 2)
    }

    @Test("cached ids keep working while the registry is down")
    func cachedWhileDown() async throws {
        let down = Mutex(false)
        let transport = ScriptedTransport { _, _ in
            if down.withLock({ $0 }) { throw RegistryClientError.transport("connection refused") }
            return json(200, schemaString)
        }
        let client = try makeClient(transport, clock: ManualClock())
        _ = try await client.schema(id: 1)
        down.withLock { $0 = true }
        #expect(try await client.schema(id: 1).id == 1)
        await #expect(throws: RegistryClientError.self) { _ = try await client.schema(id: 2) }
    }

    @Test("an expired latest answer is served while its refresh cannot reach the registry")
    func staleOnError() async throws {
        let down = Mutex(false)
        let transport = ScriptedTransport { _, _ in
            if down.withLock({ $0 }) { throw RegistryClientError.transport("connection refused") }
            return Self.version(4, id: 9)
        }
        let clock = ManualClock()
        let client = try makeClient(transport, clock: clock)
        _ = try await client.latestVersion(subject: "rides-value")
        clock.advance(.seconds(120))
        down.withLock { $0 = true }
        #expect(try await client.latestVersion(subject: "rides-value").version == 4)
        #expect(client.statistics.staleAnswers == 1)
    }

    @Test("caches are bounded: beyond the capacity the oldest entries go")
    func bounded() async throws {
        let transport = ScriptedTransport { _, _ in json(200, schemaString) }
        let client = try makeClient(transport, cache: .init(capacity: 3))
        for id in 1...5 { _ = try await client.schema(id: id) }
        _ = try await client.schema(id: 5)
        #expect(transport.count == 5)
        _ = try await client.schema(id: 1)
        #expect(transport.count == 6)
    }
}

/// Holds callers until opened.
actor Gate {
    private var opened = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if opened { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        opened = true
        for w in waiters { w.resume() }
        waiters.removeAll()
    }
}
