#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SteleClient
@_exported import SteleCrypto
import SteleJSON
import Synchronization

/// Client-side field-level encryption (Confluent's `ENCRYPT` rules), for the serializers and
/// deserializers to share: fields tagged as a rule says are encrypted with a data-encryption
/// key (DEK) kept in the registry's DEK registry, wrapped by a key-encryption key (KEK) in a
/// KMS. The formats are confluent-kafka-python's: Tink AES-GCM ciphertext, a string field as
/// base64, a bytes field as bytes, and with `encrypt.dek.expiry.days` the DEK version before
/// the ciphertext (0x00 + 4-byte big-endian version).
///
/// KEKs and unwrapped DEKs are cached, so after the first message of a subject encryption
/// makes no registry or KMS call (until a DEK expires and is rotated).
///
/// ```swift
/// let encryption = FieldEncryption(kmsDrivers: [LocalKmsDriver(secret: "…")])
/// let serializer = try AvroSerializer(client: client, schema: nil,
///     configuration: SerializerConfiguration(autoRegisterSchemas: false, useLatestVersion: true, fieldEncryption: encryption))
/// ```
public final class FieldEncryption: Sendable {
    public let kmsDrivers: [any KmsDriver]
    /// The rule config (`rule.conf` in Confluent's serdes): defaults for rule parameters and
    /// the KMS drivers' settings (`secret` for the local KMS).
    public let ruleConfig: [String: String]
    /// Epoch milliseconds: what DEK expiry is measured with.
    public let now: @Sendable () -> Int64

    struct DekKey: Hashable, Sendable {
        /// Keys are per registry: one `FieldEncryption` may serve clients of several.
        var registry: ObjectIdentifier
        var kek: String
        var subject: String
        var algorithm: DataKeyCipher.Algorithm
        /// -1: the latest.
        var version: Int
    }

    struct CachedDek: Sendable {
        var version: Int
        var timestamp: Int64
        var cipher: DataKeyCipher
    }

    private let keks = Mutex<[KekCacheKey: RegistryKek]>([:])

    struct KekCacheKey: Hashable, Sendable {
        var registry: ObjectIdentifier
        var context: String?
        var name: String
    }
    private let deks = Mutex<[DekKey: CachedDek]>([:])
    /// Registry and KMS calls made (the counters tests read: none per message after warm-up).
    let calls = Atomic<Int>(0)

    public init(kmsDrivers: [any KmsDriver] = [LocalKmsDriver()], ruleConfig: [String: String] = [:],
                now: @escaping @Sendable () -> Int64 = FieldEncryption.systemNow) {
        self.kmsDrivers = kmsDrivers
        self.ruleConfig = ruleConfig
        self.now = now
    }

    static func crypto<T>(_ body: () throws(CryptoFailure) -> T) throws(SerdesError) -> T {
        do { return try body() } catch { throw SerdesError(.encryption, error.description) }
    }

    public static let systemNow: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Registry and KMS calls made so far.
    public var callCount: Int { calls.load(ordering: .relaxed) }

    // MARK: fields

    /// The field's ciphertext: base64 text for a string field, bytes for a bytes field.
    func encrypt(_ plaintext: [UInt8], rule: EncryptRule, subject: String, client: RegistryClient) async throws(SerdesError) -> [UInt8] {
        let expiryDays = Int(rule.parameter("encrypt.dek.expiry.days", ruleConfig) ?? "") ?? 0
        let dek = try await writeKey(rule, subject: subject, expiryDays: expiryDays, client: client)
        let ciphertext = try Self.crypto { () throws(CryptoFailure) in try dek.cipher.encrypt(plaintext) }
        guard expiryDays > 0 else { return ciphertext }
        let v = UInt32(dek.version)
        return [0, UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] + ciphertext
    }

    func decrypt(_ ciphertext: [UInt8], rule: EncryptRule, subject: String, client: RegistryClient) async throws(SerdesError) -> [UInt8] {
        let expiryDays = Int(rule.parameter("encrypt.dek.expiry.days", ruleConfig) ?? "") ?? 0
        var body = ciphertext[...]
        var version = 1
        if expiryDays > 0 {
            guard ciphertext.count >= 5 else { throw SerdesError(.encryption, "an encrypted field of \(ciphertext.count) bytes has no DEK version") }
            version = Int(UInt32(ciphertext[1]) << 24 | UInt32(ciphertext[2]) << 16 | UInt32(ciphertext[3]) << 8 | UInt32(ciphertext[4]))
            body = ciphertext[5...]
        }
        let dek = try await readKey(rule, subject: subject, version: version, client: client)
        return try Self.crypto { () throws(CryptoFailure) in try dek.cipher.decrypt(Array(body)) }
    }

    // MARK: keys

