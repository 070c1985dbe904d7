#!/usr/bin/env python3
"""Grows a SQLite minutebook database the way bench/scale.sh grows a
PostgreSQL one: marks the meetings made through the API held with published
minutes, then copies them (new ids, one week earlier per copy) until there
are about ITEMS agenda items. The search index is left to the product's own
`minutebook reindex`.

    bench/grow_sqlite.py DATABASE_FILE ITEMS
"""
import sqlite3
import sys
import time

path, items = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
db.execute("PRAGMA foreign_keys = ON")
per = db.execute("SELECT count(*) FROM items").fetchone()[0]
copies = (items + per - 1) // per - 1
print(f"# growing: {per} template items, {copies} copies", flush=True)
t0 = time.time()


def cols(table):
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def new_id(expr):
    # The copy's id: the template's with its last 12 hex digits replaced by
    # the copy's number (templates are random v4 UUIDs).
    return f"substr({expr}, 1, 24) || printf('%012d', k)"


def select_list(table, alias, overrides):
    return ", ".join(overrides.get(c, f"{alias}.{c}") for c in cols(table))


with db:
    db.execute("UPDATE meetings SET status = 'held', minutes_status = 'published'")
    db.execute(
        "CREATE TEMP TABLE copies AS WITH RECURSIVE n(k) AS "
        f"(SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {copies}) SELECT k FROM n"
    )
    db.execute("CREATE TEMP TABLE tm AS SELECT id FROM meetings")
    db.execute("CREATE TEMP TABLE ti AS SELECT id FROM items")
    shift = "'-' || (k * 7) || ' days'"
    db.execute(
        f"INSERT INTO meetings ({', '.join(cols('meetings'))}) SELECT "
        + select_list("meetings", "m", {
            "id": new_id("m.id"),
            "starts_at": f"datetime(m.starts_at, {shift})",
            "ends_at": f"datetime(m.ends_at, {shift})",
        })
        + " FROM meetings m, copies WHERE m.id IN (SELECT id FROM tm)"
    )
    db.execute(
        f"INSERT INTO items ({', '.join(cols('items'))}) SELECT "
        + select_list("items", "i", {
            "id": new_id("i.id"),
            "meeting_id": new_id("i.meeting_id"),
            "parent_id": f"CASE WHEN i.parent_id IS NULL THEN NULL ELSE {new_id('i.parent_id')} END",
        })
        + " FROM items i, copies WHERE i.id IN (SELECT id FROM ti)"
        + " ORDER BY k, i.parent_id IS NOT NULL"
    )
    db.execute(
        f"INSERT INTO outcomes ({', '.join(cols('outcomes'))}) SELECT "
        + select_list("outcomes", "o", {
            "id": new_id("o.id"),
            "item_id": new_id("o.item_id"),
        })
        + " FROM outcomes o, copies WHERE o.item_id IN (SELECT id FROM ti)"
    )
    # Revisions of minutes are not what is measured here.
    db.execute("DELETE FROM minutes_dirty")
db.execute("ANALYZE")
meetings = db.execute("SELECT count(*) FROM meetings").fetchone()[0]
total = db.execute("SELECT count(*) FROM items").fetchone()[0]
print(f"# copied in {time.time() - t0:.0f} s: {meetings} meetings, {total} items")
