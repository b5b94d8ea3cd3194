import SteleAvro

/// How messages of one writer schema are read into the reader schema, compiled once: straight
/// with the writer's codec when both schemas lay data out the same way (equal Parsing
/// Canonical Forms), else through a resolver compiled for the pair.
final class AvroReadPlan: ReadPlan {
    let writer: AvroCompiledSchema
    let reader: AvroCompiledSchema
    let resolver: AvroResolver?
    let writerIdentifier: SchemaIdentifier
    /// Plans with a latest-based reader are made again after this instant.
    let expiresAt: Duration?

    init(writer: AvroCompiledSchema, reader: AvroCompiledSchema, writerIdentifier: SchemaIdentifier, expiresAt: Duration?) {
        self.writer = writer
        self.reader = reader
        self.writerIdentifier = writerIdentifier
        self.expiresAt = expiresAt
        let sameLayout = writer === reader || writer.schema.parsingCanonicalForm == reader.schema.parsingCanonicalForm
        resolver = sameLayout ? nil : AvroResolver(writer: writer.schema, reader: reader.schema, limits: writer.codec.limits)
    }

    /// The datum in the reader's shape.
    func value(_ payload: UnsafeRawBufferPointer) throws(SerdesError) -> AvroValue {
        do {
            if writer.rawBytes {
                let value = AvroValue.bytes(Array(payload))
                guard let resolver else { return value }
                return try resolver.decode(try writer.codec.encode(value))
            }
            if let resolver { return try resolver.decode(payload) }
            return try writer.codec.decode(payload)
        } catch let e as AvroDecodingError {
            throw SerdesError(.invalidPayload, "the payload of a message written with schema \(writerIdentifier) does not decode: \(e.detail) (at byte \(e.offset) of the payload)", avroError: e)
        } catch {
            throw SerdesError(.invalidPayload, "the payload of a message written with schema \(writerIdentifier) does not decode: \(error)")
        }
    }

    /// The datum in the writer's shape.
    func writerValue(_ payload: UnsafeRawBufferPointer) throws(SerdesError) -> AvroValue {
        do {
            return writer.rawBytes ? .bytes(Array(payload)) : try writer.codec.decode(payload)
        } catch let e as AvroDecodingError {
            throw SerdesError(.invalidPayload, "the payload of a message written with schema \(writerIdentifier) does not decode: \(e.detail) (at byte \(e.offset) of the payload)", avroError: e)
        } catch {
            throw SerdesError(.invalidPayload, "the payload of a message written with schema \(writerIdentifier) does not decode: \(error)")
        }
    }

    /// A writer-shaped datum in the reader's shape.
    func readerValue(fromWriter value: AvroValue) throws(SerdesError) -> AvroValue {
        guard let resolver else { return value }
        do { return try resolver.decode(try writer.codec.encode(value)) } catch {
            throw SerdesError(.invalidPayload, "a message written with schema \(writerIdentifier) does not resolve into the reader schema: \(error)")
        }
    }

    /// The datum as a Swift value, decoded with the reader schema's field names and logical
    /// types; in one pass from the bytes when no resolution is needed.
    func decode<T: Decodable>(_ type: T.Type, _ payload: UnsafeRawBufferPointer) throws(SerdesError) -> T {
        if resolver == nil && !writer.rawBytes {
            do { return try reader.decoder.decode(type, from: payload) } catch let e as AvroDecodingError {
                throw SerdesError(.invalidPayload, "the payload of a message written with schema \(writerIdentifier) does not decode: \(e.detail) (at byte \(e.offset) of the payload)", avroError: e)
            } catch {
                throw SerdesError(.invalidPayload, "a message written with schema \(writerIdentifier) does not decode into \(T.self): \(error)")
            }
        }
        let v = try value(payload)
        do { return try reader.decoder.decode(type, from: v) } catch {
            throw SerdesError(.invalidPayload, "a message written with schema \(writerIdentifier) does not decode into \(T.self): \(error)")
        }
    }
}
