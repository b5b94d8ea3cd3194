#!/usr/bin/env python3
"""Authoring aid for JSON Schema compatibility fixtures (the JSON file is the authority).

Each case: an old and a new schema, the difference types Confluent's rules give for
compare(old, new) (what BACKWARD judges), whether BACKWARD holds under STRICT (and under
LENIENT where that differs), and whether FORWARD holds. Expectations come from the rules in
../shared/reference/confluent-schema-registry.md section 4, not from running Stele.
Run: python3 author_cases.py > cases.json
"""
import json

cases = []
D4 = "http://json-schema.org/draft-04/schema#"
D6 = "http://json-schema.org/draft-06/schema#"
D7 = "http://json-schema.org/draft-07/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema"
DRAFTS = {"4": D4, "6": D6, "7": D7, "2019-09": D2019, "2020-12": D2020}

# Confluent's classification (reference 4.3): C compatible, L lenient-only, else incompatible.
C = set("""ID_CHANGED DESCRIPTION_CHANGED TITLE_CHANGED DEFAULT_CHANGED SCHEMA_REMOVED TYPE_EXTENDED
MAX_LENGTH_REMOVED MAX_LENGTH_INCREASED MIN_LENGTH_REMOVED MIN_LENGTH_DECREASED PATTERN_REMOVED
MAXIMUM_REMOVED MAXIMUM_INCREASED MINIMUM_REMOVED MINIMUM_DECREASED EXCLUSIVE_MAXIMUM_REMOVED
EXCLUSIVE_MAXIMUM_INCREASED EXCLUSIVE_MINIMUM_REMOVED EXCLUSIVE_MINIMUM_DECREASED MULTIPLE_OF_REMOVED
MULTIPLE_OF_REDUCED REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED REQUIRED_ATTRIBUTE_REMOVED MAX_PROPERTIES_REMOVED
MAX_PROPERTIES_INCREASED MIN_PROPERTIES_REMOVED MIN_PROPERTIES_DECREASED ADDITIONAL_PROPERTIES_ADDED
ADDITIONAL_PROPERTIES_EXTENDED DEPENDENCY_ARRAY_REMOVED DEPENDENCY_ARRAY_NARROWED DEPENDENCY_SCHEMA_REMOVED
PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL
OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL
PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL UNEVALUATED_PROPERTIES_ADDED UNEVALUATED_PROPERTIES_EXTENDED
MAX_ITEMS_REMOVED MAX_ITEMS_INCREASED MIN_ITEMS_REMOVED MIN_ITEMS_DECREASED MAX_CONTAINS_REMOVED MAX_CONTAINS_INCREASED
MIN_CONTAINS_REMOVED MIN_CONTAINS_DECREASED UNIQUE_ITEMS_REMOVED ADDITIONAL_ITEMS_ADDED ADDITIONAL_ITEMS_EXTENDED
UNEVALUATED_ITEMS_ADDED UNEVALUATED_ITEMS_EXTENDED ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
ITEM_ADDED_TO_CLOSED_CONTENT_MODEL ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL
ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
ENUM_ARRAY_EXTENDED COMBINED_TYPE_EXTENDED PRODUCT_TYPE_NARROWED SUM_TYPE_EXTENDED NOT_TYPE_NARROWED""".split())
# Stele's own types for changes Confluent's rules do not compare: always compatible; a warning
# with a witness says when they reject documents.
C |= set("""REQUIRED_ATTRIBUTE_ADDED_FOR_UNDEFINED_PROPERTY PATTERN_PROPERTY_ADDED PATTERN_PROPERTY_REMOVED
PATTERN_PROPERTY_CHANGED""".split())
L = set("""ADDITIONAL_PROPERTIES_REMOVED ADDITIONAL_PROPERTIES_NARROWED
REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL
PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL UNEVALUATED_PROPERTIES_REMOVED
UNEVALUATED_PROPERTIES_NARROWED""".split())


def case(name, old, new, types, forward=None, draft=None, witness=True, note=None, warning=None):
    """types: the difference types of compare(old, new). forward: whether FORWARD holds
    (None: not asserted). warning: the warning Stele adds to Confluent's BACKWARD verdict with
    witnesses on: "rejects" (compatible by the rules, yet a verified document the old schema
    accepts is rejected by the new one) or "harmless" (incompatible by the rules, yet no
    document can tell the schemas apart)."""
    if draft:
        for s in (old, new):
            if isinstance(s, dict):
                s.setdefault("$schema", DRAFTS[draft])
    strict = all(t in C for t in types)
    lenient = all(t in C or t in L for t in types)
    c = {"name": name, "old": old, "new": new, "types": sorted(set(types)), "backward": strict}
    if lenient != strict:
        c["backwardLenient"] = lenient
    if forward is not None:
        c["forward"] = forward
    if not strict:
        c["witness"] = witness
    if note:
        c["note"] = note
    if warning:
        c["warning"] = warning
    cases.append(c)


def obj(props, required=None, **extra):
    o = {"type": "object", "properties": props}
    if required:
        o["required"] = required
    o.update(extra)
    return o


S = {"type": "string"}
I = {"type": "integer"}
N = {"type": "number"}

# 1. Identity and annotations, in every draft.
for d in DRAFTS:
    case(f"identical object, draft {d}", obj({"a": S}, ["a"]), obj({"a": S}, ["a"]), [], forward=True, draft=d)
    case(f"description and title changed, draft {d}", {"type": "string", "description": "x", "title": "t"},
         {"type": "string", "description": "y", "title": "u"}, ["DESCRIPTION_CHANGED", "TITLE_CHANGED"], forward=True, draft=d)
case("default changed", {"type": "integer", "default": 1}, {"type": "integer", "default": 2}, ["DEFAULT_CHANGED"], forward=True)
case("$id changed", {"$id": "https://example.com/a.json", "type": "string"}, {"$id": "https://example.com/b.json", "type": "string"}, ["ID_CHANGED"], forward=True)
case("draft 4 id changed", {"id": "https://example.com/a.json", "type": "string"}, {"id": "https://example.com/b.json", "type": "string"}, ["ID_CHANGED"], forward=True, draft="4")

