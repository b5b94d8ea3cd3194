import Hummingbird
import HummingbirdTesting
import NIOCore
import SteleJSON
import SteleRegistry
@testable import SteleServer

/// One response as the tests read it: status, Confluent's JSON body.
struct Reply {
    let status: Int
    let json: JSONValue?
    let text: String
    var errorCode: Int? { json?["error_code"]?.intValue.map { Int($0) } }
}

/// A client bound to one test application (router or live on loopback).
struct API {
    let client: any TestClientProtocol

    func call(_ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil, raw: String? = nil, authorization: String? = nil) async throws -> Reply {
        let payload: ByteBuffer? = raw.map { ByteBuffer(string: $0) } ?? body.map { ByteBuffer(string: JSONWriter.compact($0)) }
        var headers: HTTPFields = [.contentType: "application/vnd.schemaregistry.v1+json"]
        if let authorization { headers[.authorization] = authorization }
        let r = try await client.execute(uri: uri, method: method, headers: headers, body: payload)
        let text = String(buffer: r.body)
        return Reply(status: Int(r.status.code), json: try? JSONParser().parse(text), text: text)
    }

    func register(_ subject: String, _ schema: String, type: String = "AVRO", references: [JSONValue] = []) async throws -> Reply {
        try await call(.post, "/subjects/\(subject)/versions", ["schema": .string(schema), "schemaType": .string(type), "references": .array(references)])
    }
}

func withRegistry<T: Sendable>(_ setup: TestingSetup = .router, registry given: Registry? = nil, maxBody: Int = 1 << 20,
                               dialect: ConfluentDialect = .newest, metrics: ServerMetrics = ServerMetrics(), authFile: String? = nil,
                               _ body: @Sendable (API) async throws -> T) async throws -> T {
    let registry: Registry
    if let given { registry = given } else { registry = try await Registry(store: MemoryStore(), metrics: metrics.registryMetrics) }
    let app = try RegistryServer.application(registry: registry, options: .init(port: 0, maxBodyBytes: maxBody, dialect: dialect, authFile: authFile),
                                             metrics: metrics)
    return try await app.test(setup) { client in try await body(API(client: client)) }
}

let recordV1 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}"#
let recordV2 = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double","default":0.0}]}"#
let recordBreaking = #"{"type":"record","name":"Ride","fields":[{"name":"id","type":"string"}]}"#
