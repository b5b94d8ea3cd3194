import SteleCrypto
import SteleJSON
import SteleRegistry

/// The registry's shared-KEK key service on SteleCrypto's KMS drivers: a new DEK is a Tink
/// key proto (as Confluent's clients make them) wrapped by the KEK's KMS key; unwrapping gives
/// the proto back. `stele serve` configures the local KMS when given its secret.
struct KmsKeyService: SharedKeyService {
    let drivers: [any KmsDriver]

    func newKey(kek: KeyEncryptionKey, algorithm: DekAlgorithm) throws -> (wrapped: String, plain: String) {
        guard let a = DataKeyCipher.Algorithm(rawValue: algorithm.rawValue) else { throw CryptoFailure("unknown algorithm \(algorithm.rawValue)") }
        let proto = DataKeyCipher.newTinkKey(a)
        return (Base64.encode(try aead(kek).encrypt(proto, associatedData: [])), Base64.encode(proto))
    }

    func unwrap(kek: KeyEncryptionKey, wrapped: String) throws -> String {
        guard let bytes = Base64.decode(wrapped) else { throw CryptoFailure("the stored key material is not base64") }
        return Base64.encode(try aead(kek).decrypt(bytes, associatedData: []))
    }

    private func aead(_ kek: KeyEncryptionKey) throws -> any KeyEncryptionAEAD {
        let url = kek.kmsType + "://" + kek.kmsKeyId
        guard let driver = drivers.first(where: { url.hasPrefix($0.keyURLPrefix) }) else {
            throw CryptoFailure("this registry has no KMS driver for \(kek.kmsType) (only \(drivers.map(\.keyURLPrefix).joined(separator: ", ")))")
        }
        return try driver.aead(keyURL: url, config: kek.kmsProps)
    }
}
