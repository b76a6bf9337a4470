#!/usr/bin/env python3
"""gen.py - synthetic records for the import benchmark, modelled on data/sample.

    bench/import/gen.py [-n N] [--seed S] [--sample DIR] > records.jsonl

Writes N records (default 100,000) in stocktake's record format (docs/data-format.md) as
JSON Lines. The same N and seed give the same bytes. Every record imports cleanly into a
database made by `stocktake init`: countries and framework codes are real ones.

How a record is made: a real record of the sample is picked as a template, and the new
record has the same fields and the same sizes (words in the title, summary and
description; number of countries, sectors, partners) with new content:

- title, summary and description are words drawn from the sample's titles and texts with
  their frequencies (a unigram model: it reads like word salad, but it has the sample's
  word lengths, punctuation and non-ASCII letters);
- the organisation, partners, sectors and countries are drawn from those of the sample,
  with their frequencies;
- tags: SDGs with the number per record and the goal frequencies of the DPG nominees,
  an Action Line for about 60% of records with the WSIS Prizes frequencies, and for about
  a quarter of records an SDG target of one of its goals; about 10% of tags come from a
  model, with a score;
- source is "bench" and source_id is "bench-" and the record's number, so every record
  is new to the database.

Only the Python standard library is used. The sample is read from the repository
(data/sample/*.jsonl); DPG nominee lines are mapped to record fields on the way in.
"""

import argparse
import bisect
import csv
import glob
import itertools
import json
import os
import random
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

DPG_ROLE = {"funder": "funding", "implementer": "implementing"}


class Bag:
    """A multiset to draw from with the frequencies it was filled with."""

    def __init__(self):
        self.items = []
        self.index = {}
        self.counts = []

    def add(self, item, key=None):
        key = json.dumps(item, sort_keys=True) if key is None else key
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(item)
            self.counts.append(0)
        self.counts[self.index[key]] += 1

    def freeze(self):
        self.cum = list(itertools.accumulate(self.counts))
        return self

    def draw(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]

    def draw_distinct(self, rng, k):
        k = min(k, len(self.items))
        seen, out = set(), []
        while len(out) < k:
            i = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
            if i not in seen:
                seen.add(i)
                out.append(self.items[i])
        return out


def is_web_url(s):
    return (isinstance(s, str) and s.startswith(("http://", "https://"))
            and not any(c <= " " for c in s))


def dpg_as_record(d):
    """Maps a DPG nominee to the record fields this generator models."""
    r = {"title": d.get("name") or "", "language": "en"}
    if d.get("description"):
        r["description"] = d["description"]
    if is_web_url(d.get("website")):
        r["url"] = d["website"]
    orgs = [o for o in d.get("organizations") or [] if isinstance(o, dict) and o.get("name")]
    owner = next((o for o in orgs if o.get("org_type") == "owner"), orgs[0] if orgs else None)
    if owner:
        r["organisation"] = {"name": owner["name"]}
        if is_web_url(owner.get("website")):
            r["organisation"]["website"] = owner["website"]
    r["partners"] = [{"name": o["name"], "role": DPG_ROLE.get(o.get("org_type"), o.get("org_type"))}
                     for o in orgs if o is not owner]
    r["_ncountries"] = len(d.get("deployment_countries") or [])
    r["_sdgs"] = [s.get("sdg") if isinstance(s, dict) else s for s in d.get("sdgs") or []]
    return r


def read_codes(path, column):
    with open(path, newline="", encoding="utf-8") as f:
        return [row[column] for row in csv.DictReader(f)]


