import NIOCore
import SteleAvro
import SteleClient
import SteleSchema

/// Deserializes messages written by any Confluent-compatible Avro serializer, in all three
/// framings (the schema-id header first, then the prefix: 0x00 + id or 0x01 + GUID).
///
/// The writer's schema is fetched from the registry once per id or GUID; reading into another
/// reader schema (the latest version, a given version, or your type's schema) is compiled once
/// per (writer, reader) pair. After that a message is one lookup and one decode, straight from
/// the message's bytes: no registry call, no parsing, no compiling, no copy of the payload.
///
/// ```swift
/// let rides = AvroDeserializer(client: client, readerSchema: .schema(rideV2))
/// let ride = try await rides.deserialize(message.value, as: Ride.self, topic: "rides", headers: message.headers)
/// ```
public final class AvroDeserializer: Sendable {
    let core: DeserializerCore<AvroSerdesFormat, AvroReadPlan>

    public init(client: RegistryClient, readerSchema: ReaderSchema<AvroSchema> = .writer, configuration: DeserializerConfiguration = DeserializerConfiguration()) {
        let reader: ReaderSchema<AvroCompiledSchema>
        switch readerSchema {
        case .writer: reader = .writer
        case .latest: reader = .latest
        case .latestWithMetadata(let md): reader = .latestWithMetadata(md)
        case .version(let n): reader = .version(n)
        case .schema(let s): reader = .schema(AvroCompiledSchema(schema: s, own: nil))
        }
        core = DeserializerCore(client: client, format: AvroSerdesFormat(), reader: reader, configuration: configuration) {
            (writer, reader, id, expiresAt) throws(SerdesError) in
            AvroReadPlan(writer: writer, reader: reader, writerIdentifier: id, expiresAt: expiresAt)
        }
    }

    public var statistics: SerdesStatistics { core.counters.snapshot }

    // MARK: generic values

    /// The datum of `message` in the reader schema's shape; nil for a tombstone.
    public func deserialize(_ message: [UInt8]?, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> AvroValue? {
        guard let message else { return nil }
        return try await value(message, topic, headers)
    }

    /// As above, reading the buffer's bytes in place.
    public func deserialize(_ message: ByteBuffer?, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> AvroValue? {
        guard let message else { return nil }
        return try await value(message, topic, headers)
    }

    public func deserialize<Bytes: MessageBytes>(_ message: Bytes?, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> AvroValue? {
        guard let message else { return nil }
        return try await value(message, topic, headers)
    }

    /// The datum with the schemas involved (for tools that print messages).
    public func decode<Bytes: MessageBytes>(_ message: Bytes, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> AvroMessage {
        let (writer, start) = try message.reading { (raw) throws(SerdesError) in try core.framing(raw, headers: headers) }
        let plan = try await core.plan(writer, topic: topic)
        let value = plan.writer.encryption != nil ? try await decrypted(message, start, plan, topic)
            : try message.reading { (raw) throws(SerdesError) in try plan.value(UnsafeRawBufferPointer(rebasing: raw[start...])) }
        return AvroMessage(value: value, readerSchema: plan.reader.schema, writerSchema: plan.writer.schema, writer: writer)
    }

    // MARK: Codable values

    /// The message as a `T`, decoded with the reader schema (in one pass from the bytes when
    /// no resolution is needed); nil for a tombstone.
    public func deserialize<T: Decodable>(_ message: [UInt8]?, as type: T.Type, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> T? {
        guard let message else { return nil }
        return try await value(message, as: type, topic, headers)
    }

    /// As above, reading the buffer's bytes in place.
    public func deserialize<T: Decodable>(_ message: ByteBuffer?, as type: T.Type, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> T? {
        guard let message else { return nil }
        return try await value(message, as: type, topic, headers)
    }

    public func deserialize<T: Decodable, Bytes: MessageBytes>(_ message: Bytes?, as type: T.Type, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> T? {
        guard let message else { return nil }
        return try await value(message, as: type, topic, headers)
    }

    // One implementation each, specialized for the concrete overloads above (they are called
    // from other modules, where a generic entry point would run unspecialized).

    @inline(__always)
    private func value<Bytes: MessageBytes>(_ message: Bytes, _ topic: String, _ headers: [KafkaHeader]) async throws(SerdesError) -> AvroValue {
        if let hit = try core.readCached(message, headers: headers, topic: topic, { (plan, payload) throws(SerdesError) -> AvroValue? in
            plan.writer.encryption == nil ? try plan.value(payload) : nil
        }), let v = hit { return v }
        let (writer, start) = try message.reading { (raw) throws(SerdesError) in try core.framing(raw, headers: headers) }
        let plan = try await core.plan(writer, topic: topic)
        if plan.writer.encryption != nil { return try await decrypted(message, start, plan, topic) }
        return try message.reading { (raw) throws(SerdesError) in try plan.value(UnsafeRawBufferPointer(rebasing: raw[start...])) }
    }

    @inline(__always)
    private func value<T: Decodable, Bytes: MessageBytes>(_ message: Bytes, as type: T.Type, _ topic: String, _ headers: [KafkaHeader]) async throws(SerdesError) -> T {
        if let hit = try core.readCached(message, headers: headers, topic: topic, { (plan, payload) throws(SerdesError) -> T? in
            plan.writer.encryption == nil ? try plan.decode(type, payload) : nil
        }), let v = hit { return v }
        let (writer, start) = try message.reading { (raw) throws(SerdesError) in try core.framing(raw, headers: headers) }
        let plan = try await core.plan(writer, topic: topic)
        if plan.writer.encryption != nil {
            let v = try await decrypted(message, start, plan, topic)
            do { return try plan.reader.decoder.decode(type, from: v) } catch {
                throw SerdesError(.invalidPayload, "a message written with schema \(writer) does not decode into \(T.self): \(error)")
            }
        }
        return try message.reading { (raw) throws(SerdesError) in try plan.decode(type, UnsafeRawBufferPointer(rebasing: raw[start...])) }
    }

    /// A message of a writer schema with `ENCRYPT` rules: decoded in the writer's shape, its
    /// fields decrypted, then read into the reader's shape.
    private func decrypted<Bytes: MessageBytes>(_ message: Bytes, _ start: Int, _ plan: AvroReadPlan, _ topic: String) async throws(SerdesError) -> AvroValue {
        let written = try message.reading { (raw) throws(SerdesError) in try plan.writerValue(UnsafeRawBufferPointer(rebasing: raw[start...])) }
        let c = core.configuration
        let subject = try c.subjectNameStrategy.subject(SubjectNameContext(topic: topic, field: c.field, recordName: plan.writer.recordName))
        let plain = try await plan.writer.encryption!.decrypt(written, subject: subject, with: c.fieldEncryption, client: core.client)
        return try plan.readerValue(fromWriter: plain)
    }

    /// Fetches and compiles what messages written with `writer` need now, so a consumer fails
    /// at start-up rather than at its first message.
    public func prepare(writer: SchemaIdentifier, topic: String) async throws(SerdesError) {
        _ = try await core.plan(writer, topic: topic)
    }
}

/// A decoded Avro message and the schemas it was read with.
public struct AvroMessage: Sendable {
    public var value: AvroValue
    /// The shape `value` is in.
    public var readerSchema: AvroSchema
    public var writerSchema: AvroSchema
    /// The id or GUID the message named.
    public var writer: SchemaIdentifier
}
