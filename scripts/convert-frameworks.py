#!/usr/bin/env python3
"""Convert the shared source data into stocktake's reference-framework files.

Usage:  scripts/convert-frameworks.py [SOURCE_DATA_DIR]

SOURCE_DATA_DIR defaults to ../shared/data relative to the repository root
(the parent of this script's directory).  Output goes to data/frameworks/ in
the repository.  Python 3 standard library only.

The script is deterministic: the same input always gives byte-identical output.
It stops with a non-zero exit status on any inconsistency in the sources
(unexpected row counts, missing translations, unknown codes, corrections that
no longer match the source text, ...).
"""

import csv
import io
import json
import os
import re
import sys
import unicodedata
from collections import Counter, OrderedDict

LANGS = ["en", "fr", "es", "ru", "ar", "zh"]
# column suffix used by the open-sdg multilingual files for each output language
SDG_ML_SUFFIX = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh": "zh-Hans"}
# file suffix of the UNSD M49 exports for each output language
M49_FILE_SUFFIX = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh": "cn"}

EXPECTED = {
    "sdg_goals.csv": 17,
    "sdg_targets.csv": 169,
    "sdg_indicators.csv": 251,
    "action_lines.csv": 19,
    "gdc_objectives.csv": 5,
    "countries.csv": 249,
    "m49_regions.csv": 30,
    "itu_regions.csv": 6,
}


class ConversionError(Exception):
    pass


def fail(msg):
    raise ConversionError(msg)


def check(cond, msg):
    if not cond:
        fail(msg)


# ---------------------------------------------------------------------------
# Reading and cleaning
# ---------------------------------------------------------------------------

WS_RE = re.compile(r"[ \t\r\n]+")


class Stats:
    whitespace_fixed = set()  # distinct source strings changed by whitespace cleaning
    nfc_fixed = set()  # distinct source strings that were not in Unicode NFC


def clean(text):
    """Normalise to Unicode NFC, collapse runs of ASCII whitespace (incl. newlines), strip."""
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        Stats.nfc_fixed.add(text)
    out = WS_RE.sub(" ", nfc).strip()
    if out != nfc:
        Stats.whitespace_fixed.add(text)
    return out


def read_csv(path, header):
    with open(path, "rb") as f:
        raw = f.read()
    check(not raw.startswith(b"\xef\xbb\xbf"), "%s: unexpected UTF-8 BOM" % path)
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(rows, "%s: empty file" % path)
    check(rows[0] == header, "%s: header %r, expected %r" % (path, rows[0], header))
    out = []
    for i, r in enumerate(rows[1:], start=2):
        check(len(r) == len(header), "%s line-record %d: %d fields, expected %d" % (path, i, len(r), len(header)))
        out.append(OrderedDict(zip(header, r)))
    return out


def read_json(path):
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f)


def write_csv(outdir, name, header, rows):
    expected = EXPECTED.get(name)
    if expected is not None:
        check(len(rows) == expected, "%s: %d rows, expected %d" % (name, len(rows), expected))
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        check(len(r) == len(header), "%s: row %r has wrong width" % (name, r))
        for v in r:
            check(isinstance(v, str), "%s: non-string value %r" % (name, v))
            check("\r" not in v and "\n" not in v, "%s: newline inside value %r" % (name, v))
        w.writerow(r)
    write_text(outdir, name, buf.getvalue())
    return len(rows)


def write_text(outdir, name, text):
    path = os.path.join(outdir, name)
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------
# Documented corrections of source defects.  Each one is applied only if the
# source still holds exactly the "old" text; otherwise the script fails, so a
# corrected upstream is noticed rather than silently overwritten.
# ---------------------------------------------------------------------------

GOAL_SHORT_FIXES = [
    # (goal, lang, old, new, reason)
    ("8", "fr", "Travaux décent et croissance économique", "Travail décent et croissance économique",
     "typo in source ('Travaux décent'); UN French short name is 'Travail décent ...'"),
    ("8", "ru", "Достойна работа и экономический рост", "Достойная работа и экономический рост",
     "typo in source (missing letter: 'Достойна' -> 'Достойная')"),
    ("9", "zh", "创业、创新和基础设施", "产业、创新和基础设施",
     "source has 创业 (entrepreneurship); UN Chinese short name is 产业 (industry)"),
    ("17", "zh", "促进目标现实的伙伴关系", "促进目标实现的伙伴关系",
     "transposed characters in source (现实 'reality' -> 实现 'achieve')"),
]

TARGET_FIXES = [
    # (code, lang, old_suffix_or_text, new, reason) -- applied as exact str.replace once
    ("14.6", "en", "fisheries subsidies negotiation3", "fisheries subsidies negotiation",
     "footnote marker '3' left at the end of the English text"),
]

INDICATOR_FIXES = [
    ("14.1.1", "ru", "плотность лома пластмасс+B246", "плотность лома пластмасс",
     "spreadsheet artefact '+B246' at the end of the Russian text"),
    ("5.2.2", "es", "últimos12", "últimos 12",
     "missing space in the Spanish text"),
]

COUNTRY_NAME_FIXES = [
    # (M49 code, lang, old, new, reason)
    ("384", "en", "Ivory Coast", "Côte d’Ivoire",
     "the English M49 export in this snapshot says 'Ivory Coast'; the UN/M49 English name is "
     "'Côte d’Ivoire' (as in the fr/es files and the country's own request)"),
    ("010", "ru", "Антарктике", "Антарктика",
     "the Russian file has the prepositional case ('Антарктике', 'in Antarctica'); nominative is 'Антарктика'"),
]


def apply_fix(value, old, new, where):
    check(value.count(old) == 1, "correction for %s no longer matches the source text "
          "(expected exactly one %r in %r)" % (where, old, value))
    return value.replace(old, new)


# ---------------------------------------------------------------------------
# SDGs
# ---------------------------------------------------------------------------

def target_sort_key(code):
    g, t = code.split(".")
    return (int(g), 0 if t.isdigit() else 1, int(t) if t.isdigit() else t)


def dash_norm(s):
    """Normalise typographic hyphens/dashes and whitespace for comparing texts."""
    s = re.sub("[\u2010\u2011\u2012\u2013\u2014\u2212]", "-", s)
    return WS_RE.sub(" ", s).strip()


