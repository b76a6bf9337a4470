#!/usr/bin/env python3
"""test_suggest.py - "Suggest tags" on the submission and edit forms.

- The form has a "Suggest tags" button (action=suggest, formnovalidate) in the same form.
- Pressing it shows the form again with everything typed kept (texts, choices, ticked
  countries and tags), stores nothing, and lists the model's SDGs, targets, Action Lines and
  GDC objectives for the text: exactly the labels /api/v1/map gives for the same text, each
  a ticked checkbox with its score as a percentage (the API's score) and evidence words
  taken from the text; tags already ticked in the lists are not repeated. The page is well
  formed. Without any text it asks for one.
- Saving stores the suggestions left ticked with origin "model" and the model's score (the
  score /api/v1/map gives for title, summary and description), seen through
  GET /api/v1/initiatives/ID; unticked ones are not stored; tags ticked in the lists stay
  "submitter". An edit keeps the model tags' origin and score.
- A forged suggestion is refused (400, the message beside the suggestions, nothing stored):
  an unknown code, a code with a score attached ("sdg:3:5"), an unknown scheme, a real code
  the model does not suggest for this text, and a suggestion the edited text no longer
  supports (the new suggestions are then shown).
- CSRF is required for suggest and for saving; anonymous visitors cannot use it. The write
  API cannot claim origin "model" for a submitter's new tag.
- A server without a model hides the button and says why; a crafted suggest is 503 with
  the form kept; a save with suggestions is refused, one without is stored.
"""
import html.parser
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, login, one, tap  # noqa: E402
from pagecheck import problems  # noqa: E402

TITLE = "Rural telemedicine network"
SUMMARY = ("Clinics in 40 villages consult specialists over mobile broadband to improve maternal "
           "health and reduce child mortality.")
DESCRIPTION = "Nurses use tablets for <b>teleconsultations</b> & referrals."
TEXT = f"{TITLE}.\n\n{SUMMARY}.\n\n{DESCRIPTION}"  # what the model reads (docs/moderation.md)
FIELDS = [
    ("title", TITLE), ("summary", SUMMARY), ("description", DESCRIPTION),
    ("organisation", "Health Link Suggest Org"), ("organisation_type", "civil-society"),
    ("organisation_country", "KE"), ("organisation_website", "https://healthlink.example.org"),
    ("stakeholder_type", "civil-society"), ("countries", "KE"), ("countries", "TZ"),
    ("scope", "regional"), ("start_date", "2019-03"), ("end_date", "2024"), ("status", "ongoing"),
    ("url", "https://example.org/telemed"), ("language", "en"),
    ("sdg", "9"), ("gdc", "2"),
]
SCHEMES = {"sdgs": "sdg", "targets": "sdg_target", "action_lines": "action_line", "gdc": "gdc"}


