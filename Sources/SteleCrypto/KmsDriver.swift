#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto

/// An authenticated cipher a KMS key stands for: what wraps and unwraps data-encryption keys.
public protocol KeyEncryptionAEAD: Sendable {
    func encrypt(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8]
    func decrypt(_ ciphertext: [UInt8], associatedData: [UInt8]) throws -> [UInt8]
}

/// A KMS a KEK's `kmsType` names (Confluent's `KmsDriver`): it makes the AEAD of a key URL
/// `kmsType://kmsKeyId` from the rule's config and the KEK's `kmsProps`. Stele ships the local
/// KMS; AWS, Azure, GCP or Vault drivers plug in by conforming to this.
public protocol KmsDriver: Sendable {
    /// The URL prefix it serves, e.g. `local-kms://`.
    var keyURLPrefix: String { get }
    func aead(keyURL: String, config: [String: String]) throws -> any KeyEncryptionAEAD
}

/// Confluent's local KMS (`local-kms`), for development and tests: the key is HKDF-SHA256 of a
/// secret (the `secret` config, else the `LOCAL_SECRET` environment variable) and wraps with
/// AES-128-GCM, byte-compatible with confluent-kafka-python's and Java's `LocalKmsClient`.
public struct LocalKmsDriver: KmsDriver {
    public let secret: String?

    /// `secret` overrides the rule config and the environment.
    public init(secret: String? = nil) { self.secret = secret }

    public var keyURLPrefix: String { "local-kms://" }

    public func aead(keyURL: String, config: [String: String]) throws -> any KeyEncryptionAEAD {
        guard let secret = secret ?? config["secret"] ?? getenv("LOCAL_SECRET").map({ String(cString: $0) }) else {
            throw CryptoFailure("the local KMS has no secret: set the rule config 'secret' or LOCAL_SECRET")
        }
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Array(secret.utf8)), salt: [UInt8](), info: [UInt8](), outputByteCount: 16)
        return AESGCMAead(key: key)
    }
}

/// AES-GCM as Tink's RAW AEAD lays it out: a 12-byte nonce, the ciphertext, the 16-byte tag.
public struct AESGCMAead: KeyEncryptionAEAD {
    let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    public func encrypt(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: associatedData)
        guard let combined = box.combined else { throw CryptoFailure("AES-GCM produced no combined ciphertext") }
        return Array(combined)
    }

    public func decrypt(_ ciphertext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        guard ciphertext.count >= 28 else { throw CryptoFailure("an AES-GCM ciphertext of \(ciphertext.count) bytes is shorter than its nonce and tag") }
        return Array(try AES.GCM.open(try AES.GCM.SealedBox(combined: ciphertext), using: key, authenticating: associatedData))
    }
}

/// Why a key or cipher operation failed (never carrying key material).
public struct CryptoFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
