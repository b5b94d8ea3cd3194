import SteleJSON
import SteleSchema

/// One difference between an original and an updated JSON Schema, as Confluent's `SchemaDiff`
/// reports it: a type and a path (`#/properties/foo/maxLength`), plus where each side's
/// keyword sits in its document (for line:col).
public struct JSONDifference: Sendable, Hashable, CustomStringConvertible {
    public var type: JSONDifferenceType
    /// The path walked in both schemas, as JSON Pointer tokens (`properties`, `foo`, …).
    public var path: [String]
    /// Where in the original document the difference is (after following `$ref`), if there.
    public var originalPointer: JSONPointer?
    /// Where in the updated document, if there.
    public var updatePointer: JSONPointer?
    /// Stele's own detail (values before and after, the property, the branch), when known.
    public var note: String?
    /// Set when no document can tell the two schemas apart here although Confluent's rules
    /// call the difference incompatible: why (e.g. `additionalItems` without a tuple `items`).
    public var harmlessBecause: String?

    public init(type: JSONDifferenceType, path: [String], originalPointer: JSONPointer? = nil, updatePointer: JSONPointer? = nil, note: String? = nil) {
        self.type = type
        self.path = path
        self.originalPointer = originalPointer
        self.updatePointer = updatePointer
        self.note = note
    }

    /// Confluent's path spelling: `#/properties/foo`.
    public var jsonPath: String { "#" + path.map { "/" + JSONPointer.escape($0) }.joined() }

    public var description: String { "\(type.rawValue) at \(jsonPath)" }

