#!/usr/bin/env python3
"""test_moderation.py - the moderation queue, decisions, "My initiatives" and the audit log.

Submitters cannot open the queue, an initiative's moderation page or the audit log, nor
approve by posting directly; CSRF is checked on every decision. A moderator sees the queue
oldest first with submitter, organisation and date, approves (the initiative becomes
public), rejects with a required reason (the submitter sees it in /my, on the edit page and
on the initiative's page), adjusts tags (added ones get origin "moderator" and keep it when
the submitter edits again), and sees what changed since the published version (an edited
title old -> new). HTML typed into any field comes back escaped on every page. The audit
log lists the decisions, filters and pages, and is for administrators only.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, db, login, one, post_form, tap  # noqa: E402
from pagecheck import problems  # noqa: E402

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def state(srv, i):
    return one(srv, "SELECT state FROM initiative WHERE id = ?", i)


def tags(srv, i):
    return sorted(db(srv, "SELECT scheme, code, origin FROM tag WHERE initiative_id = ?", i))


def submit(c, **fields):
    base = {"title": "An initiative", "summary": "What it does.", "organisation": "Org One",
            "countries": ["KE"], "sdg": ["3"], "gdc": ["1"], "action": "submit"}
    base.update(fields)
    r = post_form(c, "/submit", base)
    m = re.search(r"[?&]id=(\d+)", r.header("location") or "")
    if r.status != 303 or not m:
        raise RuntimeError(f"submitting failed: {r.status} {r.text[:500]}")
    return int(m.group(1))


def edit(c, i, **fields):
    base = {"title": "An initiative", "summary": "What it does.", "organisation": "Org One",
            "countries": ["KE"], "sdg": ["3"], "gdc": ["1"], "action": "submit"}
    base.update(fields)
    return post_form(c, f"/initiatives/{i}/edit", base)


def decide(c, i, decision, csrf="page", **fields):
    return post_form(c, f"/moderation/{i}", dict(fields, decision=decision), csrf=csrf)


def row(text, label):
    """The cells of the diff row for label, as (before, now) HTML."""
    m = re.search(r'<tr><th scope="row">%s</th><td>(.*?)</td><td>(.*?)</td></tr>' %
                  re.escape(label), text, re.S)
    return (m.group(1), m.group(2)) if m else None


srv = Server()
sam = login(srv, "sam@example.org")
sue = login(srv, "sue@example.org")
mod = login(srv, "mo@example.org", "moderator")
adm = login(srv, "ad@example.org", "admin")

first = submit(sam, title="First submission", organisation="Org One")
second = submit(sue, title="Second submission", organisation="Org Two")

# ---- who may moderate ----
r = Client(srv).get("/moderation")
tap.check("anonymous visitors are sent to log in",
          r.status == 303 and (r.header("location") or "").startswith("/login"))
tap.equal("a submitter cannot open the queue", sam.get("/moderation").status, 403)
tap.equal("a submitter cannot open a moderation page", sam.get(f"/moderation/{first}").status, 403)
r = post_form(sam, f"/moderation/{first}", {"decision": "approve"}, page="/submit")
tap.equal("a submitter cannot approve by posting directly", r.status, 403)
r = post_form(sam, f"/moderation/{second}", {"decision": "reject", "reason": "no"}, page="/submit")
tap.equal("a submitter cannot reject by posting directly", r.status, 403)
tap.check("both are still waiting", state(srv, first) == "submitted" and
          state(srv, second) == "submitted")
tap.equal("a submitter cannot read the audit log", sam.get("/admin/audit").status, 403)
tap.equal("a moderator cannot read the audit log", mod.get("/admin/audit").status, 403)

# ---- the queue ----
r = mod.get("/moderation")
tap.equal("a moderator opens the queue", r.status, 200)
q = r.text
tap.check("the queue lists both, oldest first",
          0 < q.find("First submission") < q.find("Second submission"), q[:300])
tap.check("with submitter and organisation",
          "sam@example.org" in q and "sue@example.org" in q and "Org One" in q and "Org Two" in q)
tap.check("with the date", re.search(r"<td>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</td>", q) is not None)
tap.check("with a count", "2 initiatives are waiting for review." in q)
tap.equal("the queue page is well formed", problems(q), [])

r = mod.get(f"/moderation/{first}")
tap.check("a new submission is shown as new",
          r.status == 200 and "New submission" in r.text and "First submission" in r.text)
tap.check("with the approve, reject and tag forms",
          'value="approve"' in r.text and 'name="reason"' in r.text and 'value="tags"' in r.text)
tap.equal("the moderation page is well formed", problems(r.text), [])

# ---- CSRF on decisions ----
r = decide(mod, first, "approve", csrf=None)
tap.equal("approving without a CSRF token is refused", r.status, 403)
r = decide(mod, first, "approve", csrf="y" * 43)
tap.equal("approving with a wrong CSRF token is refused", r.status, 403)
tap.equal("nothing changed", state(srv, first), "submitted")

# ---- approve ----
tap.equal("it is not public before approval", Client(srv).get(f"/initiatives/{first}").status, 404)
r = decide(mod, first, "approve")
tap.check("approving redirects to the queue",
          r.status == 303 and (r.header("location") or "").startswith("/moderation?done=approved"))
tap.equal("it is published", state(srv, first), "published")
r = Client(srv).get(f"/initiatives/{first}")
tap.check("it is public at /initiatives/ID", r.status == 200 and "First submission" in r.text)
tap.check("the queue has one less", "1 initiative is waiting for review." in mod.get("/moderation").text)
tap.check("the submitter sees it published",
          re.search(r'id="initiative-%d".*?Published' % first, sam.get("/my").text, re.S))
r = decide(mod, first, "approve")
tap.equal("approving what is not waiting is a conflict", r.status, 409)

# ---- reject ----
r = decide(mod, second, "reject", reason="   ")
tap.check("rejecting needs a reason, shown beside the field",
          r.status == 400 and re.search(r'<textarea id="f-reason"[^>]*aria-invalid="true"'
                                        r'[^>]*aria-describedby="h-reason e-reason"', r.text)
          and 'id="e-reason"' in r.text)
tap.equal("and changes nothing", state(srv, second), "submitted")
reason = "Please name the countries. " + XSS
r = decide(mod, second, "reject", reason=reason)
tap.equal("rejecting with a reason redirects", r.status, 303)
tap.equal("it is rejected", state(srv, second), "rejected")
tap.equal("the reason is kept", one(srv, "SELECT moderation_note FROM initiative WHERE id = ?",
                                    second), reason)
esc = "Please name the countries. &lt;script&gt;alert("
for path, what in (("/my", "My initiatives"), (f"/initiatives/{second}/edit", "the edit page"),
                   (f"/initiatives/{second}", "the initiative page")):
    t = sue.get(path).text
    tap.check(f"the submitter sees the reason, escaped, on {what}",
              esc in t and "<script>alert(" not in t and "<img src=x" not in t)
r = edit(sue, second, title="Second submission", countries=["KE", "UG"])
tap.equal("the submitter sends it for review again", state(srv, second), "submitted")
tap.equal("which clears the old reason",
          one(srv, "SELECT moderation_note FROM initiative WHERE id = ?", second), None)

# ---- tags ----
r = decide(mod, second, "tags", sdg=["9"], gdc=["1"])
tap.check("adjusting tags returns to the page",
          r.status == 303 and r.header("location") == f"/moderation/{second}?done=tags")
tap.equal("the added tag has origin moderator, the kept ones keep theirs, the unticked is gone",
          tags(srv, second), [("gdc", "1", "submitter"), ("sdg", "9", "moderator")])
t = mod.get(f"/moderation/{second}").text
tap.check("the page shows who added each tag",
          re.search(r'SDG 9[^<]*<span class="origin">\(added by a moderator\)', t) is not None and
          re.search(r'GDC objective 1[^<]*<span class="origin">\(given by the submitter\)', t)
          is not None)
r = edit(sue, second, title="Second submission", countries=["KE", "UG"], sdg=["9", "4"])
tap.equal("after the submitter's edit the moderator's tag keeps its origin",
          tags(srv, second),
          [("gdc", "1", "submitter"), ("sdg", "4", "submitter"), ("sdg", "9", "moderator")])
before = tags(srv, second)
r = decide(mod, second, "tags", sdg=["99"])
tap.check("an unknown code is refused", r.status == 400 and 'id="e-tags"' in r.text)
tap.equal("and the tags are unchanged", tags(srv, second), before)

# ---- what changed ----
r = edit(sam, first, title="First submission, revised", countries=["KE", "TZ"])
tap.equal("the submitter edits the published initiative", state(srv, first), "submitted")
t = mod.get(f"/moderation/{first}").text
cells = row(t, "Title")
tap.check("the diff shows the title old -> new",
          cells == ("<del>First submission</del>", "<ins>First submission, revised</ins>"), cells)
cells = row(t, "Countries")
tap.check("the diff shows the added country",
          cells is not None and "<ins>United Republic of Tanzania</ins>" in cells[1] and
          "Kenya" not in cells[0] + cells[1], cells)
tap.check("and the state", row(t, "State") == ("<del>Published</del>",
                                               "<ins>Waiting for review</ins>"), row(t, "State"))
tap.check("the diff is against the published version", "Compared with the version published" in t)

# ---- escaping everywhere ----
x = submit(sam, title="T " + XSS, summary="S " + XSS, description="D " + XSS,
           organisation="O " + XSS, url='https://example.org/?q="><svg/onload=alert(1)>')
decide(mod, x, "approve")
edit(sam, x, title="T2 " + XSS, summary="S2 " + XSS, description="D2 " + XSS,
     organisation="O2 " + XSS, url='https://example.org/?r="><svg/onload=alert(2)>')
pages = {"the moderation page and its diff": mod.get(f"/moderation/{x}").text,
         "the queue": mod.get("/moderation").text, "My initiatives": sam.get("/my").text,
         "the initiative page": sam.get(f"/initiatives/{x}").text}
for what, t in pages.items():
    tap.check(f"{what}: HTML typed by the submitter is escaped",
              "<script>alert(" not in t and "<img src=x" not in t and "<svg/onload" not in t and
              "&lt;script&gt;alert(" in t)
d = pages["the moderation page and its diff"]
tap.check("the diff holds both versions, escaped",
          row(d, "Title") == ("<del>T &lt;script&gt;alert(\"xss\")&lt;/script&gt;&lt;img src=x "
                              "onerror=alert(1)&gt;</del>",
                              "<ins>T2 &lt;script&gt;alert(\"xss\")&lt;/script&gt;&lt;img src=x "
                              "onerror=alert(1)&gt;</ins>"), row(d, "Title"))

# ---- the audit log ----
r = adm.get("/admin/audit")
tap.equal("an administrator reads the audit log", r.status, 200)
a = r.text
tap.check("it lists the approval by the moderator",
          re.search(r"<td>mo@example.org</td><td>approve</td><td><a href=\"/initiatives/%d\">"
                    % first, a) is not None)
tap.check("it lists the rejection with its reason, escaped",
          re.search(r"<td>mo@example.org</td><td>reject</td>", a) is not None and
          "Please name the countries. &lt;script&gt;" in a and "<script>alert(" not in a)
tap.check("it lists the tag adjustment",
          re.search(r"<td>mo@example.org</td><td>retag</td>.*?added: sdg 9", a, re.S))
tap.check("it lists the submissions by their submitters",
          re.search(r"<td>sam@example.org</td><td>create</td>", a) is not None)
tap.equal("the audit page is well formed", problems(a), [])
times = re.findall(r"<tr><td>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)</td>", a)
tap.check("newest first, times in UTC", len(times) == 50 and times == sorted(times, reverse=True),
          times[:5])
r = adm.get("/admin/audit?action=reject")
acts = re.findall(r"<td>[^<]*</td><td>([a-z]+)</td><td>", r.text)
tap.check("filtering by action", acts == ["reject"], acts)
r = adm.get("/admin/audit?actor=sue%40example.org&entity=initiative")
acts = set(re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>", r.text))
tap.check("filtering by actor and entity", acts == {"sue@example.org"}, acts)
m = re.search(r'href="(/admin/audit\?before=\d+)"', a)
tap.check("a long log has a link to older entries", m is not None)
older = adm.get(m.group(1).replace("&amp;", "&")).text if m else ""
ids_1 = re.findall(r"<tr><td>([^<]*)</td>", a)
ids_2 = re.findall(r"<tr><td>([^<]*)</td>", older)
tap.check("the next page continues where the first stopped",
          len(ids_2) == 50 and max(ids_2) <= min(ids_1))
total = one(srv, "SELECT count(*) FROM audit")
tap.check("every decision left an audit record",
          one(srv, "SELECT count(*) FROM audit WHERE action IN ('approve','reject','retag')") == 4,
          db(srv, "SELECT action, entity_id FROM audit WHERE action IN ('approve','reject','retag')"))
tap.check("the audit log has the imports too", total > 100, total)

tap.check("the server logged no sanitizer report",
          "runtime error" not in srv.server_log() and "AddressSanitizer" not in srv.server_log(),
          srv.server_log()[-2000:])
tap.finish()
