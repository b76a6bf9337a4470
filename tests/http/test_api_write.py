#!/usr/bin/env python3
"""test_api_write.py - creating and replacing initiatives through the JSON API.

POST /api/v1/initiatives and PUT /api/v1/initiatives/ID with a bearer token made by
`stocktake token create`: 201 with Location and the stored record, the token's account as
the submitter, state "submitted" by default, "published" for moderators only; PUT follows
the edit page's rules. Errors: 400 invalid (with the field) from the record checks, 401
without or with a bad token, 403 someone else's initiative or a state a submitter may not
set, 404 unknown id, 409 a taken (source, source_id), 413 too large, 415 not JSON; none of
them stores anything. A created record exports and imports again unchanged.
"""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, db, one, run, tap  # noqa: E402

RECORD = {
    "title": "Community network for schools",
    "summary": "Wi-Fi for 30 schools.",
    "organisation": {"name": "Net Schools", "stakeholder_type": "civil-society", "country": "SN"},
    "countries": ["SN"],
    "start_date": "2021",
    "status": "ongoing",
    "url": "https://example.org/net",
    "language": "fr",
    "tags": [{"scheme": "sdg", "code": "4"}, {"scheme": "action_line", "code": "C2"}],
}


def count(srv):
    return one(srv, "SELECT count(*) FROM initiative")


def token_for(srv, email, role):
    srv.user(email, role)
    return srv.cli("token", "create", email).stdout.strip().splitlines()[-1]


def call(srv, method, path, body=None, token=None, ctype="application/json"):
    h = {}
    if token:
        h["Authorization"] = f"Bearer {token}"
    if ctype:
        h["Content-Type"] = ctype
    if body is not None and not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    return Client(srv).request(method, path, body=body, headers=h)


def err(r):
    try:
        e = r.json()["error"]
        return e.get("code"), e.get("field")
    except (ValueError, KeyError, TypeError):
        return None


srv = Server()
sub = token_for(srv, "api-sub@example.org", "submitter")
other = token_for(srv, "api-other@example.org", "submitter")
mod = token_for(srv, "api-mod@example.org", "moderator")

# ---- create ----
r = call(srv, "POST", "/api/v1/initiatives", RECORD, sub)
tap.equal("creating answers 201", r.status, 201)
rec = r.json()
loc = r.header("location")
tap.equal("with Location", loc, f"/api/v1/initiatives/{rec.get('id')}")
tap.check("and the stored record",
          rec.get("title") == RECORD["title"] and rec.get("state") == "submitted" and
          rec.get("source") == "web" and len(rec.get("source_id", "")) == 32 and
          rec.get("countries") == ["SN"] and "created_at" in rec, rec)
new = rec["id"]
got = call(srv, "GET", f"/api/v1/initiatives/{new}", None, sub).json()
tap.check("POST answers in the same shape as GET (code arrays, links)",
          {k: rec.get(k) for k in ("sdgs", "sdg_targets", "action_lines", "gdc", "links")} ==
          {k: got.get(k) for k in ("sdgs", "sdg_targets", "action_lines", "gdc", "links")} and
          rec.get("sdgs") == [4] and rec.get("action_lines") == ["C2"] and
          rec.get("links", {}).get("html") == f"/initiatives/{new}", (rec, got))
uid = one(srv, "SELECT id FROM user WHERE email = 'api-sub@example.org'")
tap.equal("the token's account is the submitter",
          one(srv, "SELECT submitted_by FROM initiative WHERE id = ?", new), uid)
tap.equal("tags get origin submitter", sorted(t["origin"] for t in rec["tags"]),
          ["submitter", "submitter"])
r = call(srv, "POST", "/api/v1/initiatives",
         dict(RECORD, title="Claims", tags=[{"scheme": "sdg", "code": "5", "origin": "moderator",
                                              "score": 0.9}]), sub)
