#!/usr/bin/env python3
"""Eight item writers that log every request, to see stalls that wrk's
percentiles hide: whether slow writes come alone or all together (a stall
of the writer's thread), and when.

Usage: bench/writer_stalls.py BASE_URL MEETING_ID TOKEN [SECONDS] [WRITERS]
(a running server, a meeting and a clerk token, as bench/ratios.sh makes
them; e.g. after its whole-meeting run). Prints the count, requests/s,
p50/p99/max in ms, and every request over 50 ms with its start time.
"""
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlparse

base, meeting, token = sys.argv[1:4]
secs = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
writers = int(sys.argv[5]) if len(sys.argv) > 5 else 8
url = urlparse(base)
body = json.dumps({"title": "Benchmark item", "kind": "report",
                   "minutes": "A paragraph of minute text."})
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
out, lock, t0 = [], threading.Lock(), time.time()


def writer():
    c = http.client.HTTPConnection(url.hostname, url.port)
    while time.time() - t0 < secs:
        s = time.time()
        c.request("POST", f"/api/v1/meetings/{meeting}/items", body, headers)
        r = c.getresponse()
        r.read()
        with lock:
            out.append((s - t0, time.time() - s, r.status))


threads = [threading.Thread(target=writer) for _ in range(writers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
d = sorted(x[1] for x in out)
n = len(d)
print(f"n={n} rps={n / secs:.0f} p50={d[n // 2] * 1000:.1f} "
      f"p99={d[int(n * .99)] * 1000:.1f} max={d[-1] * 1000:.1f} "
      f"failed={sum(1 for x in out if x[2] != 201)}")
slow = sorted(x for x in out if x[1] > 0.05)
print("over 50 ms:", len(slow))
for at, took, status in slow:
    print(f"  at {at:.3f}s took {took * 1000:.0f} ms, status {status}")
