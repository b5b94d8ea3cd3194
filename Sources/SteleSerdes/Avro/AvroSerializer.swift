import NIOCore
import SteleAvro
import SteleClient
import SteleSchema

/// Serializes Avro messages as Confluent's serializers do: the payload is the Avro binary
/// encoding (a top-level `bytes` value is written as is), framed with the schema's id (prefix
/// v0), its GUID (prefix v1), or a GUID header.
///
/// Values are generic `AvroValue`s (in the shape of the serializer's schema) or `Encodable`
/// Swift types (fields matched by name: `Optional` ↔ nullable unions, `Date` ↔ timestamps,
/// `UUID`, `Decimal`, `Data`, `String` enums, dictionaries ↔ maps).
///
/// On a topic's first message the serializer picks and frames the writer schema (see
/// `SerializerConfiguration`); afterwards a message is one lookup and one encode into one
/// buffer: no registry call, no parsing, no compiling. Share one serializer across tasks.
///
/// ```swift
/// let client = try RegistryClient(url: "http://localhost:8081")
/// let rides = try AvroSerializer(client: client, schema: rideSchemaText)
/// let bytes = try await rides.serialize(ride, topic: "rides")   // ride: some Encodable
/// ```
public final class AvroSerializer: Sendable {
    let core: SerializerCore<AvroSerdesFormat>

    /// `schema` is the serializer's own schema (what it registers or looks up); it may be nil
    /// when the configuration names the writer (`useSchemaID`, `useLatestVersion`, …).
    /// `references` are registered with it; by default the references it was parsed with.
    public init(client: RegistryClient, schema: AvroSchema?, references: [SchemaReference]? = nil,
                configuration: SerializerConfiguration = SerializerConfiguration()) throws(SerdesError) {
        let own = schema.map { AvroCompiledSchema(schema: $0, own: nil) }
        let registration = schema.map { RegistrySchema($0.canonicalText, type: .avro, references: references ?? $0.references) }
        core = try SerializerCore(client: client, configuration: configuration, format: AvroSerdesFormat(), own: own, ownRegistration: registration)
    }

    /// Parses `schema` (Avro schema text without references).
    public convenience init(client: RegistryClient, schema: String, configuration: SerializerConfiguration = SerializerConfiguration()) throws(SerdesError) {
        let parsed: AvroSchema
        do { parsed = try AvroSchema(parsing: schema) } catch { throw SerdesError(.configuration, "the serializer's Avro schema is invalid: \(error)") }
        try self.init(client: client, schema: parsed, configuration: configuration)
    }

    public var configuration: SerializerConfiguration { core.configuration }
    public var statistics: SerdesStatistics { core.counters.snapshot }

    // MARK: generic values

    /// The framed message for `value`; in header framing the schema header is appended to
    /// `headers`. A nil value is a Kafka tombstone: nil, no schema work.
    public func serialize(_ value: AvroValue?, topic: String, headers: inout [KafkaHeader]) async throws(SerdesError) -> [UInt8]? {
        guard let value else { return nil }
        let target = try await core.target(topic)
        if let h = target.header { headers.append(h) }
        return try await encrypted(value, target)
    }

    /// As above, for the prefix framings (header framing needs the headers: use the other form).
    public func serialize(_ value: AvroValue, topic: String) async throws(SerdesError) -> [UInt8] {
        try requirePrefixFraming()
        if let target = core.cachedTarget(topic), target.schema.encryption == nil { return try Self.encode(value, target) }
        return try await encrypted(value, try await core.target(topic))
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
        if let target = core.cachedTarget(topic), target.schema.encryption == nil { return try Self.encode(value, target) }
        return try await encrypted(value, try await core.target(topic))
    }

    /// Chooses and frames the writer schema of `topic` now (what the first message would do),
    /// so a producer fails at start-up rather than at its first message.
    public func prepare(topic: String) async throws(SerdesError) {
        _ = try await core.target(topic)
    }

    // MARK: encryption

