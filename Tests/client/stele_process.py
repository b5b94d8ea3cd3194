"""`stele serve` as a child process for the client tests: started on a port and a file,
waited for until it answers, killed when the test exits however it ends."""
import atexit
import subprocess
import time
import urllib.request

_children = []
atexit.register(lambda: [c.kill() for c in _children if c.poll() is None])


def start(binary, port, data, *options):
    p = subprocess.Popen([binary, "serve", "--port", str(port), "--data", data, *options],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _children.append(p)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1).read()
            return p
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("server did not start")
