#!/usr/bin/env python3
"""Authoring aid for reader/writer compatibility fixtures (the JSON file is the authority).

Each case: name, reader, writer, expected incompatibilities as (TYPE, Java location, Avro message),
and a note where the specification and Avro Java >= 1.9 differ (we follow Java, as Confluent does).
Run: python3 author_cases.py > reader_writer_cases.json
"""
import json

P = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
PROMO = {("int", "long"), ("int", "float"), ("int", "double"), ("long", "float"), ("long", "double"),
         ("float", "double"), ("string", "bytes"), ("bytes", "string")}  # (writer, reader)
cases = []

def case(name, reader, writer, *inc, note=None):
    c = {"name": name, "reader": reader, "writer": writer, "compatible": len(inc) == 0,
         "incompatibilities": [{"type": t, "location": l, "message": m} for (t, l, m) in inc]}
    if note:
        c["note"] = note
    cases.append(c)

def rec(name, fields, **extra):
    r = {"type": "record", "name": name, "fields": fields}
    r.update(extra)
    return r

def f(name, type_, **extra):
    d = {"name": name, "type": type_}
    d.update(extra)
    return d

def tm(r, w, loc="/"):
    return ("TYPE_MISMATCH", loc, f"reader type: {r} not compatible with writer type: {w}")

# 1. Primitive matrix: same type or a promotion of the specification.
for w in P:
    for r in P:
        if r == w or (w, r) in PROMO:
            case(f"primitive {w} read as {r}", r, w)
        else:
            case(f"primitive {w} read as {r}", r, w, tm(r.upper(), w.upper()))

