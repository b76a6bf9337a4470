#!/usr/bin/env python3
"""test_submit.py - submitting and editing initiatives through the web form.

A submitter logs in, fills the form with every field of the record and submits it; it is
stored with source "web", its submitter and origin "submitter" on its tags, and listed in
/my. Anonymous visitors are sent to log in (GET) or refused (POST); a POST without or
with a wrong CSRF token stores nothing. Each validation failure (empty title, 501-character
title, 30 February, an unknown country crafted into the POST, a javascript: URL) shows its
message beside the right field, keeps what was typed and stores nothing. Editing: the
owner may, another submitter may not (403), a published initiative goes back to review,
an archived one is closed to its submitter, a submitter cannot publish. Text with HTML in
every field comes back escaped.
"""
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, db, login, one, post_form, tap  # noqa: E402
from pagecheck import problems  # noqa: E402


FULL = {
    "title": "Rural telemedicine network",
    "summary": "Clinics in 40 villages consult specialists over mobile broadband.",
    "description": "First paragraph.\r\n\r\nSecond paragraph.",
    "organisation": "Health Link Test Organisation",
    "organisation_type": "civil-society",
    "organisation_country": "KE",
    "organisation_website": "https://healthlink.example.org",
    "stakeholder_type": "civil-society",
    "countries": ["KE", "TZ"],
    "scope": "regional",
    "start_date": "2019-03",
    "end_date": "2024",
    "status": "ongoing",
    "url": "https://example.org/telemed",
    "language": "en",
    "sdg": ["3", "9"],
    "sdg_target": ["3.8"],
    "action_line": ["C7.e-health", "C2"],
    "gdc": ["1"],
    "action": "submit",
}


def count(srv):
    return one(srv, "SELECT count(*) FROM initiative")


def new_id(r):
    m = re.search(r"[?&]id=(\d+)", r.header("location") or "")
    return int(m.group(1)) if m else None


def beside(text, field):
    """The message of field sits next to its control, which points to it."""
    m = re.search(r'<(input|select|textarea|fieldset|div)\b[^>]*\bid="f-%s"[^>]*>' % re.escape(field),
                  text)
    e = text.find(f'id="e-{field}"')
    if not m or e < 0:
        return False
    if m.group(1) == "div":  # the tags: the message opens the group, each list points to it
        return 0 < e - m.end() < 200 and all(
            re.search(r'<fieldset id="f-%s" aria-describedby="[^"]*\be-%s\b' % (g, field), text)
            for g in ("sdg", "sdg_target", "action_line", "gdc"))
    tag = m.group(0)
    described = re.search(r'aria-describedby="([^"]*)"', tag)
    if not described or f"e-{field}" not in described.group(1).split():
        return False
    if m.group(1) != "fieldset" and 'aria-invalid="true"' not in tag:
        return False
    return abs(m.start() - e) < 1500


