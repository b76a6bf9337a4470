"""test_call_pages.py - the lists of calls for inputs come in pages: /calls, /api/v1/calls,
a call's responses and the calls queue are read page by page through their next links (or
next_cursor) without skipping or repeating anything, in the list's order, with deadlines and
update times that tie, and back through their previous links (or prev_cursor) page by page
to the first, the same pages; a moderator who hides a response stays on their page; bad
cursors and sizes are refused by name."""
import html
import re

from harness import Client, Server, db, login, one, tap

srv = Server(sample=False)
mod = login(srv, "mod@example.org", "moderator")
anon = Client(srv)
NOW = "2025-01-01T00:00:00Z"

# 25 published calls and a draft; deadlines tie in threes, so the order needs the ids too.
for i in range(26):
    db(srv, "INSERT INTO call(title, description, audience, tz, opens_at, closes_at, state,"
            " created_by, created_at, updated_at) VALUES(?, '', '', 'UTC', 1000, ?, ?,"
            " 'test', ?, ?)", f"Call {i}", 4000000000 - (i // 3) * 86400,
       "draft" if i == 7 else "open", NOW, NOW)
everyone = [r[0] for r in db(srv, "SELECT id FROM call ORDER BY closes_at DESC, id DESC")]
public = [r[0] for r in db(srv, "SELECT id FROM call WHERE state <> 'draft'"
                                " ORDER BY closes_at DESC, id DESC")]


def api_pages(client, first):
    """Follows next_cursor from first; returns the ids, page sizes and the statuses."""
    ids, sizes, url = [], [], first
    while url:
        r = client.get(url)
        if r.status != 200:
            return ids, sizes, r.status
        body = r.json()
        ids += [c["id"] for c in body["calls"]]
        sizes.append(len(body["calls"]))
        cur = body["next_cursor"]
        url = None if cur is None else re.sub(r"cursor=[^&]*&?", "", first).rstrip("?&") + \
            ("&" if "?" in first else "?") + "cursor=" + cur
        if len(sizes) > 50:
            break
    return ids, sizes, 200


def api_back(client, path, limit):
    """Goes to the last page by next_cursor, then back by prev_cursor to the first; returns
    the pages (lists of ids) met going forward and those met going back, in reverse."""
    fwd, back, cur = [], [], None
    while len(fwd) < 50:
        body = client.get(f"{path}?limit={limit}" + (f"&cursor={cur}" if cur else "")).json()
        fwd.append([c["id"] for c in body["calls"]])
        if body["next_cursor"] is None:
            break
        cur = body["next_cursor"]
    tap.equal(f"{path}?limit={limit}: the first page has no prev_cursor",
              client.get(f"{path}?limit={limit}").json()["prev_cursor"], None)
    while len(back) < 50:
        body = client.get(f"{path}?limit={limit}" + (f"&cursor={cur}" if cur else "")).json()
        back.append([c["id"] for c in body["calls"]])
        if body["prev_cursor"] is None:
            break
        cur = body["prev_cursor"]
    return fwd, back[::-1]


fwd, back = api_back(anon, "/api/v1/calls", 4)
tap.check("the API's prev_cursor walks back through the same pages", fwd == back and
          len(fwd) == 7, (fwd, back))
fwd, back = api_back(anon, "/api/v1/calls", 6)
tap.check("and with another size", fwd == back and sum(fwd, []) == public, (fwd, back))
second = anon.get("/api/v1/calls?limit=4&cursor=" +
                  anon.get("/api/v1/calls?limit=4").json()["next_cursor"]).json()
tap.equal("the second page's prev_cursor is empty: the first page has no cursor",
          second["prev_cursor"], "")

ids, sizes, status = api_pages(anon, "/api/v1/calls")
tap.equal("the API gives 20 calls a page by default, then the rest", sizes, [20, 5])
tap.equal("paging the API gives every published call once, latest deadline first", ids, public)
ids, sizes, status = api_pages(anon, "/api/v1/calls?limit=4")
tap.equal("with ?limit=4 the API pages four at a time", sizes, [4] * 6 + [1])
tap.equal("and still gives every call once, in order", ids, public)
last = anon.get("/api/v1/calls?limit=25").json()
tap.equal("the last page says there is no next one", last["next_cursor"], None)
r = anon.get("/api/v1/calls?cursor=nonsense")
tap.check("a bad cursor is a 400 naming the cursor", r.status == 400 and
          r.json()["error"]["field"] == "cursor", r.text)
r = anon.get("/api/v1/calls?limit=101")
tap.check("a page of more than 100 is a 400 naming the limit", r.status == 400 and
          r.json()["error"]["field"] == "limit", r.text)


def html_pages(client, first, item, label):
    """Follows the rel=next links from first; returns the item ids (regex item) per page."""
    pages, url, firsts = [], first, 0
    while url and len(pages) < 50:
        r = client.get(url)
        tap.check(f"{label}: page {len(pages) + 1} answers", r.status == 200, r.text[:500])
        if r.status != 200:
            break
        pages.append([int(x) for x in re.findall(item, r.text)])
        if len(pages) > 1 and 'href="' + html.escape(first.split("?")[0]) in r.text:
            firsts += 1
        m = re.search(r'<a rel="next" href="([^"]+)"', r.text)
        url = html.unescape(m.group(1)) if m else None
    return pages, firsts


def html_back(client, first, item, label):
    """Goes to the last page through the rel=next links, then back through the rel=prev
    links until a page has none; returns the pages met going back, first page first."""
    url, last = first, None
    for _ in range(50):
        r = client.get(url)
        m = re.search(r'<a rel="next" href="([^"]+)"', r.text)
        if not m:
            last = url
            break
        url = html.unescape(m.group(1))
    back, url = [], last
    while url and len(back) < 50:
        r = client.get(url)
        tap.check(f"{label}: going back, a page answers", r.status == 200, r.text[:300])
        if r.status != 200:
            break
        back.append([int(x) for x in re.findall(item, r.text)])
        nav = re.search(r'<nav class="pager" aria-label="Pages">(.*?)</nav>', r.text, re.S)
        if nav and back[-1] and len(back) == 1:
            tap.check(f"{label}: the last page's links are in a named nav, rel=prev there",
                      'rel="prev"' in nav.group(1), nav.group(1))
        m = re.search(r'<a rel="prev" href="([^"]+)"', r.text)
        url = html.unescape(m.group(1)) if m else None
    return back[::-1]


pages, firsts = html_pages(mod, "/calls?limit=6", r'<tr><td><a href="/calls/(\d+)">',
                           "/calls")
tap.equal("/calls: walking back through the previous links gives the same pages",
          html_back(mod, "/calls?limit=6", r'<tr><td><a href="/calls/(\d+)">', "/calls"),
          pages)
tap.check("the first page of /calls has no previous link",
          'rel="prev"' not in mod.get("/calls?limit=6").text)
tap.equal("/calls pages six at a time through its next links", [len(p) for p in pages],
          [6, 6, 6, 6, 2])
tap.equal("a moderator sees every call once, the draft too, in order",
          sum(pages, []), everyone)
tap.equal("every page after the first links back to the first", firsts, len(pages) - 1)
pages, _ = html_pages(anon, "/calls", r'<tr><td><a href="/calls/(\d+)">', "/calls (visitor)")
tap.equal("a visitor's /calls has 20 a page, no draft", [len(p) for p in pages], [20, 5])
tap.equal("and every published call once", sum(pages, []), public)
r = anon.get("/calls?cursor=1.x")
tap.equal("/calls with a bad cursor is refused", r.status, 400)
r = anon.get("/calls?limit=0")
tap.equal("/calls with a page of 0 is refused", r.status, 400)

def submitter(email):
    """Adds a submitter account with email and returns its id."""
    db(srv, "INSERT INTO user(email, password_hash, role, created_at, updated_at)"
            " VALUES(?, 'x', 'submitter', ?, ?)", email, NOW, NOW)
    return one(srv, "SELECT id FROM user WHERE email = ?", email)


# --- responses and the queue --------------------------------------------------------------
cid = public[0]
for i in range(9):
    uid = submitter(f"u{i}@example.org")
    # updated_at ties in pairs; one is hidden, one reviewed, one a draft
    db(srv, "INSERT INTO call_response(call_id, user_id, organisation, state, hidden_reason,"
            " reviewed, created_at, updated_at, submitted_at) VALUES(?, ?, ?, ?, ?, ?, 1, ?, 1)",
       cid, uid, f"Org {i}", "draft" if i == 8 else "submitted",
       "spam" if i == 3 else None, 1 if i == 5 else 0, 5000 - (i // 2))
submitted = [r[0] for r in db(srv, "SELECT id FROM call_response WHERE state = 'submitted'"
                                   " ORDER BY id")]
queue = [r[0] for r in db(srv, "SELECT id FROM call_response WHERE state = 'submitted' AND"
                               " reviewed = 0 AND hidden_reason IS NULL"
                               " ORDER BY updated_at, id")]
pages, _ = html_pages(mod, f"/calls/{cid}/responses?limit=3",
                      r'<article class="response" id="r(\d+)"', "responses")
tap.equal("a call's responses page three at a time", [len(p) for p in pages], [3, 3, 2])
tap.equal("a moderator sees each submitted response once, the hidden one too, by number",
          sum(pages, []), submitted)
tap.equal("responses: walking back through the previous links gives the same pages",
          html_back(mod, f"/calls/{cid}/responses?limit=3",
                    r'<article class="response" id="r(\d+)"', "responses"), pages)

# hiding a response on the second page returns the moderator to the second page
second = re.search(r'<a rel="next" href="([^"]+)"',
                   mod.get(f"/calls/{cid}/responses?limit=3").text)
second = html.unescape(second.group(1))
page2 = mod.get(second).text
form = re.search(r'<form method="post" action="/calls/%d/moderate">(.*?)</form>' % cid, page2,
                 re.S).group(1)
fields = dict(re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)"', form))
target = int(fields["response"])
tap.check("a response's moderation form carries the page's cursor and size",
          fields.get("cursor") and fields.get("limit") == "3" and
          f'id="r{target}"' in page2, fields)
fields.update({"op": "hide", "reason": "off topic"})
r = mod.post(f"/calls/{cid}/moderate", {k: html.unescape(v) for k, v in fields.items()})
loc = r.header("location") or ""
tap.check("after hiding, the moderator goes back to the page they were on",
          r.status in (302, 303) and "cursor=" + fields["cursor"] in loc and "limit=3" in loc and
          loc.endswith(f"#r{target}"), (r.status, loc))
back_page = mod.get(loc.split("#")[0])
tap.check("which shows the hidden response with the others of that page, and says saved",
          back_page.status == 200 and f'id="r{target}"' in back_page.text and
          "Saved." in back_page.text, back_page.status)
tap.equal("the same responses as before the hiding",
          re.findall(r'<article class="response" id="r(\d+)"', back_page.text),
          re.findall(r'<article class="response" id="r(\d+)"', page2))
tap.check("and the response is hidden", one(srv, "SELECT hidden_reason FROM call_response"
                                            " WHERE id = ?", target) == "off topic")
fields["cursor"] = "x.1"
r = mod.post(f"/calls/{cid}/moderate", fields)
tap.equal("a moderation form with a bad cursor is refused", r.status, 400)
db(srv, "UPDATE call_response SET hidden_reason = NULL, reviewed = 0 WHERE id = ?", target)

QUEUE_ITEM = r'/responses(?:\?cursor=[0-9.]+)?#r(\d+)"'
pages, _ = html_pages(mod, "/calls/queue?limit=2", QUEUE_ITEM, "queue")
tap.equal("queue: walking back through the previous links gives the same pages",
          html_back(mod, "/calls/queue?limit=2", QUEUE_ITEM, "queue"), pages)
tap.equal("the queue pages two at a time", [len(p) for p in pages], [2, 2, 2])
tap.equal("and gives each waiting response once, oldest first (ties by number)",
          sum(pages, []), queue)
tap.check("the queue still counts them all on every page",
          "6 responses are waiting for review." in mod.get("/calls/queue?limit=2").text)
r = mod.get("/calls/queue?cursor=12")
tap.equal("the queue with a bad cursor is refused", r.status, 400)

# 60 more responses to another call: more than a page of responses (50), so the queue's links
# must open the page that holds each response, not the call's first page
cid2 = public[1]
for i in range(60):
    uid = submitter(f"many{i}@example.org")
    db(srv, "INSERT INTO call_response(call_id, user_id, organisation, state, reviewed,"
            " created_at, updated_at, submitted_at) VALUES(?, ?, ?, 'submitted', 0, 1, ?, 1)",
       cid2, uid, f"Many {i}", 6000 + i)
first = mod.get(f"/calls/{cid2}/responses").text
tap.equal("the call's first page of responses shows 50 of its 60",
          len(re.findall(r'<article class="response" id="r\d+"', first)), 50)
links, url = [], "/calls/queue"
for _ in range(10):
    page = mod.get(url).text
    links += re.findall(r'<tr><td><a href="(/calls/\d+/responses[^"]*)">', page)
    m = re.search(r'<a rel="next" href="([^"]+)"', page)
    if not m:
        break
    url = html.unescape(m.group(1))
tap.equal("the queue links to each of the 66 waiting responses", len(links), 66)
missing = []
for link in links:
    link = html.unescape(link)
    path, rid = link.split("#r")
    page = mod.get(path)
    if page.status != 200 or f'<article class="response" id="r{rid}"' not in page.text:
        missing.append(link)
tap.equal("every queue link opens a page of responses that holds its response", missing, [])
late = [html.unescape(x) for x in links if x.startswith(f"/calls/{cid2}/")][-1]
tap.check("a response past the first page is linked with a cursor, not to the first page",
          "?cursor=" in late and late.split("#r")[1] not in
          re.findall(r'<article class="response" id="r(\d+)"', first), late)
page = mod.get(late.split("#")[0]).text
tap.check("that page links back to the previous responses and to the first page",
          'rel="prev"' in page and f'href="/calls/{cid2}/responses"' in page, page[-1500:])
db(srv, "UPDATE call_response SET reviewed = 1 WHERE call_id = ?", cid2)

# --- notifications on the account page -----------------------------------------------------
# 45 of one user's, interleaved with another user's, which must never show
reader = login(srv, "reader@example.org")
other = one(srv, "SELECT id FROM user WHERE email = 'u0@example.org'")
me = one(srv, "SELECT id FROM user WHERE email = 'reader@example.org'")
for i in range(45):
    for uid, who in ((me, "Mine"), (other, "Theirs")):
        db(srv, "INSERT INTO notification(user_id, kind, call_id, subject, body, created_at)"
                " VALUES(?, 'deadline', NULL, ?, 'Plain text.', ?)", uid, f"{who} {i}", 1000 + i)
mine = list(range(44, -1, -1))  # newest first
NOTE = r"<li><strong>Mine (\d+)</strong>"
pages, firsts = html_pages(reader, "/account", NOTE, "notifications")
tap.equal("the account page pages notifications 20 at a time, then the rest",
          [len(p) for p in pages], [20, 20, 5])
tap.equal("every one of the user's notifications once, newest first", sum(pages, []), mine)
tap.check("and none of another user's", all(
    "Theirs" not in reader.get(u).text for u in ("/account", "/account?limit=100")))
tap.equal("every notification page after the first links back to the first", firsts, 2)
tap.equal("notifications: walking back through the previous links gives the same pages",
          html_back(reader, "/account", NOTE, "notifications"), pages)
pages, _ = html_pages(reader, "/account?limit=7", NOTE, "notifications by 7")
tap.equal("?limit=7 pages them seven at a time", [len(p) for p in pages], [7] * 6 + [3])
tap.equal("in the same order", sum(pages, []), mine)
r = reader.get("/account?cursor=nonsense")
tap.check("the account page with a bad cursor is a 400 that says so",
          r.status == 400 and "This page link is not valid" in r.text, r.status)
tap.check("the account page's other sections are still there on a later page",
          "Change your password" in reader.get(
              "/account?" + re.search(r'<a rel="next" href="/account\?([^"]+)"',
                                      reader.get("/account").text).group(1).replace("&amp;", "&")
          ).text)
tap.finish()