class FormFields(html.parser.HTMLParser):
    """Every (name, value) pair a browser would send for the form posting to action, in
    order, repeated names included; submit buttons are left out."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.pairs, self.inside = action, [], False
        self.select = self.textarea = None
        self.first = False
        self.pending = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select, self.first, self.pending = a.get("name"), True, None
        elif tag == "option" and self.select:
            if self.first or "selected" in a:
                self.pending = a.get("value", "")
            self.first = False
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self.pairs.append((self.select, self.pending or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, value = self.textarea
            self.pairs.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None


def form_pairs(text, action):
    p = FormFields(action)
    p.feed(text)
    return p.pairs


def csrf_of(c, path="/submit"):
    m = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    return m.group(1)


def post(c, path, pairs, csrf="page"):
    pairs = [p for p in pairs if p[0] != "csrf"]
    if csrf == "page":
        pairs.append(("csrf", csrf_of(c, path if path.endswith("/edit") else "/submit")))
    elif csrf:
        pairs.append(("csrf", csrf))
    return c.post(path, pairs)


def api_map(c, text):
    r = c.request("POST", "/api/v1/map", body=json.dumps({"text": text, "explain": True}),
                  headers={"Content-Type": "application/json"})
    return r.json()


def expected_suggestions(m, ticked=()):
    """{"scheme:code": score} of what the model gives, less the tags ticked in the lists."""
    out = {}
    for key, scheme in SCHEMES.items():
        for code in m[key]:
            code = str(code)
            score = m["scores"]["sdg" if key == "sdgs" else key][code]
            if (scheme, code) not in ticked:
                out[f"{scheme}:{code}"] = score
    return out


def shown_suggestions(text):
    """{"scheme:code": (checked, percent, evidence words)} as the page shows them."""
    out = {}
    for m in re.finditer(r'<input type="checkbox" id="(s-[^"]+)" name="suggested" value="([^"]+)"'
                         r'([^>]*)> <label for="\1">.*?\(score (\d+)%\)</span></label></div>'
                         r'(?:<p class="hint" id="\1-why">(.*?)</p>)?', text):
        words = re.findall(r"<q>(.*?)</q>", m.group(5) or "")
        out[m.group(2)] = (" checked" in m.group(3), int(m.group(4)), words)
    return out


def stored_tags(c, token, ini_id):
    r = c.request("GET", f"/api/v1/initiatives/{ini_id}", headers={"Authorization": f"Bearer {token}"})
    return {(t["scheme"], t["code"]): (t.get("origin"), t.get("score")) for t in r.json()["tags"]}


def error_of(text, field):
    m = re.search(r'<p class="error-message" id="e-%s">(.*?)</p>' % re.escape(field), text, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else None


def new_id(r):
    m = re.search(r"[?&]id=(\d+)", r.header("location") or "")
    return int(m.group(1)) if m else None


def count(srv):
    return one(srv, "SELECT count(*) FROM initiative")


def sanitizer_clean(srv):
    log = srv.server_log()
    return "runtime error" not in log and "AddressSanitizer" not in log


srv = Server(sample=False)
sub = login(srv, "sam@example.org")
token = srv.cli("token", "create", "sam@example.org").stdout.strip().split()[-1]
model = api_map(Client(srv), TEXT)
tap.check("(the model gives this text SDG 3, a target, Action Lines and a GDC objective)",
          3 in model["sdgs"] and model["targets"] and "C7.e-health" in model["action_lines"]
          and model["gdc"], model)

# ---- the button ----
page = sub.get("/submit").text
form = page[page.find('<form method="post" action="/submit"'):]
form = form[:form.find("</form>")]
tap.check("the form has a Suggest tags button in the same form, without validation",
          re.search(r'<button type="submit" name="action" value="suggest"[^>]*formnovalidate>'
                    r'Suggest tags</button>', form) is not None)
tap.check("no suggestions before asking", 'name="suggested"' not in page)

# ---- suggest ----
n0 = count(srv)
r = post(sub, "/submit", FIELDS + [("action", "suggest")])
tap.equal("suggest answers 200 with the form", r.status, 200)
tap.equal("suggest stores nothing", count(srv), n0)
got = form_pairs(r.text, "/submit")
kept = [p for p in got if p[0] not in ("csrf", "suggested", "suggestions")]
tap.equal("every typed field is kept, choices and ticks included", sorted(kept), sorted(FIELDS))
tap.check("the typed HTML comes back escaped",
          "&lt;b&gt;teleconsultations&lt;/b&gt; &amp; referrals" in r.text and "<b>teleconsultations" not in r.text)
shown = shown_suggestions(r.text)
want = expected_suggestions(model, ticked={("sdg", "9"), ("gdc", "2")})
tap.equal("the suggestions are the model's labels for the text, less those already ticked",
          sorted(shown), sorted(want))
tap.check("SDG 3 is suggested", "sdg:3" in shown, shown)
tap.check("every suggestion is ticked", shown and all(v[0] for v in shown.values()), shown)
tap.check("each shows its score as a percentage",
          all(shown[k][1] == round(want[k] * 100) for k in shown),
          {k: (shown[k][1], want[k]) for k in shown})
tap.check("each SDG, Action Line and objective has evidence words from the text",
          all(v[2] and all(w in TEXT for w in v[2]) for k, v in shown.items()
              if not k.startswith("sdg_target:")), shown)
tap.check("the evidence of SDG 3 is the model's", set(shown["sdg:3"][2]) ==
          {e["text"] for e in model["evidence"]["sdg"]["3"]}, (shown["sdg:3"], model["evidence"]["sdg"]["3"]))
tap.check("a ticked list tag is not repeated as a suggestion",
          "sdg:9" not in shown and 'id="sdg-9" name="sdg" value="9" checked' in r.text)
tap.check("a notice at the top links to the suggestions",
          re.search(r'role="status"><a href="#f-suggested">', r.text) is not None)
tap.equal("the page with suggestions is well formed", problems(r.text), [])
tap.check("the suggestions have a heading under Frameworks",
          re.search(r"<h2>Frameworks</h2>.*<h3>Suggested tags</h3>", r.text, re.S) is not None)

# ---- save what was kept ----
drop = next(k for k in shown if k.startswith("action_line:") and k != "action_line:C7.e-health")
pairs = [p for p in got if p != ("suggested", drop)] + [("action", "submit")]
r = post(sub, "/submit", pairs)
tap.check("saving with suggestions redirects", r.status == 303, f"{r.status} {error_of(r.text, 'suggested')}")
ini_id = new_id(r)
tags = stored_tags(sub, token, ini_id)
kept_keys = [k for k in shown if k != drop]
tap.check("the kept suggestions are stored with origin model",
          all(tags.get(tuple(k.split(":", 1)), (None,))[0] == "model" for k in kept_keys),
          (kept_keys, tags))
tap.check("with the model's score for the text",
          all(tags[tuple(k.split(":", 1))][1] == want[k] for k in kept_keys),
          {k: (tags.get(tuple(k.split(":", 1))), want[k]) for k in kept_keys})
tap.check("the unticked suggestion is not stored", tuple(drop.split(":", 1)) not in tags, (drop, tags))
tap.equal("the tags ticked in the lists stay the submitter's, without a score",
          (tags.get(("sdg", "9")), tags.get(("gdc", "2"))), (("submitter", None), ("submitter", None)))
tap.equal("and nothing else is stored", len(tags), len(kept_keys) + 2)

# An edit keeps them: the model tags show ticked in the lists and keep origin and score.
r = sub.get(f"/initiatives/{ini_id}/edit")
tap.check("the edit form ticks the stored model tags",
          'id="sdg-3" name="sdg" value="3" checked' in r.text)
pairs = form_pairs(r.text, f"/initiatives/{ini_id}/edit")
r = post(sub, f"/initiatives/{ini_id}/edit",
         [p for p in pairs if p[0] != "title"] + [("title", TITLE + " (phase 2)"), ("action", "submit")])
tap.equal("the edit is saved", r.status, 303)
after = stored_tags(sub, token, ini_id)
tap.equal("an edit keeps the model tags' origin and score", after, tags)
r = post(sub, f"/initiatives/{ini_id}/edit", pairs + [("action", "suggest")])
tap.check("suggest works on the edit form and repeats no stored tag",
          r.status == 200 and 'name="suggestions"' in r.text and
          not set(shown_suggestions(r.text)) & {f"{s}:{c}" for s, c in tags},
          (r.status, shown_suggestions(r.text)))
tap.equal("the edit form with suggestions is well formed", problems(r.text), [])

# ---- forged and stale suggestions ----
base = [p for p in got if p[0] != "suggested"] + [("action", "submit")]


def refused(name, value, words=None):
    n = count(srv)
    r = post(sub, "/submit", base + [("suggested", "sdg:3"), ("suggested", value)])
    msg = error_of(r.text, "suggested") or ""
    tap.check(f"{name}: refused beside the suggestions",
              r.status == 400 and msg and re.search(r'role="alert".*?href="#f-suggested"', r.text, re.S),
              f"{r.status} {msg!r}")
    if words:
        tap.check(f"{name}: the message names it", all(w in msg for w in words), msg)
    tap.equal(f"{name}: nothing stored", count(srv), n)
    return r


r = refused("an unknown SDG 99", "sdg:99", ["SDG 99"])
tap.check("the refused form keeps the text and shows the suggestions again, SDG 3 still ticked",
          SUMMARY in r.text and shown_suggestions(r.text).get("sdg:3", (False,))[0])
tap.check("the suggestions the request did not tick are shown unticked",
          any(not v[0] for v in shown_suggestions(r.text).values()), shown_suggestions(r.text))
tap.equal("the refused page is well formed", problems(r.text), [])
refused("a score smuggled into the value (sdg:3:5)", "sdg:3:5")
refused("an unknown scheme", "colour:3")
refused("no code", "sdg:")
refused("SDG 14, a real goal the model does not suggest here", "sdg:14", ["SDG 14"])
refused("target 14.1, not suggested", "sdg_target:14.1", ["14.1"])
n = count(srv)
r = post(sub, "/submit", [p for p in base if p[0] not in ("summary", "title", "description")] +
         [("title", "Coral reef monitoring"),
          ("summary", "Satellite monitoring of illegal fishing protects coral reefs and marine biodiversity."),
          ("suggested", "sdg:3")])
tap.check("a suggestion the edited text no longer supports is refused",
          r.status == 400 and "SDG 3" in (error_of(r.text, "suggested") or ""), r.status)
tap.check("and the new text's suggestions are shown", "sdg:14" in shown_suggestions(r.text),
          shown_suggestions(r.text))
tap.equal("and nothing is stored", count(srv), n)

# ---- CSRF, anonymous ----
n = count(srv)
r = post(sub, "/submit", base + [("suggested", "sdg:3")], csrf=None)
tap.equal("saving suggestions without a CSRF token is refused", r.status, 403)
r = post(sub, "/submit", base + [("suggested", "sdg:3")], csrf="x" * 43)
tap.equal("saving suggestions with a wrong CSRF token is refused", r.status, 403)
r = post(sub, "/submit", FIELDS + [("action", "suggest")], csrf=None)
tap.equal("suggest without a CSRF token is refused", r.status, 403)
tap.equal("none of them stored anything", count(srv), n)
anon = Client(srv)
r = post(anon, "/submit", FIELDS + [("action", "suggest")], csrf=csrf_of(anon, "/login"))
tap.check("an anonymous visitor cannot ask for suggestions", r.status in (401, 403), r.status)

# ---- no text ----
r = post(sub, "/submit", [("title", " "), ("countries", "KE"), ("action", "suggest")])
tap.check("suggest without any text asks for one and keeps the rest",
          r.status == 200 and "Write a title, a summary or a description first" in r.text and
          'id="c-KE" name="countries" value="KE" checked' in r.text and 'name="suggested"' not in r.text)

# ---- a moderator publishes with suggestions: visible to all ----
mod = login(srv, "mona@example.org", "moderator")
r = post(mod, "/submit", FIELDS + [("action", "suggest")])
pairs = form_pairs(r.text, "/submit")
r = post(mod, "/submit", pairs + [("action", "publish")])
pub = new_id(r)
j = Client(srv).get(f"/api/v1/initiatives/{pub}").json()
tap.check("a moderator's accepted suggestions are public model tags once published",
          r.status == 303 and any(t["scheme"] == "sdg" and t["code"] == "3" and t["origin"] == "model"
                                  and t["score"] == want["sdg:3"] for t in j.get("tags", [])), j.get("tags"))

# The write API cannot claim model tags: a submitter's new tags are theirs.
rec = {"title": "API record claiming model tags", "summary": SUMMARY,
       "tags": [{"scheme": "sdg", "code": "3", "origin": "model", "score": 0.99}]}
r = Client(srv).request("POST", "/api/v1/initiatives", body=json.dumps(rec),
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
tap.equal("through the write API a claimed model tag is stored as the submitter's",
          r.status == 201 and stored_tags(sub, token, r.json()["id"]), {("sdg", "3"): ("submitter", None)})
tap.check("no sanitizer report", sanitizer_clean(srv), srv.server_log()[-2000:])
srv.stop()

# ---- a server without a model ----
s2 = Server(sample=False, extra_args=["--model", os.path.join(srv.dir, "missing.bin")])
u = login(s2, "nomodel@example.org")
page = u.get("/submit").text
tap.check("without a model the button is hidden and the form says why",
          'value="suggest"' not in page and "Tag suggestions are not available at the moment" in page)
tap.equal("that form is well formed", problems(page), [])
r = post(u, "/submit", FIELDS + [("action", "suggest")])
tap.check("a crafted suggest answers 503 with the form as typed",
          r.status == 503 and sorted(p for p in form_pairs(r.text, "/submit") if p[0] != "csrf") == sorted(FIELDS),
          r.status)
r = post(u, "/submit", FIELDS + [("suggested", "sdg:3"), ("action", "submit")])
tap.check("a save with suggestions is refused beside them",
          r.status == 400 and "not available" in (error_of(r.text, "suggested") or ""), r.status)
tap.equal("and stores nothing", count(s2), 0)
r = post(u, "/submit", FIELDS + [("action", "submit")])
tap.equal("a save without suggestions works", r.status, 303)
tap.check("no sanitizer report without a model", sanitizer_clean(s2), s2.server_log()[-2000:])
s2.stop()
tap.finish()
