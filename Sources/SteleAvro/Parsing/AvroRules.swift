import SteleSchema

/// The rule ids of Avro schema parsing. Declared once; never renamed.
public enum AvroRules {
    public static let invalidJSON: RuleID = "AVRO_INVALID_JSON"
    public static let limitExceeded: RuleID = "AVRO_LIMIT_EXCEEDED"
    public static let missingAttribute: RuleID = "AVRO_MISSING_ATTRIBUTE"
    public static let invalidAttribute: RuleID = "AVRO_INVALID_ATTRIBUTE"
    public static let unknownType: RuleID = "AVRO_UNKNOWN_TYPE"
    public static let undefinedName: RuleID = "AVRO_UNDEFINED_NAME"
    public static let invalidName: RuleID = "AVRO_INVALID_NAME"
    public static let redefinedName: RuleID = "AVRO_REDEFINED_NAME"
    public static let duplicateField: RuleID = "AVRO_DUPLICATE_FIELD"
    public static let duplicateSymbol: RuleID = "AVRO_DUPLICATE_ENUM_SYMBOL"
    public static let nestedUnion: RuleID = "AVRO_NESTED_UNION"
    public static let duplicateUnionBranch: RuleID = "AVRO_DUPLICATE_UNION_BRANCH"
    public static let invalidDefault: RuleID = "AVRO_INVALID_DEFAULT"
    public static let invalidEnumDefault: RuleID = "AVRO_INVALID_ENUM_DEFAULT"
    public static let invalidLogicalType: RuleID = "AVRO_INVALID_LOGICAL_TYPE"
    public static let uninstantiableType: RuleID = "AVRO_UNINSTANTIABLE_TYPE"
    public static let invalidReference: RuleID = "AVRO_INVALID_REFERENCE"

    public static let catalog: [RuleDescriptor] = [
        RuleDescriptor(id: invalidJSON, purpose: "The schema text is not valid JSON (RFC 8259, UTF-8).", severity: .error),
        RuleDescriptor(id: limitExceeded, purpose: "The schema exceeds a configured limit (size, nesting, union branches, named types).", severity: .error),
        RuleDescriptor(id: missingAttribute, purpose: "A required attribute (type, name, fields, symbols, size, items, values) is missing.", severity: .error),
        RuleDescriptor(id: invalidAttribute, purpose: "An attribute has the wrong JSON type or an invalid value.", severity: .error),
        RuleDescriptor(id: unknownType, purpose: "A type name is neither a primitive, a complex type nor a defined name.", severity: .error),
        RuleDescriptor(id: undefinedName, purpose: "A named type is used before it is defined (or never defined).", severity: .error),
        RuleDescriptor(id: invalidName, purpose: "A name, namespace, alias or enum symbol breaks the Avro name rules.", severity: .error),
        RuleDescriptor(id: redefinedName, purpose: "A named type is defined twice.", severity: .error),
        RuleDescriptor(id: duplicateField, purpose: "A record has two fields of the same name.", severity: .error),
        RuleDescriptor(id: duplicateSymbol, purpose: "An enum lists the same symbol twice.", severity: .error),
        RuleDescriptor(id: nestedUnion, purpose: "A union directly contains another union.", severity: .error),
        RuleDescriptor(id: duplicateUnionBranch, purpose: "A union has two branches of the same type or name.", severity: .error),
        RuleDescriptor(id: invalidDefault, purpose: "A field default is not a valid value of the field's type (for a union, of its first branch).", severity: .error),
        RuleDescriptor(id: invalidEnumDefault, purpose: "An enum's default is not one of its symbols.", severity: .error),
        RuleDescriptor(id: invalidLogicalType, purpose: "A logical type is invalid for its underlying type and is ignored, as the spec says.", severity: .warning),
        RuleDescriptor(id: uninstantiableType, purpose: "A record can never hold a finite value (recursion with no base case).", severity: .warning),
        RuleDescriptor(id: invalidReference, purpose: "A referenced schema is invalid or does not define what it is referenced for.", severity: .error),
    ]
}