# 2. Records and fields.
base = rec("Ride", [f("id", "long"), f("fare", "double")], namespace="nyc.taxi")
case("record identical", base, base)
case("record reader adds a field with a default", rec("Ride", [f("id", "long"), f("fare", "double"), f("tip", "double", default=0.0)], namespace="nyc.taxi"), base)
case("record reader adds a field without a default", rec("Ride", [f("id", "long"), f("fare", "double"), f("tip", "double")], namespace="nyc.taxi"), base,
     ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2", "tip"))
case("record reader drops a writer field", rec("Ride", [f("id", "long")], namespace="nyc.taxi"), base)
case("record reader reorders fields", rec("Ride", [f("fare", "double"), f("id", "long")], namespace="nyc.taxi"), base)
case("record field renamed with an alias", rec("Ride", [f("ride_id", "long", aliases=["id"]), f("fare", "double")], namespace="nyc.taxi"), base)
case("record field renamed without an alias", rec("Ride", [f("ride_id", "long"), f("fare", "double")], namespace="nyc.taxi"), base,
     ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0", "ride_id"))
case("record field renamed with a default instead of an alias", rec("Ride", [f("ride_id", "long", default=0), f("fare", "double")], namespace="nyc.taxi"), base)
case("record field promoted int to long", rec("R", [f("a", "long")]), rec("R", [f("a", "int")]))
case("record field narrowed long to int", rec("R", [f("a", "int")]), rec("R", [f("a", "long")]), tm("INT", "LONG", "/fields/0/type"))
case("record field string to bytes", rec("R", [f("a", "bytes")]), rec("R", [f("a", "string")]))
case("record field doc, order and custom property changes", rec("R", [f("a", "int", doc="new", order="descending", x=1)], doc="d"), rec("R", [f("a", "int", doc="old")]))
case("record two fields break at once", rec("R", [f("a", "int"), f("b", "string"), f("c", "int")]), rec("R", [f("a", "long"), f("b", "string")]),
     tm("INT", "LONG", "/fields/0/type"), ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2", "c"))
case("record empty reader reads anything", rec("R", []), rec("R", [f("a", "int"), f("b", "string")]))
case("record reader field null default on a union", rec("R", [f("a", "int"), f("b", ["null", "string"], default=None)]), rec("R", [f("a", "int")]))
case("record renamed", rec("NewName", [f("a", "int")]), rec("OldName", [f("a", "int")]), ("NAME_MISMATCH", "/name", "expected: OldName"))
case("record renamed with an alias", rec("NewName", [f("a", "int")], aliases=["OldName"]), rec("OldName", [f("a", "int")]))
case("record renamed, alias names another namespace", rec("NewName", [f("a", "int")], namespace="n", aliases=["Old"]), rec("Old", [f("a", "int")], namespace="m"),
     ("NAME_MISMATCH", "/name", "expected: m.Old"), note="A reader alias must equal the writer's full name; 'Old' resolves to n.Old.")
case("record renamed, fully qualified alias", rec("NewName", [f("a", "int")], namespace="n", aliases=["m.Old"]), rec("Old", [f("a", "int")], namespace="m"))
case("record namespace changed", rec("R", [f("a", "int")], namespace="new.ns"), rec("R", [f("a", "int")], namespace="old.ns"),
     note="Java >= 1.9.1 (AVRO-2400) compares unqualified names: a namespace change alone is compatible.")
case("record namespace removed", rec("R", [f("a", "int")]), rec("R", [f("a", "int")], namespace="old.ns"), note="Unqualified names compared (Java >= 1.9.1).")
case("record error type read as record", rec("E", [f("m", "string")]), {"type": "error", "name": "E", "fields": [f("m", "string")]},
     note="error and record are one Java type (RECORD).")
case("record field alias matches two writer fields", rec("R", [f("a", "int", aliases=["b"])]), rec("R", [f("a", "int"), f("b", "int")]),
     ("AMBIGUOUS_FIELD_ALIAS", "/fields/0", "reader field a matches writer fields a, b"),
     note="Java throws AvroRuntimeException here (Confluent: unexpected exception); Stele reports it as an incompatibility.")
case("record field alias matching nothing is harmless", rec("R", [f("a", "int", aliases=["zz"])]), rec("R", [f("a", "int")]))
case("nested record field missing a default", rec("Outer", [f("inner", rec("Inner", [f("x", "int"), f("y", "int")]))]), rec("Outer", [f("inner", rec("Inner", [f("x", "int")]))]),
     ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0/type/fields/1", "y"))
case("nested record type change", rec("Outer", [f("inner", rec("Inner", [f("x", "string")]))]), rec("Outer", [f("inner", rec("Inner", [f("x", "int")]))]),
     tm("STRING", "INT", "/fields/0/type/fields/0/type"))
case("record read as map", {"type": "map", "values": "int"}, rec("R", [f("a", "int")]), tm("MAP", "RECORD"))
case("record field of enum with enum default missing in writer", rec("R", [f("a", "int"), f("e", {"type": "enum", "name": "E", "symbols": ["X", "Y"], "default": "X"})]), rec("R", [f("a", "int")]),
     tm("ENUM", "RECORD", "/fields/1/type"),
     note="Java checks the reader enum against the writer record when the field has no default: a TYPE_MISMATCH (not READER_FIELD_MISSING_DEFAULT_VALUE).")
case("record field of enum with field default missing in writer", rec("R", [f("a", "int"), f("e", {"type": "enum", "name": "E", "symbols": ["X", "Y"]}, default="X")]), rec("R", [f("a", "int")]))
case("record defaults are not type-checked by compatibility", rec("R", [f("a", "int"), f("b", "int", default=1)]), rec("R", [f("a", "int")]))

# 3. Enums.
E = lambda syms, name="Suit", **x: dict({"type": "enum", "name": name, "symbols": syms}, **x)
case("enum identical", E(["A", "B"]), E(["A", "B"]))
case("enum reader adds a symbol", E(["A", "B", "C"]), E(["A", "B"]))
case("enum reader lacks a symbol", E(["A", "B"]), E(["A", "B", "C"]), ("MISSING_ENUM_SYMBOLS", "/symbols", "[C]"))
case("enum reader lacks two symbols (sorted)", E(["B"]), E(["D", "B", "C"]), ("MISSING_ENUM_SYMBOLS", "/symbols", "[C, D]"))
case("enum reader lacks a symbol but has a default", E(["A", "B", "UNKNOWN"], default="UNKNOWN"), E(["A", "B", "C"]), note="Avro >= 1.9 enum defaults.")
case("enum writer has a default, reader lacks a symbol", E(["A", "B"]), E(["A", "B", "C"], default="A"), ("MISSING_ENUM_SYMBOLS", "/symbols", "[C]"),
     note="Only the reader's default matters.")
case("enum symbols reordered", E(["B", "A"]), E(["A", "B"]))
case("enum renamed", E(["A"], name="Colour"), E(["A"], name="Color"), ("NAME_MISMATCH", "/name", "expected: Color"))
case("enum renamed with alias", E(["A"], name="Colour", aliases=["Color"]), E(["A"], name="Color"))
case("enum renamed and lacking a symbol", E(["A"], name="Colour"), E(["A", "B"], name="Color"), ("NAME_MISMATCH", "/name", "expected: Color"), ("MISSING_ENUM_SYMBOLS", "/symbols", "[B]"))
case("enum namespace changed", E(["A"], namespace="x"), E(["A"], namespace="y"), note="Unqualified names compared (Java >= 1.9.1).")
case("enum in a record field lacks a symbol", rec("R", [f("s", E(["A"]))]), rec("R", [f("s", E(["A", "B"]))]), ("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols", "[B]"))
case("enum read as string", "string", E(["A"]), tm("STRING", "ENUM"), note="The spec resolves only enum to enum; string readers do not accept enums.")
case("string read as enum", E(["A"]), "string", tm("ENUM", "STRING"))

# 4. Fixed.
F = lambda size, name="Hash", **x: dict({"type": "fixed", "name": name, "size": size}, **x)
case("fixed identical", F(16), F(16))
case("fixed size changed", F(8), F(16), ("FIXED_SIZE_MISMATCH", "/size", "expected: 16, found: 8"))
case("fixed renamed", F(16, "Digest"), F(16, "Hash"), ("NAME_MISMATCH", "/name", "expected: Hash"))
case("fixed renamed and resized", F(8, "Digest"), F(16, "Hash"), ("NAME_MISMATCH", "/name", "expected: Hash"), ("FIXED_SIZE_MISMATCH", "/size", "expected: 16, found: 8"))
case("fixed renamed with an alias", F(16, "Digest", aliases=["Hash"]), F(16, "Hash"))
case("fixed read as bytes", "bytes", F(16), tm("BYTES", "FIXED"))
case("bytes read as fixed", F(16), "bytes", tm("FIXED", "BYTES"))
case("fixed logical type changed", F(16, logicalType="uuid"), F(16, logicalType="decimal", precision=20), note="Logical types are not considered by any Java checker.")

# 5. Arrays and maps.
A = lambda items: {"type": "array", "items": items}
M = lambda values: {"type": "map", "values": values}
case("array identical", A("int"), A("int"))
case("array items promoted", A("double"), A("int"))
case("array items narrowed", A("int"), A("double"), tm("INT", "DOUBLE", "/items"))
case("array of records reader adds a required field", A(rec("I", [f("a", "int"), f("b", "int")])), A(rec("I", [f("a", "int")])),
     ("READER_FIELD_MISSING_DEFAULT_VALUE", "/items/fields/1", "b"))
case("map identical", M("string"), M("string"))
case("map values promoted", M("long"), M("int"))
case("map values narrowed", M("float"), M("double"), tm("FLOAT", "DOUBLE", "/values"))
case("map of arrays nested mismatch", M(A("string")), M(A("boolean")), tm("STRING", "BOOLEAN", "/values/items"))
case("array read as map", M("int"), A("int"), tm("MAP", "ARRAY"))
case("map read as array", A("int"), M("int"), tm("ARRAY", "MAP"))
case("array read as its item type", "int", A("int"), tm("INT", "ARRAY"))

# 6. Unions.
case("union identical", ["null", "string"], ["null", "string"])
case("union branches reordered", ["string", "null"], ["null", "string"])
case("union reader adds a branch", ["null", "string", "int"], ["null", "string"])
case("union reader lacks a writer branch", ["null", "string"], ["null", "int", "string"],
     ("MISSING_UNION_BRANCH", "/1", "reader union lacking writer type: INT"))
case("union reader lacks two writer branches", ["null"], ["null", "int", "string"],
     ("MISSING_UNION_BRANCH", "/1", "reader union lacking writer type: INT"), ("MISSING_UNION_BRANCH", "/2", "reader union lacking writer type: STRING"))
case("union writer branch promoted into a reader branch", ["null", "long"], ["null", "int"])
case("union writer branch promoted to double", ["null", "double"], ["null", "int", "long", "float"])
case("union read by its non-null branch", "string", ["null", "string"], tm("STRING", "NULL"),
     note="Every writer branch must be readable; a null written by the writer cannot be read as string.")
case("union of one branch read as that type", "string", ["string"])
case("non-union read by a union containing it", ["null", "string"], "string")
case("non-union read by a union via promotion", ["null", "long"], "int")
case("non-union read by a union lacking it", ["null", "string"], "int", ("MISSING_UNION_BRANCH", "/", "reader union lacking writer type: INT"))
case("record read by a union with a same-named record", ["null", rec("R", [f("a", "int")])], rec("R", [f("a", "int")]))
case("record read by a union whose record is renamed", ["null", rec("S", [f("a", "int")])], rec("R", [f("a", "int")]),
     ("MISSING_UNION_BRANCH", "/", "reader union lacking writer type: RECORD"))
case("record read by a union whose record has an alias", ["null", rec("S", [f("a", "int")], aliases=["R"])], rec("R", [f("a", "int")]))
case("union of records reader lacks one", ["null", rec("A", [f("x", "int")])], ["null", rec("A", [f("x", "int")]), rec("B", [f("y", "int")])],
     ("MISSING_UNION_BRANCH", "/2", "reader union lacking writer type: RECORD"))
case("union in a record field lacks a branch", rec("R", [f("v", ["null", "string"])]), rec("R", [f("v", ["null", "string", "bytes"])]),
     note="bytes is readable as string by promotion.")
case("union in a record field lacks a branch for real", rec("R", [f("v", ["null", "string"])]), rec("R", [f("v", ["null", "string", "boolean"])]),
     ("MISSING_UNION_BRANCH", "/fields/0/type/2", "reader union lacking writer type: BOOLEAN"))
case("optional field made required", rec("R", [f("v", "string")]), rec("R", [f("v", ["null", "string"], default=None)]), tm("STRING", "NULL", "/fields/0/type"))
case("required field made optional", rec("R", [f("v", ["null", "string"], default=None)]), rec("R", [f("v", "string")]))
case("writer union read by another type entirely", "int", ["string", "boolean"], tm("INT", "STRING"), tm("INT", "BOOLEAN"))
case("multi-branch union widened with arrays and maps", ["null", A("int"), M("int"), "string"], ["null", A("int"), "string"])
case("multi-branch union arrays differ", ["null", A("string")], ["null", A("int")],
     ("MISSING_UNION_BRANCH", "/1", "reader union lacking writer type: ARRAY"))
case("union with enum branch gains symbols", ["null", E(["A", "B", "C"])], ["null", E(["A", "B"])])
case("union with enum branch loses symbols", ["null", E(["A"])], ["null", E(["A", "B"])],
     ("MISSING_UNION_BRANCH", "/1", "reader union lacking writer type: ENUM"))
case("union with fixed branch resized", ["null", F(4)], ["null", F(8)],
     ("MISSING_UNION_BRANCH", "/1", "reader union lacking writer type: FIXED"))
case("empty writer union", "int", [], note="A writer union with no branches writes nothing; every branch (none) is readable.")

# 7. Recursion.
LL = lambda extra=(): rec("Node", [f("value", "int"), f("next", ["null", "Node"], default=None)] + list(extra))
case("recursive list identical", LL(), LL())
case("recursive list reader adds a field with a default", LL([f("label", "string", default="")]), LL())
case("recursive list reader adds a required field", LL([f("label", "string")]), LL(), ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2", "label"),
     note="The recursive pair is memoized; it is reported once, at the location of the first visit.")
case("recursive list value promoted", rec("Node", [f("value", "long"), f("next", ["null", "Node"], default=None)]), LL())
case("recursive list value narrowed", rec("Node", [f("value", "string"), f("next", ["null", "Node"], default=None)]), LL(), tm("STRING", "INT", "/fields/0/type"))
tree = lambda leaf: rec("Tree", [f("children", A(rec("Child", [f("tree", "Tree"), f("leaf", leaf)])))])
case("mutually recursive identical", tree("int"), tree("int"))
case("mutually recursive promotion", tree("long"), tree("int"))
case("mutually recursive mismatch deep inside", tree("boolean"), tree("int"), tm("BOOLEAN", "INT", "/fields/0/type/items/fields/1/type"))
nobase = rec("A", [f("a", "A")])
case("recursion without a base case", nobase, nobase, note="Terminates: the pair in progress counts as compatible.")
case("recursive record read as renamed recursive record", rec("B", [f("a", "B")]), rec("A", [f("a", "A")]), ("NAME_MISMATCH", "/name", "expected: A"))
case("recursive pairs across two names", rec("Node", [f("v", "int"), f("kids", A("Node"))], aliases=["Old"]), rec("Old", [f("v", "int"), f("kids", A("Old"))]))

# 8. Logical types (ignored by Java's checker, as by Confluent).
L = lambda t, lt, **x: dict({"type": t, "logicalType": lt}, **x)
case("timestamp-millis read as timestamp-micros", L("long", "timestamp-micros"), L("long", "timestamp-millis"),
     note="Logical types are ignored by every Java checker (MaterializeInc/materialize#6461): compatible although values change meaning.")
case("timestamp read as plain long", "long", L("long", "timestamp-millis"))
case("plain long read as timestamp", L("long", "timestamp-millis"), "long")
case("date read as timestamp", L("long", "timestamp-millis"), L("int", "date"), note="int promotes to long; logical types ignored.")
case("decimal precision and scale changed", L("bytes", "decimal", precision=10, scale=2), L("bytes", "decimal", precision=4, scale=1), note="Ignored by Java.")
case("decimal bytes read as decimal fixed", F(8, "Money", logicalType="decimal", precision=10), L("bytes", "decimal", precision=10), tm("FIXED", "BYTES"))
case("uuid read as string", "string", L("string", "uuid"))
case("uuid string read as uuid fixed", F(16, "U", logicalType="uuid"), L("string", "uuid"), tm("FIXED", "STRING"))
case("time-millis read as time-micros", L("long", "time-micros"), L("int", "time-millis"), note="int promotes to long; logical types ignored.")
case("local timestamp nanos read as long", "long", L("long", "local-timestamp-nanos"))
case("duration fixed identical", F(12, "D", logicalType="duration"), F(12, "D", logicalType="duration"))
case("invalid logical type falls back", L("string", "decimal", precision=4), "string")

# 9. Namespaces and named references.
case("named type reused by reference in reader", rec("R", [f("a", F(4, "Id")), f("b", "Id")]), rec("R", [f("a", F(4, "Id")), f("b", F(4, "Other"))]),
     ("NAME_MISMATCH", "/fields/1/type/name", "expected: Other"))
case("nested type moved to another namespace", rec("R", [f("e", E(["A"], namespace="n2"))], namespace="n1"), rec("R", [f("e", E(["A"]))], namespace="n1"))
case("top-level fullname style vs namespace attribute", rec("a.b.R", [f("x", "int")]), rec("R", [f("x", "int")], namespace="a.b"))
case("null namespace inside namespaced record", rec("R", [f("z", E(["A"], name="Z", namespace=""))], namespace="x"), rec("R", [f("z", E(["A"], name="Z"))], namespace="x"))

# 10. Promotions inside containers and fields.
for w, r in sorted(PROMO):
    case(f"record field promotion {w} to {r}", rec("R", [f("v", r)]), rec("R", [f("v", w)]))
    case(f"array item promotion {w} to {r}", A(r), A(w))
for w, r in sorted(p for p in PROMO if (p[1], p[0]) not in PROMO):
    case(f"map value demotion {r} to {w}", M(w), M(r), tm(w.upper(), r.upper(), "/values"))

print(json.dumps(cases, indent=1))
