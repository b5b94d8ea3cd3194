import Foundation
import SteleJSON
import SteleRegistry
import SteleSchema
import SteleStorePostgres
import SteleStoreSQLite
import Synchronization
import Testing

/// The `RegistryStore` contract, run against every store: the register, delete, config, mode
/// and import rules give the same answers, everything survives a restart exactly (ids,
/// versions, deletes, the id counter, config, modes, keys), and concurrent registrations of
/// one schema give one id and one version.
@Suite struct StoreConformanceTests {
    static let embedded: [StoreKind] = [.memory, .sqlite]

    @Test(arguments: embedded) func registrationRulesAndARestart(_ kind: StoreKind) async throws { try await Self.registrationRulesAndARestart(kind) }
    @Test(arguments: embedded) func deletesAndTheIdCounterSurviveARestart(_ kind: StoreKind) async throws { try await Self.deletesAndTheIdCounterSurviveARestart(kind) }
    @Test(arguments: embedded) func configModesAndImportSurviveARestart(_ kind: StoreKind) async throws { try await Self.configModesAndImportSurviveARestart(kind) }
    @Test(arguments: embedded) func keysAndAssociationsSurviveARestart(_ kind: StoreKind) async throws { try await Self.keysAndAssociationsSurviveARestart(kind) }
    @Test(arguments: embedded) func concurrentIdenticalRegistrationsGiveOneIdAndOneVersion(_ kind: StoreKind) async throws { try await Self.concurrentIdenticalRegistrationsGiveOneIdAndOneVersion(kind) }
    @Test(arguments: embedded) func concurrentDistinctRegistrationsGetDistinctIdsAndVersionsWithoutGaps(_ kind: StoreKind) async throws { try await Self.concurrentDistinctRegistrationsGetDistinctIdsAndVersionsWithoutGaps(kind) }