    func algorithm(_ rule: EncryptRule) throws(SerdesError) -> DataKeyCipher.Algorithm {
        let name = rule.parameter("encrypt.dek.algorithm", ruleConfig) ?? "AES256_GCM"
        guard let a = DataKeyCipher.Algorithm(rawValue: name) else { throw SerdesError(.encryption, "unknown encrypt.dek.algorithm '\(name)'") }
        return a
    }

    func kekName(_ rule: EncryptRule) throws(SerdesError) -> String {
        guard let name = rule.parameter("encrypt.kek.name", ruleConfig), !name.isEmpty else {
            throw SerdesError(.encryption, "the ENCRYPT rule '\(rule.name)' names no encrypt.kek.name")
        }
        return name
    }

    /// The context confluent-kafka-python puts a qualified subject's KEK in (`.ctx`), nil for
    /// the default context.
    static func context(of subject: String) -> String? {
        guard subject.hasPrefix(":.") else { return nil }
        let rest = subject.dropFirst(2)
        let context = "." + (rest.firstIndex(of: ":").map { String(rest[..<$0]) } ?? String(rest))
        return context == "." ? nil : context
    }

    private func call<T>(_ what: String, _ body: () async throws(RegistryClientError) -> T) async throws(SerdesError) -> T {
        calls.add(1, ordering: .relaxed)
        do { return try await body() } catch { throw SerdesError.registry(error, what) }
    }

    /// The rule's KEK: read, or (when writing) created as the rule describes it.
    func kek(_ rule: EncryptRule, subject: String, writing: Bool, client: RegistryClient) async throws(SerdesError) -> RegistryKek {
        let name = try kekName(rule), context = Self.context(of: subject)
        let cacheKey = KekCacheKey(registry: ObjectIdentifier(client), context: context, name: name)
        if let hit = keks.withLock({ $0[cacheKey] }) { return hit }
        let kmsType = rule.parameter("encrypt.kms.type", ruleConfig), kmsKeyId = rule.parameter("encrypt.kms.key.id", ruleConfig)
        var found: RegistryKek?
        do {
            calls.add(1, ordering: .relaxed)
            found = try await client.kek(name: name, context: context)
        } catch where error.httpStatus == 404 {
            found = nil
        } catch {
            throw SerdesError.registry(error, "the KEK \(name)")
        }
        if found == nil {
            guard writing else { throw SerdesError(.encryption, "no KEK \(name) found during consume") }
            guard let kmsType, let kmsKeyId else { throw SerdesError(.encryption, "the KEK \(name) does not exist and the rule names no encrypt.kms.type and encrypt.kms.key.id") }
            do {
                calls.add(1, ordering: .relaxed)
                found = try await client.registerKek(name: name, kmsType: kmsType, kmsKeyId: kmsKeyId, context: context)
            } catch where error.errorCode == 40971 {
                found = try await call("the KEK \(name)") { () async throws(RegistryClientError) in try await client.kek(name: name, context: context) }
            } catch {
                throw SerdesError.registry(error, "creating the KEK \(name)")
            }
        }
        let kek = found!
        if let kmsType, kek.kmsType != kmsType { throw SerdesError(.encryption, "the KEK \(name) has KMS type \(kek.kmsType), the rule says \(kmsType)") }
        if let kmsKeyId, kek.kmsKeyId != kmsKeyId { throw SerdesError(.encryption, "the KEK \(name) has KMS key \(kek.kmsKeyId), the rule says \(kmsKeyId)") }
        keks.withLock { $0[cacheKey] = kek }
        return kek
    }

    /// The KMS AEAD of a KEK (its first driver whose prefix matches).
    func aead(_ kek: RegistryKek) throws(SerdesError) -> any KeyEncryptionAEAD {
        let url = kek.kmsType + "://" + kek.kmsKeyId
        guard let driver = kmsDrivers.first(where: { url.hasPrefix($0.keyURLPrefix) }) else {
            throw SerdesError(.encryption, "no KMS driver for \(url) (drivers: \(kmsDrivers.map(\.keyURLPrefix).joined(separator: ", ")))")
        }
        var config = ruleConfig
        for (k, v) in kek.kmsProps { config[k] = v }
        do { return try driver.aead(keyURL: url, config: config) } catch let e as CryptoFailure { throw SerdesError(.encryption, e.description) } catch {
            throw SerdesError(.encryption, "the KMS driver for \(url) failed: \(error)")
        }
    }

