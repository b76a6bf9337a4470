#!/usr/bin/env python3
"""validate-extras.py - two measurements of docs/mapping.md ("third round") that need the
shared source data and are simulated outside the engine, to decide whether building them
into it is worth it:

  queries: the text2sdg Boolean queries (Aurora, Elsevier, Auckland: AND, OR, NOT, phrases,
           wildcards; W/n and PRE/n read as AND) as a second vote next to the model, on the
           validate-model sets (each source scored by a model trained without it);
  windows: long texts scored as a whole and as windows of N sentences (combined by max,
           mean), with the committed model, on World Bank project abstracts (SDGs from the
           Bank's themes) and DPG product descriptions (the SDGs their owners declare).

Usage (from the repository root, after make):
  scripts/validate-extras.py [SHARED_DATA_DIR] [PROGRAM]
SHARED_DATA_DIR defaults to ../shared/data, PROGRAM to build/stocktake. Standard library
only; fixed seeds. About two minutes.
"""
import collections
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
prog = sys.argv[2] if len(sys.argv) > 2 else "build/stocktake"

# --- the Boolean queries -----------------------------------------------------------------

TOK = re.compile(r'\s*(<[^>]*>|\{[^}]*\}|"[^"]*"|\(|\)|W/\d+|PRE/\d+|AND NOT|AND|OR|NOT'
                 r'|[^\s()<>{}"]+)')


def term_re(t):
    words = t.strip().lower().split()
    if not words:
        return None
    parts = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words]
    return re.compile(r"\b" + r"[\s-]+".join(parts) + r"\b")


def compile_query(q):
    """A function text -> bool for one query (precedence: NOT, AND, OR)."""
    toks = [m.group(1) for m in TOK.finditer(q)]
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        pos[0] += 1
        return toks[pos[0] - 1]

    def atom():
        t = take()
        if t == "(":
            e = disj()
            if peek() == ")":
                take()
            return e
        if t.upper() == "NOT":
            a = atom()
            return lambda s: not a(s)
        r = term_re(t.strip('<>{}"'))
        return (lambda s: bool(r.search(s))) if r else (lambda s: False)

    def conj():
        a = atom()
        while peek() and (peek().upper() in ("AND", "AND NOT", "NOT")
                          or re.match(r"(W|PRE)/\d+", peek())):
            op = take().upper()
            b = atom()
            if "NOT" in op:
                a = (lambda x, y: lambda s: x(s) and not y(s))(a, b)
            else:
                a = (lambda x, y: lambda s: x(s) and y(s))(a, b)
        return a

    def disj():
        a = conj()
        while peek() and peek().upper() == "OR":
            take()
            b = conj()
            a = (lambda x, y: lambda s: x(s) or y(s))(a, b)
        return a

    return disj()


