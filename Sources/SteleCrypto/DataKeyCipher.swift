import CAESSIVShim
import Crypto

/// The cipher a data-encryption key is for, with the key bytes as Confluent's clients store
/// them: a serialized Tink key proto (`AesGcmKey` — version 1, key_value 3 — or `AesSivKey` —
/// version 1, key_value 2), so a DEK made by confluent-kafka-python works here and back.
public struct DataKeyCipher: Sendable {
    public enum Algorithm: String, Sendable, Hashable {
        case aes128GCM = "AES128_GCM"
        case aes256GCM = "AES256_GCM"
        case aes256SIV = "AES256_SIV"

        public var keySize: Int {
            switch self {
            case .aes128GCM: 16
            case .aes256GCM: 32
            case .aes256SIV: 64
            }
        }

        /// The proto field number holding the key bytes.
        var keyField: UInt8 { self == .aes256SIV ? 2 : 3 }
    }

    public let algorithm: Algorithm
    let key: [UInt8]

    /// The cipher of a DEK's (unwrapped) Tink key proto.
    public init(algorithm: Algorithm, tinkKey proto: [UInt8]) throws(CryptoFailure) {
        guard let key = Self.keyValue(in: proto, field: algorithm.keyField), key.count == algorithm.keySize else {
            throw CryptoFailure("the \(algorithm.rawValue) data key is not a Tink key of \(algorithm.keySize) bytes")
        }
        self.algorithm = algorithm
        self.key = key
    }

    /// A new random key, as its Tink proto.
    public static func newTinkKey(_ algorithm: Algorithm) -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        let key = (0..<algorithm.keySize).map { _ in UInt8.random(in: .min ... .max, using: &g) }
        return [(algorithm.keyField << 3) | 2, UInt8(key.count)] + key
    }

    /// The bytes of length-delimited field `field` of a flat proto message (varint and
    /// length-delimited fields only, as Tink's key protos are).
    static func keyValue(in proto: [UInt8], field: UInt8) -> [UInt8]? {
        var i = 0
        func varint() -> Int? {
            var value = 0, shift = 0
            while i < proto.count, shift < 35 {
                let b = proto[i]
                i += 1
                value |= Int(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while i < proto.count {
            guard let tag = varint() else { return nil }
            switch tag & 7 {
            case 0: guard varint() != nil else { return nil }
            case 2:
                guard let n = varint(), n >= 0, i + n <= proto.count else { return nil }
                if tag >> 3 == Int(field) { return Array(proto[i..<(i + n)]) }
                i += n
            default: return nil
            }
        }
        return nil
    }

    public func encrypt(_ plaintext: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        switch algorithm {
        case .aes128GCM, .aes256GCM:
            do { return try AESGCMAead(key: SymmetricKey(data: key)).encrypt(plaintext, associatedData: []) } catch {
                throw CryptoFailure("AES-GCM encryption failed: \(error)")
            }
        case .aes256SIV:
            var out = [UInt8](repeating: 0, count: plaintext.count + 16)
            let n = stele_aes_siv_seal(key, key.count, nil, 0, plaintext, plaintext.count, &out)
            guard n >= 0 else { throw n == -1 ? Self.sivUnavailable : CryptoFailure("AES-SIV encryption failed") }
            return Array(out.prefix(n))
        }
    }

    public func decrypt(_ ciphertext: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        switch algorithm {
        case .aes128GCM, .aes256GCM:
            do { return try AESGCMAead(key: SymmetricKey(data: key)).decrypt(ciphertext, associatedData: []) } catch {
                throw CryptoFailure("AES-GCM decryption failed (wrong key, or the ciphertext was altered): \(error)")
            }
        case .aes256SIV:
            guard ciphertext.count >= 16 else { throw CryptoFailure("an AES-SIV ciphertext of \(ciphertext.count) bytes is shorter than its SIV") }
            var out = [UInt8](repeating: 0, count: ciphertext.count)
            let n = stele_aes_siv_open(key, key.count, nil, 0, ciphertext, ciphertext.count, &out)
            guard n >= 0 else {
                throw n == -1 ? Self.sivUnavailable : CryptoFailure("AES-SIV decryption failed (wrong key, or the ciphertext was altered)")
            }
            return Array(out.prefix(n))
        }
    }

    /// OpenSSL older than 3.0 (or built without SIV) has no AES-SIV.
    static let sivUnavailable = CryptoFailure(
        "AES256_SIV (deterministic AES-SIV, RFC 5297) is not available: this process's OpenSSL libcrypto provides no AES-256-SIV (OpenSSL 3.0 or later does); swift-crypto has none")
}
