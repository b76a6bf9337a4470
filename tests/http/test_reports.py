#!/usr/bin/env python3
"""test_reports.py - the report pages, their downloads and the report API.

Every report page (/reports, ITU-D and M49 regions, a country, the matrix, the GDC map)
answers 200 with its charts (accessible SVG), a data table beside each, download links and
JSON-LD; the numbers of the pages, of the CSV download, of /api/v1/reports and of
`stocktake report --format csv` equal the search API's facet counts for the same filters;
the links of bars and cells lead to searches whose totals are the numbers shown; filters
change the numbers; bad input is refused with the right status; an empty place gives a
clear, well-formed report; hostile titles are escaped.
"""
import csv
import html
import io
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, login, tap  # noqa: E402
from pagecheck import problems  # noqa: E402

srv = Server()
# A hostile title, tagged widely so it is the most cited of C1 in Kenya.
hostile = '<script>alert(1)</script> & "quoted" \u2603'
HOSTILE = os.path.join(srv.dir, "hostile.jsonl")
with open(HOSTILE, "w", encoding="utf-8") as fh:
    fh.write(json.dumps({"source": "t", "source_id": "h1", "title": hostile,
                          "start_date": "2019", "stakeholder_type": "civil-society",
                          "countries": ["KE", "UG", "TZ"],
                          "tags": [{"scheme": "sdg", "code": c, "origin": "submitter"}
                                   for c in map(str, range(1, 18))] +
                                  [{"scheme": "gdc", "code": str(c), "origin": "submitter"}
                                   for c in range(1, 6)] +
                                  [{"scheme": "action_line", "code": "C1",
                                    "origin": "submitter"}]}) + "\n")
srv.cli("import", "--state", "published", HOSTILE)
c = Client(srv)


def tables_of_csv(text):
    """{title: [rows]} of a report's CSV (the header row first)."""
    out, cur = {}, None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            cur = None
        elif cur is None and len(row) == 1:
            cur = out.setdefault(row[0], [])
        elif cur is not None:
            cur.append(row)
    return out


def facets(query):
    r = c.get("/api/v1/facets?" + query)
    return r.json()


def facet_counts(f, dim):
    return {v["code"]: v["count"] for v in f["facets"].get(dim, [])}


def check_against_facets(name, tables, query, place_countries=None):
    """The SDG, Action Line, GDC and stakeholder tables equal the facets for query."""
    f = facets(query)
    for title, dim in (("Initiatives by SDG", "sdg"),
                       ("Initiatives by WSIS Action Line", "action_line"),
                       ("Initiatives by Global Digital Compact objective", "gdc")):
        got = {row[0]: int(row[2]) for row in tables[title][1:]}
        want = facet_counts(f, dim)
        bad = {k: (v, want.get(k, 0)) for k, v in got.items() if v != want.get(k, 0)}
        tap.check(f"{name}: {dim} counts equal /api/v1/facets?{query}", not bad and got,
                  f"(report, facet): {bad}")
    if place_countries:
        got = {row[0]: int(row[2]) for row in tables["Initiatives by country or territory"][1:]}
        want = facet_counts(f, "country")
        bad = {k: (v, want.get(k, 0)) for k, v in got.items() if v != want.get(k, 0)}
        tap.check(f"{name}: country counts equal the facets", not bad and got, str(bad))
    return f


# --- the pages -------------------------------------------------------------------------------
r = c.get("/reports")
tap.equal("/reports answers 200", r.status, 200)
for href in ("/reports/matrix", "/reports/gdc", "/reports/regional/africa",
             "/reports/regional/americas", "/reports/regional/arab-states",
             "/reports/regional/asia-pacific", "/reports/regional/cis",
             "/reports/regional/europe", "/reports/regional/019"):
    tap.check(f"/reports links to {href}", f'href="{href}"' in r.text)
tap.check("/reports has a country form", 'action="/reports/country"' in r.text)
tap.equal("/reports is well-formed", problems(r.text), [])
r = c.get("/reports/country?country=KE")
tap.check("the country form leads to /reports/country/KE",
          r.status == 303 and r.header("location").endswith("/reports/country/KE"))

