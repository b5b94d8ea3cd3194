#!/usr/bin/env python3
"""Start-up time with a large registry: VERSIONS schema versions (SUBJECTS subjects, each
version a distinct Avro schema with its own id) written into a fresh registry file through
SQLite, in the layout `stele serve` itself writes (migrations run by a first start, which also
registers schema 1 over HTTP so the rows written here can be checked against its row). Then
`stele serve` is started on it ROUNDS times, timing spawn → the first answer naming the newest
id, and the registry's contents are checked. Usage: startup.py STELE DIR [VERSIONS] [ROUNDS]"""
import hashlib
import json
import sqlite3
import subprocess
import sys
import time
import urllib.request

binary, work = sys.argv[1], sys.argv[2]
versions = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
subjects = 1_000
port = 18283
path = f"{work}/startup.db"
base = f"http://127.0.0.1:{port}"


def serve():
    return subprocess.Popen([binary, "serve", "--port", str(port), "--data", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def get(p):
    with urllib.request.urlopen(base + p, timeout=5) as r:
        return json.loads(r.read())


def wait_for(p, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            return get(p)
        except Exception:
            time.sleep(0.002)
    raise RuntimeError(f"no answer to {p}")


def schema_text(i):
    return json.dumps({"type": "record", "name": "Startup", "namespace": "bench", "fields": [
        {"name": "id", "type": "long"}, {"name": "n", "type": "long", "default": i}]}, separators=(",", ":"))


def content_key(text):
    # The registry's content key for an Avro schema with no references, metadata or rules.
    return hashlib.sha256(f"AVRO\0{text}\0\0".encode()).hexdigest()


# A first start creates the file, runs the migrations and registers schema 1.
server = serve()
wait_for("/")
req = urllib.request.Request(base + "/subjects/startup-0/versions", method="POST", data=json.dumps({"schema": schema_text(1)}).encode(),
                             headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
assert json.loads(urllib.request.urlopen(req).read())["id"] == 1
server.terminate()
server.wait()

db = sqlite3.connect(path)
def guid(text):
    # Confluent's GUID of a schema without references, metadata or rule set: its text's MD5 as a UUID.
    h = hashlib.md5(text.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


assert db.execute("SELECT schema, refs, content_key, guid, context FROM schemas WHERE id = 1").fetchone() == \
    (schema_text(1), "[]", content_key(schema_text(1)), guid(schema_text(1)), ".")
with db:
    ts = int(time.time() * 1000)
    for i in range(2, versions + 1):
        text = schema_text(i)
        db.execute("INSERT INTO schemas (context, id, type, schema, refs, metadata, ruleset, content_key, guid) VALUES ('.', ?, 'AVRO', ?, '[]', NULL, NULL, ?, ?)",
                   (i, text, content_key(text), guid(text)))
        subject, version = f"startup-{(i - 1) % subjects}", (i - 1) // subjects + 1
        db.execute("INSERT INTO versions (subject, version, id, deleted, ts) VALUES (?, ?, ?, 0, ?)", (subject, version, i, ts))
    db.execute("INSERT OR REPLACE INTO counters (name, value) VALUES ('maxId', ?)", (versions,))
db.close()

times = []
for r in range(rounds):
    started = time.monotonic()
    server = serve()
    body = wait_for(f"/schemas/ids/{versions}")
    times.append((time.monotonic() - started) * 1000)
    if r == rounds - 1:
        assert '"default":%d' % versions in body["schema"], body
        assert len(get("/subjects")) == subjects
        assert get(f"/subjects/startup-0/versions")[-1] == versions // subjects
        assert get("/schemas/ids/1?fetchMaxId=true")["maxId"] == versions
    server.terminate()
    server.wait()
print(f"{versions} versions in {subjects} subjects: first answer {', '.join(f'{t:.0f}' for t in times)} ms after start")
