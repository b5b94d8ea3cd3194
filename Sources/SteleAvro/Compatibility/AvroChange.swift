import SteleJSON
import SteleSchema

/// One change between two versions of a schema, with what it does to compatibility.
public struct AvroChange: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case fieldAdded = "FIELD_ADDED"
        case fieldRemoved = "FIELD_REMOVED"
        case fieldRenamed = "FIELD_RENAMED"
        case fieldMoved = "FIELD_MOVED"
        case fieldDocChanged = "FIELD_DOC_CHANGED"
        case fieldDefaultAdded = "FIELD_DEFAULT_ADDED"
        case fieldDefaultRemoved = "FIELD_DEFAULT_REMOVED"
        case fieldDefaultChanged = "FIELD_DEFAULT_CHANGED"
        case fieldOrderChanged = "FIELD_ORDER_CHANGED"
        case fieldAliasesChanged = "FIELD_ALIASES_CHANGED"
        case fieldAliasAmbiguous = "FIELD_ALIAS_AMBIGUOUS"
        case typeChanged = "TYPE_CHANGED"
        case typePromoted = "TYPE_PROMOTED"
        case logicalTypeChanged = "LOGICAL_TYPE_CHANGED"
        case nameChanged = "NAME_CHANGED"
        case namespaceChanged = "NAMESPACE_CHANGED"
        case aliasesChanged = "ALIASES_CHANGED"
        case docChanged = "DOC_CHANGED"
        case propertiesChanged = "PROPERTIES_CHANGED"
        case enumSymbolAdded = "ENUM_SYMBOL_ADDED"
        case enumSymbolRemoved = "ENUM_SYMBOL_REMOVED"
        case enumSymbolsReordered = "ENUM_SYMBOLS_REORDERED"
        case enumDefaultChanged = "ENUM_DEFAULT_CHANGED"
        case fixedSizeChanged = "FIXED_SIZE_CHANGED"
        case unionBranchAdded = "UNION_BRANCH_ADDED"
        case unionBranchRemoved = "UNION_BRANCH_REMOVED"
        case unionBranchesReordered = "UNION_BRANCHES_REORDERED"

        public var rule: RuleID { RuleID("AVRO_CHANGE_" + rawValue) }
    }

    public var kind: Kind
    /// Where the change is, in the new schema (in the old one for removals).
    public var path: JSONPointer
    public var message: String
    /// The new schema can no longer read data written with the old one.
    public var breaksBackward: Bool
    /// The old schema can no longer read data written with the new one.
    public var breaksForward: Bool

    /// Does this change violate `level`'s direction?
    public func breaks(_ direction: CompatibilityLevel.Direction) -> Bool {
        switch direction {
        case .none: return false
        case .backward: return breaksBackward
        case .forward: return breaksForward
        case .full: return breaksBackward || breaksForward
        }
    }

    /// "compatible both ways", "breaks BACKWARD", "breaks FORWARD", "breaks BACKWARD and FORWARD".
    public var impact: String { compatibilityImpact(breaksBackward: breaksBackward, breaksForward: breaksForward) }

    public var description: String {
        "\(path.tokens.isEmpty ? "/" : path.description) \(kind.rawValue) \(message) — \(impact)"
    }

    /// As a finding of severity info (or error when it breaks `direction`).
    public func finding(for direction: CompatibilityLevel.Direction) -> Finding {
        Finding(rule: kind.rule, severity: breaks(direction) ? .error : .info, message: "\(message) (\(impact))", pointer: path)
    }
}
