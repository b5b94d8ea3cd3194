#!/usr/bin/env python3
"""Topic associations (Confluent 8.x), driven with confluent-kafka-python (unmodified) against
a real `stele serve`: an association created through the client's own API binds topic
`orders` to a subject that is not `orders-value`, and the serializers' default subject-name
strategy (ASSOCIATED) writes and reads with that subject; the lifecycle rules hold (a subject
with an association is not deleted, 40904; its last version stays, 40907; a frozen subject
takes no new schema, 40908; a resource's association of a type exists once, 40903); a
cascading delete removes a STRONG association's subject; batch get and mutate answer 207;
associations survive a restart. Usage: associations_test.py STELE_BINARY PORT."""
import json
import os
import sys
import tempfile

from confluent_kafka.schema_registry import (AssociationCreateOrUpdateInfo, AssociationCreateOrUpdateRequest, Schema, SchemaReference,
                                             SchemaRegistryClient)
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


def refused(call, status, code, what):
    try:
        call()
    except SchemaRegistryError as e:
        check(e.http_status_code == status and e.error_code == code, f"{what} ({e.http_status_code} {e.error_code} {e})")
        return
    check(False, f"{what}: expected {status} {code}, got success")


ORDER = json.dumps({"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}]})
ORDER2 = json.dumps({"type": "record", "name": "Order", "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]})
data = os.path.join(tempfile.mkdtemp(), "associations.db")
server = stele_process.start(binary, port, data)
client = SchemaRegistryClient({"url": f"http://127.0.0.1:{port}"})

check(client.get_associations_by_resource_name("orders", "-", "topic", ["value"]) == [], "a topic without associations has none (200 [])")

# The topic's values live in a subject named for the team, not the topic.
order_id = client.register_schema("payments.Order", Schema(ORDER, "AVRO"))
response = client.create_association(AssociationCreateOrUpdateRequest(
    resource_name="orders", resource_namespace="lkc-1", resource_id="topic-uuid-1", resource_type="topic",
    associations=[AssociationCreateOrUpdateInfo(subject="payments.Order", association_type="value", lifecycle="STRONG")]))
check(response.resource_id == "topic-uuid-1" and response.associations[0].subject == "payments.Order"
      and response.associations[0].lifecycle == "STRONG", f"the association is created ({response})")
found = client.get_associations_by_resource_name("orders", "-", "topic", ["value"])
check(len(found) == 1 and found[0].subject == "payments.Order" and found[0].resource_namespace == "lkc-1", "found by topic name in any cluster")
check(client.get_associations_by_resource_name("orders", "lkc-2") == [], "not in another cluster")
check(client._rest_client.get("associations/subjects/payments.Order")[0]["resourceId"] == "topic-uuid-1", "found by subject")

# The default subject-name strategy of the serializers asks the registry.
orders = SerializationContext("orders", MessageField.VALUE)
message = AvroSerializer(client, ORDER, conf={"auto.register.schemas": False, "use.latest.version": True})({"id": 42}, orders)
check(message[1:5] == order_id.to_bytes(4, "big"), "the ASSOCIATED strategy wrote with the associated subject's schema")
check(AvroDeserializer(client)(message, orders) == {"id": 42}, "and the deserializer reads it")
refused(lambda: client.lookup_schema("orders-value", Schema(ORDER, "AVRO")), 404, 40401, "nothing was registered under orders-value")

# Lifecycle rules.
refused(lambda: client.delete_subject("payments.Order"), 409, 40904, "a subject with an association is not deleted")
refused(lambda: client.delete_version("payments.Order", 1), 409, 40907, "nor left without a live version")
refused(lambda: client.create_association(AssociationCreateOrUpdateRequest(
    resource_name="orders", resource_namespace="lkc-1", resource_id="topic-uuid-1",
    associations=[AssociationCreateOrUpdateInfo(subject="other", association_type="value", lifecycle="STRONG",
                                                schema=Schema(ORDER, "AVRO"))])), 409, 40903, "one value association per topic")
client.register_schema("audit", Schema(ORDER, "AVRO"))
refused(lambda: client.create_association(AssociationCreateOrUpdateRequest(
    resource_name="refunds", resource_namespace="lkc-1", resource_id="topic-uuid-2",
    associations=[AssociationCreateOrUpdateInfo(subject="payments.Order", association_type="value")])), 409, 40905,
    "a strongly associated subject takes no second association")
refused(lambda: client.create_association(AssociationCreateOrUpdateRequest(
    resource_name="orders", resource_namespace="lkc-1", resource_id="topic-uuid-1",
    associations=[AssociationCreateOrUpdateInfo(subject="audit", association_type="nope")])), 422, 42212, "an unknown association type is 42212")
refused(lambda: client.create_association(AssociationCreateOrUpdateRequest(
    resource_name="orders", resource_namespace="lkc-1", resource_id="topic-uuid-3",
    associations=[AssociationCreateOrUpdateInfo(subject="missing", association_type="key")])), 409, 40907,
    "a subject without a version cannot be associated without a schema")
refused(lambda: client.register_schema("x-value", Schema(json.dumps({"type": "record", "name": "X", "fields": [{"name": "o", "type": "Order"}]}), "AVRO",
                                                         [SchemaReference("Order", "payments.Order", 1)])),
        422, 42205, "a strongly associated subject is not referenced")

# A frozen association brings its schema into an empty subject, which then never changes.
frozen = client.create_association(AssociationCreateOrUpdateRequest(
    resource_name="ledger", resource_namespace="lkc-1", resource_id="topic-uuid-4",
    associations=[AssociationCreateOrUpdateInfo(association_type="value", lifecycle="STRONG", frozen=True, schema=Schema(ORDER, "AVRO"))]))
frozen_subject = frozen.associations[0].subject
check(frozen_subject == ":.lkc-1:ledger-value" and frozen.associations[0].schema is not None, f"a frozen association's default subject ({frozen_subject})")
refused(lambda: client.register_schema(frozen_subject, Schema(ORDER2, "AVRO")), 409, 40908, "a frozen subject takes no new schema")
refused(lambda: client.delete_associations("topic-uuid-4"), 409, 40908, "a frozen association is deleted only with cascade")

# Batches answer 207 with one result or error per request.
batch = client._rest_client.session.post(f"http://127.0.0.1:{port}/associations:batchGet",
                                         json={"requests": [{"resourceId": "topic-uuid-1"}, {"resourceName": "ledger", "resourceNamespace": "-"}, {}]})
results = batch.json()["results"]
check(batch.status_code == 207 and results[0]["result"]["associations"][0]["subject"] == "payments.Order"
      and results[1]["result"]["associations"][0]["frozen"] is True and results[2]["error"]["error_code"] == 42212, f"batchGet ({results})")
mutate = client._rest_client.session.post(f"http://127.0.0.1:{port}/associations:batchMutate", json={"requests": [
    {"resourceName": "audit-topic", "resourceNamespace": "lkc-1", "resourceId": "topic-uuid-5",
     "associations": [{"opType": "CREATE", "subject": "audit", "associationType": "value"}]},
    {"resourceName": "orders", "resourceNamespace": "lkc-1", "resourceId": "topic-uuid-1",
     "associations": [{"opType": "CREATE", "subject": "audit", "associationType": "value"}]},
]})
results = mutate.json()["results"]
check(mutate.status_code == 207 and results[0]["result"]["associations"][0]["lifecycle"] == "WEAK" and results[1]["error"]["error_code"] == 40903,
      f"batchMutate creates one and refuses the other ({results})")

# A restart keeps them.
server.kill()
server.wait()
server = stele_process.start(binary, port, data)
client = SchemaRegistryClient({"url": f"http://127.0.0.1:{port}"})
check(len(client.get_associations_by_resource_name("orders", "-")) == 1 and len(client.get_associations_by_resource_name("audit-topic", "lkc-1")) == 1,
      "associations survive a restart")

# Deleting: a WEAK association leaves its subject; a cascading delete takes a STRONG one's.
client.delete_associations("topic-uuid-5")
check(client.get_latest_version("audit").version == 1, "the weak association's subject stays")
client.delete_associations("topic-uuid-1", cascade_lifecycle=True)
check("payments.Order" not in client.get_subjects() and client.get_associations_by_resource_name("orders", "-") == [],
      "the cascading delete removed the STRONG association and its subject")
refused(lambda: client.delete_associations("topic-uuid-1"), 404, 40410, "deleting what is gone is 40410")
client.delete_associations("topic-uuid-4", cascade_lifecycle=True)
check(frozen_subject not in client.get_subjects(), "a frozen association goes with cascade")

print(f"associations: {checks} checks passed")
