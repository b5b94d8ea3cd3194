#!/usr/bin/env python3
"""`/metrics` of a running `stele serve`, read with Prometheus's own Python client parser
(prometheus_client), while confluent-kafka-python drives the registry: the counters move as
requests are made. Usage: metrics_test.py STELE_BINARY PORT."""
import sys
import urllib.request

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from prometheus_client.parser import text_string_to_metric_families

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
url = f"http://127.0.0.1:{port}"
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def scrape():
    """{(sample name, sorted labels): value} of every sample, parsed by prometheus_client."""
    text = urllib.request.urlopen(f"{url}/metrics").read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


stele_process.start(binary, port, ":memory:")
client = SchemaRegistryClient({"url": url})
V1 = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}'
BAD = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"string"}]}'

before = scrape()
sid = client.register_schema("rides-value", Schema(V1, "AVRO"))
SchemaRegistryClient({"url": url}).get_schema(sid)  # a fresh client: a real GET /schemas/ids/{id}
try:
    client.register_schema("rides-value", Schema(BAD, "AVRO"))
except SchemaRegistryError:
    pass
after = scrape()

route = "/subjects/{subject}/versions"
check(value(after, "stele_http_requests_total", method="POST", route=route, status="200")
      == value(before, "stele_http_requests_total", method="POST", route=route, status="200") + 1, "a registration counted by route and status")
check(value(after, "stele_http_requests_total", method="POST", route=route, status="409") == 1, "the refusal counted with its 409")
check(value(after, "stele_http_requests_total", method="GET", route="/schemas/ids/{id}", status="200") >= 1, "schema reads counted")
check(value(after, "stele_http_request_duration_seconds_count", method="POST", route=route) >= 2, "latency histogram of the route")
check(value(after, "stele_registrations_total") == 1, "stele_registrations_total")
check(value(after, "stele_compatibility_rejections_total") == 1, "stele_compatibility_rejections_total")
check(value(after, "stele_store_commit_duration_seconds_count") >= 1, "store commit latency")
check(value(after, "stele_schemas") == 1 and value(after, "stele_subjects") == 1, "gauges of the registry's size")
check(value(after, "stele_schema_cache_misses_total") + value(after, "stele_schema_cache_hits_total") >= 1, "schema cache lookups")
ready = urllib.request.urlopen(f"{url}/health/ready")
check(ready.status == 200 and b"UP" in ready.read(), "/health/ready")

print(f"metrics: prometheus_client parser: {checks} checks passed")
