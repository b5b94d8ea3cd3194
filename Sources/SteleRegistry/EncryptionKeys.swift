import SteleSchema

/// The algorithm a data-encryption key is for (Confluent's `DekFormat`).
public enum DekAlgorithm: String, Sendable, Hashable, CaseIterable {
    case aes128GCM = "AES128_GCM"
    case aes256GCM = "AES256_GCM"
    /// Deterministic encryption (AES-SIV): equal plaintexts give equal ciphertexts.
    case aes256SIV = "AES256_SIV"

    /// Confluent's default when a request names none.
    public static let `default` = DekAlgorithm.aes256GCM
}

/// A key-encryption key of the DEK registry: a name for a key that lives in the user's KMS
/// (`kmsType` + `kmsKeyId`). The registry never holds the key itself; it holds the data keys
/// wrapped by it. `shared` KEKs let the registry unwrap (Confluent Cloud's mode).
public struct KeyEncryptionKey: Sendable, Hashable {
    /// The context the KEK belongs to (`.` unless the request named one).
    public var context: String
    public var name: String
    public var kmsType: String
    public var kmsKeyId: String
    public var kmsProps: [String: String]
    public var doc: String?
    public var shared: Bool
    public var deleted: Bool
    /// When it was last written, epoch milliseconds.
    public var timestamp: Int64

    public init(context: String = QualifiedSubject.defaultContext, name: String, kmsType: String, kmsKeyId: String, kmsProps: [String: String] = [:],
                doc: String? = nil, shared: Bool = false, deleted: Bool = false, timestamp: Int64 = 0) {
        self.context = context
        self.name = name
        self.kmsType = kmsType
        self.kmsKeyId = kmsKeyId
        self.kmsProps = kmsProps
        self.doc = doc
        self.shared = shared
        self.deleted = deleted
        self.timestamp = timestamp
    }

    public var id: KekId { KekId(context: context, name: name) }

    /// The same key, whatever its timestamp and deleted flag (Confluent's `isEquivalent`).
    func isEquivalent(_ other: KeyEncryptionKey) -> Bool {
        kmsType == other.kmsType && kmsKeyId == other.kmsKeyId && kmsProps == other.kmsProps && doc == other.doc && shared == other.shared
    }
}

/// A KEK's identity: its name within a context.
public struct KekId: Sendable, Hashable, Comparable {
    public var context: String
    public var name: String

    public init(context: String = QualifiedSubject.defaultContext, name: String) {
        self.context = context
        self.name = name
    }

    public static func < (a: KekId, b: KekId) -> Bool { (a.context, a.name) < (b.context, b.name) }
}

/// A data-encryption key: one version of the key a subject's fields are encrypted with, for
/// one algorithm, stored wrapped by its KEK (`encryptedKeyMaterial`, base64, as the client sent
/// it — the registry cannot read it).
public struct DataEncryptionKey: Sendable, Hashable {
    public var kek: KekId
    public var subject: String
    public var version: Int
    public var algorithm: DekAlgorithm
    public var encryptedKeyMaterial: String?
    public var deleted: Bool
    /// When it was written, epoch milliseconds; clients rotate a DEK older than
    /// `encrypt.dek.expiry.days` by this.
    public var timestamp: Int64
    /// The plain key (base64), only in answers about a shared KEK's DEK; never stored.
    public var keyMaterial: String?

    public init(kek: KekId, subject: String, version: Int, algorithm: DekAlgorithm, encryptedKeyMaterial: String?, deleted: Bool = false, timestamp: Int64 = 0) {
        self.kek = kek
        self.subject = subject
        self.version = version
        self.algorithm = algorithm
        self.encryptedKeyMaterial = encryptedKeyMaterial
        self.deleted = deleted
        self.timestamp = timestamp
    }

    public var id: DekId { DekId(kek: kek, subject: subject, algorithm: algorithm, version: version) }

    /// The same key, whatever its timestamp, deleted flag and (unstored) plain material.
    func isEquivalent(_ other: DataEncryptionKey) -> Bool {
        encryptedKeyMaterial == other.encryptedKeyMaterial
    }
}

/// A DEK's identity.
public struct DekId: Sendable, Hashable, Comparable {
    public var kek: KekId
    public var subject: String
    public var algorithm: DekAlgorithm
    public var version: Int

    public init(kek: KekId, subject: String, algorithm: DekAlgorithm, version: Int) {
        self.kek = kek
        self.subject = subject
        self.algorithm = algorithm
        self.version = version
    }

    public static func < (a: DekId, b: DekId) -> Bool {
        (a.kek.context, a.kek.name, a.subject, a.algorithm.rawValue, a.version) < (b.kek.context, b.kek.name, b.subject, b.algorithm.rawValue, b.version)
    }
}

/// What the registry needs of a KMS to serve shared KEKs (Confluent's shared mode: the
/// registry makes and unwraps their DEKs, so clients need no KMS access). Key material crosses
/// this boundary base64-encoded and is never stored in plain.
public protocol SharedKeyService: Sendable {
    /// A new data key for `algorithm`, wrapped by `kek`: (wrapped, plain), both base64.
    func newKey(kek: KeyEncryptionKey, algorithm: DekAlgorithm) throws -> (wrapped: String, plain: String)
    /// The plain key (base64) of a DEK `kek` wrapped.
    func unwrap(kek: KeyEncryptionKey, wrapped: String) throws -> String
}
