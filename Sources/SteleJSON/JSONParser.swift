/// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`.
///
/// Strict means: UTF-8 is validated (overlong forms, surrogates and bytes past U+10FFFF are
/// rejected), control characters must be escaped, lone `\u` surrogates are rejected (Swift
/// strings cannot hold them), and nothing but whitespace may follow the value. Limits are
/// explicit: nesting depth and input size, both configurable, so hostile input gets an error
/// rather than a stack overflow or an unbounded allocation.
public struct JSONParser: Sendable {
    /// What to do when an object repeats a member name. RFC 8259 says names SHOULD be unique and
    /// leaves the meaning of duplicates open; Jackson (Confluent's parser) keeps the last.
    public enum DuplicateKeyPolicy: Sendable, Hashable {
        case reject
        case keepLast
        case keepFirst
    }

    public struct Options: Sendable, Hashable {
        /// Maximum nesting of arrays and objects. 512 is far beyond real schemas and messages
        /// and keeps recursion well inside a thread's stack.
        public var maxDepth: Int
        /// Maximum input size in bytes.
        public var maxBytes: Int
        public var duplicateKeys: DuplicateKeyPolicy

        public init(maxDepth: Int = 512, maxBytes: Int = 256 << 20, duplicateKeys: DuplicateKeyPolicy = .reject) {
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
            self.duplicateKeys = duplicateKeys
        }

        public static let `default` = Options()
    }

    public var options: Options

    public init(options: Options = .default) { self.options = options }

    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        // `withUTF8` is untyped-rethrows, so carry the typed error out in a Result.
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(buffer) }
        }
        return try result.get()
    }

    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parse(buffer) }
        }
        return try result.get()
    }

    public func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var scanner = JSONScanner(buffer: buffer, options: options, recorder: NoPositionRecorder())
        return try scanner.parseDocument()
    }

    /// Parses and records where every value sits, by JSON Pointer.
    public func parseWithSourceMap(_ text: String) throws(JSONParseError) -> (JSONValue, JSONSourceMap) {
        let bytes = Array(text.utf8)
        let result: Result<(JSONValue, JSONSourceMap), JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in
                var scanner = JSONScanner(buffer: buffer, options: options, recorder: SourceMapRecorder())
                let value = try scanner.parseDocument()
                let map = JSONSourceMap(
                    lineIndex: LineIndex(bytes), ranges: scanner.recorder.ranges, keyRanges: scanner.recorder.keyRanges)
                return (value, map)
            }
        }
        return try result.get()
    }

    /// Convenience: parse with default options.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(text)
    }
}
