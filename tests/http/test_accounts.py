#!/usr/bin/env python3
"""test_accounts.py - accounts and security through the pages, the API and the CLI.

Registering, logging in and out, the session cookie's flags, CSRF on every form of the
accounts pages, rate limiting of failed log-ins, password changes ending other sessions,
API tokens (from the account page and the CLI) on /api/v1/me, the `user` and `token`
commands, passwords kept only as argon2id hashes, and names shown escaped everywhere.
"""
import hashlib
import html.parser
import json
import os
import pty
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, db, forms, one, run, tap  # noqa: E402

XSS = "<script>alert(1)</script>\"'"
PW = "correct horse battery"


def cookie_header(r, name):
    for v in r.headers_all("set-cookie"):
        if v.startswith(name + "="):
            return v
    return None


def error_text(page):
    if not isinstance(page, str):
        page = page.text
    m = re.search(r'<p class="error-message"[^>]*>([^<]*)</p>', page)
    return m.group(1) if m else None


def token_on(page):
    m = re.search(r'<code class="token">([^<]+)</code>', page)
    return m.group(1) if m else None


def me(srv, token=None, cookies=None, auth=None):
    c = Client(srv)
    h = {}
    if token:
        h["Authorization"] = "Bearer " + token
    if auth:
        h["Authorization"] = auth
    if cookies:
        c.cookies = dict(cookies)
    return c.get("/api/v1/me", headers=h)


