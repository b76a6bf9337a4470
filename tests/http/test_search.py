#!/usr/bin/env python3
"""test_search.py - search, facets, the list API and downloads, on the sample data.

Full text finds known titles and highlights its terms in <mark>, with everything typed or
stored escaped; no query text, however full of FTS5 syntax, causes a server error. Every
facet count equals the total its link leads to; values of one facet are alternatives and
different facets must all hold. Cursor pages of 7 walk the same results as pages of 100, in
every order, without repeats or gaps. Bad parameters are 400 errors naming the field.
Unpublished initiatives never show to anonymous visitors (results, counts, downloads),
while moderators can filter by state. Downloads hold exactly the result set. The index
follows changes made by another process (the command line) while the server runs, and a
search asked again after any write shows it (the server keeps recent answers).
"""
import csv
import io
import json
import os
import re
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, tap  # noqa: E402
from pagecheck import problems  # noqa: E402

PW = "correct horse battery"

srv = Server()
c = Client(srv)

# --- search_cache = off: the same answers, read afresh every time (before any write) ---------

nocache = Server(env={"STOCKTAKE_SEARCH_CACHE": "off"})
nc = Client(nocache)
same = []
for path in ("/api/v1/initiatives?q=health&limit=5", "/api/v1/facets?sdg=3",
             "/api/v1/initiatives?q=water&sort=title&limit=7"):
    # next_cursor holds the last item's creation time, which differs between the two
    # databases (loaded seconds apart); everything else must be the same
    want = {k: v for k, v in c.get(path).json().items() if k != "next_cursor"}
    got = [{k: v for k, v in nc.get(path).json().items() if k != "next_cursor"}
           for _ in range(2)]
    same.append(got[0] == got[1] == want or (path, want, got))
nocache.stop()
tap.check("with search_cache off the server says so at start and answers as the cached one",
          all(x is True for x in same) and
          "search answers are not cached" in nocache.server_log(), same)


def api(path):
    r = c.get(path)
    try:
        return r.status, r.json()
    except ValueError:
        return r.status, None


def qs(pairs):
    return urllib.parse.urlencode(pairs)


def walk(client, params, limit):
    """Every id of a search, following next_cursor; (ids, total, statuses ok)."""
    ids, total, ok, cursor = [], None, True, None
    for _ in range(1000):
        p = list(params) + [("limit", str(limit))] + ([("cursor", cursor)] if cursor else [])
        r = client.get("/api/v1/initiatives?" + qs(p))
        if r.status != 200:
            return ids, total, False
        j = r.json()
        total = j["total"]
        ok = ok and len(j["items"]) <= limit
        ids += [it["id"] for it in j["items"]]
        cursor = j["next_cursor"]
        if not cursor:
            break
        ok = ok and len(j["items"]) == limit
    return ids, total, ok


def import_records(records, state):
    fd, path = tempfile.mkstemp(suffix=".jsonl", dir=srv.dir)
    with os.fdopen(fd, "w") as f:
        for rec in records:
            f.write(json.dumps(rec) + "\n")
    srv.cli("import", "--state", state, path)


def heading_total(text):
    m = re.search(r'<h2 id="results-heading">(\d+) ', text)
    return int(m.group(1)) if m else None


def home_published(client):
    """the home page's first figure (published initiatives) and the API's total of them"""
    r = client.get("/")
    m = re.search(r'<span class="figure">(\d+)</span>', r.text)
    return (int(m.group(1)) if m else None,
            client.get("/api/v1/initiatives?limit=1").json()["total"])


home_before = home_published(c)



# --- full text -----------------------------------------------------------------------------

st, j = api("/api/v1/initiatives?q=EDUganda")
tap.check("q finds a WSIS Prizes 2015 title by a word of it",
          st == 200 and any(it["title"] == "EDUganda" for it in j["items"]), j)
st, j = api("/api/v1/initiatives?q=prokletije")
tap.check("q is case-insensitive and finds a word inside a longer title",
          st == 200 and j["total"] >= 1 and
          any("Prokletije" in it["title"] for it in j["items"]), j)
st, j = api("/api/v1/initiatives?q=telemed*")
tap.check("a trailing * matches as a prefix",
          st == 200 and any("Telemedicine" in it["title"] for it in j["items"]), j)
st, j1 = api("/api/v1/initiatives?" + qs([("q", '"Pan African e-Network"')]))
st2, j2 = api("/api/v1/initiatives?" + qs([("q", '"e-Network Pan African"')]))
tap.check("a quoted phrase matches its words in order only",
          st == 200 and j1["total"] >= 1 and st2 == 200 and j2["total"] == 0, (j1, j2))
