#!/usr/bin/env python3
"""What each dependency costs a fresh release build on its own.

Reads the newest report of `cargo build --release --timings`
(target/cargo-timings/) and `cargo metadata`, and prints the largest units
and, for some dependencies, the unit-seconds of the crates that only that
dependency brings (reachable from it and from no other dependency of the
workspace). Unit-seconds overlap on several cores; they sum to about the
build's CPU time.

    cargo build --release --locked --timings    # from an empty target/
    python3 bench/build_costs.py
"""
import glob
import json
import os
import re
import subprocess
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
reports = sorted(glob.glob("target/cargo-timings/cargo-timing-*.html"), key=os.path.getmtime)
if not reports:
    sys.exit("no report: run cargo build --release --locked --timings first")
html = open(reports[-1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
cost = {}
for u in units:
    name = u["name"] + (" (build script)" if u.get("mode") == "run-custom-build" else "")
    cost[name] = cost.get(name, 0) + u["duration"]
total = sum(cost.values())
print(f"{reports[-1]}: {len(units)} units, {total:.0f} unit-seconds")
print("\nlargest units:")
for name, s in sorted(cost.items(), key=lambda kv: -kv[1])[:20]:
    print(f"  {s:7.1f}  {name}")

meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--locked"]))
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
names = {p["id"]: p["name"] for p in meta["packages"]}
workspace = set(meta["workspace_members"])


def deps(pkg):
    for d in nodes[pkg]["deps"]:
        if any(k["kind"] in (None, "build") for k in d["dep_kinds"]):
            yield d["pkg"]


def reach(starts, blocked=frozenset()):
    seen, todo = set(), list(starts)
    while todo:
        p = todo.pop()
        if p in seen or p in blocked:
            continue
        seen.add(p)
        todo.extend(deps(p))
    return seen


everything = reach(workspace)


def seconds(pkgs):
    return sum(cost.get(names[p], 0) + cost.get(names[p] + " (build script)", 0) for p in pkgs)


groups = [
    ["typst", "typst-pdf", "typst-layout"],
    ["actix-web"], ["diesel"], ["lopdf", "pdf-extract"], ["docx-rs"], ["object_store"],
    ["minijinja"], ["utoipa-swagger-ui"], ["reqwest"], ["lettre"], ["clap"],
]
print("\nwhat only each dependency brings:")
print(f"  {seconds(workspace):7.0f}  our {len(workspace)} crates")
for group in groups:
    roots = {p for p in everything if names[p] in group}
    alone = reach(roots) - reach(workspace, blocked=frozenset(roots))
    print(f"  {seconds(alone):7.0f}  {', '.join(group)} ({len(alone)} crates)")
