#!/usr/bin/env python3
"""Data contracts across major versions, driven with confluent-kafka-python (unmodified)
against a real `stele serve`: under a `compatibilityGroup`, an incompatible v2 with another
`application.major.version` registers, carrying JSONata migration rules; a producer pinned to
either major version writes messages that a consumer pinned to the other reads, upgraded or
downgraded by the rules. Config-level `defaultRuleSet` / `overrideMetadata` are merged into
registrations, so a CEL condition set on the subject's config guards a producer that
registered without rules. Usage: data_contracts_test.py STELE_BINARY PORT."""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.common.schema_registry_client import ServerConfig
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.rules.cel.cel_executor import CelExecutor
from confluent_kafka.schema_registry.rules.jsonata.jsonata_executor import JsonataExecutor
from confluent_kafka.serialization import MessageField, SerializationContext, SerializationError

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


JsonataExecutor.register()
CelExecutor.register()
stele_process.start(binary, port, ":memory:")
client = SchemaRegistryClient({"url": f"http://127.0.0.1:{port}"})
widgets = SerializationContext("widgets", MessageField.VALUE)

# v1 has `size`; v2 renames it `height` — a breaking change (no default, no alias).
V1 = json.dumps({"type": "record", "name": "Widget", "fields": [
    {"name": "name", "type": "string"}, {"name": "size", "type": "int"}, {"name": "version", "type": "int"}]})
V2 = json.dumps({"type": "record", "name": "Widget", "fields": [
    {"name": "name", "type": "string"}, {"name": "height", "type": "int"}, {"name": "version", "type": "int"}]})
UP = "$merge([$sift($, function($v, $k) {$k != 'size'}), {'height': $.'size'}])"
DOWN = "$merge([$sift($, function($v, $k) {$k != 'height'}), {'size': $.'height'}])"


def schema(text, major, migrations=None):
    d = {"schema": text, "schemaType": "AVRO", "metadata": {"properties": {"application.major.version": major}}}
    if migrations:
        d["ruleSet"] = {"migrationRules": migrations}
    return Schema.from_dict(d)


client.set_config("widgets-value", ServerConfig(compatibility_group="application.major.version"))
check(client.get_config("widgets-value").compatibility_group == "application.major.version", "the group is stored and read back")
v1_id = client.register_schema("widgets-value", schema(V1, "1"))
try:
    client.register_schema("widgets-value", schema(V2, "1"))
    check(False, "an incompatible change within one major version must be refused")
except SchemaRegistryError as e:
    check(e.http_status_code == 409, f"within major version 1 the usual check applies ({e})")
v2_id = client.register_schema("widgets-value", schema(V2, "2", [
    {"name": "upgrade", "kind": "TRANSFORM", "mode": "UPGRADE", "type": "JSONATA", "expr": UP},
    {"name": "downgrade", "kind": "TRANSFORM", "mode": "DOWNGRADE", "type": "JSONATA", "expr": DOWN},
]))
check(v2_id != v1_id and client.get_latest_version("widgets-value").version == 2, "a new major version registers the breaking change")


def pinned(major):
    return {"use.latest.with.metadata": {"application.major.version": major}}


write_v1 = AvroSerializer(client, V1, conf={"auto.register.schemas": False, "use.latest.version": False, **pinned("1")})
write_v2 = AvroSerializer(client, V2, conf={"auto.register.schemas": False, "use.latest.version": False, **pinned("2")})
read_v1 = AvroDeserializer(client, conf=pinned("1"))
read_v2 = AvroDeserializer(client, conf=pinned("2"))

old = write_v1({"name": "bolt", "size": 3, "version": 1}, widgets)
new = write_v2({"name": "nut", "height": 5, "version": 2}, widgets)
check(old[1:5] == v1_id.to_bytes(4, "big") and new[1:5] == v2_id.to_bytes(4, "big"), "each producer writes with its major version's id")
check(read_v2(old, widgets) == {"name": "bolt", "height": 3, "version": 1}, "a v2 consumer reads a v1 message upgraded")
check(read_v1(new, widgets) == {"name": "nut", "size": 5, "version": 2}, "a v1 consumer reads a v2 message downgraded")
check(read_v1(old, widgets) == {"name": "bolt", "size": 3, "version": 1}, "and each reads its own as written")

# Config-level contracts: a default CEL rule and override metadata land on a registration that
# named neither, and the producer runs the rule.
ORDER = json.dumps({"type": "record", "name": "Order", "fields": [{"name": "amount", "type": "int"}]})
client.set_config("orders-value", ServerConfig.from_dict({
    "defaultRuleSet": {"domainRules": [{"name": "positive", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "message.amount > 0"}]},
    "overrideMetadata": {"properties": {"owner": "payments"}},
}))
client.register_schema("orders-value", Schema(ORDER, "AVRO"))
latest = client.get_latest_version("orders-value")
check([r.name for r in latest.schema.rule_set.domain_rules] == ["positive"], "the default rule set was merged into the new version")
check(latest.schema.metadata.properties.properties == {"owner": "payments"}, "the override metadata too")
orders = SerializationContext("orders", MessageField.VALUE)
write = AvroSerializer(client, ORDER, conf={"auto.register.schemas": False, "use.latest.version": True})
check(len(write({"amount": 10}, orders)) > 5, "a valid order serializes")
try:
    write({"amount": -1}, orders)
    check(False, "the CEL condition must refuse a negative amount")
except SerializationError as e:
    cause = e.__cause__
    check(type(cause).__name__ == "RuleConditionError" and "message.amount > 0" in str(cause), f"the default rule refused the message ({cause!r})")

print(f"data contracts: {checks} checks passed")
