/// A generic Avro datum, for callers who work without Swift types. Records hold their field
/// values in schema order, enums their symbol index, unions the branch index and its value.
///
/// Only `union` is `indirect`: scalars stay inline (no allocation per decoded int), and arrays,
/// maps and records already live behind their array buffers.
public enum AvroValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    case array([AvroValue])
    case map([AvroMapEntry])
    case record([AvroValue])
    case enumeration(Int)
    case fixed([UInt8])
    indirect case union(Int, AvroValue)
}

extension AvroValue {
    /// `.union(i, .null)` for the first branch indexes, built once: decoding a null branch
    /// shares one of these (a retain) instead of allocating a box per datum.
    static let nullBranches: [AvroValue] = (0..<8).map { .union($0, .null) }
}

/// One map entry. Maps keep their entries in encoded order (Avro maps are unordered; keeping
/// the order makes encode(decode(bytes)) == bytes).
public struct AvroMapEntry: Sendable, Hashable {
    public var key: String
    public var value: AvroValue
    public init(key: String, value: AvroValue) {
        self.key = key
        self.value = value
    }
}
