/// A position in source text: 1-based line and column (columns count Unicode scalars), plus
/// the UTF-8 byte offset. Line and column 0 mean "unknown", as in buf's annotations.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static let unknown = SourcePosition(line: 0, column: 0, offset: 0)
    public var isKnown: Bool { line > 0 }
    public var description: String { "\(line):\(column)" }
    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column, a.offset) < (b.line, b.column, b.offset)
    }
}

/// A half-open range of source text, from the first byte of a value to just past its last.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public static let unknown = SourceRange(start: .unknown, end: .unknown)
    public var description: String { "\(start)-\(end)" }
}

/// Turns byte offsets into line:column. Built once per document (one pass over the bytes),
/// then each lookup is a binary search plus a scan of one line.
public struct LineIndex: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    public init(_ text: String) { self.init(Array(text.utf8)) }

    public func position(ofOffset offset: Int) -> SourcePosition {
        let clamped = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < clamped {
            // count scalars: skip UTF-8 continuation bytes
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // `column` counted the scalars before the offset, plus one for 1-based columns.
        return SourcePosition(line: lo + 1, column: column, offset: clamped)
    }

    public func range(_ offsets: Range<Int>) -> SourceRange {
        SourceRange(start: position(ofOffset: offsets.lowerBound), end: position(ofOffset: offsets.upperBound))
    }
}
