import SteleJSON

/// A key-encryption key of the DEK registry (Confluent's `Kek`): a name for a key in a KMS.
public struct RegistryKek: Sendable, Hashable {
    public var name: String
    public var kmsType: String
    public var kmsKeyId: String
    public var kmsProps: [String: String]
    public var doc: String?
    public var shared: Bool
    public var deleted: Bool
    /// Epoch milliseconds.
    public var timestamp: Int64?
}

/// A data-encryption key of the DEK registry (Confluent's `Dek`), wrapped by its KEK.
public struct RegistryDek: Sendable, Hashable {
    public var kekName: String
    public var subject: String
    public var version: Int
    /// `AES128_GCM`, `AES256_GCM` or `AES256_SIV`.
    public var algorithm: String
    /// Base64 of the key wrapped by the KEK.
    public var encryptedKeyMaterial: String?
    /// Base64 of the plain key, which only a shared KEK's registry sends.
    public var keyMaterial: String?
    public var deleted: Bool
    /// When the registry wrote it, epoch milliseconds (what DEK rotation is measured from).
    public var timestamp: Int64?
}

/// The DEK registry's calls (`/dek-registry/v1`), as confluent-kafka-python's
/// `DekRegistryClient` makes them. Not-found answers are never remembered: a client creates
/// a key right after learning it is missing.
extension RegistryClient {
    /// `GET /dek-registry/v1/keks/{name}`; `context` is the KEK's schema context (nil: default).
    public func kek(name: String, context: String? = nil, deleted: Bool = false) async throws(RegistryClientError) -> RegistryKek {
        var query = [("deleted", deleted ? "true" : "false")]
        if let context { query.append(("context", context)) }
        return try Self.kek(from: try await fetch(RegistryHTTPRequest(method: .get, path: Self.path(["dek-registry", "v1", "keks", name], query: query)),
                                                  rememberMissing: false).json)
    }

    /// `POST /dek-registry/v1/keks`: 40971 when it exists.
    public func registerKek(name: String, kmsType: String, kmsKeyId: String, shared: Bool = false, kmsProps: [String: String] = [:],
                            doc: String? = nil, context: String? = nil) async throws(RegistryClientError) -> RegistryKek {
        var body = JSONObject()
        body["name"] = .string(name)
        body["kmsType"] = .string(kmsType)
        body["kmsKeyId"] = .string(kmsKeyId)
        if !kmsProps.isEmpty {
            var props = JSONObject()
            for (k, v) in kmsProps.sorted(by: { $0.key < $1.key }) { props[k] = .string(v) }
            body["kmsProps"] = .object(props)
        }
        if let doc { body["doc"] = .string(doc) }
        body["shared"] = .bool(shared)
        let query = context.map { [("context", $0)] } ?? []
        return try Self.kek(from: try await fetch(RegistryHTTPRequest(method: .post, path: Self.path(["dek-registry", "v1", "keks"], query: query),
                                                                      body: Self.body(.object(body))), rememberMissing: false).json)
    }

    /// `GET /dek-registry/v1/keks/{kek}/deks/{subject}/versions/{version}`; version -1 is the latest.
    public func dek(kekName: String, subject: String, version: Int = 1, algorithm: String = "AES256_GCM",
                    deleted: Bool = false) async throws(RegistryClientError) -> RegistryDek {
        let path = Self.path(["dek-registry", "v1", "keks", kekName, "deks", subject, "versions", String(version)],
                             query: [("algorithm", algorithm), ("deleted", deleted ? "true" : "false")])
        return try Self.dek(from: try await fetch(RegistryHTTPRequest(method: .get, path: path), rememberMissing: false).json)
    }

    /// `POST /dek-registry/v1/keks/{kek}/deks/{subject}`: 40971 when that version exists.
    public func registerDek(kekName: String, subject: String, version: Int, algorithm: String,
                            encryptedKeyMaterial: String?) async throws(RegistryClientError) -> RegistryDek {
        var body = JSONObject()
        body["subject"] = .string(subject)
        body["version"] = .int(Int64(version))
        body["algorithm"] = .string(algorithm)
        if let encryptedKeyMaterial { body["encryptedKeyMaterial"] = .string(encryptedKeyMaterial) }
        let path = Self.path(["dek-registry", "v1", "keks", kekName, "deks", subject])
        return try Self.dek(from: try await fetch(RegistryHTTPRequest(method: .post, path: path, body: Self.body(.object(body))), rememberMissing: false).json)
    }

    static func kek(from json: JSONValue) throws(RegistryClientError) -> RegistryKek {
        guard let name = json["name"]?.stringValue, let type = json["kmsType"]?.stringValue, let id = json["kmsKeyId"]?.stringValue else {
            throw .invalidResponse("expected a kek with name, kmsType and kmsKeyId")
        }
        var props: [String: String] = [:]
        for m in json["kmsProps"]?.objectValue ?? JSONObject() { if let s = m.value.stringValue { props[m.key] = s } }
        return RegistryKek(name: name, kmsType: type, kmsKeyId: id, kmsProps: props, doc: json["doc"]?.stringValue,
                           shared: json["shared"]?.boolValue ?? false, deleted: json["deleted"]?.boolValue ?? false, timestamp: json["ts"]?.intValue)
    }

    static func dek(from json: JSONValue) throws(RegistryClientError) -> RegistryDek {
        guard let kek = json["kekName"]?.stringValue, let subject = json["subject"]?.stringValue, let version = json["version"]?.intValue else {
            throw .invalidResponse("expected a dek with kekName, subject and version")
        }
        return RegistryDek(kekName: kek, subject: subject, version: Int(version), algorithm: json["algorithm"]?.stringValue ?? "AES256_GCM",
                           encryptedKeyMaterial: json["encryptedKeyMaterial"]?.stringValue, keyMaterial: json["keyMaterial"]?.stringValue,
                           deleted: json["deleted"]?.boolValue ?? false, timestamp: json["ts"]?.intValue)
    }
}
