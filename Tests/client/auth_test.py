#!/usr/bin/env python3
"""`stele serve --auth-file` driven by confluent-kafka-python with basic auth. The users are
hashed here with Python's hashlib exactly as Karapace's `karapace_mkpasswd` hashes them
(scrypt N=16384 r=8 p=1; PBKDF2-HMAC-SHA512, 5,000 rounds), so a Karapace auth file works
unchanged and Stele's hashing is checked against an implementation nobody here wrote.
Usage: auth_test.py STELE_BINARY PORT."""
import base64
import hashlib
import json
import sys
import tempfile
import urllib.request

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
url = f"http://127.0.0.1:{port}"
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def karapace_user(name, password, algorithm, salt):
    if algorithm == "scrypt":
        digest = hashlib.scrypt(password.encode(), salt=salt.encode(), n=16384, r=8, p=1)
    else:
        digest = hashlib.pbkdf2_hmac(algorithm, password.encode(), salt.encode(), 5000)
    return {"username": name, "algorithm": algorithm, "salt": salt, "password_hash": base64.b64encode(digest).decode()}


auth = {
    "users": [karapace_user("producer", "p-secret", "scrypt", "salt-one"), karapace_user("reader", "r-secret", "sha512", "salt-two")],
    "permissions": [
        {"username": "producer", "operation": "Write", "resource": "Subject:rides-.*"},
        {"username": "reader", "operation": "Read", "resource": "Subject:.*"},
    ],
}
path = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
json.dump(auth, path)
path.close()
stele_process.start(binary, port, ":memory:", "--auth-file", path.name)

producer = SchemaRegistryClient({"url": url, "basic.auth.user.info": "producer:p-secret"})
reader = SchemaRegistryClient({"url": url, "basic.auth.user.info": "reader:r-secret"})
intruder = SchemaRegistryClient({"url": url, "basic.auth.user.info": "producer:wrong"})
nobody = SchemaRegistryClient({"url": url})


def error(fn):
    try:
        fn()
    except SchemaRegistryError as e:
        return e.http_status_code, e.error_code
    return None


RIDE = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}'
ctx = SerializationContext("rides", MessageField.VALUE)
payload = AvroSerializer(producer, RIDE)({"id": 7}, ctx)
check(payload[0] == 0, "the producer's serializer registered and wrote (scrypt user)")
check(AvroDeserializer(reader)(payload, ctx) == {"id": 7}, "the reader's deserializer reads it (PBKDF2-SHA512 user)")
check(error(lambda: reader.register_schema("rides-value", Schema('{"type":"record","name":"Ride","fields":[]}', "AVRO"))) == (403, 40301),
      "a reader may not register")
check(error(lambda: producer.register_schema("orders-value", Schema(RIDE, "AVRO"))) == (403, 40301), "nor a producer outside its subjects")
check(error(lambda: intruder.get_subjects()) == (401, 40101), "a wrong password is 401")
check(error(lambda: nobody.get_subjects()) == (401, 40101), "no credentials is 401")
check(reader.get_subjects() == ["rides-value"], "the reader lists what it may read")
check(error(lambda: producer.get_compatibility()) == (403, 40301), "the global config needs Config:")
ready = urllib.request.urlopen(f"{url}/health/ready")
check(ready.status == 200, "health probes need no credentials")

print(f"auth: confluent-kafka-python {__import__('confluent_kafka').__version__} with basic auth: {checks} checks passed")
