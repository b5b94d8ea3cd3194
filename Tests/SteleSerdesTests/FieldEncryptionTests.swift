import Foundation
import SteleAvro
import SteleClient
import SteleJSON
import SteleSerdes
import Synchronization
import Testing

/// Field-level encryption (`ENCRYPT` rules) in SteleSerdes against a live registry and its DEK
/// registry, with the local KMS. Cross-language compatibility with confluent-kafka-python's
/// executor is `Tests/client/encryption_test.py`.
@Suite("Field-level encryption with the local KMS")
struct FieldEncryptionTests {
    static let user = #"{"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"ssn","type":"string","confluent:tags":["PII"]},{"name":"photo","type":["null","bytes"],"confluent:tags":["PII"]}]}"#
    static let userSchema = try! AvroSchema(parsing: user)
    static let alice = AvroValue.record([.string("alice"), .string("123-45-6789"), .union(1, .bytes([1, 2, 3]))])

    struct User: Codable, Equatable {
        var name: String
        var ssn: String
        var photo: Data?
    }

    static func rule(_ params: [String: String] = [:]) -> JSONValue {
        var p = JSONObject()
        p["encrypt.kek.name"] = "kek1"
        p["encrypt.kms.type"] = "local-kms"
        p["encrypt.kms.key.id"] = "mykey"
        for (k, v) in params { p[k] = .string(v) }
        return ["domainRules": [["name": "encrypt-pii", "kind": "TRANSFORM", "mode": "WRITEREAD", "type": "ENCRYPT", "tags": ["PII"], "params": .object(p)]]]
    }

    static func register(_ client: RegistryClient, _ subject: String = "users-value", schema: String = user, rule: JSONValue = rule()) async throws {
        _ = try await client.register(subject: subject, schema: RegistrySchema(schema, ruleSet: rule))
    }

    static let encryption = FieldEncryption(kmsDrivers: [LocalKmsDriver(secret: "test secret")])

    static func serializer(_ client: RegistryClient, _ encryption: FieldEncryption? = encryption) throws -> AvroSerializer {
        try AvroSerializer(client: client, schema: nil, configuration: SerializerConfiguration(autoRegisterSchemas: false, useLatestVersion: true, fieldEncryption: encryption))
    }

    static func deserializer(_ client: RegistryClient, _ encryption: FieldEncryption? = encryption) -> AvroDeserializer {
        AvroDeserializer(client: client, configuration: DeserializerConfiguration(fieldEncryption: encryption))
    }

    @Test("tagged string and bytes fields are ciphertext on the wire and plaintext after the deserializer")
    func avroRoundTrip() async throws {
        try await withLiveClient { client in
            try await Self.register(client)
            let message = try await Self.serializer(client).serialize(Self.alice, topic: "users")
            let wire = try AvroCodec(schema: Self.userSchema).decode(Array(message[5...]))
            guard case .record(let f) = wire, case .string(let ssn) = f[1], case .union(1, .bytes(let photo)) = f[2] else { Issue.record("shape"); return }
            #expect(f[0] == .string("alice"), "an untagged field stays plaintext")
            #expect(ssn != "123-45-6789" && Base64.decode(ssn)!.count == 11 + 28, "a string field is base64 of nonce, ciphertext and tag")
            #expect(photo.count == 3 + 28)
            #expect(try await Self.deserializer(client).deserialize(message, topic: "users") == Self.alice)
        }
    }

    @Test("a Codable value is encrypted and decrypted through its generic form")
    func codable() async throws {
        try await withLiveClient { client in
            try await Self.register(client)
            let bob = User(name: "bob", ssn: "987-65-4321", photo: nil)
            let message = try await Self.serializer(client).serialize(bob, topic: "users")
            #expect(!String(decoding: message, as: UTF8.self).contains("987-65-4321"))
            #expect(try await Self.deserializer(client).deserialize(message, as: User.self, topic: "users") == bob)
        }
    }

    @Test("after the first message no registry or KMS call is made per message")
    func warmPathMakesNoCalls() async throws {
        try await withLiveClient { client in
            try await Self.register(client)
            let encryption = FieldEncryption(kmsDrivers: [LocalKmsDriver(secret: "test secret")])
            let serializer = try Self.serializer(client, encryption), deserializer = Self.deserializer(client, encryption)
            _ = try await deserializer.deserialize(try await serializer.serialize(Self.alice, topic: "users"), topic: "users")
            let calls = encryption.callCount, registry = client.statistics.requests
            for _ in 0..<50 {
                let m = try await serializer.serialize(Self.alice, topic: "users")
                #expect(try await deserializer.deserialize(m, topic: "users") == Self.alice)
            }
            #expect(encryption.callCount == calls && client.statistics.requests == registry)
        }
    }