st, j = api("/api/v1/initiatives?q=health&limit=5")
tap.check("text results come by relevance: the best match has the word in its title",
          st == 200 and j["items"] and "health" in j["items"][0]["title"].lower(), j)

# Stored text and typed text both come back escaped; the terms are marked.
import_records([{
    "source": "search-test", "source_id": "xss",
    "title": "Zebrafish <b>telemetry</b> network",
    "summary": "Telemetry for zebrafish farms.",
    "description": "Field stations stream <script>alert(1)</script> zebrafish telemetry "
                   "to a shared dashboard.",
    "countries": ["KE"], "tags": [{"scheme": "sdg", "code": "14"}]}], "published")
r = c.get("/initiatives?q=zebrafish")
tap.check("the search page answers 200 as UTF-8 HTML",
          r.status == 200 and r.header("content-type") == "text/html; charset=utf-8",
          r.header("content-type"))
tap.check("snippets mark the terms with <mark>", "<mark>zebrafish</mark>" in r.text,
          re.findall(r'<p class="snippet">.*?</p>', r.text)[:3])
r = c.get("/initiatives?q=zebraf*")
tap.check("a prefix search marks the words it matched in the snippets",
          r.status == 200 and "<mark>zebrafish</mark>" in r.text and
          "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text,
          re.findall(r'<p class="snippet">.*?</p>', r.text)[:3])
tap.check("stored HTML in titles and snippets is escaped",
          "Zebrafish &lt;b&gt;telemetry&lt;/b&gt; network" in r.text and
          "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>alert" not in r.text and
          "<b>telemetry" not in r.text)
# The passage shown is the description's when it holds a match, else the summary's, else
# none (the summary as written), for a plain and a prefix search alike.
import_records([
    {"source": "search-test", "source_id": "snip-title", "title": "Quollword clinics",
     "summary": "Mobile clinics for remote villages.",
     "description": "Nurses travel by motorbike with solar fridges."},
    {"source": "search-test", "source_id": "snip-summary", "title": "Remote clinics",
     "summary": "Quollword nurses visit remote villages.",
     "description": "Nurses travel by motorbike with solar fridges."},
    {"source": "search-test", "source_id": "snip-both", "title": "Solar fridges",
     "summary": "Quollword cold chain.",
     "description": "Vaccines stay cold in quollword fridges run on solar power."}],
    "published")
for text in ("quollword", "quollw*"):
    r = c.get("/initiatives?" + qs([("q", text)]))
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', r.text)
    tap.check("a snippet comes from the description when it matches, else the summary, "
              "else there is none (q=%s)" % text,
              r.status == 200 and heading_total(r.text) == 3 and len(snippets) == 2 and
              any(sn.startswith("<mark>Quollword</mark> nurses visit") for sn in snippets) and
              any("cold in <mark>quollword</mark> fridges" in sn for sn in snippets) and
              "<p>Mobile clinics for remote villages.</p>" in r.text, snippets)
# Passages are made in C (search/snippet.c) when the text has only characters it can fold,
# by FTS5 otherwise: accents fold both ways, a Greek text or a Greek query goes to FTS5, a
# long text is cut around the match; the same marks either way.
import_records([
    {"source": "search-test", "source_id": "snip-accents", "title": "Numbat schools",
     "summary": "Schools.", "description": "Les \u00e9coles de Numbatville: \u00e9l\u00e8ves"
     " au CAF\u00c9 \u2014 \u201cnumbatcaf\u00e9\u201d."},
    {"source": "search-test", "source_id": "snip-greek", "title": "Numbat health",
     "summary": "Health.", "description": "\u0397 \u03c5\u03b3\u03b5\u03af\u03b1 "
     "numbatgreek \u03c3\u03c4\u03bf \u03c3\u03c7\u03bf\u03bb\u03b5\u03af\u03bf."},
    {"source": "search-test", "source_id": "snip-long", "title": "Numbat long",
     "summary": "Long.", "description": "word " * 60 + "numbatlong at the end."}],
    "published")
for text, want in (("ecoles numbatcafe", "Les <mark>\u00e9coles</mark> de Numbatville"),
                   ("numbatcaf\u00c9", "\u201c<mark>numbatcaf\u00e9</mark>\u201d"),
                   ("numbatgreek", "\u03c5\u03b3\u03b5\u03af\u03b1 <mark>numbatgreek</mark> "),
                   ("\u03c5\u03b3\u03b5\u03af\u03b1 numbatgreek",
                    "\u0397 <mark>\u03c5\u03b3\u03b5\u03af\u03b1</mark> <mark>numbatgreek"),
                   ("numbatlo*", "\u2026word word"),
                   ("numbatlong", "<mark>numbatlong</mark> at the end.</p>")):
    r = c.get("/initiatives?" + qs([("q", text)]))
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', r.text)
    tap.check("a passage marks its terms, folded or not, from C or FTS5 (q=%s)" % text,
              r.status == 200 and len(snippets) == 1 and want in r.text, snippets)
