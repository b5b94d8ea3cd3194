import SteleJSON
import SteleSchema

/// Store mutations as JSON: what a shared store writes into its change log, so every instance
/// applies exactly what another committed. JSON-valued fields (metadata, rule sets, configs)
/// travel as their compact text, so nothing is reordered or renormalized on the way: a
/// mutation read back is equal to the one written, or it is an error naming what is wrong.
extension StoreMutation {
    public var json: JSONValue {
        var o = JSONObject()
        func put(_ key: String, _ value: JSONValue) { o[key] = value }
        func text(_ v: JSONValue?) -> JSONValue { v.map { .string(JSONWriter.compact($0)) } ?? .null }
        switch self {
        case .putSchema(let r):
            put("op", "putSchema")
            put("context", .string(r.context)); put("id", .int(Int64(r.id))); put("type", .string(r.schemaType.rawValue))
            put("schema", .string(r.schema))
            put("refs", .array(r.references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .int(Int64($0.version))] }))
            put("metadata", text(r.metadata)); put("ruleSet", text(r.ruleSet))
            put("contentKey", .string(r.contentKey.description)); put("guid", .string(r.guid.description))
        case .putVersion(let v):
            put("op", "putVersion")
            put("subject", .string(v.subject)); put("version", .int(Int64(v.version))); put("context", .string(v.context)); put("id", .int(Int64(v.id)))
            put("deleted", .bool(v.deleted)); put("ts", .int(v.timestamp))
        case .removeVersion(let subject, let version):
            put("op", "removeVersion"); put("subject", .string(subject)); put("version", .int(Int64(version)))
        case .removeSchema(let context, let id):
            put("op", "removeSchema"); put("context", .string(context)); put("id", .int(Int64(id)))
        case .putConfig(let scope, let config):
            put("op", "putConfig"); put("scope", .string(scope)); put("config", text(config.map { .object($0.fields) }))
        case .putMode(let scope, let mode):
            put("op", "putMode"); put("scope", .string(scope)); put("mode", mode.map { .string($0.rawValue) } ?? .null)
        case .putMaxId(let context, let id):
            put("op", "putMaxId"); put("context", .string(context)); put("id", .int(Int64(id)))
        case .putContext(let name, let listed):
            put("op", "putContext"); put("name", .string(name)); put("listed", .bool(listed))
        case .putKek(let k):
            put("op", "putKek")
            put("context", .string(k.context)); put("name", .string(k.name)); put("kmsType", .string(k.kmsType)); put("kmsKeyId", .string(k.kmsKeyId))
            var props = JSONObject()
            for (key, value) in k.kmsProps.sorted(by: { $0.key < $1.key }) { props[key] = .string(value) }
            put("kmsProps", .object(props)); put("doc", k.doc.map { .string($0) } ?? .null)
            put("shared", .bool(k.shared)); put("deleted", .bool(k.deleted)); put("ts", .int(k.timestamp))
        case .removeKek(let id):
            put("op", "removeKek"); put("context", .string(id.context)); put("name", .string(id.name))
        case .putDek(let d):
            put("op", "putDek")
            put("context", .string(d.kek.context)); put("kek", .string(d.kek.name)); put("subject", .string(d.subject))
            put("algorithm", .string(d.algorithm.rawValue)); put("version", .int(Int64(d.version)))
            put("material", d.encryptedKeyMaterial.map { .string($0) } ?? .null); put("deleted", .bool(d.deleted)); put("ts", .int(d.timestamp))
        case .removeDek(let id):
            put("op", "removeDek")
            put("context", .string(id.kek.context)); put("kek", .string(id.kek.name)); put("subject", .string(id.subject))
            put("algorithm", .string(id.algorithm.rawValue)); put("version", .int(Int64(id.version)))
        case .putAssociation(let a):
            put("op", "putAssociation")
            put("resourceId", .string(a.resourceId)); put("resourceType", .string(a.resourceType)); put("associationType", .string(a.associationType))
            put("subject", .string(a.subject)); put("guid", .string(a.guid)); put("resourceName", .string(a.resourceName))
            put("resourceNamespace", .string(a.resourceNamespace)); put("lifecycle", .string(a.lifecycle.rawValue)); put("frozen", .bool(a.frozen))
        case .removeAssociation(let key):
            put("op", "removeAssociation")
            put("resourceId", .string(key.resourceId)); put("resourceType", .string(key.resourceType)); put("associationType", .string(key.associationType))
        }
        return .object(o)
    }

    /// A mutation from its JSON; anything missing or mistyped is a `StoreMutationFormatError`.
    public init(json: JSONValue) throws(StoreMutationFormatError) {
        guard case .object(let o) = json, let op = o["op"]?.stringValue else { throw StoreMutationFormatError("a change without an op") }
        func string(_ k: String) throws(StoreMutationFormatError) -> String {
            guard let s = o[k]?.stringValue else { throw StoreMutationFormatError("\(op) without a string '\(k)'") }
            return s
        }
        func optionalString(_ k: String) throws(StoreMutationFormatError) -> String? {
            guard let v = o[k], v != .null else { return nil }
            guard let s = v.stringValue else { throw StoreMutationFormatError("\(op) with a '\(k)' that is not a string") }
            return s
        }
        func int(_ k: String) throws(StoreMutationFormatError) -> Int64 {
            guard case .int(let n)? = o[k] else { throw StoreMutationFormatError("\(op) without an integer '\(k)'") }
            return n
        }
        func bool(_ k: String) throws(StoreMutationFormatError) -> Bool {
            guard case .bool(let b)? = o[k] else { throw StoreMutationFormatError("\(op) without a boolean '\(k)'") }
            return b
        }
        func jsonText(_ k: String) throws(StoreMutationFormatError) -> JSONValue? {
            guard let t = try optionalString(k) else { return nil }
            do { return try JSONParser().parse(t) } catch { throw StoreMutationFormatError("\(op) with '\(k)' that is not JSON") }
        }
        switch op {
        case "putSchema":
            guard let type = SchemaType(rawValue: try string("type")) else { throw StoreMutationFormatError("putSchema with an unknown type") }
            guard let refs = o["refs"]?.arrayValue else { throw StoreMutationFormatError("putSchema without refs") }
            var references: [SchemaReference] = []
            for r in refs {
                guard let name = r["name"]?.stringValue, let subject = r["subject"]?.stringValue, case .int(let v)? = r["version"] else {
                    throw StoreMutationFormatError("putSchema with a malformed reference")
                }
                references.append(SchemaReference(name: name, subject: subject, version: Int(v)))
            }
            guard let guid = SchemaGUID(try string("guid")) else { throw StoreMutationFormatError("putSchema with a malformed GUID") }
            guard let contentKey = ContentKey(hex: try string("contentKey")) else { throw StoreMutationFormatError("putSchema with a malformed content key") }
            self = .putSchema(SchemaRecord(id: Int(try int("id")), schemaType: type, schema: try string("schema"), references: references,
                                           metadata: try jsonText("metadata"), ruleSet: try jsonText("ruleSet"),
                                           contentKey: contentKey, guid: guid, context: try string("context")))
        case "putVersion":
            self = .putVersion(SubjectVersion(subject: try string("subject"), version: Int(try int("version")), id: Int(try int("id")),
                                              deleted: try bool("deleted"), timestamp: try int("ts")))
        case "removeVersion": self = .removeVersion(subject: try string("subject"), version: Int(try int("version")))
        case "removeSchema": self = .removeSchema(context: try string("context"), id: Int(try int("id")))
        case "putConfig":
            let config = try jsonText("config")
            if let config {
                guard case .object(let fields) = config else { throw StoreMutationFormatError("putConfig with a config that is not an object") }
                self = .putConfig(scope: try string("scope"), RegistryConfig(fields: fields))
            } else {
                self = .putConfig(scope: try string("scope"), nil)
            }
        case "putMode":
            let scope = try string("scope")
            guard let text = try optionalString("mode") else { self = .putMode(scope: scope, nil); return }
            guard let mode = RegistryMode(rawValue: text) else { throw StoreMutationFormatError("putMode with an unknown mode '\(text)'") }
            self = .putMode(scope: scope, mode)
        case "putMaxId": self = .putMaxId(context: try string("context"), Int(try int("id")))
        case "putContext": self = .putContext(try string("name"), try bool("listed"))
        case "putKek":
            guard case .object(let p)? = o["kmsProps"] else { throw StoreMutationFormatError("putKek without kmsProps") }
            var props: [String: String] = [:]
            for m in p {
                guard let v = m.value.stringValue else { throw StoreMutationFormatError("putKek with a kmsProps value that is not a string") }
                props[m.key] = v
            }
            self = .putKek(KeyEncryptionKey(context: try string("context"), name: try string("name"), kmsType: try string("kmsType"),
                                            kmsKeyId: try string("kmsKeyId"), kmsProps: props, doc: try optionalString("doc"),
                                            shared: try bool("shared"), deleted: try bool("deleted"), timestamp: try int("ts")))
        case "removeKek": self = .removeKek(KekId(context: try string("context"), name: try string("name")))
        case "putDek", "removeDek":
            guard let algorithm = DekAlgorithm(rawValue: try string("algorithm")) else { throw StoreMutationFormatError("\(op) with an unknown algorithm") }
            let kek = KekId(context: try string("context"), name: try string("kek"))
            if op == "removeDek" {
                self = .removeDek(DekId(kek: kek, subject: try string("subject"), algorithm: algorithm, version: Int(try int("version"))))
            } else {
                self = .putDek(DataEncryptionKey(kek: kek, subject: try string("subject"), version: Int(try int("version")), algorithm: algorithm,
                                                 encryptedKeyMaterial: try optionalString("material"), deleted: try bool("deleted"), timestamp: try int("ts")))
            }
        case "putAssociation":
            guard let lifecycle = AssociationLifecycle(rawValue: try string("lifecycle")) else { throw StoreMutationFormatError("putAssociation with an unknown lifecycle") }
            self = .putAssociation(Association(subject: try string("subject"), guid: try string("guid"), resourceName: try string("resourceName"),
                                               resourceNamespace: try string("resourceNamespace"), resourceId: try string("resourceId"),
                                               resourceType: try string("resourceType"), associationType: try string("associationType"),
                                               lifecycle: lifecycle, frozen: try bool("frozen")))
        case "removeAssociation":
            self = .removeAssociation(AssociationKey(resourceId: try string("resourceId"), resourceType: try string("resourceType"),
                                                     associationType: try string("associationType")))
        default:
            throw StoreMutationFormatError("an unknown op '\(op)' (written by a newer Stele?)")
        }
    }
}

/// A change-log entry that cannot be read back faithfully.
public struct StoreMutationFormatError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = "change log: " + description }
}
