import SteleJSON
import SteleSchema

/// Avro compatibility behind the format-neutral contract.
public struct AvroCompatibility: CompatibilityChecking {
    public init() {}

    /// Every incompatibility between `reader` and `writer` (Avro Java `SchemaCompatibility`).
    public func incompatibilities(reader: AvroSchema, writer: AvroSchema) -> [AvroIncompatibility] {
        var checker = ReaderWriterChecker(reader: reader, writer: writer)
        return checker.check()
    }

    public func incompatibilities(reader: AvroSchema, writer: AvroSchema, direction: CheckDirection) -> [Finding] {
        incompatibilities(reader: reader, writer: writer).map { incompatibility in
            var f = incompatibility.finding(direction: direction)
            // Java's location follows the reader's structure: line:col in the reader's text.
            if let range = reader.sourceMap?.range(of: incompatibility.location) { f.range = range }
            return f
        }
    }

    /// True when data written with `writer` can be read with `reader`.
    public func canRead(reader: AvroSchema, writer: AvroSchema) -> Bool {
        incompatibilities(reader: reader, writer: writer).isEmpty
    }
}