tap.check("a submitter's tags are theirs whatever origin they claim",
          r.status == 201 and r.json()["tags"] == [{"scheme": "sdg", "code": "5",
                                                     "origin": "submitter"}], r.text)
r = call(srv, "POST", "/api/v1/initiatives", dict(RECORD, title="A draft", state="draft"), sub)
tap.check("a submitter may create a draft", r.status == 201 and r.json()["state"] == "draft")
draft = r.json()["id"]

# ---- errors on create ----
n = count(srv)
r = call(srv, "POST", "/api/v1/initiatives", RECORD)
tap.check("without a token: 401", r.status == 401 and err(r) == ("unauthenticated", None), r.text)
r = call(srv, "POST", "/api/v1/initiatives", RECORD, "stk_" + "A" * 43)
tap.check("with an unknown token: 401", r.status == 401 and err(r)[0] == "invalid_token", r.text)
r = call(srv, "POST", "/api/v1/initiatives", "title=x", sub,
         ctype="application/x-www-form-urlencoded")
tap.check("a form body: 415", r.status == 415 and err(r)[0] == "unsupported_media_type", r.text)
r = call(srv, "POST", "/api/v1/initiatives", '{"title": "broken"', sub)
tap.check("broken JSON: 400", r.status == 400 and err(r)[0] == "invalid", r.text)
for name, rec_, field in (
        ("no title", {k: v for k, v in RECORD.items() if k != "title"}, "title"),
        ("a 501-character title", dict(RECORD, title="x" * 501), "title"),
        ("30 February", dict(RECORD, start_date="2019-02-30"), "start_date"),
        ("an unknown country", dict(RECORD, countries=["SN", "XX"]), "countries"),
        ("a javascript: URL", dict(RECORD, url="javascript:alert(1)"), "url"),
        ("an unknown SDG", dict(RECORD, tags=[{"scheme": "sdg", "code": "18"}]), "tags"),
        ("an unknown field", dict(RECORD, colour="blue"), "colour")):
    r = call(srv, "POST", "/api/v1/initiatives", rec_, sub)
    tap.check(f"{name}: 400 naming the field", r.status == 400 and err(r) == ("invalid", field)
              and r.json()["error"]["message"], r.text)
r = call(srv, "POST", "/api/v1/initiatives", dict(RECORD, state="published"), sub)
tap.check("a submitter cannot publish: 403",
          r.status == 403 and err(r) == ("forbidden", "state"), r.text)
r = call(srv, "POST", "/api/v1/initiatives", dict(RECORD, title="x" * (1 << 20)), sub)
tap.equal("a body over the limit: 413", r.status, 413)
r = call(srv, "POST", "/api/v1/initiatives", dict(RECORD, source="web", source_id=rec["source_id"]),
         other)
tap.check("a source and source_id that exist: 409, not a take-over",
          r.status == 409 and err(r) == ("conflict", "source_id"), r.text)
tap.equal("none of the errors stored anything", count(srv), n)

r = call(srv, "POST", "/api/v1/initiatives", dict(RECORD, title="Published by a moderator",
                                                  state="published"), mod)
tap.check("a moderator may publish", r.status == 201 and r.json()["state"] == "published")
pub = r.json()["id"]
tap.equal("it is public", Client(srv).get(f"/initiatives/{pub}").status, 200)

# ---- replace ----
r = call(srv, "PUT", f"/api/v1/initiatives/{new}", dict(RECORD, title="Renamed", countries=["SN", "GM"]),
         sub)
tap.check("the owner replaces it: 200 with the record",
          r.status == 200 and r.json()["title"] == "Renamed" and r.json()["countries"] == ["SN", "GM"]
          and r.json()["source_id"] == rec["source_id"], r.text)
tap.equal("a revision is kept", one(srv, "SELECT count(*) FROM revision WHERE initiative_id = ?",
                                    new), 1)
