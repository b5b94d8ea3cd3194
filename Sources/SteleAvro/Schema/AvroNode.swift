import SteleJSON

/// The eight primitive types.
public enum AvroPrimitive: String, Sendable, Hashable, CaseIterable {
    case null, boolean, int, long, float, double, bytes, string
}

/// A field's sort order (`order` attribute).
public enum AvroSortOrder: String, Sendable, Hashable {
    case ascending, descending, ignore
}

/// Index of a node in its `AvroSchema`'s node table. Nodes refer to each other by id, so
/// recursive types are plain data (no reference cycles) and a (reader, writer) pair of ids is a
/// natural memo key for the comparisons that follow.
public struct AvroNodeID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: AvroNodeID, b: AvroNodeID) -> Bool { a.index < b.index }
    public var description: String { "#\(index)" }
}

public struct AvroField: Sendable, Hashable {
    public var name: String
    public var type: AvroNodeID
    public var doc: String?
    /// The default value as written (JSON); `nil` when the field has none. A JSON `null`
    /// default is `.some(.null)`.
    public var defaultValue: JSONValue?
    public var order: AvroSortOrder
    /// Field aliases, de-duplicated, in source order.
    public var aliases: [String]
    /// Custom attributes, in source order.
    public var properties: JSONObject
    /// Where the field's object sits in the source document.
    public var pointer: JSONPointer
}

public struct AvroRecord: Sendable, Hashable {
    public var name: AvroName
    public var isError: Bool
    public var doc: String?
    public var fields: [AvroField] {
        didSet { rebuildFieldIndex() }
    }
    /// Aliases resolved to full names, de-duplicated, in source order.
    public var aliases: [AvroName]
    public var properties: JSONObject
    /// Field name → position, built once: resolution and comparison look fields up by name
    /// for every field, which a linear scan would make quadratic in wide records.
    private var fieldPositions: [String: Int] = [:]

    public init(name: AvroName, isError: Bool, doc: String?, fields: [AvroField], aliases: [AvroName], properties: JSONObject) {
        self.name = name
        self.isError = isError
        self.doc = doc
        self.fields = fields
        self.aliases = aliases
        self.properties = properties
        rebuildFieldIndex()
    }

    private mutating func rebuildFieldIndex() {
        var positions = [String: Int](minimumCapacity: fields.count)
        for (i, f) in fields.enumerated() where positions[f.name] == nil { positions[f.name] = i }
        fieldPositions = positions
    }

    /// Index of the field named `name`.
    public func fieldIndex(named name: String) -> Int? { fieldPositions[name] }
}

public struct AvroEnum: Sendable, Hashable {
    public var name: AvroName
    public var doc: String?
    public var symbols: [String]
    public var defaultSymbol: String?
    public var aliases: [AvroName]
    public var properties: JSONObject
}

public struct AvroFixed: Sendable, Hashable {
    public var name: AvroName
    public var doc: String?
    public var size: Int
    public var aliases: [AvroName]
    public var properties: JSONObject
    public var logicalType: AvroLogicalType?
}

/// One node of an Avro schema graph.
public enum AvroNode: Sendable, Hashable {
    case primitive(AvroPrimitive, logicalType: AvroLogicalType?, properties: JSONObject)
    case record(AvroRecord)
    case enumeration(AvroEnum)
    case fixed(AvroFixed)
    case array(items: AvroNodeID, properties: JSONObject)
    case map(values: AvroNodeID, properties: JSONObject)
    case union([AvroNodeID])

    /// The Avro type name (`record`, `int`, `union`, …).
    public var typeName: String {
        switch self {
        case .primitive(let p, _, _): return p.rawValue
        case .record(let r): return r.isError ? "error" : "record"
        case .enumeration: return "enum"
        case .fixed: return "fixed"
        case .array: return "array"
        case .map: return "map"
        case .union: return "union"
        }
    }

    /// The full name of a named type (record, enum, fixed).
    public var name: AvroName? {
        switch self {
        case .record(let r): return r.name
        case .enumeration(let e): return e.name
        case .fixed(let f): return f.name
        default: return nil
        }
    }

    /// The logical type, for primitives and fixed.
    public var logicalType: AvroLogicalType? {
        switch self {
        case .primitive(_, let lt, _): return lt
        case .fixed(let f): return f.logicalType
        default: return nil
        }
    }

    /// Same type in Avro Java's sense (`Schema.Type` equality; `error` is a record).
    public func isSameType(as other: AvroNode) -> Bool {
        switch (self, other) {
        case (.primitive(let x, _, _), .primitive(let y, _, _)): return x == y
        case (.record, .record), (.enumeration, .enumeration), (.fixed, .fixed), (.array, .array), (.map, .map), (.union, .union): return true
        default: return false
        }
    }

    /// The name a union uses to tell its branches apart: the full name for named types, the
    /// type name for the rest (spec: "unions may not contain more than one schema with the same
    /// type, except for the named types").
    public var unionBranchKey: String { name?.fullName ?? typeName }
}
