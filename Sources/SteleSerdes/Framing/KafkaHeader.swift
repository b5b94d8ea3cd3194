import NIOCore

/// A Kafka record header, shaped like swift-kafka-client's `KafkaHeader` (a key and an
/// optional value), so serdes fit any Swift Kafka client without depending on one.
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }

    public init(key: String, bytes: [UInt8]) {
        self.init(key: key, value: ByteBuffer(bytes: bytes))
    }
}

/// Which part of a Kafka record a serde handles: subject names (`<topic>-key` /
/// `<topic>-value`) and the schema-id header name depend on it.
public enum MessageField: String, Sendable, Hashable {
    case key, value

    /// The header holding the schema GUID in header framing (Confluent's
    /// `HeaderSchemaIdSerializer`).
    public var schemaIDHeader: String { self == .key ? "__key_schema_id" : "__value_schema_id" }
}
