#!/usr/bin/env python3
"""test_report_cache.py - HTTP caching of what follows the data: the reports' pages, their
downloads (CSV, JSON, XLSX, PDF), /api/v1/reports and the open-data dumps and page.

Each answers with an ETag made of the store's change number and what was asked (format,
filters, language), Last-Modified, Cache-Control and Vary; the same tag back
(If-None-Match) or a date not before Last-Modified (If-Modified-Since) gives 304 without a
body; a write (an initiative published through the API) gives 200 with a new tag, and the
report counts it; each language and each filter has its own tag; a signed-in page is
private and tagged for its user.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, tap  # noqa: E402

srv = Server()
c = Client(srv)
c.get("/")  # the visitor's cookie is set: later answers set none

PAGE = "/reports/country/SN"
URLS = [PAGE, PAGE + "?format=csv", PAGE + "?format=json", PAGE + "?format=xlsx",
        PAGE + "?format=pdf", "/api/v1/reports/country/SN", "/reports/matrix?from=2010",
        "/data", "/data/initiatives.csv", "/data/initiatives.jsonl"]

first = {}
for u in URLS:
    r = c.get(u)
    first[u] = r
    tap.check(f"{u}: 200 with an ETag, Cache-Control",
              r.status == 200 and r.header("etag") and r.header("cache-control"),
              (r.status, r.headers))
tags = [first[u].header("etag") for u in URLS]
tap.equal("every format, filter and address has its own ETag", len(set(tags)), len(tags))
tap.check("a report is weakly tagged (the time it was made may differ), a dump strongly",
          first[PAGE].header("etag").startswith('W/"') and
          first["/data/initiatives.csv"].header("etag").startswith('"'), tags)
tap.check("a public report may be kept by a shared cache for five minutes",
          first[PAGE + "?format=csv"].header("cache-control") == "public, max-age=300",
          first[PAGE + "?format=csv"].header("cache-control"))
tap.check("a report varies with Accept-Language and the lang cookie",
          first[PAGE].header("vary") == "Accept-Language, Cookie", first[PAGE].headers)

for u in URLS:
    r = c.get(u, headers={"If-None-Match": first[u].header("etag")})
    tap.check(f"{u}: the same ETag again gives 304 without a body",
              r.status == 304 and r.body == b"" and r.header("etag") == first[u].header("etag"),
              (r.status, r.body[:80]))
r = c.get(PAGE, headers={"If-None-Match": 'W/"0-0", ' + first[PAGE].header("etag")})
tap.equal("a list of tags that names the current one gives 304", r.status, 304)
r = c.get(PAGE, headers={"If-None-Match": 'W/"0-0"'})
tap.check("another tag gives the report", r.status == 200 and "<h1" in r.text, r.status)

# Last-Modified: not given in the second the change number was first seen
time.sleep(1.1)
r = c.get(PAGE + "?format=csv")
lm = r.header("last-modified")
tap.check("a report has a Last-Modified date", bool(lm) and lm.endswith(" GMT"), r.headers)
r = c.get(PAGE + "?format=csv", headers={"If-Modified-Since": lm})
tap.equal("If-Modified-Since that date gives 304", r.status, 304)
r = c.get(PAGE + "?format=csv", headers={"If-Modified-Since": "Thu, 01 Jan 2004 00:00:00 GMT"})
tap.equal("an older If-Modified-Since gives the report", r.status, 200)
r = c.get(PAGE + "?format=csv", headers={"If-Modified-Since": lm, "If-None-Match": '"x"'})
tap.equal("If-None-Match decides over If-Modified-Since", r.status, 200)

# languages and filters
fr = Client(srv, lang="fr")
fr.get("/")
r = fr.get(PAGE)
tap.check("French has its own ETag", r.status == 200 and r.header("etag") != first[PAGE].header("etag"),
          r.header("etag"))
r = fr.get(PAGE, headers={"If-None-Match": first[PAGE].header("etag")})
tap.check("the English tag does not give the French page a 304", r.status == 200 and 'lang="fr"' in r.text,
          r.status)
r = c.get(PAGE + "?from=2010", headers={"If-None-Match": first[PAGE].header("etag")})
tap.check("another filter: its own tag, no 304", r.status == 200 and
          r.header("etag") != first[PAGE].header("etag"), r.status)

# signed in: private, and the tag is the user's
srv.user("mod@example.org", "moderator")
mod = Client(srv)
mod.submit("/login", {"email": "mod@example.org", "password": "correct horse battery"})
r = mod.get(PAGE)
tap.check("a signed-in page is private and tagged for its user",
          r.status == 200 and r.header("cache-control") == "private, no-cache" and
          r.header("etag") != first[PAGE].header("etag"), (r.status, r.headers))
r = mod.get(PAGE + "?state=submitted&format=csv")
tap.check("counts of unpublished initiatives are private",
          r.status == 200 and r.header("cache-control") == "private, no-cache", r.headers)
r = c.get(PAGE + "?state=submitted&format=csv")
tap.check("and a visitor is refused them, without validators",
          r.status == 403 and r.header("etag") is None, (r.status, r.headers))

# a write: an initiative published through the API
total = first["/api/v1/reports/country/SN"].json()["total"]
token = srv.cli("token", "create", "mod@example.org").stdout.strip().splitlines()[-1]
rec = {"title": "Cache probe network", "summary": "Counted after a write.",
       "organisation": {"name": "Probe", "stakeholder_type": "civil-society", "country": "SN"},
       "countries": ["SN"], "start_date": "2021", "status": "ongoing",
       "url": "https://example.org/probe", "language": "en", "state": "published",
       "tags": [{"scheme": "sdg", "code": "4"}]}
r = c.request("POST", "/api/v1/initiatives", body=json.dumps(rec),
              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
tap.equal("a moderator publishes an initiative through the API", r.status, 201)
for u in URLS:
    r = c.get(u, headers={"If-None-Match": first[u].header("etag")})
    tap.check(f"{u}: after the write, 200 with a new ETag",
              r.status == 200 and r.header("etag") not in (None, first[u].header("etag")),
              (r.status, r.header("etag")))
r = c.get("/api/v1/reports/country/SN")
tap.equal("the report counts the new initiative", r.json()["total"], total + 1)


def csv_total(text):
    for line in text.splitlines():
        if line.startswith("Initiatives,"):
            return int(line.split(",")[1])
    return None


tap.equal("the CSV before the write counted one fewer",
          csv_total(first[PAGE + "?format=csv"].text), total)
r = c.get(PAGE + "?format=csv")
tap.equal("and its CSV (the figures are not the cached ones of before)", csv_total(r.text), total + 1)
r = c.get("/data/initiatives.csv")
tap.check("the dump has it", "Cache probe network" in r.text)

tap.finish()
