#!/usr/bin/env python3
"""End to end through a real Kafka-protocol broker on loopback (librdkafka's mock cluster,
hosted by Tests/client/broker/mock_broker.c), one `stele serve` as the registry:

- SteleSerdes → broker → confluent-kafka-python: `stele encode` frames each record (prefix
  v0, prefix v1, GUID header); a confluent-kafka Producer sends the bytes (and the header) to
  a topic; a Consumer reads them back and AvroDeserializer / JSONDeserializer decode them.
- confluent-kafka-python → broker → SteleSerdes: AvroSerializer / JSONSerializer frame each
  record, the Producer sends it, the Consumer reads it, `stele decode` prints it.
- `stele produce` → broker → confluent-kafka-python, and confluent-kafka-python → broker →
  `stele consume`: the CLI's own Kafka client (librdkafka through SteleSerdes) both ways.
Every record must come back equal, in order, with no message lost or added.

    broker_e2e_test.py STELE_BINARY PORT
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

import stele_process

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("golden", os.path.join(HERE, "..", "..", "Fixtures", "serdes", "make_golden.py"))
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)

binary, port = sys.argv[1], int(sys.argv[2])
work = tempfile.mkdtemp()
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


# The broker: built here from its C source (it needs only librdkafka-dev and a C compiler).
broker_bin = os.path.join(work, "mock_broker")
cc = shutil.which("cc") or shutil.which("gcc")
subprocess.run([cc, "-O2", "-o", broker_bin, os.path.join(HERE, "broker", "mock_broker.c"), "-lrdkafka"], check=True)
cases = [("avro", golden.TRIP, golden.TRIPS), ("json", golden.ORDER, golden.ORDERS)]
topics = [f"e2e-{d}-{k}-{f}" for d in ("stele", "confluent", "produce", "consume") for k, _, _ in cases for f in golden.FRAMINGS]
broker = subprocess.Popen([broker_bin, "300", *[t + ":1" for t in topics]], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
stele_process._children.append(broker)
line = broker.stdout.readline().strip()
assert line.startswith("bootstrap="), f"the mock broker said {line!r}"
bootstrap = line.split("=", 1)[1]

stele_process.start(binary, port, os.path.join(work, "e2e.db"))
url = f"http://127.0.0.1:{port}"
registry = SchemaRegistryClient({"url": url})
env = dict(os.environ, STELE_REGISTRY_URL=url)
producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})


def stele(*args, input_text):
    r = subprocess.run([binary, *args], input=input_text, capture_output=True, text=True, env=env, timeout=60)
    if r.returncode != 0:
        raise AssertionError(f"stele {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return [l for l in r.stdout.split("\n") if l]


def produce(topic, messages):
    for value, headers in messages:
        producer.produce(topic, value=value, headers=headers or None)
    check(producer.flush(30) == 0, f"{topic}: every message acknowledged by the broker")


def consume(topic, count):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"g-{topic}", "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    out, deadline = [], time.time() + 60
    while len(out) < count and time.time() < deadline:
        m = consumer.poll(0.5)
        if m is None:
            continue
        assert m.error() is None, f"{topic}: {m.error()}"
        out.append((m.value(), m.headers() or []))
    # Nothing more arrives than was sent.
    extra = consumer.poll(0.5)
    consumer.close()
    check(len(out) == count and extra is None, f"{topic}: read {len(out)} messages (+{0 if extra is None else 1}), sent {count}")
    return out


def as_json(kind, schema, record):
    return golden.avro_json(schema, record) if kind == "avro" else record


for kind, schema, records in cases:
    schema_text = json.dumps(schema)
    for framing, id_serializer in golden.FRAMINGS.items():
        conf = {"subject.name.strategy.type": "TOPIC"}
        if id_serializer is not None:
            conf["schema.id.serializer"] = id_serializer
        if kind == "avro":
            serializer, deserializer = AvroSerializer(registry, schema_text, conf=conf), AvroDeserializer(registry)
        else:
            serializer, deserializer = JSONSerializer(schema_text, registry, conf=conf), JSONDeserializer(schema_text)

        # SteleSerdes → broker → confluent-kafka-python
        topic = f"e2e-stele-{kind}-{framing}"
        subject = f"{topic}-value"
        # The schema is registered by the Python client; stele encode writes with it.
        serializer(records[0], SerializationContext(topic, MessageField.VALUE, []))
        lines = stele("encode", "--subject", subject, "--framing", framing,
                      input_text="".join(json.dumps(as_json(kind, schema, r)) + "\n" for r in records))
        messages = []
        for l in lines:
            parts = l.split("\t")
            headers = [("__value_schema_id", bytes.fromhex(parts[0]))] if len(parts) == 2 else []
            messages.append((bytes.fromhex(parts[-1]), headers))
        produce(topic, messages)
        for r, (value, headers) in zip(records, consume(topic, len(records))):
            decoded = deserializer(value, SerializationContext(topic, MessageField.VALUE, list(headers)))
            check(as_json(kind, schema, decoded) == as_json(kind, schema, r), f"{topic}: confluent's deserializer read {decoded!r}")

        # confluent-kafka-python → broker → SteleSerdes
        topic = f"e2e-confluent-{kind}-{framing}"
        messages = []
        for r in records:
            headers = []
            messages.append((serializer(r, SerializationContext(topic, MessageField.VALUE, headers)), headers))
        produce(topic, messages)
        received = consume(topic, len(records))
        text = ""
        for value, headers in received:
            h = [v for k, v in headers if k == "__value_schema_id"]
            text += (h[-1].hex() + "\t" if h else "") + value.hex() + "\n"
        decoded = stele("decode", input_text=text)
        check(len(decoded) == len(records), f"{topic}: one line per message")
        for r, out in zip(records, decoded):
            check(json.loads(out) == as_json(kind, schema, r), f"{topic}: stele decode gave {out}")

        # stele produce → broker → confluent-kafka-python
        topic = f"e2e-produce-{kind}-{framing}"
        schema_file = os.path.join(work, f"{topic}.{'avsc' if kind == 'avro' else 'json'}")
        with open(schema_file, "w") as f:
            f.write(schema_text)
        out = stele("produce", "--topic", topic, "--value-schema", schema_file, "--framing", framing, "--bootstrap-server", bootstrap,
                    input_text="".join(json.dumps(as_json(kind, schema, r)) + "\n" for r in records))
        check(out == [f"{len(records)} records produced to {topic}"], f"{topic}: stele produce said {out}")
        for r, (value, headers) in zip(records, consume(topic, len(records))):
            decoded = deserializer(value, SerializationContext(topic, MessageField.VALUE, list(headers)))
            check(as_json(kind, schema, decoded) == as_json(kind, schema, r), f"{topic}: confluent's deserializer read {decoded!r}")

        # confluent-kafka-python → broker → stele consume
        topic = f"e2e-consume-{kind}-{framing}"
        messages = []
        for r in records:
            headers = []
            messages.append((serializer(r, SerializationContext(topic, MessageField.VALUE, headers)), headers))
        produce(topic, messages)
        out = stele("consume", "--topic", topic, "--from-beginning", "--max-messages", str(len(records)), "--bootstrap-server", bootstrap,
                    input_text="")
        check([json.loads(l) for l in out] == [as_json(kind, schema, r) for r in records], f"{topic}: stele consume gave {out}")

producer.flush(5)
del producer  # before the broker stops, so librdkafka does not log the disconnect
broker.terminate()
print(f"broker e2e: {checks} checks passed ({len(topics)} topics through librdkafka's mock cluster at {bootstrap})")