    /// The DEK to write with: the cached one while it has not expired, else the registry's
    /// latest, else a new one (version 1, or the next after an expired one).
    func writeKey(_ rule: EncryptRule, subject: String, expiryDays: Int, client: RegistryClient) async throws(SerdesError) -> CachedDek {
        let name = try kekName(rule), algorithm = try algorithm(rule)
        let key = DekKey(registry: ObjectIdentifier(client), kek: name, subject: subject, algorithm: algorithm, version: expiryDays > 0 ? -1 : 1)
        func expired(_ d: CachedDek) -> Bool { expiryDays > 0 && Double(now() - d.timestamp) / 86_400_000 > Double(expiryDays) }
        if let hit = deks.withLock({ $0[key] }), !expired(hit) { return hit }
        let kek = try await kek(rule, subject: subject, writing: true, client: client)
        var existing = try await fetchDek(kek, subject: subject, version: key.version, algorithm: algorithm, client: client)
        if existing == nil || expired(existing!) {
            let version = existing.map { $0.version + 1 } ?? 1
            let proto = DataKeyCipher.newTinkKey(algorithm)
            let wrapped: [UInt8]
            calls.add(1, ordering: .relaxed)
            do { wrapped = try aead(kek).encrypt(proto, associatedData: []) } catch let e as SerdesError { throw e } catch {
                throw SerdesError(.encryption, "the KMS could not wrap a new DEK for \(subject): \(error)")
            }
            do {
                calls.add(1, ordering: .relaxed)
                let dek = try await client.registerDek(kekName: name, subject: subject, version: version, algorithm: algorithm.rawValue,
                                                       encryptedKeyMaterial: Base64.encode(wrapped))
                existing = CachedDek(version: dek.version, timestamp: dek.timestamp ?? now(), cipher: try Self.crypto { () throws(CryptoFailure) in try DataKeyCipher(algorithm: algorithm, tinkKey: proto) })
            } catch let e as RegistryClientError where e.errorCode == 40971 {
                // Another producer made it first: use theirs.
                existing = try await fetchDek(kek, subject: subject, version: version, algorithm: algorithm, client: client)
            } catch let e as RegistryClientError {
                throw SerdesError.registry(e, "registering a DEK for \(subject)")
            } catch let e as SerdesError {
                throw e
            } catch {
                throw SerdesError(.encryption, "\(error)")
            }
        }
        guard let dek = existing else { throw SerdesError(.encryption, "no DEK for \(subject) under KEK \(name)") }
        deks.withLock {
            $0[key] = dek
            $0[DekKey(registry: key.registry, kek: name, subject: subject, algorithm: algorithm, version: dek.version)] = dek
        }
        return dek
    }

    /// The DEK a message was written with.
    func readKey(_ rule: EncryptRule, subject: String, version: Int, client: RegistryClient) async throws(SerdesError) -> CachedDek {
        let name = try kekName(rule), algorithm = try algorithm(rule)
        let key = DekKey(registry: ObjectIdentifier(client), kek: name, subject: subject, algorithm: algorithm, version: version)
        if let hit = deks.withLock({ $0[key] }) { return hit }
        let kek = try await kek(rule, subject: subject, writing: false, client: client)
        guard let dek = try await fetchDek(kek, subject: subject, version: version, algorithm: algorithm, client: client, deleted: true) else {
            throw SerdesError(.encryption, "no DEK version \(version) for \(subject) under KEK \(name) during consume")
        }
        deks.withLock { $0[key] = dek }
        return dek
    }

    /// A DEK from the registry, unwrapped with the KEK's KMS; nil when it does not exist.
    private func fetchDek(_ kek: RegistryKek, subject: String, version: Int, algorithm: DataKeyCipher.Algorithm, client: RegistryClient,
                          deleted: Bool = false) async throws(SerdesError) -> CachedDek? {
        let dek: RegistryDek
        do {
            calls.add(1, ordering: .relaxed)
            dek = try await client.dek(kekName: kek.name, subject: subject, version: version, algorithm: algorithm.rawValue, deleted: deleted)
        } catch where error.httpStatus == 404 {
            return nil
        } catch {
            throw SerdesError.registry(error, "the DEK of \(subject)")
        }
        let proto: [UInt8]
        if let plain = dek.keyMaterial.flatMap({ Base64.decode($0) }) {
            proto = plain
        } else {
            guard let wrapped = dek.encryptedKeyMaterial.flatMap({ Base64.decode($0) }) else { return nil }
            calls.add(1, ordering: .relaxed)
            do { proto = try aead(kek).decrypt(wrapped, associatedData: []) } catch let e as SerdesError { throw e } catch {
                throw SerdesError(.encryption, "the KMS could not unwrap the DEK version \(dek.version) of \(subject) (wrong KMS key or secret?): \(error)")
            }
        }
        return CachedDek(version: dek.version, timestamp: dek.timestamp ?? 0, cipher: try Self.crypto { () throws(CryptoFailure) in try DataKeyCipher(algorithm: algorithm, tinkKey: proto) })
    }
}
