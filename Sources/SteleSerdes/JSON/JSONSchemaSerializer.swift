#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import SteleClient
import SteleJSON
import SteleJSONSchema
import SteleSchema

/// Serializes JSON messages as Confluent's JSON Schema serializers do: the payload is the
/// document's UTF-8 JSON text, framed as the Avro serializer frames its payloads (schema id,
/// GUID prefix, or GUID header), and validated first against the schema it is written with
/// (on by default, as Confluent's; a document that fails is refused with every reason).
///
/// Values are `JSONValue`s or `Encodable` Swift types (encoded with Foundation's `JSONEncoder`
/// and the given `JSONCodingOptions`). After a topic's first message: no registry call, no
/// parsing of schemas, no compiling.
public final class JSONSchemaSerializer: Sendable {
    let core: SerializerCore<JSONSchemaSerdesFormat>
    public let validate: Bool
    let encoder: JSONEncoder

    /// `schema` is the serializer's own schema (registered or looked up); nil when the
    /// configuration names the writer. `references` are registered with it.
    public init(client: RegistryClient, schema: JSONSchemaDocument?, references: [SchemaReference]? = nil,
                configuration: SerializerConfiguration = SerializerConfiguration(), validate: Bool = true, coding: JSONCodingOptions = JSONCodingOptions()) throws(SerdesError) {
        let own = schema.map { JSONCompiledSchema(document: $0) }
        let registration = schema.map { RegistrySchema($0.canonicalText, type: .json, references: references ?? $0.references) }
        core = try SerializerCore(client: client, configuration: configuration, format: JSONSchemaSerdesFormat(), own: own, ownRegistration: registration)
        self.validate = validate
        self.encoder = coding.encoder()
    }

    /// Parses `schema` (JSON Schema text without references).
    public convenience init(client: RegistryClient, schema: String, configuration: SerializerConfiguration = SerializerConfiguration(),
                            validate: Bool = true, coding: JSONCodingOptions = JSONCodingOptions()) throws(SerdesError) {
        let parsed: JSONSchemaDocument
        do { parsed = try JSONSchemaFormat().parse(schema) } catch { throw SerdesError(.configuration, "the serializer's JSON Schema is invalid: \(error)") }
        try self.init(client: client, schema: parsed, configuration: configuration, validate: validate, coding: coding)
    }

    public var configuration: SerializerConfiguration { core.configuration }
    public var statistics: SerdesStatistics { core.counters.snapshot }

    // MARK: JSON values

    /// The framed message for `document`; nil for a tombstone. In header framing the schema
    /// header is appended to `headers`.
    public func serialize(_ document: JSONValue?, topic: String, headers: inout [KafkaHeader]) async throws(SerdesError) -> [UInt8]? {
        guard let document else { return nil }
        let target = try await core.target(topic)
        if let h = target.header { headers.append(h) }
        return try await encrypted(document, target)
    }

    public func serialize(_ document: JSONValue, topic: String) async throws(SerdesError) -> [UInt8] {
        try requirePrefixFraming()
        return try await encrypted(document, try await core.target(topic))
    }

    // MARK: Codable values

    public func serialize<T: Encodable>(_ value: T?, topic: String, headers: inout [KafkaHeader]) async throws(SerdesError) -> [UInt8]? {
        guard let value else { return nil }
        let target = try await core.target(topic)
        if let h = target.header { headers.append(h) }
        return try await encrypted(value, target)
    }

    public func serialize<T: Encodable>(_ value: T, topic: String) async throws(SerdesError) -> [UInt8] {
        try requirePrefixFraming()
        return try await encrypted(value, try await core.target(topic))
    }

    /// Chooses and frames the writer schema of `topic` now.
    public func prepare(topic: String) async throws(SerdesError) {
        _ = try await core.target(topic)
    }

    // MARK: encryption

    /// The message, with the writer schema's `ENCRYPT` rules run on the (validated) document.
    private func encrypted(_ document: JSONValue, _ target: WriteTarget<JSONCompiledSchema>) async throws(SerdesError) -> [UInt8] {
        guard let rules = target.schema.encryption else { return try write(document, target) }
        _ = try write(document, target)
        let v = try await rules.run(document, writing: true, subject: target.subject, with: core.configuration.fieldEncryption, client: core.client)
        var out = target.prefix
        JSONWriter().write(v, into: &out)
        return out
    }

    private func encrypted<T: Encodable>(_ value: T, _ target: WriteTarget<JSONCompiledSchema>) async throws(SerdesError) -> [UInt8] {
        let plain = try write(value, target)
        guard let rules = target.schema.encryption else { return plain }
        let document = try plain.reading { (raw) throws(SerdesError) in
            try parseJSON(UnsafeRawBufferPointer(rebasing: raw[target.prefix.count...]), what: "the encoded value")
        }
        let v = try await rules.run(document, writing: true, subject: target.subject, with: core.configuration.fieldEncryption, client: core.client)
        var out = target.prefix
        JSONWriter().write(v, into: &out)
        return out
    }

    // MARK: writing

    private func write(_ document: JSONValue, _ target: WriteTarget<JSONCompiledSchema>) throws(SerdesError) -> [UInt8] {
        if validate, !target.schema.validator.isValid(document) {
            throw validationFailure(target.schema.validator.validate(document), "the document for \(target.subject)")
        }
        var out = target.prefix
        JSONWriter().write(document, into: &out)
        return out
    }

    private func write<T: Encodable>(_ value: T, _ target: WriteTarget<JSONCompiledSchema>) throws(SerdesError) -> [UInt8] {
        let text: Data
        do { text = try encoder.encode(value) } catch {
            throw SerdesError(.invalidValue, "the value cannot be encoded as JSON: \(error)")
        }
        var out = target.prefix
        out.reserveCapacity(out.count + text.count)
        out.append(contentsOf: text)
        if validate {
            let document = try out.reading { (raw) throws(SerdesError) in
                try parseJSON(UnsafeRawBufferPointer(rebasing: raw[target.prefix.count...]), what: "the encoded value")
            }
            if !target.schema.validator.isValid(document) {
                throw validationFailure(target.schema.validator.validate(document), "the value for \(target.subject)")
            }
        }
        return out
    }

    private func requirePrefixFraming() throws(SerdesError) {
        if core.configuration.framing == .header {
            throw SerdesError(.configuration, "header framing puts the schema id in a record header: call serialize(_:topic:headers:)")
        }
    }
}
