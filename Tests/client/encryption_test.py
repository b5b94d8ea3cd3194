#!/usr/bin/env python3
"""Client-side field-level encryption, driven with confluent-kafka-python (unmodified) against
a real `stele serve`: its AvroSerializer and JSONSerializer with an ENCRYPT rule on the fields
tagged PII, the `local-kms` driver, and the DEK registry at /dek-registry/v1 keeping the KEK
and the wrapped DEKs. The PII fields travel as ciphertext and read back; a DEK past
`encrypt.dek.expiry.days` rotates to version 2 and both versions still decrypt; AES256_SIV is
deterministic; KEK and DEK state survives a restart (read with fresh client caches); bad
requests get Confluent's error bodies. Usage: encryption_test.py STELE_BINARY PORT."""
import base64
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import fastavro
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.rules.encryption.encrypt_executor import Clock, FieldEncryptionExecutor
from confluent_kafka.schema_registry.rules.encryption.localkms.local_driver import LocalKmsDriver
from confluent_kafka.serialization import MessageField, SerializationContext

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
url = f"http://127.0.0.1:{port}"
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


class FakeClock(Clock):
    """The executor's clock, moved forward to make a DEK expire without waiting days."""
    def __init__(self):
        self.offset_ms = 0

    def now(self):
        return int(round(time.time() * 1000)) + self.offset_ms


DAY_MS = 24 * 60 * 60 * 1000
RULE_CONF = {"secret": "a local secret for the tests"}
LocalKmsDriver.register()
clock = FakeClock()


def fresh_executor():
    """A new executor (its DEK registry client starts with empty caches)."""
    FieldEncryptionExecutor.register_with_clock(clock)


def encrypt_rule(kek, **params):
    p = {"encrypt.kek.name": kek, "encrypt.kms.type": "local-kms", "encrypt.kms.key.id": "mykey"}
    p.update(params)
    return {"name": "encrypt-pii", "kind": "TRANSFORM", "mode": "WRITEREAD", "type": "ENCRYPT", "tags": ["PII"], "params": p}