evil = '<script>alert("q")</script> zebrafish'
r = c.get("/initiatives?" + qs([("q", evil)]))
tap.check("a query containing <script> comes back escaped",
          r.status == 200 and '<script>alert("q")' not in r.text and
          "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt; zebrafish" in r.text, r.status)
tap.check("the search page has no structural problems (ids, labels, inline code)",
          not problems(r.text), problems(r.text))

# No FTS5 syntax in q ever becomes a server error.
nasty = ['AND', 'OR', 'NOT', 'health AND', 'NOT health', '"', '""', '"unbalanced', '*', '**',
         'a*b*', '*health', '(', ')', '()', '(health OR water)', '-', '-health', 'health-',
         ':', 'title:health', 'title : x', '{title}: x', 'NEAR', 'NEAR(health water, 2)',
         'NEAR(', '^health', '+', "'", '\\', '\\"', 'health"water', '%', '%%', '«»', '🙂',
         'c7.e-health', 'ICT4D&sdg', ' ', '\t', 'a' * 500]
bad = []
for q in nasty:
    for path in ("/api/v1/initiatives?", "/api/v1/facets?", "/initiatives?",
                 "/initiatives.csv?"):
        r = c.get(path + qs([("q", q)]))
        if r.status != 200:
            bad.append((path, q, r.status))
tap.check("FTS syntax characters in q never cause an error", not bad, bad)
r = c.get("/api/v1/initiatives?" + qs([("q", "a" * 501)]))
tap.check("q longer than 500 characters is a 400 naming q",
          r.status == 400 and r.json()["error"]["field"] == "q", r.text)

# --- facets ----------------------------------------------------------------------------------

FACETS = ["action_line", "sdg", "gdc", "region", "itu_region", "country", "stakeholder_type",
          "status", "start_year"]
mismatch, checked = [], 0
for base in ([], [("q", "health")], [("sdg", "3")], [("itu_region", "africa"), ("sdg", "4")]):
    st, f = api("/api/v1/facets?" + qs(base))
    if st != 200:
        mismatch.append((base, st))
        continue
    for name in FACETS:
        if base and name == "country":
            continue  # every country once, from the unfiltered base, is enough
        for v in f["facets"].get(name, []):
            st, j = api("/api/v1/initiatives?" + qs(
                [p for p in base if p[0] != name] + [(name, v["code"]), ("limit", "1")]))
            checked += 1
            if st != 200 or j["total"] != v["count"]:
                mismatch.append((base, name, v["code"], v["count"], st, j and j.get("total")))
tap.check(f"every facet count equals the total its link leads to ({checked} values)",
          not mismatch and checked > 200, mismatch[:10])

st, f = api("/api/v1/facets")
tap.check("facets: total, and code/title/count for each value",
          st == 200 and f["total"] > 1000 and
          all(set(v) == {"code", "title", "count"} for vs in f["facets"].values() for v in vs) and
          any(v["code"] == "3" and v["title"].startswith("Ensure healthy lives")
              for v in f["facets"]["sdg"]), f and f.get("facets", {}).get("sdg"))
tap.check("anonymous callers get no state facet", st == 200 and "state" not in f["facets"])
c7 = {v["code"]: v["count"] for v in f["facets"]["action_line"]}
sub = [k for k in c7 if k.startswith("C7.")]
ids_c7 = set(walk(c, [("action_line", "C7")], 100)[0])
ids_sub = set()
for k in sub:
    ids_sub |= set(walk(c, [("action_line", k)], 100)[0])
tap.check("action_line=C7 means any of its sub-lines",
          sub and ids_c7 == ids_sub and c7["C7"] == len(ids_c7), (c7.get("C7"), len(ids_sub)))

s3 = set(walk(c, [("sdg", "3")], 100)[0])
s4 = set(walk(c, [("sdg", "4")], 100)[0])
ke = set(walk(c, [("country", "KE")], 100)[0])
s34, t34, _ = walk(c, [("sdg", "3"), ("sdg", "4")], 100)
s3ke, t3ke, _ = walk(c, [("sdg", "3"), ("country", "KE")], 100)
tap.check("two values of one facet are alternatives (sdg=3&sdg=4 is OR)",
          set(s34) == s3 | s4 and t34 == len(s3 | s4) and len(s3 | s4) > len(s3),
          (len(s34), len(s3 | s4)))
tap.check("two facets must both hold (sdg=3&country=KE is AND)",
          set(s3ke) == s3 & ke and t3ke == len(s3 & ke) and 0 < len(s3ke) < len(s3),
          (len(s3ke), len(s3 & ke)))