# 2. Types.
case("integer widened to number", I, N, ["TYPE_EXTENDED"], forward=False)
case("number narrowed to integer", N, I, ["TYPE_NARROWED"], forward=True)
case("string changed to integer", S, I, ["TYPE_CHANGED"], forward=False)
case("type array gains null", {"type": "string"}, {"type": ["string", "null"]}, ["TYPE_EXTENDED"], forward=False)
case("type array loses null", {"type": ["string", "null"]}, {"type": "string"}, ["TYPE_NARROWED"], forward=True)
case("type removed", {"type": "string"}, {}, [], forward=False)
case("type added to empty schema", {}, {"type": "string"}, ["TYPE_NARROWED"], forward=True)
case("type array changed, overlapping", {"type": ["string", "integer"]}, {"type": ["string", "boolean"]}, ["TYPE_CHANGED"], forward=False)
case("boolean schema true to false", True, False, ["TYPE_CHANGED"], forward=True)
case("boolean schema false to string", False, S, [], forward=False)
case("object to array", {"type": "object"}, {"type": "array"}, ["TYPE_CHANGED"], forward=False)
case("enum of strings gains type string", {"enum": ["a", "b"]}, {"type": "string", "enum": ["a", "b"]}, [], forward=True)

# 3. String bounds.
case("maxLength added", S, {"type": "string", "maxLength": 5}, ["MAX_LENGTH_ADDED"], forward=True)
case("maxLength removed", {"type": "string", "maxLength": 5}, S, ["MAX_LENGTH_REMOVED"], forward=False)
case("maxLength increased", {"type": "string", "maxLength": 5}, {"type": "string", "maxLength": 9}, ["MAX_LENGTH_INCREASED"], forward=False)
case("maxLength decreased", {"type": "string", "maxLength": 9}, {"type": "string", "maxLength": 5}, ["MAX_LENGTH_DECREASED"], forward=True)
case("minLength added", S, {"type": "string", "minLength": 2}, ["MIN_LENGTH_ADDED"], forward=True)
case("minLength removed", {"type": "string", "minLength": 2}, S, ["MIN_LENGTH_REMOVED"], forward=False)
case("minLength increased", {"type": "string", "minLength": 2}, {"type": "string", "minLength": 4}, ["MIN_LENGTH_INCREASED"], forward=True)
case("minLength decreased", {"type": "string", "minLength": 4}, {"type": "string", "minLength": 2}, ["MIN_LENGTH_DECREASED"], forward=False)
case("pattern added", S, {"type": "string", "pattern": "^[a-z]+$"}, ["PATTERN_ADDED"], forward=True)
case("pattern removed", {"type": "string", "pattern": "^[a-z]+$"}, S, ["PATTERN_REMOVED"], forward=False)
case("pattern changed", {"type": "string", "pattern": "^[a-z]+$"}, {"type": "string", "pattern": "^[0-9]+$"}, ["PATTERN_CHANGED"], forward=False)
case("string bounds ignored for integers", {"type": "integer", "maxLength": 3}, {"type": "integer", "maxLength": 1}, [], forward=True)

# 4. Numeric bounds.
for kw, up_ok in (("maximum", True), ("exclusiveMaximum", True), ("minimum", False), ("exclusiveMinimum", False)):
    K = {"maximum": "MAXIMUM", "exclusiveMaximum": "EXCLUSIVE_MAXIMUM", "minimum": "MINIMUM", "exclusiveMinimum": "EXCLUSIVE_MINIMUM"}[kw]
    case(f"{kw} added", N, {"type": "number", kw: 10}, [f"{K}_ADDED"], forward=True)
    case(f"{kw} removed", {"type": "number", kw: 10}, N, [f"{K}_REMOVED"], forward=False)
    case(f"{kw} increased", {"type": "number", kw: 10}, {"type": "number", kw: 20}, [f"{K}_INCREASED"], forward=not up_ok)
    case(f"{kw} decreased", {"type": "number", kw: 20}, {"type": "number", kw: 10}, [f"{K}_DECREASED"], forward=up_ok)
case("maximum increased by a fraction", {"type": "number", "maximum": 1.5}, {"type": "number", "maximum": 1.75}, ["MAXIMUM_INCREASED"], forward=False)
case("minimum equal as 1 and 1.0", {"type": "number", "minimum": 1}, {"type": "number", "minimum": 1.0}, [], forward=True)
case("draft 4 exclusiveMaximum boolean added", {"type": "number", "maximum": 10}, {"type": "number", "maximum": 10, "exclusiveMaximum": True},
     ["EXCLUSIVE_MAXIMUM_ADDED"], forward=True, draft="4")
case("draft 4 exclusiveMinimum boolean removed", {"type": "number", "minimum": 0, "exclusiveMinimum": True}, {"type": "number", "minimum": 0},
     ["EXCLUSIVE_MINIMUM_REMOVED"], forward=False, draft="4")
