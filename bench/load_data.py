#!/usr/bin/env python3
"""Loads a realistic data set into a running minutebook through its API:
one partnership, 12 people, N meetings of 15 items each (one with lettered
parts, one restricted), minute text, outcomes, declarations and attendance.
Prints the id of the last meeting (the one the benchmark reads)."""
import json
import sys
import urllib.request

base, token, meetings = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 10
H = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

PARA = ("Members were presented with an update on the partnership's work, including "
        "joint patrols, information sharing through the Joint Agency Group and the new "
        "Community Safety Strategy that all partners have committed to.")


def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, headers=H,
                                 data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


call("POST", "/api/v1/bodies", {"name": "Bench Partnership", "slug": "bench", "minute_prefix": "BP",
                                "kind": "partnership"})
people = [call("POST", "/api/v1/people", {"name": f"Member {i}", "organisation": f"Organisation {i % 4}"})["id"]
          for i in range(12)]
last = None
for m in range(meetings):
    meeting = call("POST", "/api/v1/bodies/bench/meetings",
                   {"starts_at": f"2024-{(m % 12) + 1:02d}-15T09:00:00Z",
                    "venue": {"name": "Meeting Room 1", "postcode": "TS18 1TU"},
                    "contact": {"name": "Clerk", "role": "Democratic Services Officer"}})["id"]
    for i, p in enumerate(people):
        call("POST", f"/api/v1/meetings/{meeting}/attendance",
             {"person_id": p, "status": "present" if i < 9 else "apologies", "chair": i == 0})
    for i in range(15):
        body = {"title": f"Item {i + 1} report", "kind": "report",
                "minutes": "\n\n".join([PARA] * 3) + "\n\n- first point\n- second point"}
        if i == 14:
            body["restricted"] = {"paragraph": 7, "reason": "crime statistics"}
        item = call("POST", f"/api/v1/meetings/{meeting}/items", body)["id"]
        call("POST", f"/api/v1/items/{item}/outcomes", {"verb": "AGREED", "text": "that the report be noted."})
        if i == 3:
            for t in ("Board A minutes", "Board B minutes", "Board C minutes"):
                call("POST", f"/api/v1/meetings/{meeting}/items", {"title": t, "parent_id": item})
        if i == 5:
            call("POST", f"/api/v1/items/{item}/declarations", {"person_id": people[1], "nature": "personal"})
    call("POST", f"/api/v1/meetings/{meeting}/agenda/publish")
    last = meeting
print(last)
