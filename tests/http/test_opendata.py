"""test_opendata.py - the open data over HTTP: /data (the dictionary, every column named and
explained, the three downloads linked) and the dumps /data/initiatives.csv, .jsonl and .xlsx:
published initiatives only, as many as the API counts, the same records in every format,
caching by ETag (304 while nothing changed, a new tag after a change)."""
import atexit
import csv
import io
import json
import os
import shutil
import subprocess
import tempfile

from harness import Server, Client, tap, ROOT
import pagecheck

# the server's cache of written spreadsheets goes to a directory of this test's
dumps = tempfile.mkdtemp(prefix="stocktake-dumps-")
atexit.register(shutil.rmtree, dumps, True)
srv = Server(env={"TMPDIR": dumps})
c = Client(srv)

# A record that must not be in the open data: submitted, not published.
hidden = os.path.join(srv.dir, "hidden.jsonl")
with open(hidden, "w") as f:
    f.write(json.dumps({"source": "test", "source_id": "hidden-1",
                        "title": "Unpublished opendata probe"}) + "\n")
srv.cli("import", "--no-map", "--state", "submitted", hidden)

total = c.get("/api/v1/initiatives").json()["total"]
published = int(subprocess.run(
    ["sqlite3", srv.db, "select count(*) from initiative where state='published'"],
    capture_output=True, text=True, check=True).stdout)
tap.equal("the API counts the published initiatives", total, published)

# --- CSV -------------------------------------------------------------------------------------
r = c.get("/data/initiatives.csv")
rows = list(csv.reader(io.StringIO(r.text)))
tap.check("the CSV dump answers as a CSV attachment",
          r.status == 200 and r.header("content-type") == "text/csv; charset=utf-8" and
          "initiatives.csv" in (r.header("content-disposition") or ""),
          (r.status, r.header("content-type")))
tap.equal("CSV rows = published initiatives = API total", len(rows) - 1, total)
state_col = rows[0].index("state")
tap.check("every CSV row is published", all(x[state_col] == "published" for x in rows[1:]))
tap.check("the unpublished record is left out", "Unpublished opendata probe" not in r.text)
csv_ids = [int(x[0]) for x in rows[1:]]

# --- JSON Lines --------------------------------------------------------------------------------
r = c.get("/data/initiatives.jsonl")
try:
    lines = [json.loads(x) for x in r.text.splitlines() if x]
    parsed = True
except ValueError as e:
    lines, parsed = [], e
tap.check("every JSON line parses", parsed is True, parsed)
tap.check("the JSON Lines dump has the same records, in the same order",
          r.header("content-type") == "application/x-ndjson; charset=utf-8" and
          [x["id"] for x in lines] == csv_ids and all(x["state"] == "published" for x in lines),
          (len(lines), len(csv_ids)))

# --- XLSX ------------------------------------------------------------------------------------
r = c.get("/data/initiatives.xlsx")
tap.check("the XLSX dump answers as a spreadsheet",
          r.status == 200 and r.header("content-type") ==
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" and
          r.body[:2] == b"PK", (r.status, r.header("content-type"), r.body[:20]))
again = c.get("/data/initiatives.xlsx")
tap.check("the spreadsheet is written once per change: the next request gets the same file",
          again.status == 200 and again.body == r.body and
          len(os.listdir(dumps)) == 1 and len(os.listdir(os.path.join(dumps, os.listdir(dumps)[0]))) == 1,
          (again.status, len(again.body), len(r.body), os.listdir(dumps)))
with tempfile.NamedTemporaryFile(suffix=".xlsx", dir=srv.dir, delete=False) as f:
    f.write(r.body)
d = subprocess.run(["python3", os.path.join(ROOT, "tests/tools/xlsx_dump.py"), f.name],
                   capture_output=True, text=True)
tap.check("the XLSX is a valid zip workbook", d.returncode == 0, d.stderr)
cells = {}
for line in d.stdout.splitlines():
    k, kind, v = (line.split("\t", 2) + ["", ""])[:3]
    cells[k] = (kind, v)
tap.check("one sheet of initiatives, the header frozen",
          d.stdout.startswith("sheet\tinitiatives\n") and
          "initiatives\tfrozen\t1\n" in d.stdout and cells.get("initiatives!A1") == ("s", "id"),
          d.stdout[:300])
xlsx_ids = [int(float(cells[f"initiatives!A{i}"][1])) for i in range(2, len(csv_ids) + 2)
            if f"initiatives!A{i}" in cells]
tap.check("the XLSX has the CSV's records, ids as numbers",
          xlsx_ids == csv_ids and cells.get("initiatives!A2", ("", ""))[0] == "n" and
          f"initiatives!A{len(csv_ids) + 2}" not in cells, (len(xlsx_ids), len(csv_ids)))
title_col = "D"
tap.check("the XLSX's titles are the CSV's",
          all(cells.get(f"initiatives!{title_col}{i + 2}", ("", ""))[1] == rows[i + 1][3]
              for i in range(len(csv_ids))))

# --- caching ---------------------------------------------------------------------------------
r = c.get("/data/initiatives.csv")
etag = r.header("etag")
tap.check("a dump has an ETag and may be cached",
          bool(etag) and "max-age" in (r.header("cache-control") or ""), r.headers)
tap.check("a dump sets no cookie (a CDN would not cache it)",
          all(not Client(srv).get(f"/data/initiatives.{e}").headers_all("set-cookie")
              for e in ("csv", "jsonl", "xlsx")))
r2 = c.get("/data/initiatives.csv", headers={"If-None-Match": etag})
tap.check("the same ETag gives 304 Not Modified without a body",
          r2.status == 304 and r2.body == b"", (r2.status, r2.body[:50]))
tap.check("each format has its own ETag",
          c.get("/data/initiatives.jsonl").header("etag") not in (etag, None))
with open(hidden, "w") as f:
    f.write(json.dumps({"source": "test", "source_id": "new-1",
                        "title": "Published opendata probe"}) + "\n")
srv.cli("import", "--no-map", "--state", "published", hidden)
r3 = c.get("/data/initiatives.csv", headers={"If-None-Match": etag})
tap.check("after a change the old ETag gets the new dump",
          r3.status == 200 and r3.header("etag") != etag and
          "Published opendata probe" in r3.text, (r3.status, r3.header("etag")))

# --- the page and its dictionary ---------------------------------------------------------------
r = c.get("/data")
tap.check("/data answers", r.status == 200, r.status)
missing = [col for col in rows[0] if f"<code>{col}</code>" not in r.text]
tap.check("the dictionary names every CSV column", not missing, missing)
tap.check("the page links the three dumps",
          all(f'href="/data/initiatives.{e}"' in r.text for e in ("csv", "jsonl", "xlsx")))
tap.check("the page counts the published initiatives", f"{total + 1} published" in r.text)
tap.check("the page's structure is sound", not pagecheck.problems(r.text),
          pagecheck.problems(r.text))
r = Client(srv, lang="fr").get("/data")
tap.check("the dictionary is translated (fr)", "Dictionnaire des données" in r.text, r.text[:300])
r = c.get("/")
tap.check("every page's footer links the open data", 'href="/data"' in r.text)

tap.finish()
