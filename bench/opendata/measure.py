#!/usr/bin/env python3
"""measure.py - the measurements of bench/opendata/run (standard library only).

    measure.py fetch URL PID     GET URL (again while it answers 503), reading the body as
                                 it comes; prints
                                 "seconds bytes rows rss_before_kib rss_peak_kib" where the
                                 RSS is process PID's (VmRSS, sampled every 20 ms)
    measure.py run CMD...        runs CMD with its output read through a pipe; prints
                                 "seconds bytes rows peak_rss_kib" (the child's ru_maxrss)

rows counts newlines (the CSV's header included; a quoted field with a newline counts too,
the same way for every program measured)."""
import http.client
import os
import sys
import threading
import time
import urllib.parse


def rss(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fetch(url, pid):
    u = urllib.parse.urlsplit(url)
    before = rss(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss(pid))
            time.sleep(0.02)

    t = threading.Thread(target=sample)
    t.start()
    t0 = time.monotonic()
    while True:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        conn.request("GET", u.path)
        r = conn.getresponse()
        if r.status != 503:
            break
        # the spreadsheet is being written: ask again as Retry-After says (counted in the time)
        r.read()
        conn.close()
        time.sleep(min(float(r.getheader("Retry-After") or 5), 5))
    if r.status != 200:
        sys.exit("measure: %s answered %d" % (url, r.status))
    n = rows = 0
    while True:
        chunk = r.read(1 << 16)
        if not chunk:
            break
        n += len(chunk)
        rows += chunk.count(b"\n")
    secs = time.monotonic() - t0
    done.set()
    t.join()
    print("%.2f %d %d %d %d" % (secs, n, rows, before, peak[0]))


def run(cmd):
    t0 = time.monotonic()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(w, 1)
        os.close(r)
        os.close(w)
        os.execvp(cmd[0], cmd)
    os.close(w)
    n = rows = 0
    while True:
        chunk = os.read(r, 1 << 16)
        if not chunk:
            break
        n += len(chunk)
        rows += chunk.count(b"\n")
    _, status, ru = os.wait4(pid, 0)
    secs = time.monotonic() - t0
    if status:
        sys.exit("measure: %s failed (%d)" % (" ".join(cmd), status))
    print("%.2f %d %d %d" % (secs, n, rows, ru.ru_maxrss))


if sys.argv[1] == "fetch":
    fetch(sys.argv[2], int(sys.argv[3]))
else:
    run(sys.argv[2:])