r = call(srv, "PUT", f"/api/v1/initiatives/{new}", dict(RECORD, title="Mine now"), other)
tap.check("someone else's initiative: 403", r.status == 403 and err(r)[0] == "forbidden", r.text)
r = call(srv, "PUT", f"/api/v1/initiatives/{new}", "not json", other)
tap.equal("someone else's, even with a broken body: 403", r.status, 403)
r = call(srv, "PUT", "/api/v1/initiatives/999999", RECORD, sub)
tap.check("an unknown id: 404", r.status == 404 and err(r)[0] == "not_found", r.text)
r = call(srv, "PUT", "/api/v1/initiatives/abc", RECORD, sub)
tap.equal("a malformed id: 404", r.status, 404)
r = call(srv, "PUT", f"/api/v1/initiatives/{new}", RECORD)
tap.equal("replacing without a token: 401", r.status, 401)
r = call(srv, "PUT", f"/api/v1/initiatives/{new}", dict(RECORD, title=""), sub)
tap.check("an invalid replacement: 400 naming the field",
          r.status == 400 and err(r) == ("invalid", "title"), r.text)
taken = db(srv, "SELECT source, source_id FROM initiative WHERE source = 'dpg' LIMIT 1")[0]
r = call(srv, "PUT", f"/api/v1/initiatives/{new}", dict(RECORD, source=taken[0], source_id=taken[1]),
         sub)
tap.check("taking another initiative's source and source_id: 409",
          r.status == 409 and err(r) == ("conflict", "source_id"), r.text)
r = call(srv, "PUT", f"/api/v1/initiatives/{draft}",
         dict(RECORD, title="A draft", state="draft", source="partner-system", source_id="42"), sub)
tap.check("a free source and source_id may be given", r.status == 200 and
          (r.json()["source"], r.json()["source_id"]) == ("partner-system", "42"), r.text)
r = call(srv, "PUT", f"/api/v1/initiatives/{draft}", dict(RECORD, title="A draft", state="draft"),
         sub)
tap.check("a replacement without them keeps them", r.status == 200 and
          (r.json()["source"], r.json()["source_id"]) == ("partner-system", "42"), r.text)
r = call(srv, "PUT", f"/api/v1/initiatives/{new}", "title=x", sub, ctype="text/plain")
tap.equal("replacing with a non-JSON body: 415", r.status, 415)
tap.equal("the failed replacements changed nothing",
          one(srv, "SELECT title FROM initiative WHERE id = ?", new), "Renamed")
r = call(srv, "PUT", f"/api/v1/initiatives/{pub}", dict(RECORD, title="Changed"), mod)
tap.equal("a moderator replaces any initiative", r.status, 200)
tap.equal("which, given no state, waits for review",
          one(srv, "SELECT state FROM initiative WHERE id = ?", pub), "submitted")
r = call(srv, "PUT", f"/api/v1/initiatives/{pub}", dict(RECORD, title="Changed", state="published"),
         mod)
tap.check("a moderator may publish a replacement", r.status == 200 and r.json()["state"] == "published")

# ---- export and import again ----
out = os.path.join(srv.dir, "out.jsonl")
srv.cli("export", "-o", out)
db2 = os.path.join(srv.dir, "again.db")
run("init", db=db2)
p = run("import", out, db=db2, check=False)
tap.equal("the export with the API's records imports into a new database", p.returncode, 0)
con = sqlite3.connect(db2)
got = con.execute("SELECT doc FROM initiative WHERE source = 'web' AND source_id = ?",
                  (rec["source_id"],)).fetchone()
con.close()
mine = one(srv, "SELECT doc FROM initiative WHERE id = ?", new)
tap.check("and the record is the same", got is not None and got[0] == mine, (got, mine))

tap.check("the server logged no sanitizer report",
          "runtime error" not in srv.server_log() and "AddressSanitizer" not in srv.server_log(),
          srv.server_log()[-2000:])
tap.finish()
