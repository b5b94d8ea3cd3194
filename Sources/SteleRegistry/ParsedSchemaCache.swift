import Synchronization
import SteleSchema

/// Stored schemas in parsed form, shared by every reader and the writer (a compatibility
/// check parses the versions it compares with once, not per request). Keyed by context and id
/// and checked against the record's content key, so an entry can never answer for other
/// content under a reused id. Bounded: it is emptied when full (parsing again is correct, only
/// slower).
final class ParsedSchemaCache: Sendable {
    private struct Entry: Sendable {
        let contentKey: ContentKey
        let parsed: ParsedAny
    }

    private let entries = Mutex<[ContextId: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func get(_ record: SchemaRecord) -> ParsedAny? {
        entries.withLock { e in
            guard let entry = e[ContextId(context: record.context, id: record.id)], entry.contentKey == record.contentKey else { return nil }
            return entry.parsed
        }
    }

    func put(_ record: SchemaRecord, _ parsed: ParsedAny) {
        entries.withLock { e in
            if e.count >= capacity { e.removeAll(keepingCapacity: true) }
            e[ContextId(context: record.context, id: record.id)] = Entry(contentKey: record.contentKey, parsed: parsed)
        }
    }
}
