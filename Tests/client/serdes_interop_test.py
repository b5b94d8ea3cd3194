#!/usr/bin/env python3
"""SteleSerdes and confluent-kafka-python's serializers read each other's messages, in all
three framings, against one running `stele serve`.

    serdes_interop_test.py STELE_BINARY PORT

- confluent-kafka-python → Stele: AvroSerializer / JSONSerializer (unmodified) frame each
  record (prefix v0, prefix v1 = 0x01 + GUID, header), `stele decode` prints it back; the
  output must equal the record (Avro in the Avro JSON encoding, by fastavro's json_writer).
- Stele → confluent-kafka-python: `stele encode` frames each record, AvroDeserializer /
  JSONDeserializer (unmodified, dual schema-id deserializer: header first, then prefix) read
  it; the result must equal the record.
The records and schemas are the golden fixture's (Fixtures/serdes/make_golden.py): every
Avro type, logical types, edge values, unicode. Exits non-zero on the first mismatch."""
import importlib.util
import os
import subprocess
import sys
import tempfile

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

import json
import stele_process

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("golden", os.path.join(HERE, "..", "..", "Fixtures", "serdes", "make_golden.py"))
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)

binary, port = sys.argv[1], int(sys.argv[2])
data = os.path.join(tempfile.mkdtemp(), "interop.db")
stele_process.start(binary, port, data)
url = f"http://127.0.0.1:{port}"
client = SchemaRegistryClient({"url": url})
env = dict(os.environ, STELE_REGISTRY_URL=url)
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def stele(*args, input_text):
    r = subprocess.run([binary, *args], input=input_text, capture_output=True, text=True, env=env, timeout=60)
    if r.returncode != 0:
        raise AssertionError(f"stele {' '.join(args)} exited {r.returncode}: {r.stderr}")
    # Split on LF only: str.splitlines() also breaks at U+0085 and U+2028, which JSON
    # strings may hold unescaped.
    return [l for l in r.stdout.split("\n") if l]


def line_of(message, headers, field):
    """A message as `stele decode` reads it: hex, or header hex, a tab, payload hex."""
    name = "__key_schema_id" if field == MessageField.KEY else "__value_schema_id"
    header = [v for k, v in headers if k == name]
    return (header[-1].hex() + "\t" if header else "") + message.hex()


def parse_line(line, field):
    name = "__key_schema_id" if field == MessageField.KEY else "__value_schema_id"
    parts = line.split("\t")
    headers = [(name, bytes.fromhex(parts[0]))] if len(parts) == 2 else []
    return bytes.fromhex(parts[-1]), headers


conf = {"subject.name.strategy.type": "TOPIC"}
cases = [
    ("avro", "interop-trips", golden.TRIP, golden.TRIPS, MessageField.VALUE),
    ("json", "interop-orders", golden.ORDER, golden.ORDERS, MessageField.VALUE),
    ("avro", "interop-trips", "string", ["trip-1", "a longer key"], MessageField.KEY),
]

for framing, id_serializer in golden.FRAMINGS.items():
    c = dict(conf)
    if id_serializer is not None:
        c["schema.id.serializer"] = id_serializer
    for kind, topic, schema, records, field in cases:
        schema_text = json.dumps(schema)
        if kind == "avro":
            serializer = AvroSerializer(client, schema_text, conf=c)
            deserializer = AvroDeserializer(client)
            as_json = (lambda r, s=schema: golden.avro_json(s, r))
        else:
            serializer = JSONSerializer(schema_text, client, conf=c)
            deserializer = JSONDeserializer(schema_text)
            as_json = (lambda r: r)
        # confluent-kafka-python → stele decode
        lines = []
        for r in records:
            headers = []
            message = serializer(r, SerializationContext(topic, field, headers))
            lines.append(line_of(message, headers, field))
        key_flag = ["--key"] if field == MessageField.KEY else []
        decoded = stele("decode", *key_flag, input_text="\n".join(lines) + "\n")
        check(len(decoded) == len(records), f"{framing} {kind} {field}: one line per message")
        for r, out in zip(records, decoded):
            check(json.loads(out) == as_json(r), f"{framing} {kind} {field}: stele decode of {r!r} gave {out}")
        # stele encode → confluent-kafka-python
        subject = f"{topic}-{'key' if field == MessageField.KEY else 'value'}"
        encoded = stele("encode", "--subject", subject, "--framing", framing, *key_flag,
                        input_text="\n".join(json.dumps(as_json(r)) for r in records) + "\n")
        check(len(encoded) == len(records), f"{framing} {kind} {field}: one message per line")
        for r, line in zip(records, encoded):
            message, headers = parse_line(line, field)
            if framing == "v0":
                check(message[0] == 0 and not headers, f"{framing}: 0x00 prefix")
            elif framing == "v1":
                check(message[0] == 1 and len(message) > 17 and not headers, f"{framing}: 0x01 + GUID prefix")
            else:
                check(len(headers) == 1 and headers[0][1][0] == 1, f"{framing}: GUID header")
            value = deserializer(message, SerializationContext(topic, field, headers))
            check(as_json(value) == as_json(r), f"{framing} {kind} {field}: confluent's deserializer read {value!r}, wrote {r!r}")

print(f"serdes interop: {checks} checks passed")
