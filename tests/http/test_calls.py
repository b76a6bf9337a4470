"""test_calls.py - calls for inputs over HTTP: creating and running a call, deadlines to the
second (the server is started with --clock-file, so the test sets the server's clock), time
zones and a daylight-saving change, extensions and their history, late answers refused,
notifications, many clients answering at once, hiding, the synthesis and its downloads, the
timeline and the calendars."""
import calendar
import csv
import io
import json
import os
import re
import subprocess
import tempfile
import threading
import zipfile

from harness import Client, Server, db, login, one, post_form, tap

clock_dir = tempfile.mkdtemp(prefix="stocktake-clock-")
clock = os.path.join(clock_dir, "now")


def set_clock(t):
    with open(clock, "w") as f:
        f.write(f"{t}\n")


def utc(s):
    """Epoch seconds of an ISO 8601 UTC time."""
    return calendar.timegm(tuple(int(x) for x in re.split(r"[-T:Z]", s)[:6]))


set_clock(utc("2025-03-01T12:00:00Z"))
srv = Server(sample=False, extra_args=["--clock-file", clock])
mod = login(srv, "mod@example.org", "moderator")
anon = Client(srv)

# --- creating a call: zones and the daylight-saving change --------------------------------
# New York moves from EST (-05:00) to EDT (-04:00) at 02:00 on 9 March 2025: 02:30 never
# happens that day, and 03:30 is EDT.
r = post_form(mod, "/calls/new", {"title": "Inputs to the review", "tz": "America/New_York",
                                  "opens": "2025-03-01T00:00", "closes": "2025-03-09T02:30",
                                  "description": "Tell us.\n\nAll of it."})
tap.check("a wall-clock time skipped by daylight-saving time is refused", r.status == 400 and
          "does not exist in America/New_York" in r.text, r.text[:2000])
r = post_form(mod, "/calls/new", {"title": "Inputs", "tz": "Mars/Olympus_Mons",
                                  "opens": "2025-03-01T00:00", "closes": "2025-03-20T00:00"},
              page="/calls/new")
tap.check("an unknown time zone is refused by name", r.status == 400 and
          "Mars/Olympus_Mons" in r.text, r.text[:2000])
r = post_form(mod, "/calls/new", {"title": "Inputs", "tz": "UTC", "opens": "2025-03-10T00:00",
                                  "closes": "2025-03-01T00:00"}, page="/calls/new")
tap.check("a call closing before it opens is refused", r.status == 400 and
          "close after it opens" in r.text, r.text[:2000])
tap.equal("nothing was stored by the refused forms", one(srv, "SELECT count(*) FROM call"), 0)

r = post_form(mod, "/calls/new", {"title": "Inputs to the review", "tz": "America/New_York",
                                  "opens": "2025-03-01T00:00", "closes": "2025-03-09T03:30",
                                  "description": "Tell us.\n\nAll of it.",
                                  "audience": "Everyone"}, page="/calls/new")
tap.equal("a moderator creates a call", r.status, 303)
cid = one(srv, "SELECT max(id) FROM call")
closes = utc("2025-03-09T07:30:00Z")  # 03:30 EDT
tap.equal("03:30 after the change is EDT: 07:30 UTC", one(srv, "SELECT closes_at FROM call"),
          closes)
tap.equal("00:00 before the change is EST: 05:00 UTC", one(srv, "SELECT opens_at FROM call"),
          utc("2025-03-01T05:00:00Z"))
tap.equal("a new call is a draft", one(srv, "SELECT state FROM call"), "draft")
tap.equal("a draft call is not public", anon.get(f"/calls/{cid}").status, 404)

for kind, prompt, extra in (("text", "What should the review say?", {"word_limit": "5",
                                                                   "required": "1"}),
                            ("single", "Are you satisfied?", {"options": "Yes\nNo\nPartly"}),
                            ("multiple", "Which topics?", {"options": "Access\nSkills\nTrust"}),
                            ("sdg", "Which SDGs?", {})):
    r = post_form(mod, f"/calls/{cid}/edit", dict({"op": "question", "kind": kind,
                                                   "prompt": prompt}, **extra))
    tap.equal(f"a moderator adds a {kind} question", r.status, 303)
