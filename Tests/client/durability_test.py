#!/usr/bin/env python3
"""Durability of `stele serve`: many concurrent clients register distinct schemas, the server
is killed with SIGKILL mid-stream and restarted on the same file; every acknowledged
registration must be there with the same id and version, with no duplicate ids and no gaps in
any subject's versions. Also: concurrent registrations of one schema in one subject give one
version and one id. Usage: durability_test.py STELE_BINARY PORT"""
import json
import os
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
data = os.path.join(tempfile.mkdtemp(prefix="stele-durability-"), "registry.db")


def start():
    return stele_process.start(binary, port, data)


def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def schema(i):
    # Distinct and BACKWARD compatible with each other: only the field default differs.
    return json.dumps({"type": "record", "name": "Dur", "fields": [{"name": "f", "type": "long", "default": i}]})


acked = []
lock = threading.Lock()
stop = threading.Event()


def writer(t):
    i = 0
    while not stop.is_set():
        subject = f"dur-{t % 4}"
        try:
            r = call("POST", f"/subjects/{subject}/versions", {"schema": schema(t * 100000 + i)})
        except Exception:
            return  # the server died: this request was not acknowledged
        with lock:
            acked.append((subject, r["version"], r["id"], t * 100000 + i))
        i += 1


server = start()
# One schema from 8 clients at once: one version, one id.
same = []
ths = [threading.Thread(target=lambda: same.append(call("POST", "/subjects/same/versions", {"schema": schema(-1)}))) for _ in range(8)]
[t.start() for t in ths]
[t.join() for t in ths]
assert len({(r["id"], r["version"]) for r in same}) == 1, same
assert call("GET", "/subjects/same/versions") == [1]

threads = [threading.Thread(target=writer, args=(t,)) for t in range(16)]
[t.start() for t in threads]
time.sleep(3)
server.send_signal(signal.SIGKILL)
server.wait()
stop.set()
[t.join() for t in threads]
assert len(acked) > 0, "nothing was acknowledged before the kill"

server = start()
try:
    for subject, version, sid, n in acked:
        r = call("GET", f"/subjects/{subject}/versions/{version}")
        assert r["id"] == sid and json.loads(r["schema"])["fields"][0]["default"] == n, (subject, version, r)
    ids = {}
    for s in {a[0] for a in acked}:
        versions = call("GET", f"/subjects/{s}/versions")
        assert versions == list(range(1, len(versions) + 1)), f"gap in {s}: {versions[:10]}…"
        for v in versions:
            r = call("GET", f"/subjects/{s}/versions/{v}")
            assert ids.setdefault(r["id"], r["schema"]) == r["schema"], "one id names two schemas"
    # Writes go on after the restart with fresh ids.
    after = call("POST", "/subjects/dur-0/versions", {"schema": schema(-2)})
    assert after["id"] > max(a[2] for a in acked)
    print(f"durability: {len(acked)} acknowledged registrations from 16 clients survived SIGKILL; "
          f"{len(ids)} ids, no duplicates, no version gaps; 8 concurrent identical registrations gave one version")
finally:
    server.send_signal(signal.SIGTERM)
    server.wait()