PAGES = ["/reports/regional/africa", "/reports/regional/americas", "/reports/regional/019",
         "/reports/country/KE", "/reports/matrix", "/reports/gdc"]
for path in PAGES:
    r = c.get(path)
    tap.equal(f"{path} answers 200", r.status, 200)
    tap.equal(f"{path} is well-formed and CSP-safe", problems(r.text), [])
    svgs = re.findall(r"<svg .*?</svg>", r.text, re.S)
    tap.check(f"{path} has charts", len(svgs) >= 1)
    ok = all(('role="img"' in s or 'role="group"' in s) and re.search(r"<title id=\"[^\"]+-title\">[^<]+</title>", s)
             and "<desc id=" in s for s in svgs)
    tap.check(f"{path}: every chart has a role, a title and a description", ok)
    pairs = len(re.findall(r'<div class="chart-pair[ "]', r.text))
    tap.equal(f"{path}: a data table beside every chart",
              r.text.count('class="data chart-data"'), pairs)
    for fmt in ("pdf", "xlsx", "csv", "json"):
        tap.check(f"{path}: a {fmt} download link", f"{path}?format={fmt}" in r.text)
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', r.text, re.S)
    ld = json.loads(m.group(1)) if m else {}
    tap.check(f"{path}: JSON-LD is a schema.org Dataset with its figures",
              ld.get("@type") == "Dataset" and ld.get("@context") == "https://schema.org"
              and ld.get("variableMeasured") and ld["variableMeasured"][0]["@type"] ==
              "PropertyValue", m.group(1)[:300] if m else "no JSON-LD")

# --- the numbers -----------------------------------------------------------------------------
r = c.get("/reports/regional/africa?format=csv")
tap.check("the CSV download is CSV", r.status == 200 and
          r.header("content-type").startswith("text/csv") and
          "report-regional-africa.csv" in r.header("content-disposition"))
t = tables_of_csv(r.text)
f = check_against_facets("africa CSV", t, "itu_region=africa", place_countries=True)
key = {row[0]: row[1] for row in csv.reader(io.StringIO(r.text)) if len(row) == 2}
tap.equal("africa CSV: total initiatives equal the facets' total", int(key["Initiatives"]),
          f["total"])

api = c.get("/api/v1/reports/regional/africa").json()
tap.equal("/api/v1/reports/regional/africa gives the same total", api["total"], f["total"])
sdg = [tb for tb in api["tables"] if tb["id"] == "by-sdg"][0]
tap.equal("/api/v1/reports: SDG rows equal the facets",
          {row[0]: row[2] for row in sdg["rows"]},
          {str(g): facet_counts(f, "sdg").get(str(g), 0) for g in range(1, 18)})

FILTERS = "from=2005&to=2013&stakeholder_type=government"
SEARCH = "from_year=2005&to_year=2013&stakeholder_type=government"
r = c.get("/reports/regional/americas?format=csv&" + FILTERS)
f = check_against_facets("americas with filters", tables_of_csv(r.text),
                         "itu_region=americas&" + SEARCH, place_countries=True)
r = c.get("/reports/regional/019?" + FILTERS)
tap.check("the page keeps its filters in the form",
          'name="from" inputmode="numeric" pattern="[0-9]{4}" size="4" value="2005"' in r.text)
tap.check("the page's links carry the filters", "from_year=2005&amp;to_year=2013" in r.text)

# the CLI gives the same numbers (the same database, read by another process)
out = srv.cli("report", "regional", "--region", "americas", "--format", "csv",
              "--from", "2005", "--to", "2013", "--stakeholder-type", "government")
check_against_facets("stocktake report --format csv", tables_of_csv(out.stdout),
                     "itu_region=americas&" + SEARCH, place_countries=True)
out = srv.cli("report", "country", "--country", "KE", "--format", "json")
tap.equal("stocktake report country --format json: the total of Kenya",
          json.loads(out.stdout)["total"], facets("country=KE")["total"])