africa = set(walk(c, [("region", "002")], 100)[0])
kenya_in_africa = ke <= africa and len(africa) > len(ke)
tap.check("region (UN M49) filters by the initiative's countries", kenya_in_africa,
          (len(ke), len(africa)))
r1 = api("/api/v1/initiatives?start_year=2013&limit=1")[1]
r2 = api("/api/v1/initiatives?from_year=2013&to_year=2013&limit=1")[1]
r3 = api("/api/v1/initiatives?from_year=2012&limit=1")[1]
tap.check("start_year and from_year/to_year agree",
          r1["total"] > 0 and r1["total"] == r2["total"] and r3["total"] >= r1["total"],
          (r1["total"], r2["total"], r3["total"]))
st, j = api("/api/v1/initiatives?sdg=99")
tap.check("an unknown facet value is a 400 naming the facet",
          st == 400 and j["error"]["code"] == "invalid" and j["error"]["field"] == "sdg", j)

# The page: facet links lead to what they count (given the other facets' choices: a value
# added to a facet that has one already widens the search, sdg=3 or 1); active filters can be
# removed.
r = c.get("/initiatives?sdg=3")
links = [(h, n) for h, n in re.findall(r'<a href="(/initiatives\?[^"]*)"><span>(?:(?!</a>).)*?'
                                        r'<span class="count">(\d+)</span></a>', r.text)
         if "sdg=3&amp;sdg=" not in h]
bad = []
for href, count in links[:25]:
    p = c.get(href.replace("&amp;", "&"))
    if heading_total(p.text) != int(count):
        bad.append((href, count, heading_total(p.text)))
tap.check(f"page facet links lead to the number they show ({min(len(links), 25)} followed)",
          len(links) >= 20 and not bad, bad)
tap.check("the page shows SDGs with their colours and numbers",
          '<span class="tag sdg sdg-3">3</span> Good health and well-being' in r.text)
tap.check("C7 sub-lines are listed under C7",
          re.search(r'<span>C7 ICT Applications</span> <span class="count">\d+</span></a>'
                    r'<ul><li><a href="/initiatives\?action_line=C7.e-government">'
                    r'<span>E-Government</span>', c.get("/initiatives").text) is not None)
r = c.get("/initiatives?sdg=3&country=KE")
m = re.search(r'Countries: Kenya <a href="([^"]+)">Remove', r.text)
after = c.get(m.group(1).replace("&amp;", "&")) if m else None
tap.check("an active filter has a link that removes it",
          m is not None and heading_total(after.text) == len(s3), m and m.group(1))
r = c.get("/initiatives")
m = re.search(r'<a href="(/initiatives\?all=country)">Show all', r.text)
tap.check("long facets show 10 values and a 'show all' link",
          m is not None and r.text.count('href="/initiatives?country=') == 10, m)
full = c.get(m.group(1)) if m else None
tap.check("'show all' lists every country with initiatives",
          full is not None and full.text.count('href="/initiatives?all=country&amp;country=') ==
          len(api("/api/v1/facets")[1]["facets"]["country"]))

# --- pages -----------------------------------------------------------------------------------

orders = [[("q", "health")], [("q", "health"), ("sort", "relevance")], [("sort", "date")],
          [("sort", "title")], [("sort", "newest")], [("sdg", "3"), ("sort", "date")],
          [("q", "project"), ("sort", "title")]]
for params in orders:
    small, total, ok7 = walk(c, params, 7)
    big, total2, ok100 = walk(c, params, 100)
    tap.check(f"limit=7 walks the same results as limit=100 ({qs(params)}: {total})",
              ok7 and ok100 and small == big and len(small) == len(set(small)) == total ==
              total2 and total > 7, (len(small), len(set(small)), total, len(big)))
st, j = api("/api/v1/initiatives?sort=date&limit=50")
dates = [it["start_date"] for it in j["items"]]
known = [d for d in dates if d]
tap.check("sort=date puts the latest start first, undated last",
          known == sorted(known, reverse=True) and
          all(d is None for d in dates[len(known):]), dates)
st, j = api("/api/v1/initiatives?sort=title&limit=30")
titles = [it["title"].lower().lstrip(' "\'(') for it in j["items"]]
tap.check("sort=title is alphabetical", titles == sorted(titles), titles[:10])

for cur in ("garbage", "AAAA", "!!", "x" * 300):
    st, j = api("/api/v1/initiatives?" + qs([("cursor", cur)]))
    tap.check(f"a malformed cursor is a 400 naming cursor ({cur[:10]})",
              st == 400 and j["error"]["field"] == "cursor", j)
