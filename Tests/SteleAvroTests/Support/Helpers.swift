import SteleSchema
import Testing
@testable import SteleAvro

/// Parses strictly, or records the error and returns nil.
func parsed(_ text: String, references: [ResolvedReference] = [], _ options: SchemaParseOptions = .strict,
            sourceLocation: SourceLocation = #_sourceLocation) -> AvroSchema? {
    do {
        return try AvroSchema(parsing: text, references: references, options: options)
    } catch {
        Issue.record("expected to parse, got: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The error a schema is rejected with, or nil (recording an issue) if it parses.
func rejection(_ text: String, references: [ResolvedReference] = [], _ options: SchemaParseOptions = .strict,
               sourceLocation: SourceLocation = #_sourceLocation) -> Finding? {
    do {
        _ = try AvroSchema(parsing: text, references: references, options: options)
        Issue.record("expected a rejection: \(text.prefix(200))", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error.primary
    }
}
