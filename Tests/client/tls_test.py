#!/usr/bin/env python3
"""`stele serve` over HTTPS, and with client certificates required, driven by
confluent-kafka-python's SchemaRegistryClient with the throwaway CA of Fixtures/tls.
Usage: tls_test.py STELE_BINARY PORT (uses PORT and PORT+1)."""
import os
import ssl
import subprocess
import sys
import time
import urllib.request

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

binary, port = sys.argv[1], int(sys.argv[2])
tls = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures", "tls")
ca, cert, key = (os.path.join(tls, f) for f in ("ca.pem", "server.pem", "server-key.pem"))
client_cert, client_key = os.path.join(tls, "client.pem"), os.path.join(tls, "client-key.pem")
checks = 0
children = []


def check(cond, what):
    global checks
    assert cond, what
    checks += 1


def start(p, *extra):
    child = subprocess.Popen([binary, "serve", "--port", str(p), "--data", ":memory:", "--tls-cert", cert, "--tls-key", key, *extra],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children.append(child)
    context = ssl.create_default_context(cafile=ca)
    if extra:
        context.load_cert_chain(client_cert, client_key)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"https://127.0.0.1:{p}/health/live", context=context, timeout=1).read()
            return
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


try:
    RIDE = '{"type":"record","name":"Ride","fields":[{"name":"id","type":"long"}]}'
    start(port)
    client = SchemaRegistryClient({"url": f"https://127.0.0.1:{port}", "ssl.ca.location": ca})
    sid = client.register_schema("rides-value", Schema(RIDE, "AVRO"))
    check(client.get_schema(sid).schema_str == RIDE, "register and read over HTTPS")
    try:
        SchemaRegistryClient({"url": f"https://127.0.0.1:{port}"}).get_subjects()
        check(False, "a client that does not trust the CA must fail")
    except Exception:
        check(True, "a client that does not trust the CA fails the handshake")

    start(port + 1, "--tls-client-ca", ca)
    mutual = SchemaRegistryClient({"url": f"https://127.0.0.1:{port + 1}", "ssl.ca.location": ca,
                                   "ssl.certificate.location": client_cert, "ssl.key.location": client_key})
    check(mutual.get_subjects() == [], "mutual TLS with the client certificate")
    try:
        SchemaRegistryClient({"url": f"https://127.0.0.1:{port + 1}", "ssl.ca.location": ca}).get_subjects()
        check(False, "a client without a certificate must fail")
    except Exception:
        check(True, "a client without a certificate is refused")
finally:
    for c in children:
        c.kill()

print(f"tls: confluent-kafka-python {__import__('confluent_kafka').__version__} over HTTPS and mutual TLS: {checks} checks passed")
