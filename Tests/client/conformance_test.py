#!/usr/bin/env python3
"""What other people's Schema Registry client tests check beyond the happy path, driven with
confluent-kafka-python's SchemaRegistryClient (unmodified) against two fresh `stele serve`
processes: one answering like Confluent 8.x (the default) and one started with
`--confluent-compat 7`. Usage: conformance_test.py STELE_BINARY PORT (uses PORT and PORT+1).

1. PUT /config answers with the update request's key names (`compatibility`), GET with
   `compatibilityLevel`; the other update routes as Confluent does.
2. IMPORT mode writes the given (subject, version, id) over an existing version, live or
   soft-deleted, and refuses only an id bound to other content (how migration tools restore).
3. An incompatible schema is error_code 40901 (8.x) or 409 (7.x, --confluent-compat 7).
The client has no call that registers with an explicit id, so IMPORT goes through its own
REST service (`_rest_client`), the code path its register calls use."""
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.schema_registry_client import ConfigCompatibilityLevel, ServerConfig

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def error_code(fn):
    try:
        fn()
    except SchemaRegistryError as e:
        return e.error_code
    return None


V1 = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}'
V2 = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"},{"name":"fare","type":"double","default":0.0}]}'
BAD = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"string"}]}'

stele_process.start(binary, port, ":memory:")
url = f"http://127.0.0.1:{port}"
client = SchemaRegistryClient({"url": url})

# 1. Config and mode updates read back as an admin client reads them.
check(client.set_compatibility("cfg", "FULL") == {"compatibility": "FULL"}, "PUT /config/{s} answers {compatibility}")
check(client.set_compatibility(level="BACKWARD_TRANSITIVE") == {"compatibility": "BACKWARD_TRANSITIVE"}, "PUT /config answers {compatibility}")
check(client.get_compatibility("cfg") == "FULL", "GET /config/{s} reads compatibilityLevel")
answer = client.set_config("cfg", ServerConfig(compatibility=ConfigCompatibilityLevel.FORWARD))
check(answer == {"compatibility": "FORWARD"}, f"set_config answers the merged config under the request's keys: {answer}")
check(client.get_config("cfg").compatibility_level == ConfigCompatibilityLevel.FORWARD, "get_config")
check(client.delete_config("cfg").compatibility_level == ConfigCompatibilityLevel.FORWARD, "DELETE /config/{s} answers the previous Config")
check(error_code(lambda: client.delete_config("cfg")) == 40401, "DELETE /config/{s} with nothing set is 40401")
check(client.update_mode("m", "READONLY") == "READONLY", "PUT /mode/{s} echoes the mode")
check(client.delete_mode("m") == "READONLY", "DELETE /mode/{s} answers the previous mode")
check(error_code(lambda: client.delete_mode("m")) == 40401, "DELETE /mode/{s} with nothing set is 40401")

# 3 (8.x). An incompatible registration.
client.set_compatibility(level="BACKWARD")
client.register_schema("rides-value", Schema(V1, "AVRO"))
check(error_code(lambda: client.register_schema("rides-value", Schema(BAD, "AVRO"))) == 40901, "incompatible is 40901 by default")

# 2. IMPORT: restore, overwrite, and the one refusal.
def imported(subject, schema, id, version):
    return client._rest_client.post(f"subjects/{subject}/versions", body={"schema": schema, "schemaType": "AVRO", "id": id, "version": version})

check(client.update_global_mode("IMPORT", force=True) == "IMPORT", "IMPORT with force")
check(imported("imp", V1, 100, 1)["id"] == 100, "import with an explicit id")
client.update_global_mode("READWRITE")
check(client.delete_version("imp", 1) == 1, "soft delete the imported version")
client.update_global_mode("IMPORT", force=True)
restored = imported("imp", V1, 100, 1)
check(restored["id"] == 100 and restored["version"] == 1, "re-import over a soft-deleted version")
check(client.get_versions("imp") == [1], "the restored version is live")
replaced = imported("imp", V2, 101, 1)
check(replaced["id"] == 101 and replaced["version"] == 1, "import over a live version")
fresh = SchemaRegistryClient({"url": url})
check(fresh.get_version("imp", 1).schema_id == 101, "the version holds the imported id")
check(fresh.get_schema(100).schema_str == V1, "the replaced id still resolves")
check(error_code(lambda: imported("imp", V2, 100, 2)) == 42205, "an id bound to other content is refused")
client.update_global_mode("READWRITE")

# 1 and 3 as Confluent 7.x answers them.
stele_process.start(binary, port + 1, ":memory:", "--confluent-compat", "7")
seven = SchemaRegistryClient({"url": f"http://127.0.0.1:{port + 1}"})
check(seven.set_compatibility("cfg", "FULL") == {"compatibility": "FULL"}, "7.x echoes the request")
seven.register_schema("rides-value", Schema(V1, "AVRO"))
check(error_code(lambda: seven.register_schema("rides-value", Schema(BAD, "AVRO"))) == 409, "incompatible is 409 with --confluent-compat 7")

print(f"conformance: confluent-kafka-python {__import__('confluent_kafka').__version__}: {checks} checks passed")
