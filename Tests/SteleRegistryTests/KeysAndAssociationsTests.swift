import Foundation
import SteleJSON
import SteleRegistry
import SteleSchema
import SteleStoreSQLite
import Testing

/// The DEK registry's keys and topic associations: their rules, with Confluent's codes, and
/// their durability in the SQLite store.
@Suite struct KeysAndAssociationsTests {
    let order = #"{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}"#
    let kek = KekId(name: "k1")

    func code(_ body: () async throws -> Void) async -> Int? {
        do { try await body() } catch let e as RegistryError { return e.code } catch { return -1 }
        return nil
    }

    func registryWithKek(_ store: any RegistryStore = MemoryStore()) async throws -> Registry {
        let r = try await Registry(store: store)
        _ = try await r.createKek(.init(name: "k1", kmsType: "local-kms", kmsKeyId: "key"))
        return r
    }

    @Test func aDekVersionIsWrittenOnce() async throws {
        let r = await try registryWithKek()
        let first = try await r.createDek(kek, subject: "s", version: nil, algorithm: nil, encryptedKeyMaterial: "AAAA")
        #expect(first.version == 1 && first.algorithm == .aes256GCM)
        #expect(await code { _ = try await r.createDek(kek, subject: "s", version: 1, algorithm: nil, encryptedKeyMaterial: "BBBB") } == 40971)
        _ = try await r.createDek(kek, subject: "s", version: 2, algorithm: nil, encryptedKeyMaterial: "BBBB")
        #expect(try r.dek(kek, subject: "s").version == 2, "no version: the latest")
        #expect(try r.dekVersions(kek, subject: "s") == [1, 2])
    }

    @Test func theRegistryNeverMakesKeyMaterialForANonSharedKek() async throws {
        let r = await try registryWithKek()
        #expect(await code { _ = try await r.createDek(kek, subject: "s", version: nil, algorithm: nil, encryptedKeyMaterial: nil) } == 42271)
        #expect(await code { _ = try await r.createDek(kek, subject: "s", version: nil, algorithm: nil, encryptedKeyMaterial: "not base64") } == 42271)
    }

    @Test func aKekIsDeletedAfterItsDeksAndPermanentlyAfterASoftDelete() async throws {
        let r = await try registryWithKek()
        _ = try await r.createDek(kek, subject: "s", version: nil, algorithm: nil, encryptedKeyMaterial: "AAAA")
        #expect(await code { try await r.deleteKek(kek, permanent: false) } == 42272)
        try await r.deleteDeks(kek, subject: "s", algorithm: nil, permanent: false)
        try await r.deleteKek(kek, permanent: false)
        #expect(await code { _ = try r.kek(kek) } == 40470)
        #expect(try r.kek(kek, deleted: true).deleted)
        #expect(await code { try await r.undeleteDeks(kek, subject: "s", algorithm: nil) } == 40472, "a deleted KEK's DEKs stay deleted")
        try await r.deleteDeks(kek, subject: "s", algorithm: nil, permanent: true)
        try await r.deleteKek(kek, permanent: true)
        #expect(await code { _ = try r.kek(kek, deleted: true) } == 40470)
    }

    /// A stand-in KMS: "wraps" by prefixing.
    struct PrefixKeyService: SharedKeyService {
        func newKey(kek: KeyEncryptionKey, algorithm: DekAlgorithm) throws -> (wrapped: String, plain: String) { ("d3JhcHBlZA==", "cGxhaW4=") }
        func unwrap(kek: KeyEncryptionKey, wrapped: String) throws -> String { wrapped == "d3JhcHBlZA==" ? "cGxhaW4=" : "" }
    }

    @Test func aSharedKeksDeksAreMadeByTheRegistryAndStoredWrapped() async throws {
        let r = try await Registry(store: MemoryStore(), keyService: PrefixKeyService())
        _ = try await r.createKek(.init(name: "shared", kmsType: "local-kms", kmsKeyId: "key", shared: true))
        let id = KekId(name: "shared")
        let made = try await r.createDek(id, subject: "s", version: nil, algorithm: nil, encryptedKeyMaterial: nil)
        #expect(made.encryptedKeyMaterial == "d3JhcHBlZA==" && made.keyMaterial == "cGxhaW4=")
        #expect(try r.dek(id, subject: "s").keyMaterial == "cGxhaW4=", "read back with its plain key")
        #expect(try r.testKek(id).name == "shared")
        let without = try await Registry(store: MemoryStore())
        _ = try await without.createKek(.init(name: "shared", kmsType: "local-kms", kmsKeyId: "key", shared: true))
        #expect(await code { _ = try await without.createDek(id, subject: "s", version: nil, algorithm: nil, encryptedKeyMaterial: nil) } == 50070)
    }

    func associate(_ r: Registry, subject: String, id: String = "t1", lifecycle: AssociationLifecycle = .strong) async throws -> Registry.AssociationOutcome {
        try await r.associate(.init(resourceName: "orders", resourceNamespace: "lkc", resourceId: id,
                              associations: [.init(subject: subject, lifecycle: lifecycle)]), createOnly: true)
    }

    @Test func anAssociatedSubjectIsNotDeleted() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "orders-v", .init(schema: order))
        _ = await try await associate(r, subject: "orders-v")
        #expect(await code { _ = try await r.deleteSubject("orders-v") } == 40904)
        #expect(await code { _ = try await r.deleteVersion("orders-v", .number(1)) } == 40907)
        try await r.deleteAssociations(resourceId: "t1", cascade: true)
        #expect(r.subjects().isEmpty, "the cascade deleted the STRONG association's subject")
    }

    @Test func aTopicHasOneAssociationOfEachType() async throws {
        let r = try await Registry(store: MemoryStore())
        _ = try await r.register(subject: "a", .init(schema: order))
        _ = try await r.register(subject: "b", .init(schema: order))
        _ = await try await associate(r, subject: "a", lifecycle: .weak)
        #expect(await code { _ = try await associate(r, subject: "b", lifecycle: .weak) } == 40903)
        #expect(r.associations(resourceName: "orders", namespace: "-").map(\.subject) == ["a"])
    }

    @Test func keysAndAssociationsSurviveAReopen() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stele-\(UUID().uuidString).db").path
        do {
            let r = await try registryWithKek(try SQLiteStore(path: path))
            _ = try await r.createDek(kek, subject: "s", version: nil, algorithm: .aes256SIV, encryptedKeyMaterial: "AAAA")
            _ = try await r.register(subject: "orders-v", .init(schema: order))
            _ = await try await associate(r, subject: "orders-v")
        }
        let r = try await Registry(store: try SQLiteStore(path: path))
        #expect(try r.kek(kek).kmsKeyId == "key")
        let dek = try r.dek(kek, subject: "s", algorithm: .aes256SIV)
        #expect(dek.encryptedKeyMaterial == "AAAA" && dek.timestamp > 0)
        let a = r.associations(subject: "orders-v")
        #expect(a.count == 1 && a[0].lifecycle == .strong && a[0].resourceId == "t1")
    }
}
