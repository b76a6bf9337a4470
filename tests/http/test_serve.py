#!/usr/bin/env python3
"""test_serve.py - starting the server the way the issues and the README write it.

`stocktake serve --db PATH --listen 127.0.0.1:PORT` (the database named after the command, as
issue 3's acceptance interface has it) answers on / once it prints "listening on"; port 0
picks a free port and the line names it; `--db` before the command works as before.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PROGRAM, ROOT, free_port, run, tap  # noqa: E402

tmp = tempfile.mkdtemp(prefix="stocktake-serve-")
db = os.path.join(tmp, "t.db")
run("init", db=db)


def serve(args):
    """Starts the program with args; returns (process, its first line of output)."""
    p = subprocess.Popen([PROGRAM] + args, cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    return p, p.stdout.readline()


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return p.stderr.read()


def home(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status


port = free_port()
p, line = serve(["serve", "--db", db, "--listen", f"127.0.0.1:{port}"])
ok = f"listening on http://127.0.0.1:{port}/" in line and f"database {db}" in line
tap.check("serve --db PATH --listen ADDR:PORT starts on that database", ok, line)
tap.equal("and answers on / once it says so", home(f"http://127.0.0.1:{port}/") if ok else None,
          200)
err = stop(p)
tap.equal("SIGTERM stops it cleanly", p.returncode, 0)

p, line = serve(["--db", db, "serve", "--listen", "127.0.0.1:0"])
m = re.search(r"listening on (http://127\.0\.0\.1:(\d+)/)", line)
tap.check("--listen 127.0.0.1:0 picks a free port and names it", m and m.group(2) != "0", line)
tap.equal("which answers", home(m.group(1)) if m else None, 200)
stop(p)

p, line = serve(["serve", "--db", os.path.join(tmp, "missing.db"), "--listen", "127.0.0.1:0"])
err = stop(p)
tap.check("serve --db with no database there refuses to start, saying why",
          p.returncode == 1 and line == "" and "no database at" in err, (p.returncode, err))
tap.finish()
