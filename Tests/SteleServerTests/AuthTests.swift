import Foundation
import SteleJSON
import SteleRegistry
import Testing
@testable import SteleServer

/// `stele serve --auth-file`: basic auth against Karapace-format users, Read/Write on
/// `Config:` and `Subject:REGEX`, per route family; hostile credentials refused.
@Suite struct AuthTests {
    /// alice writes `orders-*` and reads the global config; bob reads every subject; anyone
    /// reads `public-*`.
    static func authFile(anonymous: Bool = true) throws -> String {
        let alice = try AuthFileUser.entry(username: "alice", password: "alice-secret", algorithm: "scrypt")
        let bob = try AuthFileUser.entry(username: "bob", password: "bob-pw", algorithm: "sha512")
        let permissions: JSONValue = [
            ["username": "alice", "operation": "Write", "resource": "Subject:orders-.*"],
            ["username": "alice", "operation": "Read", "resource": "Config:"],
            ["username": "bob", "operation": "Read", "resource": "Subject:.*"],
        ]
        var file = JSONObject()
        file["users"] = .array([alice, bob])
        file["permissions"] = permissions
        if anonymous { file["anonymous"] = [["operation": "Read", "resource": "Subject:public-.*"]] }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stele-auth-\(UUID().uuidString).json")
        try JSONWriter.compact(.object(file)).write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func basic(_ user: String, _ password: String) -> String { "Basic " + Base64.encode(Array("\(user):\(password)".utf8)) }
    static let alice = basic("alice", "alice-secret"), bob = basic("bob", "bob-pw")
    static let schema: JSONValue = ["schema": .string(recordV1)]

    /// A context's subjects are `Subject::.ctx:NAME` in both URL forms, and its own config and
    /// mode `Subject::.ctx:`: a team owns a context with one rule, and the context URL form
    /// is no way around another rule.
    @Test func contextsAreAuthorizedByTheirQualifiedNames() async throws {
        let carol = try AuthFileUser.entry(username: "carol", password: "carol-pw", algorithm: "sha512")
        let alice = try AuthFileUser.entry(username: "alice", password: "alice-secret", algorithm: "sha512")
        var file = JSONObject()
        file["users"] = .array([carol, alice])
        file["permissions"] = [
            ["username": "carol", "operation": "Write", "resource": #"Subject::\.staging:.*"#],
            ["username": "alice", "operation": "Write", "resource": "Subject:orders-.*"],
        ]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stele-auth-\(UUID().uuidString).json")
        try JSONWriter.compact(.object(file)).write(to: url, atomically: true, encoding: .utf8)
        let c = Self.basic("carol", "carol-pw")
        try await withRegistry(authFile: url.path) { (api: API) async throws in
            #expect(try await api.call(.post, "/contexts/.staging/subjects/orders-value/versions", Self.schema, authorization: c).status == 200)
            #expect(try await api.call(.post, "/subjects/:.staging:rides-value/versions", Self.schema, authorization: c).status == 200)
            #expect(try await api.call(.post, "/subjects/orders-value/versions", Self.schema, authorization: c).status == 403)
            #expect(try await api.call(.put, "/contexts/.staging/config", ["compatibility": "NONE"], authorization: c).status == 200)
            #expect(try await api.call(.put, "/config", ["compatibility": "NONE"], authorization: c).status == 403)
            let a = Self.alice
            #expect(try await api.call(.post, "/subjects/orders-value/versions", Self.schema, authorization: a).status == 200)
            #expect(try await api.call(.post, "/contexts/.staging/subjects/orders-value/versions", Self.schema, authorization: a).status == 403)
            #expect(try await api.call(.put, "/contexts/.staging/mode", ["mode": "READONLY"], authorization: a).status == 403)
            #expect(try await api.call(.delete, "/contexts/.staging", authorization: a).status == 403)
            #expect(try await api.call(.get, "/subjects", authorization: c).json == [":.staging:orders-value", ":.staging:rides-value"])
            #expect(try await api.call(.get, "/contexts/.staging/schemas/ids/1", authorization: a).status == 403)
            #expect(try await api.call(.get, "/contexts/.staging/schemas/ids/1", authorization: c).status == 200)
        }
    }

    /// DEKs are their subject's (alice writes `orders-*` only); KEKs are `Kek:NAME`, which
    /// alice has no write on; associations are their subjects'.
    @Test func keysAndAssociationsAreAuthorizedByTheirSubjectsAndKekNames() async throws {
        try await withRegistry(authFile: try Self.authFile()) { (api: API) async throws in
            let kek: JSONValue = ["name": "k1", "kmsType": "local-kms", "kmsKeyId": "key"]
            #expect(try await api.call(.post, "/dek-registry/v1/keks", kek, authorization: Self.alice).status == 403, "no write on Kek:k1")
            #expect(try await api.call(.get, "/dek-registry/v1/keks/k1", authorization: Self.alice).status == 403, "no read on Kek:k1")
            #expect(try await api.call(.get, "/dek-registry/v1/keks", authorization: Self.alice).json == [], "the list shows only readable KEKs")
            let dek: JSONValue = ["encryptedKeyMaterial": "AAAA"]
            #expect(try await api.call(.post, "/dek-registry/v1/keks/k1/deks/payments-value", dek, authorization: Self.alice).status == 403)
            #expect(try await api.call(.get, "/dek-registry/v1/keks/k1/deks/orders-value", authorization: Self.alice).status == 404,
                    "a DEK route of a writable subject reaches the registry (no such KEK)")
            let association: JSONValue = ["resourceName": "payments", "resourceNamespace": "lkc", "resourceId": "t1",
                                          "associations": [["subject": "payments-value", "associationType": "value"]]]
            #expect(try await api.call(.post, "/associations", association, authorization: Self.alice).status == 403)
            #expect(try await api.call(.get, "/associations/subjects/payments-value", authorization: Self.alice).status == 403)
        }
    }

    /// The UI's routes answer only what the principal may read: bob reads every subject,
    /// anonymous users only `public-*`; `check` is a read, like Confluent's compatibility test.
    @Test func theUIsRoutesAreAuthorized() async throws {
        try await withRegistry(authFile: try Self.authFile()) { (api: API) async throws in
            #expect(try await api.call(.post, "/subjects/orders-a/versions", Self.schema, authorization: Self.alice).status == 200)
            #expect(try await api.call(.get, "/stele/v1/subjects").json?["total"] == 0, "anonymous users see no private subject")
            #expect(try await api.call(.get, "/stele/v1/subjects/orders-a/versions/1").status == 401)
            #expect(try await api.call(.get, "/stele/v1/subjects", authorization: Self.bob).json?["total"] == 1)
            #expect(try await api.call(.post, "/stele/v1/subjects/orders-a/check", Self.schema, authorization: Self.bob).status == 200, "bob may read, so check")
            #expect(try await api.call(.get, "/ui/").status == 200, "the page itself is open; its data is not")
        }
    }

    @Test func writesNeedWriteOnTheSubject() async throws {
        try await withRegistry(authFile: try Self.authFile()) { (api: API) async throws in
            #expect(try await api.call(.post, "/subjects/orders-value/versions", Self.schema, authorization: Self.alice).status == 200)
            let bob = try await api.call(.post, "/subjects/orders-value/versions", Self.schema, authorization: Self.bob)
            #expect(bob.status == 403 && bob.errorCode == 40301)
            #expect(bob.json?["message"] == "User bob is denied operation Write on Subject: orders-value")
            #expect(try await api.call(.post, "/subjects/rides-value/versions", Self.schema, authorization: Self.alice).status == 403)
            #expect(try await api.call(.delete, "/subjects/orders-value/versions/1", authorization: Self.bob).status == 403)
            #expect(try await api.call(.put, "/config/orders-value", ["compatibility": "FULL"], authorization: Self.alice).status == 200)
            #expect(try await api.call(.put, "/mode/orders-value", ["mode": "READONLY"], authorization: Self.bob).status == 403)
        }
    }

    @Test func readsNeedReadAndWriteImpliesRead() async throws {
        try await withRegistry(authFile: try Self.authFile()) { (api: API) async throws in
            _ = try await api.call(.post, "/subjects/orders-value/versions", Self.schema, authorization: Self.alice)
            #expect(try await api.call(.get, "/subjects/orders-value/versions", authorization: Self.alice).status == 200)
            #expect(try await api.call(.get, "/subjects/orders-value/versions/1", authorization: Self.bob).status == 200)
            // Lookups and compatibility tests are reads.
            #expect(try await api.call(.post, "/subjects/orders-value", Self.schema, authorization: Self.bob).status == 200)
            #expect(try await api.call(.post, "/compatibility/subjects/orders-value/versions/latest", Self.schema, authorization: Self.bob).status == 200)
        }
    }

    @Test func theGlobalConfigAndModeAreTheConfigResource() async throws {
        try await withRegistry(authFile: try Self.authFile()) { (api: API) async throws in
            #expect(try await api.call(.get, "/config", authorization: Self.alice).status == 200)
            #expect(try await api.call(.get, "/mode", authorization: Self.bob).status == 403)
            #expect(try await api.call(.put, "/config", ["compatibility": "NONE"], authorization: Self.alice).status == 403)
        }
    }

    @Test func listsShowOnlyWhatThePrincipalMayRead() async throws {
        try await withRegistry(authFile: try Self.authFile()) { (api: API) async throws in
            _ = try await api.call(.post, "/subjects/orders-value/versions", Self.schema, authorization: Self.alice)
            let other: JSONValue = ["schema": .string(recordV2)]
            _ = try await api.call(.post, "/subjects/orders-key/versions", other, authorization: Self.alice)
            let mine = try await api.call(.get, "/subjects", authorization: Self.alice)
            #expect(mine.json == ["orders-key", "orders-value"])
            // Anonymous may read public-* only: nothing of these.
            let anonymousSubjects = try await api.call(.get, "/subjects"), anonymousSchemas = try await api.call(.get, "/schemas")
            #expect(anonymousSubjects.json == [] && anonymousSchemas.json == [])
            #expect(try await api.call(.get, "/schemas/ids/1", authorization: Self.bob).status == 200)
            #expect(try await api.call(.get, "/schemas/ids/1").status == 401)
            let holders = try await api.call(.get, "/schemas/ids/1/subjects", authorization: Self.bob)
            #expect(holders.json == ["orders-value"])
        }
    }

    @Test func missingWrongAndHostileCredentialsAre401WithAChallenge() async throws {
        try await withRegistry(authFile: try Self.authFile(anonymous: false)) { (api: API) async throws in
            let hostile = [nil, Self.basic("alice", "wrong"), Self.basic("mallory", "x"), "Basic !!!not-base64", "Basic " + String(repeating: "A", count: 20_000),
                           "Bearer eyJhbGciOiJub25lIn0.e30.", "Basic " + Base64.encode(Array("no-colon".utf8)), "Digest x", "Basic"]
            for header in hostile {
                let r = try await api.call(.get, "/subjects", authorization: header)
                #expect(r.status == 401 && r.errorCode == 40101, "\(header?.prefix(40) ?? "none"): \(r.text)")
            }
            // Health probes need no credentials.
            #expect(try await api.call(.get, "/health/live").status == 200)
        }
    }

    @Test func aBrokenAuthFileStopsTheServerWithItsReason() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stele-auth-bad-\(UUID().uuidString).json")
        try #"{"users":[{"username":"a","algorithm":"md5","salt":"s","password_hash":"h"}]}"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: AuthFileError.self) { try RegistryServer.loadAuthFile(url.path) }
        #expect((try? RegistryServer.loadAuthFile("/nonexistent/auth.json")) == nil)
    }
}
