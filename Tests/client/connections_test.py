#!/usr/bin/env python3
"""Hostile connections against a real `stele serve`: 1,000 connections open at once, each
dropped half-way through a request (half a request line, headers without a body, half a body,
a full request closed before the answer, garbage, nothing at all), half of them closed with a
reset. While they are open the server must keep answering; afterwards every stored version must
read back exactly as before, also after a restart, and the server must have let go of the
connections, and close the ones left quiet after its idle timeout. Also checks, on raw sockets, the `GET /schemas/ids/{id}` fast path: pipelined
responses keep their order, `Connection: close` is honoured, and an id deleted permanently
stops resolving even after it was cached.
Usage: connections_test.py STELE_BINARY PORT"""
import json
import os
import resource
import signal
import socket
import struct
import sys
import tempfile
import time
import urllib.error
import urllib.request

import stele_process

binary, port = sys.argv[1], int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
data = os.path.join(tempfile.mkdtemp(prefix="stele-connections-"), "registry.db")
CONNECTIONS = 1000
IDLE_TIMEOUT = 2

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < 4 * CONNECTIONS:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8 * CONNECTIONS), hard))

checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def start():
    return stele_process.start(binary, port, data, "--idle-timeout", str(IDLE_TIMEOUT))


def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/vnd.schemaregistry.v1+json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def avro(i):
    return json.dumps({"type": "record", "name": "Conn", "fields": [{"name": "f", "type": "long", "default": i}]})


