import NIOCore
import SteleSchema

/// How a serializer says which schema wrote a message (Confluent's three framings).
public enum SchemaIDFraming: String, Sendable, Hashable, CaseIterable {
    /// `0x00`, the schema id as 4 bytes big-endian, then the payload: the default everywhere.
    case prefixV0 = "v0"
    /// `0x01`, the schema's 16-byte GUID, then the payload (Confluent 8.x).
    case prefixV1 = "v1"
    /// The payload bare; the Kafka header `__value_schema_id` (or `__key_schema_id`) holds
    /// `0x01` and the GUID (Confluent 8.x `HeaderSchemaIdSerializer`).
    case header
}

/// The schema a message names: by global id (prefix v0) or by GUID (prefix v1, header).
public enum SchemaIdentifier: Sendable, Hashable, CustomStringConvertible {
    case id(Int)
    case guid(SchemaGUID)

    public var description: String {
        switch self {
        case .id(let id): return "id \(id)"
        case .guid(let g): return "guid \(g)"
        }
    }
}

extension SchemaIdentifier {
    /// Which schema wrote `message` (its schema-id header first, then its prefix), without
    /// asking the registry anything; `payloadStart` is where the payload begins.
    public static func read<Bytes: MessageBytes>(_ message: Bytes, headers: [KafkaHeader] = [], field: MessageField = .value) throws(SerdesError) -> (SchemaIdentifier, payloadStart: Int) {
        try message.reading { (raw) throws(SerdesError) in
            guard let header = WireFormat.headerValue(headers, field: field) else { return try WireFormat.read(raw, header: nil) }
            return try header.reading { (h) throws(SerdesError) in try WireFormat.read(raw, header: h) }
        }
    }
}

/// Writing and reading the framings. Reading takes the header first, then the prefix (as
/// Confluent's `DualSchemaIdDeserializer`), and accepts any payload length, including the
/// empty payload of a schema whose data takes no bytes (confluent-kafka-python refuses
/// messages of 5 bytes or fewer, even in header framing, where the whole message is payload).
enum WireFormat {
    static let magicID: UInt8 = 0x00
    static let magicGUID: UInt8 = 0x01

    static func prefix(id: Int) -> [UInt8] {
        let v = UInt32(truncatingIfNeeded: id)
        return [magicID, UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    static func prefix(guid: SchemaGUID) -> [UInt8] { [magicGUID] + guid.bytes }

    /// Which schema wrote the message, and where its payload starts in `message`.
    static func read(_ message: UnsafeRawBufferPointer, header: UnsafeRawBufferPointer?) throws(SerdesError) -> (SchemaIdentifier, payloadStart: Int) {
        if let header {
            let (identifier, end) = try identifier(in: header, what: "schema id header")
            guard end == header.count else {
                throw SerdesError(.invalidFraming, "the schema id header holds \(header.count) bytes; \(end) expected")
            }
            return (identifier, 0)
        }
        return try identifier(in: message, what: "message")
    }

    private static func identifier(in bytes: UnsafeRawBufferPointer, what: String) throws(SerdesError) -> (SchemaIdentifier, Int) {
        guard let magic = bytes.first else {
            throw SerdesError(.invalidFraming, "the \(what) is empty: no magic byte")
        }
        switch magic {
        case magicID:
            guard bytes.count >= 5 else {
                throw SerdesError(.invalidFraming, "the \(what) ends after \(bytes.count) bytes; a schema id prefix takes 5 (0x00 and a 4-byte id)")
            }
            let id = Int(bytes[1]) << 24 | Int(bytes[2]) << 16 | Int(bytes[3]) << 8 | Int(bytes[4])
            return (.id(id), 5)
        case magicGUID:
            guard bytes.count >= 17 else {
                throw SerdesError(.invalidFraming, "the \(what) ends after \(bytes.count) bytes; a schema GUID prefix takes 17 (0x01 and 16 bytes)")
            }
            return (.guid(SchemaGUID(bytes: bytes[1..<17])!), 17)
        default:
            throw SerdesError(.unknownMagicByte, "unknown magic byte 0x\(String(magic, radix: 16, uppercase: false)) at the start of the \(what): not written by a Schema Registry serializer (0x00 or 0x01 expected)")
        }
    }

    /// The value of the schema-id header of `field`, if the record has one.
    static func headerValue(_ headers: [KafkaHeader], field: MessageField) -> ByteBuffer? {
        let name = field.schemaIDHeader
        // The last one wins (Java's `lastHeader`); a header without a value says nothing, and
        // the prefix is read instead (as confluent-kafka-python does).
        for h in headers.reversed() where h.key == name { return h.value }
        return nil
    }
}
