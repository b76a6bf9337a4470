#!/usr/bin/env python3
"""test_index_pages.py - the pages the search index serves give the SQL's answers.

With the search index loaded, an initiative's related initiatives are ranked in C among the
index's candidates, and the framework pages count and list from the index's bitsets (the
SQL is only the fallback of a process without the index). On the sample data, for many
initiatives, the related list (ids, order) equals what the ranking gives when computed here
from the database itself (the SQL's candidates by shared tags, then how many of the title's
distinct words, stop words left out, the candidate's title or summary has as whole words,
then the newest); every SDG, GDC objective, Action Line (the C7 heading included),
region and a set of countries shows the SQL's count and the SQL's newest initiatives; and
both follow an initiative that stops being published.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, db, tap  # noqa: E402

RELATED_SQL = (
    "WITH mine AS (SELECT scheme, code FROM tag WHERE initiative_id = ?1)"
    " SELECT t.initiative_id, count(*) AS n, i.title, json_extract(i.doc, '$.summary')"
    " FROM tag t JOIN mine m ON m.scheme = t.scheme AND m.code = t.code"
    " JOIN initiative i ON i.id = t.initiative_id AND i.state = 'published'"
    " WHERE t.initiative_id <> ?1 GROUP BY t.initiative_id"
    " ORDER BY n DESC, t.initiative_id DESC LIMIT 200")

TAG_SQL = ("SELECT i.id FROM initiative i WHERE i.state = 'published' AND i.id IN"
           " (SELECT initiative_id FROM tag WHERE scheme = ?1 AND (code = ?2"
           " OR substr(code, 1, length(?2) + 1) = ?2 || '.')) ORDER BY i.id DESC")
COUNTRY_SQL = ("SELECT i.id FROM initiative i WHERE i.state = 'published' AND i.id IN"
               " (SELECT initiative_id FROM initiative_country WHERE iso2 = ?1)"
               " ORDER BY i.id DESC")
M49_SQL = ("SELECT i.id FROM initiative i WHERE i.state = 'published' AND i.id IN"
           " (SELECT ic.initiative_id FROM initiative_country ic JOIN country c"
           " ON c.iso2 = ic.iso2 WHERE ?1 IN (c.m49_region, c.m49_subregion,"
           " c.m49_intermediate)) ORDER BY i.id DESC")
ITU_SQL = ("SELECT i.id FROM initiative i WHERE i.state = 'published' AND i.id IN"
           " (SELECT ic.initiative_id FROM initiative_country ic JOIN country c"
           " ON c.iso2 = ic.iso2 WHERE c.itu_region = ?1) ORDER BY i.id DESC")
LISTED = 20  # FW_PAGE_INITIATIVES


def read_stop_words():
    """The stop words of src/core/stopword.c (every list), as UTF-8 bytes."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "core",
                        "stopword.c")
    src = open(path, encoding="utf-8").read()
    lists = re.findall(r"static const char \*const stop_\w+\[\] = \{(.*?)\};", src, re.S)
    assert len(lists) == 3, "stopword.c: expected three lists"
    return {w.encode() for body in lists for w in re.findall(r'"([^"]*)"', body)}


STOP = read_stop_words()


def words_of(text):
    """The words of a text as the store reads them (title_word_next in store_sqlite_view.c):
    runs of ASCII letters and digits and non-ASCII bytes, ASCII lower-cased, cut at 255
    bytes; one-letter words left out."""
    b, i = (text or "").encode(), 0
    alnum = (lambda c: c >= 0x80 or chr(c).isascii() and chr(c).isalnum())
    while i < len(b):
        while i < len(b) and not alnum(b[i]):
            i += 1
        j = i
        while j < len(b) and alnum(b[j]):
            j += 1
        w = bytes(c + 32 if 65 <= c <= 90 else c for c in b[i:j][:255])
        i = j
        if len(w) >= 2:
            yield w


def related(i, title):
    """The related list the page should show: candidates by shared tags (SQL), ties by how
    many of the title's distinct words (no stop words, the first 16) the candidate's title or
    summary has as whole words, then the newest."""
    mine = []
    for w in words_of(title):
        if w not in STOP and w not in mine and len(mine) < 16:
            mine.append(w)
    rows = []
    for cid, n, ctitle, summary in db(srv, RELATED_SQL, i):
        have = set(words_of(ctitle)) | set(words_of(summary))
        rows.append((-n, -sum(w in have for w in mine), -cid, cid))
    return [r[3] for r in sorted(rows)[:5]]