class Model:
    """Everything drawn from the sample."""

    def __init__(self, sample_dir, frameworks_dir):
        self.templates = []
        self.title_words, self.text_words = Bag(), Bag()
        self.orgs, self.partners, self.sectors, self.countries = Bag(), Bag(), Bag(), Bag()
        self.sdg_counts, self.sdg_goals, self.action_lines = Bag(), Bag(), Bag()
        known_countries = set(read_codes(os.path.join(frameworks_dir, "countries.csv"), "iso2"))
        self.targets = {}
        for code in read_codes(os.path.join(frameworks_dir, "sdg_targets.csv"), "code"):
            self.targets.setdefault(code.split(".")[0], []).append(code)
        known_action_lines = set(read_codes(os.path.join(frameworks_dir, "action_lines.csv"), "code"))

        for path in sorted(glob.glob(os.path.join(sample_dir, "*.jsonl"))):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    r = json.loads(line)
                    if "stage" in r and "sdgs" in r:
                        r = dpg_as_record(r)
                        sdgs = [g for g in r["_sdgs"] if isinstance(g, int) and 1 <= g <= 17]
                        self.sdg_counts.add(len(set(sdgs)))
                        for g in sdgs:
                            self.sdg_goals.add(str(g))
                    self.learn(r, known_countries, known_action_lines)
        for bag in (self.title_words, self.text_words, self.orgs, self.partners, self.sectors,
                    self.countries, self.sdg_counts, self.sdg_goals, self.action_lines):
            if not bag.items:
                sys.exit("gen.py: the sample in %s is missing a part this generator needs"
                         % sample_dir)
            bag.freeze()

    def learn(self, r, known_countries, known_action_lines):
        def words(s):
            return s.split() if isinstance(s, str) else []

        t = {
            "title": len(words(r.get("title"))),
            "summary": len(words(r.get("summary"))),
            "description": len(words(r.get("description"))),
            "countries": r.get("_ncountries", len(r.get("countries") or [])),
            "sectors": len(r.get("sectors") or []),
            "partners": len(r.get("partners") or []),
            "organisation": bool(r.get("organisation")),
        }
        if t["title"] == 0:
            return
        for k in ("stakeholder_type", "scope", "start_date", "end_date", "status", "url",
                  "language"):
            if r.get(k):
                t[k] = r[k]
        self.templates.append(t)
        for w in words(r.get("title")):
            self.title_words.add(w, w)
        for w in words(r.get("summary")) + words(r.get("description")):
            self.text_words.add(w, w)
        org = r.get("organisation")
        if org and (not org.get("country") or org["country"] in known_countries):
            self.orgs.add(org)
        for p in r.get("partners") or []:
            self.partners.add(p)
        for s in r.get("sectors") or []:
            self.sectors.add(s, s)
        for c in r.get("countries") or []:
            if c in known_countries:
                self.countries.add(c, c)
        for tag in r.get("tags") or []:
            if tag.get("scheme") == "action_line" and tag.get("code") in known_action_lines:
                self.action_lines.add(tag["code"], tag["code"])


def text(rng, bag, n, limit):
    s = " ".join(bag.draw(rng) for _ in range(n))
    if len(s) > limit:
        s = s[:limit].rsplit(" ", 1)[0]
    return s


def make_record(m, rng, i):
    t = m.templates[int(rng.random() * len(m.templates))]
    r = {"source": "bench", "source_id": "bench-%07d" % i,
         "title": text(rng, m.title_words, t["title"], 500)}
    if t["summary"]:
        r["summary"] = text(rng, m.text_words, t["summary"], 2000)
    if t["description"]:
        r["description"] = text(rng, m.text_words, t["description"], 100000)
    if t["organisation"]:
        r["organisation"] = m.orgs.draw(rng)
    if "stakeholder_type" in t:
        r["stakeholder_type"] = t["stakeholder_type"]
    if t["countries"]:
        r["countries"] = m.countries.draw_distinct(rng, min(t["countries"], 300))
    if t["sectors"]:
        r["sectors"] = m.sectors.draw_distinct(rng, t["sectors"])
    if t["partners"]:
        r["partners"] = m.partners.draw_distinct(rng, min(t["partners"], 100))
    for k in ("scope", "start_date", "end_date", "status"):
        if k in t:
            r[k] = t[k]
    if "url" in t:
        r["url"] = "/".join(t["url"].split("/")[:3]) + "/bench/%d" % i
    if "language" in t:
        r["language"] = t["language"]
    tags = [{"scheme": "sdg", "code": g}
            for g in m.sdg_goals.draw_distinct(rng, m.sdg_counts.draw(rng))]
    if rng.random() < 0.6:
        tags.append({"scheme": "action_line", "code": m.action_lines.draw(rng)})
    if tags and tags[0]["scheme"] == "sdg" and rng.random() < 0.25:
        goal = tags[0]["code"]
        if m.targets.get(goal):
            tags.append({"scheme": "sdg_target", "code": rng.choice(m.targets[goal])})
    for tag in tags:
        if rng.random() < 0.1:
            tag["origin"] = "model"
            tag["score"] = round(rng.random(), 3)
    if tags:
        r["tags"] = tags
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100000, help="records to write (default 100000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--sample", default=os.path.join(REPO, "data", "sample"),
                    help="folder of *.jsonl sample files (default data/sample)")
    ap.add_argument("--frameworks", default=os.path.join(REPO, "data", "frameworks"),
                    help="folder of the framework CSV files (default data/frameworks)")
    args = ap.parse_args()

    model = Model(args.sample, args.frameworks)
    rng = random.Random(args.seed)
    out = sys.stdout
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for i in range(1, args.n + 1):
        out.write(dumps(make_record(model, rng, i)))
        out.write("\n")


if __name__ == "__main__":
    main()