queries = []
for name in ("aurora", "elsevier", "auckland"):
    with open(f"{shared}/sdg_keywords/text2sdg_{name}_queries.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            sdg = int(re.match(r"SDG-?(\d+)", r["sdg"]).group(1))
            queries.append((name, sdg, compile_query(r["query"])))


def systems_hit(text, sdg):
    low = text.lower()
    return len({name for name, s, q in queries if s == sdg and q(low)})


def run_map(model, texts):
    """{id: [17 SDG scores]} for {id: text}, by `map --jsonl`."""
    inp = "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in texts.items())
    p = subprocess.run([prog, "map", "--jsonl", "--model", model], input=inp.encode(),
                       capture_output=True, check=True)
    out = {}
    for line in p.stdout.decode().splitlines():
        o = json.loads(line)
        out[o["id"]] = [o["scores"]["sdg"][str(s)] for s in range(1, 18)]
    return out


def figures(judgements, decide):
    """Mean accuracy over SDGs and the weakest SDG (with at least 8 judgements)."""
    per = collections.defaultdict(lambda: [0, 0])
    for j in judgements:
        per[j[1]][0] += decide(j) == j[2]
        per[j[1]][1] += 1
    acc = {s: a / n for s, (a, n) in per.items()}
    low = min((a, s) for s, a in acc.items() if per[s][1] >= 8)
    return f"{100 * sum(acc.values()) / len(acc):5.1f} (SDG {low[1]} {100 * low[0]:.0f})"


tmp = tempfile.mkdtemp(prefix="stocktake-extras-")
subprocess.run(["scripts/make-eval-sets.py", tmp], check=True, capture_output=True)
runs = [("DPG", ["dpg"], "dpg"),
        ("TRAIL22 both", ["trail22", "trail22-extra"], "trail22-all"),
        ("TRAIL22 extra", ["trail22-extra"], "trail22-extra")]
rules = [("model alone", lambda sc, h: sc),
         ("score at least 0.6 when 1+ systems match", lambda sc, h: max(sc, 0.6) if h >= 1 else sc),
         ("score at least 0.6 when 2+ systems match", lambda sc, h: max(sc, 0.6) if h >= 2 else sc),
         ("+0.1 per matching system", lambda sc, h: sc + 0.1 * h),
         ("+0.2 per matching system", lambda sc, h: sc + 0.2 * h),
         ("no match and score < 0.6: no", lambda sc, h: sc if h or sc >= 0.6 else 0)]
table = {name: [] for name, _ in rules}
for label, holdout, test in runs:
    model = f"{tmp}/m.bin"
    args = [prog, "model", "train", "-o", model]
    for h in holdout:
        args += ["--holdout", h]
    subprocess.run(args, check=True, capture_output=True)
    for kind in ("random", "hard"):
        with open(f"{tmp}/{test}-{kind}.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        texts = {r["id"]: r["text"] for r in rows}
        scores = run_map(model, texts)
        js = [(r["id"], int(r["sdg"]), r["label"] == "True",
               systems_hit(r["text"], int(r["sdg"]))) for r in rows]
        for name, rule in rules:
            table[name].append(figures(js, lambda j, rule=rule:
                                       rule(scores[j[0]][j[1] - 1], j[3]) >= 0.5))
print("queries: mean accuracy (weakest SDG), each source scored by a model trained without it")
print(f"{'':42}" + "".join(f"{f'{label} {k}':22}" for label, _, _ in runs
                           for k in ("random", "hard")))
for name, cells in table.items():
    print(f"{name:42}" + "".join(f"{c:22}" for c in cells))

# --- long texts --------------------------------------------------------------------------

WB_THEMES = {54: 1, 53: 1, 87: 1, 68: 2, 91: 2, 67: 3, 63: 3, 69: 3, 88: 3, 89: 3, 64: 3,
             92: 3, 93: 3, 65: 4, 66: 4, 59: 5, 85: 6, 51: 8, 41: 8, 39: 9, 48: 9, 60: 10,
             71: 11, 74: 11, 73: 11, 81: 13, 52: 13, 80: 15, 29: 16, 25: 16, 58: 16, 31: 16,
             32: 16, 57: 16, 49: 17, 47: 17, 21: 17, 28: 17, 42: 17}
items = []
with open(f"{shared}/projects/dpg_candidates.jsonl", encoding="utf-8") as fh:
    for line in fh:
        o = json.loads(line)
        t = " ".join((o.get("description") or "").split())
        s = {x["sdg"] for x in o.get("sdgs") or []
             if isinstance(x, dict) and isinstance(x.get("sdg"), int)}
        if len(t.split()) >= 40 and s:
            items.append(("DPG product descriptions", t, s))
with open(f"{shared}/projects/world_bank_projects_500.csv", encoding="utf-8") as fh:
    for r in csv.DictReader(fh):
        a = " ".join(r["abstract"].split())
        s = {WB_THEMES[int(m.group(1))] for m in re.finditer(r"(\d+):", r["themes"])
             if int(m.group(1)) in WB_THEMES}
        if len(a.split()) >= 40 and s:
            items.append(("World Bank abstracts", r["project_name"] + ". " + a, s))


def windows(t, n):
    sents = [x for x in re.split(r"(?<=[.!?;])\s+", t) if x.strip()]
    if len(sents) <= n:
        return [t]
    return [" ".join(sents[i:i + n]) for i in range(len(sents) - n + 1)]


combos = [("whole text", lambda w, ws: w),
          ("max over windows", lambda w, ws: max(ws)),
          ("mean of whole text and max over windows", lambda w, ws: (w + max(ws)) / 2)]
print("\nwindows: mean accuracy (weakest SDG), committed model, random negatives")
for n in (2, 3):
    texts = {}
    for k, (_, t, _) in enumerate(items):
        texts[f"{k}:w"] = t
        for j, w in enumerate(windows(t, n)):
            texts[f"{k}:{j}"] = w
    scores = run_map("data/model/stocktake-map.bin", texts)
    wins = collections.defaultdict(list)
    for i, v in scores.items():
        if not i.endswith(":w"):
            wins[int(i.split(":")[0])].append(v)
    rng = random.Random(20251)
    for src in ("DPG product descriptions", "World Bank abstracts"):
        js = []
        for k, (s_, _, sdgs) in enumerate(items):
            if s_ != src:
                continue
            for s in sorted(sdgs):
                js.append((k, s, True))
            js.append((k, rng.choice([s for s in range(1, 18) if s not in sdgs]), False))
        for name, f in combos:
            def decide(j, f=f):
                ws = [v[j[1] - 1] for v in wins[j[0]]]
                return f(scores[f"{j[0]}:w"][j[1] - 1], ws) >= 0.5
            print(f"  {src:26} windows of {n} sentences  {name:40} {figures(js, decide)}")
subprocess.run(["rm", "-rf", tmp], check=True)