    /// Confluent's description text, with `original`/`update` naming the two schemas ("old",
    /// "new" for a BACKWARD check; the other way round for FORWARD).
    public func message(original: String, update: String, withNote: Bool = true) -> String {
        let p = jsonPath
        let base: String
        switch type {
        case .maxLengthAdded, .minLengthAdded, .patternAdded, .maximumAdded, .minimumAdded, .exclusiveMaximumAdded,
             .exclusiveMinimumAdded, .multipleOfAdded, .maxPropertiesAdded, .minPropertiesAdded, .maxItemsAdded, .minItemsAdded,
             .maxContainsAdded, .minContainsAdded, .uniqueItemsAdded, .dependencyArrayAdded, .dependencySchemaAdded, .schemaAdded,
             .requiredAttributeAdded, .requiredAttributeWithDefaultAdded:
            base = "The keyword at path '\(p)' in the \(update) schema is not present in the \(original) schema"
        case .maxLengthRemoved, .minLengthRemoved, .patternRemoved, .maximumRemoved, .minimumRemoved, .exclusiveMaximumRemoved,
             .exclusiveMinimumRemoved, .multipleOfRemoved, .maxPropertiesRemoved, .minPropertiesRemoved, .maxItemsRemoved,
             .minItemsRemoved, .maxContainsRemoved, .minContainsRemoved, .uniqueItemsRemoved, .dependencyArrayRemoved,
             .dependencySchemaRemoved, .schemaRemoved, .requiredAttributeRemoved:
            base = "The keyword at path '\(p)' in the \(original) schema is not present in the \(update) schema"
        case .maxLengthIncreased, .minLengthIncreased, .maximumIncreased, .minimumIncreased, .exclusiveMaximumIncreased,
             .exclusiveMinimumIncreased, .maxPropertiesIncreased, .minPropertiesIncreased, .maxItemsIncreased, .minItemsIncreased,
             .maxContainsIncreased, .minContainsIncreased, .multipleOfExpanded:
            base = "The value at path '\(p)' in the \(update) schema is more than its value in the \(original) schema"
        case .maxLengthDecreased, .minLengthDecreased, .maximumDecreased, .minimumDecreased, .exclusiveMaximumDecreased,
             .exclusiveMinimumDecreased, .maxPropertiesDecreased, .minPropertiesDecreased, .maxItemsDecreased, .minItemsDecreased,
             .maxContainsDecreased, .minContainsDecreased, .multipleOfReduced:
            base = "The value at path '\(p)' in the \(update) schema is less than its value in the \(original) schema"
        case .patternChanged, .multipleOfChanged, .idChanged, .titleChanged, .descriptionChanged, .defaultChanged,
             .dependencyArrayChanged, .enumArrayChanged:
            base = "The value at path '\(p)' is different between the \(original) and \(update) schema"
        case .enumArrayExtended, .dependencyArrayExtended, .sumTypeExtended, .productTypeExtended:
            base = "An array or combined type at path '\(p)' has more elements in the \(update) schema than the \(original) schema"
        case .enumArrayNarrowed, .dependencyArrayNarrowed, .sumTypeNarrowed, .productTypeNarrowed:
            base = "An array or combined type at path '\(p)' has fewer elements in the \(update) schema than the \(original) schema"
        case .typeExtended, .typeNarrowed, .typeChanged, .combinedTypeExtended, .combinedTypeChanged,
             .combinedTypeSubschemasChanged, .notTypeExtended, .notTypeNarrowed:
            base = "A type at path '\(p)' is different between the \(original) schema and the \(update) schema"
        case .propertyAddedToOpenContentModel, .requiredPropertyAddedToOpenContentModel,
             .requiredPropertyWithDefaultAddedToOpenContentModel, .optionalPropertyAddedToOpenContentModel,
             .propertyWithEmptySchemaAddedToOpenContentModel, .itemAddedToOpenContentModel,
             .itemWithEmptySchemaAddedToOpenContentModel:
            base = "The \(update) schema constrains a property or item at path '\(p)' which is missing in the \(original) schema, whose open content model accepts any value there"
        case .requiredPropertyAddedToUnopenContentModel, .requiredPropertyWithDefaultAddedToUnopenContentModel,
             .optionalPropertyAddedToUnopenContentModel, .itemAddedToClosedContentModel:
            base = "The \(update) schema adds a property or item at path '\(p)' which the \(original) schema's unopen content model does not allow"
        case .propertyRemovedFromOpenContentModel, .itemRemovedFromOpenContentModel:
            base = "The \(update) schema has an open content model and no longer declares the property or item at path '\(p)' of the \(original) schema, so it accepts any value there"
        case .propertyRemovedFromClosedContentModel, .propertyWithFalseRemovedFromClosedContentModel,
             .itemRemovedFromClosedContentModel, .itemWithFalseRemovedFromClosedContentModel:
            base = "The \(update) schema has a closed content model and is missing a property or item present at path '\(p)' in the \(original) schema"
        case .propertyRemovedIsCoveredByPartiallyOpenContentModel, .itemRemovedIsCoveredByPartiallyOpenContentModel:
            base = "The \(update) schema has a partially open content model that covers the property or item at path '\(p)' of the \(original) schema"
        case .propertyRemovedNotCoveredByPartiallyOpenContentModel, .itemRemovedNotCoveredByPartiallyOpenContentModel:
            base = "The \(update) schema has a partially open content model that does not cover the property or item at path '\(p)' of the \(original) schema"
        case .propertyAddedIsCoveredByPartiallyOpenContentModel, .itemAddedIsCoveredByPartiallyOpenContentModel:
            base = "The \(original) schema has a partially open content model that covers the property or item at path '\(p)' of the \(update) schema"
        case .propertyAddedNotCoveredByPartiallyOpenContentModel, .itemAddedNotCoveredByPartiallyOpenContentModel:
            base = "The \(original) schema has a partially open content model that does not cover the property or item at path '\(p)' of the \(update) schema"
        case .additionalPropertiesAdded, .additionalItemsAdded, .unevaluatedPropertiesAdded, .unevaluatedItemsAdded:
            base = "The \(update) schema allows additional properties or items at path '\(p)' which the \(original) schema does not"
        case .additionalPropertiesRemoved, .additionalItemsRemoved, .unevaluatedPropertiesRemoved, .unevaluatedItemsRemoved:
            base = "The \(update) schema does not allow additional properties or items at path '\(p)' which the \(original) schema allows"
        case .additionalPropertiesExtended, .additionalItemsExtended, .unevaluatedPropertiesExtended, .unevaluatedItemsExtended:
            base = "The \(update) schema allows any additional property or item at path '\(p)' where the \(original) schema constrains them"
        case .additionalPropertiesNarrowed, .additionalItemsNarrowed, .unevaluatedPropertiesNarrowed, .unevaluatedItemsNarrowed:
            base = "The \(update) schema constrains additional properties or items at path '\(p)' which the \(original) schema allows with any value"
        case .reservedPropertyRemoved, .reservedPropertyConflictsWithProperty:
            base = "A reserved property at path '\(p)' differs between the \(original) and \(update) schema"
        case .comparisonLimitExceeded:
            base = "The comparison at path '\(p)' exceeded Stele's limits, so compatibility cannot be established"
        case .requiredAttributeAddedForUndefinedProperty:
            base = "The \(update) schema requires the property at path '\(p)', which neither schema defines in properties (Confluent's rules do not compare it)"
        case .patternPropertyAdded:
            base = "The pattern property at path '\(p)' in the \(update) schema is not present in the \(original) schema (Confluent's rules do not compare it)"
        case .patternPropertyRemoved:
            base = "The pattern property at path '\(p)' in the \(original) schema is not present in the \(update) schema (Confluent's rules do not compare it)"
        case .patternPropertyChanged:
            base = "The pattern property at path '\(p)' differs between the \(original) and \(update) schema (Confluent's rules do not compare it)"
        }
        if withNote, let note { return base + " (\(note))" }
        return base
    }

    /// Confluent's verbose error rendering: `{errorType:"TYPE", description:"…'}` (the
    /// mismatched closing quote is Confluent's own).
    public func confluentRendering(original: String, update: String) -> String {
        "{errorType:\"\(type.rawValue)\", description:\"\(message(original: original, update: update, withNote: false))'}"
    }
}