# every link of a chart leads to a search whose total is the number shown
r = c.get("/reports/matrix")
cells = re.findall(r'<a href="(/initiatives\?[^"]+)"><title>([^<]*?): (\d+)</title>', r.text)
tap.check("the matrix's cells link to their initiatives", len(cells) > 20, len(cells))
bad = []
for href, what, n in cells[:12]:
    q = html.unescape(href).split("?", 1)[1]
    total = c.get("/api/v1/initiatives?limit=1&" + q).json()["total"]
    if total != int(n):
        bad.append((href, n, total))
tap.check("each linked cell's number is its search's total", not bad, bad)
r = c.get("/reports/regional/africa")
bars = re.findall(r'<a href="(/initiatives\?[^"]+)"><title>([^<]*?): (\d+)</title>', r.text)
bad = []
for href, what, n in bars[:: max(1, len(bars) // 10)]:
    q = html.unescape(href).split("?", 1)[1]
    total = c.get("/api/v1/initiatives?limit=1&" + q).json()["total"]
    if total != int(n):
        bad.append((href, n, total))
tap.check("each linked bar's number is its search's total", bars and not bad, bad)

# hostile text is escaped in the page, the SVG and the JSON-LD
r = c.get("/reports/country/KE")
tap.check("a hostile title is escaped", "<script>alert(1)</script>" not in r.text and
          "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quoted\"" in r.text,
          re.findall(r".{80}alert\(1\).{80}", r.text)[:3])
tap.check("the most cited list names it", "Most cited initiatives per Action Line" in r.text)

# --- filters and bad input -------------------------------------------------------------------
for path, status, field in (("/reports/regional/atlantis", 404, None),
                            ("/reports/regional/999", 404, None),
                            ("/reports/country/XX", 404, None),
                            ("/reports/regional/africa?from=2020&to=2010", 400, None),
                            ("/reports/regional/africa?from=20x0", 400, "from"),
                            ("/reports/regional/africa?stakeholder_type=aliens", 400,
                             "stakeholder_type"),
                            ("/reports/regional/africa?origin=oracle", 400, "origin"),
                            ("/reports/regional/africa?format=docx", 400, "format"),
                            ("/reports/regional/africa?state=draft", 403, "state"),
                            ("/api/v1/reports/regional/atlantis", 404, None),
                            ("/api/v1/reports/nothing", 404, None)):
    r = c.get(path)
    tap.equal(f"{path} answers {status}", r.status, status)
r = c.get("/api/v1/reports/regional/africa?from=2020&to=2010")
tap.check("API errors are JSON", r.json().get("error", {}).get("field") == "from", r.text)
r = c.get("/reports/regional/africa?origin=submitter&format=json")
tap.check("an origin filter changes the tag counts, not the total",
          r.json()["total"] == api["total"] and r.json()["tables"] != api["tables"])
mod = login(srv, "mod@example.org", "moderator")
r = mod.get("/reports/regional/africa?state=published&state=submitted&format=json")
tap.equal("a moderator may count other states", r.status, 200)
tap.check("the moderator's page has a state filter",
          'name="state"' in mod.get("/reports/regional/africa").text)

# --- an empty place --------------------------------------------------------------------------
none = []
for region in ("europe", "cis", "asia-pacific", "americas", "arab-states"):
    rep = c.get("/api/v1/reports/regional/" + region).json()
    none += [tb for tb in rep["tables"] if tb["id"] == "countries-none"][0]["rows"]
tap.check("some countries have no initiative", none)
EMPTY = none[0][0] if none else "AQ"
tap.equal(f"{EMPTY} has no initiative in the search either", facets("country=" + EMPTY)["total"], 0)
r = c.get(f"/reports/country/{EMPTY}")
tap.equal("a country with no initiative answers 200", r.status, 200)
tap.check("the empty report says so", "No initiative matches" in r.text, r.text[-800:])
tap.equal("the empty report is well-formed", problems(r.text), [])
r = c.get(f"/reports/country/{EMPTY}?format=csv")
tap.check("the empty report's CSV says so", "No initiative matches" in r.text)
tap.check("the empty report's JSON is empty", c.get(f"/api/v1/reports/country/{EMPTY}").json()["empty"])
tap.finish()