st, j = api("/api/v1/initiatives?sort=title&limit=2")
st2, j2 = api("/api/v1/initiatives?" + qs([("sort", "date"), ("cursor", j["next_cursor"])]))
tap.check("a cursor of another order is refused", st2 == 400 and j2["error"]["field"] == "cursor",
          j2)
r = c.get("/initiatives?cursor=garbage")
tap.check("the page answers a malformed cursor with 400", r.status == 400)
for lim in ("0", "101", "abc", "-5"):
    st, j = api("/api/v1/initiatives?limit=" + lim)
    tap.check(f"limit={lim} is a 400 naming limit",
              st == 400 and j["error"] == {"code": "invalid", "field": "limit",
                                           "message": j["error"]["message"]} and
              j["error"]["message"], j)
st, j = api("/api/v1/initiatives?sort=shuffle")
tap.check("an unknown sort is a 400 naming sort", st == 400 and j["error"]["field"] == "sort", j)
st, j = api("/api/v1/initiatives")
tap.check("20 items by default, with the documented fields",
          st == 200 and len(j["items"]) == 20 and j["next_cursor"] and
          set(j["items"][0]) == {"id", "title", "summary", "sdgs", "sdg_targets", "action_lines",
                                 "gdc", "countries", "organisation", "stakeholder_type",
                                 "status", "start_date", "url"} and
          all(isinstance(s, int) for it in j["items"] for s in it["sdgs"]), j["items"][0])
r = c.get("/api/v1/initiatives")
tap.check("the API answers application/json", r.header("content-type") == "application/json",
          r.header("content-type"))

r = c.get("/initiatives?sort=title&limit=7")
m = re.search(r'<a rel="next" href="([^"]+)">Next page', r.text)
r2 = c.get(m.group(1).replace("&amp;", "&")) if m else None
first7 = walk(c, [("sort", "title")], 7)[0][7:14]
tap.check("the page's next link continues the results, with a link to the first page",
          r2 is not None and re.findall(r'<h3><a href="/initiatives/(\d+)"', r2.text) ==
          [str(i) for i in first7] and 'First page</a>' in r2.text)

# region takes an ITU-D region's name as well as an M49 code, as report addresses do.
by_itu = walk(c, [("itu_region", "africa"), ("sdg", "3")], 100)
by_name = walk(c, [("region", "africa"), ("sdg", "3")], 100)
tap.check("region=africa is the ITU-D region africa (API)",
          by_name[2] and by_name[:2] == by_itu[:2] and len(by_itu[0]) > 0, (by_name, by_itu))
r = c.get("/initiatives?" + qs([("q", "health"), ("sdg", "3"), ("region", "africa")]))
tap.check("region=africa is the ITU-D region africa (page)",
          r.status == 200 and heading_total(r.text) ==
          api("/api/v1/initiatives?" + qs([("q", "health"), ("sdg", "3"),
                                            ("itu_region", "africa")]))[1]["total"],
          (r.status, heading_total(r.text)))
status, j = api("/api/v1/initiatives?region=002&limit=1")
tap.check("region=002 is still the M49 region", status == 200 and j["total"] > 0, (status, j))
status, j = api("/api/v1/initiatives?region=atlantis")
tap.check("an unknown region name is a 400 naming region, the parameter sent",
          status == 400 and j["error"]["code"] == "invalid" and j["error"]["field"] == "region",
          (status, j))
status, j = api("/api/v1/initiatives?itu_region=atlantis")
tap.check("while itu_region=atlantis names itu_region",
          status == 400 and j["error"]["field"] == "itu_region", (status, j))
for params, field in (([("itu_region", "europe"), ("region", "atlantis")], "region"),
                      ([("region", "africa"), ("itu_region", "atlantis")], "itu_region"),
                      ([("region", "x" * 65)], "region"),
                      ([("region", "africa"), ("sdg", "99")], "sdg")):
    status, j = api("/api/v1/initiatives?" + qs(params))
    tap.check(f"{qs(params)[:40]}: the 400 names {field}",
              status == 400 and j["error"]["field"] == field, (status, j))
status, j = api("/api/v1/facets?region=atlantis")
tap.check("the facets API names region too", status == 400 and j["error"]["field"] == "region",
          (status, j))
tap.equal("the page answers region=atlantis with a 400", c.get("/initiatives?region=atlantis").status,
          400)


# --- the page's 400 names the parameter, shows the refused value and links back without it --


def bad_page(params, lang=None):
    """The 400 page of /initiatives?params: (status, alert text, value shown, hrefs)."""
    r = c.get("/initiatives?" + qs(params),
              headers={"Accept-Language": lang} if lang else None)
    alert = re.findall(r'<div class="notice bad" role="alert">(.*?)</div>', r.text, re.S)
    value = re.findall(r"<code>(.*?)</code>", alert[0], re.S) if alert else []
    hrefs = re.findall(r'<main[^>]*>.*?<ul><li><a href="([^"]*)">.*?<a href="([^"]*)">',
                       r.text, re.S)
    return r, (alert[0] if alert else ""), (value[0] if value else None), \
        (hrefs[0] if hrefs else ())


