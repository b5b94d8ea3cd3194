import SteleSchema

/// The DEK registry (Confluent's `/dek-registry/v1`, used by client-side field encryption):
/// KEKs name keys in the user's KMS; DEKs are per-subject data keys, versioned, stored wrapped
/// by their KEK exactly as the client sent them. Soft delete, undelete and permanent delete
/// follow Confluent's `DekRegistry`; its error codes are 40470–40472, 40971–40972, 42271–42272
/// and 50070.
extension Registry {
    /// Confluent's `dek.registry.max.keys`: at most this many KEKs, and this many DEKs.
    public static let maxEncryptionKeys = 10_000
    /// Wrapped key material is a few hundred bytes; anything far larger is not a key.
    public static let maxKeyMaterialBytes = 64 << 10
    static let maxKmsProps = 256

    /// A KEK create request (`POST /dek-registry/v1/keks`).
    public struct KekRequest: Sendable {
        public var name: String
        public var kmsType: String?
        public var kmsKeyId: String?
        public var kmsProps: [String: String]
        public var doc: String?
        public var shared: Bool
        public var deleted: Bool

        public init(name: String, kmsType: String?, kmsKeyId: String?, kmsProps: [String: String] = [:], doc: String? = nil, shared: Bool = false, deleted: Bool = false) {
            self.name = name
            self.kmsType = kmsType
            self.kmsKeyId = kmsKeyId
            self.kmsProps = kmsProps
            self.doc = doc
            self.shared = shared
            self.deleted = deleted
        }
    }

    /// A KEK update (`PUT /dek-registry/v1/keks/{name}`): nil keeps a field, `.some(nil)` clears it.
    public struct KekUpdate: Sendable {
        public var kmsProps: [String: String]??
        public var doc: String??
        public var shared: Bool?

        public init(kmsProps: [String: String]?? = nil, doc: String?? = nil, shared: Bool? = nil) {
            self.kmsProps = kmsProps
            self.doc = doc
            self.shared = shared
        }
    }

    static func keyNotFound(_ name: String) -> RegistryError { RegistryError(40470, "Key '\(name)' not found") }
    static func keyNotSoftDeleted(_ name: String) -> RegistryError { RegistryError(40471, "Key '\(name)' was not deleted first before being permanently deleted") }
    static func keySoftDeleted(_ name: String) -> RegistryError { RegistryError(40472, "Key '\(name)' must be undeleted first") }
    static func keyExists(_ name: String) -> RegistryError { RegistryError(40971, "Key '\(name)' already exists; use a different value") }
    static let tooManyKeys = RegistryError(40972, "A maximum of \(maxEncryptionKeys) keys already exist")
    /// Confluent's message is the name of the invalid or missing field.
    static func invalidKey(_ field: String) -> RegistryError { RegistryError(42271, field) }
    static func keyReferenceExists(_ name: String) -> RegistryError { RegistryError(42272, "One or more references exist to the key \(name)") }
    static func dekGeneration(_ kek: String) -> RegistryError {
        RegistryError(50070, "Could not generate a dek for kek \(kek): this registry holds no KMS credentials (stele serve --local-kms-secret-file), so a shared kek's deks must be created with encryptedKeyMaterial")
    }
    static func dekGeneration(_ subject: String, _ error: any Error) -> RegistryError {
        RegistryError(50070, "Could not generate encrypted dek for \(subject): \(error)")
    }

