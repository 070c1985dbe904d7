#!/usr/bin/env python3
"""Real clients against the real service.

Starts `minutebook serve` on a fresh SQLite database, enters a partnership
meeting with a restricted item and a paper (plus a draft that must stay
invisible), then:

* runs the PyPI `moderngov` client's CLI (`-b`, `-s`, `-S ID`, `-m`) against
  the modern.gov-compatible web service and checks what it prints;
* reads the XML itself and checks it against the element structure of real
  modern.gov answers (the names and order its fixtures have), the restricted
  item flagged and empty, the paper downloadable, `304` for conditional
  requests;
* receives the webhooks in a small HTTP server here and verifies each with
  the PyPI `standardwebhooks` package (Standard Webhooks' own verifier),
  including a tampered body that must fail.

Run by `tests/clients/run.sh`, which makes the pinned virtualenv.
Usage: real_clients.py PATH/TO/minutebook
"""

import base64
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET

import standardwebhooks
import xmltodict

SECRETS = ["Secretreasonword", "Secretminuteword", "Secretpaperword",
           "Secretpresenterword", "secret@example.org", "Draftmeetingword"]

# The element order of real modern.gov answers (Democracy Club LGSF fixtures).
MEETING = ["meetingid", "meetingdate", "meetingstatus", "isdisplayallowed", "meetingtime",
           "meetingactualstarttime", "meetingplannedfinishtime", "meetingactualfinishtime",
           "meetinglocation", "iswebcast", "agendaid", "agendapublished", "decisionpublished",
           "minutepublished", "meetingroom", "agendaitems", "attendees"]
AGENDA_ITEM = ["agendaitemid", "agendaitemtitle", "agendatext", "actualmeetingdate",
               "agendaitemnumber", "agendaitemsubnumber", "fulldisplaynumberformat",
               "authorusername", "commentlabel1", "commenttext1", "commentlabel2",
               "commenttext2", "minutesnonemptyhtmlbody", "declarationcount", "iscallin",
               "iscomment", "isdecision", "isdecisionpublished", "isminutepublished",
               "ispubliccanspeak", "isrestricted", "isdisplayallowed", "meetingdate",
               "meetingtime", "minutesitemnumber", "minutesitemsubnumber", "preferreddate",
               "refertocommittee", "linkeddocuments"]
LINKED_DOC = ["attachmentid", "title", "isurl", "url", "isrestricted", "restrictionsRef",
              "itemnum", "publicationdate", "meetingdate", "decisiondate", "committeetitle",
              "isdecisionattachment", "ownertitle"]
COMMITTEE = ["committeeid", "committeetitle", "committeedeleted", "committeeexpired",
             "committeecategory"]
MEETING_STUB = ["meetingid", "meetingdate", "meetingstatus", "meetingtime", "iswebcast"]

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, base, token):
        self.base = base
        self.token = token

    def call(self, method, path, body=None, headers=None, raw=None):
        h = {"Authorization": f"Bearer {self.token}"}
        h.update(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
                return r.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            raise SystemExit(f"{method} {path}: {e.code} {e.read().decode()}")

    def post(self, path, body):
        return self.call("POST", path, body)[1]

    def upload(self, item, filename, content, title, restricted=False):
        boundary = uuid.uuid4().hex
        parts = []
        fields = {"title": title}
        if restricted:
            fields["restricted"] = "true"
        for k, v in fields.items():
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode())
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.call("POST", f"/api/v1/items/{item}/documents", raw=b"".join(parts),
                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})[1]


