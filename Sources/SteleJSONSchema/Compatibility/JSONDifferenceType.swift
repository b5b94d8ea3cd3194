import SteleSchema

/// Confluent's JSON Schema difference types (reference §4.3, the 132 of master), each with its
/// classification: compatible under the default STRICT policy, compatible only under LENIENT
/// (8.0.3+, which treats open content models "like Avro"), or incompatible under both.
///
/// A difference is always stated from the *original* schema (the one whose documents must stay
/// valid) to the *update*: for BACKWARD the original is the old schema, for FORWARD the new one.
public enum JSONDifferenceType: String, Sendable, Hashable, CaseIterable {
    // Annotations and general.
    case idChanged = "ID_CHANGED", descriptionChanged = "DESCRIPTION_CHANGED", titleChanged = "TITLE_CHANGED", defaultChanged = "DEFAULT_CHANGED"
    case schemaAdded = "SCHEMA_ADDED", schemaRemoved = "SCHEMA_REMOVED"
    case typeExtended = "TYPE_EXTENDED", typeNarrowed = "TYPE_NARROWED", typeChanged = "TYPE_CHANGED"
    // String.
    case maxLengthAdded = "MAX_LENGTH_ADDED", maxLengthRemoved = "MAX_LENGTH_REMOVED", maxLengthIncreased = "MAX_LENGTH_INCREASED", maxLengthDecreased = "MAX_LENGTH_DECREASED"
    case minLengthAdded = "MIN_LENGTH_ADDED", minLengthRemoved = "MIN_LENGTH_REMOVED", minLengthIncreased = "MIN_LENGTH_INCREASED", minLengthDecreased = "MIN_LENGTH_DECREASED"
    case patternAdded = "PATTERN_ADDED", patternRemoved = "PATTERN_REMOVED", patternChanged = "PATTERN_CHANGED"
    // Number.
    case maximumAdded = "MAXIMUM_ADDED", maximumRemoved = "MAXIMUM_REMOVED", maximumIncreased = "MAXIMUM_INCREASED", maximumDecreased = "MAXIMUM_DECREASED"
    case minimumAdded = "MINIMUM_ADDED", minimumRemoved = "MINIMUM_REMOVED", minimumIncreased = "MINIMUM_INCREASED", minimumDecreased = "MINIMUM_DECREASED"
    case exclusiveMaximumAdded = "EXCLUSIVE_MAXIMUM_ADDED", exclusiveMaximumRemoved = "EXCLUSIVE_MAXIMUM_REMOVED"
    case exclusiveMaximumIncreased = "EXCLUSIVE_MAXIMUM_INCREASED", exclusiveMaximumDecreased = "EXCLUSIVE_MAXIMUM_DECREASED"
    case exclusiveMinimumAdded = "EXCLUSIVE_MINIMUM_ADDED", exclusiveMinimumRemoved = "EXCLUSIVE_MINIMUM_REMOVED"
    case exclusiveMinimumIncreased = "EXCLUSIVE_MINIMUM_INCREASED", exclusiveMinimumDecreased = "EXCLUSIVE_MINIMUM_DECREASED"
    case multipleOfAdded = "MULTIPLE_OF_ADDED", multipleOfRemoved = "MULTIPLE_OF_REMOVED", multipleOfExpanded = "MULTIPLE_OF_EXPANDED"
    case multipleOfReduced = "MULTIPLE_OF_REDUCED", multipleOfChanged = "MULTIPLE_OF_CHANGED"
    // Object.
    case requiredAttributeAdded = "REQUIRED_ATTRIBUTE_ADDED", requiredAttributeWithDefaultAdded = "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"
    case requiredAttributeRemoved = "REQUIRED_ATTRIBUTE_REMOVED"
    case maxPropertiesAdded = "MAX_PROPERTIES_ADDED", maxPropertiesRemoved = "MAX_PROPERTIES_REMOVED"
    case maxPropertiesIncreased = "MAX_PROPERTIES_INCREASED", maxPropertiesDecreased = "MAX_PROPERTIES_DECREASED"
    case minPropertiesAdded = "MIN_PROPERTIES_ADDED", minPropertiesRemoved = "MIN_PROPERTIES_REMOVED"
    case minPropertiesIncreased = "MIN_PROPERTIES_INCREASED", minPropertiesDecreased = "MIN_PROPERTIES_DECREASED"
    case additionalPropertiesAdded = "ADDITIONAL_PROPERTIES_ADDED", additionalPropertiesRemoved = "ADDITIONAL_PROPERTIES_REMOVED"
    case additionalPropertiesExtended = "ADDITIONAL_PROPERTIES_EXTENDED", additionalPropertiesNarrowed = "ADDITIONAL_PROPERTIES_NARROWED"
    case dependencyArrayAdded = "DEPENDENCY_ARRAY_ADDED", dependencyArrayRemoved = "DEPENDENCY_ARRAY_REMOVED"
    case dependencyArrayExtended = "DEPENDENCY_ARRAY_EXTENDED", dependencyArrayNarrowed = "DEPENDENCY_ARRAY_NARROWED", dependencyArrayChanged = "DEPENDENCY_ARRAY_CHANGED"
    case dependencySchemaAdded = "DEPENDENCY_SCHEMA_ADDED", dependencySchemaRemoved = "DEPENDENCY_SCHEMA_REMOVED"
    case propertyAddedToOpenContentModel = "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    case requiredPropertyAddedToOpenContentModel = "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    case requiredPropertyWithDefaultAddedToOpenContentModel = "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"
    case optionalPropertyAddedToOpenContentModel = "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    case propertyWithEmptySchemaAddedToOpenContentModel = "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
    case requiredPropertyAddedToUnopenContentModel = "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
    case requiredPropertyWithDefaultAddedToUnopenContentModel = "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"
    case optionalPropertyAddedToUnopenContentModel = "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
    case propertyRemovedFromOpenContentModel = "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"
    case propertyWithFalseRemovedFromClosedContentModel = "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    case propertyRemovedFromClosedContentModel = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    case propertyRemovedIsCoveredByPartiallyOpenContentModel = "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    case propertyRemovedNotCoveredByPartiallyOpenContentModel = "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    case propertyAddedIsCoveredByPartiallyOpenContentModel = "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    case propertyAddedNotCoveredByPartiallyOpenContentModel = "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    case reservedPropertyRemoved = "RESERVED_PROPERTY_REMOVED", reservedPropertyConflictsWithProperty = "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY"
    case unevaluatedPropertiesAdded = "UNEVALUATED_PROPERTIES_ADDED", unevaluatedPropertiesRemoved = "UNEVALUATED_PROPERTIES_REMOVED"
    case unevaluatedPropertiesExtended = "UNEVALUATED_PROPERTIES_EXTENDED", unevaluatedPropertiesNarrowed = "UNEVALUATED_PROPERTIES_NARROWED"
    // Array.
    case maxItemsAdded = "MAX_ITEMS_ADDED", maxItemsRemoved = "MAX_ITEMS_REMOVED", maxItemsIncreased = "MAX_ITEMS_INCREASED", maxItemsDecreased = "MAX_ITEMS_DECREASED"
    case minItemsAdded = "MIN_ITEMS_ADDED", minItemsRemoved = "MIN_ITEMS_REMOVED", minItemsIncreased = "MIN_ITEMS_INCREASED", minItemsDecreased = "MIN_ITEMS_DECREASED"
    case maxContainsAdded = "MAX_CONTAINS_ADDED", maxContainsRemoved = "MAX_CONTAINS_REMOVED"
    case maxContainsIncreased = "MAX_CONTAINS_INCREASED", maxContainsDecreased = "MAX_CONTAINS_DECREASED"
    case minContainsAdded = "MIN_CONTAINS_ADDED", minContainsRemoved = "MIN_CONTAINS_REMOVED"
    case minContainsIncreased = "MIN_CONTAINS_INCREASED", minContainsDecreased = "MIN_CONTAINS_DECREASED"
    case uniqueItemsAdded = "UNIQUE_ITEMS_ADDED", uniqueItemsRemoved = "UNIQUE_ITEMS_REMOVED"
    case additionalItemsAdded = "ADDITIONAL_ITEMS_ADDED", additionalItemsRemoved = "ADDITIONAL_ITEMS_REMOVED"
    case additionalItemsExtended = "ADDITIONAL_ITEMS_EXTENDED", additionalItemsNarrowed = "ADDITIONAL_ITEMS_NARROWED"
    case unevaluatedItemsAdded = "UNEVALUATED_ITEMS_ADDED", unevaluatedItemsRemoved = "UNEVALUATED_ITEMS_REMOVED"
    case unevaluatedItemsExtended = "UNEVALUATED_ITEMS_EXTENDED", unevaluatedItemsNarrowed = "UNEVALUATED_ITEMS_NARROWED"
    case itemAddedToOpenContentModel = "ITEM_ADDED_TO_OPEN_CONTENT_MODEL"
    case itemWithEmptySchemaAddedToOpenContentModel = "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
    case itemAddedToClosedContentModel = "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"
    case itemRemovedFromOpenContentModel = "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"
    case itemWithFalseRemovedFromClosedContentModel = "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    case itemRemovedFromClosedContentModel = "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    case itemRemovedIsCoveredByPartiallyOpenContentModel = "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    case itemRemovedNotCoveredByPartiallyOpenContentModel = "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    case itemAddedIsCoveredByPartiallyOpenContentModel = "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    case itemAddedNotCoveredByPartiallyOpenContentModel = "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    // Enum, const and combined.
    case enumArrayExtended = "ENUM_ARRAY_EXTENDED", enumArrayNarrowed = "ENUM_ARRAY_NARROWED", enumArrayChanged = "ENUM_ARRAY_CHANGED"
    case combinedTypeExtended = "COMBINED_TYPE_EXTENDED", combinedTypeChanged = "COMBINED_TYPE_CHANGED"
    case combinedTypeSubschemasChanged = "COMBINED_TYPE_SUBSCHEMAS_CHANGED"
    case productTypeExtended = "PRODUCT_TYPE_EXTENDED", productTypeNarrowed = "PRODUCT_TYPE_NARROWED"
    case sumTypeExtended = "SUM_TYPE_EXTENDED", sumTypeNarrowed = "SUM_TYPE_NARROWED"
    case notTypeExtended = "NOT_TYPE_EXTENDED", notTypeNarrowed = "NOT_TYPE_NARROWED"
    /// Stele's own: the comparison hit a limit (depth or work) and cannot vouch for the rest.
    case comparisonLimitExceeded = "COMPARISON_LIMIT_EXCEEDED"
    // Stele's own, for changes Confluent's rules do not look at (so they never change a
    // verdict): a name made required that `properties` does not define, and `patternProperties`
    // entries added, removed or changed. They are reported so that a witness can show when
    // such a change rejects documents (see `mayRejectDocuments`).
    case requiredAttributeAddedForUndefinedProperty = "REQUIRED_ATTRIBUTE_ADDED_FOR_UNDEFINED_PROPERTY"
    case patternPropertyAdded = "PATTERN_PROPERTY_ADDED", patternPropertyRemoved = "PATTERN_PROPERTY_REMOVED"
    case patternPropertyChanged = "PATTERN_PROPERTY_CHANGED"

