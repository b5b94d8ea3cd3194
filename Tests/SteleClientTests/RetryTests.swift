import SteleClient
import SteleJSON
import Testing

@Suite("Retry policy and failover")
struct RetryTests {
    @Test("the backoff doubles from 1 s and stops at 20 s (full jitter at its ceiling)")
    func backoffSchedule() {
        let policy = RetryPolicy()
        let ceilings = (0..<7).map { policy.delay(beforeRetry: $0, after: .transportFailure, unit: 1) }
        #expect(ceilings == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(20), .seconds(20)])
        #expect(policy.delay(beforeRetry: 2, after: .transportFailure, unit: 0.25) == .seconds(1))
        #expect(policy.delay(beforeRetry: 0, after: .transportFailure, unit: 0) == .zero)
    }

    @Test("Retry-After wins over the backoff, capped at the maximum delay")
    func retryAfter() {
        let policy = RetryPolicy()
        #expect(policy.delay(beforeRetry: 0, after: .response(status: 503, retryAfter: .seconds(3)), unit: 1) == .seconds(3))
        #expect(policy.delay(beforeRetry: 0, after: .response(status: 429, retryAfter: .seconds(90)), unit: 1) == .seconds(20))
    }

    @Test("408, 429 and 5xx gateway statuses and transport failures are retried; other statuses are not")
    func retriableStatuses() {
        let policy = RetryPolicy()
        for s in [408, 429, 500, 502, 503, 504] { #expect(policy.isRetriable(.response(status: s, retryAfter: nil))) }
        for s in [400, 401, 403, 404, 405, 409, 415, 422, 501] { #expect(!policy.isRetriable(.response(status: s, retryAfter: nil))) }
        #expect(policy.isRetriable(.transportFailure))
    }

    @Test("a 503 is retried after a backoff, and the call succeeds when the registry recovers")
    func retriesUntilSuccess() async throws {
        let transport = ScriptedTransport(sequence: [.success(confluentError(503, 50003, "busy")), .success(confluentError(503, 50003, "busy")), .success(json(200, schemaString))])
        let clock = ManualClock()
        let client = try makeClient(transport, clock: clock)
        let schema = try await client.schema(id: 1)
        #expect(schema.schema.schema == #"{"type":"string"}"#)
        #expect(transport.count == 3)
        #expect(clock.sleeps.count == 2)
        #expect(clock.sleeps[0] <= .seconds(1) && clock.sleeps[1] <= .seconds(2))
        #expect(client.statistics.requests == 3 && client.statistics.retries == 2)
    }

    @Test("a registry that stays down is tried maxRetries+1 times, then the last error is thrown")
    func givesUp() async throws {
        let transport = ScriptedTransport { _, _ in throw RegistryClientError.transport("connection refused") }
        let clock = ManualClock()
        let client = try makeClient(transport, clock: clock)
        await #expect {
            _ = try await client.schema(id: 1)
        } throws: { error in
            guard let e = error as? RegistryClientError else { return false }
            return e.code == .transport && e.message.contains("connection refused") && e.url == "http://registry-a:8081"
        }
        #expect(transport.count == 4)
        #expect(clock.sleeps.count == 3)
    }

    @Test("a 404 is not retried and carries Confluent's error code and message")
    func notFoundIsFinal() async throws {
        let transport = ScriptedTransport(sequence: [.success(confluentError(404, 40401, "Subject 'x' not found."))])
        let client = try makeClient(transport)
        do throws(RegistryClientError) {
            _ = try await client.latestVersion(subject: "x")
            Issue.record("expected an error")
        } catch {
            #expect(error.httpStatus == 404 && error.errorCode == 40401 && error.message == "Subject 'x' not found.")
            #expect(error.isSubjectNotFound && error.isNotFound)
        }
        #expect(transport.count == 1)
    }

    @Test("an answer that is not Confluent's error body (a proxy's HTML) gets error code -1 and an excerpt")
    func htmlErrorBody() async throws {
        let html = RegistryHTTPResponse(status: 502, body: Array("<html><body>Bad Gateway</body></html>".utf8))
        let transport = ScriptedTransport(sequence: [.success(html)])
        let client = try makeClient(transport, retry: .none)
        do throws(RegistryClientError) {
            _ = try await client.schema(id: 1)
            Issue.record("expected an error")
        } catch {
            #expect(error.httpStatus == 502 && error.errorCode == -1 && error.message.contains("Bad Gateway"))
        }
    }

    @Test("a 200 whose body is not JSON is an invalid response, not retried")
    func invalidJSON() async throws {
        let transport = ScriptedTransport(sequence: [.success(RegistryHTTPResponse(status: 200, body: Array("{not json".utf8)))])
        let client = try makeClient(transport)
        await #expect(throws: RegistryClientError.self) { _ = try await client.schema(id: 1) }
        #expect(transport.count == 1)
    }

    @Test("a URL that cannot be reached fails over to the next at once, and later calls start with the one that answered")
    func failover() async throws {
        let transport = ScriptedTransport { request, base in
            if base.host == "registry-a" { throw RegistryClientError.transport("connection refused") }
            return json(200, schemaString)
        }
        let clock = ManualClock()
        let client = try makeClient(transport, urls: "http://registry-a:8081,http://registry-b:8081", clock: clock)
        _ = try await client.schema(id: 1)
        #expect(transport.urls == ["http://registry-a:8081", "http://registry-b:8081"])
        #expect(clock.sleeps.isEmpty)
        _ = try await client.schema(id: 2)
        #expect(transport.urls.last == "http://registry-b:8081")
        #expect(transport.count == 3)
    }

    @Test("cancelling the caller stops a retry wait")
    func cancellation() async throws {
        let transport = ScriptedTransport { _, _ in confluentError(503, 50003, "busy") }
        let client = try makeClient(transport, clock: ManualClock())
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.schema(id: 1)
        }
        do {
            _ = try await task.value
            Issue.record("expected cancellation")
        } catch let e as RegistryClientError {
            #expect(e.code == .cancelled)
        }
        #expect(transport.count <= 1)
    }

    @Test("after shutdown, calls fail with .shutdown")
    func shutdown() async throws {
        let transport = ScriptedTransport(sequence: [.success(json(200, schemaString))])
        let client = try makeClient(transport)
        try await client.shutdown()
        try await client.shutdown()
        await #expect(throws: RegistryClientError.self) { _ = try await client.schema(id: 1) }
        #expect(transport.count == 0)
    }
}