r = post_form(mod, f"/calls/{cid}/edit", {"op": "question", "kind": "single",
                                          "prompt": "Only one option", "options": "Alone"})
tap.check("a choice with one option is refused", r.status == 400 and "2 to" in r.text)
r = post_form(mod, f"/calls/{cid}/edit", {"op": "state", "state": "open"})
tap.equal("a moderator opens the call", r.status, 303)
q = dict(db(srv, "SELECT kind, id FROM call_question WHERE call_id = ?", cid))

page = anon.get(f"/calls/{cid}")
tap.check("the call page shows the deadline in UTC and in the call's zone",
          page.status == 200 and "2025-03-09 07:30:00 UTC" in page.text and
          "2025-03-09 03:30:00 EDT, America/New_York" in page.text, page.text[:3000])
page = anon.get(f"/calls/{cid}?tz=Asia/Kolkata")
tap.check("without JavaScript, the viewer can ask for another zone (+05:30)",
          "2025-03-09 13:00:00 IST, Asia/Kolkata" in page.text, page.text[:3000])
page = anon.get(f"/calls/{cid}?tz=Pacific/Auckland")
tap.check("the southern hemisphere's daylight-saving time (NZDT, +13:00)",
          "2025-03-09 20:30:00 NZDT, Pacific/Auckland" in page.text, page.text[:3000])
tap.check("the time left is counted by the server's clock",
          'data-seconds-left="%d"' % (closes - utc("2025-03-01T12:00:00Z")) in page.text)

# --- answering: drafts, mistakes, the deadline to the second -----------------------------
alice = login(srv, "alice@example.org")
bob = login(srv, "bob@example.org")
carol = login(srv, "carol@example.org")


def answer(c, text, action="submit", **more):
    fields = {f"q{q['text']}": text, f"q{q['single']}": "Yes", "action": action,
              "organisation": "Alice Org", "stakeholder_type": "civil-society",
              "country": "KE"}
    fields.update(more)
    return post_form(c, f"/calls/{cid}/answer", fields)


set_clock(closes - 1)
r = answer(alice, "one two three four five six")
tap.check("an answer over the word limit is refused, naming the limit",
          r.status == 400 and "6 words, the limit is 5" in r.text, r.text[:3000])
r = answer(alice, "", action="submit")
tap.check("submitting without a required answer is refused", r.status == 400)
r = answer(alice, "", action="draft")
tap.equal("a draft may leave a required answer empty", r.status, 303)
r = answer(alice, "fine", **{f"q{q['single']}": "Maybe"})
tap.check("a choice that is not an option is refused", r.status == 400 and
          "not one of the options" in r.text)
r = answer(alice, "fine", **{f"q{q['sdg']}": "99"})
tap.check("an SDG that does not exist is refused", r.status == 400 and "unknown code" in r.text)
r = answer(alice, "Access for all", action="draft", **{f"q{q['sdg']}": ["4", "9"]})
tap.equal("one second before the deadline a draft is saved", r.status, 303)
tap.equal("the draft is stored", one(srv, "SELECT state FROM call_response"), "draft")
tap.equal("both SDGs are stored", one(
    srv, "SELECT group_concat(value, ',') FROM (SELECT value FROM call_answer WHERE"
    " question_id = ? ORDER BY value)", q["sdg"]), "4,9")
form = alice.get(f"/calls/{cid}/answer")
tap.check("the draft comes back in the form", "Access for all" in form.text and
          'value="4" checked' in form.text)

set_clock(closes)
r = answer(alice, "Access for everyone")
tap.equal("at the closing second itself the answer is still accepted", r.status, 303)
tap.equal("and submitted", one(srv, "SELECT state FROM call_response"), "submitted")

set_clock(closes + 1)
r = answer(alice, "Too late now")
tap.check("one second after the deadline the answer is refused with 409 and a clear message",
          r.status == 409 and "no longer takes answers" in r.text, r.text[:3000])
tap.equal("the late answer changed nothing", one(
    srv, "SELECT value FROM call_answer WHERE question_id = ?", q["text"]), "Access for everyone")
