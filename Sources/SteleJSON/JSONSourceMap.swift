/// Where each value of a parsed document sits in its source text, by JSON Pointer.
///
/// Only built when asked for (`JSONParser.parseWithSourceMap`): schema parsing wants
/// positions for its error messages; message validation does not pay for them.
public struct JSONSourceMap: Sendable {
    public let lineIndex: LineIndex
    private var ranges: [String: Range<Int>]
    private var keyRanges: [String: Range<Int>]

    init(lineIndex: LineIndex, ranges: [String: Range<Int>], keyRanges: [String: Range<Int>]) {
        self.lineIndex = lineIndex
        self.ranges = ranges
        self.keyRanges = keyRanges
    }

    /// The source range of the value at `pointer`, or of its nearest ancestor that has one.
    public func range(of pointer: JSONPointer) -> SourceRange? {
        var p: JSONPointer? = pointer
        while let current = p {
            if let r = ranges[current.description] { return lineIndex.range(r) }
            p = current.parent
        }
        return nil
    }

    /// The range of the member name whose value is at `pointer` (for "unknown key" errors).
    public func keyRange(of pointer: JSONPointer) -> SourceRange? {
        keyRanges[pointer.description].map { lineIndex.range($0) }
    }

    public func position(of pointer: JSONPointer) -> SourcePosition? {
        range(of: pointer)?.start
    }
}
