import Crypto
import CryptoExtras
import SteleJSON

/// The password hashes of Karapace's `registry_authfile` (so a Karapace user file works as it
/// is): `scrypt` (N=16384, r=8, p=1, 64 bytes), and PBKDF2-HMAC with `sha512`, `sha256` or
/// `sha1` at 5,000 rounds; the salt is the UTF-8 of the salt string, the hash base64. scrypt
/// is the one to choose: the PBKDF2 variants exist for files made by Karapace's defaults.
enum PasswordHash {
    enum Algorithm: String, Sendable, CaseIterable {
        case scrypt, sha512, sha256, sha1
    }

    static let pbkdf2Rounds = 5_000

    /// The base64 hash of `password` with `salt`.
    static func hash(_ password: String, salt: String, algorithm: Algorithm) throws -> String {
        let p = Array(password.utf8), s = Array(salt.utf8)
        let key: SymmetricKey
        switch algorithm {
        case .scrypt:
            key = try KDF.Scrypt.deriveKey(from: p, salt: s, outputByteCount: 64, rounds: 16_384, blockSize: 8, parallelism: 1)
        case .sha512:
            key = try KDF.Insecure.PBKDF2.deriveKey(from: p, salt: s, using: .sha512, outputByteCount: 64, unsafeUncheckedRounds: pbkdf2Rounds)
        case .sha256:
            key = try KDF.Insecure.PBKDF2.deriveKey(from: p, salt: s, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: pbkdf2Rounds)
        case .sha1:
            key = try KDF.Insecure.PBKDF2.deriveKey(from: p, salt: s, using: .insecureSHA1, outputByteCount: 20, unsafeUncheckedRounds: pbkdf2Rounds)
        }
        return key.withUnsafeBytes { Base64.encode($0) }
    }

    /// Whether `password` hashes to `expected`, compared in constant time.
    static func verify(_ password: String, salt: String, algorithm: Algorithm, expected: String) -> Bool {
        guard let actual = try? hash(password, salt: salt, algorithm: algorithm) else { return false }
        let a = Array(actual.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// A fresh random salt (16 bytes, URL-safe base64, as `karapace_mkpasswd` makes them).
    static func newSalt() -> String {
        let key = SymmetricKey(size: .bits128)
        let text = key.withUnsafeBytes { Base64.encode($0) }
        return String(text.compactMap { c -> Character? in c == "+" ? "-" : c == "/" ? "_" : c == "=" ? nil : c })
    }
}

/// A `users` entry of an auth file, as `stele passwd` prints it (`karapace_mkpasswd`'s shape).
public enum AuthFileUser {
    public static let algorithms = PasswordHash.Algorithm.allCases.map(\.rawValue)

    public static func entry(username: String, password: String, algorithm: String = "scrypt", salt: String? = nil) throws -> JSONValue {
        guard let a = PasswordHash.Algorithm(rawValue: algorithm) else { throw AuthFileError("unknown algorithm \(algorithm)") }
        let salt = salt ?? PasswordHash.newSalt()
        return ["username": .string(username), "algorithm": .string(a.rawValue), "salt": .string(salt),
                "password_hash": .string(try PasswordHash.hash(password, salt: salt, algorithm: a))]
    }
}
