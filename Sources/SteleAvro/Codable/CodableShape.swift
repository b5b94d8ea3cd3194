/// The kinds of Swift value the `Codable` bridge meets, and which schema nodes take each kind.
/// Both the general (value-tree) and the direct (byte-stream) paths choose union branches with
/// this one rule, so they always agree on the bytes.
enum CodableShape: Int, CaseIterable {
    case null, boolean, integer, floating, text, bytes, record, map, array, date, uuid, decimal

    static let shapeCount = allCases.count

    func accepts(_ n: AvroNode) -> Bool {
        switch (self, n) {
        case (.null, .primitive(.null, _, _)): return true
        case (.boolean, .primitive(.boolean, _, _)): return true
        case (.integer, .primitive(.int, _, _)), (.integer, .primitive(.long, _, _)): return true
        case (.floating, .primitive(.float, _, _)), (.floating, .primitive(.double, _, _)): return true
        case (.text, .primitive(.string, _, _)), (.text, .enumeration): return true
        case (.bytes, .primitive(.bytes, _, _)), (.bytes, .fixed): return true
        case (.record, .record), (.map, .map), (.record, .map), (.array, .array): return true
        case (.date, _):
            switch n.logicalType {
            case .date?, .timestampMillis?, .timestampMicros?, .timestampNanos?,
                 .localTimestampMillis?, .localTimestampMicros?, .localTimestampNanos?: return true
            default: return false
            }
        case (.uuid, _): return n.logicalType == .uuid
        case (.decimal, _): if case .decimal? = n.logicalType { return true } else { return false }
        default: return false
        }
    }
}
