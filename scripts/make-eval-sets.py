#!/usr/bin/env python3
"""make-eval-sets.py - binary (text, SDG) judgement sets for validating the mapping model
on a source it was not trained on. Reads data/training/labelled.csv and keywords.csv,
writes OUTDIR/<source>-random.csv and OUTDIR/<source>-hard.csv (id,text,sdg,label)
("trail22-all" is both TRAIL22 sources together):

  random: for each text, True for its SDG, and False for one other SDG drawn at random;
  hard:   for each SDG s, its texts (True) and as many texts of other SDGs that contain a
          keyword of s from the keyword systems (False): the near misses a keyword system
          would flag, like the negatives of published expert benchmarks.

Labels are single-label: a text may address an SDG it is not labelled with, so False is
"not the labelled SDG", which makes the figures a little pessimistic. Fixed seed.
Usage: scripts/make-eval-sets.py OUTDIR [SOURCE...]
"""
import csv
import hashlib
import random
import re
import sys

out = sys.argv[1]
sources = sys.argv[2:] or ["dpg", "trail22", "trail22-extra", "trail22-all"]
rows = list(csv.DictReader(open("data/training/labelled.csv", encoding="utf-8")))
kw = {}
for r in csv.DictReader(open("data/training/keywords.csv", encoding="utf-8")):
    k = r["keyword"].lower().strip()
    if len(k) >= 4:
        kw.setdefault(int(r["sdg"]), set()).add(k)
pat = {s: re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(ks, key=len, reverse=True)) + r")\b")
       for s, ks in kw.items()}

for src in sources:
    rng = random.Random(20251)
    # "trail22-all": both TRAIL22 files, which come from overlapping documents
    texts = [(r["text"], int(r["sdg"])) for r in rows
             if r["source"] == src or (src == "trail22-all" and r["source"].startswith("trail22"))]
    labels = {}
    for t, s in texts:
        labels.setdefault(t, set()).add(s)
    uniq = sorted(labels)
    def tid(t):
        return hashlib.md5(t.encode()).hexdigest()[:8]
    with open(f"{out}/{src}-random.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "text", "sdg", "label"])
        for t in uniq:
            for s in sorted(labels[t]):
                w.writerow([tid(t), t, s, "True"])
            others = [s for s in range(1, 18) if s not in labels[t]]
            w.writerow([tid(t), t, rng.choice(others), "False"])
    with open(f"{out}/{src}-hard.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "text", "sdg", "label"])
        low = {t: t.lower() for t in uniq}
        for s in range(1, 18):
            pos = [t for t in uniq if s in labels[t]]
            neg = [t for t in uniq if s not in labels[t] and s in pat and pat[s].search(low[t])]
            rng.shuffle(neg)
            neg = neg[:len(pos)]
            for t in pos:
                w.writerow([tid(t), t, s, "True"])
            for t in neg:
                w.writerow([tid(t), t, s, "False"])
    print(src, len(uniq), "texts")
