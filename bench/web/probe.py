#!/usr/bin/env python3
"""probe.py - the HTTP requests bench/web/run makes outside wrk (standard library only).

    probe.py ready URL [TIMEOUT]       wait for the search index, print its timings
    probe.py check BASE PATH...        GET each path once; print status, bytes, seconds
    probe.py save URL FILE             GET URL, write the body to FILE
    probe.py median BASE ROUNDS PATH...  median seconds of one GET at a time

ready: the server loads its search index on a thread of its own at start-up and a search
arriving earlier waits for it, so the first GET of URL (/api/v1/facets) returns when the
index is loaded. Prints "first=SECONDS" (that first request) and "quick=SECONDS" (the first
of the following requests that takes under 0.2 s; up to TIMEOUT seconds, default 120, of
trying), and fails if none is quick by then.

check: prints one line per path, "STATUS BYTES SECONDS PATH", and fails when any status is
not 200, so a benchmark never measures error pages. With "-" as the only path, the paths are
read from standard input, one a line (for median too).

median: GETs every path in turn, ROUNDS times, one request at a time, and prints the median
of all the times in seconds: the latency of a server with nothing else to do, which is the
work of one request plus the loopback (and this client's own overhead, a fraction of a
millisecond).
"""

import sys
import time
import urllib.error
import urllib.request


def get(url, timeout=120):
    """GET url; returns (status, body, seconds). A 4xx or 5xx is a status, not an error."""
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body, status = r.read(), r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    return status, body, time.monotonic() - t0


def ready(url, limit):
    status, _, first = get(url, timeout=limit)
    if status != 200:
        sys.exit(f"probe: {url} answered {status}")
    deadline = time.monotonic() + limit
    while True:
        status, _, secs = get(url)
        if status == 200 and secs < 0.2:
            print(f"first={first:.3f} quick={secs:.3f}")
            return
        if time.monotonic() > deadline:
            sys.exit(f"probe: {url} still takes {secs:.3f} s (status {status})")
        time.sleep(0.1)


def check(base, paths):
    bad = 0
    for path in paths:
        status, body, secs = get(base + path)
        print(f"{status} {len(body)} {secs:.4f} {path}")
        bad += status != 200
    if bad:
        sys.exit(f"probe: {bad} of {len(paths)} paths did not answer 200")


def median(base, rounds, paths):
    times = []
    for _ in range(rounds):
        for path in paths:
            status, _, secs = get(base + path)
            if status != 200:
                sys.exit(f"probe: {path} answered {status}")
            times.append(secs)
    times.sort()
    print(f"{times[len(times) // 2]:.4f}")


def read_paths(paths):
    if paths == ["-"]:
        return [l.strip() for l in sys.stdin if l.strip()]
    return paths


def main(argv):
    if len(argv) >= 3 and argv[1] == "ready":
        ready(argv[2], float(argv[3]) if len(argv) > 3 else 120.0)
    elif len(argv) >= 4 and argv[1] == "check":
        check(argv[2], read_paths(argv[3:]))
    elif len(argv) >= 5 and argv[1] == "median":
        median(argv[2], int(argv[3]), read_paths(argv[4:]))
    elif len(argv) == 4 and argv[1] == "save":
        status, body, _ = get(argv[2])
        if status != 200:
            sys.exit(f"probe: {argv[2]} answered {status}")
        with open(argv[3], "wb") as f:
            f.write(body)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