def error_of(text, field):
    m = re.search(r'<p class="error-message" id="e-%s">(.*?)</p>' % re.escape(field), text, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else None


srv = Server()

# ---- who may use the form ----
anon = Client(srv)
r = anon.get("/submit")
tap.check("anonymous GET /submit is sent to log in",
          r.status == 303 and urllib.parse.unquote(r.header("location") or "") ==
          "/login?next=/submit",
          f"{r.status} {r.header('location')}")
n0 = count(srv)
r = post_form(anon, "/submit", FULL, csrf=anon.csrf("/login"))
tap.check("anonymous POST /submit is refused", r.status in (401, 403), r.status)
tap.equal("anonymous POST stored nothing", count(srv), n0)

sub = login(srv, "alice@example.org")
r = sub.get("/submit")
tap.equal("a submitter gets the form", r.status, 200)
page = r.text
for name in ("title", "summary", "description", "organisation", "organisation_type",
             "organisation_country", "organisation_website", "stakeholder_type", "countries",
             "scope", "start_date", "end_date", "status", "url", "language", "sdg",
             "sdg_target", "action_line", "gdc"):
    if not re.search(r'name="%s"' % name, page):
        tap.check(f"the form has a field {name}", False)
        break
else:
    tap.check("the form has a field for every field of the record", True)
tap.equal("17 SDG checkboxes", len(re.findall(r'type="checkbox" id="sdg-\d+" name="sdg"', page)), 17)
tap.equal("169 target checkboxes", len(re.findall(r'name="sdg_target"', page)), 169)
tap.equal("18 Action Line checkboxes (C7 is a heading)",
          len(re.findall(r'name="action_line"', page)), 18)
tap.check("the C7 sub-lines are grouped under C7",
          re.search(r'<fieldset class="sub"><legend>C7 [^<]*</legend>(<div class="check">'
                    r'<input type="checkbox" id="al-C7\.[a-z-]+"[^>]*>.*?</div>){8}</fieldset>',
                    page) is not None)
tap.equal("5 GDC checkboxes", len(re.findall(r'name="gdc"', page)), 5)
tap.check("targets are grouped in a <details> per SDG",
          len(re.findall(r"<details[^>]*><summary>SDG \d+", page)) == 17)
tap.check("countries are grouped by region",
          all(f"<summary>{reg}" in page for reg in ("Africa", "Americas", "Asia", "Europe")))
known_org = one(srv, "SELECT name FROM organisation ORDER BY name LIMIT 1")
tap.check("known organisations are offered in a datalist",
          'list="orgs"' in page and '<datalist id="orgs">' in page and
          known_org is not None and 'value="%s"' % known_org.replace("&", "&amp;").replace('"', "&quot;") in page,
          known_org)
tap.check("two buttons: save as draft and submit for review",
          'value="draft"' in page and 'value="submit"' in page and 'value="publish"' not in page)
tap.equal("the form page is well formed (ids, labels, descriptions, no inline code)",
          problems(page), [])
fr = Client(srv, lang="fr")
fr.cookies = dict(sub.cookies)
r = fr.get("/submit?lang=fr")
tap.check("country names follow the language",
          '<label for="c-DE">Allemagne</label>' in r.text and '>Germany</label>' not in r.text)

# ---- CSRF ----
n0 = count(srv)
r = post_form(sub, "/submit", FULL, csrf=None)
tap.equal("a POST without a CSRF token is refused", r.status, 403)
r = post_form(sub, "/submit", FULL, csrf="x" * 43)
tap.equal("a POST with a wrong CSRF token is refused", r.status, 403)
tap.equal("neither stored anything", count(srv), n0)

# ---- a full submission ----
r = post_form(sub, "/submit", FULL)
tap.check("submitting redirects to My initiatives",
          r.status == 303 and (r.header("location") or "").startswith("/my?done=submitted"),
          f"{r.status} {r.header('location')} {r.text[:500]}")
ini_id = new_id(r)
row = db(srv, "SELECT doc, state, source, source_id, submitted_by FROM initiative WHERE id = ?",
         ini_id)
tap.check("the initiative is stored", len(row) == 1, row)
doc, state, source, source_id, submitted_by = row[0]
doc = json.loads(doc)
alice = one(srv, "SELECT id FROM user WHERE email = 'alice@example.org'")
tap.equal("its state is submitted", state, "submitted")
tap.equal("its submitter is the account", submitted_by, alice)
tap.check("it has source web and a random source_id",
          source == "web" and re.fullmatch(r"[0-9a-f]{32}", source_id or "") is not None,
          (source, source_id))
expected = {
    "title": FULL["title"], "summary": FULL["summary"],
    "description": "First paragraph.\n\nSecond paragraph.",
    "organisation": {"name": FULL["organisation"], "stakeholder_type": "civil-society",
                     "country": "KE", "website": FULL["organisation_website"]},
    "stakeholder_type": "civil-society", "countries": ["KE", "TZ"], "scope": "regional",
    "start_date": "2019-03", "end_date": "2024", "status": "ongoing",
    "url": FULL["url"], "language": "en", "state": "submitted",
}
tap.equal("every field is stored as typed",
          {k: doc.get(k) for k in expected}, expected)
tap.equal("the tags are stored with origin submitter",
          sorted((t["scheme"], t["code"], t["origin"]) for t in doc["tags"]),
          sorted([("sdg", "3", "submitter"), ("sdg", "9", "submitter"),
                  ("sdg_target", "3.8", "submitter"), ("action_line", "C7.e-health", "submitter"),
                  ("action_line", "C2", "submitter"), ("gdc", "1", "submitter")]))
r = sub.get("/my?done=submitted&id=%d" % ini_id)
tap.check("My initiatives lists it as waiting for review",
          r.status == 200 and FULL["title"] in r.text and
          re.search(r'id="initiative-%d".*?Waiting for review' % ini_id, r.text, re.S) is not None)
tap.check("My initiatives thanks the submitter", 'role="status"' in r.text)
tap.equal("My initiatives is well formed", problems(r.text), [])
exported = srv.cli("export", "--state", "submitted").stdout
tap.check("it exports with its source and source_id",
          any(json.loads(l).get("source_id") == source_id for l in exported.splitlines() if l))

d = dict(FULL, title="A draft for later", action="draft")
r = post_form(sub, "/submit", d)
draft_id = new_id(r)
tap.equal("Save as draft stores a draft", one(srv, "SELECT state FROM initiative WHERE id = ?",
                                               draft_id), "draft")
r = sub.get("/my")
tap.check("My initiatives shows the draft", re.search(
    r'id="initiative-%d".*?Draft' % draft_id, r.text, re.S) is not None)

r = post_form(sub, "/submit", dict(FULL, title="Trying to publish", action="publish"))
tap.equal("a submitter cannot publish by crafting the button", r.status, 403)
tap.equal("nothing was stored", one(srv, "SELECT count(*) FROM initiative WHERE title = ?",
                                    "Trying to publish"), 0)

# ---- validation ----
MIN = {"title": "Valid title", "summary": "Typed summary stays", "action": "submit"}


def invalid(name, fields, field):
    n = count(srv)
    r = post_form(sub, "/submit", dict(MIN, **fields))
    ok = r.status == 400
    tap.check(f"{name}: refused with the message beside {field}",
              ok and beside(r.text, field) and error_of(r.text, field),
              f"{r.status} {error_of(r.text, field)!r}")
    tap.check(f"{name}: the summary at the top links to the field",
              re.search(r'role="alert".*?href="#f-%s"' % field, r.text, re.S) is not None)
    tap.check(f"{name}: what was typed is kept", MIN["summary"] in r.text)
    tap.equal(f"{name}: nothing stored", count(srv), n)
    return r


r = invalid("empty title", {"title": "   "}, "title")
tap.check("the empty title message says so", "title" in (error_of(r.text, "title") or "").lower())
r = invalid("501-character title", {"title": "x" * 501}, "title")
tap.check("the long title message gives the numbers",
          "501" in (error_of(r.text, "title") or "") and "500" in error_of(r.text, "title"))
tap.check("the long title is given back", "x" * 501 in r.text)
invalid("30 February", {"start_date": "2019-02-30"}, "start_date")
invalid("an unknown country", {"countries": ["KE", "XX"]}, "countries")
r = invalid("a javascript: URL", {"url": "javascript:alert(1)"}, "url")
tap.check("the javascript: URL is given back only as an attribute value",
          'value="javascript:alert(1)"' in r.text and 'href="javascript' not in r.text)
invalid("end before start", {"start_date": "2020", "end_date": "2019"}, "end_date")
invalid("an unknown SDG code", {"sdg": ["18"]}, "tags")
r = post_form(sub, "/submit", dict(MIN, title="", url="ftp://x", start_date="2019-13"))
tap.check("several problems are all shown at once",
          r.status == 400 and all(error_of(r.text, f) for f in ("title", "url", "start_date")) and
          len(re.findall(r'<li><a href="#f-', r.text)) == 3)
tap.equal("the page with errors is well formed", problems(r.text), [])

# ---- editing ----
r = sub.get(f"/initiatives/{ini_id}/edit")
tap.check("the owner gets the edit form with the stored values",
          r.status == 200 and f'value="{FULL["title"]}"' in r.text and
          'id="c-KE" name="countries" value="KE" checked' in r.text and
          'id="sdg-3" name="sdg" value="3" checked' in r.text)
tap.equal("the edit page is well formed", problems(r.text), [])
revs = one(srv, "SELECT count(*) FROM revision WHERE initiative_id = ?", ini_id)
r = post_form(sub, f"/initiatives/{ini_id}/edit", dict(FULL, title="Rural telemedicine network, phase 2"))
tap.equal("saving an edit redirects", r.status, 303)
tap.equal("the edit is stored", one(srv, "SELECT title FROM initiative WHERE id = ?", ini_id),
          "Rural telemedicine network, phase 2")
tap.equal("the edit keeps the previous version as a revision",
          one(srv, "SELECT count(*) FROM revision WHERE initiative_id = ?", ini_id), revs + 1)
tap.equal("the edit keeps source and source_id",
          db(srv, "SELECT source, source_id FROM initiative WHERE id = ?", ini_id)[0],
          ("web", source_id))
r = post_form(sub, f"/initiatives/{ini_id}/edit", dict(FULL, title=""))
tap.check("an invalid edit is refused beside the field", r.status == 400 and beside(r.text, "title"))
tap.equal("and changes nothing", one(srv, "SELECT title FROM initiative WHERE id = ?", ini_id),
          "Rural telemedicine network, phase 2")

bob = login(srv, "bob@example.org")
r = bob.get(f"/initiatives/{ini_id}/edit")
tap.equal("another submitter cannot open the edit form", r.status, 403)
r = post_form(bob, f"/initiatives/{ini_id}/edit", dict(FULL, title="Taken over"),
              csrf=bob.csrf("/submit"))
tap.equal("another submitter cannot save an edit", r.status, 403)
tap.equal("the initiative is unchanged", one(srv, "SELECT title FROM initiative WHERE id = ?",
                                             ini_id), "Rural telemedicine network, phase 2")
r = sub.get("/initiatives/999999/edit")
tap.equal("editing an unknown initiative is 404", r.status, 404)
r = sub.get("/initiatives/abc/edit")
tap.equal("a malformed id is 404", r.status, 404)
sample_id = one(srv, "SELECT min(id) FROM initiative WHERE submitted_by IS NULL")
r = sub.get(f"/initiatives/{sample_id}/edit")
tap.equal("an imported initiative is not a submitter's to edit", r.status, 403)

mod = login(srv, "mo@example.org", "moderator")
r = mod.get(f"/initiatives/{ini_id}/edit")
tap.check("a moderator may edit anyone's and may publish from the form",
          r.status == 200 and 'value="publish"' in r.text)
r = post_form(mod, f"/moderation/{ini_id}", {"decision": "approve"})
tap.equal("a moderator approves it", one(srv, "SELECT state FROM initiative WHERE id = ?", ini_id),
          "published")
tap.equal("it is public", Client(srv).get(f"/initiatives/{ini_id}").status, 200)
r = sub.get(f"/initiatives/{ini_id}/edit")
tap.check("editing a published initiative warns that it goes back to review",
          r.status == 200 and "goes back to review" in r.text)
r = post_form(sub, f"/initiatives/{ini_id}/edit", dict(FULL, title="Phase 3"))
tap.equal("after the owner's edit it waits for review again",
          one(srv, "SELECT state FROM initiative WHERE id = ?", ini_id), "submitted")
tap.equal("and is no longer public", Client(srv).get(f"/initiatives/{ini_id}").status, 404)
r = post_form(sub, f"/initiatives/{ini_id}/edit", dict(FULL, title="Phase 3", action="publish"))
tap.equal("the owner cannot publish it", r.status, 403)
tap.equal("it still waits for review", one(srv, "SELECT state FROM initiative WHERE id = ?",
                                           ini_id), "submitted")

token = srv.cli("token", "create", "mo@example.org").stdout.strip().split()[-1]
arch = Client(srv).request("PUT", f"/api/v1/initiatives/{draft_id}",
                           body=json.dumps({"title": "Archived draft", "state": "archived"}),
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json"})
tap.equal("a moderator archives the draft through the API", arch.status, 200)
tap.equal("an archived initiative is closed to its submitter",
          sub.get(f"/initiatives/{draft_id}/edit").status, 403)

# ---- what users typed comes back escaped ----
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
XSS_URL = 'https://example.org/?q="><svg/onload=alert(1)>'
x = dict(FULL, title="T " + XSS, summary="S " + XSS, description="D " + XSS,
         organisation="O " + XSS, organisation_website=XSS_URL, url=XSS_URL)
r = post_form(sub, "/submit", x)
xss_id = new_id(r)
tap.check("text with HTML in every field is accepted", r.status == 303 and xss_id, r.status)
for path in ("/my", f"/initiatives/{xss_id}/edit", f"/initiatives/{xss_id}"):
    t = sub.get(path).text
    tap.check(f"{path} shows the text escaped",
              "<script>alert(" not in t and "<img src=x" not in t and "<svg/onload" not in t and
              "&lt;script&gt;alert(" in t, t[:300])
r = post_form(sub, "/submit", dict(x, title=""))
tap.check("a refused form gives the text back escaped",
          r.status == 400 and "<script>alert(" not in r.text and "<svg/onload" not in r.text and
          "&lt;script&gt;alert(" in r.text)

tap.check("the server logged no sanitizer report",
          "runtime error" not in srv.server_log() and "AddressSanitizer" not in srv.server_log(),
          srv.server_log()[-2000:])
tap.finish()
