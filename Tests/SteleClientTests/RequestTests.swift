import SteleClient
import SteleJSON
import SteleSchema
import Testing

@Suite("Requests the client sends")
struct RequestTests {
    @Test("register sends Confluent's body and percent-encodes the subject with no safe characters")
    func registerShape() async throws {
        let transport = ScriptedTransport(sequence: [.success(json(200, ["id": 1, "version": 1, "schemaType": "AVRO", "schema": #""long""#]))])
        let client = try makeClient(transport)
        let ref = SchemaReference(name: "a.B", subject: "b", version: 2)
        let r = try await client.register(subject: "a/b c:ü", schema: RegistrySchema(#""long""#, references: [ref]), normalize: true)
        #expect(r.id == 1 && r.version == 1 && r.subject == "a/b c:ü")
        let request = try #require(transport.requests.first)
        #expect(request.method == .post)
        #expect(request.path == "/subjects/a%2Fb%20c%3A%C3%BC/versions?normalize=true")
        #expect(request.header("Content-Type") == "application/vnd.schemaregistry.v1+json")
        #expect(request.header("Accept")?.hasPrefix("application/vnd.schemaregistry.v1+json") == true)
        let body = try JSONParser().parse(request.body ?? [])
        #expect(body == ["schema": #""long""#, "schemaType": "AVRO", "references": [["name": "a.B", "subject": "b", "version": 2]]])
    }

    @Test("a pre-7.4 register answer ({\"id\": N}) keeps the schema that was sent")
    func oldRegisterAnswer() async throws {
        let transport = ScriptedTransport(sequence: [.success(json(200, ["id": 42]))])
        let client = try makeClient(transport)
        let r = try await client.register(subject: "s", schema: RegistrySchema(#"{"type":"object"}"#, type: .json))
        #expect(r.id == 42 && r.schema.schema == #"{"type":"object"}"# && r.schema.schemaType == .json && r.guid == nil)
    }

    @Test("basic auth from the configuration, or from credentials in the URL, and bearer tokens")
    func authentication() async throws {
        let transport = ScriptedTransport { _, _ in json(200, schemaString) }
        let basic = try makeClient(transport, authentication: .basic(user: "alice", password: "s3cret"))
        _ = try await basic.schema(id: 1)
        #expect(transport.requests.last?.header("Authorization") == "Basic YWxpY2U6czNjcmV0")

        let inURL = try makeClient(transport, urls: "http://bob:p%40ss@registry:8081")
        _ = try await inURL.schema(id: 1)
        #expect(transport.requests.last?.header("Authorization") == "Basic Ym9iOnBAc3M=")
        #expect(inURL.configuration.urls[0].description == "http://registry:8081")

        let bearer = try makeClient(transport, authentication: .bearer(token: "tok"))
        _ = try await bearer.schema(id: 1)
        #expect(transport.requests.last?.header("Authorization") == "Bearer tok")
        #expect("\(RegistryClientConfiguration.Authentication.basic(user: "u", password: "pw"))" == "basic(u, ***)")
    }

    @Test("URLs: schemes, default ports, path prefixes, IPv6, lists; credentials never printed")
    func urls() throws {
        let a = try RegistryURL(parsing: "https://registry.example.com/sr/")
        #expect(a.port == 443 && a.pathPrefix == "/sr" && a.url(for: "/subjects") == "https://registry.example.com/sr/subjects")
        let b = try RegistryURL(parsing: "http://[::1]:18081")
        #expect(b.host == "::1" && b.port == 18081 && b.description == "http://[::1]:18081")
        #expect(try RegistryURL.list(" http://a:1 , http://b:2 ").map(\.description) == ["http://a:1", "http://b:2"])
        #expect(throws: RegistryClientError.self) { try RegistryURL(parsing: "registry:8081") }
        #expect(throws: RegistryClientError.self) { try RegistryURL(parsing: "ftp://registry") }
        #expect(throws: RegistryClientError.self) { try RegistryURL(parsing: "http://registry:99999") }
        do throws(RegistryClientError) {
            _ = try RegistryURL(parsing: "http://user:hunter2@host:bad")
        } catch {
            #expect(!error.message.contains("hunter2"))
        }
    }

    @Test("metadata lookups pair keys and values by position")
    func metadataQuery() async throws {
        let transport = ScriptedTransport { _, _ in json(200, ["subject": "s", "version": 3, "id": 5, "schema": #""long""#]) }
        let client = try makeClient(transport)
        _ = try await client.latestVersion(subject: "s", metadata: ["owner": "team a", "app": "x"])
        #expect(transport.requests.first?.path == "/subjects/s/metadata?key=app&key=owner&value=x&value=team%20a")
    }
}
