#!/usr/bin/env python3
"""test_report_links.py - the site's address (base_url) in what the server sends: a
report's PDF has link annotations (/URI) to the initiatives behind its bars, cells and
lists and to the report itself, its XLSX has whole hyperlinks, and the JSON-LD of the
report and of an initiative names them by whole URLs. The option --base-url wins over the
configuration file's base_url."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, tap, ROOT  # noqa: E402

BASE = "https://stocktake.example.org"
ini = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
ini.write("[server]\nbase_url = https://config.example.org\n")
ini.close()
srv = Server(extra_args=["--config", ini.name, "--base-url", BASE + "/"])
os.unlink(ini.name)
c = Client(srv)

r = c.get("/reports/regional/africa?format=pdf")
tap.check("the PDF answers", r.status == 200 and r.body[:5] == b"%PDF-", r.status)
uris = re.findall(rb"/URI \(([^)]*)\)", r.body)
tap.check("the PDF has link annotations", b"/Annots" in r.body and len(uris) > 10, len(uris))
tap.check("every link is whole, on the site given by --base-url",
          uris and all(u.startswith(BASE.encode() + b"/") for u in uris), uris[:5])
tap.check("bars and cells link to their initiatives",
          any(u.startswith(BASE.encode() + b"/initiatives?itu_region=africa") for u in uris))
tap.check("the most cited link to their pages",
          any(re.match(rb"https://stocktake\.example\.org/initiatives/\d+$", u) for u in uris))
tap.check("the title page links to the report",
          BASE.encode() + b"/reports/regional/africa" in uris)
info = subprocess.run(["pdfinfo", "-"], input=r.body, capture_output=True)
tap.check("poppler reads the PDF", info.returncode == 0, info.stderr[:300])

r = c.get("/reports/regional/africa?format=xlsx")
with tempfile.NamedTemporaryFile(suffix=".xlsx", dir=srv.dir, delete=False) as f:
    f.write(r.body)
d = subprocess.run(["python3", os.path.join(ROOT, "tests/tools/xlsx_dump.py"), f.name],
                   capture_output=True, text=True)
links = [line.split("\t")[2] for line in d.stdout.splitlines() if line.split("\t")[1:2] == ["link"]]
web = [u for u in links if not u.startswith("'")]  # the Summary's links to its own sheets
tap.check("the XLSX has hyperlinks, whole, on the site",
          d.returncode == 0 and web and all(u.startswith(BASE + "/initiatives") for u in web),
          (d.stderr[:200], web[:5]))

r = c.get("/reports/regional/africa")
m = re.search(r'<script type="application/ld\+json">(.*?)</script>', r.text, re.S)
tap.check("the report's JSON-LD names it and its downloads by whole URLs",
          m and f'"url":"{BASE}/reports/regional/africa"' in m.group(1) and
          f'"contentUrl":"{BASE}/reports/regional/africa?format=pdf"' in m.group(1),
          m.group(1)[:400] if m else r.text[:200])
ids = c.get("/api/v1/initiatives").json()
first = (ids.get("items") or ids.get("initiatives") or [{}])[0].get("id")
r = c.get(f"/initiatives/{first}")
tap.check("an initiative's JSON-LD @id is its whole URL",
          f'"@id":"{BASE}/initiatives/{first}"' in r.text.replace(" ", ""), r.status)

tap.finish()
