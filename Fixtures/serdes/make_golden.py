#!/usr/bin/env python3
"""Writes Fixtures/serdes/confluent-golden.json: messages made by confluent-kafka-python's own
AvroSerializer and JSONSerializer (unmodified) in all three framings, for Stele's
deserializers to decode in the tests.

    python3 Fixtures/serdes/make_golden.py .build/debug/stele

It starts a fresh in-memory `stele serve` (the registry the serializers register with), so
the ids are 1, 2, 3 in registration order and the GUIDs are the schemas' identity hashes; the
test replays the registrations on a fresh registry and checks both before decoding. Expected
values are written independently of Stele: Avro datums in the Avro JSON encoding by
fastavro's json_writer, JSON documents as given.

Framings: v0 is the serializers' default (prefix_schema_id_serializer); header is
header_schema_id_serializer; v1 (0x01 + GUID prefix) has no ready-made function in the Python
client, so it is SchemaId.guid_to_bytes() + payload, the bytes its header serializer writes.
"""
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import datetime, timezone
from decimal import Decimal

import confluent_kafka
import fastavro
from confluent_kafka.schema_registry import SchemaRegistryClient, header_schema_id_serializer
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

HERE = os.path.dirname(os.path.abspath(__file__))

TRIP = {
    "type": "record", "name": "Trip", "namespace": "golden",
    "fields": [
        {"name": "trip_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "pickup", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "distance", "type": "double"},
        {"name": "passengers", "type": "int"},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["BOOKED", "RIDING", "DONE"]}},
        {"name": "driver", "type": ["null", "string"], "default": None},
        {"name": "stops", "type": {"type": "array", "items": "string"}},
        {"name": "tolls", "type": {"type": "map", "values": "long"}},
        {"name": "fare", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
        {"name": "note", "type": "bytes"},
        {"name": "code", "type": {"type": "fixed", "name": "Code", "size": 4}},
    ],
}

ORDER = {
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "GoldenOrder", "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{5}$"},
        "quantity": {"type": "integer"},
        "price": {"type": "number"},
        "status": {"enum": ["NEW", "PAID", "SHIPPED"]},
        "coupon": {"type": ["string", "null"]},
        "lines": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}},
    },
    "required": ["id", "sku", "quantity", "price", "status"],
    "additionalProperties": False,
}

TRIPS = [
    {"trip_id": uuid.UUID("5f1b7c2e-8d3a-4e6b-9c0d-1a2b3c4d5e6f"), "pickup": datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc),
     "distance": 1.5, "passengers": 2, "status": "DONE", "driver": "Ana", "stops": ["5th Ave", "Ünter den Linden"], "tolls": {"bridge": 650},
     "fare": Decimal("12.34"), "note": b"\x00\xff\x10", "code": b"\x00\x01\xfe\xff"},
    {"trip_id": uuid.UUID("00000000-0000-4000-8000-000000000000"), "pickup": datetime(1969, 12, 31, 23, 59, 59, tzinfo=timezone.utc),
     "distance": -0.0, "passengers": -2147483648, "status": "BOOKED", "driver": None, "stops": [], "tolls": {},
     "fare": Decimal("-0.01"), "note": b"", "code": b"abcd"},
    {"trip_id": uuid.UUID("ffffffff-ffff-4fff-bfff-ffffffffffff"), "pickup": datetime(2038, 1, 19, 3, 14, 8, tzinfo=timezone.utc),
     "distance": 12345678.90625, "passengers": 2147483647, "status": "RIDING", "driver": "", "stops": ["a"] * 70,
     "tolls": {"k%d" % i: -(2 ** 62) + i for i in range(3)}, "fare": Decimal("9999999.99"), "note": bytes(range(256)), "code": b"\xff" * 4},
]

ORDERS = [
    {"id": 1, "sku": "ABC-12345", "quantity": 2, "price": 19.99, "status": "NEW", "coupon": None, "lines": [{"n": 1}, {"n": 2}]},
    {"id": 2, "sku": "XYZ-00001", "quantity": 0, "price": 0, "status": "PAID"},
    {"id": 9007199254740993, "sku": "QQQ-99999", "quantity": -5, "price": 1e-7, "status": "SHIPPED", "coupon": "Ünïcødé ✓"},
]


def guid_prefix(payload, ctx, schema_id):
    """Prefix v1: 0x01 + the 16 GUID bytes (what header_schema_id_serializer puts in the header)."""
    return schema_id.guid_to_bytes() + payload


FRAMINGS = {"v0": None, "v1": guid_prefix, "header": header_schema_id_serializer}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def avro_json(schema, record):
    out = io.StringIO()
    fastavro.json_writer(out, fastavro.parse_schema(schema), [record])
    return json.loads(out.getvalue())


def main():
    binary = sys.argv[1]
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--data", ":memory:"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/", timeout=1).read()
                break
            except Exception:
                time.sleep(0.05)
        client = SchemaRegistryClient({"url": url})
        messages = []

        def emit(kind, framing, topic, field, value_bytes, headers, expected):
            messages.append({
                "format": kind, "framing": framing, "topic": topic, "field": field, "message": value_bytes.hex(),
                "headers": [[k, v.hex()] for k, v in headers], "expected": expected,
            })

        for framing, id_serializer in FRAMINGS.items():
            conf = {"subject.name.strategy.type": "TOPIC"}
            if id_serializer is not None:
                conf["schema.id.serializer"] = id_serializer
            avro = AvroSerializer(client, json.dumps(TRIP), conf=conf)
            js = JSONSerializer(json.dumps(ORDER), client, conf=conf)
            key = AvroSerializer(client, '"string"', conf=conf)
            for trip in TRIPS:
                headers = []
                data = avro(trip, SerializationContext("golden-trips", MessageField.VALUE, headers))
                emit("avro", framing, "golden-trips", "value", data, headers, avro_json(TRIP, trip))
            for order in ORDERS:
                headers = []
                data = js(order, SerializationContext("golden-orders", MessageField.VALUE, headers))
                emit("json", framing, "golden-orders", "value", data, headers, order)
            # "x" is a 2-byte payload: in header framing confluent-kafka-python's own
            # deserializer refuses it (messages of 5 bytes or fewer); Stele must read it.
            for k in ["trip-1", "x"]:
                headers = []
                data = key(k, SerializationContext("golden-trips", MessageField.KEY, headers))
                emit("avro", framing, "golden-trips", "key", data, headers, k)

        registrations = []
        for subject in ["golden-trips-value", "golden-orders-value", "golden-trips-key"]:
            latest = json.loads(urllib.request.urlopen(f"{url}/subjects/{subject}/versions/latest").read())
            registrations.append({k: latest.get(k) for k in ["subject", "id", "guid", "schemaType", "schema"]})
        registrations.sort(key=lambda r: r["id"])

        golden = {
            "generator": f"confluent-kafka-python {confluent_kafka.version()}, fastavro {fastavro.__version__}; Fixtures/serdes/make_golden.py",
            "registrations": registrations,
            "messages": messages,
        }
        with open(os.path.join(HERE, "confluent-golden.json"), "w") as f:
            json.dump(golden, f, indent=1, ensure_ascii=True)
            f.write("\n")
        print(f"{len(messages)} messages, {len(registrations)} schemas")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