def convert_sdgs(src, out, report):
    goals_en = read_csv(os.path.join(src, "sdg/sdg_goals_en.csv"), ["goal", "title"])
    ml_hdr = ["goal"] + ["short_" + SDG_ML_SUFFIX[l] for l in LANGS] + ["title_" + SDG_ML_SUFFIX[l] for l in LANGS]
    goals_ml = read_csv(os.path.join(src, "sdg/sdg_goals_multilingual.csv"), ml_hdr)
    check([r["goal"] for r in goals_en] == [str(i) for i in range(1, 18)], "sdg_goals_en: goals are not 1..17 in order")
    gml = {r["goal"]: r for r in goals_ml}
    check(sorted(gml, key=int) == [str(i) for i in range(1, 18)] and len(goals_ml) == 17,
          "sdg_goals_multilingual: goals are not exactly 1..17")

    short_fix = {(g, l): (old, new) for g, l, old, new, _ in GOAL_SHORT_FIXES}
    goal_rows = []
    for r in goals_en:
        g = r["goal"]
        m = gml[g]
        title_en = clean(r["title"])
        check(title_en, "goal %s: empty English title" % g)
        if dash_norm(m["title_en"]) != dash_norm(title_en):
            fail("goal %s: English title in multilingual file differs from official list:\n  %r\n  %r"
                 % (g, m["title_en"], title_en))
        shorts, titles = [], []
        for l in LANGS:
            s = clean(m["short_" + SDG_ML_SUFFIX[l]])
            if (g, l) in short_fix:
                s = apply_fix(s, short_fix[(g, l)][0], short_fix[(g, l)][1], "goal %s short_%s" % (g, l))
            check(s, "goal %s: missing short name (%s)" % (g, l))
            shorts.append(s)
            t = title_en if l == "en" else clean(m["title_" + SDG_ML_SUFFIX[l]])
            check(t, "goal %s: missing title (%s)" % (g, l))
            titles.append(t)
        goal_rows.append([g] + shorts + titles)
    write_csv(out, "sdg_goals.csv", ["code"] + ["short_" + l for l in LANGS] + ["title_" + l for l in LANGS], goal_rows)
    goal_codes = [r[0] for r in goal_rows]

    # ---- targets
    targets_en = read_csv(os.path.join(src, "sdg/sdg_targets_en.csv"), ["goal", "target", "title"])
    t_hdr = ["code"] + ["title_" + SDG_ML_SUFFIX[l] for l in LANGS]
    targets_ml = read_csv(os.path.join(src, "sdg/sdg_targets_multilingual.csv"), t_hdr)
    tml = {}
    for r in targets_ml:
        check(r["code"] not in tml, "sdg_targets_multilingual: duplicate code %s" % r["code"])
        tml[r["code"]] = r
    tfix = {(c, l): (old, new) for c, l, old, new, _ in TARGET_FIXES}
    target_rows = []
    seen = set()
    target_re = re.compile(r"^([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])$")
    for r in targets_en:
        code = r["target"]
        mt = target_re.match(code)
        check(mt and mt.group(1) == r["goal"], "sdg_targets_en: bad target code %r for goal %r" % (code, r["goal"]))
        check(code not in seen, "sdg_targets_en: duplicate target %s" % code)
        seen.add(code)
        check(code in tml, "target %s: not in multilingual file" % code)
        titles = []
        for l in LANGS:
            t = clean(r["title"]) if l == "en" else clean(tml[code]["title_" + SDG_ML_SUFFIX[l]])
            if (code, l) in tfix:
                t = apply_fix(t, tfix[(code, l)][0], tfix[(code, l)][1], "target %s %s" % (code, l))
            # the source claims no missing cells: enforce it
            check(t, "target %s: missing title (%s)" % (code, l))
            titles.append(t)
        if dash_norm(clean(tml[code]["title_en"])) != dash_norm(titles[0]):
            fail("target %s: English text differs between official and multilingual file:\n  %r\n  %r"
                 % (code, titles[0], tml[code]["title_en"]))
        target_rows.append([code, r["goal"]] + titles)
    check(set(tml) == seen, "targets in multilingual file but not in official list: %s" % sorted(set(tml) - seen))
    check([r[0] for r in target_rows] == sorted(seen, key=target_sort_key), "sdg_targets_en: targets not in canonical order")
    write_csv(out, "sdg_targets.csv", ["code", "goal"] + ["title_" + l for l in LANGS], target_rows)
    target_codes = [r[0] for r in target_rows]

    # ---- indicators
    ind = read_csv(os.path.join(src, "sdg/sdg_indicators_en_2025.csv"),
                   ["goal", "target", "indicator", "title", "unsd_code", "repeated_text"])
    check(len(ind) == 251, "sdg_indicators_en_2025: %d rows, expected 251" % len(ind))
    iml_rows = read_csv(os.path.join(src, "sdg/sdg_indicators_multilingual.csv"), t_hdr)
    iml = {}
    for r in iml_rows:
        check(r["code"] not in iml, "sdg_indicators_multilingual: duplicate code %s" % r["code"])
        iml[r["code"]] = r
    ifix = {(c, l): (old, new) for c, l, old, new, _ in INDICATOR_FIXES}
    ind_re = re.compile(r"^([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])\.([1-9][0-9]?)$")
    unsd_re = re.compile(r"^C[0-9]{2}([0-9]{2}|0[a-z])[0-9]{2}$")
    text_groups = {}
    ind_rows = []
    by_code = OrderedDict()
    for r in ind:
        code = r["indicator"]
        m = ind_re.match(code)
        check(m is not None, "indicator: bad code %r" % code)
        check(code.rsplit(".", 1)[0] == r["target"] and r["target"].split(".")[0] == r["goal"],
              "indicator %s: goal/target columns inconsistent (%s, %s)" % (code, r["goal"], r["target"]))
        check(r["target"] in seen, "indicator %s: unknown target %s" % (code, r["target"]))
        check(unsd_re.match(r["unsd_code"]) is not None, "indicator %s: bad unsd_code %r" % (code, r["unsd_code"]))
        check(r["repeated_text"] in ("0", "1"), "indicator %s: bad repeated_text %r" % (code, r["repeated_text"]))
        text_groups.setdefault(clean(r["title"]), []).append(r)
        if code in by_code:
            # same code under several targets: keep the first row (none in the 2025 list)
            report["indicator_code_repeats"].append(code)
            continue
        by_code[code] = r
    # repeated_text must agree with the actual repetition of the text
    for title, grp in text_groups.items():
        flag = "1" if len(grp) > 1 else "0"
        for r in grp:
            check(r["repeated_text"] == flag, "indicator %s: repeated_text=%s but text occurs %d times"
                  % (r["indicator"], r["repeated_text"], len(grp)))
        if len(grp) > 1:
            check(len({r["unsd_code"] for r in grp}) == 1, "repeated indicator text with different unsd_codes: %s"
                  % [r["indicator"] for r in grp])
            report["indicator_repeated_texts"].append([r["indicator"] for r in grp])
    report["indicator_distinct_texts"] = len(text_groups)

    for code, r in by_code.items():
        title_en = clean(r["title"])
        check(title_en, "indicator %s: empty English title" % code)
        others = [""] * 5
        m = iml.get(code)
        if m is None:
            report["indicator_not_in_ml"].append(code)
        elif dash_norm(m["title_en"]) != dash_norm(title_en):
            # The multilingual file is the pre-2025 list: where the English text was revised
            # its translations describe the old indicator, so they are not used.
            report["indicator_stale_translation"].append(code)
        else:
            others = []
            for l in LANGS[1:]:
                t = clean(m["title_" + SDG_ML_SUFFIX[l]])
                if (code, l) in ifix:
                    t = apply_fix(t, ifix[(code, l)][0], ifix[(code, l)][1], "indicator %s %s" % (code, l))
                check(t, "indicator %s: missing %s translation in multilingual file" % (code, l))
                others.append(t)
        ind_rows.append([code, r["target"], r["goal"], r["unsd_code"], title_en] + others)
    for code, l in ifix:
        check(code in by_code and code not in report["indicator_stale_translation"]
              and code not in report["indicator_not_in_ml"],
              "indicator correction for %s (%s) was not applied" % (code, l))
    report["indicator_ml_only"] = sorted(set(iml) - set(by_code), key=lambda c: target_sort_key(c.rsplit(".", 1)[0]) + (int(c.rsplit(".", 1)[1]),))
    write_csv(out, "sdg_indicators.csv",
              ["code", "target", "goal", "unsd_code"] + ["title_" + l for l in LANGS], ind_rows)
    return goal_codes, target_codes