r = answer(bob, "I am late too", action="draft")
tap.equal("a late draft is refused as well", r.status, 409)
tap.equal("no response was created for it", one(srv, "SELECT count(*) FROM call_response"), 1)

# --- extending the deadline --------------------------------------------------------------
set_clock(closes - 3600)
r = answer(bob, "draft of bob", action="draft")
tap.equal("bob saves a draft before the deadline", r.status, 303)
r = post_form(carol, f"/calls/{cid}/follow", {"on": "1"}, page=f"/calls/{cid}")
tap.equal("carol follows the call", r.status, 303)
r = post_form(mod, f"/calls/{cid}/edit", {"op": "extend", "closes": "2025-03-09T03:00",
                                          "reason": "earlier"})
tap.check("an extension earlier than the current deadline is refused",
          r.status == 400 and "later than the current one" in r.text, r.text[:3000])
r = post_form(mod, f"/calls/{cid}/edit", {"op": "extend", "closes": "2025-03-14T23:59:59",
                                          "reason": "Requests from stakeholders"})
tap.equal("a moderator extends the deadline with a reason", r.status, 303)
new_closes = utc("2025-03-15T03:59:59Z")  # 23:59:59 EDT
tap.equal("the new deadline is stored", one(srv, "SELECT closes_at FROM call"), new_closes)
tap.equal("the old deadline is kept in the history", [tuple(x) for x in db(
    srv, "SELECT closes_at, reason FROM call_deadline ORDER BY id")],
    [(closes, None), (new_closes, "Requests from stakeholders")])
notified = sorted(x[0] for x in db(srv, "SELECT u.email FROM notification n JOIN user u"
                                        " ON u.id = n.user_id WHERE n.call_id = ?", cid))
tap.equal("the follower and the holder of a draft are notified (not the submitter)", notified,
          ["bob@example.org", "carol@example.org"])
acc = carol.get("/account")
tap.check("the notification is on the follower's account page",
          "New deadline for" in acc.text and "Requests from stakeholders" in acc.text)
stored = json.loads(one(srv, "SELECT body FROM notification WHERE user_id = (SELECT id FROM"
                             " user WHERE email = 'carol@example.org')"))
tap.equal("the notification is stored as its arguments, not as English text",
          (stored["title"], stored["was"], stored["to"], stored["tz"], stored["reason"]),
          ("Inputs to the review", closes, new_closes, "America/New_York",
           "Requests from stakeholders"))
acc = carol.get("/account", headers={"Accept-Language": "es"})
tap.check("a Spanish viewer reads the notification in Spanish",
          "Nuevo plazo para «Inputs to the review»" in acc.text and
          "El plazo de la convocatoria de contribuciones «Inputs to the review» pasó de "
          "2025-03-09T07:30:00Z a 2025-03-15T03:59:59Z" in acc.text and
          "Motivo: Requests from stakeholders" in acc.text and "New deadline for" not in acc.text,
          re.sub(r"\s+", " ", acc.text)[-3000:])
acc = carol.get("/account?lang=fr")
tap.check("and a French one in French", "Nouvelle échéance pour « Inputs to the review »"
          in acc.text and "Motif : Requests from stakeholders" in acc.text)
db(srv, "INSERT INTO notification(user_id, kind, call_id, subject, body, created_at)"
        " SELECT id, 'deadline', ?, 'Written before arguments', 'Its English text.', 1"
        " FROM user WHERE email = 'carol@example.org'", cid)
acc = carol.get("/account", headers={"Accept-Language": "es"})
tap.check("a notification from before arguments were kept shows as it was stored",
          "Written before arguments" in acc.text and "Its English text." in acc.text and
          "Nuevo plazo para" in acc.text)
page = anon.get(f"/calls/{cid}")
tap.check("the call page shows the deadline history with the reason",
          "Deadline history" in page.text and "Requests from stakeholders" in page.text and
          "2025-03-09 07:30:00 UTC" in page.text)
