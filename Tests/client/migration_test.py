#!/usr/bin/env python3
"""Moving a registry with `stele import --from`, checked by confluent-kafka-python: messages
its AvroSerializer and JSONSerializer wrote against the old registry are read by its
deserializers against the new one, and every subject, version and id is the same there.
The old registry stands in for Confluent's (any registry speaking its API will do); its ids
are not 1..n, as a registry that was itself migrated once holds them.
Usage: migration_test.py STELE_BINARY PORT (uses PORT and PORT+1)."""
import subprocess
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
old_url, new_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


RIDE = '{"type":"record","name":"Ride","namespace":"nyc","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double"}]}'
ORDER = '{"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}'

stele_process.start(binary, port, ":memory:")
old = SchemaRegistryClient({"url": old_url})
# Ids that a renumbering import would change: the old registry starts at 500.
old.update_global_mode("IMPORT", force=True)
old._rest_client.post("subjects/legacy-value/versions", body={"schema": '"string"', "schemaType": "AVRO", "id": 500, "version": 4})
old.update_global_mode("READWRITE")

rides = SerializationContext("rides", MessageField.VALUE)
orders = SerializationContext("orders", MessageField.VALUE)
ride_bytes = AvroSerializer(old, RIDE)({"id": 7, "fare": 12.5}, rides)
order_bytes = JSONSerializer(ORDER, old)({"id": 3}, orders)
old.delete_version("legacy-value", 4)
old.set_compatibility("rides-value", "FULL")

stele_process.start(binary, port + 1, ":memory:")
moved = subprocess.run([binary, "import", "--from", old_url, "--registry", new_url], capture_output=True, text=True)
check(moved.returncode == 0, f"stele import --from: {moved.stderr}")

new = SchemaRegistryClient({"url": new_url})
check(AvroDeserializer(new)(ride_bytes, rides) == {"id": 7, "fare": 12.5}, "an Avro message written before the move is read after it")
check(JSONDeserializer(ORDER, schema_registry_client=new)(order_bytes, orders) == {"id": 3}, "a JSON message written before the move is read after it")
check(new.get_subjects() == old.get_subjects(), "the same live subjects")
check(new.get_version("legacy-value", 4, deleted=True).schema_id == 500, "a soft-deleted version keeps its id and number")
check(new.get_versions("rides-value") == old.get_versions("rides-value"), "the same versions")
check(new.get_compatibility("rides-value") == "FULL", "the subject's level moved too")
for sid in (500, old.get_latest_version("rides-value").schema_id, old.get_latest_version("orders-value").schema_id):
    check(new.get_schema(sid).schema_str == old.get_schema(sid).schema_str, f"schema {sid} is the same on both")

print(f"migration: confluent-kafka-python {__import__('confluent_kafka').__version__}: {checks} checks passed")
