#!/usr/bin/env python3
"""Imports each document of one or more corpora of real minutes (folders
with a truth.json as ../shared/corpus/minutes has) through the HTTP API and
prints, per document and in total, what was understood against the hand
counts. Standard library only. Measures, as tests/api/imports/corpus.rs
defines them:

  items     items made / items counted
  numbers   numbers as printed, matched in order ('' counted: item counts)
  present   members present found / counted (and how many beyond)
  apologies apologies found / counted (and how many beyond)
  outcomes  formal resolutions found / counted
  fidelity  share of the source's lines (a run-on paragraph by its
            sentences) whose words, in order, are in ?format=txt
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request, urllib.error

def call(url, token, method="GET", body=None, media=None):
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if media:
        req.add_header("Content-Type", media)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()

def words(s):
    return [w.lower() for w in re.split(r"[^\w]+", s) if w]

def sentences(line):
    out, cur = [], ""
    for piece in re.split(r"(?<=\. )", line):
        cur += piece
        last = piece.strip().rstrip(".").split(" ")[-1] if piece.strip() else ""
        if not (len(last) <= 2 or last in ("Mrs", "Cllr", "Cllrs", "Prof", "Rev")):
            out.append(cur); cur = ""
    if cur:
        out.append(cur)
    return out

def fidelity(source, rendered):
    hay = " " + " ".join(words(rendered)) + " "
    lines = []
    for l in source.splitlines():
        for p in (sentences(l) if len(l) > 300 else [l]):
            w = words(p)
            if w and not (len(w) == 1 and w[0].isdigit()):
                lines.append(" ".join(w))
    if not lines:
        return 1.0
    if os.environ.get("SHOW_MISSING"):
        for l in lines:
            if f" {l} " not in hay:
                print("    missing:", l[:150])
    return sum(1 for l in lines if f" {l} " in hay) / len(lines)

def published_form(corpus, name):
    stem = name[:-4] if name.endswith(".txt") else name
    for ext, media in (("html", "text/html"), ("md", "text/markdown")):
        p = os.path.join(corpus, f"{stem}.{ext}")
        if name.endswith(".txt") and os.path.exists(p):
            return p, media
    media = {"html": "text/html", "md": "text/markdown", "pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    return os.path.join(corpus, name), media.get(name.rsplit(".", 1)[-1], "text/plain")

def count(m, status):
    return sum(1 for a in m.get("attendance", []) if a.get("status") == status)

def outcomes(items):
    return sum(len(i.get("outcomes", [])) + outcomes(i.get("parts", [])) for i in items)

def peak_kb(pid):
    try:
        for l in open(f"/proc/{pid}/status"):
            if l.startswith("VmHWM:"):
                return int(l.split()[1])
    except OSError:
        return None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url"); ap.add_argument("--token"); ap.add_argument("--server-pid", type=int)
    ap.add_argument("--work"); ap.add_argument("corpora", nargs="+")
    a = ap.parse_args()
    tot = dict(docs=0, refused=0, items=0, items_want=0, num_ok=0, num_all=0, present=0, present_want=0,
               present_extra=0, apol=0, apol_want=0, apol_extra=0, out=0, out_want=0, fid=0.0, secs=0.0)
    print(f"{'document':58} {'items':>7} {'numbers':>9} {'present':>8} {'apolog.':>8} {'resol.':>7} {'fidelity':>8} {'ms':>6}")
    n = 0
    texts = []
    for corpus in a.corpora:
        truth = json.load(open(os.path.join(corpus, "truth.json")))
        for name, t in sorted(truth.items()):
            if name.startswith("_") or "same_as" in t:
                continue
            n += 1
            path, media = published_form(corpus, name)
            counted = open(os.path.join(corpus, name), encoding="utf-8", errors="replace").read() \
                if not name.endswith((".pdf", ".docx")) else ""
            if name.endswith((".html", ".htm")):
                # The text a reader sees: tags out, entities decoded.
                import html as _html
                counted = _html.unescape(re.sub(r"<[^>]+>", "\n", counted))
            texts.append(counted)
            slug = f"b{n}"
            initials = "".join(w[0] for w in (t.get("committee") or "Council").split() if w[:1].isalpha()).upper() or "MB"
            call(f"{a.url}/api/v1/bodies", a.token, "POST",
                 json.dumps({"name": t.get("committee") or "Council", "slug": slug, "kind": "committee",
                             "minute_prefix": initials}).encode(), "application/json")
            body = open(path, "rb").read()
            start = time.monotonic()
            status, raw = call(f"{a.url}/api/v1/bodies/{slug}/imports", a.token, "POST", body, media)
            secs = time.monotonic() - start
            tot["docs"] += 1; tot["secs"] += secs
            short = (os.path.basename(corpus.rstrip("/")) + "/" + name)[-58:]
            if status != 201:
                tot["refused"] += 1
                print(f"{short:58} REFUSED {status}: {raw[:160]!r}")
                continue
            m = json.loads(raw)["meeting"]
            got = [i.get("minute_number") or "" for i in m.get("items", [])]
            want = t.get("item_numbers", [])
            rendered = t.get("item_numbers_rendered", [])
            ok = sum(1 for k, w in enumerate(want) if k < len(got) and
                     (w.rstrip(".") == "" or got[k] == w.rstrip(".") or (k < len(rendered) and rendered[k] == got[k])))
            _, txt = call(f"{a.url}/api/v1/meetings/{m['id']}/minutes?format=txt", a.token)
            f = fidelity(counted, txt.decode("utf-8", "replace")) if counted else float("nan")
            p, ap_ = count(m, "present"), count(m, "apologies")
            pw, aw, ow = t.get("present") or 0, t.get("apologies") or 0, t.get("outcomes") or 0
            o = outcomes(m.get("items", []))
            tot["items"] += len(got); tot["items_want"] += t.get("items", 0)
            tot["num_ok"] += ok; tot["num_all"] += len(want)
            tot["present"] += min(p, pw); tot["present_want"] += pw; tot["present_extra"] += max(0, p - pw)
            tot["apol"] += min(ap_, aw); tot["apol_want"] += aw; tot["apol_extra"] += max(0, ap_ - aw)
            tot["out"] += min(o, ow); tot["out_want"] += ow
            if f == f:
                tot["fid"] += f
            print(f"{short:58} {len(got):>3}/{t.get('items', 0):<3} {ok:>4}/{len(want):<4} {p:>3}/{pw:<4} {ap_:>3}/{aw:<4} {o:>3}/{ow:<3} {f:>8.3f} {secs*1000:>6.0f}")
    d = max(tot["docs"] - tot["refused"], 1)
    pct = lambda x, y: f"{100*x/y:.0f}%" if y else "n/a"
    print(f"\n{tot['docs']} documents, {tot['refused']} refused; items {tot['items']}/{tot['items_want']}; "
          f"numbers as printed {tot['num_ok']}/{tot['num_all']} ({pct(tot['num_ok'], tot['num_all'])}); "
          f"present {pct(tot['present'], tot['present_want'])} (+{tot['present_extra']} beyond); "
          f"apologies {pct(tot['apol'], tot['apol_want'])} (+{tot['apol_extra']} beyond); "
          f"resolutions {pct(tot['out'], tot['out_want'])}; mean line fidelity {tot['fid']/d:.3f}; "
          f"mean import {1000*tot['secs']/max(tot['docs'],1):.0f} ms")
    big_pdf(a, texts)

def big_pdf(a, texts):
    """A 100-page PDF of minutes, made with LibreOffice: import time and the server's peak memory."""
    if not shutil.which("soffice"):
        print("100-page PDF: skipped (soffice is not installed)")
        return
    work = tempfile.mkdtemp(dir=a.work)
    src = os.path.join(work, "minutes.txt")
    body = "\n\f".join(t for t in texts if t)
    with open(src, "w", encoding="utf-8") as f:
        f.write("Minutes of a meeting of the Council held on Tuesday 4th April 2017 at 7pm in the Village Hall.\n\n")
        n = 0
        while True:
            f.write(body.replace("\t\r \u00a0", " ")); f.write("\n\f")
            n += 1
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
                            "--outdir", work, src], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            pages = subprocess.run(["pdfinfo", os.path.join(work, "minutes.pdf")], capture_output=True, text=True).stdout \
                if shutil.which("pdfinfo") else ""
            m = re.search(r"Pages:\s+(\d+)", pages)
            count_pages = int(m.group(1)) if m else 0
            if count_pages >= 100 or n > 40 or not m:
                break
    pdf = open(os.path.join(work, "minutes.pdf"), "rb").read()
    call(f"{a.url}/api/v1/bodies", a.token, "POST",
         json.dumps({"name": "Big Council", "slug": "big", "kind": "council", "minute_prefix": "BC"}).encode(),
         "application/json")
    before = peak_kb(a.server_pid)
    start = time.monotonic()
    status, raw = call(f"{a.url}/api/v1/bodies/big/imports?dry_run=true", a.token, "POST", pdf, "application/pdf")
    secs = time.monotonic() - start
    after = peak_kb(a.server_pid)
    items = len(json.loads(raw)["meeting"]["items"]) if status == 200 else 0
    print(f"100-page PDF: {count_pages} pages, {len(pdf)//1024} KiB: HTTP {status}, {items} items, {secs:.2f} s "
          f"(dry run); server peak RSS {before} KiB before, {after} KiB after")

if __name__ == "__main__":
    main()