XSS = "<script>alert(1)</script>"
for params, field, label, shown, back in (
        ([("q", "health"), ("region", "atlantis"), ("sdg", "3")], "region", "Regions",
         "atlantis", "/initiatives?q=health&amp;sdg=3"),
        ([("sdg", XSS), ("sort", "title")], "sdg", "Sustainable Development Goals",
         "&lt;script&gt;alert(1)&lt;/script&gt;", "/initiatives?sort=title"),
        ([("q", "water"), ("sort", XSS)], "sort", "Sort by",
         "&lt;script&gt;alert(1)&lt;/script&gt;", "/initiatives?q=water"),
        ([("sdg", "99"), ("limit", "500")], "limit", "Results per page", "500",
         "/initiatives?sdg=99"),
        ([("from_year", "19x9")], "from_year", "From year", "19x9", "/initiatives"),
        ([("q", "a" * 501), ("sdg", "3")], "q", "Search text", "a" * 100 + "…",
         "/initiatives?sdg=3"),
        ([("cursor", "bogus" + XSS), ("itu_region", "africa")], "cursor", "Page link",
         "bogus&lt;script&gt;alert(1)&lt;/script&gt;", "/initiatives?itu_region=africa")):
    r, alert, value, hrefs = bad_page(params)
    tap.check(f"the 400 page of {field} names it, shows the value refused escaped and links "
              f"back without it",
              r.status == 400 and f"{label} (the parameter {field})." in alert and
              value == shown and hrefs == (back, "/initiatives") and
              "<script>" not in r.text.split("</head>")[-1] and not problems(r.text),
              (r.status, alert, value, hrefs, problems(r.text)))
r, alert, value, hrefs = bad_page([("region", "africa"), ("region", "atlantis"), ("sdg", "3")])
tap.check("with two values of the refused filter it names the filter and drops both",
          r.status == 400 and "Regions (the parameter region)." in alert and value is None and
          hrefs == ("/initiatives?sdg=3", "/initiatives"), (r.status, alert, value, hrefs))
tap.check("the API's 400 is unchanged (JSON naming the field)",
          api("/api/v1/initiatives?sort=" + urllib.parse.quote(XSS)) ==
          (400, {"error": {"code": "invalid", "field": "sort",
                           "message": "Sort by relevance, date, title or newest."}}),
          api("/api/v1/initiatives?sort=" + urllib.parse.quote(XSS)))
for lang, want in (("es", "No se entendió una parte de esta búsqueda: Regiones (el parámetro "
                          "region)."),
                   ("fr", "Une partie de cette recherche n'a pas été comprise\u00a0: Régions (le "
                          "paramètre region).")):
    r, alert, value, hrefs = bad_page([("region", "atlantis")], lang)
    tap.check(f"Accept-Language: {lang} gets the 400 page's sentence translated",
              r.status == 400 and want in alert and value == "atlantis" and
              f'<html lang="{lang}"' in r.text, (r.status, alert))

# --- downloads -------------------------------------------------------------------------------

for params in ([("q", "health"), ("sdg", "3")], [("sort", "title"), ("itu_region", "africa")]):
    ids = walk(c, params, 100)[0]
    r = c.get("/initiatives.csv?" + qs(params))
    rows = list(csv.reader(io.StringIO(r.text)))
    tap.check(f"the CSV download holds exactly the result set ({len(ids)}, {qs(params)})",
              r.status == 200 and r.header("content-type") == "text/csv; charset=utf-8" and
              rows[0][0] == "id" and [int(x[0]) for x in rows[1:]] == ids and len(ids) > 5,
              (r.status, r.header("content-type"), len(rows), len(ids)))
    r = c.get("/initiatives.jsonl?" + qs(params))
    lines = [json.loads(x) for x in r.text.splitlines() if x]
    tap.check(f"the JSON Lines download holds exactly the result set ({qs(params)})",
              r.status == 200 and
              r.header("content-type") == "application/x-ndjson; charset=utf-8" and
              [x["id"] for x in lines] == ids and
              all(x["state"] == "published" for x in lines), (r.status, len(lines), len(ids)))
r = c.get("/initiatives")
tap.check("the page links both downloads with its own parameters",
          'href="/initiatives.csv"' in r.text and 'href="/initiatives.jsonl"' in r.text)
r = c.get("/initiatives?sdg=3&q=health")
tap.check("download links keep the search",
          'href="/initiatives.csv?sdg=3&amp;q=health"' in r.text)