    /// A KEK name: 1–256 letters, digits, `_` and `-` (Confluent's `RestValidation.checkName`).
    static func validateKekName(_ name: String) throws(RegistryError) {
        guard !name.isEmpty, name.count <= 256, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw invalidKey("name")
        }
    }

    /// A DEK subject: any text without control characters.
    static func validateDekSubject(_ subject: String) throws(RegistryError) {
        if subject.isEmpty || subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { throw invalidKey("subject") }
    }

    // MARK: KEKs

    /// `GET /dek-registry/v1/keks`: names, sorted; with prefixes, only KEKs holding a DEK of a
    /// subject with one of them.
    public func kekNames(context: String = QualifiedSubject.defaultContext, subjectPrefixes: [String] = [], deleted: Bool = false) -> [String] {
        read { s in
            s.keks.values.filter { kek in
                kek.context == context && (deleted || !kek.deleted)
                    && (subjectPrefixes.isEmpty || s.deks.values.contains { $0.kek == kek.id && (deleted || !$0.deleted) && subjectPrefixes.contains(where: $0.subject.hasPrefix) })
            }.map(\.name).sorted()
        }
    }

    /// `GET /dek-registry/v1/keks/{name}`.
    public func kek(_ id: KekId, deleted: Bool = false) throws(RegistryError) -> KeyEncryptionKey {
        try read { (s: State) throws(RegistryError) -> KeyEncryptionKey in try Self.kek(s, id, deleted: deleted) }
    }

    static func kek(_ s: State, _ id: KekId, deleted: Bool) throws(RegistryError) -> KeyEncryptionKey {
        guard let kek = s.keks[id], deleted || !kek.deleted else { throw keyNotFound(id.name) }
        return kek
    }

    /// `POST /dek-registry/v1/keks`. Creating a soft-deleted KEK again with the same content
    /// undeletes it; any other existing KEK of the name is 40971.
    public func createKek(context: String = QualifiedSubject.defaultContext, _ request: KekRequest) async throws(RegistryError) -> KeyEncryptionKey {
        try Self.validateKekName(request.name)
        guard let kmsKeyId = request.kmsKeyId, !kmsKeyId.isEmpty else { throw Self.invalidKey("kmsKeyId") }
        guard let kmsType = request.kmsType, !kmsType.isEmpty else { throw Self.invalidKey("kmsType") }
        guard request.kmsProps.count <= Self.maxKmsProps else { throw Self.invalidKey("kmsProps") }
        let key = KeyEncryptionKey(context: context, name: request.name, kmsType: Self.normalizeKmsType(kmsType), kmsKeyId: kmsKeyId,
                                   kmsProps: request.kmsProps, doc: request.doc, shared: request.shared, deleted: request.deleted, timestamp: Self.now())
        return try await write { [self] (s: inout State) throws(RegistryError) -> KeyEncryptionKey in
            if let old = s.keks[key.id] {
                if request.deleted == old.deleted || !old.isEquivalent(key) { throw Self.keyExists(request.name) }
            } else if s.keks.count >= Self.maxEncryptionKeys {
                throw Self.tooManyKeys
            }
            try persist(&s, [.putKek(key)])
            return key
        }
    }

    /// Confluent spells the cloud KMS types one way whatever the client sent.
    static func normalizeKmsType(_ type: String) -> String {
        let t = type.lowercased()
        if t.hasPrefix("aws") { return "aws-kms" }
        if t.hasPrefix("azure") { return "azure-kms" }
        if t.hasPrefix("gcp") { return "gcp-kms" }
        return type
    }

    /// `PUT /dek-registry/v1/keks/{name}`: kmsProps, doc and shared may change; the KMS key may not.
    public func alterKek(_ id: KekId, _ update: KekUpdate) async throws(RegistryError) -> KeyEncryptionKey {
        try Self.validateKekName(id.name)
        if let props = update.kmsProps, let p = props, p.count > Self.maxKmsProps { throw Self.invalidKey("kmsProps") }
        return try await write { [self] (s: inout State) throws(RegistryError) -> KeyEncryptionKey in
            var kek = try Self.kek(s, id, deleted: false)
            let old = kek
            if let props = update.kmsProps { kek.kmsProps = props ?? [:] }
            if let doc = update.doc { kek.doc = doc }
            if let shared = update.shared { kek.shared = shared }
            if kek.isEquivalent(old) { return old }
            kek.timestamp = Self.now()
            try persist(&s, [.putKek(kek)])
            return kek
        }
    }

    /// `DELETE /dek-registry/v1/keks/{name}[?permanent=true]`: refused while DEKs use it
    /// (live ones for a soft delete, any for a permanent one); permanent needs a soft delete first.
    public func deleteKek(_ id: KekId, permanent: Bool) async throws(RegistryError) {
        try await write { [self] (s: inout State) throws(RegistryError) in
            let kek = try Self.kek(s, id, deleted: true)
            if s.deks.values.contains(where: { $0.kek == id && (permanent || !$0.deleted) }) { throw Self.keyReferenceExists(id.name) }
            if permanent {
                guard kek.deleted else { throw Self.keyNotSoftDeleted(id.name) }
                try persist(&s, [.removeKek(id)])
            } else if !kek.deleted {
                var deleted = kek
                deleted.deleted = true
                deleted.timestamp = Self.now()
                try persist(&s, [.putKek(deleted)])
            }
        }
    }

    /// `POST /dek-registry/v1/keks/{name}/undelete`.
    public func undeleteKek(_ id: KekId) async throws(RegistryError) {
        try await write { [self] (s: inout State) throws(RegistryError) in
            var kek = try Self.kek(s, id, deleted: true)
            guard kek.deleted else { return }
            kek.deleted = false
            kek.timestamp = Self.now()
            try persist(&s, [.putKek(kek)])
        }
    }

    /// `POST /dek-registry/v1/keks/{name}/test`: whether the registry can use the KEK's KMS,
    /// which only a shared KEK allows — and this registry holds no KMS credentials.
    public func testKek(_ id: KekId) throws(RegistryError) -> KeyEncryptionKey {
        let kek = try kek(id)
        guard kek.shared else { throw Self.invalidKey("shared") }
        guard let keyService else { throw Self.dekGeneration(id.name) }
        do { _ = try keyService.newKey(kek: kek, algorithm: .default) } catch { throw Self.dekGeneration("the kek test", error) }
        return kek
    }

    /// A shared KEK's DEK as answered: with its plain key, when this registry can unwrap it.
    func withKeyMaterial(_ dek: DataEncryptionKey, _ kek: KeyEncryptionKey) throws(RegistryError) -> DataEncryptionKey {
        guard kek.shared, let keyService, let wrapped = dek.encryptedKeyMaterial else { return dek }
        var d = dek
        do { d.keyMaterial = try keyService.unwrap(kek: kek, wrapped: wrapped) } catch { throw Self.dekGeneration(dek.subject, error) }
        return d
    }

    // MARK: DEKs

    /// `GET /dek-registry/v1/keks/{name}/deks`: the subjects with DEKs under the KEK.
    public func dekSubjects(_ kek: KekId, deleted: Bool = false) throws(RegistryError) -> [String] {
        try read { (s: State) throws(RegistryError) -> [String] in
            _ = try Self.kek(s, kek, deleted: deleted)
            return Set(s.deks.values.filter { $0.kek == kek && (deleted || !$0.deleted) }.map(\.subject)).sorted()
        }
    }

    /// `GET …/deks/{subject}/versions`: the versions for one algorithm, ascending.
    public func dekVersions(_ kek: KekId, subject: String, algorithm: DekAlgorithm = .default, deleted: Bool = false) throws(RegistryError) -> [Int] {
        try read { (s: State) throws(RegistryError) -> [Int] in
            _ = try Self.kek(s, kek, deleted: deleted)
            return Self.deks(s, kek, subject, algorithm, deleted: deleted).map(\.version)
        }
    }

    static func deks(_ s: State, _ kek: KekId, _ subject: String, _ algorithm: DekAlgorithm?, deleted: Bool) -> [DataEncryptionKey] {
        s.deks.values.filter { $0.kek == kek && $0.subject == subject && (algorithm == nil || $0.algorithm == algorithm) && (deleted || !$0.deleted) }
            .sorted { $0.id < $1.id }
    }

    /// `GET …/deks/{subject}[/versions/{v}]`: a version (nil or -1: the latest).
    public func dek(_ kek: KekId, subject: String, version: Int? = nil, algorithm: DekAlgorithm = .default, deleted: Bool = false) throws(RegistryError) -> DataEncryptionKey {
        try read { (s: State) throws(RegistryError) -> DataEncryptionKey in
            let owner = try Self.kek(s, kek, deleted: deleted)
            let found: DataEncryptionKey?
            if let version, version != -1 {
                found = s.deks[DekId(kek: kek, subject: subject, algorithm: algorithm, version: version)].flatMap { deleted || !$0.deleted ? $0 : nil }
            } else {
                found = Self.deks(s, kek, subject, algorithm, deleted: deleted).last
            }
            guard let found else { throw Self.keyNotFound(subject) }
            return try withKeyMaterial(found, owner)
        }
    }

    /// `POST …/keks/{name}/deks[/{subject}]`: stores the wrapped key the client made (version 1
    /// unless named). The same DEK again is 40971 (clients then read the existing one), unless
    /// it was soft-deleted, which this undeletes.
    public func createDek(_ kek: KekId, subject: String, version: Int?, algorithm: DekAlgorithm?, encryptedKeyMaterial: String?,
                          deleted: Bool = false) async throws(RegistryError) -> DataEncryptionKey {
        try Self.validateKekName(kek.name)
        try Self.validateDekSubject(subject)
        let version = version ?? 1
        guard version >= 1 else { throw RegistryError.invalidVersion(String(version)) }
        if let material = encryptedKeyMaterial {
            guard material.utf8.count <= Self.maxKeyMaterialBytes, Self.isBase64(material) else { throw Self.invalidKey("encryptedKeyMaterial") }
        }
        return try await write { [self] (s: inout State) throws(RegistryError) -> DataEncryptionKey in
            let owner = try Self.kek(s, kek, deleted: false)
            var key = DataEncryptionKey(kek: kek, subject: subject, version: version, algorithm: algorithm ?? .default,
                                        encryptedKeyMaterial: encryptedKeyMaterial, deleted: deleted, timestamp: Self.now())
            let old = s.deks[key.id]
            if let old, encryptedKeyMaterial == nil && owner.shared {
                // A shared KEK's DEK asked for again: the same key, undeleted if it was deleted.
                if deleted == old.deleted { throw Self.keyExists(subject) }
                key.encryptedKeyMaterial = old.encryptedKeyMaterial
            } else if let old, deleted == old.deleted || !old.isEquivalent(key) {
                throw Self.keyExists(subject)
            }
            if old == nil && s.deks.count >= Self.maxEncryptionKeys { throw Self.tooManyKeys }
            if key.encryptedKeyMaterial == nil {
                guard owner.shared else { throw Self.invalidKey("encryptedKeyMaterial") }
                guard let keyService else { throw Self.dekGeneration(kek.name) }
                // The registry makes the key with the KMS: only its wrapped form is stored.
                do { key.encryptedKeyMaterial = try keyService.newKey(kek: owner, algorithm: key.algorithm).wrapped } catch {
                    throw Self.dekGeneration(subject, error)
                }
            }
            try persist(&s, [.putDek(key)])
            return try withKeyMaterial(key, owner)
        }
    }

    /// Standard base64 with padding, as clients send wrapped keys.
    static func isBase64(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count % 4 == 0 else { return false }
        for (i, b) in bytes.enumerated() {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"): continue
            case UInt8(ascii: "="): if i < bytes.count - 2 || (i == bytes.count - 2 && bytes[i + 1] != UInt8(ascii: "=")) { return false }
            default: return false
            }
        }
        return true
    }

    /// `DELETE …/deks/{subject}` (every version; all algorithms unless one is named).
    public func deleteDeks(_ kek: KekId, subject: String, algorithm: DekAlgorithm?, permanent: Bool) async throws(RegistryError) {
        try await write { [self] (s: inout State) throws(RegistryError) in
            _ = try Self.kek(s, kek, deleted: true)
            let deks = Self.deks(s, kek, subject, algorithm, deleted: permanent)
            guard !deks.isEmpty else { throw Self.keyNotFound(subject) }
            try persist(&s, try Self.deletions(deks, permanent: permanent))
        }
    }

    /// `DELETE …/deks/{subject}/versions/{v}`.
    public func deleteDek(_ kek: KekId, subject: String, version: Int, algorithm: DekAlgorithm?, permanent: Bool) async throws(RegistryError) {
        try await write { [self] (s: inout State) throws(RegistryError) in
            _ = try Self.kek(s, kek, deleted: true)
            guard let dek = s.deks[DekId(kek: kek, subject: subject, algorithm: algorithm ?? .default, version: version)] else { throw Self.keyNotFound(subject) }
            try persist(&s, try Self.deletions([dek], permanent: permanent))
        }
    }

    static func deletions(_ deks: [DataEncryptionKey], permanent: Bool) throws(RegistryError) -> [StoreMutation] {
        if permanent {
            if let live = deks.first(where: { !$0.deleted }) { throw keyNotSoftDeleted(live.subject) }
            return deks.map { .removeDek($0.id) }
        }
        return deks.filter { !$0.deleted }.map { dek in
            var d = dek
            d.deleted = true
            d.timestamp = now()
            return .putDek(d)
        }
    }

    /// `POST …/deks/{subject}/undelete` (every version; all algorithms unless one is named).
    public func undeleteDeks(_ kek: KekId, subject: String, algorithm: DekAlgorithm?) async throws(RegistryError) {
        try await write { [self] (s: inout State) throws(RegistryError) in
            let owner = try Self.kek(s, kek, deleted: true)
            if owner.deleted { throw Self.keySoftDeleted(kek.name) }
            let deks = Self.deks(s, kek, subject, algorithm, deleted: true)
            guard !deks.isEmpty else { throw Self.keyNotFound(subject) }
            try persist(&s, Self.undeletions(deks))
        }
    }

    /// `POST …/deks/{subject}/versions/{v}/undelete`.
    public func undeleteDek(_ kek: KekId, subject: String, version: Int, algorithm: DekAlgorithm?) async throws(RegistryError) {
        try await write { [self] (s: inout State) throws(RegistryError) in
            let owner = try Self.kek(s, kek, deleted: true)
            if owner.deleted { throw Self.keySoftDeleted(kek.name) }
            guard let dek = s.deks[DekId(kek: kek, subject: subject, algorithm: algorithm ?? .default, version: version)] else { throw Self.keyNotFound(subject) }
            try persist(&s, Self.undeletions([dek]))
        }
    }

    static func undeletions(_ deks: [DataEncryptionKey]) -> [StoreMutation] {
        deks.filter(\.deleted).map { dek in
            var d = dek
            d.deleted = false
            d.timestamp = now()
            return .putDek(d)
        }
    }
}
