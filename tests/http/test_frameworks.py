#!/usr/bin/env python3
"""test_frameworks.py - the framework pages and the framework API.

Every page (/frameworks, each SDG, Action Line and GDC objective, the country list, each
region, a few countries) answers 200 with the titles of data/frameworks/*.csv in English
and in French; the links of the WSIS-SDG matrix are shown both ways; unknown codes are 404;
the counts on the pages are the numbers of published initiatives (checked against the
search API when it is there, and against an export of the database in any case); the API
gives the frameworks and the countries in the language asked for.
"""
import csv
import html
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Client, Server, tap  # noqa: E402

FW = os.path.join(ROOT, "data", "frameworks")


def rows(name):
    with open(os.path.join(FW, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


GOALS = rows("sdg_goals.csv")
TARGETS = rows("sdg_targets.csv")
LINES = rows("action_lines.csv")
GDC = rows("gdc_objectives.csv")
COUNTRIES = rows("countries.csv")
M49 = rows("m49_regions.csv")
ITU = rows("itu_regions.csv")
LINKS = rows("wsis_sdg_links.csv")
TARGET_LINKS = rows("wsis_sdg_target_links.csv")


def text(page):
    """The page's text with tags dropped and entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def ids_unique(page):
    ids = re.findall(r'\sid="([^"]+)"', page)
    return len(ids) == len(set(ids))


def main_of(page):
    m = re.search(r"<main[^>]*>(.*)</main>", page, re.S)
    return m.group(1) if m else ""


srv = Server()
# A few records of our own, with every kind of tag, one unpublished.
records = [
    {"source": "fwtest", "source_id": "a", "title": "Alpha", "countries": ["KE", "FR"],
     "tags": [{"scheme": "sdg", "code": "3"}, {"scheme": "sdg_target", "code": "3.8"},
              {"scheme": "action_line", "code": "C7.e-health"},
              {"scheme": "action_line", "code": "C7.e-learning"},
              {"scheme": "gdc", "code": "2"}]},
    {"source": "fwtest", "source_id": "b", "title": "Beta", "countries": ["KE"],
     "tags": [{"scheme": "sdg", "code": "3"}, {"scheme": "gdc", "code": "2"}]},
]
fd, path = tempfile.mkstemp(suffix=".jsonl", dir=srv.dir)
with os.fdopen(fd, "w") as f:
    for r in records:
        f.write(json.dumps(r) + "\n")
srv.cli("import", "--state", "published", path)
fd, path = tempfile.mkstemp(suffix=".jsonl", dir=srv.dir)
with os.fdopen(fd, "w") as f:
    f.write(json.dumps({"source": "fwtest", "source_id": "hidden", "title": "Hidden",
                        "countries": ["KE"],
                        "tags": [{"scheme": "sdg", "code": "3"},
                                 {"scheme": "gdc", "code": "2"}]}) + "\n")
srv.cli("import", "--state", "submitted", path)

# What the database holds, from an export: the published initiatives per code.
export = [json.loads(line) for line in
          srv.cli("export", "--state", "published").stdout.splitlines() if line.strip()]
country_region = {c["iso2"]: c for c in COUNTRIES}


def expected(scheme, code):
    n = 0
    for r in export:
        if scheme == "country":
            hit = code in r.get("countries", [])
        elif scheme == "m49_region":
            hit = any(code in (country_region[c]["m49_region"], country_region[c]["m49_subregion"],
                               country_region[c]["m49_intermediate"])
                      for c in r.get("countries", []))
        elif scheme == "itu_region":
            hit = any(country_region[c]["itu_region"] == code for c in r.get("countries", []))
        else:
            hit = any(t["scheme"] == scheme and (t["code"] == code or
                                                 t["code"].startswith(code + "."))
                      for t in r.get("tags", []))
        n += hit
    return n


c = Client(srv)
fr = Client(srv)

# The index.
r = c.get("/frameworks")
tap.equal("/frameworks answers 200", r.status, 200)
idx = r.text
t = text(idx)
tap.check("the index shows the 17 goals as coloured tiles",
          all(f'<li class="sdg sdg-{g["code"]}"><a href="/frameworks/sdg/{g["code"]}">' in idx
              for g in GOALS) and all(g["short_en"] in t for g in GOALS))
tap.check("the index shows the 19 Action Line rows, C7's sub-lines under it",
          all(f'href="/frameworks/action-line/{a["code"]}"' in idx for a in LINES) and
          idx.count('<tr class="sub"><th scope="row"><a href="/frameworks/action-line/C7.') == 8)
tap.check("the index shows the 5 GDC objectives",
          all(g["title_en"] in t for g in GDC))
tap.check("the index shows the ITU-D and M49 regions",
          all(x["name_en"] in t for x in ITU) and
          all(x["name_en"] in t for x in M49 if x["level"] != "world"))
tap.check("the index links to the country list", 'href="/frameworks/countries"' in idx)
tap.check("the index has no duplicate ids", ids_unique(idx))
tap.check("the current navigation entry is marked",
          '<a href="/frameworks" aria-current="page">' in idx)

tiles = {m.group(1): int(m.group(2)) for m in re.finditer(
    r'<li class="sdg sdg-(\d+)">.*?<span class="count">(\d+) initiatives?</span>', idx)}
tap.equal("each goal's count is its number of published initiatives",
          tiles, {g["code"]: expected("sdg", g["code"]) for g in GOALS})
tap.check("an unpublished initiative is not counted", tiles.get("3") == expected("sdg", "3")
          and not any(r["title"] == "Hidden" for r in export))
rowcount = {m.group(1): int(m.group(2)) for m in re.finditer(
    r'<a href="/frameworks/(?:action-line|gdc|region)/([^"]+)">[^<]*</a></th><td>[^<]*</td>'
    r'<td class="num">(\d+)</td>', idx)}
tap.equal("the Action Line counts",
          {a["code"]: rowcount.get(a["code"]) for a in LINES if a["code"] != "C7"},
          {a["code"]: expected("action_line", a["code"]) for a in LINES if a["code"] != "C7"})
tap.equal("the ITU-D region counts", {x["code"]: rowcount.get(x["code"]) for x in ITU},
          {x["code"]: expected("itu_region", x["code"]) for x in ITU})
tap.equal("the M49 region counts",
          {x["code"]: rowcount.get(x["code"]) for x in M49 if x["level"] != "world"},
          {x["code"]: expected("m49_region", x["code"]) for x in M49 if x["level"] != "world"})

# The counts are what the search finds, when the search API is there.
probe = c.get("/api/v1/initiatives?sdg=3")
if probe.status == 200 and "total" in probe.json():
    totals = {g["code"]: c.get(f"/api/v1/initiatives?sdg={g['code']}").json().get("total")
              for g in GOALS}
    tap.equal("the goal counts equal the search API's totals", tiles, totals)
    tap.equal("the GDC counts equal the search API's totals",
              {g["code"]: rowcount.get(g["code"]) for g in GDC},
              {g["code"]: c.get(f"/api/v1/initiatives?gdc={g['code']}").json().get("total")
               for g in GDC})
    tap.equal("the C7 page's count equals the search API's total for C7",
              re.search(r'<p class="count-line">(\d+) ',
                        c.get("/frameworks/action-line/C7").text).group(1),
              str(c.get("/api/v1/initiatives?action_line=C7").json().get("total")))
else:
    tap.check("the search API is not there yet: counts checked against the export only # SKIP",
              True)

r = fr.get("/frameworks?lang=fr")
tap.check("the index in French shows the French short titles",
          r.status == 200 and all(g["short_fr"] in text(r.text) for g in GOALS),
          [g["short_fr"] for g in GOALS if g["short_fr"] not in text(r.text)])

# Each goal, in English and in French.
bad_en, bad_fr, bad_targets, bad_lines = [], [], [], []
for g in GOALS:
    code = g["code"]
    r = c.get(f"/frameworks/sdg/{code}")
    t = text(r.text)
    if r.status != 200 or g["title_en"] not in t or g["short_en"] not in t:
        bad_en.append(code)
    targets = [x for x in TARGETS if x["goal"] == code]
    if not all(f'<li id="target-{x["code"]}"><strong>{x["code"]}</strong>' in r.text and
               x["title_en"] in t for x in targets):
        bad_targets.append(code)
    want = [x["action_line"] for x in LINKS if x["sdg"] == code]
    shown = re.findall(r'<li><a href="/frameworks/action-line/([^"]+)">',
                       r.text.split('id="action-lines"')[1].split("<h2")[0])
    if sorted(shown) != sorted(want):
        bad_lines.append((code, shown, want))
    r = c.get(f"/frameworks/sdg/{code}?lang=fr")
    t = text(r.text)
    if r.status != 200 or g["title_fr"] not in t or \
            not all(x["title_fr"] in t for x in targets):
        bad_fr.append(code)
tap.equal("every goal page answers with its English title", bad_en, [])
tap.equal("every goal page lists its targets with their titles and anchors", bad_targets, [])
tap.equal("every goal page lists the Action Lines the matrix links to it", bad_lines, [])
tap.equal("every goal page answers in French with the French titles", bad_fr, [])

r = c.get("/frameworks/sdg/3")
ini = r.text.split('id="initiatives"')[1] if 'id="initiatives"' in r.text else ""
tap.check("the goal page counts its initiatives",
          f'<p class="count-line">{expected("sdg", "3")} initiatives</p>' in ini, ini[:300])
listed = re.findall(r'<li><a href="/initiatives/(\d+)">', ini)
tap.equal("the goal page lists the first 20", len(listed), min(20, expected("sdg", "3")))
tap.check("and links to all of them on the search page",
          'href="/initiatives?sdg=3"' in ini)
tap.check("the goal page does not list an unpublished initiative", ">Hidden<" not in r.text)
tap.check("a goal page has no duplicate ids", ids_unique(r.text))

# Each Action Line.
bad, bad_links = [], []
for a in LINES:
    code = a["code"]
    r = c.get(f"/frameworks/action-line/{code}")
    t = text(r.text)
    if r.status != 200 or a["title_en"] not in t or a["short_name"] not in t:
        bad.append(code)
    goals = re.findall(r'<li class="sdg sdg-\d+"><a href="/frameworks/sdg/(\d+)">', r.text)
    targets = re.findall(r'<a href="/frameworks/sdg/\d+#target-([^"]+)">', r.text)
    if sorted(goals) != sorted(x["sdg"] for x in LINKS if x["action_line"] == code) or \
            sorted(targets) != sorted(x["target"] for x in TARGET_LINKS
                                      if x["action_line"] == code):
        bad_links.append(code)
tap.equal("every Action Line page answers with its title", bad, [])
tap.equal("every Action Line page shows the goals and targets the matrix links it to",
          bad_links, [])
r = c.get("/frameworks/action-line/C7")
tap.check("C7 lists its 8 sub-lines",
          len(re.findall(r'<a href="/frameworks/action-line/C7\.', r.text)) >= 8)
tap.check("C7 counts the initiatives of its sub-lines, each once",
          f'<p class="count-line">{expected("action_line", "C7")} ' in r.text)
r = c.get("/frameworks/action-line/C7.e-health")
tap.check("a sub-line links to its heading",
          'href="/frameworks/action-line/C7">C7</a>' in r.text)
tap.check("a sub-line links to the search page",
          'href="/initiatives?action_line=C7.e-health"' in r.text)

# Each GDC objective.
bad = [g["code"] for g in GDC if g["title_en"] not in text(c.get(
    f"/frameworks/gdc/{g['code']}").text)]
tap.equal("every GDC objective page answers with its title", bad, [])
r = c.get("/frameworks/gdc/2")
tap.check("GDC 2 counts its published initiatives only",
          f'<p class="count-line">{expected("gdc", "2")} initiative' in r.text and
          ">Hidden<" not in r.text)

# Countries and regions.
r = c.get("/frameworks/countries")
t = text(r.text)
tap.check("the country list names every country",
          r.status == 200 and all(x["name_en"] in t for x in COUNTRIES),
          [x["name_en"] for x in COUNTRIES if x["name_en"] not in t][:5])
tap.check("the country list has no duplicate ids", ids_unique(r.text))
counts = {m.group(1): int(m.group(2)) for m in re.finditer(
    r'<a href="/frameworks/country/([A-Z]{2})">.*?<td class="num">(\d+)</td>', r.text)}
tap.equal("the country list counts published initiatives per country",
          {k: counts.get(k) for k in ["KE", "FR", "BR", "AQ"]},
          {k: expected("country", k) for k in ["KE", "FR", "BR", "AQ"]})
r = fr.get("/frameworks/countries?lang=fr")
tap.check("the country list in French names the countries in French",
          all(x["name_fr"] in text(r.text) for x in COUNTRIES))

r = c.get("/frameworks/country/KE")
t = text(r.text)
ke = country_region["KE"]
tap.check("a country page shows its names in the six languages",
          r.status == 200 and all(ke["name_" + l] in t for l in
                                  ["en", "fr", "es", "ru", "ar", "zh"]))
tap.check("a country page shows its codes and regions",
          "KEN" in t and "Eastern Africa" in t and "Sub-Saharan Africa" in t and
          'href="/frameworks/region/africa"' in r.text)
tap.check("a country page lists its published initiatives",
          ">Alpha<" in r.text and ">Beta<" in r.text and ">Hidden<" not in r.text and
          'href="/initiatives?country=KE"' in r.text)
af = country_region["AF"]
r = c.get("/frameworks/country/AF")
tap.check("a country page shows the LDC and LLDC flags",
          af["ldc"] == "1" and af["lldc"] == "1" and
          re.search(r"Least developed country \(LDC\)</dt><dd>Yes", r.text) and
          re.search(r"Landlocked developing country \(LLDC\)</dt><dd>Yes", r.text) and
          re.search(r"Small island developing State \(SIDS\)</dt><dd>No", r.text))
r = fr.get("/frameworks/country/KE?lang=fr")
tap.check("a country page in French", r.status == 200 and
          f"<h1>{ke['name_fr']}</h1>" in r.text)

bad = []
for x in M49 + ITU:
    r = c.get(f"/frameworks/region/{x['code']}")
    if r.status != 200 or f"<h1>{html.escape(x['name_en'], False)}</h1>" not in r.text:
        bad.append(x["code"])
tap.equal("every region page answers with its name", bad, [])
r = c.get("/frameworks/region/014")
want = sorted(x["iso2"] for x in COUNTRIES if "014" in (x["m49_region"], x["m49_subregion"],
                                                         x["m49_intermediate"]))
got = sorted(re.findall(r'<th scope="row"><a href="/frameworks/country/([A-Z]{2})">', r.text))
tap.equal("an M49 region lists its countries", got, want)
tap.check("an M49 region lists its initiatives",
          f'<p class="count-line">{expected("m49_region", "014")} ' in r.text and
          'href="/initiatives?region=014"' in r.text)
r = c.get("/frameworks/region/arab-states")
want = sorted(x["iso2"] for x in COUNTRIES if x["itu_region"] == "arab-states")
got = sorted(re.findall(r'<th scope="row"><a href="/frameworks/country/([A-Z]{2})">', r.text))
tap.equal("an ITU-D region lists its countries", got, want)
tap.check("an ITU-D region links to the search page",
          'href="/initiatives?itu_region=arab-states"' in r.text)
r = fr.get("/frameworks/region/002?lang=fr")
tap.check("a region page in French", "<h1>Afrique</h1>" in r.text)

# Unknown codes.
for path in ["/frameworks/sdg/0", "/frameworks/sdg/18", "/frameworks/sdg/03",
             "/frameworks/sdg/3.8", "/frameworks/sdg/x", "/frameworks/action-line/C12",
             "/frameworks/action-line/c1", "/frameworks/gdc/6", "/frameworks/gdc/0",
             "/frameworks/country/XX", "/frameworks/country/ke", "/frameworks/country/KEN",
             "/frameworks/region/999", "/frameworks/region/europa",
             "/frameworks/region/%3Cscript%3E", "/frameworks/sdg/"]:
    r = c.get(path)
    tap.check(f"{path} is 404", r.status == 404 and "<script>" not in main_of(r.text),
              r.status)

# The API.
r = c.get("/api/v1/frameworks")
tap.equal("/api/v1/frameworks answers 200", r.status, 200)
j = r.json()
tap.equal("it has the 17 goals with their titles and short titles",
          [(s["code"], s["title"], s["short_title"]) for s in j["sdgs"]],
          [(g["code"], g["title_en"], g["short_en"]) for g in GOALS])
tap.equal("and their 169 targets", sum(len(s["targets"]) for s in j["sdgs"]), 169)
tap.equal("the targets of goal 5",
          [x["code"] for x in j["sdgs"][4]["targets"]],
          [x["code"] for x in TARGETS if x["goal"] == "5"])
tap.equal("the 19 Action Lines with parent and group",
          [(a["code"], a["parent"], a["group"]) for a in j["action_lines"]],
          [(a["code"], a["parent"] or None, a["code"] == "C7") for a in LINES])
tap.equal("the Action Lines' SDGs are the matrix's",
          {a["code"]: sorted(a["sdgs"]) for a in j["action_lines"]},
          {a["code"]: sorted(int(x["sdg"]) for x in LINKS if x["action_line"] == a["code"])
           for a in LINES})
tap.equal("the GDC objectives", [(g["code"], g["title"]) for g in j["gdc"]],
          [(g["code"], g["title_en"]) for g in GDC])
tap.equal("the ITU-D regions", [x["code"] for x in j["itu_regions"]], [x["code"] for x in ITU])
tap.equal("the M49 regions", sorted(x["code"] for x in j["m49_regions"]),
          sorted(x["code"] for x in M49))
j = c.get("/api/v1/frameworks?lang=fr").json()
tap.equal("?lang=fr gives the French titles", [s["title"] for s in j["sdgs"]],
          [g["title_fr"] for g in GOALS])
tap.equal("?lang=fr gives the French region names",
          [x["title"] for x in j["itu_regions"]], [x["name_fr"] for x in ITU])

r = c.get("/api/v1/frameworks/countries")
tap.equal("/api/v1/frameworks/countries answers 200", r.status, 200)
j = r.json()
tap.equal("it lists every country", sorted(x["iso2"] for x in j),
          sorted(x["iso2"] for x in COUNTRIES))
k = {x["iso2"]: x for x in j}
tap.equal("with codes, regions and flags",
          {f: k["AF"][f] for f in ["iso3", "name", "m49_region", "itu_region", "ldc",
                                   "lldc", "sids"]},
          {"iso3": "AFG", "name": "Afghanistan", "m49_region": af["m49_region"],
           "itu_region": af["itu_region"], "ldc": True, "lldc": True, "sids": False})
j = c.get("/api/v1/frameworks/countries?lang=fr").json()
tap.equal("?lang=fr gives the French names", {x["iso2"]: x["name"] for x in j}["KE"],
          ke["name_fr"])

tap.check("the server logged no sanitizer report",
          "runtime error" not in srv.server_log() and "AddressSanitizer" not in srv.server_log(),
          srv.server_log()[-2000:])
tap.finish()