# ---------------------------------------------------------------------------
# WSIS action lines and links
# ---------------------------------------------------------------------------

def convert_wsis(src, out, goal_codes, target_codes, report):
    d = read_json(os.path.join(src, "wsis/wsis_action_lines.json"))
    lines = d["action_lines"]
    check(len(lines) == 18, "wsis_action_lines: %d entries, expected 18" % len(lines))
    expected_ids = ["C1", "C2", "C3", "C4", "C5", "C6"] + [
        "C7." + s for s in ["e-government", "e-business", "e-learning", "e-health", "e-employment",
                            "e-environment", "e-agriculture", "e-science"]] + ["C8", "C9", "C10", "C11"]
    ids = [a["id"] for a in lines]
    check(ids == expected_ids, "wsis_action_lines: ids %r, expected %r" % (ids, expected_ids))
    c7 = d["c7_parent"]
    check(c7.get("code") == "C7", "wsis_action_lines: c7_parent.code is not C7")
    c7_title = clean(c7.get("title_itu_current") or c7["title_geneva_plan_of_action"])
    check(c7_title, "C7: no title")

    rows = []
    link_rows, target_link_rows = [], []
    goal_set = set(goal_codes)
    tindex = {t: i for i, t in enumerate(target_codes)}
    for a in lines:
        aid = a["id"]
        if a["sub_line"] is None:
            check(a["code"] == aid, "%s: code/id mismatch" % aid)
            parent = ""
        else:
            check(a["code"] == "C7" and aid == "C7." + a["sub_line"], "%s: bad sub-line code" % aid)
            parent = "C7"
        if aid == "C7.e-government":
            rows.append(["C7", "", "ICT Applications", c7_title])
        title = clean(a.get("title_itu_current") or a.get("title_geneva_plan_of_action") or "")
        short = clean(a.get("short_name") or "")
        check(title and short, "%s: missing title or short name" % aid)
        rows.append([aid, parent, short, title])

        sdgs = a["linked_sdgs"]
        check(all(isinstance(x, int) for x in sdgs), "%s: non-integer linked_sdgs" % aid)
        check(len(sdgs) == len(set(sdgs)), "%s: duplicate linked_sdgs" % aid)
        for g in sorted(sdgs):
            check(str(g) in goal_set, "%s: unknown SDG %r" % (aid, g))
            link_rows.append([aid, str(g)])
        tg = a["linked_sdg_targets"]
        for t in tg:
            check(isinstance(t, str) and re.match(r"^([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])$", t) is not None,
                  "%s: malformed target code %r" % (aid, t))
        if len(tg) != len(set(tg)):
            report["wsis_duplicate_targets"].append(aid)
        for t in sorted(set(tg), key=target_sort_key):
            if t not in tindex:
                report["wsis_unknown_targets"].append((aid, t))
                continue
            check(int(t.split(".")[0]) in sdgs, "%s: target %s whose goal is not in linked_sdgs" % (aid, t))
            target_link_rows.append([aid, t])
    check(not report["wsis_unknown_targets"],
          "linked_sdg_targets not in sdg_targets.csv: %s" % report["wsis_unknown_targets"])
    # C7 union recorded in the source must equal the union of its sub-lines
    union = sorted({g for a in lines if a["code"] == "C7" for g in a["linked_sdgs"]})
    check(union == sorted(c7.get("linked_sdgs_union_of_sub_lines", union)),
          "C7: linked_sdgs_union_of_sub_lines differs from the union of the sub-lines")
    write_csv(out, "action_lines.csv", ["code", "parent", "short_name", "title_en"], rows)
    write_csv(out, "wsis_sdg_links.csv", ["action_line", "sdg"], link_rows)
    write_csv(out, "wsis_sdg_target_links.csv", ["action_line", "target"], target_link_rows)
    report["wsis_links"] = len(link_rows)
    report["wsis_target_links"] = len(target_link_rows)
    report["wsis_lines_without_targets"] = [a["id"] for a in lines if not a["linked_sdg_targets"]]
    return [r[0] for r in rows]


def convert_gdc(src, out):
    d = read_json(os.path.join(src, "gdc/gdc_objectives.json"))
    objs = d["objectives"]
    rows = []
    for i, o in enumerate(objs, start=1):
        check(o["id"] == i, "gdc objective %d has id %r" % (i, o["id"]))
        check(o.get("verified") is True, "gdc objective %d is not marked verified" % i)
        t = clean(o["title"])
        check(t, "gdc objective %d: empty title" % i)
        rows.append([str(i), t])
    write_csv(out, "gdc_objectives.csv", ["code", "title_en"], rows)


# ---------------------------------------------------------------------------
# Countries, M49 regions, ITU-D regions
# ---------------------------------------------------------------------------

M49_HEADER = ["Global Code", "Global Name", "Region Code", "Region Name", "Sub-region Code", "Sub-region Name",
              "Intermediate Region Code", "Intermediate Region Name", "Country or Area", "M49 Code",
              "ISO-alpha2 Code", "ISO-alpha3 Code", "Least Developed Countries (LDC)",
              "Land Locked Developing Countries (LLDC)", "Small Island Developing States (SIDS)"]