# --- unpublished initiatives -------------------------------------------------------------------

st, before = api("/api/v1/facets")
import_records([{"source": "search-test", "source_id": "hidden",
                 "title": "Quokkatronics hidden submission", "countries": ["KE"],
                 "start_date": "2031", "status": "planned",
                 "tags": [{"scheme": "sdg", "code": "3"},
                          {"scheme": "action_line", "code": "C7.e-health"}]}], "submitted")
st, j = api("/api/v1/initiatives?q=quokkatronics")
tap.check("an unpublished initiative is not found by anonymous searches",
          st == 200 and j["total"] == 0, j)
st, after = api("/api/v1/facets")
tap.check("nor counted in any facet", st == 200 and after == before,
          [k for k in after["facets"] if after["facets"][k] != before["facets"][k]])
st, j = api("/api/v1/initiatives?start_year=2031")
tap.check("nor reachable through its facet values", st == 200 and j["total"] == 0, j)
r = c.get("/initiatives.jsonl?q=quokkatronics")
r2 = c.get("/initiatives.csv")
tap.check("nor in downloads", r.status == 200 and r.text == "" and
          "Quokkatronics" not in r2.text)
st, j = api("/api/v1/initiatives?state=submitted")
tap.check("anonymous callers may not ask for other states (403 naming state)",
          st == 403 and j["error"]["field"] == "state", j)
r = c.get("/initiatives?state=draft")
tap.check("nor may they on the page", r.status == 403)
r = c.get("/")
tap.check("the home page counts published initiatives only",
          "Quokkatronics" not in r.text)

srv.user("mod@example.org", "moderator", PW)
token = srv.cli("token", "create", "mod@example.org", "--name", "search").stdout.strip()
mod = Client(srv)


def mod_get(path):
    return mod.get(path, headers={"Authorization": "Bearer " + token})


r = mod_get("/api/v1/initiatives?q=quokkatronics&state=submitted")
tap.check("a moderator finds it by state", r.status == 200 and r.json()["total"] == 1, r.text)
r = mod_get("/api/v1/facets?q=quokkatronics")
tap.check("and sees the state facet",
          r.status == 200 and {"code": "submitted", "title": "Submitted", "count": 1} in
          r.json()["facets"].get("state", []), r.text)
r = mod_get("/api/v1/initiatives?q=quokkatronics")
tap.check("moderators too see published initiatives only by default",
          r.status == 200 and r.json()["total"] == 0)
mod.login("mod@example.org", PW)
r = mod.get("/initiatives.jsonl?q=quokkatronics&state=submitted")
tap.check("a moderator's download with state=submitted holds it",
          r.status == 200 and "Quokkatronics" in r.text)
r = mod.get("/initiatives?q=quokkatronics&state=submitted")
tap.check("a moderator's page shows it and the state facet",
          r.status == 200 and heading_total(r.text) == 1 and 'id="facet-state"' in r.text)

# --- following changes made elsewhere --------------------------------------------------------

st, j = api("/api/v1/initiatives?q=wombatronics")
import_records([{"source": "search-test", "source_id": "late", "title": "Wombatronics late entry",
                 "countries": ["FR"], "tags": [{"scheme": "sdg", "code": "9"}]}], "published")
st2, j2 = api("/api/v1/initiatives?q=wombatronics&country=FR&sdg=9")
tap.check("a record imported by another process is found at once, with its facets",
          j["total"] == 0 and st2 == 200 and j2["total"] == 1, (j, j2))
import_records([{"source": "search-test", "source_id": "late", "title": "Wombatronics late entry",
                 "countries": ["DE"], "tags": [{"scheme": "sdg", "code": "9"}]}], "published")
st3, j3 = api("/api/v1/initiatives?q=wombatronics&country=FR")
st4, j4 = api("/api/v1/initiatives?q=wombatronics&country=DE")
tap.check("and a change to it moves it between facet values",
          j3["total"] == 0 and j4["total"] == 1, (j3, j4))

# --- repeated searches follow every write ------------------------------------------------------
# The server keeps recent answers per change number (app/search_cache.h): the same page and
# API list asked again after a write, through the server itself or by another process, show
# the write (results, totals, rows and snippets).


def mod_send(method, path, body):
    return mod.request(method, path, body=json.dumps(body),
                       headers={"Authorization": "Bearer " + token,
                                "Content-Type": "application/json"})


def both(params):
    """The page, the API list and facets of a search, each asked twice (the second may be
    kept)."""
    page = "/initiatives?" + qs(params)
    lst = "/api/v1/initiatives?" + qs(params)
    pages = [c.get(page) for _ in range(2)]
    lists = [c.get(lst) for _ in range(2)] + [c.get("/api/v1/facets?" + qs(params))
                                             for _ in range(2)]
    return pages, lists