def section_ids(page, cls):
    m = re.search(r'<ul class="%s">(.*?)</ul>' % cls, page, re.S)
    return [int(x) for x in re.findall(r'href="/initiatives/(\d+)"', m.group(1))] if m else []


def count_line(page):
    m = re.search(r'<p class="count-line">(\d+) ', page)
    return int(m.group(1)) if m else None


srv = Server()
c = Client(srv)
c.get("/api/v1/facets")  # the index is loaded

# --- related initiatives --------------------------------------------------------------------
ids = [r[0] for r in db(srv, "SELECT id FROM initiative WHERE state = 'published' ORDER BY id")]
tap.check("the sample has initiatives", len(ids) > 500, len(ids))
bad, shown = [], 0
for i in ids[::9]:
    title = db(srv, "SELECT title FROM initiative WHERE id = ?", i)[0][0]
    want = related(i, title)
    got = section_ids(c.get(f"/initiatives/{i}").text, "related")
    shown += len(got)
    if got != want:
        bad.append((i, got, want))
tap.check(f"related: the expected lists, in their order ({len(ids[::9])} initiatives)",
          not bad, bad[:5])
tap.check("related lists are not all empty", shown > len(ids[::9]), shown)


# --- framework pages ------------------------------------------------------------------------
def fw_pages():
    pages = [(f"/frameworks/sdg/{g}", TAG_SQL, ("sdg", str(g))) for g in range(1, 18)]
    pages += [(f"/frameworks/gdc/{g}", TAG_SQL, ("gdc", str(g))) for g in range(1, 6)]
    for (code,) in db(srv, "SELECT code FROM fw_item WHERE scheme = 'action_line'"):
        pages.append((f"/frameworks/action-line/{code}", TAG_SQL, ("action_line", code)))
    for (code,) in db(srv, "SELECT code FROM fw_item WHERE scheme = 'itu_region'"):
        pages.append((f"/frameworks/region/{code}", ITU_SQL, (code,)))
    for (code,) in db(srv, "SELECT code FROM fw_item WHERE scheme = 'm49_region'"
                           " AND coalesce(attr, '') <> 'world'"):
        pages.append((f"/frameworks/region/{code}", M49_SQL, (code,)))
    for (iso2,) in db(srv, "SELECT iso2 FROM initiative_country GROUP BY iso2"
                           " ORDER BY count(*) DESC LIMIT 12"):
        pages.append((f"/frameworks/country/{iso2}", COUNTRY_SQL, (iso2,)))
    return pages


def check_fw(when):
    bad, seen = [], 0
    for path, sql, args in fw_pages():
        r = c.get(path)
        if r.status != 200:
            bad.append((path, r.status))
            continue
        want = [x[0] for x in db(srv, sql, *args)]
        got = section_ids(r.text, "results")
        seen += len(got)
        if count_line(r.text) != len(want) or got != want[:LISTED]:
            bad.append((path, count_line(r.text), len(want), got[:3], want[:3]))
    tap.check(f"framework pages: the SQL's counts and newest initiatives ({when})", not bad,
              bad[:5])
    tap.check(f"framework pages list initiatives ({when})", seen > 100, seen)


check_fw("as imported")
c7 = c.get("/frameworks/action-line/C7").text
tap.check("the C7 heading lists its sub-lines' initiatives",
          count_line(c7) and count_line(c7) > 0, c7[:300])

# An initiative stops being published: it leaves the lists, the counts and related lists.
top = section_ids(c.get("/frameworks/sdg/3").text, "results")[0]
db(srv, "UPDATE initiative SET state = 'archived' WHERE id = ?", top)
check_fw("after one is archived")
tap.check("the archived one is gone from its goal's page",
          top not in section_ids(c.get("/frameworks/sdg/3").text, "results"))
bad = []
for i in ids[::37]:
    if i == top:
        continue
    title = db(srv, "SELECT title FROM initiative WHERE id = ?", i)[0][0]
    want = related(i, title)
    got = section_ids(c.get(f"/initiatives/{i}").text, "related")
    if got != want or top in got:
        bad.append((i, got, want))
tap.check("related lists follow it too", not bad, bad[:5])

tap.check("the server logged no sanitizer report",
          "runtime error" not in srv.server_log() and "AddressSanitizer" not in srv.server_log(),
          srv.server_log()[-2000:])
tap.finish()