ITU_REGIONS = OrderedDict([
    # code: names en, fr, es, ru, ar, zh
    ("africa", ["Africa", "Afrique", "África", "Африка", "أفريقيا", "非洲"]),
    ("americas", ["Americas", "Amériques", "Américas", "Америка", "الأمريكتان", "美洲"]),
    ("arab-states", ["Arab States", "États arabes", "Estados Árabes", "Арабские государства", "الدول العربية", "阿拉伯国家"]),
    ("asia-pacific", ["Asia & Pacific", "Asie-Pacifique", "Asia-Pacífico", "Азиатско-Тихоокеанский регион",
                      "آسيا والمحيط الهادئ", "亚太"]),
    ("cis", ["CIS", "CEI", "CEI", "СНГ", "كومنولث الدول المستقلة", "独联体"]),
    ("europe", ["Europe", "Europe", "Europa", "Европа", "أوروبا", "欧洲"]),
])

# Members of the League of Arab States (22; Syria's participation was suspended 2011-2023 but it
# remains a member).  ITU-D's Arab States region = these administrations.
ARAB_STATES = ["DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA",
               "SA", "SO", "SD", "SY", "TN", "AE", "YE"]
# ITU-D CIS region: RCC (Regional Commonwealth in the field of Communications) administrations.
CIS = ["AM", "AZ", "BY", "KZ", "KG", "MD", "RU", "TJ", "TM", "UZ"]

# Explicit placements that are judgement calls (ISO2 -> (region, reason)).
ITU_JUDGEMENT = OrderedDict([
    ("MD", ("cis", "Republic of Moldova: still an RCC administration and taking part in the ITU CIS-region "
                   "events (e.g. the 2018 CIS Regional Development Forum preparations); it is also a CEPT member "
                   "and an EU candidate, so this may change.")),
    ("GE", ("europe", "Georgia: left the CIS in 2009 and no longer takes part in the RCC; CEPT member, so placed "
                      "in Europe. (Older ITU statistical groupings counted it in the CIS.)")),
    ("UA", ("europe", "Ukraine: stopped taking part in CIS bodies and the RCC (2018); CEPT member; ITU's assistance "
                      "to Ukraine (ITU Council Resolution 1408, 2022) is handled with the Europe region, as far as "
                      "we know. (Older ITU statistical groupings counted it in the CIS.)")),
    ("IL", ("europe", "Israel: Western Asia in M49, but in the ITU-D Europe region.")),
    ("TR", ("europe", "Türkiye: Western Asia in M49, but in the ITU-D Europe region.")),
    ("CY", ("europe", "Cyprus: Western Asia in M49, but in the ITU-D Europe region (EU member).")),
    ("PS", ("arab-states", "State of Palestine: Arab League member; ITU observer, not a Member State; "
                           "placed with the Arab States, as in BDT practice.")),
    ("EH", ("africa", "Western Sahara: disputed non-self-governing territory, not itself an Arab League member; "
                      "placed by geography (M49 Northern Africa) in Africa. Putting it in Arab States would follow "
                      "Morocco's claim; leaving it empty would hide it from regional reports.")),
    ("TW", ("asia-pacific", "Taiwan: not an ITU member; present in this M49 snapshot (Eastern Asia); "
                            "placed by geography.")),
    ("HK", ("asia-pacific", "Hong Kong SAR: part of China (ITU Member State China is Asia-Pacific).")),
    ("MO", ("asia-pacific", "Macao SAR: part of China (ITU Member State China is Asia-Pacific).")),
    ("GL", ("americas", "Greenland: part of the Kingdom of Denmark (Europe) but geographically North America; "
                        "placed by geography, like the other territories.")),
    ("IO", ("africa", "British Indian Ocean Territory: M49 Eastern Africa; the Chagos Archipelago is claimed by "
                      "(and being transferred to) Mauritius, an Africa-region state.")),
    ("TF", ("africa", "French Southern Territories: M49 Eastern Africa (southern Indian Ocean); placed with M49.")),
    ("BV", ("americas", "Bouvet Island (Norway): M49 South America (South Atlantic); placed with M49.")),
    ("GS", ("americas", "South Georgia and the South Sandwich Islands: M49 South America; placed with M49.")),
    ("UM", ("asia-pacific", "United States Minor Outlying Islands: M49 Micronesia (mostly Pacific atolls; "
                            "Navassa Island in the Caribbean is included in the same code); placed with M49.")),
    ("AQ", ("", "Antarctica: no M49 region and no ITU region fits (Antarctic Treaty area); left empty.")),
])

# Default by M49 region code (used only where no rule above applies).
M49_REGION_DEFAULT = {"002": "africa", "019": "americas", "150": "europe", "009": "asia-pacific", "142": "asia-pacific"}
# Sub-regions whose members must each be placed explicitly (no default).
M49_NO_DEFAULT_SUBREGIONS = {"145", "143"}  # Western Asia, Central Asia


def itu_region_for(r):
    iso2 = r["ISO-alpha2 Code"]
    if iso2 in ARAB_STATES:
        return "arab-states", "Arab League member"
    if iso2 in ITU_JUDGEMENT:
        return ITU_JUDGEMENT[iso2][0], "judgement (see list)"
    if iso2 in CIS:
        return "cis", "RCC administration"
    sub = r["Sub-region Code"]
    check(sub not in M49_NO_DEFAULT_SUBREGIONS,
          "ITU region: %s (%s) in M49 sub-region %s needs an explicit placement" % (iso2, r["Country or Area"], sub))
    reg = r["Region Code"]
    check(reg in M49_REGION_DEFAULT, "ITU region: %s has unknown M49 region %r" % (iso2, reg))
    return M49_REGION_DEFAULT[reg], "M49 region default"


