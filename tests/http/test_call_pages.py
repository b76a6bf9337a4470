"""test_call_pages.py - the lists of calls for inputs come in pages: /calls, /api/v1/calls,
a call's responses and the calls queue are read page by page through their next links (or
next_cursor) without skipping or repeating anything, in the list's order, with deadlines and
update times that tie; bad cursors and sizes are refused by name."""
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


pages, firsts = html_pages(mod, "/calls?limit=6", r'<tr><td><a href="/calls/(\d+)">',
                           "/calls")
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

# --- responses and the queue --------------------------------------------------------------
cid = public[0]
for i in range(9):
    db(srv, "INSERT INTO user(email, password_hash, role, created_at, updated_at)"
            " VALUES(?, 'x', 'submitter', ?, ?)", f"u{i}@example.org", NOW, NOW)
    uid = one(srv, "SELECT id FROM user WHERE email = ?", f"u{i}@example.org")
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
pages, _ = html_pages(mod, "/calls/queue?limit=2", r'/responses#r(\d+)"', "queue")
tap.equal("the queue pages two at a time", [len(p) for p in pages], [2, 2, 2])
tap.equal("and gives each waiting response once, oldest first (ties by number)",
          sum(pages, []), queue)
tap.check("the queue still counts them all on every page",
          "6 responses are waiting for review." in mod.get("/calls/queue?limit=2").text)
r = mod.get("/calls/queue?cursor=12")
tap.equal("the queue with a bad cursor is refused", r.status, 400)
tap.finish()