    static let r1 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#
    static let r2 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int","default":0}]}"#
    static let r3 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}"#

    static func level(_ text: String) -> JSONObject {
        var o = JSONObject()
        o["compatibility"] = .string(text)
        return o
    }

    static func schema(_ n: Int) -> String { #"{"type":"record","name":"N\#(n)","fields":[{"name":"f","type":"long"}]}"# }

    static func registrationRulesAndARestart(_ kind: StoreKind) async throws {
        let place = try await kind.place()
        defer { place.close() }
        do {
            let r = try await Registry(store: try await place.open())
            let a = try await r.register(subject: "a", .init(schema: Self.r1))
            let b = try await r.register(subject: "b", .init(schema: Self.r1))
            #expect(a.record.id == 1 && b.record.id == 1, "one schema, one id in every subject")
            #expect(try await r.register(subject: "a", .init(schema: Self.r1)).version.version == 1, "the same schema again is the same version")
            #expect(try await r.register(subject: "a", .init(schema: Self.r2)).version.version == 2)
            await #expect(throws: RegistryError.self) { try await r.register(subject: "a", .init(schema: Self.r3)) }
            #expect(try r.versions(subject: "a") == [1, 2], "a refused schema leaves no version")
        }
        let r = try await Registry(store: try await place.open())
        #expect(try r.versions(subject: "a") == [1, 2])
        #expect(try r.version(subject: "a", .number(2)).record.schema == Self.r2)
        #expect(try r.schema(id: 1).schema == Self.r1)
        #expect(try await r.register(subject: "c", .init(schema: Self.schema(1))).record.id == 3, "the id counter survives")
    }

    static func deletesAndTheIdCounterSurviveARestart(_ kind: StoreKind) async throws {
        let place = try await kind.place()
        defer { place.close() }
        do {
            let r = try await Registry(store: try await place.open())
            _ = try await r.register(subject: "gone", .init(schema: Self.schema(1)))
            _ = try await r.register(subject: "soft", .init(schema: Self.schema(2)))
            _ = try await r.register(subject: "soft", .init(schema: Self.schema(3)), force: true)
            #expect(try await r.deleteSubject("gone") == [1])
            #expect(try await r.deleteSubject("gone", permanent: true) == [1])
            #expect(try await r.deleteVersion("soft", .number(1)) == 1)
        }
        let r = try await Registry(store: try await place.open())
        #expect(throws: RegistryError.self) { try r.schema(id: 1) }
        #expect(r.subjects() == ["soft"])
        #expect(try r.versions(subject: "soft") == [2])
        #expect(try r.versions(subject: "soft", deleted: true) == [1, 2])
        #expect(try await r.register(subject: "gone", .init(schema: Self.schema(1))).record.id == 4, "an id is never reused")
    }

    static func configModesAndImportSurviveARestart(_ kind: StoreKind) async throws {
        let place = try await kind.place()
        defer { place.close() }
        do {
            let r = try await Registry(store: try await place.open())
            _ = try await r.setConfig(subject: nil, update: Self.level("FULL"))
            _ = try await r.setConfig(subject: "n", update: Self.level("NONE"))
            _ = try await r.setMode(subject: "ro", .readOnly)
            _ = try await r.setMode(subject: "imp", .importing)
            _ = try await r.register(subject: "imp", .init(schema: Self.schema(9), id: 42, version: 5))
        }
        let r = try await Registry(store: try await place.open())
        #expect(try r.config(subject: nil).level == .full)
        #expect(try r.config(subject: "n").level == CompatibilityLevel.none)
        #expect(try r.mode(subject: "ro") == .readOnly)
        await #expect(throws: RegistryError.self) { try await r.register(subject: "ro", .init(schema: Self.r1)) }
        let imported = try r.version(subject: "imp", .latest)
        #expect(imported.record.id == 42 && imported.version.version == 5)
        #expect(try await r.register(subject: "x", .init(schema: Self.r1)).record.id == 43, "ids continue after an imported one")
        _ = try await r.deleteConfig(subject: "n")
        _ = try await r.deleteMode(subject: "ro")
        let again = try await Registry(store: try await place.open())
        #expect(throws: RegistryError.self) { try again.config(subject: "n") }
        #expect(throws: RegistryError.self) { try again.mode(subject: "ro") }
    }

    static func keysAndAssociationsSurviveARestart(_ kind: StoreKind) async throws {
        let place = try await kind.place()
        defer { place.close() }
        do {
            let r = try await Registry(store: try await place.open())
            _ = try await r.createKek(.init(name: "k", kmsType: "local-kms", kmsKeyId: "key"))
            _ = try await r.createDek(KekId(name: "k"), subject: "s", version: nil, algorithm: nil, encryptedKeyMaterial: "AAAA")
            _ = try await r.associate(.init(resourceName: "orders", resourceNamespace: "lkc", resourceId: "t1",
                                            associations: [.init(subject: "orders-value", lifecycle: .strong, schema: .init(schema: Self.r1))]), createOnly: true)
        }
        let r = try await Registry(store: try await place.open())
        #expect(try r.dek(KekId(name: "k"), subject: "s").encryptedKeyMaterial == "AAAA")
        #expect(r.associations(subject: "orders-value").map(\.resourceId) == ["t1"])
        #expect(try r.version(subject: "orders-value", .latest).record.id == 1)
    }

    static func concurrentIdenticalRegistrationsGiveOneIdAndOneVersion(_ kind: StoreKind) async throws {
        let place = try await kind.place()
        defer { place.close() }
        let r = try await Registry(store: try await place.open())
        let results = try await withThrowingTaskGroup(of: Registry.Registered.self) { group in
            for _ in 0..<32 { group.addTask { try await r.register(subject: "same", .init(schema: Self.r1)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.record.id)) == [1])
        #expect(Set(results.map(\.version.version)) == [1])
        #expect(try r.versions(subject: "same") == [1])
    }

    static func concurrentDistinctRegistrationsGetDistinctIdsAndVersionsWithoutGaps(_ kind: StoreKind) async throws {
        let place = try await kind.place()
        defer { place.close() }
        do {
            let r = try await Registry(store: try await place.open())
            _ = try await r.setConfig(subject: "many", update: Self.level("NONE"))
            let ids = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<64 { group.addTask { try await r.register(subject: "many", .init(schema: Self.schema(n))).record.id } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(ids).count == 64)
        }
        let r = try await Registry(store: try await place.open())
        #expect(try r.versions(subject: "many") == Array(1...64))
        #expect(Set(try (1...64).map { try r.version(subject: "many", .number($0)).record.id }).count == 64)
    }
}

/// The same contract on PostgreSQL (`STELE_TEST_POSTGRES`: a server the tests may create
/// databases on; `scripts/test` starts one).
@Suite(.enabled(if: StoreKind.postgresURL != nil, "STELE_TEST_POSTGRES is not set: no PostgreSQL to test against"))
struct PostgresStoreConformanceTests {
    @Test func registrationRulesAndARestart() async throws { try await StoreConformanceTests.registrationRulesAndARestart(.postgres) }
    @Test func deletesAndTheIdCounterSurviveARestart() async throws { try await StoreConformanceTests.deletesAndTheIdCounterSurviveARestart(.postgres) }
    @Test func configModesAndImportSurviveARestart() async throws { try await StoreConformanceTests.configModesAndImportSurviveARestart(.postgres) }
    @Test func keysAndAssociationsSurviveARestart() async throws { try await StoreConformanceTests.keysAndAssociationsSurviveARestart(.postgres) }
    @Test func concurrentIdenticalRegistrationsGiveOneIdAndOneVersion() async throws { try await StoreConformanceTests.concurrentIdenticalRegistrationsGiveOneIdAndOneVersion(.postgres) }
    @Test func concurrentDistinctRegistrationsGetDistinctIdsAndVersionsWithoutGaps() async throws { try await StoreConformanceTests.concurrentDistinctRegistrationsGetDistinctIdsAndVersionsWithoutGaps(.postgres) }

    /// Two instances on one database: one id per schema whichever registers it (also at the
    /// same moment), versions without gaps or duplicates when both write one subject, and each
    /// sees the other's writes.
    @Test func twoInstancesShareOneRegistry() async throws {
        let place = try await StoreKind.postgres.place()
        defer { place.close() }
        let a = try await Registry(store: try await place.open())
        let b = try await Registry(store: try await place.open())
        let first = try await a.register(subject: "shared", .init(schema: StoreConformanceTests.r1))
        await b.catchUp()
        #expect(try b.version(subject: "shared", .latest).record.id == first.record.id, "a write on one instance is read on the other")
        #expect(try await b.register(subject: "other", .init(schema: StoreConformanceTests.r1)).record.id == first.record.id)
        _ = try await a.setConfig(subject: "many", update: StoreConformanceTests.level("NONE"))
        // Both register the same 20 new schemas and 40 distinct ones into one subject, at once.
        let outcomes = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for n in 0..<20 {
                for r in [a, b] { group.addTask { (n, try await r.register(subject: "same-\(n)", .init(schema: StoreConformanceTests.schema(1000 + n))).record.id) } }
            }
            for n in 0..<40 {
                let r = n % 2 == 0 ? a : b
                group.addTask { (-1, try await r.register(subject: "many", .init(schema: StoreConformanceTests.schema(n))).record.id) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for n in 0..<20 { #expect(Set(outcomes.filter { $0.0 == n }.map(\.1)).count == 1, "schema \(n): one id on both instances") }
        await a.catchUp()
        await b.catchUp()
        for r in [a, b] {
            #expect(try r.versions(subject: "many") == Array(1...40), "no gaps, no duplicates")
            for n in 0..<20 { #expect(try r.versions(subject: "same-\(n)") == [1]) }
        }
        let listing = { (r: Registry) in r.allSchemas(deleted: true).map { "\($0.version.subject) \($0.version.version) \($0.record.id)" } }
        #expect(listing(a) == listing(b), "both instances list the same registry")
        #expect(Set(a.allSchemas().map(\.record.id)).count == a.allSchemas().map(\.record.id).count - 1, "only the shared schema's id appears twice")
        let restarted = try await Registry(store: try await place.open())
        #expect(listing(restarted) == listing(a))
    }
}

/// The commit pipeline, observed through stores that count, hold or fail their commits.
@Suite struct CommitPipelineTests {
    @Test func registrationsArrivingTogetherShareOneCommit() async throws {
        let store = GatedStore()
        let r = try await Registry(store: store)
        _ = try await r.setConfig(subject: "g", update: StoreConformanceTests.level("NONE"))
        store.hold()
        let first = Task { try await r.register(subject: "g", .init(schema: StoreConformanceTests.schema(0))) }
        await store.waitUntilHeld()
        // While that commit waits for the disk, 50 more arrive: they must share the next one.
        let rest = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...50 { group.addTask { _ = try await r.register(subject: "g", .init(schema: StoreConformanceTests.schema(n))) } }
                try await group.waitForAll()
            }
        }
        try await store.waitUntilQueued(r, 50)
        let before = store.commits
        store.release()
        _ = try await first.value
        try await rest.value
        #expect(store.commits - before <= 2, "50 registrations queued behind one commit are committed together, not one by one")
        #expect(try r.versions(subject: "g") == Array(1...51))
    }

    @Test func readsDoNotWaitForACommitAndDoNotSeeItBeforeItIsDurable() async throws {
        let store = GatedStore()
        let r = try await Registry(store: store)
        _ = try await r.register(subject: "s", .init(schema: StoreConformanceTests.r1))
        store.hold()
        let pending = Task { try await r.register(subject: "s", .init(schema: StoreConformanceTests.r2)) }
        await store.waitUntilHeld()
        // The writer is stuck in its commit; reads answer at once, from the last durable state.
        #expect(try r.versions(subject: "s") == [1])
        #expect(try r.version(subject: "s", .latest).record.schema == StoreConformanceTests.r1)
        #expect(throws: RegistryError.self) { try r.schema(id: 2) }
        store.release()
        #expect(try await pending.value.version.version == 2)
        #expect(try r.versions(subject: "s") == [1, 2], "acknowledged, so visible")
    }

    @Test func aFailedCommitAnswersEveryoneInItWithAnErrorAndChangesNothing() async throws {
        let store = GatedStore()
        let r = try await Registry(store: store)
        _ = try await r.register(subject: "s", .init(schema: StoreConformanceTests.r1))
        store.failNext()
        await #expect(throws: RegistryError.self) { try await r.register(subject: "s", .init(schema: StoreConformanceTests.r2)) }
        #expect(try r.versions(subject: "s") == [1], "nothing that failed to commit is visible")
        #expect(try await r.register(subject: "s", .init(schema: StoreConformanceTests.r2)).version.version == 2, "the next commit works")
        #expect(try await Registry(store: store).versions(subject: "s") == [1, 2])
    }
}

/// A memory store whose commits can be held (as a slow disk would), counted, or failed.
final class GatedStore: RegistryStore {
    private struct Gate {
        var holding = false
        var held = false
        var failNext = false
        var commits = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let inner = MemoryStore()
    private let gate = Mutex(Gate())

    var commits: Int { gate.withLock { $0.commits } }
    func hold() { gate.withLock { $0.holding = true } }
    func failNext() { gate.withLock { $0.failNext = true } }

    func release() {
        let waiting = gate.withLock { g in
            g.holding = false
            defer { g.waiting = [] }
            return g.waiting
        }
        for w in waiting { w.resume() }
    }

    /// Until a commit is waiting at the gate.
    func waitUntilHeld() async {
        while !gate.withLock({ $0.held }) { try? await Task.sleep(for: .milliseconds(2)) }
    }

    /// Until `count` writes wait behind the held commit (they have all passed their checks).
    func waitUntilQueued(_ registry: Registry, _ count: Int) async throws {
        for _ in 0..<5000 {
            if registry.pendingWrites >= count { return }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("the writes never queued")
    }

    func load() async throws -> RegistrySnapshot { try await inner.load() }

    func apply(_ mutations: [StoreMutation]) async throws {
        struct Refused: Error {}
        let (fail, wait) = gate.withLock { g -> (Bool, Bool) in
            g.commits += 1
            if g.failNext { g.failNext = false; return (true, false) }
            if g.holding { g.held = true; return (false, true) }
            return (false, false)
        }
        if fail { throw Refused() }
        if wait {
            await withCheckedContinuation { c in
                let resumeNow = gate.withLock { g -> Bool in
                    if !g.holding { return true }
                    g.waiting.append(c)
                    return false
                }
                if resumeNow { c.resume() }
            }
            gate.withLock { $0.held = false }
        }
        try await inner.apply(mutations)
    }
}

/// The stores the conformance suite runs against: where one lives, and how to open it again
/// (a restart).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    var testDescription: String { rawValue }

    /// A server the tests may create databases on (`postgres://postgres@127.0.0.1:54329/postgres`).
    static let postgresURL = ProcessInfo.processInfo.environment["STELE_TEST_POSTGRES"]

    final class Place: Sendable {
        let openStore: @Sendable () async throws -> any RegistryStore
        private let opened = Mutex<[PostgresStore]>([])

        init(_ open: @escaping @Sendable () async throws -> any RegistryStore) { openStore = open }

        /// The store again, as a restarted instance would open it.
        func open() async throws -> any RegistryStore {
            let store = try await openStore()
            if let pg = store as? PostgresStore { opened.withLock { $0.append(pg) } }
            return store
        }

        /// Closes the database connections of every store opened here (a test's end).
        func close() {
            let stores = opened.withLock { $0 }
            Task { for s in stores { await s.close() } }
        }
    }

    func place() async throws -> Place {
        switch self {
        case .memory:
            let store = MemoryStore()
            return Place { store }
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("stele-\(UUID().uuidString).db").path
            return Place { try SQLiteStore(path: path) }
        case .postgres:
            let url = try #require(Self.postgresURL)
            let database = "stele_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try Self.psql(url, "CREATE DATABASE \(database)")
            let base = url[..<url.lastIndex(of: "/")!]
            return Place { try PostgresStore(url: "\(base)/\(database)") }
        }
    }

    /// One statement through psql (creating a database needs no Stele code).
    static func psql(_ url: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        p.arguments = ["-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw PostgresStoreError("psql failed: \(sql)") }
    }
}
