"""harness.py - HTTP tests against a real `stocktake serve` on a loopback port.

A test file does:

    from harness import Server, Client, tap
    srv = Server()                      # a fresh database with the frameworks and samples
    c = Client(srv)                     # a browser-like client with a cookie jar
    r = c.get("/")
    tap.check("home answers", r.status == 200, r.text[:200])
    tap.finish()                        # prints "1..N" and exits non-zero on a failure

It prints TAP ("ok N - name" / "not ok N - name"), which scripts/run-tests counts. The
program under test is $STOCKTAKE; the server is stopped with SIGTERM at the end.
"""
import atexit
import html.parser
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROGRAM = os.environ.get("STOCKTAKE", os.path.join(ROOT, "build", "stocktake"))


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        self.n += 1
        if ok:
            print(f"ok {self.n} - {name}")
        else:
            self.failed += 1
            print(f"not ok {self.n} - {name}")
            for line in str(detail).splitlines()[:20]:
                print(f"# {line}")
        sys.stdout.flush()
        return ok

    def equal(self, name, got, want):
        return self.check(name, got == want, f"want: {want!r}\ngot:  {got!r}")

    def finish(self):
        print(f"1..{self.n}")
        sys.exit(1 if self.failed else 0)


tap = Tap()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(*args, check=True, db=None, input=None):
    """Runs the program (with --db db when given); returns CompletedProcess."""
    cmd = [PROGRAM] + (["--db", db] if db else []) + list(args)
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, input=input)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
    return p


class Server:
    """A stocktake server on a free loopback port with its own database; env adds
    environment variables for the server only (e.g. {"STOCKTAKE_SECURE_COOKIES": "1"})."""

    def __init__(self, sample=True, extra_args=(), env=None):
        self.dir = tempfile.mkdtemp(prefix="stocktake-http-")
        atexit.register(shutil.rmtree, self.dir, True)
        self.db = os.path.join(self.dir, "t.db")
        run("init", db=self.db)
        if sample:
            run("import", "--state", "published", "data/sample/wsis_prizes_2015.jsonl",
                "data/sample/worldbank.jsonl", "data/sample/dpg_candidates.jsonl", db=self.db)
        self.port = free_port()
        self.log = open(os.path.join(self.dir, "server.log"), "w+")
        self.proc = subprocess.Popen(
            [PROGRAM, "--db", self.db, "serve", "--listen", f"127.0.0.1:{self.port}",
             "--threads", "4"] + list(extra_args),
            cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, text=True,
            env=dict(os.environ, **(env or {})))
        atexit.register(self.stop)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            self.stop()
            raise RuntimeError(f"server did not start: {line!r} {self.server_log()}")

    def server_log(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def cli(self, *args, check=True, input=None):
        return run(*args, db=self.db, check=check, input=input)

    def user(self, email, role="submitter", password="correct horse battery"):
        """Creates an account through the CLI; returns the password."""
        self.cli("user", "add", email, "--role", role, "--password-stdin", input=password + "\n")
        return password


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value), names lower case
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k == name:
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k == name.lower()]

    def json(self):
        return json.loads(self.text)


class _Forms(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._cur = None
        self._select = None
        self._textarea = None
        self._first_option = False

    # What a browser would send: checked boxes and radios only, the selected option of a
    # select (or its first), the text of a textarea. Repeated names keep the last value.
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._cur = {"action": a.get("action", ""), "method": a.get("method", "get"),
                         "fields": {}}
            self.forms.append(self._cur)
            self._select = self._textarea = None
        elif self._cur is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "image", "reset"):
                return
            self._cur["fields"][a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._first_option = True
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if "selected" in a or self._first_option:
                self._cur["fields"][self._select] = value
            self._first_option = False
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._cur["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._cur is not None and getattr(self, "_textarea", None):
            self._cur["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._cur = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms(text):
    """The forms of a page: [{"action", "method", "fields": {name: value}}]."""
    p = _Forms()
    p.feed(text)
    return p.forms


class Client:
    """A client that keeps cookies like a browser (per name, no expiry handling)."""

    def __init__(self, server, lang=None):
        self.server = server
        self.cookies = {}
        self.lang = lang

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.lang:
            h.setdefault("Accept-Language", self.lang)
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body, doseq=True)
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif isinstance(body, (list, tuple)):
            body = urllib.parse.urlencode(body)
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        headers = [(k.lower(), v) for k, v in r.getheaders()]
        conn.close()
        for k, v in headers:
            if k == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v or value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return Response(r.status, headers, data)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, body=fields, headers=headers)

    def csrf(self, path="/"):
        """The CSRF token a form on path carries (fetching the page)."""
        r = self.get(path)
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        return m.group(1) if m else None

    def submit(self, path, fields, form_action=None):
        """Fetches path, fills its form (the one posting to form_action, else the first
        POST form) with fields, and posts it; returns the response."""
        page = self.get(path)
        fs = [f for f in forms(page.text) if f["method"].lower() == "post" and
              (form_action is None or f["action"] == form_action)]
        if not fs:
            raise RuntimeError(f"no POST form on {path}")
        data = dict(fs[0]["fields"])
        data.update(fields)
        return self.post(fs[0]["action"] or path, data)

    def login(self, email, password):
        return self.submit("/login", {"email": email, "password": password})


def db(srv, sql, *args):
    """Runs sql on the server's database (committing what it writes); returns the rows."""
    con = sqlite3.connect(srv.db, timeout=10)
    try:
        rows = con.execute(sql, args).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def one(srv, sql, *args):
    """The first column of the first row of sql, or None."""
    rows = db(srv, sql, *args)
    return rows[0][0] if rows else None


def login(srv, email, role="submitter", password="correct horse battery"):
    """Creates an account with role and returns a Client logged in to it."""
    srv.user(email, role, password)
    c = Client(srv)
    r = c.login(email, password)
    if r.status != 303:
        raise RuntimeError(f"log-in of {email} failed: {r.status}")
    return c


def post_form(c, path, fields, csrf="page", page=None):
    """Posts fields to path with the CSRF token of the page that has the form (csrf="page":
    page, else path itself), with none (csrf=None) or with a given one."""
    data = dict(fields)
    if csrf == "page":
        data["csrf"] = c.csrf(page or path)
    elif csrf is not None:
        data["csrf"] = csrf
    return c.post(path, data)
