#!/usr/bin/env python3
"""convert-training.py - builds data/training/labelled.csv and keywords.csv from the shared
source data (../shared/data, see its SOURCES.md). Run from the repository root:

    scripts/convert-training.py /work/shared/data

The output is committed, so that the program builds, trains and tests without the shared
folder; data/training/SOURCES.md says what each file comes from and what was changed.
lexicon.csv is written by hand (see docs/mapping.md) and not touched here.
"""
import csv
import re
import sys
import unicodedata

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
out = "data/training"


def clean(t):
    t = unicodedata.normalize("NFC", t or "")
    return re.sub(r"\s+", " ", t).strip()


rows = []
seen = set()


def add(source, lang, sdg, text):
    text = clean(text)
    sdg = int(sdg)
    if not text or not 1 <= sdg <= 17:
        return
    key = (source, sdg, text)
    if key in seen:  # exact duplicates within a source say nothing new
        return
    seen.add(key)
    rows.append((source, lang, sdg, text))


for f in ("trail22_train.csv", "trail22_test.csv"):
    with open(f"{src}/sdg_text_labelled/{f}", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            add("trail22", "en", r["SDG"], r["text"])
with open(f"{src}/sdg_text_labelled/trail22_additional.tsv", newline="", encoding="utf-8") as fh:
    for r in csv.DictReader(fh, delimiter="\t"):
        if r.get("SDG") and r["SDG"].strip().isdigit():
            add("trail22-extra", "en", r["SDG"], r["text"])
with open(f"{src}/projects/dpg_candidates_sdg_evidence.csv", newline="", encoding="utf-8") as fh:
    for r in csv.DictReader(fh):
        add("dpg", "en", r["sdg"], r["evidence_text"])

with open(f"{out}/labelled.csv", "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["source", "lang", "sdg", "text"])
    w.writerows(rows)

# Keyword systems: plain keywords, and the quoted phrases of the Boolean queries.
kw = []


def addkw(system, sdg, k):
    k = clean(k).replace("*", "").strip(" \"'")
    m = re.match(r"SDG-?(\d+)", sdg)
    if not k or not m:
        return
    kw.append((system, int(m.group(1)), k))


def read(name):
    with open(f"{src}/sdg_keywords/{name}", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


for r in read("text2sdg_sdsn_queries.csv"):
    addkw("sdsn", r["sdg"], r["keyword"])
for r in read("text2sdg_sdgo_queries.csv"):
    addkw("osdg", r["sdg"], r["keyword"])
for r in read("text2sdg_siris_queries.csv"):
    addkw("siris", r["sdg"], r["keyword"])
for name, system, pat in (("text2sdg_aurora_queries.csv", "aurora", r'"([^"]+)"'),
                          ("text2sdg_elsevier_queries.csv", "elsevier", r"<([^>]+)>"),
                          ("text2sdg_auckland_queries.csv", "auckland", r"\{([^}]+)\}")):
    for r in read(name):
        for p in re.findall(pat, r["query"]):
            # single stems with a wildcard ("eradicat*") say little on their own
            if " " in p.strip() or "*" not in p:
                addkw(system, r["sdg"], p)

uniq = {}
for system, sdg, k in kw:
    uniq.setdefault((system, sdg, k.lower()), (system, sdg, k))
kw = sorted(uniq.values(), key=lambda x: (x[0], x[1], x[2].lower()))
with open(f"{out}/keywords.csv", "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["system", "sdg", "keyword"])
    for system, sdg, k in kw:
        w.writerow([system, f"{sdg}", k])

import collections
print("labelled.csv", len(rows), collections.Counter(r[0] for r in rows))
print("keywords.csv", len(kw), collections.Counter(k[0] for k in kw))
print("per SDG", sorted(collections.Counter(k[1] for k in kw).items()))