    /// Not one of Confluent's types: Stele reports it beside them, always compatible.
    public var isSteleOwn: Bool {
        switch self {
        case .comparisonLimitExceeded, .requiredAttributeAddedForUndefinedProperty, .patternPropertyAdded, .patternPropertyRemoved,
             .patternPropertyChanged: return true
        default: return false
        }
    }

    /// Compatible by Confluent's rules, yet some documents valid under the original may be
    /// invalid under the update: a `oneOf` whose branches overlap, a required property whose
    /// `default` no validator applies, a constraint Confluent does not compare. With witnesses
    /// on, Stele looks for such a document and reports it as a warning.
    public var mayRejectDocuments: Bool {
        switch self {
        case .combinedTypeExtended, .sumTypeExtended, .notTypeNarrowed, .requiredAttributeWithDefaultAdded,
             .requiredPropertyWithDefaultAddedToUnopenContentModel, .requiredAttributeAddedForUndefinedProperty,
             .patternPropertyAdded, .patternPropertyRemoved, .patternPropertyChanged: return true
        default: return false
        }
    }

    /// The stable rule id: `JSON_` + the type.
    public var rule: RuleID { RuleID("JSON_" + rawValue) }

    /// Compatible under `policy`?
    public func isCompatible(under policy: JSONCompatibilityPolicy) -> Bool {
        switch classification {
        case .compatible: return true
        case .lenient: return policy == .lenient
        case .incompatible: return false
        }
    }

