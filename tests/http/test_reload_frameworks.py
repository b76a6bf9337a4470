#!/usr/bin/env python3
"""test_reload_frameworks.py - `stocktake init` run by another process while a server runs.

A server keeps report figures, page validators (ETag, Last-Modified) and search answers
keyed on the store's change number. Reloading frameworks that changed (a retitled SDG) must
move that number, so the running server's next answer is made again with the new title and
a new ETag; reloading the same data must not, so the caches stay warm (304 again).
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Client, Server, one, tap  # noqa: E402

srv = Server()
c = Client(srv)
c.get("/")  # the visitor's cookie is set: later answers set none

PAGE = "/reports/country/SN"
API = "/api/v1/reports/country/SN"
OLD, NEW = "Quality education", "Learning for everyone (test title)"

first = {u: c.get(u) for u in (PAGE, API)}
for u, r in first.items():
    tap.check(f"{u}: 200, tagged, the shipped title", r.status == 200 and r.header("etag") and
              OLD in r.text, (r.status, r.header("etag")))
seq0 = one(srv, "SELECT coalesce(max(seq), 0) FROM search_change")

# the same data again, by another process: nothing changed, the tags still hold
p = srv.cli("init")
tap.check("init with the same data succeeds", p.returncode == 0, p.stderr)
tap.equal("an unchanged reload keeps the change number",
          one(srv, "SELECT coalesce(max(seq), 0) FROM search_change"), seq0)
for u, r in first.items():
    again = c.get(u, headers={"If-None-Match": r.header("etag")})
    tap.equal(f"{u}: after an unchanged reload the same ETag gives 304", again.status, 304)

# a copy of the data with SDG 4 retitled (its short title, which reports show)
tmp = tempfile.mkdtemp(prefix="stocktake-fw-")
try:
    fw = os.path.join(tmp, "frameworks")
    shutil.copytree(os.path.join(ROOT, "data", "frameworks"), fw)
    path = os.path.join(fw, "sdg_goals.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    tap.check("the shipped SDG 4 row is there to edit", "\n4,Quality education," in text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("\n4,Quality education,", f"\n4,{NEW},"))
    p = srv.cli("init", "--data", fw)
    tap.check("init with the retitled copy succeeds", p.returncode == 0, p.stderr)
finally:
    shutil.rmtree(tmp, True)
tap.check("the reload moved the change number",
          one(srv, "SELECT coalesce(max(seq), 0) FROM search_change") > seq0)

for u, r in first.items():
    now = c.get(u, headers={"If-None-Match": r.header("etag")})
    tap.check(f"{u}: the old ETag no longer gives 304", now.status == 200, now.status)
    tap.check(f"{u}: a new ETag", now.header("etag") and now.header("etag") != r.header("etag"),
              (now.header("etag"), r.header("etag")))
    tap.check(f"{u}: the new title, not the old", NEW in now.text and
              f"4 {OLD}" not in now.text, now.text[:300])

r = c.get("/initiatives?sdg=4")
tap.check("the search page names the goal by its new title", r.status == 200 and NEW in r.text,
          r.status)
tap.finish()