def convert_regions(src, out, report):
    data = {}
    for l in LANGS:
        path = os.path.join(src, "regions/unsd_m49_%s.csv" % M49_FILE_SUFFIX[l])
        rows = read_csv(path, M49_HEADER)
        byc = OrderedDict()
        for r in rows:
            code = r["M49 Code"]
            check(re.match(r"^[0-9]{3}$", code) is not None, "%s: bad M49 code %r" % (path, code))
            check(code not in byc, "%s: duplicate M49 code %s" % (path, code))
            byc[code] = r
        data[l] = byc
    en = data["en"]
    for l in LANGS[1:]:
        check(list(data[l]) == list(en), "unsd_m49_%s: M49 codes differ from the English file" % M49_FILE_SUFFIX[l])
        for code, r in data[l].items():
            for k in M49_HEADER:
                if k.endswith("Code") or k.startswith(("Least", "Land", "Small")):
                    check(r[k] == en[code][k], "unsd_m49_%s: %s differs for %s" % (M49_FILE_SUFFIX[l], k, code))
    report["m49_rows"] = len(en)

    # cross-check ISO codes against the independent lukes ISO-3166 table
    lukes_hdr = ["name", "alpha-2", "alpha-3", "country-code", "iso_3166-2", "region", "sub-region",
                 "intermediate-region", "region-code", "sub-region-code", "intermediate-region-code"]
    lukes = {r["country-code"]: r for r in read_csv(os.path.join(src, "regions/iso3166_m49_regions_lukes.csv"), lukes_hdr)}

    name_fix = {(c, l): (old, new) for c, l, old, new, _ in COUNTRY_NAME_FIXES}
    rows = []
    dropped = []
    itu_basis = {}
    name_votes = {}  # ((level, code), lang) -> Counter of names used on the rows
    name_rows = {}  # ((level, code), lang, name) -> M49 codes of the rows using that name
    parents = {}
    flag_counts = Counter()
    for code, r in en.items():
        iso2, iso3 = r["ISO-alpha2 Code"].strip(), r["ISO-alpha3 Code"].strip()
        names = []
        for l in LANGS:
            n = clean(data[l][code]["Country or Area"])
            if (code, l) in name_fix:
                n = apply_fix(n, name_fix[(code, l)][0], name_fix[(code, l)][1], "country %s %s" % (code, l))
            check(n, "M49 %s: missing %s name" % (code, l))
            names.append(n)
        if not iso2:
            dropped.append((code, names[0]))
            continue
        check(re.match(r"^[A-Z]{2}$", iso2) is not None, "M49 %s: bad ISO2 %r" % (code, iso2))
        check(re.match(r"^[A-Z]{3}$", iso3) is not None, "M49 %s: bad ISO3 %r" % (code, iso3))
        lk = lukes.get(code)
        check(lk is not None and lk["alpha-2"] == iso2 and lk["alpha-3"] == iso3,
              "M49 %s (%s): ISO codes disagree with iso3166_m49_regions_lukes.csv" % (code, iso2))
        check(r["Global Code"] == "001", "M49 %s: global code %r" % (code, r["Global Code"]))
        reg, sub, inter = r["Region Code"], r["Sub-region Code"], r["Intermediate Region Code"]
        for c in (reg, sub, inter):
            check(c == "" or re.match(r"^[0-9]{3}$", c), "M49 %s: bad region code %r" % (code, c))
        check(not (inter and not sub) and not (sub and not reg), "M49 %s: broken region hierarchy" % code)
        for level, c, pc, namecol in (("region", reg, "001", "Region Name"), ("subregion", sub, reg, "Sub-region Name"),
                                      ("intermediate", inter, sub, "Intermediate Region Name")):
            if not c:
                continue
            key = (level, c)
            if key in parents:
                check(parents[key] == pc, "M49 %s %s: two different parents" % (level, c))
            parents[key] = pc
            for l in LANGS:
                nm = clean(data[l][code][namecol])
                check(nm, "M49 %s %s: missing %s name (row %s)" % (level, c, l, code))
                name_votes.setdefault((key, l), Counter())[nm] += 1
                name_rows.setdefault((key, l, nm), []).append(code)
        parents[("world", "001")] = ""
        for l in LANGS:
            nm = clean(data[l][code]["Global Name"])
            check(nm, "M49 world: missing %s name (row %s)" % (l, code))
            name_votes.setdefault((("world", "001"), l), Counter())[nm] += 1
            name_rows.setdefault((("world", "001"), l, nm), []).append(code)
        flags = []
        for col in ("Least Developed Countries (LDC)", "Land Locked Developing Countries (LLDC)",
                    "Small Island Developing States (SIDS)"):
            v = r[col].strip()
            check(v in ("", "x"), "M49 %s: unexpected flag value %r in %s" % (code, v, col))
            flags.append("1" if v == "x" else "0")
            flag_counts[col] += v == "x"
        itu, basis = itu_region_for(r)
        itu_basis[iso2] = basis
        rows.append([iso2, iso3, code, reg, sub, inter, itu] + flags + names)

    # A region name is the one used by most rows; a minority spelling is reported (never a tie).
    region_names = {}
    for (key, l), votes in sorted(name_votes.items()):
        ranked = votes.most_common()
        check(len(ranked) == 1 or ranked[0][1] > ranked[1][1], "M49 %s %s (%s): no majority name: %r" % (key[0], key[1], l, votes))
        region_names.setdefault(key, {})[l] = ranked[0][0]
        for nm, n in ranked[1:]:
            report["m49_minority_names"].append((key[1], l, nm, ranked[0][0], name_rows[(key, l, nm)]))
    check(flag_counts["Least Developed Countries (LDC)"] == 45 and flag_counts["Land Locked Developing Countries (LLDC)"] == 32
          and flag_counts["Small Island Developing States (SIDS)"] == 53,
          "LDC/LLDC/SIDS counts %r differ from SOURCES.md (45/32/53)" % dict(flag_counts))
    check(len({r[0] for r in rows}) == len(rows), "duplicate ISO2 codes")
    check(len({r[1] for r in rows}) == len(rows), "duplicate ISO3 codes")
    check(any(r[0] == "NA" for r in rows), "Namibia (NA) missing: ISO2 'NA' was read as empty")
    for iso2 in ARAB_STATES + CIS + list(ITU_JUDGEMENT):
        check(any(r[0] == iso2 for r in rows), "ITU region rule names unknown ISO2 %s" % iso2)
    check(not set(ARAB_STATES) & set(CIS), "ISO2 both Arab States and CIS")
    for r in rows:
        check(r[6] in ITU_REGIONS or (r[6] == "" and r[0] in ITU_JUDGEMENT),
              "%s: ITU region %r empty without an explicit justification" % (r[0], r[6]))
    rows.sort(key=lambda r: r[0])
    report["countries_dropped_no_iso2"] = dropped
    write_csv(out, "countries.csv",
              ["iso2", "iso3", "numeric", "m49_region", "m49_subregion", "m49_intermediate", "itu_region",
               "ldc", "lldc", "sids"] + ["name_" + l for l in LANGS], rows)

    # ---- m49_regions.csv
    level_order = {"world": 0, "region": 1, "subregion": 2, "intermediate": 3}
    reg_rows = []
    for (level, c) in sorted(region_names, key=lambda k: (level_order[k[0]], k[1])):
        reg_rows.append([c, level, parents[(level, c)]] + [region_names[(level, c)][l] for l in LANGS])
    check(len({r[0] for r in reg_rows}) == len(reg_rows), "an M49 code is used at two levels")
    write_csv(out, "m49_regions.csv", ["code", "level", "parent"] + ["name_" + l for l in LANGS], reg_rows)

    # ---- itu_regions.csv
    write_csv(out, "itu_regions.csv", ["code"] + ["name_" + l for l in LANGS],
              [[c] + names for c, names in ITU_REGIONS.items()])

    # status column for the documentation (from country_codes_datasets.csv, is_independent)
    status = {}
    with open(os.path.join(src, "regions/country_codes_datasets.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["ISO3166-1-Alpha-2"]:
                status[r["ISO3166-1-Alpha-2"]] = r["is_independent"]
    for r in rows:
        check(r[0] in status, "%s not in country_codes_datasets.csv" % r[0])
    sub_names = {c: region_names[(lv, c)]["en"] for (lv, c) in region_names if lv in ("subregion", "intermediate")}
    write_text(out, "ITU_REGIONS.md", itu_regions_md(rows, itu_basis, status, sub_names))
    return rows, reg_rows


def md_escape(s):
    return s.replace("|", "\\|")


def itu_regions_md(rows, basis, status, sub_names):
    by_region = OrderedDict((c, []) for c in list(ITU_REGIONS) + [""])
    for r in rows:
        by_region[r[6]].append(r)
    L = []
    a = L.append
    a("# ITU-D regions in `countries.csv` (`itu_region` column)")
    a("")
    a("Generated by `scripts/convert-frameworks.py`; do not edit by hand.")
    a("")
    a("None of the shared source files lists ITU's regions (shared/data/SOURCES.md says so; the `ITU` column of "
      "`country_codes_datasets.csv` is an ITU *country code*, not a region). The `itu_region` column was therefore "
      "composed here from general knowledge of the Telecommunication Development Bureau's (BDT) regional "
      "structure: the six regions used for the WTDC Regional Preparatory Meetings and served by the BDT "
      "regional offices (Africa, Americas, Arab States, Asia & Pacific, CIS, Europe). It has **not** been "
      "checked against an ITU publication in this session; treat it as a reasoned approximation.")
    a("")
    a("Note that these are ITU-D (development sector) regions, not the three ITU-R radio regions and not "
      "the five ITU Council electoral regions (A-E).")
    a("")
    a("## Rules, in the order applied")
    a("")
    a("1. **Arab States**: the 22 members of the League of Arab States: %s." % ", ".join(ARAB_STATES))
    a("2. **Judgement calls** listed below (explicit per-country placements).")
    a("3. **CIS**: the administrations of the RCC (Regional Commonwealth in the field of Communications): %s."
      % ", ".join(CIS))
    a("4. Everything else by its UN M49 region: Africa (002) -> `africa`; Americas (019) -> `americas`; "
      "Europe (150) -> `europe`; Oceania (009) -> `asia-pacific`; Asia (142) -> `asia-pacific`. "
      "There is no default for M49 Western Asia (145) and Central Asia (143): every country there is placed by "
      "rule 1-3, and the script fails if one is not.")
    a("")
    a("Consequences: Africa = the African states that are not Arab League members; Americas = all of M49 "
      "Latin America and the Caribbean plus Northern America; Asia & Pacific includes Iran, Afghanistan, "
      "Mongolia, the Pacific island states and territories; Europe includes Israel, Türkiye and Cyprus.")
    a("")
    a("Non-member territories and areas (see the `is_independent` column below, copied from "
      "`country_codes_datasets.csv` for information only) get the region of their geography, which is their "
      "M49 region; the few where that is not obvious are in the judgement list. The *M49 area* column shows the "
      "intermediate region where there is one, else the sub-region.")
    a("")
    a("## Judgement calls")
    a("")
    for iso2, (reg, why) in ITU_JUDGEMENT.items():
        a("- `%s` -> `%s`: %s" % (iso2, reg or "(empty)", why))
    a("- CIS membership: the RCC administrations are taken as the CIS region. Armenia, Azerbaijan, Belarus, "
      "Kazakhstan, Kyrgyzstan, Russian Federation, Tajikistan, Turkmenistan, Uzbekistan are uncontroversial; "
      "Moldova, Georgia and Ukraine are decided above.")
    a("- Arab League members in Africa (Algeria, Comoros, Djibouti, Egypt, Libya, Mauritania, Morocco, Somalia, "
      "Sudan, Tunisia) are in Arab States, not Africa; South Sudan is in Africa.")
    a("- Overseas parts of European states (e.g. Réunion, Mayotte, Guadeloupe, Martinique, French Guiana, "
      "New Caledonia, French Polynesia, Aruba, Curaçao, Puerto Rico, Guam, Falkland Islands, Saint Helena) "
      "are placed by geography (their M49 region), not with the administering state.")
    a("- Rows without an ISO 3166 alpha-2 code would be dropped (the program keys countries by ISO2). In this "
      "snapshot every one of the %d rows has one, so none was dropped; Sark (M49 680), which has no ISO code, "
      "is not in this snapshot." % len(rows))
    a("")
    a("## Countries and areas per region")
    a("")
    counts = ", ".join("%s %d" % (c or "(empty)", len(v)) for c, v in by_region.items())
    a("Counts: %s; total %d." % (counts, len(rows)))
    for c, members in by_region.items():
        title = ITU_REGIONS[c][0] if c else "No ITU region"
        a("")
        a("### %s (%s, %d)" % (title, "`%s`" % c if c else "empty", len(members)))
        a("")
        a("| ISO2 | Name (M49, English) | M49 area | `is_independent` (country-codes) | basis |")
        a("|---|---|---|---|---|")
        for r in sorted(members, key=lambda r: r[10]):
            area = sub_names.get(r[5]) or sub_names.get(r[4]) or "-"
            a("| %s | %s | %s | %s | %s |" % (r[0], md_escape(r[10]), md_escape(area),
                                           md_escape(status[r[0]]), basis[r[0]]))
    a("")
    return "\n".join(L)


# ---------------------------------------------------------------------------
# SOURCES.md
# ---------------------------------------------------------------------------

MIT_NOTICE = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""


def fmt_list(xs):
    return ", ".join(xs) if xs else "none"


def sources_md(counts, report):
    L = []
    a = L.append
    a("# data/frameworks: sources, licences, conversion")
    a("")
    a("Generated by `scripts/convert-frameworks.py` from the shared source data (`shared/data`, described in "
      "its `SOURCES.md`); do not edit by hand: change the script and re-run it.")
    a("")
    a("All CSV files: UTF-8 without BOM, LF line ends, RFC 4180 quoting, one header row. Text cells are "
      "normalised to Unicode NFC (%d distinct source strings, nearly all fr/es/ru/ar titles of the open-sdg "
      "files, were in decomposed form, e.g. 'e' + U+0301 instead of 'é'), and runs of whitespace (incl. line "
      "breaks) are collapsed to one space and trimmed (%d distinct source string(s) changed)."
      % (len(Stats.nfc_fixed), len(Stats.whitespace_fixed)))
    a("Language suffixes: en, fr, es, ru, ar, zh (zh = Simplified Chinese: `zh-Hans` columns of the open-sdg "
      "files, `cn` file of the UNSD M49 export).")
    a("")
    a("| file | rows |")
    a("|---|---|")
    for name, n in counts.items():
        a("| `%s` | %d |" % (name, n))
    a("")

    a("## sdg_goals.csv, sdg_targets.csv, sdg_indicators.csv")
    a("")
    a("- Sources: `sdg/sdg_goals_en.csv`, `sdg/sdg_targets_en.csv`, `sdg/sdg_indicators_en_2025.csv` "
      "(English, official), parsed from mahnoor-zamir/sdg-framework@94dec48 "
      "`data/raw/Global-Indicator-Framework-after-2025-review-English - A.RES.71.313 Annex.csv`, a CSV export of "
      "the UN Statistics Division's global indicator framework (A/RES/71/313 annex, incl. the 2025 "
      "Comprehensive Review); `sdg/sdg_goals_multilingual.csv`, `sdg/sdg_targets_multilingual.csv`, "
      "`sdg/sdg_indicators_multilingual.csv` (fr, es, ru, ar, zh and goal short names), converted from "
      "open-sdg/sdg-translations@0cda585 `translations/{en,fr,es,ru,ar,zh-Hans}/global_{goals,targets,indicators}.yml`.")
    a("- Licence: the goal, target and indicator texts are UN official texts and translations (freely "
      "reusable). The sdg-framework repository is MIT (\"Copyright (c) 2025 Mahnoor Zamir\"); the "
      "sdg-translations repository is MIT (\"Copyright (c) 2019 Open SDG\"). Copyright lines from the "
      "repositories' `LICENSE` files (read at commits 451f2d2 and 0529c26 respectively, not necessarily the data "
      "commits). MIT permission notice: see the end of this file.")
    a("- Conversion:")
    a("  - `sdg_goals.csv`: `code` = goal number; English titles from the official list, English short names "
      "and all other languages from the multilingual file (`zh` = `zh-Hans`). The English titles of both files "
      "were checked to agree.")
    for g, l, old, new, why in GOAL_SHORT_FIXES:
        a("  - Corrected goal %s `short_%s`: \"%s\" -> \"%s\" (%s)." % (g, l, old, new, why))
    a("  - `sdg_targets.csv`: 169 targets in the official order; English from the official list, others from "
      "the multilingual file (which has no missing cells; the script enforces that). English texts of both files "
      "agree apart from hyphen characters (U+2011 in the official file) and the item below.")
    for c, l, old, new, why in TARGET_FIXES:
        a("  - Corrected target %s (%s): %s." % (c, l, why))
    a("  - `sdg_indicators.csv`: the 2025 list, one row per indicator code (%d). Repeated indicator codes "
      "in the source: %s. What repeats is the *text*: %d distinct texts, %d groups of codes sharing a text and "
      "an `unsd_code` (e.g. %s). Every code is kept as its own row, with its own target and goal."
      % (counts["sdg_indicators.csv"],
         fmt_list(report["indicator_code_repeats"]) + (" (first target kept)" if report["indicator_code_repeats"] else ""),
         report["indicator_distinct_texts"], len(report["indicator_repeated_texts"]),
         "; ".join("/".join(g) for g in report["indicator_repeated_texts"][:3])))
    a("  - Translations come from the multilingual file, which is the **pre-2025** list. They are used only "
      "where its English text equals the 2025 English text (ignoring hyphen/dash characters and whitespace). "
      "Left empty (program should fall back to English):")
    a("    - not in the multilingual file (new in 2025): %s;" % fmt_list(report["indicator_not_in_ml"]))
    a("    - English text revised in the 2025 review, so the old translations describe a different indicator "
      "(%d): %s." % (len(report["indicator_stale_translation"]), fmt_list(report["indicator_stale_translation"])))
    a("  - Indicators only in the pre-2025 multilingual file (deleted in 2025, not output): %s."
      % fmt_list(report["indicator_ml_only"]))
    for c, l, old, new, why in INDICATOR_FIXES:
        a("  - Corrected indicator %s (%s): %s." % (c, l, why))
    a("  - Kept as in the source: non-breaking hyphens (U+2011) of the official English texts.")
    a("")

    a("## action_lines.csv, wsis_sdg_links.csv, wsis_sdg_target_links.csv")
    a("")
    a("- Source: `wsis/wsis_action_lines.json`, **composed** (in shared data) from uwidcit/WSIS-SDG-Matrix@09aad16 "
      "`src/assets/data/en/actions.json` (a 2019 app carrying the ITU/UN Action Line Facilitators' WSIS-SDG "
      "Matrix, www.itu.int/net4/wsis/sdg/), plus action-line titles from the Geneva Plan of Action "
      "(WSIS-03/GENEVA/DOC/5-E) and ITU WSIS pages.")
    a("- Licence: facts (codes, official titles, which SDG/target is linked). The app repository states no "
      "licence; the matrix content is (c) ITU. No rationale or Plan-of-Action text is copied here.")
    a("- Conversion:")
    a("  - `action_lines.csv`: 19 rows: C1-C6, a group row `C7` (title from `c7_parent`, parent empty), the 8 "
      "C7 sub-lines with `code` = source `id` (e.g. `C7.e-health`) and `parent` = `C7`, then C8-C11. "
      "`title_en` = `title_itu_current` (falls back to `title_geneva_plan_of_action`; no fallback was needed). "
      "`short_name` = source `short_name`; the C7 group row has none in the source and gets \"ICT Applications\".")
    a("  - `wsis_sdg_links.csv`: distinct (action line, SDG) pairs from `linked_sdgs` of the 18 leaf lines "
      "(not C7), %d pairs, sorted by action-line order (as in action_lines.csv) and goal number." % report["wsis_links"])
    a("  - `wsis_sdg_target_links.csv`: distinct pairs from `linked_sdg_targets`, %d pairs, sorted by action-line "
      "order and canonical target order (as in sdg_targets.csv). Every target exists in sdg_targets.csv, and "
      "every target's goal is among the line's linked SDGs (both checked). Lines with no target links: %s."
      % (report["wsis_target_links"], fmt_list(report["wsis_lines_without_targets"])))
    a("  - Known gaps carried over unchanged from the source: C3 has no link to SDG 4 (probably a data-entry gap "
      "in the app); C7 e-environment links SDG 16 with no target; the app's goal list is a union of ticked "
      "goals and goals of listed targets.")
    a("")

    a("## gdc_objectives.csv")
    a("")
    a("- Source: `gdc/gdc_objectives.json`, **composed** in shared data (objective wording as quoted by "
      "direito.up.pt and ethicai.net, consistent with the adopted text; official text: A/RES/79/1 annex I, "
      "Global Digital Compact, adopted 22 September 2024).")
    a("- Licence: facts / UN official text (the five objective titles).")
    a("- Conversion: `code` = objective number 1-5, `title_en` = objective title; only objectives marked "
      "`verified: true` are accepted (all five are).")
    a("")

    a("## countries.csv, m49_regions.csv")
    a("")
    a("- Sources: `regions/unsd_m49_{en,fr,es,ru,ar,cn}.csv` from datasets/country-codes@caa72d1 "
      "`tmp/UNSD-*.csv` (UNSD M49 \"overview\" export); cross-checks against `regions/iso3166_m49_regions_lukes.csv` "
      "(lukes/ISO-3166-Countries-with-Regional-Codes@145f1ad `all/all.csv`) and `regions/country_codes_datasets.csv` "
      "(datasets/country-codes@caa72d1 `data/country-codes.csv`; only its `is_independent` column is used, for the "
      "status column of ITU_REGIONS.md).")
    a("- Licence: UN M49 is public; datasets/country-codes is PDDL (Open Data Commons Public Domain Dedication "
      "and License). The lukes file (CC BY-SA 4.0) is only used to check codes; nothing is copied from it.")
    a("- Conversion:")
    a("  - `countries.csv`: one row per M49 country or area (%d; shared SOURCES.md says 248, but each M49 file "
      "has %d rows: this snapshot includes Taiwan (158, TW, Eastern Asia), which official UNSD exports do not list "
      "separately, and does not include Sark (680)). Sorted by ISO2. `numeric` = 3-digit M49 code (equal to "
      "the ISO 3166 numeric code for every row; checked). `m49_region`/`m49_subregion`/`m49_intermediate` are "
      "3-digit codes, empty where none (Antarctica has no region; most countries have no intermediate region). "
      "`ldc`/`lldc`/`sids` = 1 where the source has \"x\", else 0 (45/32/53). Names from the \"Country or Area\" "
      "column of each language file, joined on M49 code. `itu_region`: see ITU_REGIONS.md."
      % (counts["countries.csv"], report["m49_rows"]))
    a("  - Rows without ISO2 are dropped because the program keys countries by ISO2: %s."
      % (fmt_list(["%s %s" % x for x in report["countries_dropped_no_iso2"]]) if report["countries_dropped_no_iso2"]
         else "none in this snapshot"))
    a("  - Namibia's ISO2 `NA` is kept as text (the script checks it is present).")
    for c, l, old, new, why in COUNTRY_NAME_FIXES:
        a("  - Corrected name of M49 %s (%s): \"%s\" -> \"%s\" (%s)." % (c, l, old, new, why))
    a("  - `m49_regions.csv`: the world row `001` (level `world`, no parent), then every region (`region`, "
      "parent `001`), sub-region (`subregion`, parent = region) and intermediate region (`intermediate`, "
      "parent = sub-region) that appears in the M49 files, names in 6 languages from the same files "
      "(the name used by the majority of rows; minority spellings ignored: %s)."
      % (fmt_list(["%s %s \"%s\" on row(s) %s (used \"%s\")" % (c, l, nm, "/".join(rs), maj)
                   for c, l, nm, maj, rs in report["m49_minority_names"]])))
    a("")

    a("## itu_regions.csv, ITU_REGIONS.md")
    a("")
    a("- Source: none. The six ITU-D (BDT) regions and the country placement were composed for this project "
      "from general knowledge; ITU_REGIONS.md documents every rule and judgement call and lists every country "
      "per region. The names in 6 languages are our own short renderings of the ITU region names.")
    a("- Licence: not applicable (project work).")
    a("")

    a("## MIT permission notice")
    a("")
    a("Applies to the material taken from mahnoor-zamir/sdg-framework (Copyright (c) 2025 Mahnoor Zamir) and "
      "open-sdg/sdg-translations (Copyright (c) 2019 Open SDG):")
    a("")
    a("```")
    a(MIT_NOTICE)
    a("```")
    a("")
    return "\n".join(L)


# ---------------------------------------------------------------------------

def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) > 2:
        print("usage: %s [SOURCE_DATA_DIR]" % argv[0], file=sys.stderr)
        return 2
    src = os.path.abspath(argv[1]) if len(argv) == 2 else os.path.normpath(os.path.join(repo, "..", "shared", "data"))
    out = os.path.join(repo, "data", "frameworks")
    if not os.path.isfile(os.path.join(src, "SOURCES.md")):
        print("error: %s does not look like the shared data folder (no SOURCES.md)" % src, file=sys.stderr)
        return 1
    os.makedirs(out, exist_ok=True)
    report = {"indicator_code_repeats": [], "indicator_repeated_texts": [], "indicator_not_in_ml": [],
              "indicator_stale_translation": [], "wsis_duplicate_targets": [], "wsis_unknown_targets": [],
              "m49_minority_names": []}
    try:
        goal_codes, target_codes = convert_sdgs(src, out, report)
        convert_wsis(src, out, goal_codes, target_codes, report)
        convert_gdc(src, out)
        convert_regions(src, out, report)
    except ConversionError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    counts = OrderedDict((n, EXPECTED[n]) for n in ["sdg_goals.csv", "sdg_targets.csv", "sdg_indicators.csv",
                                                  "action_lines.csv"])
    counts["wsis_sdg_links.csv"] = report["wsis_links"]
    counts["wsis_sdg_target_links.csv"] = report["wsis_target_links"]
    for n in ["gdc_objectives.csv", "countries.csv", "m49_regions.csv", "itu_regions.csv"]:
        counts[n] = EXPECTED[n]
    write_text(out, "SOURCES.md", sources_md(counts, report))

    print("wrote %s" % out)
    for n, c in counts.items():
        print("  %-28s %4d rows" % (n, c))
    print("  ITU_REGIONS.md, SOURCES.md")
    print("indicators without translation: %d new in 2025 (%s), %d revised in 2025"
          % (len(report["indicator_not_in_ml"]), ", ".join(report["indicator_not_in_ml"]),
             len(report["indicator_stale_translation"])))
    if report["countries_dropped_no_iso2"]:
        print("countries dropped (no ISO2): %s" % report["countries_dropped_no_iso2"])
    if report["wsis_duplicate_targets"]:
        print("WSIS lines with duplicate targets in source (deduplicated): %s" % report["wsis_duplicate_targets"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