class Page(html.parser.HTMLParser):
    """Ids, labels and inputs of a page, to check that forms are labelled and ids unique."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.labels_for, self.inputs = [], set(), []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag == "input" and a.get("type") != "hidden":
            self.inputs.append(a)


def check_form_markup(name, text):
    p = Page(text)
    dup = sorted({i for i in p.ids if p.ids.count(i) > 1})
    tap.check(f"{name}: no duplicate ids", not dup, dup)
    unlabelled = [i.get("name") for i in p.inputs if i.get("id") not in p.labels_for]
    tap.check(f"{name}: every input has a label", not unlabelled, unlabelled)
    missing = []
    for i in p.inputs:
        for ref in (i.get("aria-describedby") or "").split():
            if ref not in p.ids:
                missing.append(ref)
    tap.check(f"{name}: aria-describedby points at elements that exist", not missing, missing)
    return p


def register(c, email, name, password=PW, organisation=""):
    return c.submit("/register", {"name": name, "email": email, "password": password,
                                  "password2": password, "organisation": organisation})


srv = Server(sample=False)

# ---- Registering ----
anon = Client(srv)
r = anon.get("/register")
tap.equal("GET /register answers", r.status, 200)
p = check_form_markup("/register", r.text)
ac = {i.get("name"): i.get("autocomplete") for i in p.inputs}
tap.equal("register form autocomplete attributes", ac,
          {"name": "name", "email": "email", "organisation": "organization",
           "password": "new-password", "password2": "new-password"})

users_before = one(srv, "SELECT count(*) FROM user")
r = anon.submit("/register", {"name": "", "email": "not-an-email", "password": "short",
                              "password2": "other"})
tap.equal("register with bad input is refused", r.status, 400)
tap.check("register names the bad fields",
          "Enter your name." in r.text and "Enter a valid email address" in r.text and
          "too short" in r.text, r.text[-3000:])
m = re.search(r'<input[^>]*name="email"[^>]*>', r.text)
tap.check("a bad field is marked aria-invalid and described by its error",
          m and 'aria-invalid="true"' in m.group(0) and "reg-email-error" in m.group(0),
          m and m.group(0))
tap.check("the typed email is kept, passwords are not sent back",
          'value="not-an-email"' in r.text and 'value="short"' not in r.text)
check_form_markup("/register with errors", r.text)
r = anon.submit("/register", {"name": "Ann", "email": "ann@example.org",
                              "password": "0123456789a", "password2": "0123456789b"})
tap.check("register with passwords that differ is refused",
          r.status == 400 and "The two passwords differ" in r.text, r.status)
tap.equal("nothing was created by refused registrations",
          one(srv, "SELECT count(*) FROM user"), users_before)

c1 = Client(srv)
r = register(c1, "ann@example.org", XSS, organisation="Org <b>& Co</b>")
tap.equal("register answers with a redirect", r.status, 303)
tap.equal("register goes to the account page", r.header("location"), "/account?done=registered")
sc = cookie_header(r, "stocktake_session")
tap.check("register sets the session cookie", sc is not None, r.headers)
flags = [f.strip() for f in (sc or "").split(";")][1:]
tap.check("session cookie: HttpOnly, SameSite=Lax, Path=/", "HttpOnly" in flags and
          "SameSite=Lax" in flags and "Path=/" in flags, sc)
tap.check("session cookie: Max-Age is the session length (14 days)",
          f"Max-Age={14 * 86400}" in flags, sc)
tap.check("session cookie: not Secure by default", "Secure" not in flags, sc)
tap.equal("the account is a submitter",
          one(srv, "SELECT role FROM user WHERE email = ?", "ann@example.org"), "submitter")
tap.equal("the organisation was recorded",
          one(srv, "SELECT o.name FROM user u JOIN organisation o ON o.id = u.organisation_id"
                   " WHERE u.email = ?", "ann@example.org"), "Org <b>& Co</b>")
tap.check("registering is audited", one(
    srv, "SELECT count(*) FROM audit WHERE action = 'create' AND entity = 'user'"
         " AND actor = 'ann@example.org'") == 1)

r = c1.get("/")
esc = "&lt;script&gt;alert(1)&lt;/script&gt;"
tap.check("logged in after registering: the name is shown (escaped)", esc in r.text, r.text[:1500])
tap.check("the name never appears unescaped on /", "<script>alert(1)" not in r.text)
r = c1.get("/account?done=registered")
tap.equal("GET /account answers when logged in", r.status, 200)
tap.check("/account shows name (escaped), email, role and organisation",
          esc in r.text and "ann@example.org" in r.text and "Submitter" in r.text and
          "Org &lt;b&gt;&amp; Co&lt;/b&gt;" in r.text, r.text[-4000:])
tap.check("the name never appears unescaped on /account", "<script>alert(1)" not in r.text and
          "<b>& Co" not in r.text)
tap.check("/account is not cached", r.header("cache-control") == "no-store", r.headers)
p = check_form_markup("/account", r.text)
ac = {i.get("name"): i.get("autocomplete") for i in p.inputs}
tap.check("password change form autocomplete attributes",
          ac.get("current_password") == "current-password" and
          ac.get("new_password") == "new-password" and ac.get("new_password2") == "new-password", ac)

r = register(Client(srv), "ANN@example.org", "Someone else")
tap.check("registering an email that is taken (any case) is refused beside the field",
          r.status == 400 and "already exists" in r.text and "reg-email-error" in r.text, r.status)

# ---- Passwords only as argon2id hashes ----
hashes = [h for (h,) in db(srv, "SELECT password_hash FROM user")]
tap.check("the user table holds argon2id strings only",
          hashes and all(h.startswith("$argon2id$") for h in hashes), hashes)
raw = b""
for suffix in ("", "-wal"):
    if os.path.exists(srv.db + suffix):
        with open(srv.db + suffix, "rb") as f:
            raw += f.read()
tap.check("the password appears nowhere in the database files", PW.encode() not in raw)

# ---- Logging out and in ----
old_session = c1.cookies.get("stocktake_session")
r = c1.submit("/", {}, form_action="/logout")
tap.equal("log out answers with a redirect", r.status, 303)
sc = cookie_header(r, "stocktake_session")
tap.check("log out clears the session cookie", sc is not None and "Max-Age=0" in sc, sc)
r = c1.get("/account")
tap.check("after logging out /account redirects to the log-in page",
          r.status == 303 and r.header("location") == "/login?next=/account", r.header("location"))
replay = Client(srv)
replay.cookies["stocktake_session"] = old_session
r = replay.get("/account")
tap.equal("the old session key no longer works after logging out", r.status, 303)

r = c1.get("/login?next=/account")
tap.equal("GET /login answers", r.status, 200)
p = check_form_markup("/login", r.text)
tap.equal("log-in form autocomplete attributes",
          {i.get("name"): i.get("autocomplete") for i in p.inputs},
          {"email": "email", "password": "current-password"})
tap.check("the log-in form keeps next", 'name="next" value="/account"' in r.text)
r = c1.submit("/login?next=/account", {"email": "Ann@Example.org", "password": PW})
tap.check("log in (email in another case) redirects to next",
          r.status == 303 and r.header("location") == "/account", (r.status, r.header("location")))
tap.check("log in starts a new session", c1.cookies.get("stocktake_session") not in
          (None, old_session))
r = c1.get("/")
tap.check("logged in again: the name is shown", esc in r.text)

for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"):
    c = Client(srv)
    c.get("/login")
    r = c.submit("/login", {"email": "ann@example.org", "password": PW, "next": bad})
    tap.check(f"next={bad!r} is not followed (no open redirect)",
              r.status == 303 and r.header("location") == "/", r.header("location"))

r = Client(srv).get("/login?next=" + "/%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
tap.check("a next= with markup is reflected escaped",
          "<script>alert(1)" not in r.text and "&quot;&gt;&lt;script&gt;" in r.text, r.text[-2000:])

# Session rotation: logging in again replaces the session and its CSRF token.
before_key = c1.cookies.get("stocktake_session")
before_csrf = c1.csrf("/account")
r = c1.post("/login", {"email": "ann@example.org", "password": PW, "csrf": before_csrf})
tap.equal("logging in while logged in works", r.status, 303)
tap.check("the session key changes on log-in", c1.cookies.get("stocktake_session") != before_key)
after_csrf = c1.csrf("/account")
tap.check("the CSRF token changes on log-in", after_csrf and after_csrf != before_csrf)
stale = Client(srv)
stale.cookies["stocktake_session"] = before_key
tap.equal("the replaced session is gone", stale.get("/account").status, 303)

# ---- Wrong password, unknown email, rate limiting ----
srv.user("bob@example.org")
c = Client(srv)
wrong = c.login("bob@example.org", "not the password")
unknown = Client(srv).login("nobody@example.org", "not the password")
tap.equal("a wrong password is refused", wrong.status, 400)
tap.equal("an unknown email gets the same status", unknown.status, wrong.status)
tap.check("wrong password and unknown email get the same message",
          error_text(wrong) is not None and error_text(wrong) == error_text(unknown),
          (error_text(wrong), error_text(unknown)))
tap.check("no session after a failed log-in", "stocktake_session" not in c.cookies)
tap.check("failed log-ins are audited", one(
    srv, "SELECT count(*) FROM audit WHERE action = 'login_failed'") >= 2)

srv.user("carol@example.org")
c = Client(srv)
statuses = [c.login("carol@example.org", f"wrong password {i}").status for i in range(4)]
tap.equal("four more failures are plain refusals", statuses, [400] * 4)
r = c.login("carol@example.org", "wrong password 5")
tap.equal("the fifth failure is still a plain refusal", r.status, 400)
r = c.login("carol@example.org", PW)
tap.equal("after 5 failures even the right password gets 429", r.status, 429)
tap.check("429 says to wait, in words", "Too many failed attempts" in r.text and
          "15 minutes" in r.text, error_text(r.text))
tap.equal("429 carries Retry-After", r.header("retry-after"), "900")
tap.check("no session was started while rate limited", "stocktake_session" not in c.cookies)
r = Client(srv).login("CAROL@example.org", PW)
tap.equal("the limit is per email address, whatever its case", r.status, 429)
r = Client(srv).login("bob@example.org", PW)
tap.equal("another account is not affected", r.status, 303)

# ---- Expired sessions ----
c = Client(srv)
c.login("bob@example.org", PW)
key = c.cookies["stocktake_session"]
con = sqlite3.connect(srv.db)
con.execute("UPDATE session SET expires_at = '2000-01-01T00:00:00Z' WHERE token_hash = ?",
            (hashlib.sha256(key.encode()).hexdigest(),))
con.commit()
con.close()
r = c.get("/account")
tap.equal("an expired session is not accepted", r.status, 303)
tap.check("the session table keeps hashes, not keys",
          one(srv, "SELECT count(*) FROM session WHERE token_hash = ?", key) == 0)

# ---- Anonymous visitors ----
anon = Client(srv)
r = anon.get("/account")
tap.check("anonymous GET /account redirects to /login",
          r.status == 303 and r.header("location") == "/login?next=/account", r.header("location"))
r = anon.post("/account/tokens", {"name": "x", "csrf": anon.csrf("/login")})
tap.equal("anonymous POST /account/tokens is refused", r.status, 401)

# ---- CSRF on every form of this part ----
victim = Client(srv)
victim.login("ann@example.org", PW)
victim.submit("/account", {"name": "keep me"}, form_action="/account/tokens")
tok_id = one(srv, "SELECT max(id) FROM api_token")
state = lambda: (one(srv, "SELECT count(*) FROM audit"), one(srv, "SELECT count(*) FROM user"),
                 one(srv, "SELECT count(*) FROM session"),
                 one(srv, "SELECT count(*) FROM api_token WHERE revoked = 0"),
                 one(srv, "SELECT password_hash FROM user WHERE email = 'ann@example.org'"))
cases = [
    ("/login", {"email": "bob@example.org", "password": PW}, False),
    ("/register", {"name": "Eve", "email": "eve@example.org", "password": PW, "password2": PW},
     False),
    ("/logout", {}, True),
    ("/account/password", {"current_password": PW, "new_password": "a new password 1",
                           "new_password2": "a new password 1"}, True),
    ("/account/tokens", {"name": "csrf"}, True),
    ("/account/tokens/revoke", {"id": str(tok_id)}, True),
]
for path, fields, logged_in in cases:
    for how, token in (("without", None), ("with a wrong", "x" * 43)):
        c = victim if logged_in else Client(srv)
        if not logged_in:
            c.get("/login")  # a visitor with a CSRF cookie
        before = state()
        data = dict(fields)
        if token:
            data["csrf"] = token
        r = c.post(path, data)
        tap.check(f"POST {path} {how} CSRF token: 403 and nothing changed",
                  r.status == 403 and state() == before and
                  cookie_header(r, "stocktake_session") is None, (r.status, before, state()))
tap.equal("the victim is still logged in after the forged log-out", victim.get("/account").status,
          200)
# The visitor cookie of one browser does not validate a form sent from another.
c = Client(srv)
c.get("/login")
other = Client(srv).csrf("/login")
r = c.post("/login", {"email": "bob@example.org", "password": PW, "csrf": other})
tap.equal("another visitor's CSRF token is refused", r.status, 403)

# Every form of the site (each POST route of src/app/routes.c but the API's), posted without
# a token: 403, whoever sends it. A visitor with no cookie at all (so not signed in either)
# gets 403 too, not 401: the token is checked before the role.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "src", "app", "routes.c"), encoding="utf-8") as f:
    form_routes = [(m.group(1).replace("*", "1") + ("1" if "ROUTE_PREFIX_ARG" in m.group(2) else ""))
                   for m in re.finditer(r'\{HTTP_POST, "([^"]+)", \w+, \w+,\s*([^}]*)\}', f.read())
                   if "ROUTE_API" not in m.group(2) and "ROUTE_NO_CSRF" not in m.group(2)]
tap.check("routes.c lists the site's forms", len(form_routes) >= 10, form_routes)
for path in form_routes:
    r = Client(srv).post(path, {"x": "1"})
    tap.equal(f"POST {path} from a visitor without a CSRF token: 403", r.status, 403)
    r = victim.post(path, {"x": "1"})
    tap.equal(f"POST {path} signed in, without a CSRF token: 403", r.status, 403)

# ---- Password change ends other sessions ----
srv.user("dan@example.org")
d1, d2 = Client(srv), Client(srv)
d1.login("dan@example.org", PW)
d2.login("dan@example.org", PW)
r = d1.submit("/account", {"current_password": "wrong one!!", "new_password": "brand new pass",
                           "new_password2": "brand new pass"}, form_action="/account/password")
tap.check("a wrong current password is refused beside its field",
          r.status == 400 and "pw-current-error" in r.text and "not right" in r.text, r.status)
r = d1.submit("/account", {"current_password": PW, "new_password": "short",
                           "new_password2": "short"}, form_action="/account/password")
tap.check("a short new password is refused", r.status == 400 and "too short" in r.text)
r = d1.submit("/account", {"current_password": PW, "new_password": "brand new pass",
                           "new_password2": "brand new pasS"}, form_action="/account/password")
tap.check("differing new passwords are refused", r.status == 400 and "differ" in r.text)
r = d1.submit("/account", {"current_password": PW, "new_password": "brand new pass",
                           "new_password2": "brand new pass"}, form_action="/account/password")
tap.check("the password is changed",
          r.status == 303 and r.header("location") == "/account?done=password", r.status)
tap.equal("the session that changed it goes on", d1.get("/account").status, 200)
tap.equal("the other session is ended", d2.get("/account").status, 303)
tap.equal("the old password no longer works", Client(srv).login("dan@example.org", PW).status, 400)
tap.equal("the new password works",
          Client(srv).login("dan@example.org", "brand new pass").status, 303)
tap.check("the password change is audited", one(
    srv, "SELECT count(*) FROM audit WHERE action = 'password' AND actor = 'dan@example.org'") == 1)

# ---- API tokens ----
r = victim.submit("/account", {"name": "<img src=x onerror=alert(1)>"},
                  form_action="/account/tokens")
token = token_on(r.text)
tap.check("a token made on /account is shown once", r.status == 200 and token and
          token.startswith("stk_"), r.status)
tap.check("the token's name is shown escaped", "&lt;img src=x onerror=alert(1)&gt;" in r.text and
          "<img src=x" not in r.text)
tap.check("only the token's hash is stored",
          one(srv, "SELECT count(*) FROM api_token WHERE token_hash = ?",
              hashlib.sha256(token.encode()).hexdigest()) == 1 and
          one(srv, "SELECT count(*) FROM api_token WHERE token_hash = ?", token) == 0)
r = victim.get("/account")
tap.check("the token is not shown again", token not in r.text)
r = me(srv, token)
tap.equal("the token authenticates on /api/v1/me", r.status, 200)
tap.equal("/api/v1/me names the token's user", r.json(),
          {"id": one(srv, "SELECT id FROM user WHERE email = 'ann@example.org'"),
           "email": "ann@example.org", "name": XSS, "role": "submitter"})
tap.check("/api/v1/me is JSON", r.header("content-type", ).startswith("application/json"))
tap.check("the token's last use is noted", one(
    srv, "SELECT last_used_at FROM api_token WHERE token_hash = ?",
    hashlib.sha256(token.encode()).hexdigest()) is not None)

r = me(srv)
tap.check("/api/v1/me without a token: 401 unauthenticated",
          r.status == 401 and r.json()["error"]["code"] == "unauthenticated" and
          r.header("www-authenticate") == "Bearer", (r.status, r.text))
r = me(srv, cookies=victim.cookies)
tap.check("a session cookie alone does not authenticate on the API",
          r.status == 401 and r.json()["error"]["code"] == "unauthenticated", (r.status, r.text))
for label, auth in (("a malformed token", "Bearer abc"), ("an unknown token", "Bearer stk_" + "A" * 43),
                    ("another scheme", "Basic YW5uOnB3"), ("an empty bearer", "Bearer ")):
    r = me(srv, auth=auth)
    tap.check(f"{label}: 401 invalid_token",
              r.status == 401 and r.json()["error"]["code"] == "invalid_token" and
              "invalid_token" in (r.header("www-authenticate") or ""), (r.status, r.text))
r = me(srv, token, cookies={"stocktake_session": "x" * 43})
tap.equal("a bad session cookie does not spoil a good token", r.status, 200)

# Revoking: another user's token cannot be revoked; one's own can.
tid = one(srv, "SELECT id FROM api_token WHERE token_hash = ?",
          hashlib.sha256(token.encode()).hexdigest())
r = d1.post("/account/tokens/revoke", {"id": str(tid), "csrf": d1.csrf("/account")})
tap.check("revoking someone else's token: 404, still valid", r.status == 404 and
          me(srv, token).status == 200, r.status)
r = victim.post("/account/tokens/revoke", {"id": str(tid), "csrf": victim.csrf("/account")})
tap.check("revoking one's own token", r.status == 303 and
          r.header("location") == "/account?done=revoked", r.status)
r = me(srv, token)
tap.check("a revoked token gets 401 invalid_token",
          r.status == 401 and r.json()["error"]["code"] == "invalid_token", (r.status, r.text))
tap.check("/account shows the token as revoked", "revoked" in victim.get("/account").text)

# ---- The command line ----
p = srv.cli("token", "create", "bob@example.org", "--name", "ci")
cli_token = p.stdout.strip()
tap.check("`token create` prints one token", re.fullmatch(r"stk_[A-Za-z0-9_-]{43}", cli_token),
          p.stdout)
tap.check("`token create` says it is shown once", "only this once" in p.stderr, p.stderr)
r = me(srv, cli_token)
tap.check("a CLI token authenticates on /api/v1/me",
          r.status == 200 and r.json()["email"] == "bob@example.org", r.text)
p = srv.cli("token", "list", "bob@example.org", "--json")
tap.check("`token list --json` lists it", '"name": "ci"' in p.stdout, p.stdout)
p = srv.cli("user", "role", "bob@example.org", "moderator")
tap.check("`user role` changes the role", me(srv, cli_token).json()["role"] == "moderator", p.stdout)
p = srv.cli("token", "revoke", "bob@example.org", str(one(
    srv, "SELECT id FROM api_token WHERE name = 'ci'")))
tap.equal("`token revoke` stops the token", me(srv, cli_token).status, 401)

p = srv.cli("user", "add", "bob@example.org", "--role", "submitter", "--password-stdin",
            check=False, input=PW + "\n")
tap.check("`user add` with a taken email: a clear error",
          p.returncode == 1 and "already exists" in p.stderr, p.stderr)
p = srv.cli("user", "add", "erin@example.org", "--role", "submitter", "--password-stdin",
            check=False, input="short\n")
tap.check("`user add` with a short password: a clear error",
          p.returncode == 1 and "too short" in p.stderr and "10 characters" in p.stderr, p.stderr)
p = srv.cli("user", "add", "erin@example.org", "--role", "king", "--password-stdin",
            check=False, input=PW + "\n")
tap.check("`user add` with an unknown role is a usage error",
          p.returncode == 2 and "unknown role" in p.stderr, p.stderr)
p = srv.cli("user", "add", "erin@example.org", "--password-stdin", check=False, input=PW + "\n")
tap.check("`user add` without --role is a usage error", p.returncode == 2 and "--role" in p.stderr,
          p.stderr)
p = srv.cli("user", "add", "erin@example.org", "--role", "submitter", "--password-stdin",
            check=False, input="x" * 1001 + "\n")
tap.check("`user add` with a password over 1,000 bytes: a clear error",
          p.returncode == 1 and "too long" in p.stderr, p.stderr)
tap.equal("refused `user add`s created nothing",
          one(srv, "SELECT count(*) FROM user WHERE email = 'erin@example.org'"), 0)
p = srv.cli("user", "add", "erin@example.org", "--role", "admin", "--name", "Erin",
            "--password-stdin", check=False, input="erin's password\n")
tap.check("`user add` creates an account", p.returncode == 0 and one(
    srv, "SELECT role FROM user WHERE email = 'erin@example.org'") == "admin", p.stderr)
tap.equal("it can log in", Client(srv).login("erin@example.org", "erin's password").status, 303)

e1 = Client(srv)
e1.login("erin@example.org", "erin's password")
p = srv.cli("user", "passwd", "erin@example.org", "--password-stdin", check=False,
            input="erin's new password\n")
tap.check("`user passwd` changes the password", p.returncode == 0 and
          Client(srv).login("erin@example.org", "erin's new password").status == 303, p.stderr)
tap.equal("`user passwd` ends the account's sessions", e1.get("/account").status, 303)
p = srv.cli("user", "passwd", "nobody@example.org", "--password-stdin", check=False,
            input="whatever password\n")
tap.check("`user passwd` of an unknown account: a clear error",
          p.returncode == 1 and "no account" in p.stderr, p.stderr)
p = srv.cli("user", "list", "--json")
listed = {u["email"]: u for u in json.loads(p.stdout)}
tap.check("`user list --json` lists every account without hashes",
          {"ann@example.org", "bob@example.org", "erin@example.org"} <= set(listed) and
          all("password_hash" not in u for u in listed.values()) and
          "$argon2id$" not in p.stdout, p.stdout[:500])
for cmd in ("user", "token"):
    p = srv.cli(cmd, "--help")
    want = "--password-stdin" if cmd == "user" else "create EMAIL"
    tap.check(f"`{cmd} --help` explains the subcommands", p.returncode == 0 and
              "Usage: stocktake" in p.stdout and want in p.stdout, p.stdout)
tap.check("CLI changes are audited as cli", one(
    srv, "SELECT count(*) FROM audit WHERE actor = 'cli' AND action IN"
         " ('create', 'password', 'role', 'revoke')") >= 5)

# The terminal prompt: asked twice, without echo.
pid, fd = pty.fork()
if pid == 0:
    os.execv(os.environ.get("STOCKTAKE", "build/stocktake"),
             ["stocktake", "--db", srv.db, "user", "add", "tty@example.org", "--role",
              "submitter"])
out = b""
sent = 0
deadline = time.time() + 30
while time.time() < deadline:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if sent == 0 and b"password for" in out:
        os.write(fd, b"typed secret 123\n")
        sent = 1
    elif sent == 1 and b"Repeat" in out:
        os.write(fd, b"typed secret 123\n")
        sent = 2
_, status = os.waitpid(pid, 0)
tap.check("`user add` on a terminal asks twice and succeeds",
          sent == 2 and os.waitstatus_to_exitcode(status) == 0 and b"created" in out, out)
tap.check("the password is not echoed", b"typed secret" not in out, out)
tap.equal("the account from the terminal can log in",
          Client(srv).login("tty@example.org", "typed secret 123").status, 303)

# Disabling an account from the command line, and enabling it again.
e2 = Client(srv)
e2.login("erin@example.org", "erin's new password")
erin_token = srv.cli("token", "create", "erin@example.org").stdout.strip()
tap.equal("before `user disable`, erin's token works", me(srv, erin_token).status, 200)
p = srv.cli("user", "disable", "erin@example.org", check=False)
tap.check("`user disable` says what it did", p.returncode == 0 and "disabled" in p.stdout,
          (p.returncode, p.stdout, p.stderr))
tap.equal("a disabled account's session has ended", e2.get("/account").status, 303)
tap.equal("a disabled account cannot log in",
          Client(srv).login("erin@example.org", "erin's new password").status, 400)
tap.equal("a disabled account's API token is refused", me(srv, erin_token).status, 401)
p = srv.cli("user", "list", "--json")
tap.check("`user list` shows the account as disabled",
          {u["email"]: u["disabled"] for u in json.loads(p.stdout)}.get("erin@example.org")
          in (1, True), p.stdout[:300])
p = srv.cli("user", "enable", "erin@example.org", check=False)
tap.check("`user enable` lets it back in", p.returncode == 0 and Client(srv).login(
    "erin@example.org", "erin's new password").status == 303 and
    me(srv, erin_token).status == 200, (p.returncode, p.stderr))
p = srv.cli("user", "disable", "nobody@example.org", check=False)
tap.check("`user disable` of an unknown account: a clear error",
          p.returncode == 1 and "no account" in p.stderr, p.stderr)
p = srv.cli("user", "disable", check=False)
tap.equal("`user disable` without an address is a usage error", p.returncode, 2)
tap.equal("disabling and enabling are audited as cli", one(
    srv, "SELECT count(*) FROM audit WHERE actor = 'cli' AND action IN ('disable', 'enable')"), 2)

# ---- Registrations per client address in an hour ----
reg = Server(sample=False, env={"STOCKTAKE_REGISTER_PER_HOUR": "2"})
for i in range(2):
    r = register(Client(reg), f"new{i}@example.org", f"New {i}")
    tap.equal(f"registration {i + 1} of 2 allowed in the hour", r.status, 303)
r = register(Client(reg), "new2@example.org", "New 2")
tap.check("the third registration from the address in the hour is refused with 429",
          r.status == 429 and "Too many accounts were registered" in r.text and
          r.header("retry-after") == "3600", (r.status, r.text[-1500:]))
tap.equal("the refused registration created no account",
          one(reg, "SELECT count(*) FROM user WHERE email = 'new2@example.org'"), 0)
r = register(Client(reg), "bad", "")
tap.equal("a form with errors is still answered with its errors, not the limit", r.status, 400)

# ---- Secure cookies and the per-address limit, on a server behind TLS ----
sec = Server(sample=False, env={"STOCKTAKE_SECURE_COOKIES": "1"})
sec.user("sec@example.org")
c = Client(sec)
r = c.get("/login")
tap.check("visitor CSRF cookie is Secure with STOCKTAKE_SECURE_COOKIES=1",
          "Secure" in (cookie_header(r, "stocktake_csrf") or ""), r.headers)
r = c.login("sec@example.org", PW)
sc = cookie_header(r, "stocktake_session") or ""
tap.check("session cookie is Secure with STOCKTAKE_SECURE_COOKIES=1",
          "; Secure" in sc and "HttpOnly" in sc and "SameSite=Lax" in sc, sc)
statuses = set()
for i in range(20):
    statuses.add(Client(sec).login(f"guess{i}@example.org", "not the password").status)
tap.equal("20 failures from one address are plain refusals", statuses, {400})
r = Client(sec).login("sec@example.org", PW)
tap.equal("then the address is rate limited, even with the right password", r.status, 429)

for s in (srv, sec, reg):
    s.stop()
    log = s.server_log()
    tap.check("no sanitizer reports in the server log",
              "Sanitizer" not in log and "runtime error" not in log, log[-2000:])
tap.finish()