    /// The message, with the writer schema's `ENCRYPT` rules run on the value first (a
    /// `Codable` value goes through its generic form for that).
    private func encrypted(_ value: AvroValue, _ target: WriteTarget<AvroCompiledSchema>) async throws(SerdesError) -> [UInt8] {
        let w = target.schema
        guard let rules = w.encryption else { return try Self.encode(value, target) }
        let shaped = try w.fromOwn.map { (conversion) throws(SerdesError) in try Self.convert(value, conversion, target) } ?? value
        let v = try await rules.encrypt(shaped, subject: target.subject, with: core.configuration.fieldEncryption, client: core.client)
        return try Self.encode(v, target, w)
    }

    private func encrypted<T: Encodable>(_ value: T, _ target: WriteTarget<AvroCompiledSchema>) async throws(SerdesError) -> [UInt8] {
        let w = target.schema
        guard w.encryption != nil, !w.rawBytes else { return try Self.encode(value, target) }
        let plain = try Self.encode(value, target)
        let generic: AvroValue
        do {
            generic = try plain.withUnsafeBytes { raw in try w.codec.decode(UnsafeRawBufferPointer(rebasing: raw[target.prefix.count...])) }
        } catch {
            throw SerdesError(.invalidValue, "the value does not fit the schema of \(target.subject): \(error)")
        }
        let v = try await w.encryption!.encrypt(generic, subject: target.subject, with: core.configuration.fieldEncryption, client: core.client)
        return try Self.encode(v, target, w)
    }

    // MARK: encoding

    @inline(__always)
    static func encode(_ value: AvroValue, _ target: WriteTarget<AvroCompiledSchema>) throws(SerdesError) -> [UInt8] {
        let w = target.schema
        if let conversion = w.fromOwn { return try encode(try convert(value, conversion, target), target, w) }
        return try encode(value, target, w)
    }

    @inline(__always)
    static func encode(_ value: AvroValue, _ target: WriteTarget<AvroCompiledSchema>, _ w: AvroCompiledSchema) throws(SerdesError) -> [UInt8] {
        if w.rawBytes {
            guard case .bytes(let b) = value else { throw SerdesError(.invalidValue, "a bytes schema takes a bytes value") }
            return target.prefix + b
        }
        do { return try w.codec.encode(value, prefixedBy: target.prefix) } catch {
            throw SerdesError(.invalidValue, "the value does not fit the schema of \(target.subject): \(error)")
        }
    }

    /// A value in the own schema's shape, written with another schema (latest, a fixed id):
    /// encoded as it is, then read into the writer's shape by resolution.
    static func convert(_ value: AvroValue, _ conversion: (codec: AvroCodec, resolver: AvroResolver), _ target: WriteTarget<AvroCompiledSchema>) throws(SerdesError) -> AvroValue {
        do {
            return try conversion.resolver.decode(try conversion.codec.encode(value))
        } catch let e as AvroEncodingError {
            throw SerdesError(.invalidValue, "the value does not fit the serializer's schema: \(e)")
        } catch {
            throw SerdesError(.invalidValue, "the value cannot be written with \(target.subject)'s schema: \(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T, _ target: WriteTarget<AvroCompiledSchema>) throws(SerdesError) -> [UInt8] {
        let w = target.schema
        do {
            let bytes = try w.encoder.encode(value, prefixedBy: target.prefix)
            return w.rawBytes ? try stripLength(bytes, prefix: target.prefix.count) : bytes
        } catch let e as SerdesError {
            throw e
        } catch {
            throw SerdesError(.invalidValue, "the value does not fit the schema of \(target.subject): \(error)")
        }
    }

    /// A `bytes` datum is its length (a zig-zag varint) then the bytes; the raw framing keeps
    /// only the bytes.
    static func stripLength(_ bytes: [UInt8], prefix: Int) throws(SerdesError) -> [UInt8] {
        var i = prefix
        while i < bytes.count && bytes[i] & 0x80 != 0 { i += 1 }
        guard i < bytes.count else { throw SerdesError(.invalidValue, "a bytes schema takes a bytes value") }
        return Array(bytes[..<prefix]) + bytes[(i + 1)...]
    }

    private func requirePrefixFraming() throws(SerdesError) {
        if core.configuration.framing == .header {
            throw SerdesError(.configuration, "header framing puts the schema id in a record header: call serialize(_:topic:headers:)")
        }
    }
}
