import Synchronization
import SteleSchema

/// Where the registry keeps its state. The contract every store meets (and
/// `Tests/SteleRegistryTests/StoreConformanceTests.swift` checks for each):
/// - `load` gives back everything applied before, exactly (a row that cannot be read back
///   faithfully is an error naming it, never a default);
/// - `apply` returns only once the mutations are durable (the registry answers after it), and
///   applies all of them or none. It is called by one writer at a time (the registry's commit
///   pipeline, off the event loops), with the mutations of a whole batch of requests.
public protocol RegistryStore: Sendable {
    func load() async throws -> RegistrySnapshot
    func apply(_ mutations: [StoreMutation]) async throws
    /// Throws when the store cannot answer now (readiness probes); a memory store always can.
    func check() async throws
    /// A store shared by several instances: what the others committed since `load` or the
    /// last call (or the last `apply`), in commit order. A store of one instance has none.
    func changes() async throws -> [StoreMutation]
    /// Calls `onChange` whenever another instance may have committed (the registry then asks
    /// for `changes`). A store of one instance never calls it.
    func follow(_ onChange: @escaping @Sendable () -> Void)
    /// Whether other instances write to the same store.
    var isShared: Bool { get }
}

extension RegistryStore {
    public func check() async throws {}
    public func changes() async throws -> [StoreMutation] { [] }
    public func follow(_ onChange: @escaping @Sendable () -> Void) {}
    public var isShared: Bool { false }
}

/// `apply` refused: another instance committed first, so the batch was worked out on a state
/// that is no longer current. `changes` are what it committed (in order); the registry applies
/// them and runs the batch again. Nothing of the refused batch was written.
public struct StoreConflict: Error, Sendable {
    public let changes: [StoreMutation]
    public init(changes: [StoreMutation]) { self.changes = changes }
}

/// A store that keeps nothing on disk (tests, `stele serve --data :memory:`).
public final class MemoryStore: RegistryStore {
    private let tables = Mutex(Tables())

    public init() {}

    public func load() async throws -> RegistrySnapshot { tables.withLock { $0.snapshot } }

    public func apply(_ mutations: [StoreMutation]) async throws { tables.withLock { $0.apply(mutations) } }
}

/// The memory store's tables.
private struct Tables {
    var schemas: [String: [Int: SchemaRecord]] = [:]
    var versions: [String: [Int: SubjectVersion]] = [:]
    var configs: [String: RegistryConfig] = [:]
    var modes: [String: RegistryMode] = [:]
    var maxIds: [String: Int] = [:]
    var contexts: Set<String> = []
    var keks: [KekId: KeyEncryptionKey] = [:]
    var deks: [DekId: DataEncryptionKey] = [:]
    var associations: [AssociationKey: Association] = [:]

    var snapshot: RegistrySnapshot {
        var snapshot = RegistrySnapshot()
        snapshot.schemas = schemas.values.flatMap(\.values)
        snapshot.versions = versions.values.flatMap(\.values)
        snapshot.configs = configs
        snapshot.modes = modes
        snapshot.maxIds = maxIds
        snapshot.contexts = contexts
        snapshot.keks = Array(keks.values)
        snapshot.deks = Array(deks.values)
        snapshot.associations = Array(associations.values)
        return snapshot
    }

    mutating func apply(_ mutations: [StoreMutation]) {
        for m in mutations {
            switch m {
            case .putSchema(let s): schemas[s.context, default: [:]][s.id] = s
            case .putVersion(let v): versions[v.subject, default: [:]][v.version] = v
            case .removeVersion(let s, let v): versions[s]?[v] = nil
            case .removeSchema(let context, let id): schemas[context]?[id] = nil
            case .putConfig(let scope, let c): configs[scope] = c
            case .putMode(let scope, let m): modes[scope] = m
            case .putMaxId(let context, let id): maxIds[context] = id
            case .putContext(let name, let listed): if listed { contexts.insert(name) } else { contexts.remove(name) }
            case .putKek(let k): keks[k.id] = k
            case .removeKek(let id): keks[id] = nil
            case .putDek(let d): deks[d.id] = d
            case .removeDek(let id): deks[id] = nil
            case .putAssociation(let a): associations[a.key] = a
            case .removeAssociation(let key): associations[key] = nil
            }
        }
    }
}