case("multipleOf added", I, {"type": "integer", "multipleOf": 2}, ["MULTIPLE_OF_ADDED"], forward=True)
case("multipleOf removed", {"type": "integer", "multipleOf": 2}, I, ["MULTIPLE_OF_REMOVED"], forward=False)
case("multipleOf expanded 2 to 4", {"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 4}, ["MULTIPLE_OF_EXPANDED"], forward=True)
case("multipleOf reduced 4 to 2", {"type": "integer", "multipleOf": 4}, {"type": "integer", "multipleOf": 2}, ["MULTIPLE_OF_REDUCED"], forward=False)
case("multipleOf changed 2 to 3", {"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}, ["MULTIPLE_OF_CHANGED"], forward=False)
case("multipleOf decimals reduced 0.02 to 0.01", {"type": "number", "multipleOf": 0.02}, {"type": "number", "multipleOf": 0.01}, ["MULTIPLE_OF_REDUCED"], forward=False)

# 5. Objects: counts, required.
case("maxProperties added", {"type": "object"}, {"type": "object", "maxProperties": 2}, ["MAX_PROPERTIES_ADDED"], forward=True)
case("maxProperties removed", {"type": "object", "maxProperties": 2}, {"type": "object"}, ["MAX_PROPERTIES_REMOVED"], forward=False)
case("maxProperties increased", {"type": "object", "maxProperties": 2}, {"type": "object", "maxProperties": 3}, ["MAX_PROPERTIES_INCREASED"], forward=False)
case("maxProperties decreased", {"type": "object", "maxProperties": 3}, {"type": "object", "maxProperties": 2}, ["MAX_PROPERTIES_DECREASED"], forward=True)
case("minProperties added", {"type": "object"}, {"type": "object", "minProperties": 1}, ["MIN_PROPERTIES_ADDED"], forward=True)
case("minProperties removed", {"type": "object", "minProperties": 1}, {"type": "object"}, ["MIN_PROPERTIES_REMOVED"], forward=False)
case("minProperties increased", {"type": "object", "minProperties": 1}, {"type": "object", "minProperties": 2}, ["MIN_PROPERTIES_INCREASED"], forward=True)
case("minProperties decreased", {"type": "object", "minProperties": 2}, {"type": "object", "minProperties": 1}, ["MIN_PROPERTIES_DECREASED"], forward=False)
case("required attribute added", obj({"a": S, "b": S}, ["a"]), obj({"a": S, "b": S}, ["a", "b"]), ["REQUIRED_ATTRIBUTE_ADDED"], forward=True)
case("required attribute with default added", obj({"a": S, "b": {"type": "string", "default": "x"}}, ["a"]),
     obj({"a": S, "b": {"type": "string", "default": "x"}}, ["a", "b"]), ["REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"], forward=True,
     warning="rejects", note="no validator applies the default: a document without b is rejected")
case("required attribute removed", obj({"a": S, "b": S}, ["a", "b"]), obj({"a": S, "b": S}, ["a"]), ["REQUIRED_ATTRIBUTE_REMOVED"], forward=False)

# 6. Properties and the content models (the most asked question: reference 4.4).
OPEN = obj({"a": S})
CLOSED = obj({"a": S}, additionalProperties=False)
case("optional property added to open model", OPEN, obj({"a": S, "b": I}), ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True)
case("required property added to open model", OPEN, obj({"a": S, "b": I}, ["b"]), ["REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True)
case("required property with default added to open model", OPEN, obj({"a": S, "b": {"type": "integer", "default": 0}}, ["b"]),
     ["REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True)
case("property with empty schema added to open model", OPEN, obj({"a": S, "b": {}}), ["PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True)
case("property with annotation-only schema added to open model", OPEN, obj({"a": S, "b": {"description": "anything"}}),
     ["PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True)
case("optional property added to closed model", CLOSED, obj({"a": S, "b": I}, additionalProperties=False),
     ["OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=False)
case("required property added to closed model", CLOSED, obj({"a": S, "b": I}, ["b"], additionalProperties=False),
     ["REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=False)
case("required property with default added to closed model", CLOSED, obj({"a": S, "b": {"type": "integer", "default": 0}}, ["b"], additionalProperties=False),
     ["REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=False, warning="rejects")
case("property removed from open model", obj({"a": S, "b": I}), OPEN, ["PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"], forward=False)
case("property removed from closed model", obj({"a": S, "b": I}, additionalProperties=False), CLOSED,
     ["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"], forward=True)
case("property with false removed from closed model", obj({"a": S, "b": False}, additionalProperties=False), CLOSED,
     ["PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"], forward=True)
case("open model closed", OPEN, CLOSED, ["ADDITIONAL_PROPERTIES_REMOVED"], forward=True)
case("closed model opened", CLOSED, OPEN, ["ADDITIONAL_PROPERTIES_ADDED"], forward=False)
case("closed model opened and a property added", CLOSED, obj({"a": S, "b": I}), ["ADDITIONAL_PROPERTIES_ADDED", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=False)
case("open model with additionalProperties true is open", obj({"a": S}, additionalProperties=True), obj({"a": S, "b": I}, additionalProperties=True),
     ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True)
PARTIAL = obj({"a": S}, additionalProperties={"type": "string"})
case("property added covered by partially open model", PARTIAL, obj({"a": S, "b": {"type": "string", "maxLength": 3}}, additionalProperties={"type": "string"}),
     ["PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=True,
     note="compare(additional schema, new property) has only MAX_LENGTH_ADDED, which is incompatible... see next case")
cases[-1]["types"] = sorted(["PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "MAX_LENGTH_ADDED", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"])
cases[-1]["backward"] = False
cases[-1]["witness"] = True
cases[-1]["name"] = "property added that narrows the partially open model's schema"
cases[-1]["note"] = "the new property accepts fewer strings than additionalProperties did: not covered"
case("property added covered by partially open model", PARTIAL, obj({"a": S, "b": S}, additionalProperties={"type": "string"}),
     ["PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=True)
case("property added not covered by partially open model", PARTIAL, obj({"a": S, "b": I}, additionalProperties={"type": "string"}),
     ["PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "TYPE_CHANGED", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=False)
case("property removed covered by partially open model", obj({"a": S, "b": {"type": "string", "maxLength": 3}}, additionalProperties={"type": "string"}), PARTIAL,
     ["PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "MAX_LENGTH_REMOVED"], forward=False)
case("property removed not covered by partially open model", obj({"a": S, "b": I}, additionalProperties={"type": "string"}), PARTIAL,
     ["PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "TYPE_CHANGED"], forward=False)
PATTERN = obj({"a": S}, patternProperties={"^x_": {"type": "integer"}})
case("property added covered by patternProperties", PATTERN, obj({"a": S, "x_n": I}, patternProperties={"^x_": {"type": "integer"}}),
     ["PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=True)
case("property added not covered by patternProperties", PATTERN, obj({"a": S, "x_n": S}, patternProperties={"^x_": {"type": "integer"}}),
     ["PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "TYPE_CHANGED", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=False)
case("property added to a model with patternProperties whose pattern does not match", PATTERN,
     obj({"a": S, "b": S}, patternProperties={"^x_": {"type": "integer"}}), ["OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=None,
     note="patternProperties makes the model partially open; an unmatched, additional-less name is judged as for an unopen model")
case("additionalProperties narrowed", OPEN, obj({"a": S}, additionalProperties={"type": "string"}), ["ADDITIONAL_PROPERTIES_NARROWED"], forward=True)
case("additionalProperties extended", PARTIAL, OPEN, ["ADDITIONAL_PROPERTIES_EXTENDED"], forward=False)
case("additionalProperties schema narrowed inside", obj({}, additionalProperties={"type": "string"}), obj({}, additionalProperties={"type": "string", "maxLength": 2}),
     ["MAX_LENGTH_ADDED"], forward=True)
case("patternProperties added to an open model", OPEN, obj({"a": S}, patternProperties={"^x_": {"type": "integer"}}), ["PATTERN_PROPERTY_ADDED"], forward=True,
     warning="rejects", note="Confluent does not compare patternProperties; an old document may carry x_1 with any value")
case("patternProperties removed from an open model", PATTERN, OPEN, ["PATTERN_PROPERTY_REMOVED"], forward=True)
case("propertyNames added", {"type": "object"}, {"type": "object", "propertyNames": {"maxLength": 3}}, ["SCHEMA_ADDED"], forward=True)
case("propertyNames removed", {"type": "object", "propertyNames": {"maxLength": 3}}, {"type": "object"}, ["SCHEMA_REMOVED"], forward=False)
case("propertyNames tightened", {"type": "object", "propertyNames": {"maxLength": 5}}, {"type": "object", "propertyNames": {"maxLength": 3}},
     ["MAX_LENGTH_DECREASED"], forward=True)
case("nested property type changed", obj({"a": obj({"b": S})}), obj({"a": obj({"b": I})}), ["TYPE_CHANGED"], forward=False)
case("nested property bound loosened", obj({"a": obj({"b": {"type": "string", "maxLength": 3}})}), obj({"a": obj({"b": {"type": "string", "maxLength": 5}})}),
     ["MAX_LENGTH_INCREASED"], forward=False)

# 7. Dependencies.
case("dependencies array added", {"type": "object"}, {"type": "object", "dependencies": {"a": ["b"]}}, ["DEPENDENCY_ARRAY_ADDED"], forward=True, draft="7")
case("dependencies array removed", {"type": "object", "dependencies": {"a": ["b"]}}, {"type": "object"}, ["DEPENDENCY_ARRAY_REMOVED"], forward=False, draft="7")
case("dependencies array extended", {"type": "object", "dependencies": {"a": ["b"]}}, {"type": "object", "dependencies": {"a": ["b", "c"]}},
     ["DEPENDENCY_ARRAY_EXTENDED"], forward=True, draft="7")
case("dependencies array narrowed", {"type": "object", "dependencies": {"a": ["b", "c"]}}, {"type": "object", "dependencies": {"a": ["b"]}},
     ["DEPENDENCY_ARRAY_NARROWED"], forward=False, draft="7")
case("dependencies array changed", {"type": "object", "dependencies": {"a": ["b"]}}, {"type": "object", "dependencies": {"a": ["c"]}},
     ["DEPENDENCY_ARRAY_CHANGED"], forward=False, draft="7")
case("dependentRequired added", {"type": "object"}, {"type": "object", "dependentRequired": {"a": ["b"]}}, ["DEPENDENCY_ARRAY_ADDED"], forward=True, draft="2020-12")
case("dependentRequired narrowed", {"type": "object", "dependentRequired": {"a": ["b", "c"]}}, {"type": "object", "dependentRequired": {"a": ["b"]}},
     ["DEPENDENCY_ARRAY_NARROWED"], forward=False, draft="2019-09")
case("dependencies schema added", {"type": "object"}, {"type": "object", "dependencies": {"a": {"required": ["b"]}}}, ["DEPENDENCY_SCHEMA_ADDED"], forward=True, draft="6")
case("dependencies schema removed", {"type": "object", "dependencies": {"a": {"required": ["b"]}}}, {"type": "object"}, ["DEPENDENCY_SCHEMA_REMOVED"], forward=False, draft="4")
case("dependentSchemas added", {"type": "object"}, {"type": "object", "dependentSchemas": {"a": {"required": ["b"]}}}, ["DEPENDENCY_SCHEMA_ADDED"], forward=True, draft="2020-12")
case("dependentSchemas removed", {"type": "object", "dependentSchemas": {"a": {"required": ["b"]}}}, {"type": "object"}, ["DEPENDENCY_SCHEMA_REMOVED"], forward=False, draft="2019-09")
case("dependentSchemas tightened inside", {"type": "object", "dependentSchemas": {"a": {"maxProperties": 3}}},
     {"type": "object", "dependentSchemas": {"a": {"maxProperties": 2}}}, ["MAX_PROPERTIES_DECREASED"], forward=True, draft="2020-12")

# 8. Unevaluated properties and items (2019-09+).
case("unevaluatedProperties false added", obj({"a": S}), obj({"a": S}, unevaluatedProperties=False), ["UNEVALUATED_PROPERTIES_REMOVED"], forward=True, draft="2020-12")
case("unevaluatedProperties false removed", obj({"a": S}, unevaluatedProperties=False), obj({"a": S}), ["UNEVALUATED_PROPERTIES_ADDED"], forward=False, draft="2020-12")
case("unevaluatedProperties schema added", obj({"a": S}), obj({"a": S}, unevaluatedProperties={"type": "integer"}), ["UNEVALUATED_PROPERTIES_NARROWED"], forward=True, draft="2019-09")
case("unevaluatedProperties schema removed", obj({"a": S}, unevaluatedProperties={"type": "integer"}), obj({"a": S}), ["UNEVALUATED_PROPERTIES_EXTENDED"], forward=False, draft="2019-09")
case("unevaluatedItems false added", {"type": "array", "prefixItems": [S]}, {"type": "array", "prefixItems": [S], "unevaluatedItems": False},
     ["UNEVALUATED_ITEMS_REMOVED"], forward=True, draft="2020-12")
case("unevaluatedItems false removed", {"type": "array", "prefixItems": [S], "unevaluatedItems": False}, {"type": "array", "prefixItems": [S]},
     ["UNEVALUATED_ITEMS_ADDED"], forward=False, draft="2020-12")
case("unevaluatedItems schema added", {"type": "array", "prefixItems": [S]}, {"type": "array", "prefixItems": [S], "unevaluatedItems": I},
     ["UNEVALUATED_ITEMS_NARROWED"], forward=True, draft="2020-12")
case("unevaluatedItems schema removed", {"type": "array", "prefixItems": [S], "unevaluatedItems": I}, {"type": "array", "prefixItems": [S]},
     ["UNEVALUATED_ITEMS_EXTENDED"], forward=False, draft="2020-12")

# 9. Arrays: counts, uniqueness, contains.
A = {"type": "array", "items": S}
for kw, K, up_ok in (("maxItems", "MAX_ITEMS", True), ("minItems", "MIN_ITEMS", False)):
    case(f"{kw} added", A, dict(A, **{kw: 2}), [f"{K}_ADDED"], forward=True)
    case(f"{kw} removed", dict(A, **{kw: 2}), A, [f"{K}_REMOVED"], forward=False)
    case(f"{kw} increased", dict(A, **{kw: 2}), dict(A, **{kw: 3}), [f"{K}_INCREASED"], forward=not up_ok)
    case(f"{kw} decreased", dict(A, **{kw: 3}), dict(A, **{kw: 2}), [f"{K}_DECREASED"], forward=up_ok)
AC = {"type": "array", "contains": I}
for kw, K, up_ok in (("maxContains", "MAX_CONTAINS", True), ("minContains", "MIN_CONTAINS", False)):
    case(f"{kw} added", AC, dict(AC, **{kw: 2}), [f"{K}_ADDED"], forward=True, draft="2020-12")
    case(f"{kw} removed", dict(AC, **{kw: 2}), AC, [f"{K}_REMOVED"], forward=False, draft="2020-12")
    case(f"{kw} increased", dict(AC, **{kw: 2}), dict(AC, **{kw: 3}), [f"{K}_INCREASED"], forward=not up_ok, draft="2019-09")
    case(f"{kw} decreased", dict(AC, **{kw: 3}), dict(AC, **{kw: 2}), [f"{K}_DECREASED"], forward=up_ok, draft="2019-09")
case("uniqueItems added", A, dict(A, uniqueItems=True), ["UNIQUE_ITEMS_ADDED"], forward=True)
case("uniqueItems removed", dict(A, uniqueItems=True), A, ["UNIQUE_ITEMS_REMOVED"], forward=False)
case("uniqueItems false is absent", dict(A, uniqueItems=False), A, [], forward=True)
case("contains added", {"type": "array"}, {"type": "array", "contains": I}, ["SCHEMA_ADDED"], forward=True)
case("contains removed", {"type": "array", "contains": I}, {"type": "array"}, ["SCHEMA_REMOVED"], forward=False)
case("items schema added", {"type": "array"}, A, ["SCHEMA_ADDED"], forward=True)
case("items schema removed", A, {"type": "array"}, ["SCHEMA_REMOVED"], forward=False)
case("items type changed", A, {"type": "array", "items": I}, ["TYPE_CHANGED"], forward=False)
case("items widened", {"type": "array", "items": I}, {"type": "array", "items": N}, ["TYPE_EXTENDED"], forward=False)

# 10. Tuples and their content models (draft 7 items/additionalItems; 2020-12 prefixItems/items).
T7 = lambda items, **extra: dict({"type": "array", "items": items}, **extra)
case("tuple item added to open model", T7([S]), T7([S, I]), ["ITEM_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True, draft="7")
case("tuple item with empty schema added to open model", T7([S]), T7([S, {}]), ["ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True, draft="7")
case("tuple item added to closed model", T7([S], additionalItems=False), T7([S, I], additionalItems=False), ["ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"], forward=False, draft="7")
case("tuple item removed from open model", T7([S, I]), T7([S]), ["ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"], forward=False, draft="7")
case("tuple item removed from closed model", T7([S, I], additionalItems=False), T7([S], additionalItems=False), ["ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"], forward=True, draft="7")
case("tuple item with false removed from closed model", T7([S, False], additionalItems=False), T7([S], additionalItems=False),
     ["ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"], forward=True, draft="7")
case("tuple item added covered by additionalItems", T7([S], additionalItems=I), T7([S, I], additionalItems=I), ["ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"], forward=True, draft="6")
case("tuple item added not covered by additionalItems", T7([S], additionalItems=I), T7([S, S], additionalItems=I),
     ["ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "TYPE_CHANGED"], forward=False, draft="6")
case("tuple item removed covered by additionalItems", T7([S, I], additionalItems=I), T7([S], additionalItems=I), ["ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"], forward=True, draft="4")
case("tuple item removed not covered by additionalItems", T7([S, S], additionalItems=I), T7([S], additionalItems=I),
     ["ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "TYPE_CHANGED"], forward=False, draft="4")
case("additionalItems false added", T7([S]), T7([S], additionalItems=False), ["ADDITIONAL_ITEMS_REMOVED"], forward=True, draft="7")
case("additionalItems false removed", T7([S], additionalItems=False), T7([S]), ["ADDITIONAL_ITEMS_ADDED"], forward=False, draft="7")
case("additionalItems schema added", T7([S]), T7([S], additionalItems=I), ["ADDITIONAL_ITEMS_NARROWED"], forward=True, draft="7")
case("additionalItems schema removed", T7([S], additionalItems=I), T7([S]), ["ADDITIONAL_ITEMS_EXTENDED"], forward=False, draft="7")
case("tuple item type changed", T7([S, I]), T7([S, S]), ["TYPE_CHANGED"], forward=False, draft="7")
P20 = lambda prefix, **extra: dict({"type": "array", "prefixItems": prefix}, **extra)
case("prefixItems item added to open model", P20([S]), P20([S, I]), ["ITEM_ADDED_TO_OPEN_CONTENT_MODEL"], forward=True, draft="2020-12")
case("prefixItems item added to closed model", P20([S], items=False), P20([S, I], items=False), ["ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"], forward=False, draft="2020-12")
case("prefixItems item removed from closed model", P20([S, I], items=False), P20([S], items=False), ["ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"], forward=True, draft="2020-12")
case("prefixItems item removed from open model", P20([S, I]), P20([S]), ["ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"], forward=False, draft="2020-12")
case("prefixItems rest closed", P20([S]), P20([S], items=False), ["ADDITIONAL_ITEMS_REMOVED"], forward=True, draft="2020-12")
case("prefixItems item added covered by items", P20([S], items=I), P20([S, I], items=I), ["ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"], forward=True, draft="2020-12")
case("all-items schema becomes a tuple with the same rest", {"type": "array", "items": I}, P20([I], items=I),
     ["ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"], forward=True, draft="2020-12")

# 11. Enum and const.
case("enum extended", {"enum": ["a", "b"]}, {"enum": ["a", "b", "c"]}, ["ENUM_ARRAY_EXTENDED"], forward=False)
case("enum narrowed", {"enum": ["a", "b", "c"]}, {"enum": ["a", "b"]}, ["ENUM_ARRAY_NARROWED"], forward=True)
case("enum changed", {"enum": ["a", "b"]}, {"enum": ["a", "c"]}, ["ENUM_ARRAY_CHANGED"], forward=False)
case("enum reordered", {"enum": ["a", "b"]}, {"enum": ["b", "a"]}, [], forward=True)
case("enum with numbers 1 and 1.0 equal", {"enum": [1, 2]}, {"enum": [1.0, 2]}, [], forward=True)
case("enum added to string", S, {"type": "string", "enum": ["a"]}, ["ENUM_ARRAY_NARROWED"], forward=True)
case("enum removed from string", {"type": "string", "enum": ["a"]}, S, ["ENUM_ARRAY_EXTENDED"], forward=False)
case("const changed", {"const": "a"}, {"const": "b"}, ["ENUM_ARRAY_CHANGED"], forward=False, draft="6")
case("const widened to enum", {"const": "a"}, {"enum": ["a", "b"]}, ["ENUM_ARRAY_EXTENDED"], forward=False, draft="2020-12")
case("enum narrowed to const", {"enum": ["a", "b"]}, {"const": "a"}, ["ENUM_ARRAY_NARROWED"], forward=True, draft="2019-09")

# 12. not.
case("not added", S, {"type": "string", "not": {"const": "x"}}, ["NOT_TYPE_EXTENDED"], forward=True)
case("not removed", {"type": "string", "not": {"const": "x"}}, S, ["NOT_TYPE_NARROWED"], forward=False)
case("not extended (forbids more)", {"not": {"enum": ["a"]}}, {"not": {"enum": ["a", "b"]}}, ["NOT_TYPE_EXTENDED"], forward=True)
case("not narrowed (forbids less)", {"not": {"enum": ["a", "b"]}}, {"not": {"enum": ["a"]}}, ["NOT_TYPE_NARROWED"], forward=False)
case("not unchanged", {"not": {"type": "null"}}, {"not": {"type": "null"}}, [], forward=True)

# 13. Combined schemas.
case("anyOf branch added", {"anyOf": [S, I]}, {"anyOf": [S, I, {"type": "boolean"}]}, ["SUM_TYPE_EXTENDED"], forward=False)
case("anyOf branch removed", {"anyOf": [S, I]}, {"anyOf": [S]}, ["SUM_TYPE_NARROWED"], forward=True)
case("oneOf branch added", {"oneOf": [S, I]}, {"oneOf": [S, I, {"type": "boolean"}]}, ["SUM_TYPE_EXTENDED"], forward=False)
case("oneOf branch removed", {"oneOf": [S, I]}, {"oneOf": [I]}, ["SUM_TYPE_NARROWED"], forward=True)
case("anyOf reordered", {"anyOf": [S, I]}, {"anyOf": [I, S]}, [], forward=True)
case("anyOf reordered with a widened branch", {"anyOf": [S, I]}, {"anyOf": [N, S]}, ["TYPE_EXTENDED"], forward=False)
case("anyOf branch replaced by an incompatible one", {"anyOf": [S, I]}, {"anyOf": [S, {"type": "boolean"}]}, ["COMBINED_TYPE_SUBSCHEMAS_CHANGED"], forward=False)
case("oneOf to anyOf", {"oneOf": [S, I]}, {"anyOf": [S, I]}, ["COMBINED_TYPE_EXTENDED"], forward=False)
case("anyOf to oneOf", {"anyOf": [S, I]}, {"oneOf": [S, I]}, ["COMBINED_TYPE_CHANGED"], forward=True, witness=False,
     note="Confluent's rule; with disjoint branches no document tells them apart, so no witness exists")
case("anyOf to oneOf with overlapping branches", {"anyOf": [N, I]}, {"oneOf": [N, I]}, ["COMBINED_TYPE_CHANGED"], forward=True)
case("allOf to anyOf", {"allOf": [S, {"maxLength": 3}]}, {"anyOf": [S, {"maxLength": 3}]}, ["COMBINED_TYPE_EXTENDED"], forward=False,
     note="anything may become anyOf (Confluent's compareCriteria); the members are then matched")
case("allOf member added", {"allOf": [S]}, {"allOf": [S, {"maxLength": 3}]}, ["PRODUCT_TYPE_EXTENDED"], forward=True)
case("allOf member removed", {"allOf": [S, {"maxLength": 3}]}, {"allOf": [S]}, ["PRODUCT_TYPE_NARROWED"], forward=False)
case("plain schema to anyOf containing it", S, {"anyOf": [S, {"type": "null"}]}, ["SUM_TYPE_EXTENDED"], forward=False)
case("plain schema to oneOf containing a wider branch", I, {"oneOf": [{"type": "null"}, N]}, ["SUM_TYPE_EXTENDED", "TYPE_EXTENDED"], forward=False)
case("plain schema to anyOf without it", S, {"anyOf": [I, {"type": "null"}]}, ["TYPE_CHANGED"], forward=False)
case("allOf to one member", {"allOf": [S, {"maxLength": 3}]}, S, ["PRODUCT_TYPE_NARROWED"], forward=False)
case("anyOf to a plain schema accepting every branch", {"anyOf": [I, N]}, N, ["TYPE_EXTENDED"], forward=True)
case("anyOf to a plain schema missing a branch", {"anyOf": [S, I]}, S, ["TYPE_CHANGED"], forward=True)
case("anyOf with duplicate branches collapsed", {"anyOf": [S, S, I]}, {"anyOf": [S, I]}, [], forward=True)
case("anyOf added beside type", obj({"a": S}), dict(obj({"a": S}), anyOf=[{"required": ["a"]}, {"required": ["b"]}]), ["COMBINED_TYPE_CHANGED"], forward=True)
case("anyOf removed beside type", dict(obj({"a": S}), anyOf=[{"required": ["a"]}, {"required": ["b"]}]), obj({"a": S}), ["SCHEMA_REMOVED"], forward=False)
case("allOf added beside type that the old schema implies", obj({"a": S}, ["a"]), dict(obj({"a": S}, ["a"]), allOf=[{"required": ["a"]}]), [], forward=True)
case("allOf added beside type that tightens", obj({"a": S}), dict(obj({"a": S}), allOf=[{"required": ["a"]}]), ["PRODUCT_TYPE_EXTENDED", "REQUIRED_ATTRIBUTE_ADDED_FOR_UNDEFINED_PROPERTY"], forward=True)
case("nested change inside a matched anyOf branch", {"anyOf": [obj({"a": S}, additionalProperties=False), I]},
     {"anyOf": [I, obj({"a": S, "b": S}, additionalProperties=False)]}, ["OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"], forward=False)
case("if/then added", obj({"a": S}), dict(obj({"a": S}), **{"if": {"required": ["a"]}, "then": {"required": ["b"]}}), ["SCHEMA_ADDED"], forward=True, draft="7")
case("if/then removed", dict(obj({"a": S}), **{"if": {"required": ["a"]}, "then": {"required": ["b"]}}), obj({"a": S}), ["SCHEMA_REMOVED"], forward=False, draft="7")
case("then tightened", {"if": {"required": ["a"]}, "then": {"maxProperties": 3}}, {"if": {"required": ["a"]}, "then": {"maxProperties": 2}},
     ["MAX_PROPERTIES_DECREASED"], forward=True, draft="7")
case("if condition changed", {"if": {"required": ["a"]}, "then": {"maxProperties": 3}}, {"if": {"required": ["b"]}, "then": {"maxProperties": 3}},
     ["COMBINED_TYPE_CHANGED"], forward=False, draft="2020-12")

# 14. References and recursion.
DEFS7 = lambda root, defs: dict(root, definitions=defs)
case("$ref target tightened", DEFS7(obj({"a": {"$ref": "#/definitions/n"}}), {"n": {"type": "string"}}),
     DEFS7(obj({"a": {"$ref": "#/definitions/n"}}), {"n": {"type": "string", "maxLength": 3}}), ["MAX_LENGTH_ADDED"], forward=True, draft="7")
case("$ref replaced by the inline schema", DEFS7(obj({"a": {"$ref": "#/definitions/n"}}), {"n": S}), obj({"a": S}), [], forward=True, draft="7")
case("inline schema moved into $defs", obj({"a": S}), dict(obj({"a": {"$ref": "#/$defs/n"}}), **{"$defs": {"n": S}}), [], forward=True, draft="2020-12")
case("anchor reference loosened", dict(obj({"a": {"$ref": "#num"}}), **{"$defs": {"n": {"$anchor": "num", "type": "integer"}}}),
     dict(obj({"a": {"$ref": "#num"}}), **{"$defs": {"n": {"$anchor": "num", "type": "number"}}}), ["TYPE_EXTENDED"], forward=False, draft="2019-09")
case("$id-relative reference", {"$id": "https://example.com/root.json", "type": "object", "properties": {"a": {"$ref": "item.json"}},
                                 "$defs": {"i": {"$id": "item.json", "type": "string"}}},
     {"$id": "https://example.com/root.json", "type": "object", "properties": {"a": {"$ref": "item.json"}},
      "$defs": {"i": {"$id": "item.json", "type": "string", "minLength": 1}}}, ["MIN_LENGTH_ADDED"], forward=True, draft="2020-12")
TREE = lambda leaf: {"$ref": "#/definitions/node", "definitions": {"node": {"type": "object", "properties": {"value": leaf, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}}}
case("recursive tree unchanged", TREE(I), TREE(I), [], forward=True, draft="7")
case("recursive tree leaf widened", TREE(I), TREE(N), ["TYPE_EXTENDED"], forward=False, draft="7")
case("recursive tree leaf narrowed", TREE(N), TREE(I), ["TYPE_NARROWED"], forward=True, draft="7")
LIST = lambda extra: {"type": "object", "properties": {"head": I, "tail": {"$ref": "#"}}, **extra}
case("self-recursive list closed", LIST({}), LIST({"additionalProperties": False}), ["ADDITIONAL_PROPERTIES_REMOVED"], forward=True)
case("mutually recursive definitions", {"$ref": "#/definitions/a", "definitions": {"a": {"type": "object", "properties": {"b": {"$ref": "#/definitions/b"}}},
                                                                                  "b": {"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}, "n": S}}}},
     {"$ref": "#/definitions/a", "definitions": {"a": {"type": "object", "properties": {"b": {"$ref": "#/definitions/b"}}},
                                                 "b": {"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}, "n": I}}}},
     ["TYPE_CHANGED"], forward=False, draft="7")
case("2020-12 $ref beside a keyword", dict(obj({"a": {"$ref": "#/$defs/s", "maxLength": 5}}), **{"$defs": {"s": S}}),
     dict(obj({"a": {"$ref": "#/$defs/s", "maxLength": 3}}), **{"$defs": {"s": S}}), ["MAX_LENGTH_DECREASED"], forward=True, draft="2020-12")
case("draft 7 ignores keywords beside $ref", DEFS7(obj({"a": {"$ref": "#/definitions/s", "maxLength": 5}}), {"s": S}),
     DEFS7(obj({"a": {"$ref": "#/definitions/s", "maxLength": 3}}), {"s": S}), [], forward=True, draft="7")

# 15. Realistic evolutions.
ORDER = {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "amount": {"type": "number", "minimum": 0},
                                          "currency": {"enum": ["EUR", "USD"]}, "lines": {"type": "array", "items": obj({"sku": S, "qty": I}, ["sku", "qty"]), "minItems": 1}},
         "required": ["id", "amount"]}
def with_(base, path, value):
    import copy
    c = copy.deepcopy(base)
    t = c
    for k in path[:-1]:
        t = t[k]
    if value is None:
        del t[path[-1]]
    else:
        t[path[-1]] = value
    return c
case("order: currency gains GBP", ORDER, with_(ORDER, ["properties", "currency", "enum"], ["EUR", "USD", "GBP"]), ["ENUM_ARRAY_EXTENDED"], forward=False, draft="2020-12")
case("order: line qty becomes number", ORDER, with_(ORDER, ["properties", "lines", "items", "properties", "qty"], N), ["TYPE_EXTENDED"], forward=False, draft="2020-12")
case("order: minItems dropped", ORDER, with_(ORDER, ["properties", "lines", "minItems"], None), ["MIN_ITEMS_REMOVED"], forward=False, draft="2020-12")
case("order: amount must be positive", ORDER, with_(ORDER, ["properties", "amount", "exclusiveMinimum"], 0), ["EXCLUSIVE_MINIMUM_ADDED"], forward=True, draft="2020-12")
case("order: description only", ORDER, with_(ORDER, ["description"], "An order"), ["DESCRIPTION_CHANGED"], forward=True, draft="2020-12")
case("order: currency required", ORDER, with_(ORDER, ["required"], ["id", "amount", "currency"]), ["REQUIRED_ATTRIBUTE_ADDED"], forward=True, draft="2020-12")

# 14. Where Confluent's rules and a reading of the documents part (issue 15): Confluent's
# verdict is kept; with witnesses on, Stele adds a warning with a verified document, or says
# no document can tell the two apart.
# Combined keywords changed (compareCriteria): anything may become anyOf; a single-member
# allOf/anyOf may become oneOf; a single-member anyOf/oneOf may become a single-member allOf.
case("single allOf to anyOf", {"allOf": [S]}, {"anyOf": [S]}, ["COMBINED_TYPE_EXTENDED"], forward=True)
case("single allOf to oneOf with a branch added", {"allOf": [S]}, {"oneOf": [N, S]}, ["COMBINED_TYPE_EXTENDED", "SUM_TYPE_EXTENDED"], forward=False)
case("single anyOf to oneOf with a branch added", {"anyOf": [S]}, {"oneOf": [N, S]}, ["COMBINED_TYPE_EXTENDED", "SUM_TYPE_EXTENDED"], forward=False)
case("single oneOf to single allOf", {"oneOf": [S]}, {"allOf": [S]}, ["COMBINED_TYPE_EXTENDED"], forward=True)
case("single anyOf to allOf of two", {"anyOf": [S]}, {"allOf": [S, {"maxLength": 3}]}, ["COMBINED_TYPE_CHANGED"], forward=False)
case("allOf of two to oneOf", {"allOf": [S, {"maxLength": 3}]}, {"oneOf": [S, {"maxLength": 3}]}, ["COMBINED_TYPE_CHANGED"], forward=False,
     note="a short string matches both members, which oneOf rejects")
case("single allOf to oneOf with an overlapping branch", {"allOf": [I]}, {"oneOf": [N, I]}, ["COMBINED_TYPE_EXTENDED", "SUM_TYPE_EXTENDED"],
     forward=False, warning="rejects", note="an integer matches both branches, so oneOf rejects it")
case("plain schema to oneOf with an overlapping branch", I, {"oneOf": [N, {"type": "null"}, I]}, ["SUM_TYPE_EXTENDED", "TYPE_EXTENDED"],
     forward=False, warning="rejects")
# required compared only for properties both schemas define (compareRequired).
case("required name changed to an undefined one", obj({"foo": S}, ["foo"]), obj({"foo": S}, ["bar"]),
     ["REQUIRED_ATTRIBUTE_REMOVED", "REQUIRED_ATTRIBUTE_ADDED_FOR_UNDEFINED_PROPERTY"], forward=False, warning="rejects")
case("required name added without properties", {"type": "object", "required": ["a"]}, {"type": "object", "required": ["a", "b"]},
     ["REQUIRED_ATTRIBUTE_ADDED_FOR_UNDEFINED_PROPERTY"], forward=True, warning="rejects")
case("required name removed without properties", {"type": "object", "required": ["a", "b"]}, {"type": "object", "required": ["a"]}, [], forward=True)
# Partially open models: the property or item removed is covered by what the update allows.
case("property removed from a closed model, covered by patternProperties", obj({"a": S, "x_n": I}, additionalProperties=False),
     obj({"a": S}, additionalProperties=False, patternProperties={"^x_": N}),
     ["TYPE_EXTENDED", "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "PATTERN_PROPERTY_ADDED"], forward=False)
case("property removed from a closed model, not covered by patternProperties", obj({"a": S, "x_n": N}, additionalProperties=False),
     obj({"a": S}, additionalProperties=False, patternProperties={"^x_": I}),
     ["TYPE_NARROWED", "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "PATTERN_PROPERTY_ADDED"], forward=True,
     note="FORWARD by the rules: the pattern removed is not compared (x_m valid under the new schema is refused by the old one)")
case("patternProperties schema changed", obj({}, patternProperties={"^x_": I}), obj({}, patternProperties={"^x_": S}), ["PATTERN_PROPERTY_CHANGED"],
     forward=True, warning="rejects")
case("property removed from unevaluatedProperties false, covered by its schema", obj({"a": S, "b": I}, unevaluatedProperties=False),
     obj({"a": S}, unevaluatedProperties=N), ["TYPE_EXTENDED", "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "UNEVALUATED_PROPERTIES_ADDED"],
     forward=False, draft="2019-09")
case("tuple item removed from a closed model, covered by additionalItems", T7([S, I], additionalItems=False), T7([S], additionalItems=N),
     ["TYPE_EXTENDED", "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "ADDITIONAL_ITEMS_ADDED"], forward=False, draft="7")
case("tuple item added to unevaluatedItems false", T7([S], unevaluatedItems=False), T7([S, I]),
     ["ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "UNEVALUATED_ITEMS_ADDED"], forward=False, draft="2019-09")
case("tuple item removed from unevaluatedItems false, covered by its schema", T7([S, I], unevaluatedItems=False), T7([S], unevaluatedItems=N),
     ["TYPE_EXTENDED", "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "UNEVALUATED_ITEMS_ADDED"], forward=False, draft="2019-09")
# additionalItems compared by keyword even where no tuple makes it apply (compareAdditionalItems).
case("additionalItems false added without a tuple", {"type": "array", "items": S}, {"type": "array", "items": S, "additionalItems": False},
     ["ADDITIONAL_ITEMS_REMOVED"], forward=True, draft="7", witness=False, warning="harmless")
case("additionalItems true to false without items", {"type": "array", "additionalItems": True}, {"type": "array", "additionalItems": False},
     ["ADDITIONAL_ITEMS_REMOVED"], forward=True, draft="7", witness=False, warning="harmless")
case("additionalItems schema changed without a tuple", {"type": "array", "additionalItems": S}, {"type": "array", "additionalItems": I},
     ["TYPE_CHANGED"], forward=False, draft="6", witness=False, warning="harmless")
case("additionalItems schema added without a tuple", {"type": "array"}, {"type": "array", "additionalItems": I},
     ["ADDITIONAL_ITEMS_NARROWED"], forward=True, draft="4", witness=False, warning="harmless")

print(json.dumps(cases, indent=1, sort_keys=False))
