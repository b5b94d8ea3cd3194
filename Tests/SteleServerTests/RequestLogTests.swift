import HTTPTypes
import HummingbirdTesting
import Logging
import SteleJSON
import SteleRegistry
import Synchronization
import Testing
@testable import SteleServer

/// One log line per request with its request id, and never a credential.
@Suite struct RequestLogTests {
    /// Records every line logged through it.
    final class Recorder: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = metadata.merging(extra ?? [:]) { $1 }
            let text = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            recorder.lines.withLock { $0.append("\(level) \(message) \(text)") }
        }
    }

    @Test func eachRequestLogsOneLineWithItsIdAndNoCredentials() async throws {
        let recorder = Recorder()
        let logger = Logger(label: "test") { _ in RecordingHandler(recorder: recorder) }
        let registry = try await Registry(store: MemoryStore())
        let app = try RegistryServer.application(registry: registry, options: .init(port: 0), logger: logger)
        try await app.test(.router) { client in
            let idHeader = RequestLogMiddleware<SteleRequestContext>.requestIdHeader
            var headers = HTTPFields()
            headers[.authorization] = "Basic c2VjcmV0OnBhc3N3b3Jk"
            headers[idHeader] = "trace-42"
            let r = try await client.execute(uri: "/subjects", method: .get, headers: headers)
            #expect(r.headers[RequestLogMiddleware<SteleRequestContext>.requestIdHeader] == "trace-42")
            let fresh = try await client.execute(uri: "/subjects/x/versions", method: .get)
            let id = fresh.headers[RequestLogMiddleware<SteleRequestContext>.requestIdHeader] ?? ""
            #expect(id.count == 16, "a new id when the client sent none")
            // An id with characters outside the plain set (here `;`) is replaced.
            var forgedHeaders = HTTPFields()
            forgedHeaders[idHeader] = "x-level:error;"
            let forged = try await client.execute(uri: "/subjects", method: .get, headers: forgedHeaders)
            #expect(forged.headers[idHeader] != "x-level:error;")
            let lines = recorder.all.filter { $0.hasPrefix("info request ") }
            #expect(lines.count == 3, "\(recorder.all)")
            #expect(lines.first?.contains("request_id=trace-42") == true && lines.first?.contains("route=/subjects") == true, "\(lines)")
            #expect(lines.contains { $0.contains("request_id=\(id)") && $0.contains("status=404") && $0.contains("route=/subjects/{subject}/versions") })
            #expect(!recorder.all.contains { $0.contains("c2VjcmV0") || $0.contains("secret") || $0.contains("password") })
        }
    }
}
