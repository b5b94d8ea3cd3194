#!/usr/bin/env python3
"""Contexts, driven with confluent-kafka-python (unmodified) against a fresh `stele serve`:
two contexts hold the same subject name with different ids; a producer whose subject name
strategy qualifies its subjects (`:.staging:orders-value`) writes messages that a consumer
with the same strategy reads, and one with the plain topic strategy reads too (the registry
looks an unqualified hint up in every context); clients that know nothing of contexts see no
change. Usage: contexts_test.py STELE_BINARY PORT."""
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


ORDER = '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}'
STAGED = '{"type":"record","name":"StagedOrder","fields":[{"name":"id","type":"long"},{"name":"stage","type":"string"}]}'
PAYMENT = '{"type":"record","name":"Payment","fields":[{"name":"cents","type":"long"}]}'

stele_process.start(binary, port, ":memory:")
client = SchemaRegistryClient({"url": f"http://127.0.0.1:{port}"})

# The same subject name in two contexts, each with its own id sequence.
default_id = client.register_schema("orders-value", Schema(ORDER, "AVRO"))
staged_id = client.register_schema(":.staging:orders-value", Schema(STAGED, "AVRO"))
check(default_id == 1 and staged_id == 1, f"both contexts start at id 1 ({default_id}, {staged_id})")
check(client.get_schema(1).schema_str == ORDER, "an id without a subject is the default context's")
check(client.get_schema(1, subject_name=":.staging:orders-value").schema_str == STAGED, "a qualified hint reads the id in its context")
check(client.get_contexts() == [".", ".staging"], "GET /contexts lists both")
check(client.get_subjects() == [":.staging:orders-value", "orders-value"], "GET /subjects lists every context, qualified")
check(client.get_latest_version(":.staging:orders-value").schema_id == 1, "a qualified subject's latest version")
check(client._rest_client.get("contexts/.staging/subjects") == [":.staging:orders-value"], "the /contexts/{ctx} URL form lists one context")

# The same schema in both contexts: one GUID, an id in each.
copy_id = client.register_schema("staged-copy-value", Schema(STAGED, "AVRO"))
guid = client._rest_client.get("schemas/ids/1", {"subject": ":.staging:orders-value"})["guid"]
ids = client._rest_client.get(f"schemas/guids/{guid}/ids")
check(ids == [{"context": ".", "id": copy_id}, {"context": ".staging", "id": 1}], f"one GUID, one id per context ({ids})")

# Serializers whose subject name strategy puts the subject in a context.
staging = lambda ctx, record_name: f":.staging:{ctx.topic}-{'key' if ctx.field == MessageField.KEY else 'value'}"
orders = SerializationContext("orders", MessageField.VALUE)
staged_bytes = AvroSerializer(client, STAGED, conf={"subject.name.strategy": staging, "auto.register.schemas": False, "use.latest.version": False})(
    {"id": 7, "stage": "qa"}, orders)
check(staged_bytes[1:5] == (1).to_bytes(4, "big"), "the staged message carries the context's id")
read = AvroDeserializer(client, conf={"subject.name.strategy": staging})(staged_bytes, orders)
check(read == {"id": 7, "stage": "qa"}, f"a consumer with the same strategy reads it ({read})")

# Clients that know nothing of contexts: the default context as before.
plain_bytes = AvroSerializer(client, ORDER)({"id": 8}, orders)
check(AvroDeserializer(client)(plain_bytes, orders) == {"id": 8}, "default-context producers and consumers are unchanged")

# A topic whose only subject is in a context: a plain consumer's unqualified hint finds it.
payments = SerializationContext("payments", MessageField.VALUE)
pay_bytes = AvroSerializer(client, PAYMENT, conf={"subject.name.strategy": staging})({"cents": 250}, payments)
check(pay_bytes[1:5] == (2).to_bytes(4, "big"), "the context's ids go on: 2")
check(AvroDeserializer(client)(pay_bytes, payments) == {"cents": 250}, "a plain consumer's hint payments-value is found in .staging")

# Config and mode per context.
client.set_compatibility(subject_name=":.staging:", level="NONE")
check(client.get_compatibility(":.staging:") == "NONE", "a context-level config")
check(client.get_compatibility() == "BACKWARD", "the top level is untouched")
breaking = '{"type":"record","name":"StagedOrder","fields":[{"name":"id","type":"string"}]}'
check(client.register_schema(":.staging:orders-value", Schema(breaking, "AVRO")) == 3, "NONE in .staging lets a breaking change in")
try:
    client.register_schema("orders-value", Schema('{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}', "AVRO"))
    check(False, "the default context kept BACKWARD")
except SchemaRegistryError as e:
    check(e.error_code == 40901, f"the default context kept BACKWARD ({e})")
client.update_mode(":.staging:", "READONLY")
try:
    client.register_schema(":.staging:other-value", Schema(ORDER, "AVRO"))
    check(False, "a read-only context refuses writes")
except SchemaRegistryError as e:
    check(e.error_code == 42205, f"a read-only context refuses writes ({e})")
check(client.register_schema("other-value", Schema(ORDER, "AVRO")) == 1, "the default context still takes writes")

# A context is deleted only once empty.
try:
    client._rest_client.delete("contexts/.staging")
    check(False, "a context with subjects is not deleted")
except SchemaRegistryError as e:
    check(e.error_code == 42211, f"a context with subjects is not deleted ({e})")

print(f"contexts: confluent-kafka-python {__import__('confluent_kafka').__version__}: {checks} checks passed")
