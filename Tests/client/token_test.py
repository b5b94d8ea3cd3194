#!/usr/bin/env python3
"""`stele serve --jwks-file` with bearer tokens minted here by authlib (an implementation nobody
here wrote): confluent-kafka-python's SchemaRegistryClient with a STATIC_TOKEN registers and
reads as the token's subject; expired, foreign-audience, foreign-issuer, forged and `alg: none`
tokens are refused with 401. Usage: token_test.py STELE_BINARY PORT."""
import base64
import json
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", message=".*authlib.jose.*")
from authlib.jose import JsonWebKey, jwt  # noqa: E402
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
url = f"http://127.0.0.1:{port}"
checks = 0


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def temp(content):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    f.write(content)
    f.close()
    return f.name


key = JsonWebKey.generate_key("EC", "P-256", is_private=True, options={"kid": "k1"})
other = JsonWebKey.generate_key("EC", "P-256", is_private=True, options={"kid": "k1"})
jwks = temp(json.dumps({"keys": [key.as_dict(is_private=False) | {"alg": "ES256", "use": "sig"}]}))
auth = temp(json.dumps({"users": [], "permissions": [{"username": "orders-service", "operation": "Write", "resource": "Subject:orders-.*"}]}))
stele_process.start(binary, port, ":memory:", "--auth-file", auth, "--jwks-file", jwks, "--jwt-issuer", "https://idp.example", "--jwt-audience", "stele")


def token(signer=key, **claims):
    body = {"iss": "https://idp.example", "aud": "stele", "sub": "orders-service", "exp": int(time.time()) + 600} | claims
    return jwt.encode({"alg": "ES256", "kid": "k1"}, body, signer).decode()


def client(t):
    return SchemaRegistryClient({"url": url, "bearer.auth.credentials.source": "STATIC_TOKEN", "bearer.auth.token": t,
                                 "bearer.auth.logical.cluster": "lsrc-stele"})


def status(t):
    try:
        client(t).get_subjects()
        return 200
    except SchemaRegistryError as e:
        return e.http_status_code


RIDE = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}'
good = client(token())
sid = good.register_schema("orders-value", Schema(RIDE, "AVRO"))
check(good.get_schema(sid).schema_str == RIDE, "a valid token registers and reads as its subject")
try:
    good.register_schema("rides-value", Schema(RIDE, "AVRO"))
    check(False, "outside its permissions")
except SchemaRegistryError as e:
    check(e.http_status_code == 403, "the token's subject has only its own permissions")
check(status(token(exp=int(time.time()) - 60)) == 401, "an expired token")
check(status(token(aud="someone-else")) == 401, "another audience")
check(status(token(iss="https://evil.example")) == 401, "another issuer")
check(status(token(signer=other)) == 401, "a token signed by another key with the same kid")
unsigned = ".".join(base64.urlsafe_b64encode(json.dumps(p).encode()).decode().rstrip("=") for p in
                    ({"alg": "none", "typ": "JWT"}, {"iss": "https://idp.example", "aud": "stele", "sub": "orders-service", "exp": int(time.time()) + 600})) + "."
check(status(unsigned) == 401, "alg: none")
check(status("not.a.token") == 401, "garbage")

print(f"tokens: authlib-minted JWTs with confluent-kafka-python: {checks} checks passed")