def snapshot():
    """Every subject, version and id as the registry answers them."""
    out = {}
    status, subjects = call("GET", "/subjects?deleted=true")
    check(status == 200, "GET /subjects")
    for s in subjects:
        _, versions = call("GET", f"/subjects/{s}/versions?deleted=true")
        for v in versions:
            _, body = call("GET", f"/subjects/{s}/versions/{v}?deleted=true")
            _, by_id = call("GET", f"/schemas/ids/{body['id']}")
            out[(s, v)] = (body["id"], body["schema"], by_id["schema"])
    return out


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def request(method, path, body=b"", headers=()):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers)
    if body or method in ("POST", "PUT"):
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def read_responses(sock, count):
    """`count` HTTP/1.1 responses as (status, headers, body), read off one socket."""
    buffer, out = b"", []
    sock.settimeout(10)
    while len(out) < count:
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed after {len(out)} responses")
            buffer += chunk
        head, buffer = buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        headers = {k.lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(buffer) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError("connection closed inside a body")
            buffer += chunk
        out.append((int(lines[0].split()[1]), headers, buffer[:length]))
        buffer = buffer[length:]
    return out


server = start()

# A registry with content: Avro versions in several subjects, JSON Schema, a reference.
for i in range(20):
    status, _ = call("POST", f"/subjects/conn-{i % 4}/versions", {"schema": avro(i)})
    check(status == 200, "register")
call("POST", "/subjects/conn-json/versions", {"schemaType": "JSON", "schema": json.dumps({"type": "object", "properties": {"a": {"type": "string"}}})})
call("POST", "/subjects/conn-ref/versions", {"schema": json.dumps({"type": "record", "name": "Outer", "fields": [{"name": "c", "type": "Conn"}]}),
                                            "references": [{"name": "Conn", "subject": "conn-0", "version": 1}]})
before = snapshot()
check(len(before) == 22, f"22 versions stored, found {len(before)}")
fds_before = open_fds(server.pid)

# 1,000 connections, each stopped half-way through something.
register_body = json.dumps({"schema": avro(10_000)}).encode()
partials = [
    lambda: b"GET /schemas/ids/1 HT",                                                  # half a request line
    lambda: request("POST", "/subjects/conn-0/versions", register_body)[:-len(register_body)],  # headers, no body
    lambda: request("POST", "/subjects/conn-1/versions", register_body)[:-len(register_body) // 2],  # half a body
    lambda: request("GET", "/schemas/ids/1"),                                           # whole, closed before the answer
    lambda: request("GET", "/subjects/conn-2/versions/latest"),                         # whole, slow path, closed early
    lambda: b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64),           # a TLS hello: not HTTP
    lambda: b"",                                                                        # connected, silent
    lambda: request("PUT", "/config/conn-3", b'{"compatibility": "NO')[:-3],           # truncated JSON body
]
sockets = []
for i in range(CONNECTIONS):
    s = socket.create_connection(("127.0.0.1", port))
    payload = partials[i % len(partials)]()
    if payload:
        s.sendall(payload)
    sockets.append(s)
check(len(sockets) == CONNECTIONS, "1,000 connections open at once")

# With all of them open, the server still answers, reads and writes.
status, body = call("GET", "/schemas/ids/1")
check(status == 200 and body["schema"] == before[("conn-0", 1)][1], "reads answered with 1,000 connections open")
status, body = call("POST", "/subjects/conn-live/versions", {"schema": avro(777)})
check(status == 200 and body["version"] == 1, "a registration answered with 1,000 connections open")

# Drop them all: half with a reset (SO_LINGER 0), half with a plain close.
for i, s in enumerate(sockets):
    if i % 2 == 0:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()

for _ in range(100):
    if open_fds(server.pid) <= fds_before + 5:
        break
    time.sleep(0.1)
check(open_fds(server.pid) <= fds_before + 5, f"connections released: {open_fds(server.pid)} fds open, {fds_before} before")
check(server.poll() is None, "the server is still running")

after = snapshot()
check(after.pop(("conn-live", 1))[0] > 0, "the live registration is stored")
check(after == before, "every stored version reads back unchanged after the dropped connections")
status, cfg = call("GET", "/config/conn-3")
check(status == 404, "a truncated config update changed nothing")

# Fast path: pipelined requests on one connection answer in order, whichever path serves them.
s = socket.create_connection(("127.0.0.1", port))
new_body = json.dumps({"schema": avro(4242)}).encode()
s.sendall(request("GET", "/schemas/ids/1") + request("POST", "/subjects/conn-pipe/versions", new_body)
          + request("GET", "/schemas/ids/1") + request("GET", "/subjects/conn-pipe/versions/latest") + request("GET", "/schemas/ids/999999"))
replies = read_responses(s, 5)
check([r[0] for r in replies] == [200, 200, 200, 200, 404], f"pipelined statuses in order: {[r[0] for r in replies]}")
registered = json.loads(replies[1][2])
check(json.loads(replies[0][2]) == json.loads(replies[2][2]) and "version" not in json.loads(replies[0][2]), "both id reads are the SchemaString")
check(json.loads(replies[3][2])["id"] == registered["id"], "the latest version is the one just registered")
check(json.loads(replies[4][2])["error_code"] == 40403, "an unknown id is Confluent's 40403")
check(all(r[1].get("content-type") == "application/vnd.schemaregistry.v1+json" for r in replies), "every answer has the registry content type")
s.close()

# `Connection: close` is honoured on the id read.
s = socket.create_connection(("127.0.0.1", port))
s.sendall(request("GET", "/schemas/ids/1", headers=[("Connection", "close")]))
(status, _, _), = read_responses(s, 1)
s.settimeout(5)
check(status == 200 and s.recv(1) == b"", "Connection: close answered, then closed")
s.close()

# Quiet connections are closed once the idle timeout passes: silent, or stopped mid-request.
quiet = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
quiet[1].sendall(b"GET /schemas/ids/1 HTTP/1.1\r\nHost: x\r\n")
quiet[2].sendall(request("POST", "/subjects/conn-0/versions", register_body)[:-10])
for q in quiet:
    q.settimeout(IDLE_TIMEOUT + 5)
    try:
        closed = q.recv(1) == b""
    except ConnectionResetError:
        closed = True
    check(closed, "a quiet connection is closed by the server after the idle timeout")
    q.close()

# A cached id stops resolving once permanently deleted.
pipe_id = registered["id"]
check(call("GET", f"/schemas/ids/{pipe_id}")[0] == 200, "the new id resolves (and is cached)")
check(call("DELETE", "/subjects/conn-pipe")[0] == 200, "soft delete")
check(call("GET", f"/schemas/ids/{pipe_id}")[0] == 200, "a soft-deleted version keeps its id resolvable")
check(call("DELETE", "/subjects/conn-pipe?permanent=true")[0] == 200, "permanent delete")
status, body = call("GET", f"/schemas/ids/{pipe_id}")
check(status == 404 and body["error_code"] == 40403, "a permanently deleted id no longer resolves from the cache")

# A restart reads back the same registry.
server.send_signal(signal.SIGTERM)
server.wait(timeout=10)
server = start()
after_restart = snapshot()
after_restart.pop(("conn-live", 1))
check(after_restart == before, "every stored version reads back unchanged after a restart")
server.send_signal(signal.SIGTERM)
server.wait(timeout=10)
print(f"connections test: {checks} checks passed ({CONNECTIONS} connections dropped half-way)")