def shows(params, total, title=None, snippet=None):
    pages, lists = both(params)
    ok = all(p.status == 200 and heading_total(p.text) == total for p in pages)
    ok = ok and all(x.status == 200 and x.json()["total"] == total for x in lists)
    lists = lists[:2]
    ok = ok and pages[0].text == pages[1].text and lists[0].text == lists[1].text
    if title:
        ok = ok and all(title in p.text for p in pages)
        ok = ok and all([it["title"] for it in x.json()["items"]] == [title] for x in lists)
    if snippet:
        ok = ok and all(snippet in p.text for p in pages)
    return ok, [heading_total(p.text) for p in pages] + [x.text[:300] for x in lists]


ok, why = shows([("q", "numbatronics"), ("sdg", "3")], 0)
tap.check("a search with no results yet, asked twice", ok, why)
r = mod_send("POST", "/api/v1/initiatives", {
    "title": "Numbatronics clinics", "summary": "Numbatronics first summary.",
    "state": "published", "countries": ["KE"], "tags": [{"scheme": "sdg", "code": "3"}]})
new_id = r.json().get("id") if r.status == 201 else None
ok, why = shows([("q", "numbatronics"), ("sdg", "3")], 1, "Numbatronics clinics",
                "<mark>Numbatronics</mark> first summary.")
tap.check("after a record is added through the API, the same search shows it at once",
          new_id and ok, (r.status, why))
r = mod_send("PUT", f"/api/v1/initiatives/{new_id}", {
    "title": "Numbatronics mobile clinics", "summary": "Numbatronics second summary.",
    "state": "published", "countries": ["KE"], "tags": [{"scheme": "sdg", "code": "4"}]})
ok3, why3 = shows([("q", "numbatronics"), ("sdg", "3")], 0)
ok4, why4 = shows([("q", "numbatronics"), ("sdg", "4")], 1, "Numbatronics mobile clinics",
                  "<mark>Numbatronics</mark> second summary.")
tap.check("after it is changed, the same searches show the change: title, snippet, facets",
          r.status == 200 and ok3 and ok4, (r.status, why3, why4))
import_records([{"source": "search-test", "source_id": "numbat",
                 "title": "Numbatronics for midwives", "summary": "Numbatronics third summary.",
                 "countries": ["KE"], "tags": [{"scheme": "sdg", "code": "3"}]}], "published")
ok, why = shows([("q", "numbatronics"), ("sdg", "3")], 1, "Numbatronics for midwives",
                "<mark>Numbatronics</mark> third summary.")
tap.check("and after a record is imported by another process", ok, why)
r1 = [c.get("/initiatives?q=numbatronics") for _ in range(2)]
r2 = mod.get("/initiatives?q=numbatronics")
r3 = c.get("/initiatives?q=numbatronics")
tap.check("a moderator and a visitor asking the same search each get their own answer",
          all('id="facet-state"' not in r.text for r in r1) and
          'id="facet-state"' in r2.text and 'id="facet-state"' not in r3.text)

# --- home page -------------------------------------------------------------------------------

r = c.get("/")
home = re.findall(r'<a href="(/initiatives\?(?:action_line|sdg|itu_region)=[^"]+)"><span>.*?'
                  r'<span class="count">(\d+)</span>', r.text)
bad = [(h, n) for h, n in home[:40]
       if heading_total(c.get(h.replace("&amp;", "&")).text) != int(n)]
tap.check(f"home page counts by Action Line, SDG and ITU-D region link to their search "
          f"({len(home)})", len(home) >= 30 and not bad, bad)
newest = [str(it["id"]) for it in api("/api/v1/initiatives?sort=newest&limit=5")[1]["items"]]
tap.check("the home page lists the 5 most recently published",
          re.findall(r'Recently published</h2><ul class="results">(.*?)</ul>', r.text) and
          re.findall(r'<li><a href="/initiatives/(\d+)">',
                     re.findall(r'Recently published</h2><ul class="results">(.*?)</ul>',
                                r.text)[0]) == newest, newest)
tap.check("the home page has no structural problems", not problems(r.text), problems(r.text))

home_after = home_published(c)
tap.check("the home page's count of published initiatives is the search's, before and after "
          "the test's writes", home_before[0] == home_before[1] and
          home_after[0] == home_after[1] and home_after[1] > home_before[1],
          (home_before, home_after))

rc = srv.stop()
log = srv.server_log()
tap.check("the server stops cleanly, with no sanitizer reports or errors in its log",
          rc == 0 and "runtime error" not in log and "Sanitizer" not in log and
          "level=error" not in log, f"exit {rc}\n" + log[-2000:])
tap.finish()