api = anon.get(f"/api/v1/calls/{cid}").json()
tap.equal("the API gives the deadline history", [d["closes_at"] for d in api["deadlines"]],
          ["2025-03-09T07:30:00Z", "2025-03-15T03:59:59Z"])
set_clock(closes + 1)
r = answer(bob, "now in time again")
tap.equal("after the extension, the old deadline's next second is in time", r.status, 303)

# --- many clients at once ----------------------------------------------------------------
N = 12
clients = [login(srv, f"user{i}@example.org") for i in range(N)]
tokens = [c.csrf(f"/calls/{cid}/answer") for c in clients]
statuses = [None] * N


def respond(i):
    fields = {"csrf": tokens[i], f"q{q['text']}": f"answer number {i}",
              f"q{q['single']}": ["Yes", "No", "Partly"][i % 3],
              f"q{q['multiple']}": ["Access", "Trust"] if i % 2 else ["Skills"],
              "action": "submit", "organisation": f"Org {i}",
              "stakeholder_type": ["government", "academia"][i % 2],
              "country": ["KE", "FR", "BR"][i % 3]}
    statuses[i] = clients[i].post(f"/calls/{cid}/answer", fields).status


threads = [threading.Thread(target=respond, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
tap.equal("every concurrent answer is saved", statuses, [303] * N)
submitted = one(srv, "SELECT count(*) FROM call_response WHERE state = 'submitted'")
tap.equal("every concurrent answer is stored once", submitted, N + 2)

# --- the API: a response with a token, the same rules and the same deadline ---------------
srv.user("dave@example.org")
token = srv.cli("token", "create", "dave@example.org").stdout.strip()
bearer = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
api = Client(srv)


def put(body):
    return api.request("PUT", f"/api/v1/calls/{cid}/response", body=json.dumps(body)
                       if not isinstance(body, str) else body, headers=bearer)


r = put("{not json")
tap.equal("API: a body that is not JSON is 400", r.status, 400)
r = put({"state": "submitted", "colour": "red"})
tap.equal("API: an unknown field is named", (r.status, r.json()["error"]["field"]), (400, "colour"))
r = put({"state": "submitted", "answers": {str(q["text"]): "one two three four five six"}})
tap.check("API: the word limit is the form's", r.status == 400 and
          r.json()["error"]["field"] == f"q{q['text']}" and "the limit is 5" in r.text, r.text)
r = put({"state": "submitted", "answers": {str(q["sdg"]): ["99"], str(q["text"]): "ok"}})
tap.equal("API: an unknown SDG is refused", r.status, 400)
r = put({"state": "submitted", "anonymous": True, "stakeholder_type": "private-sector",
         "country": "BR", "answers": {str(q["text"]): "Trust and access",
                                      str(q["multiple"]): ["Trust", "Access"]}})
tap.check("API: a response is saved and returned", r.status == 200 and
          r.json()["state"] == "submitted" and r.json()["anonymous"] is True and
          sorted(r.json()["answers"][str(q["multiple"])]) == ["Access", "Trust"], r.text)
got = api.get(f"/api/v1/calls/{cid}/response", headers=bearer)
tap.equal("API: GET gives the caller's response", got.json(), r.json())
tap.equal("API: without a token the response is 401",
          Client(srv).get(f"/api/v1/calls/{cid}/response").status, 401)
set_clock(new_closes + 1)
r = put({"state": "submitted", "answers": {str(q["text"]): "too late"}})
tap.equal("API: one second after the deadline the answer is 409", r.status, 409)
tap.equal("API: the late answer changed nothing", one(
    srv, "SELECT count(*) FROM call_answer WHERE value = 'too late'"), 0)
set_clock(closes + 1)

# --- hiding, the synthesis and the downloads ---------------------------------------------
hidden = one(srv, "SELECT r.id FROM call_response r JOIN user u ON u.id = r.user_id"
                  " WHERE u.email = 'user0@example.org'")
r = post_form(mod, f"/calls/{cid}/moderate", {"response": str(hidden), "op": "hide",
                                              "reason": ""}, page=f"/calls/{cid}/responses")
tap.equal("hiding needs a reason", r.status, 400)
r = post_form(mod, f"/calls/{cid}/moderate", {"response": str(hidden), "op": "hide",
                                              "reason": "Off topic"},
              page=f"/calls/{cid}/responses")
tap.equal("a moderator hides a response with a reason", r.status, 303)
tap.equal("the reason is kept", one(srv, "SELECT hidden_reason FROM call_response WHERE id = ?",
                                    hidden), "Off topic")
tap.equal("hiding is audited", one(srv, "SELECT count(*) FROM audit WHERE action = 'hide'"
                                        " AND entity = 'call_response'"), 1)
queue = mod.get("/calls/queue")
visible = N + 2
tap.check("the moderators' queue lists what waits for review",
          queue.status == 200 and f"{visible} responses are waiting for review" in queue.text,
          queue.text[:2000])
tap.equal("the synthesis is not public while the call is open",
          anon.get(f"/calls/{cid}/synthesis").status, 403)
syn = mod.get(f"/calls/{cid}/synthesis")
tap.check("the synthesis counts the visible submitted responses",
          f"{visible} submitted responses" in syn.text, syn.text[:2000])
rows = list(csv.reader(io.StringIO(mod.get(f"/calls/{cid}/synthesis.csv").text)))
counts = {(r[0], r[1], r[2]): int(r[3]) for r in rows[1:]}
want_types = dict(db(srv, "SELECT stakeholder_type, count(*) FROM call_response WHERE"
                          " state = 'submitted' AND hidden_reason IS NULL GROUP BY 1"))
tap.equal("synthesis CSV: the total equals the responses", counts[("responses", "", "")],
          visible)
tap.equal("synthesis CSV: by stakeholder type equals the data",
          {k[2]: v for k, v in counts.items() if k[0] == "stakeholder_type"}, want_types)
want_choice = dict(db(srv, "SELECT a.value, count(*) FROM call_answer a JOIN call_response r"
                           " ON r.id = a.response_id WHERE a.question_id = ? AND"
                           " r.state = 'submitted' AND r.hidden_reason IS NULL GROUP BY 1",
                      q["single"]))
tap.equal("synthesis CSV: the counts of a choice question equal the answers",
          {k[2]: v for k, v in counts.items() if k[0] == "choice" and
           k[1] == "Are you satisfied?"}, want_choice)
want_region = dict(db(srv, "SELECT c.itu_region, count(*) FROM call_response r JOIN country c"
                           " ON c.iso2 = r.country WHERE r.state = 'submitted' AND"
                           " r.hidden_reason IS NULL GROUP BY 1"))
tap.equal("synthesis CSV: by region equals the data",
          {k[2]: v for k, v in counts.items() if k[0] == "itu_region"}, want_region)
tap.check("the most common themes come from the free-text answers",
          counts.get(("theme", "", "answer"), 0) >= N - 1, str(counts)[:1000])

syn_api = api.request("GET", f"/api/v1/calls/{cid}/synthesis",
                      headers={"Authorization": f"Bearer {token}"})
tap.equal("API: the synthesis is not public while the call is open", syn_api.status, 403)
mtoken = srv.cli("token", "create", "mod@example.org").stdout.strip()
syn_api = api.request("GET", f"/api/v1/calls/{cid}/synthesis",
                      headers={"Authorization": f"Bearer {mtoken}"}).json()
tap.equal("API: the synthesis counts equal the data",
          (syn_api["responses"], {x["key"]: x["count"] for x in syn_api["by_stakeholder_type"]}),
          (visible, want_types))

x = mod.get(f"/calls/{cid}/synthesis.xlsx")
ok = x.status == 200 and x.body[:2] == b"PK"
if ok:
    z = zipfile.ZipFile(io.BytesIO(x.body))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    shared = z.read("xl/sharedStrings.xml").decode()
    first = z.read("xl/worksheets/sheet1.xml").decode()
    ok = len(sheets) == 4 and "Partly" in shared and f"<v>{visible}</v>" in first
tap.check("the synthesis as XLSX: four sheets, the total and the choices", ok)

tap.equal("the synthesis as PDF is not public while the call is open",
          anon.get(f"/calls/{cid}/synthesis.pdf").status, 403)
x = mod.get(f"/calls/{cid}/synthesis.pdf")
ok = x.status == 200 and x.body[:5] == b"%PDF-" and "pdf" in (x.header("content-type") or "")
text = info = ""
if ok:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(x.body)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
        text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True,
                              text=True).stdout
lines = [re.sub(r"\s+", " ", ln).strip() for ln in text.splitlines()]
tap.check("the synthesis as PDF: the call's title, who answered, the choices",
          ok and "Pages:" in info and "Synthesis" in text and "Who answered" in text and
          "Are you satisfied?" in text and "Partly" in text, (x.status, info, text[:1500]))
tap.check("the synthesis as PDF: the total of responses is the data's",
          any(ln.endswith(f" {visible}") or ln == str(visible) for ln in lines) and
          "Responses" in text, text[:1500])
tap.check("the synthesis as PDF: each stakeholder type's count is the data's",
          all(any(ln.endswith(f" {n}") and ln[:-len(str(n))].strip() for ln in lines)
              for n in want_types.values()), (want_types, text[:3000]))

r = mod.get(f"/calls/{cid}/responses.csv")
rows = list(csv.DictReader(io.StringIO(r.text)))
tap.equal("the responses CSV has every submitted response (moderators see hidden ones too)",
          len(rows), N + 3)
by_id = {int(x["response_id"]): x for x in rows}
want = dict(db(srv, "SELECT r.id, a.value FROM call_response r JOIN call_answer a"
                    " ON a.response_id = r.id WHERE a.question_id = ?", q["text"]))
tap.equal("the responses CSV holds the stored free-text answers",
          {k: v["What should the review say?"] for k, v in by_id.items()}, want)

set_clock(new_closes + 1)
pub = anon.get(f"/calls/{cid}/responses")
tap.check("once closed, the responses are public without the hidden one",
          pub.status == 200 and "Org 1" in pub.text and "Org 0" not in pub.text and
          "Off topic" not in pub.text, pub.text[:1000])
tap.equal("once closed, the synthesis is public", anon.get(f"/calls/{cid}/synthesis").status,
          200)
r = post_form(alice, f"/calls/{cid}/answer", {"action": "submit",
                                              f"q{q['text']}": "after the extension"},
              page=f"/calls/{cid}")
tap.equal("after the extended deadline answers are refused again", r.status, 409)

# --- calendars and the timeline ----------------------------------------------------------
ics = anon.get(f"/calls/{cid}.ics")
lines = ics.body.split(b"\r\n")
tap.check("the call's calendar is iCalendar with the deadline in UTC and its sequence",
          ics.header("content-type").startswith("text/calendar") and
          b"DTSTART:20250315T035959Z" in lines and b"SEQUENCE:1" in lines and
          ics.body.endswith(b"END:VCALENDAR\r\n"), ics.body[:800])
tl = anon.get("/timeline.ics")
lines = tl.body.split(b"\r\n")
tap.check("every line of the timeline's calendar is at most 75 octets and ends in CRLF",
          all(len(x) <= 75 for x in lines) and b"\n" not in tl.body.replace(b"\r\n", b""))
tap.check("the timeline's calendar has the High-Level Event as whole days",
          b"DTSTART;VALUE=DATE:20250707" in lines and b"DTEND;VALUE=DATE:20250712" in lines)
tap.equal("every event has a UID and a DTSTAMP", (tl.body.count(b"\r\nUID:"),
                                                 tl.body.count(b"\r\nDTSTAMP:")),
          (tl.body.count(b"BEGIN:VEVENT"),) * 2)
page = anon.get("/timeline")
tap.check("the timeline page lists the review's events and the call's deadline",
          page.status == 200 and "Palexpo, Geneva" in page.text and "CR-4" in page.text and
          "Deadline: Inputs to the review" in page.text)
api = anon.get("/api/v1/timeline").json()
tap.equal("the timeline API has the 18 events and the call", len(api["events"]), 19)
tap.equal("the clock file moved deadlines, not the audit log's time",
          one(srv, "SELECT count(*) FROM audit WHERE at LIKE '2025-%'"), 0)
tap.finish()
