"""Crash test: kill -9 the server while clients write and the mail worker
sends, restart it, and prove that nothing acknowledged was lost.

For one backend (SQLite file or a fresh PostgreSQL database) it runs the
real binary, a real SMTP server (aiosmtpd) beside it, four writers creating
people and one writer taking meetings through to an approval email (each to
its own chair, so every email is accounted for). Three times it lets them
run, SIGKILLs the server mid-flight and restarts it on the same port. Then:

* every write answered 201 is there (people, approval requests);
* SQLite: `PRAGMA integrity_check` is `ok` after every kill;
* every approval email acknowledged is received by the SMTP server within
  the deadline, and the outbox holds nothing unsent.

Usage: crash.py BINARY sqlite|postgres [POSTGRES_URL]
"""

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from aiosmtpd.controller import Controller

CYCLES = 3
RUN_SECONDS = 2.5
MAIL_DEADLINE = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """Every recipient the SMTP server accepted a message for."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received = {}

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt.lower()] = self.received.get(rcpt.lower(), 0) + 1
        return "250 OK"

    def got(self, addr):
        with self.lock:
            return self.received.get(addr.lower(), 0) > 0


class Server:
    def __init__(self, binary, env, port, log):
        self.binary, self.env, self.port, self.log = binary, env, port, log
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve"], env=self.env, stdout=self.log, stderr=self.log
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited with {self.proc.returncode}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz", None, None)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("the server did not start within 30 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def request(port, method, path, token, body, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        text = r.read()
        try:
            doc = json.loads(text) if text else None
        except ValueError:
            doc = None
        return r.status, doc, r
    finally:
        conn.close()


class Writers:
    def __init__(self, port, token, body_slug):
        self.port, self.token, self.body = port, token, body_slug
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.people = []  # ids answered 201
        self.approvals = []  # (meeting id, request id, to_email)
        self.errors = []

    def call(self, method, path, body):
        status, doc, _ = request(self.port, method, path, self.token, body, timeout=5)
        if status >= 500 and status != 503:
            self.errors.append(f"{method} {path} -> {status} {doc}")
        return status, doc

    def people_writer(self, n):
        i = 0
        while not self.stop.is_set():
            i += 1
            try:
                status, doc = self.call("POST", "/api/v1/people", {"name": f"Writer {n} person {i}"})
            except OSError:
                time.sleep(0.02)  # the server is down: not acknowledged
                continue
            if status == 201:
                with self.lock:
                    self.people.append(doc["id"])

    def approval_writer(self):
        day = 0
        while not self.stop.is_set():
            day += 1
            try:
                self.one_approval(day)
            except (OSError, KeyError, TypeError):
                time.sleep(0.02)

    def one_approval(self, day):
        email = f"chair-{uuid.uuid4().hex[:12]}@example.gov.uk"
        s, chair = self.call("POST", "/api/v1/people", {"name": "Chair", "email": email})
        if s != 201:
            return
        when = f"2023-{1 + day % 12:02d}-{1 + day % 28:02d}T09:00:00+00:00"
        s, m = self.call("POST", f"/api/v1/bodies/{self.body}/meetings", {"starts_at": when})
        if s != 201:
            return
        m = m["id"]
        s, _ = self.call("POST", f"/api/v1/meetings/{m}/items", {"title": "Minutes", "kind": "other"})
        if s != 201:
            return
        s, _ = self.call("POST", f"/api/v1/meetings/{m}/agenda/publish", None)
        if s != 200:
            return
        s, _ = self.call("PATCH", f"/api/v1/meetings/{m}", {"status": "held"})
        if s != 200:
            return
        s, _ = self.call(
            "POST",
            f"/api/v1/meetings/{m}/attendance",
            {"person_id": chair["id"], "status": "present", "chair": True},
        )
        if s != 201:
            return
        s, req = self.call("POST", f"/api/v1/meetings/{m}/minutes/approval-requests", None)
        if s == 201:
            with self.lock:
                self.approvals.append((m, req["id"], email))

    def run(self):
        threads = [threading.Thread(target=self.people_writer, args=(n,)) for n in range(4)]
        threads.append(threading.Thread(target=self.approval_writer))
        for t in threads:
            t.start()
        return threads


def integrity_ok(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def main():
    binary, backend = sys.argv[1], sys.argv[2]
    started = time.time()
    work = tempfile.mkdtemp(prefix="minutebook-crash-")
    pg_db = None
    if backend == "sqlite":
        db_url = os.path.join(work, "crash.db")
    else:
        base = sys.argv[3]
        pg_db = f"mb_test_crash_{os.getpid()}"
        subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {pg_db}"], check=True)
        db_url = base.replace("/postgres?", f"/{pg_db}?", 1)
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": db_url,
            "MINUTEBOOK_BIND": f"127.0.0.1:{port}",
            "MINUTEBOOK_DATA_DIR": os.path.join(work, "data"),
            "MINUTEBOOK_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}?tls=none",
            "MINUTEBOOK_MAIL_POLL_MS": "100",
            "MINUTEBOOK_MAIL_RETRY_BASE_MS": "200",
            # A message claimed when the server was killed waits for its
            # lease to run out before the restarted server sends it again.
            "MINUTEBOOK_MAIL_LEASE_SECS": "5",
            "MINUTEBOOK_APPROVALS_PER_RECIPIENT": "1000",
            "RUST_LOG": "warn",
        }
    )
    token = subprocess.run(
        [binary, "token", "create", "--role", "clerk", "--name", "crash test"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    log = open(os.path.join(work, "server.log"), "ab")
    server = Server(binary, env, port, log)
    server.start()
    s, _, _ = request(port, "POST", "/api/v1/bodies", token,
                      {"name": "Crash Test Panel", "slug": "crash", "minute_prefix": "CTP"})
    assert s == 201, s
    writers = Writers(port, token, "crash")
    threads = writers.run()
    failures = []
    for cycle in range(CYCLES):
        time.sleep(RUN_SECONDS)
        server.kill()
        if backend == "sqlite":
            result = integrity_ok(db_url)
            if result != "ok":
                failures.append(f"cycle {cycle}: integrity_check says {result}")
        server.start()
    time.sleep(RUN_SECONDS)
    writers.stop.set()
    for t in threads:
        t.join()

    # Every acknowledged write is there.
    missing = [p for p in writers.people if request(port, "GET", f"/api/v1/people/{p}", token, None)[0] != 200]
    if missing:
        failures.append(f"{len(missing)} acknowledged people are missing: {missing[:5]}")
    for m, req_id, _ in writers.approvals:
        s, doc, _ = request(port, "GET", f"/api/v1/meetings/{m}/minutes/approval-requests", token, None)
        if s != 200 or req_id not in [r["id"] for r in doc]:
            failures.append(f"acknowledged approval request {req_id} is missing")
    # Every acknowledged email is sent.
    deadline = time.time() + MAIL_DEADLINE
    while time.time() < deadline:
        unsent = [e for _, _, e in writers.approvals if not sink.got(e)]
        s, pending, _ = request(port, "GET", "/api/v1/outbox?status=pending&limit=500", token, None)
        if not unsent and s == 200 and not pending["items"]:
            break
        time.sleep(0.2)
    else:
        failures.append(f"not sent within {MAIL_DEADLINE} s: {unsent[:5]}; pending: {len(pending['items'])}")
    s, failed, _ = request(port, "GET", "/api/v1/outbox?status=failed&limit=500", token, None)
    if failed["items"]:
        failures.append(f"{len(failed['items'])} messages failed for good")
    failures.extend(writers.errors[:5])
    server.kill()
    if backend == "sqlite":
        result = integrity_ok(db_url)
        if result != "ok":
            failures.append(f"final integrity_check says {result}")
    controller.stop()
    if pg_db:
        subprocess.run(["psql", sys.argv[3], "-qc", f"DROP DATABASE IF EXISTS {pg_db} WITH (FORCE)"], check=False)
    print(
        f"{backend}: {CYCLES} kill -9 cycles, {len(writers.people)} people and "
        f"{len(writers.approvals)} approval emails acknowledged, "
        f"{sum(sink.received.values())} messages received, {time.time() - started:.1f} s"
    )
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        print(f"server log: {log.name}")
        sys.exit(1)


if __name__ == "__main__":
    main()
