#!/usr/bin/env python3
"""Drives a running `stele serve` with confluent-kafka-python's SchemaRegistryClient and its
Avro and JSON Schema serializers, unmodified. Usage: confluent_client_test.py URL
Every method the client has for schemas, subjects, versions, compatibility, config and mode
is called at least once; each check is an assert. Exits non-zero on the first failure."""
import sys

from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

url = sys.argv[1]
client = SchemaRegistryClient({"url": url})
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def expect_error(fn, code, what):
    try:
        fn()
    except SchemaRegistryError as e:
        check(e.error_code == code, f"{what}: expected {code}, got {e.error_code} {e.error_message}")
        return
    raise AssertionError(f"{what}: expected error {code}")


RIDE_V1 = '{"type":"record","name":"Ride","namespace":"nyc","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double"}]}'
RIDE_V2 = '{"type":"record","name":"Ride","namespace":"nyc","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double"},{"name":"tip","type":"double","default":0.0}]}'
RIDE_BAD = '{"type":"record","name":"Ride","namespace":"nyc","fields":[{"name":"id","type":"string"}]}'

# Registration, ids, versions.
sid = client.register_schema("py-rides-value", Schema(RIDE_V1, "AVRO"))
check(sid >= 1, "register returns an id")
check(client.register_schema("py-rides-value", Schema(RIDE_V1, "AVRO")) == sid, "re-register is idempotent")
full = client.register_schema_full_response("py-rides-value", Schema(RIDE_V2, "AVRO"))
check(full.version == 2 and full.schema_id != sid, "second version")
check(client.get_schema(sid).schema_str == RIDE_V1, "get_schema by id")
check("AVRO" in client.get_schema_types() and "JSON" in client.get_schema_types(), "schema types")
check("py-rides-value" in client.get_subjects(), "get_subjects")
check(client.get_versions("py-rides-value") == [1, 2], "get_versions")
latest = client.get_latest_version("py-rides-value")
check(latest.version == 2 and latest.subject == "py-rides-value", "latest version")
check(client.get_version("py-rides-value", 1).schema_id == sid, "get_version")
looked = client.lookup_schema("py-rides-value", Schema(RIDE_V1, "AVRO"))
check(looked.version == 1 and looked.schema_id == sid, "lookup_schema")
check("py-rides-value" in client.get_subjects_by_schema_id(sid), "subjects by id")
check(any(v.subject == "py-rides-value" and v.version == 1 for v in client.get_schema_versions(sid)), "versions by id")
expect_error(lambda: client.get_schema(999999), 40403, "unknown id")
expect_error(lambda: client.get_version("py-none", 1), 40401, "unknown subject")

# Compatibility and config.
check(client.test_compatibility("py-rides-value", Schema(RIDE_V2, "AVRO")) is True, "compatible")
check(client.test_compatibility("py-rides-value", Schema(RIDE_BAD, "AVRO")) is False, "incompatible")
check(client.test_compatibility_all_versions("py-rides-value", Schema(RIDE_V2, "AVRO")) is True, "compatible with all")
expect_error(lambda: client.register_schema("py-rides-value", Schema(RIDE_BAD, "AVRO")), 40901, "incompatible register")
client.set_compatibility("py-rides-value", "FULL")
check(client.get_compatibility("py-rides-value") == "FULL", "subject compatibility")
client.set_compatibility(level="BACKWARD")
check(client.get_compatibility() == "BACKWARD", "global compatibility")
expect_error(lambda: client.get_compatibility("py-unset"), 40408, "no subject config")
cfg = client.get_config("py-rides-value")
check(cfg.compatibility_level is not None, "get_config")
client.delete_config("py-rides-value")

# Modes.
check(client.get_global_mode() == "READWRITE", "global mode")
client.update_mode("py-ro", "READONLY")
check(client.get_mode("py-ro") == "READONLY", "subject mode")
expect_error(lambda: client.register_schema("py-ro", Schema(RIDE_V1, "AVRO")), 42205, "read-only subject")
client.delete_mode("py-ro")

# References.
addr = '{"type":"record","name":"Address","namespace":"nyc","fields":[{"name":"city","type":"string"}]}'
person = '{"type":"record","name":"Person","namespace":"nyc","fields":[{"name":"home","type":"nyc.Address"}]}'
client.register_schema("py-address", Schema(addr, "AVRO"))
pid = client.register_schema("py-person", Schema(person, "AVRO", [SchemaReference("nyc.Address", "py-address", 1)]))
check(pid in client.get_referenced_by("py-address", 1), "referenced by")

# Metadata: stored and returned as given, and the latest version found by its properties.
from confluent_kafka.schema_registry import Metadata, MetadataProperties
meta = Metadata(properties=MetadataProperties({"owner": "rides-team", "tier": "1"}), tags=None, sensitive=None)
mid = client.register_schema("py-meta", Schema(RIDE_V1, "AVRO", metadata=meta))
found = client.get_latest_with_metadata("py-meta", {"owner": "rides-team"})
check(found.schema_id == mid and found.version == 1, "latest with metadata")
check(found.schema.metadata.properties.properties == {"owner": "rides-team", "tier": "1"}, "metadata returned as stored")
expect_error(lambda: client.get_latest_with_metadata("py-meta", {"owner": "nobody"}), 40403, "no version with that metadata")

# Deletes.
check(client.delete_version("py-rides-value", 2) == 2, "soft delete version")
check(client.get_versions("py-rides-value") == [1], "deleted version hidden")
check(client.delete_version("py-rides-value", 2, permanent=True) == 2, "permanent delete version")
check(client.delete_subject("py-rides-value") == [1], "soft delete subject")
check(client.delete_subject("py-rides-value", permanent=True) == [1], "permanent delete subject")
check("py-rides-value" not in client.get_subjects(), "subject gone")

# Avro serializer / deserializer round trip (registers through the default strategy).
ctx = SerializationContext("py-trips", MessageField.VALUE)
ser = AvroSerializer(client, RIDE_V2)
des = AvroDeserializer(client)
ride = {"id": 7, "fare": 12.5, "tip": 1.5}
payload = ser(ride, ctx)
check(payload[0] == 0 and int.from_bytes(payload[1:5], "big") >= 1, "Confluent wire format")
check(des(payload, ctx) == ride, "Avro round trip")
check(client.get_latest_version("py-trips-value").version == 1, "serializer registered py-trips-value")
# A reader schema evolves old data.
reader = AvroDeserializer(client, RIDE_V1)
check(reader(payload, ctx) == {"id": 7, "fare": 12.5}, "Avro read with a reader schema")

# JSON Schema serializer / deserializer round trip.
order_schema = '{"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object","properties":{"id":{"type":"integer"},"total":{"type":"number"}},"required":["id"]}'
jctx = SerializationContext("py-orders", MessageField.VALUE)
jser = JSONSerializer(order_schema, client)
jdes = JSONDeserializer(order_schema, schema_registry_client=client)
order = {"id": 1, "total": 9.5}
jpayload = jser(order, jctx)
check(jpayload[0] == 0, "JSON wire format")
check(jdes(jpayload, jctx) == order, "JSON round trip")
check(client.get_latest_version("py-orders-value").schema.schema_type == "JSON", "JSON subject registered")

print(f"confluent-kafka-python {__import__('confluent_kafka').__version__} against {url}: {checks} checks passed")
