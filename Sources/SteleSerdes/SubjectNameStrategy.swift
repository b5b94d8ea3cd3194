/// How a serde names the subject of a topic's keys or values (Confluent's
/// `subject.name.strategy`). The record name is the Avro schema's full name (or its primitive
/// type), or a JSON Schema's `title`.
///
/// Confluent's newest clients default to an "associated" strategy that asks the registry's
/// `/associations` API first and falls back to the topic strategy; Stele serves no
/// associations, so the topic strategy is the default here.
public enum SubjectNameStrategy: Sendable {
    /// `<topic>-key` / `<topic>-value` (the default).
    case topic
    /// The record's full name, whatever the topic.
    case record
    /// `<topic>-<record full name>`.
    case topicRecord
    /// Your own rule.
    case custom(@Sendable (SubjectNameContext) throws -> String)

    func subject(_ context: SubjectNameContext) throws(SerdesError) -> String {
        switch self {
        case .topic:
            return "\(context.topic)-\(context.field.rawValue)"
        case .record:
            return try Self.name(context)
        case .topicRecord:
            return "\(context.topic)-\(try Self.name(context))"
        case .custom(let f):
            do { return try f(context) } catch {
                throw SerdesError(.configuration, "the subject name strategy failed for topic \(context.topic): \(error)")
            }
        }
    }

    /// Whether the subject depends only on the topic and field (so the deserializer can name
    /// it before it knows the writer's schema).
    var needsRecordName: Bool {
        switch self {
        case .topic: return false
        case .record, .topicRecord, .custom: return true
        }
    }

    private static func name(_ c: SubjectNameContext) throws(SerdesError) -> String {
        guard let name = c.recordName, !name.isEmpty else {
            throw SerdesError(.configuration, "the record and topic-record subject strategies need a record name: an Avro named type, or a JSON Schema with a title")
        }
        return name
    }
}

/// What a subject name strategy is given.
public struct SubjectNameContext: Sendable {
    public var topic: String
    public var field: MessageField
    /// The schema's record name, when it has one.
    public var recordName: String?
}