    enum Classification { case compatible, lenient, incompatible }

    var classification: Classification {
        switch self {
        case .idChanged, .descriptionChanged, .titleChanged, .defaultChanged, .schemaRemoved, .typeExtended,
             .maxLengthRemoved, .maxLengthIncreased, .minLengthRemoved, .minLengthDecreased, .patternRemoved,
             .maximumRemoved, .maximumIncreased, .minimumRemoved, .minimumDecreased,
             .exclusiveMaximumRemoved, .exclusiveMaximumIncreased, .exclusiveMinimumRemoved, .exclusiveMinimumDecreased,
             .multipleOfRemoved, .multipleOfReduced,
             .requiredAttributeWithDefaultAdded, .requiredAttributeRemoved,
             .maxPropertiesRemoved, .maxPropertiesIncreased, .minPropertiesRemoved, .minPropertiesDecreased,
             .additionalPropertiesAdded, .additionalPropertiesExtended,
             .dependencyArrayRemoved, .dependencyArrayNarrowed, .dependencySchemaRemoved,
             .propertyWithEmptySchemaAddedToOpenContentModel, .requiredPropertyWithDefaultAddedToUnopenContentModel,
             .optionalPropertyAddedToUnopenContentModel, .propertyRemovedFromOpenContentModel,
             .propertyWithFalseRemovedFromClosedContentModel, .propertyRemovedIsCoveredByPartiallyOpenContentModel,
             .propertyAddedIsCoveredByPartiallyOpenContentModel,
             .unevaluatedPropertiesAdded, .unevaluatedPropertiesExtended,
             .maxItemsRemoved, .maxItemsIncreased, .minItemsRemoved, .minItemsDecreased,
             .maxContainsRemoved, .maxContainsIncreased, .minContainsRemoved, .minContainsDecreased,
             .uniqueItemsRemoved, .additionalItemsAdded, .additionalItemsExtended,
             .unevaluatedItemsAdded, .unevaluatedItemsExtended,
             .itemWithEmptySchemaAddedToOpenContentModel, .itemAddedToClosedContentModel, .itemRemovedFromOpenContentModel,
             .itemWithFalseRemovedFromClosedContentModel, .itemRemovedIsCoveredByPartiallyOpenContentModel,
             .itemAddedIsCoveredByPartiallyOpenContentModel,
             .enumArrayExtended, .combinedTypeExtended, .productTypeNarrowed, .sumTypeExtended, .notTypeNarrowed,
             .requiredAttributeAddedForUndefinedProperty, .patternPropertyAdded, .patternPropertyRemoved, .patternPropertyChanged:
            return .compatible
        case .additionalPropertiesRemoved, .additionalPropertiesNarrowed,
             .requiredPropertyWithDefaultAddedToOpenContentModel, .optionalPropertyAddedToOpenContentModel,
             .propertyRemovedFromClosedContentModel, .propertyRemovedNotCoveredByPartiallyOpenContentModel,
             .propertyAddedNotCoveredByPartiallyOpenContentModel,
             .unevaluatedPropertiesRemoved, .unevaluatedPropertiesNarrowed:
            return .lenient
        default:
            return .incompatible
        }
    }
}

/// Confluent's `compatibilityPolicy`: STRICT (the default) or LENIENT (open content models
/// treated like Avro records: unknown properties are ignored by readers).
public enum JSONCompatibilityPolicy: String, Sendable, Hashable, CaseIterable {
    case strict = "STRICT"
    case lenient = "LENIENT"
}
