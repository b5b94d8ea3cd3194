#!/usr/bin/env python3
"""Three `stele serve` instances sharing one PostgreSQL database, with clients spread over all
three registering and reading for several seconds. During the run one instance is SIGKILLed and
started again, and PostgreSQL itself is restarted. Afterwards every acknowledged registration
must be present with its id and version on every instance, no id may name two schemas, no
subject may have a version gap, and all three instances must list identical /schemas and
/subjects. Also checked while running: a schema registered on one instance is read by id on
another, and found by a lookup on the third, straight after (read-your-writes across instances).

Usage: multi_instance_test.py STELE_BINARY PORT POSTGRES_URL POSTGRES_DATA_DIR
(POSTGRES_URL: a server this test may create a database on; scripts/postgres restarts it.)"""
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import stele_process

binary, port, admin_url, pg_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
database = f"stele_multi_{os.getpid()}"
subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", admin_url, "-c", f"CREATE DATABASE {database}"], check=True)
storage = admin_url.rsplit("/", 1)[0] + "/" + database
ports = [port, port + 1, port + 2]
unused = os.path.join(tempfile.mkdtemp(prefix="stele-multi-"), "unused.db")
servers = {}


def start(i):
    servers[i] = stele_process.start(binary, ports[i], unused, "--storage", storage)


def call(i, method, path, body=None, timeout=10):
    req = urllib.request.Request(f"http://127.0.0.1:{ports[i]}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def schema(name, n):
    return json.dumps({"type": "record", "name": name, "fields": [{"name": "f", "type": "long", "default": n}]})


for i in range(3):
    start(i)
call(0, "PUT", "/config", {"compatibility": "NONE"})

acked = []          # (subject, version, id, schema text) of every 200 answer
read_misses = []    # a registration one instance acknowledged that another could not read
lock = threading.Lock()
stop = threading.Event()
errors = [0]


def client(t):
    rng = random.Random(t)
    k = 0
    while not stop.is_set():
        i = (t + k) % 3
        if k % 5 == 4:
            # The same schema from every client at about the same moment, through different instances.
            subject, text = f"common-{(k // 5) % 3}", schema("Common", k // 5)
        else:
            subject, text = f"multi-{rng.randrange(4)}", schema(f"C{t}", k)
        k += 1
        try:
            r = call(i, "POST", f"/subjects/{subject}/versions", {"schema": text})
        except Exception:
            with lock:
                errors[0] += 1
            time.sleep(0.05)  # an instance is down or the database restarting: not acknowledged
            continue
        with lock:
            acked.append((subject, r["version"], r["id"], text))
        if k % 7 == 0:
            other = (i + 1) % 3
            try:
                got = call(other, "GET", f"/schemas/ids/{r['id']}")
                if json.loads(got["schema"]) != json.loads(text):
                    with lock:
                        read_misses.append((r["id"], "other content"))
                # A lookup (what a serializer with auto.register.schemas off sends) on a third instance.
                found = call((i + 2) % 3, "POST", f"/subjects/{subject}", {"schema": text})
                if found["id"] != r["id"]:
                    with lock:
                        read_misses.append((r["id"], f"lookup gave id {found['id']}"))
            except urllib.error.HTTPError as e:
                # A 5xx is "cannot tell" while PostgreSQL restarts (clients retry it); a 404
                # would be a lie a consumer gives up on.
                if e.code < 500:
                    with lock:
                        read_misses.append((r["id"], e.code))
            except Exception:
                pass  # the other instance is down right now


threads = [threading.Thread(target=client, args=(t,)) for t in range(12)]
started = time.time()
for th in threads:
    th.start()
time.sleep(2)
servers[1].send_signal(signal.SIGKILL)
servers[1].wait()
time.sleep(1)
start(1)
time.sleep(1.5)
subprocess.run([os.path.join(root, "scripts", "postgres"), "restart", pg_dir], check=True)
time.sleep(3)
stop.set()
for th in threads:
    th.join()
elapsed = time.time() - started

check(len(acked) > 500, f"{len(acked)} registrations acknowledged (expected hundreds)")
check(not read_misses, f"a registration acknowledged on one instance was read on another: {read_misses[:5]}")

# Every instance, once caught up, holds the same registry.
time.sleep(1.5)
listings = []
for i in range(3):
    subjects = call(i, "GET", "/subjects?deleted=true")
    schemas = call(i, "GET", "/schemas?deleted=true")
    listings.append((subjects, [(s["subject"], s["version"], s["id"]) for s in schemas]))
check(listings[0] == listings[1] == listings[2], "the three instances list identical /subjects and /schemas")

by_version = {(s, v): i for s, v, i in listings[0][1]}
text_of_id = {}
for subject, version, id_, text in acked:
    check(by_version.get((subject, version)) == id_, f"acknowledged {subject} v{version} id {id_} is there with its id")
    previous = text_of_id.setdefault(id_, text)
    check(json.loads(previous) == json.loads(text), f"id {id_} names one schema")
ids_by_text = {}
for subject, version, id_ in listings[0][1]:
    got = call(0, "GET", f"/schemas/ids/{id_}")["schema"]
    ids_by_text.setdefault(got, set()).add(id_)
check(all(len(ids) == 1 for ids in ids_by_text.values()), "one id per schema")
for subject in listings[0][0]:
    versions = call(0, "GET", f"/subjects/{subject}/versions?deleted=true")
    check(versions == list(range(1, len(versions) + 1)), f"{subject}: versions 1..{len(versions)} without gaps ({versions[:5]}…)")
for i in range(3):
    for subject, version, id_, _ in acked[:: max(1, len(acked) // 50)]:
        check(call(i, "GET", f"/subjects/{subject}/versions/{version}")["id"] == id_, f"instance {i} answers {subject} v{version} with id {id_}")

for p in servers.values():
    p.kill()
if failures:
    print(f"multi-instance: {len(failures)} failures")
    sys.exit(1)
print(f"multi-instance: 3 instances on PostgreSQL, 12 clients for {elapsed:.1f} s through a SIGKILL and a PostgreSQL restart: "
      f"{len(acked)} registrations acknowledged ({len(acked) / elapsed:.0f}/s), {errors[0]} refused while down; "
      f"{len(listings[0][1])} versions in {len(listings[0][0])} subjects, identical on every instance")
