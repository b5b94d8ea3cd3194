/// The schema formats a registry holds, spelled as Confluent's `schemaType` field spells them.
public enum SchemaType: String, Sendable, Hashable, CaseIterable, Codable {
    case avro = "AVRO"
    case json = "JSON"
    case protobuf = "PROTOBUF"

    /// Parses `schemaType` leniently (any case); a missing value means AVRO, as in Confluent.
    public init?(lenient text: String?) {
        guard let text else { self = .avro; return }
        guard let t = SchemaType(rawValue: text.uppercased()) else { return nil }
        self = t
    }
}