    @Test("an expired DEK rotates to the next version; messages of both versions decrypt")
    func rotation() async throws {
        try await withLiveClient { client in
            // One tagged field: each message takes one DEK (with the clock two days ahead, a DEK
            // just made by the registry is already "expired" for a second field too).
            let oneField = #"{"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"ssn","type":"string","confluent:tags":["PII"]}]}"#
            try await Self.register(client, schema: oneField, rule: Self.rule(["encrypt.dek.expiry.days": "1"]))
            let alice = AvroValue.record([.string("alice"), .string("123-45-6789")])
            let offset = Atomic<Int64>(0)
            let clock = FieldEncryption(kmsDrivers: [LocalKmsDriver(secret: "test secret")], now: { FieldEncryption.systemNow() + offset.load(ordering: .relaxed) })
            let serializer = try Self.serializer(client, clock)
            let first = try await serializer.serialize(alice, topic: "users")
            offset.store(2 * 86_400_000, ordering: .relaxed)
            let second = try await serializer.serialize(alice, topic: "users")
            offset.store(0, ordering: .relaxed)
            let third = try await serializer.serialize(alice, topic: "users")
            #expect(try await client.dek(kekName: "kek1", subject: "users-value", version: -1).version == 2)
            let versions = [first, second, third].map { m -> UInt8 in
                guard case .record(let f)? = try? AvroCodec(schema: try! AvroSchema(parsing: oneField)).decode(Array(m[5...])), case .string(let s) = f[1] else { return 0 }
                return Base64.decode(s)?[4] ?? 0
            }
            #expect(versions == [1, 2, 2], "each ciphertext names its DEK version")
            let deserializer = Self.deserializer(client, FieldEncryption(kmsDrivers: [LocalKmsDriver(secret: "test secret")]))
            for m in [first, second, third] { #expect(try await deserializer.deserialize(m, topic: "users") == alice) }
        }
    }

    @Test("AES256_SIV is deterministic: the same value, the same message")
    func deterministic() async throws {
        try await withLiveClient { client in
            try await Self.register(client, rule: Self.rule(["encrypt.dek.algorithm": "AES256_SIV"]))
            let serializer = try Self.serializer(client)
            let a = try await serializer.serialize(Self.alice, topic: "users"), b = try await serializer.serialize(Self.alice, topic: "users")
            #expect(a == b)
            #expect(try await Self.deserializer(client).deserialize(a, topic: "users") == Self.alice)
        }
    }

    @Test("without fieldEncryption, or with the wrong KMS secret, an encrypted schema is a typed error, never ciphertext")
    func refusals() async throws {
        try await withLiveClient { client in
            try await Self.register(client)
            #expect(await code { _ = try await Self.serializer(client, nil).serialize(Self.alice, topic: "users") } == .encryption)
            let message = try await Self.serializer(client).serialize(Self.alice, topic: "users")
            #expect(await code { _ = try await Self.deserializer(client, nil).deserialize(message, topic: "users") } == .encryption)
            let wrong = FieldEncryption(kmsDrivers: [LocalKmsDriver(secret: "another secret")])
            #expect(await code { _ = try await Self.deserializer(client, wrong).deserialize(message, topic: "users") } == .encryption)
        }
    }

    @Test("tags from metadata.tags paths (Confluent's wildcards) select fields as inline tags do")
    func metadataTags() async throws {
        try await withLiveClient { client in
            let untagged = #"{"type":"record","name":"User","namespace":"hr","fields":[{"name":"name","type":"string"},{"name":"ssn","type":"string"},{"name":"note","type":"string"}]}"#
            let metadata: JSONValue = ["tags": ["hr.User.ss?": ["PII"], "**.nothing": ["PII"]]]
            _ = try await client.register(subject: "users-value", schema: RegistrySchema(untagged, metadata: metadata, ruleSet: Self.rule()))
            let value = AvroValue.record([.string("alice"), .string("123-45-6789"), .string("hello")])
            let message = try await Self.serializer(client).serialize(value, topic: "users")
            guard case .record(let f) = try AvroCodec(schema: try AvroSchema(parsing: untagged)).decode(Array(message[5...])) else { Issue.record("shape"); return }
            #expect(f[0] == .string("alice") && f[1] != .string("123-45-6789") && f[2] == .string("hello"), "only hr.User.ssn matches")
            #expect(try await Self.deserializer(client).deserialize(message, topic: "users") == value)
        }
    }

    @Test("a JSON Schema property tagged PII, also behind a $ref and in a nullable oneOf")
    func jsonSchema() async throws {
        try await withLiveClient { client in
            let schema = #"""
                {"type":"object","definitions":{"Secret":{"type":"string","confluent:tags":["PII"]}},
                 "properties":{"holder":{"type":"string"},"number":{"$ref":"#/definitions/Secret"},
                               "cvv":{"oneOf":[{"type":"null"},{"type":"string","confluent:tags":["PII"]}]}}}
                """#
            _ = try await client.register(subject: "cards-value", schema: RegistrySchema(schema, type: .json, ruleSet: Self.rule()))
            let serializer = try JSONSchemaSerializer(client: client, schema: nil,
                                                      configuration: SerializerConfiguration(autoRegisterSchemas: false, useLatestVersion: true, fieldEncryption: Self.encryption))
            let card: JSONValue = ["holder": "bob", "number": "4111", "cvv": "123"]
            let message = try await serializer.serialize(card, topic: "cards")
            let wire = try JSONParser().parse(Array(message[5...]))
            #expect(wire["holder"] == "bob" && wire["number"] != "4111" && wire["cvv"] != "123")
            let deserializer = JSONSchemaDeserializer(client: client, configuration: DeserializerConfiguration(fieldEncryption: Self.encryption))
            #expect(try await deserializer.deserialize(message, topic: "cards") == card)
        }
    }
}