class Receiver(http.server.BaseHTTPRequestHandler):
    got = []

    def do_POST(self):
        n = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(n)
        Receiver.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def moderngov(base, *args, cwd):
    r = subprocess.run(["moderngov", base, *args], capture_output=True, text=True,
                       cwd=cwd, timeout=120)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
    return r.returncode, r.stdout


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="mb-clients-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ,
               DATABASE_URL=os.path.join(work, "mb.db"),
               MINUTEBOOK_BIND=f"127.0.0.1:{port}",
               MINUTEBOOK_DATA_DIR=os.path.join(work, "data"),
               MINUTEBOOK_PUBLIC_URL=base,
               MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE="true",
               RUST_LOG="warn")
    out = subprocess.run([binary, "token", "create", "--role", "admin", "--name", "real clients"],
                         env=env, capture_output=True, text=True, check=True, cwd=work)
    token = out.stdout.strip().splitlines()[-1]
    server = subprocess.Popen([binary, "serve"], env=env, cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        run(base, token, work)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"real clients: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def councillors_by_ward(base):
    """Democracy Club's way of reading a modern.gov council's councillors
    (their LGSF scraper): BeautifulSoup over lxml, every <ward>, every
    <councillor> in it; the id, name, ward title and party title must be
    there; then the email, photobigurl, and the last <enddate> of the terms
    of office, read day first unless "unspecified"."""
    from bs4 import BeautifulSoup
    from dateutil.parser import parse as parse_date
    with urllib.request.urlopen(f"{base}/mgWebService.asmx/GetCouncillorsByWard") as r:
        soup = BeautifulSoup(r.read().decode(), "lxml")
    found = []
    for ward in soup.find_all("ward"):
        for c in ward.find_all("councillor"):
            ident, name = c.find("councillorid").text, c.find("fullusername").text
            division, party = ward.find("wardtitle").text, c.find("politicalpartytitle").text
            check(all([ident, name, division, party]), f"{name}: id, name, ward and party are all there")
            # An empty element spans two lines, as modern.gov writes it.
            email = c.find("email").text.strip()
            photo = c.photobigurl.text
            end = c.find("termsofoffice").find_all("enddate")[-1].text
            standing_down = None if end == "unspecified" else parse_date(end, dayfirst=True).date().isoformat()
            found.append((division, name, party, email, standing_down))
    check(("Stockton Town Centre", "Cllr Steve Nelson", "Labour", "steve.nelson@stockton.gov.uk", "2099-05-06") in found,
          f"GetCouncillorsByWard: the councillor with ward, party, published email and end of term: {found}")
    check(("Norton North", "Cllr Ann Other", "Independent", "", None) in found,
          f"GetCouncillorsByWard: an Independent as recorded, an open term: {found}")
    check(len(found) == 2, f"GetCouncillorsByWard lists councillors only, not partners: {found}")


def run(base, token, work):
    api = Api(base, token)
    rx = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=rx.serve_forever, daemon=True).start()
    hook = api.post("/api/v1/webhooks", {"url": f"http://127.0.0.1:{rx.server_address[1]}/hook"})
    secret = hook["secret"]
    check(secret.startswith("whsec_"), "the subscription's secret is whsec_…")

    api.post("/api/v1/bodies", {"name": "Safer Stockton Partnership", "slug": "ssp",
                                "minute_prefix": "SSP", "kind": "partnership"})
    api.post("/api/v1/bodies", {"name": "Audit Committee", "slug": "audit",
                                "minute_prefix": "AUD", "kind": "committee"})
    chair = api.post("/api/v1/people", {"name": "Steve Nelson", "honorific": "Cllr",
                                        "organisation": "Stockton-on-Tees Borough Council",
                                        "email": "secret@example.org"})["id"]
    police = api.post("/api/v1/people", {"name": "Jo Smith", "organisation": "Cleveland Police"})["id"]
    for body, person, role in [("ssp", chair, "chair"), ("ssp", police, "member"), ("audit", police, "member")]:
        api.post(f"/api/v1/bodies/{body}/memberships", {"person_id": person, "role": role})
    # Councillors: wards, parties, terms, a published address and a photo.
    wards = [api.post("/api/v1/wards", {"name": n})["id"] for n in ("Stockton Town Centre", "Norton North")]
    parties = [api.post("/api/v1/parties", {"name": n})["id"] for n in ("Labour", "Independent")]
    api.call("PATCH", f"/api/v1/people/{chair}", {"public_email": "steve.nelson@stockton.gov.uk"})
    api.post(f"/api/v1/people/{chair}/terms", {"ward_id": wards[0], "party_id": parties[0],
                                               "start_date": "2023-05-04", "end_date": "2099-05-06"})
    indie = api.post("/api/v1/people", {"name": "Ann Other", "honorific": "Cllr"})["id"]
    api.post(f"/api/v1/people/{indie}/terms", {"ward_id": wards[1], "party_id": parties[1],
                                               "start_date": "2023-05-04"})
    m = api.post("/api/v1/bodies/ssp/meetings", {
        "starts_at": "2023-07-19T09:30:00+01:00",
        "venue": {"name": "Jim Cooke Conference Suite", "postcode": "TS18 1TU"}})["id"]
    api.post(f"/api/v1/meetings/{m}/items", {"title": "Apologies for Absence", "kind": "apologies"})
    restricted = api.post(f"/api/v1/meetings/{m}/items", {
        "title": "Restricted Crime Report", "kind": "report", "presenter": "Secretpresenterword",
        "restricted": {"paragraph": 7, "reason": "Secretreasonword"}})["id"]
    api.call("PATCH", f"/api/v1/items/{restricted}", {"minutes": "Secretminuteword"})
    api.upload(restricted, "crime.pdf", b"%PDF-1.4 secret", "Secretpaperword")
    plan = api.post(f"/api/v1/meetings/{m}/items", {"title": "Partnership Plan", "kind": "report"})["id"]
    paper_bytes = b"%PDF-1.4 the partnership plan"
    api.upload(plan, "plan.pdf", paper_bytes, "Partnership Plan 2023-26")
    api.call("POST", f"/api/v1/meetings/{m}/agenda/publish")
    audit = api.post("/api/v1/bodies/audit/meetings", {"starts_at": "2026-02-10T10:00:00Z"})["id"]
    api.post(f"/api/v1/meetings/{audit}/items", {"title": "Work Programme"})
    api.call("POST", f"/api/v1/meetings/{audit}/agenda/publish")
    api.post("/api/v1/bodies/ssp/meetings", {"starts_at": "2023-09-20T09:30:00+01:00",
                                             "title": "Draftmeetingword"})
    # A paper added after publication: told by webhook.
    api.upload(plan, "annex.pdf", b"%PDF-1.4 annex", "Annex A")

    # --- the moderngov CLI -------------------------------------------------
    code, out = moderngov(base, "-b", cwd=work)
    lines = [l for l in out.splitlines() if l.strip()]
    check(code == 0 and len(lines) == 2, f"moderngov -b lists the committees: {lines}")
    check(all(l.split(" ", 1)[0].isdigit() for l in lines), "committee ids are integers")
    check({l.split(" ", 1)[1] for l in lines} == {"Safer Stockton Partnership", "Audit Committee"},
          "committee titles")

    code, out = moderngov(base, "-s", cwd=work)
    lines = [l for l in out.splitlines() if l.strip()]
    check(code == 0 and len(lines) == 2, f"moderngov -s lists the meetings, not the draft: {lines}")
    ssp = [l for l in lines if "Safer Stockton Partnership" in l]
    check(len(ssp) == 1 and ssp[0].split()[1] == "19/07/2023" and ssp[0].split()[2:4] == ["9.30", "am"],
          f"meeting date dd/mm/yyyy and time: {ssp}")
    check(all(l.split()[0].isdigit() for l in lines), "meeting ids are integers")
    meeting_id = int(ssp[0].split()[0])
    check("Draftmeetingword" not in out, "the draft is absent")

    code, out = moderngov(base, "-S", str(meeting_id), cwd=work)
    check(code == 0, "moderngov -S ID reads the meeting")
    check(f"Meeting {meeting_id} 19/07/2023 9.30 am" in out, "-S prints id, date and time")
    check("Restricted Crime Report" in out and "Partnership Plan" in out, "-S lists the agenda items")
    check("Cllr Steve Nelson" in out and "Expected" in out, "-S lists the attendees")
    check(not any(s in out for s in SECRETS), "-S shows nothing restricted")
    agenda_ids = [l.split(" ", 1)[0] for l in out.split("Agenda:")[1].split("Attendees:")[0].splitlines() if l.strip()]
    check(agenda_ids and all(i.isdigit() for i in agenda_ids), f"agenda item ids are integers: {agenda_ids}")

    code, out = moderngov(base, "-m", cwd=work)
    lines = [l for l in out.splitlines() if l.strip()]
    check(code == 0 and len(lines) == 3 and all(l.split(" ", 1)[0].isdigit() for l in lines),
          f"moderngov -m lists the members (a councillor on no body too) with integer ids: {lines}")

    member_id = [l.split(" ", 1)[0] for l in lines if "Steve Nelson" in l][0]
    code, out = moderngov(base, "-M", member_id, cwd=work)
    check(code == 0 and "Cllr Steve Nelson" in out and "Chair of Safer Stockton Partnership" in out
          and "secret@example.org" not in out, "moderngov -M ID shows a member, without email")
    councillors_by_ward(base)
    code, out = moderngov(base, "-b", cwd=work)
    committee_id = [l.split(" ", 1)[0] for l in out.splitlines() if "Audit" in l][0]
    code, out = moderngov(base, "-B", committee_id, cwd=work)
    check(code == 0 and "Audit Committee" in out, "moderngov -B ID shows a committee")

    # --- the XML itself -------------------------------------------------------
    url = f"{base}/mgWebService.asmx/GetMeeting?lMeetingId={meeting_id}"
    status, headers, body = get(url)
    check(status == 200 and headers.get("content-type", "").startswith("text/xml"), "GetMeeting is XML")
    root = ET.fromstring(body)
    check([c.tag for c in root] == MEETING, "<meeting> has modern.gov's elements in its order")
    items = root.find("agendaitems").findall("agendaitem")
    check(all([c.tag for c in i] == AGENDA_ITEM for i in items), "each <agendaitem> likewise")
    r = [i for i in items if i.findtext("agendaitemtitle") == "Restricted Crime Report"][0]
    check(r.findtext("isrestricted") == "True", "the restricted item is flagged")
    check(not (r.findtext("minutesnonemptyhtmlbody") or "").strip()
          and not (r.findtext("commenttext1") or "").strip()
          and len(r.find("linkeddocuments")) == 0, "the restricted item is empty")
    check(r.findtext("fulldisplaynumberformat") == "SSP/2/23", "it keeps its minute number")
    docs = [d for i in items for d in i.find("linkeddocuments")]
    check(all([c.tag for c in d] == LINKED_DOC for d in docs) and len(docs) == 2,
          "<linkeddoc> has modern.gov's elements (the plan and its annex)")
    st, _, got = get(docs[0].findtext("url"))
    check(st == 200 and got == paper_bytes, "the paper downloads from its <url>")
    check(all(d.findtext("attachmentid").isdigit() for d in docs), "attachment ids are integers")
    check(not any(s.encode() in body for s in SECRETS), "GetMeeting carries nothing restricted")
    parsed = xmltodict.parse(body, force_list={"meeting", "linkeddoc", "attendee", "agendaitem"})
    att = parsed["meeting"][0]["attendees"]["attendee"]
    check(all(a["@memberid"].isdigit() for a in att), "attendee memberid attributes are integers")

    _, _, cbody = get(f"{base}/mgWebService.asmx/GetCommittees")
    croot = ET.fromstring(cbody)
    check(all([c.tag for c in x] == COMMITTEE for x in croot.findall("committee")),
          "<committee> has modern.gov's elements")
    _, _, mbody = get(f"{base}/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0")
    stubs = ET.fromstring(mbody).iter("meeting")
    check(all([c.tag for c in s] == MEETING_STUB for s in stubs), "GetMeetings' <meeting> likewise")

    st, h, _ = get(url, {"If-None-Match": headers["etag"]})
    check(st == 304, "If-None-Match answers 304")
    st, h, _ = get(url, {"If-Modified-Since": headers["last-modified"]})
    check(st == 304, "If-Modified-Since answers 304")
    st, _, t = get(f"{base}/mgWebService.asmx/GetMeeting?lMeetingId=abc")
    check(st == 400, f"a malformed id is a 400: {t!r}")
    st, _, _ = get(f"{base}/mgWebService.asmx/GetMeeting?lMeetingId=987654321")
    check(st == 404, "an unknown id is a 404")

    # --- webhooks, verified by Standard Webhooks' own verifier ---------------------
    for _ in range(100):
        if len(Receiver.got) >= 3:
            break
        time.sleep(0.1)
    types = sorted(json.loads(b)["type"] for _, b in Receiver.got)
    check(types == ["agenda.published", "agenda.published", "paper.added"], f"deliveries: {types}")
    wh = standardwebhooks.Webhook(secret)
    for h, b in Receiver.got:
        try:
            payload = wh.verify(b, h)
            check(True, f"standardwebhooks verifies {payload['type']}")
        except standardwebhooks.webhooks.WebhookVerificationError as e:
            check(False, f"standardwebhooks verifies a delivery: {e}")
        check(not any(s.encode() in b for s in SECRETS), "the delivery carries nothing restricted")
    h, b = Receiver.got[0]
    try:
        wh.verify(b.replace(b"Safer", b"Sorry"), h)
        check(False, "a tampered body must fail")
    except standardwebhooks.webhooks.WebhookVerificationError:
        check(True, "a tampered body fails verification")
    agenda = [json.loads(b) for _, b in Receiver.got if json.loads(b)["type"] == "agenda.published"
              and json.loads(b)["data"]["meeting"]["body"]["slug"] == "ssp"][0]
    flags = {i["title"]: i["restricted"] for i in agenda["data"]["agenda"]}
    check(flags.get("Restricted Crime Report") is True, "the agenda payload flags the restricted item")
    check(agenda["data"]["meeting"]["modern_gov_id"] == meeting_id, "the payload names the web service id")
    rx.shutdown()


if __name__ == "__main__":
    main()
