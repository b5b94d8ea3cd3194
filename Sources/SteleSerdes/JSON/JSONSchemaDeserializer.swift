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

/// How messages of one writer schema are checked: against the reader schema's compiled
/// validator (the writer's own unless another reader schema is chosen).
final class JSONReadPlan: ReadPlan {
    let writer: JSONCompiledSchema
    let reader: JSONCompiledSchema
    let writerIdentifier: SchemaIdentifier
    let expiresAt: Duration?

    init(writer: JSONCompiledSchema, reader: JSONCompiledSchema, writerIdentifier: SchemaIdentifier, expiresAt: Duration?) {
        self.writer = writer
        self.reader = reader
        self.writerIdentifier = writerIdentifier
        self.expiresAt = expiresAt
    }
}

/// Deserializes messages written by any Confluent-compatible JSON Schema serializer, in all
/// three framings. With `validate` each document is checked against the reader schema
/// (Confluent Java's `json.fail.invalid.schema`, off by default there and here;
/// confluent-kafka-python validates by default).
public final class JSONSchemaDeserializer: Sendable {
    let core: DeserializerCore<JSONSchemaSerdesFormat, JSONReadPlan>
    public let validate: Bool
    let decoder: JSONDecoder

    public init(client: RegistryClient, readerSchema: ReaderSchema<JSONSchemaDocument> = .writer, configuration: DeserializerConfiguration = DeserializerConfiguration(),
                validate: Bool = false, coding: JSONCodingOptions = JSONCodingOptions()) {
        let reader: ReaderSchema<JSONCompiledSchema>
        switch readerSchema {
        case .writer: reader = .writer
        case .latest: reader = .latest
        case .latestWithMetadata(let md): reader = .latestWithMetadata(md)
        case .version(let n): reader = .version(n)
        case .schema(let s): reader = .schema(JSONCompiledSchema(document: s))
        }
        core = DeserializerCore(client: client, format: JSONSchemaSerdesFormat(), reader: reader, configuration: configuration) {
            (writer, reader, id, expiresAt) throws(SerdesError) in
            JSONReadPlan(writer: writer, reader: reader, writerIdentifier: id, expiresAt: expiresAt)
        }
        self.validate = validate
        self.decoder = coding.decoder()
    }

    public var statistics: SerdesStatistics { core.counters.snapshot }

    /// The document of `message`; nil for a tombstone.
    public func deserialize(_ message: [UInt8]?, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> JSONValue? {
        guard let message else { return nil }
        return try await document(message, topic, headers)
    }

    /// As above, reading the buffer's bytes in place.
    public func deserialize(_ message: ByteBuffer?, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> JSONValue? {
        guard let message else { return nil }
        return try await document(message, topic, headers)
    }

    public func deserialize<Bytes: MessageBytes>(_ message: Bytes?, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> JSONValue? {
        guard let message else { return nil }
        return try await document(message, topic, headers)
    }

    @inline(__always)
    private func document<Bytes: MessageBytes>(_ message: Bytes, _ topic: String, _ headers: [KafkaHeader]) async throws(SerdesError) -> JSONValue {
        let (writer, start) = try message.reading { (raw) throws(SerdesError) in try core.framing(raw, headers: headers) }
        let plan = try await core.plan(writer, topic: topic)
        var document = try message.reading { (raw) throws(SerdesError) in
            try parseJSON(UnsafeRawBufferPointer(rebasing: raw[start...]), what: "the payload of a message written with schema \(writer)")
        }
        document = try await decrypted(document, plan, topic)
        try check(document, plan)
        return document
    }

    /// The document with the writer schema's `ENCRYPT` rules undone.
    private func decrypted(_ document: JSONValue, _ plan: JSONReadPlan, _ topic: String) async throws(SerdesError) -> JSONValue {
        guard let rules = plan.writer.encryption else { return document }
        let c = core.configuration
        let subject = try c.subjectNameStrategy.subject(SubjectNameContext(topic: topic, field: c.field, recordName: plan.writer.title))
        return try await rules.run(document, writing: false, subject: subject, with: c.fieldEncryption, client: core.client)
    }

    /// The message as a `T` (Foundation's `JSONDecoder`, from the payload bytes); nil for a
    /// tombstone.
    public func deserialize<T: Decodable, Bytes: MessageBytes>(_ message: Bytes?, as type: T.Type, topic: String, headers: [KafkaHeader] = []) async throws(SerdesError) -> T? {
        guard let message else { return nil }
        let (writer, start) = try message.reading { (raw) throws(SerdesError) in try core.framing(raw, headers: headers) }
        let plan = try await core.plan(writer, topic: topic)
        var payload = try message.reading { (raw) throws(SerdesError) in Data(UnsafeRawBufferPointer(rebasing: raw[start...])) }
        if plan.writer.encryption != nil {
            let document = try payload.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in Result { () throws(SerdesError) in
                try parseJSON(raw, what: "the payload of a message written with schema \(writer)")
            } }.get()
            var out: [UInt8] = []
            JSONWriter().write(try await decrypted(document, plan, topic), into: &out)
            payload = Data(out)
        }
        if validate {
            let document = try payload.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in Result { () throws(SerdesError) in
                try parseJSON(raw, what: "the payload of a message written with schema \(writer)")
            } }.get()
            try check(document, plan)
        }
        do { return try decoder.decode(type, from: payload) } catch {
            throw SerdesError(.invalidPayload, "a message written with schema \(writer) does not decode into \(T.self): \(error)")
        }
    }

    private func check(_ document: JSONValue, _ plan: JSONReadPlan) throws(SerdesError) {
        guard validate, !plan.reader.validator.isValid(document) else { return }
        throw validationFailure(plan.reader.validator.validate(document), "a message written with schema \(plan.writerIdentifier)")
    }
}
