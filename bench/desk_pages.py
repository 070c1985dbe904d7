#!/usr/bin/env python3
"""Times the clerk's desk pages on a running minutebook, as a signed-in
clerk: the board, a meeting's agenda, the room (attendance checklist and 15
items of minutes), after the meeting, a minutes save (the autosave's
request). Sequential requests over one connection, so each time is one
page's server work plus a local round trip. Prints median, p95 and worst.

    python3 bench/desk_pages.py BASE_URL SESSION_COOKIE CSRF MEETING_ID [N]
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

base, cookie, csrf, meeting = sys.argv[1:5]
n = int(sys.argv[5]) if len(sys.argv) > 5 else 200
host = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(host.hostname, host.port)
headers = {"Cookie": f"minutebook_desk={cookie}"}


def get(path):
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"GET {path}: {r.status} {body[:300]!r}")
    return body


def post(path, form):
    h = dict(headers, **{"Content-Type": "application/x-www-form-urlencoded",
                         "Accept": "application/json", "Origin": base})
    conn.request("POST", path, urllib.parse.urlencode(form), headers=h)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"POST {path}: {r.status} {body[:300]!r}")
    return json.loads(body)


def timed(name, f):
    f()  # warm
    ms = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(f"{name:<34} median {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms   worst {ms[-1]:6.2f} ms")
    return ms


room = get(f"/desk/meetings/{meeting}/room").decode()
at = room.index('action="/desk/items/')
item = room[at + len('action="/desk/items/'):].split("/")[0]
state = {"version": room[room.index('name="version" value="', at) + 22:].split('"')[0]}


def save():
    out = post(f"/desk/items/{item}/minutes",
               {"csrf": csrf, "version": state["version"],
                "minutes": "The Chair welcomed everyone.\n\n- first point\n- second point"})
    state["version"] = str(out["version"])


print(f"{n} requests a page, one connection, meeting {meeting}")
timed("/desk (board)", lambda: get("/desk"))
timed("/desk/meetings/{id} (agenda)", lambda: get(f"/desk/meetings/{meeting}"))
timed("/desk/meetings/{id}/room", lambda: get(f"/desk/meetings/{meeting}/room"))
timed("/desk/meetings/{id}/minutes", lambda: get(f"/desk/meetings/{meeting}/minutes"))
timed("POST /desk/items/{id}/minutes", save)