def rest(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as r:
            text = r.read()
            return r.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


USER = {"type": "record", "name": "User", "fields": [
    {"name": "name", "type": "string"},
    {"name": "ssn", "type": "string", "confluent:tags": ["PII"]},
    {"name": "age", "type": "int"},
]}
USER_STR = json.dumps(USER)
ALICE = {"name": "alice", "ssn": "123-45-6789", "age": 31}


def alice():
    """A fresh copy: the serializers encrypt the fields of the value they are given in place."""
    return dict(ALICE)

data_dir = tempfile.mkdtemp()
data = os.path.join(data_dir, "encryption.db")
server = stele_process.start(binary, port, data)
fresh_executor()
client = SchemaRegistryClient({"url": url})
ser_conf = {"auto.register.schemas": False, "use.latest.version": True}


def register(subject, schema_str, schema_type, rule):
    return client.register_schema(subject, Schema.from_dict({"schema": schema_str, "schemaType": schema_type, "ruleSet": {"domainRules": [rule]}}))


def avro_fields(message):
    """The record as written on the wire, without running any rule (what a broker stores)."""
    return fastavro.schemaless_reader(io.BytesIO(message[5:]), fastavro.parse_schema(USER))


users = SerializationContext("users", MessageField.VALUE)

# Avro, AES256_GCM: the PII field is ciphertext on the wire, plaintext after the deserializer.
register("users-value", USER_STR, "AVRO", encrypt_rule("kek1"))
serialize = AvroSerializer(client, USER_STR, conf=ser_conf, rule_conf=RULE_CONF)
deserialize = AvroDeserializer(client, rule_conf=RULE_CONF)
message = serialize(alice(), users)
wire = avro_fields(message)
check(wire["name"] == "alice" and wire["age"] == 31, "untagged fields stay plaintext")
check(wire["ssn"] != ALICE["ssn"] and len(base64.b64decode(wire["ssn"])) > len(ALICE["ssn"]), f"the PII field is ciphertext ({wire['ssn']})")
check(deserialize(message, users) == ALICE, "the deserializer decrypts it")
check(serialize(alice(), users) != message, "AES-GCM is randomized: the same value encrypts differently")

status, kek = rest("GET", "/dek-registry/v1/keks/kek1")
check(status == 200 and kek["kmsType"] == "local-kms" and kek["kmsKeyId"] == "mykey" and kek["shared"] is False, f"the serializer registered the KEK ({kek})")
status, dek = rest("GET", "/dek-registry/v1/keks/kek1/deks/users-value/versions/latest")
check(status == 200 and dek["version"] == 1 and dek["algorithm"] == "AES256_GCM" and "keyMaterial" not in dek,
      f"the DEK is stored wrapped, never in plaintext ({dek})")

# Rotation: with encrypt.dek.expiry.days, an expired DEK gets version 2; the ciphertext carries
# the DEK version, so messages of both versions decrypt.
register("rotating-value", USER_STR, "AVRO", encrypt_rule("kek1", **{"encrypt.dek.expiry.days": "1"}))
rotating = SerializationContext("rotating", MessageField.VALUE)
rotating_ser = AvroSerializer(client, USER_STR, conf=ser_conf, rule_conf=RULE_CONF)
before = rotating_ser(alice(), rotating)
clock.offset_ms = 2 * DAY_MS
after = rotating_ser(alice(), rotating)
clock.offset_ms = 0
again = rotating_ser(alice(), rotating)
status, versions = rest("GET", "/dek-registry/v1/keks/kek1/deks/rotating-value/versions")
check(versions == [1, 2], f"the expired DEK rotated to version 2 ({versions})")
prefix = lambda m: base64.b64decode(avro_fields(m)["ssn"])[:5]
check(prefix(before) == b"\x00\x00\x00\x00\x01" and prefix(after) == b"\x00\x00\x00\x00\x02" and prefix(again) == b"\x00\x00\x00\x00\x02",
      "each ciphertext names its DEK version; the new one stays current")
check(all(deserialize(m, rotating) == ALICE for m in (before, after, again)), "messages of both DEK versions decrypt")

# Deterministic encryption (AES256_SIV): equal plaintexts, equal ciphertexts.
register("siv-value", USER_STR, "AVRO", encrypt_rule("kek1", **{"encrypt.dek.algorithm": "AES256_SIV"}))
siv = SerializationContext("siv", MessageField.VALUE)
siv_ser = AvroSerializer(client, USER_STR, conf=ser_conf, rule_conf=RULE_CONF)
first, second = siv_ser(alice(), siv), siv_ser(alice(), siv)
check(first == second and avro_fields(first)["ssn"] != ALICE["ssn"], "AES256_SIV gives the same ciphertext for the same value")
check(deserialize(first, siv) == ALICE, "and decrypts")
status, dek = rest("GET", "/dek-registry/v1/keks/kek1/deks/siv-value?algorithm=AES256_SIV")
check(status == 200 and dek["algorithm"] == "AES256_SIV", "the SIV DEK is its own key")

# JSON Schema: a property tagged PII.
CARD = json.dumps({"type": "object", "properties": {
    "holder": {"type": "string"},
    "number": {"type": "string", "confluent:tags": ["PII"]},
}, "required": ["holder", "number"]})
register("cards-value", CARD, "JSON", encrypt_rule("kek-json"))
cards = SerializationContext("cards", MessageField.VALUE)
card = {"holder": "bob", "number": "4111 1111 1111 1111"}
json_message = JSONSerializer(CARD, client, conf=ser_conf, rule_conf=RULE_CONF)(dict(card), cards)
on_wire = json.loads(json_message[5:])
check(on_wire["holder"] == "bob" and on_wire["number"] != card["number"], f"the JSON PII property is ciphertext ({on_wire})")
check(JSONDeserializer(None, schema_registry_client=client, rule_conf=RULE_CONF)(json_message, cards) == card, "the JSON deserializer decrypts it")

# SteleSerdes (through `stele encode` / `stele decode`, LOCAL_SECRET for the local KMS) reads
# what confluent-kafka-python encrypted, and the other way round.
stele_env = dict(os.environ, STELE_REGISTRY_URL=url, LOCAL_SECRET=RULE_CONF["secret"])


def stele(*args, input_text):
    return subprocess.run([binary, *args], input=input_text, capture_output=True, text=True, env=stele_env, timeout=60)


def decoded(subject, *messages):
    r = stele("decode", "--subject", subject, input_text="".join(m.hex() + "\n" for m in messages))
    assert r.returncode == 0, f"stele decode exited {r.returncode}: {r.stderr}"
    return [json.loads(line) for line in r.stdout.split("\n") if line]


check(decoded("users-value", message) == [ALICE], "SteleSerdes decrypts confluent-kafka-python's AES-GCM field")
check(decoded("rotating-value", before, after) == [ALICE, ALICE], "and both DEK versions of a rotated subject")
check(decoded("cards-value", json_message) == [card], "and its JSON Schema property")
r = stele("encode", "--subject", "users-value", input_text=json.dumps(ALICE) + "\n")
assert r.returncode == 0, f"stele encode exited {r.returncode}: {r.stderr}"
ours = bytes.fromhex(r.stdout.strip())
check(avro_fields(ours)["ssn"] != ALICE["ssn"] and deserialize(ours, users) == ALICE, "confluent-kafka-python decrypts SteleSerdes' field")
r = stele("encode", "--subject", "rotating-value", input_text=json.dumps(ALICE) + "\n")
assert r.returncode == 0, r.stderr
check(prefix(bytes.fromhex(r.stdout.strip())) == b"\x00\x00\x00\x00\x02" and deserialize(bytes.fromhex(r.stdout.strip()), rotating) == ALICE,
      "SteleSerdes writes with the current DEK version, prefixed, as confluent-kafka-python does")
check(decoded("siv-value", first) == [ALICE], "SteleSerdes decrypts confluent-kafka-python's deterministic AES-SIV field")
r = stele("encode", "--subject", "siv-value", input_text=json.dumps(ALICE) + "\n")
assert r.returncode == 0, r.stderr
check(bytes.fromhex(r.stdout.strip()) == first, "and writes the very same bytes: AES-SIV is deterministic, the DEK shared")
r = subprocess.run([binary, "decode", "--subject", "users-value"], input=message.hex() + "\n", capture_output=True, text=True,
                   env=dict(os.environ, STELE_REGISTRY_URL=url, LOCAL_SECRET="the wrong secret"), timeout=60)
check(r.returncode != 0 and "unwrap" in r.stderr, f"a wrong KMS secret is a clear error ({r.stderr.strip()})")

# Tags from the schema's metadata (`metadata.tags` path patterns), not inline.
PLAIN = json.dumps({"type": "record", "name": "Plain", "namespace": "hr", "fields": [{"name": "name", "type": "string"}, {"name": "ssn", "type": "string"}]})
client.register_schema("plain-value", Schema.from_dict({"schema": PLAIN, "schemaType": "AVRO", "metadata": {"tags": {"hr.Plain.ssn": ["PII"]}},
                                                        "ruleSet": {"domainRules": [encrypt_rule("kek1")]}}))
plain_ctx = SerializationContext("plain", MessageField.VALUE)
bob = {"name": "bob", "ssn": "987-65-4321"}
plain_message = AvroSerializer(client, PLAIN, conf=ser_conf, rule_conf=RULE_CONF)(dict(bob), plain_ctx)
wire = fastavro.schemaless_reader(io.BytesIO(plain_message[5:]), fastavro.parse_schema(json.loads(PLAIN)))
check(wire["ssn"] != bob["ssn"] and decoded("plain-value", plain_message) == [bob], "a field tagged by metadata.tags: encrypted, and SteleSerdes reads it")
r = stele("encode", "--subject", "plain-value", input_text=json.dumps(bob) + "\n")
assert r.returncode == 0, r.stderr
ours = bytes.fromhex(r.stdout.strip())
check(fastavro.schemaless_reader(io.BytesIO(ours[5:]), fastavro.parse_schema(json.loads(PLAIN)))["ssn"] != bob["ssn"]
      and AvroDeserializer(client, rule_conf=RULE_CONF)(ours, plain_ctx) == bob, "and SteleSerdes encrypts it for confluent-kafka-python")

# A restart: the keys are durable; a fresh client (empty caches) reads every message.
server.kill()
server.wait()
server = stele_process.start(binary, port, data)
fresh_executor()
client = SchemaRegistryClient({"url": url})
reader = AvroDeserializer(client, rule_conf=RULE_CONF)
check(reader(message, users) == ALICE and reader(after, rotating) == ALICE and reader(first, siv) == ALICE,
      "after a restart the stored KEK and DEKs decrypt every message")
status, versions = rest("GET", "/dek-registry/v1/keks/kek1/deks/rotating-value/versions")
check(versions == [1, 2], "DEK versions survive the restart")
status, names = rest("GET", "/dek-registry/v1/keks")
check(names == ["kek-json", "kek1"], f"KEKs survive the restart ({names})")

# Bad input: Confluent's codes, never a 5xx.
status, body = rest("GET", "/dek-registry/v1/keks/nokek")
check(status == 404 and body["error_code"] == 40470, f"an unknown KEK is 40470 ({body})")
status, body = rest("POST", "/dek-registry/v1/keks/nokek/deks/users-value", {"subject": "users-value", "encryptedKeyMaterial": "AAAA"})
check(status == 404 and body["error_code"] == 40470, "a DEK under an unknown KEK is 40470")
status, existing = rest("GET", "/dek-registry/v1/keks/kek1/deks/users-value/versions/1")
status, body = rest("POST", "/dek-registry/v1/keks/kek1/deks/users-value",
                    {"subject": "users-value", "version": 1, "encryptedKeyMaterial": "AAAA"})
check(status == 409 and body["error_code"] == 40971, f"a second DEK version 1 is 40971 ({body})")
status, body = rest("POST", "/dek-registry/v1/keks/kek1/deks/users-value", {"subject": "users-value", "version": 5, "encryptedKeyMaterial": "%%not base64%%"})
check(status == 422 and body["error_code"] == 42271, f"malformed key material is 42271 ({body})")
status, body = rest("POST", "/dek-registry/v1/keks", {"name": "9bad name", "kmsType": "local-kms", "kmsKeyId": "k"})
check(status == 422 and body["error_code"] == 42271, "an invalid KEK name is 42271")
status, body = rest("POST", "/dek-registry/v1/keks", {"name": "nokms"})
check(status == 422 and body["error_code"] == 42271 and body["message"] == "kmsKeyId", "a KEK without its KMS key is 42271")
status, body = rest("POST", "/dek-registry/v1/keks", {"name": "big", "kmsType": "local-kms", "kmsKeyId": "k", "doc": "x" * (9 << 20)})
check(status == 413 and "error_code" in body, f"an oversized body is refused with a JSON error ({status})")
status, body = rest("DELETE", "/dek-registry/v1/keks/kek1")
check(status == 422 and body["error_code"] == 42272, "a KEK with live DEKs cannot be deleted (42272)")
status, body = rest("DELETE", "/dek-registry/v1/keks/kek-json?permanent=true")
check(status == 422 and body["error_code"] == 42272, "nor permanently")
status, _ = rest("DELETE", "/dek-registry/v1/keks/kek-json/deks/cards-value")
status, _ = rest("DELETE", "/dek-registry/v1/keks/kek-json")
check(status == 204, "soft-deleting the KEK once its DEKs are soft-deleted")
status, body = rest("DELETE", "/dek-registry/v1/keks/kek-json?permanent=true")
check(status == 422 and body["error_code"] == 42272, "soft-deleted DEKs still keep the KEK from a permanent delete")
rest("POST", "/dek-registry/v1/keks", {"name": "lonely", "kmsType": "local-kms", "kmsKeyId": "k"})
status, body = rest("DELETE", "/dek-registry/v1/keks/lonely?permanent=true")
check(status == 404 and body["error_code"] == 40471, "a permanent delete needs a soft delete first (40471)")
rest("DELETE", "/dek-registry/v1/keks/lonely")
status, _ = rest("DELETE", "/dek-registry/v1/keks/lonely?permanent=true")
status2, body = rest("GET", "/dek-registry/v1/keks/lonely?deleted=true")
check(status == 204 and status2 == 404 and body["error_code"] == 40470, "then it is gone")
status, body = rest("POST", "/dek-registry/v1/keks/kek-json/deks/cards-value/undelete")
check(status == 404 and body["error_code"] == 40472, "a DEK of a deleted KEK cannot be undeleted (40472)")
status, _ = rest("POST", "/dek-registry/v1/keks/kek-json/undelete")
status2, _ = rest("POST", "/dek-registry/v1/keks/kek-json/deks/cards-value/undelete")
status3, dek = rest("GET", "/dek-registry/v1/keks/kek-json/deks/cards-value")
check(status == 204 and status2 == 204 and status3 == 200 and dek["deleted"] is False, "undeleting the KEK, then its DEK")
status, body = rest("POST", "/dek-registry/v1/keks/kek1/test")
check(status == 422 and body["error_code"] == 42271, "testing a non-shared KEK is 42271")

# Shared KEKs: a registry holding the local KMS secret makes and unwraps their DEKs, so the
# clients need no KMS access at all (their rule config has no secret).
secret_file = os.path.join(data_dir, "kms-secret")
with open(secret_file, "w") as f:
    f.write("the registry's own secret\n")
shared_port = port + 1
stele_process.start(binary, shared_port, os.path.join(data_dir, "shared.db"), "--local-kms-secret-file", secret_file)
shared_url = f"http://127.0.0.1:{shared_port}"
shared_client = SchemaRegistryClient({"url": shared_url})
request = urllib.request.Request(shared_url + "/dek-registry/v1/keks", method="POST", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"name": "shared_kek", "kmsType": "local-kms", "kmsKeyId": "mykey", "shared": True}).encode())
check(json.loads(urllib.request.urlopen(request).read())["shared"] is True, "a shared KEK is created by its owner")
status = json.loads(urllib.request.urlopen(urllib.request.Request(shared_url + "/dek-registry/v1/keks/shared_kek/test", method="POST")).read())
check(status["name"] == "shared_kek", "testing a shared KEK: the registry can use its KMS key")
shared_client.register_schema("staff-value", Schema.from_dict({"schema": USER_STR, "schemaType": "AVRO", "ruleSet": {"domainRules": [encrypt_rule("shared_kek")]}}))
fresh_executor()
staff = SerializationContext("staff", MessageField.VALUE)
no_secret = {}
staff_message = AvroSerializer(shared_client, USER_STR, conf=ser_conf, rule_conf=no_secret)(alice(), staff)
check(avro_fields(staff_message)["ssn"] != ALICE["ssn"], "the field is ciphertext with a registry-made DEK")
check(AvroDeserializer(shared_client, rule_conf=no_secret)(staff_message, staff) == ALICE, "and decrypts without the client holding any KMS secret")
stored = json.loads(urllib.request.urlopen(shared_url + "/dek-registry/v1/keks/shared_kek/deks/staff-value").read())
check(stored["encryptedKeyMaterial"] and stored["keyMaterial"], "the registry stores the DEK wrapped and answers its plain key for a shared KEK")
r = subprocess.run([binary, "decode", "--subject", "staff-value"], input=staff_message.hex() + "\n", capture_output=True, text=True,
                   env=dict(os.environ, STELE_REGISTRY_URL=shared_url), timeout=60)
check(r.returncode == 0 and json.loads(r.stdout) == ALICE, f"SteleSerdes reads it too, with no KMS secret ({r.stderr.strip()})")
status, body = rest("POST", "/dek-registry/v1/keks", {"name": "shared_here", "kmsType": "local-kms", "kmsKeyId": "k", "shared": True})
status, body = rest("POST", "/dek-registry/v1/keks/shared_here/deks/x-value", {"subject": "x-value"})
check(status == 500 and body["error_code"] == 50070 and "KMS" in body["message"], "a registry without the secret says it cannot make a shared KEK's DEK")

print(f"encryption: {checks} checks passed")
