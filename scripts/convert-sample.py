#!/usr/bin/env python3
"""Build stocktake's demo sample data (data/sample/) from the shared data folder.

Usage: scripts/convert-sample.py [SHARED_DATA_DIR] [--out DIR] [-v]

SHARED_DATA_DIR defaults to ../shared/data relative to the repository root
(the shared folder's SOURCES.md describes its files).  Output goes to
data/sample/ in the repository unless --out is given.

Writes:
  wsis_prizes_2015.jsonl   stocktake JSON Lines, from projects/wsis_prizes_2015_nominated_projects.csv
  worldbank.jsonl          stocktake JSON Lines, from projects/world_bank_projects_500.csv
  dpg_candidates.jsonl     byte-for-byte copy of projects/dpg_candidates.jsonl
  iati/*.xml               byte-for-byte copies of projects/iati_samples/*.xml
  SOURCES.md               provenance, licences and what the conversion changed

The record format is docs/data-format.md.  Every record is checked against it
before anything is written; any unmapped category, country name or country
code, or any invalid record, stops the script with an error and writes nothing.
Only the Python standard library is used.  Output is deterministic.
"""

import argparse
import collections
import csv
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sys
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# --------------------------------------------------------------------------
# Upstream provenance (as given in the shared data folder's SOURCES.md)
# --------------------------------------------------------------------------

UPSTREAM = {
    "wsis": "anjesh/wsis-projects-2015@474159d `scrapper/wsis-projects-data.csv`",
    "worldbank": "claireramming/Springboard-Mini-Projects@6f6d1f2 "
                 "`data_wrangling_json/data/world_bank_projects.json`",
    "dpg": "DPGAlliance/publicgoods-candidates@a1d99f0 `nominees/*.json`, `archive/*.json` "
           "(locations from `digitalpublicgoods/*.json`)",
    "iati": "IATI/IATI-Datastore@38fd973 `iati_datastore/iatilib/test/fixtures/`",
}

# --------------------------------------------------------------------------
# The stocktake record format (docs/data-format.md)
# --------------------------------------------------------------------------

ALLOWED_FIELDS = {
    "id", "source", "source_id", "title", "summary", "description", "organisation",
    "stakeholder_type", "countries", "regions", "sectors", "partners", "scope",
    "start_date", "end_date", "status", "url", "language", "state", "tags",
    "created_at", "updated_at",
}
ORGANISATION_FIELDS = {"name", "stakeholder_type", "country", "website"}
PARTNER_FIELDS = {"name", "role"}
TAG_FIELDS = {"scheme", "code", "origin", "score"}
STAKEHOLDER_TYPES = {
    "government", "private-sector", "civil-society", "academia",
    "international-organisation", "technical-community", "un-entity", "other",
}
SCOPES = {"national", "regional", "international"}
STATUSES = {"planned", "ongoing", "completed"}
TAG_ORIGINS = {"submitter", "moderator", "model"}
ACTION_LINES = [
    "C1", "C2", "C3", "C4", "C5", "C6",
    "C7.e-government", "C7.e-business", "C7.e-learning", "C7.e-health",
    "C7.e-employment", "C7.e-environment", "C7.e-agriculture", "C7.e-science",
    "C8", "C9", "C10", "C11",
]
# limits: field -> max characters (checked as UTF-8 bytes too, which is stricter)
STRING_LIMITS = {"source": 64, "source_id": 200, "title": 500, "summary": 2000,
                 "description": 100000, "url": 2000}

# --------------------------------------------------------------------------
# WSIS Prizes 2015: hand-written tables
# --------------------------------------------------------------------------

# Every distinct Category value of the source, mapped explicitly.
WSIS_CATEGORY_TO_ACTION_LINE = {
    "C1. THE ROLE OF GOVERNMENTS AND ALL STAKEHOLDERS IN THE PROMOTION OF ICTS FOR DEVELOPMENT": "C1",
    "C2. INFORMATION AND COMMUNICATION INFRASTRUCTURE": "C2",
    "C3. ACCESS TO INFORMATION AND KNOWLEDGE": "C3",
    "C4. CAPACITY BUILDING": "C4",
    "C5. BUILDING CONFIDENCE AND SECURITY IN THE USE OF ICTS": "C5",
    "C6. ENABLING ENVIRONMENT": "C6",
    "C7. ICT APPLICATIONS: E-GOVERNMENT": "C7.e-government",
    "C7. ICT APPLICATIONS: E-BUSINESS": "C7.e-business",
    "C7. ICT APPLICATIONS: E-LEARNING": "C7.e-learning",
    "C7. ICT APPLICATIONS: E-HEALTH": "C7.e-health",
    "C7. ICT APPLICATIONS: E-EMPLOYMENT": "C7.e-employment",
    "C7. ICT APPLICATIONS: E-ENVIRONMENT": "C7.e-environment",
    "C7. ICT APPLICATIONS: E-AGRICULTURE": "C7.e-agriculture",
    "C7. ICT APPLICATIONS: E-SCIENCE": "C7.e-science",
    "C8. CULTURAL DIVERSITY AND IDENTITY, LINGUISTIC DIVERSITY AND LOCAL CONTENT": "C8",
    "C9. MEDIA": "C9",
    "C10. ETHICAL DIMENSIONS OF THE INFORMATION SOCIETY": "C10",
    "C11. INTERNATIONAL AND REGIONAL COOPERATION": "C11",
}

# ITU upper-case country names not found in the name columns of
# regions/country_codes_datasets.csv / regions/unsd_m49_en.csv.
WSIS_COUNTRY_HAND = {
    "KOREA (REP. OF)": "KR",
    "MONTENEGRO (REPUBLIC OF)": "ME",
    "NEPAL (REPUBLIC OF)": "NP",
    "TURKEY": "TR",             # the 2024 tables only say "Türkiye"
    "UNITED KINGDOM": "GB",
}
# Country values that name no country: value -> scope
WSIS_NON_COUNTRY = {
    "INTERNATIONAL": "international",
}

# Row repairs, keyed by 1-based data row number (header excluded) so that a
# changed source file fails loudly instead of being silently mis-repaired.
# Each entry: column -> (exact old value, new value).
WSIS_ROW_REPAIRS = {
    # The scraper split "Meditech Solution Co, Ltd." at its comma, pushing
    # "Ltd." into the Country column.
    237: {"Organisation": ("Meditech Solution Co", "Meditech Solution Co, Ltd."),
          "Country": ("Ltd., THAILAND", "THAILAND")},
}

# Mojibake the shared folder calls irreparable ("Ã_" = a lost 2nd UTF-8 byte).
# Repaired by hand where the word is unambiguous; each (column, old, new)
# must occur exactly the number of times given.
WSIS_TEXT_REPAIRS = [
    ("Project", "En TIC ConfÃ_o", "En TIC Confío", 1),
    ("Organisation", "Universidad AutÃ_noma de Chihuahua", "Universidad Autónoma de Chihuahua", 1),
    ("Organisation", "TelefÃ_nica S.A.", "Telefónica S.A.", 1),
    ("Project", "Ventanilla Ã_nica de Comercio Exterior", "Ventanilla Única de Comercio Exterior", 1),
    ("Organisation", "Ventanilla Ã_nica de Comercio Exterior", "Ventanilla Única de Comercio Exterior", 1),
    ("Organisation", "Apoyo a la EducaciÃ_n de la Niñez", "Apoyo a la Educación de la Niñez", 1),
    ("Organisation", "Biblioteca Nacional de Cuba José MartÃ_", "Biblioteca Nacional de Cuba José Martí", 1),
    ("Project", "Internetowy Teatr TVP dla szkÃ_l", "Internetowy Teatr TVP dla szkół", 1),
    ("Project", "benchmark â€_Latvia`s e-index”", "benchmark “Latvia`s e-index”", 1),
    ("Organisation", "à__Utokapat Foundation", "Utokapat Foundation", 1),
]
MOJIBAKE_RE = re.compile(r"Ã.|â€|à__")

# --------------------------------------------------------------------------
# World Bank: hand-written tables
# --------------------------------------------------------------------------

# World Bank country codes that are not ISO 3166-1 alpha-2 but name one
# country: code -> (countryshortname expected in the source, ISO2)
WB_CODE_HAND = {
    "RY": ("Yemen, Republic of", "YE"),
    "TP": ("Timor-Leste", "TL"),
    "ZR": ("Congo, Democratic Republic of", "CD"),
    "YF": ("Serbia", "RS"),
    "GZ": ("West Bank and Gaza", "PS"),
}
# World Bank codes for regions / the world: code -> (name expected, scope)
WB_CODE_NONCOUNTRY = {
    "3A": ("Africa", "regional"),
    "4E": ("East Asia and Pacific", "regional"),
    "4P": ("Pacific Islands", "regional"),
    "5M": ("Middle East and North Africa", "regional"),
    "7E": ("Europe and Central Asia", "regional"),
    "8S": ("South Asia", "regional"),
    "1W": ("World", "international"),
}
# Single countries with no ISO 3166-1 code in the UNSD M49 table
WB_CODE_NO_ISO = {
    "XK": ("Kosovo", "national"),
}
# World Bank short names that the name tables do not resolve (for the
# cross-check of codes that are valid ISO2 only; not used to assign codes).
WB_NAME_HAND = {
    "Gambia, The": "GM",
    "Congo, Republic of": "CG",
    "Egypt, Arab Republic of": "EG",
    "Macedonia, former Yugoslav Republic of": "MK",
    "Kyrgyz Republic": "KG",
    "Moldova": "MD",
    "Turkey": "TR",
    "Cote d'Ivoire": "CI",
}

# impagency values that are placeholders rather than an implementing agency
WB_IMPAGENCY_PLACEHOLDERS = {"TO BE DETERMINED", "TBD (TO BE DETERMINED)", "NGO"}
# impagency values meaning the World Bank itself
WB_IMPAGENCY_IS_BANK = {"WORLD BANK", "BANK EXECUTED"}

# "looks like a ministry / government agency"
WB_GOV_RE = re.compile(
    r"\bMINIST|\bMINSITRY\b|\bMNISTRY\b|\bMINISRY\b|\bMINISTER\b"
    r"|\bGOVERNMENT\b|\bGOVT\b"
    r"|\bDEPARTMENT\b|\bDEPT\b|\bDEAPRTMENT\b|\bDEPARTMANT\b"
    r"|\bSECRETARIA\b|^SECRETARY OF\b|^SECRETARIAT OF (?!THE PACIFIC)"
    r"|\bMUNICIPALITY\b|\bMUNICIPAL GOVERNMENT\b|\bPEOPLE'S COMMITTEE\b|\bMETROPOLITAN CITY\b"
    r"|^PROVINCE OF\b|^STATE OF\b|^REPUBLIC OF\b|\bPROVINCIAL\b"
    r"|\bCENTRAL BANK\b|^THE STATE BANK OF\b"
    r"|\bSTATISTIC|\bSTATE PROPERTY FUND\b|\bTAX COMMITTEE\b|\bCOURT OF ACCOUNTS\b"
    r"|\bJUDICIARY\b|\bATTORNEY GENERAL\b|\bHIGH TENDER BOARD\b"
    r"|\bROADS? AGENCY\b|\bROADS AUTHORITY\b|\bPROTECTION AUTHORITY\b|\bTRANSPORT AUTHORITY\b"
    r"|\bREGULATORY AUTHORITY\b|\bWATER AUTHORITY\b|\bNATIONAL ENERGY ADMINISTRATION\b"
    r"|\bMETEOROLOGICAL SERVICE\b|\bCOMMITTEE (?:OF|ON) (?:WATER|ENVIRONMENTAL)\b"
    r"|\bNATIONAL (?:COMMISSION|DIRECTORATE|AIDS CONTROL|FORESTRY CORPORATION|INSTITUTE FOR SOCIAL)"
    r"|\bNAT DIRECTORATE\b|\bDIREKTORAT JENDERAL\b|\bGENERAL DIRECTION\b|\bMIN OF\b"
    r"|\bHY(?:D)?ROMETEOROLOGICAL SERVICE\b|^STATE SECRETARIAT\b|\bSUPREME NATIONAL AUTHORITY\b"
    r"|\bGEODETIC AUTHORITY\b|\bEMERGENCY MANAGEMENT AGENCY\b|\bREGULATOR\b"
    r"|\bAGENCY OF AIDS CONTROL\b|\bAGENCY FOR AGRICULTURAL RESEARCH\b"
)
# never "government" even if WB_GOV_RE matches
WB_NONGOV_RE = re.compile(
    r"\bINTERNATIONAL\b(?! COOPERATION)|\bBASIN\b|\bFOUNDATION\b|\bASSOCIATION\b|\bNETWORK\b|\bUNIVERSITY\b"
    r"|\bCOMPANY\b|\bLTD\b|\bSOCIETY\b|\bCCARDESA\b|\bTHE BANK\b|\b& BANK\b"
)

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


class ConversionError(Exception):
    pass


def fail(msg):
    raise ConversionError(msg)


def read_csv(path):
    """Rows as dicts of strings; no value is ever reinterpreted ("NA" stays "NA")."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    return list(csv.DictReader(io.StringIO(text, newline=""), strict=True))


def norm_name(s):
    s = unicodedata.normalize("NFKC", s).upper().strip()
    s = re.sub(r"\s*\*$", "", s)           # "State of Palestine (the) *"
    s = re.sub(r"\s+", " ", s)
    return s


def name_variants(s):
    s = norm_name(s)
    out = {s}
    if s.endswith(" (THE)"):
        out.add(s[:-6])
    if s.startswith("THE "):
        out.add(s[4:])
    return {v for v in out if v}


def slugify(s, maxlen=80):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    if len(s) > maxlen:
        s = s[:maxlen].rstrip("-")
    return s


def repair_cp1252_controls(s):
    """C1 control characters (U+0080..U+009F) are cp1252 bytes read as Latin-1."""
    def fix(m):
        try:
            return m.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return m.group()
    return re.sub(r"[\x80-\x9f]", fix, s)


ABBREV_RE = re.compile(r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|No|Nos|St|Co|Inc|Ltd|Rep|Gov|Govt|vs|"
                       r"etc|approx|incl|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                       r"e\.g|i\.e|U\.S|U\.K|m|km|Art|para|Vol|Fig)\.)$")


def first_sentence(text):
    """First sentence: up to the first ., ! or ? followed by space and an
    upper-case letter, digit, quote or bracket, skipping common abbreviations."""
    for m in re.finditer(r"[.!?](?=\s+[A-Z0-9\"'(“‘])", text):
        head = text[:m.end()]
        if m.group() == "." and ABBREV_RE.search(head):
            continue
        return head.strip()
    return text.strip()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------
# reference data
# --------------------------------------------------------------------------


class Reference:
    def __init__(self, shared):
        m49 = read_csv(os.path.join(shared, "regions", "unsd_m49_en.csv"))
        self.iso2 = {}
        for r in m49:
            code = r["ISO-alpha2 Code"]
            if code:
                if not re.fullmatch(r"[A-Z]{2}", code):
                    fail("bad ISO-alpha2 code %r in unsd_m49_en.csv" % code)
                self.iso2[code] = r["Country or Area"]
        if "NA" not in self.iso2:
            fail("Namibia (NA) missing from the ISO2 list: CSV reading is broken")

        # name -> set of ISO2 codes, from every English name column
        names = collections.defaultdict(set)
        for r in m49:
            if r["ISO-alpha2 Code"]:
                for v in name_variants(r["Country or Area"]):
                    names[v].add(r["ISO-alpha2 Code"])
        cc = read_csv(os.path.join(shared, "regions", "country_codes_datasets.csv"))
        name_cols = ["official_name_en", "UNTERM English Short", "UNTERM English Formal",
                     "CLDR display name", "ISO4217-currency_country_name"]
        for r in cc:
            code = r["ISO3166-1-Alpha-2"]
            if code not in self.iso2:
                continue
            for col in name_cols:
                if r[col].strip():
                    for v in name_variants(r[col]):
                        names[v].add(code)
        # ambiguous names are not usable
        self.name_to_iso2 = {n: next(iter(c)) for n, c in names.items() if len(c) == 1}
        self.ambiguous_names = sorted(n for n, c in names.items() if len(c) > 1)

        self.sdg_targets = set()
        tpath = os.path.join(shared, "sdg", "sdg_targets_en.csv")
        if os.path.exists(tpath):
            self.sdg_targets = {r["target"] for r in read_csv(tpath)}

    def lookup_name(self, name):
        for v in name_variants(name):
            if v in self.name_to_iso2:
                return self.name_to_iso2[v]
        return None


# --------------------------------------------------------------------------
# record checker (docs/data-format.md)
# --------------------------------------------------------------------------

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def valid_date(s):
    m = DATE_RE.match(s) if isinstance(s, str) else None
    if not m:
        return False
    y, mo, d = m.groups()
    try:
        datetime.date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return False
    return True


def check_string(errs, where, value, limit=None, nonempty=True):
    if not isinstance(value, str):
        errs.append("%s: not a string" % where)
        return False
    if nonempty and not value.strip():
        errs.append("%s: empty" % where)
    if "\x00" in value:
        errs.append("%s: contains NUL" % where)
    try:
        b = value.encode("utf-8")
    except UnicodeEncodeError:
        errs.append("%s: not valid UTF-8 (lone surrogate)" % where)
        return False
    if limit is not None and (len(value) > limit or len(b) > limit):
        errs.append("%s: longer than %d chars/bytes (%d chars, %d bytes)"
                    % (where, limit, len(value), len(b)))
    if re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", value):
        errs.append("%s: contains control characters" % where)
    return True


def check_record(rec, ref):
    errs = []
    if not isinstance(rec, dict):
        return ["not a JSON object"]
    for k in rec:
        if k not in ALLOWED_FIELDS:
            errs.append("unknown field %r" % k)
    if "state" in rec:
        errs.append("'state' must not be set in sample data (the importer's --state decides)")
    if "title" not in rec:
        errs.append("missing required field 'title'")
    for k, lim in STRING_LIMITS.items():
        if k in rec:
            check_string(errs, k, rec[k], lim)
    if ("source" in rec) != ("source_id" in rec):
        errs.append("source and source_id must come together")
    if isinstance(rec.get("source"), str) and not re.fullmatch(r"[a-z0-9._-]{1,64}", rec["source"]):
        errs.append("source %r: not [a-z0-9._-]" % rec["source"])
    if isinstance(rec.get("url"), str) and not re.match(r"https?://\S", rec["url"]):
        errs.append("url: not http:// or https://")
    if "stakeholder_type" in rec and rec["stakeholder_type"] not in STAKEHOLDER_TYPES:
        errs.append("stakeholder_type %r not allowed" % rec["stakeholder_type"])
    if "organisation" in rec:
        o = rec["organisation"]
        if not isinstance(o, dict):
            errs.append("organisation: not an object")
        else:
            for k in o:
                if k not in ORGANISATION_FIELDS:
                    errs.append("organisation: unknown field %r" % k)
            if "name" not in o:
                errs.append("organisation: no name")
            for k in ("name", "website"):
                if k in o:
                    check_string(errs, "organisation." + k, o[k], 2000 if k == "website" else 500)
            if "website" in o and isinstance(o["website"], str) and not re.match(r"https?://\S", o["website"]):
                errs.append("organisation.website: not http(s)")
            if "stakeholder_type" in o and o["stakeholder_type"] not in STAKEHOLDER_TYPES:
                errs.append("organisation.stakeholder_type %r not allowed" % o["stakeholder_type"])
            if "country" in o and o["country"] not in ref.iso2:
                errs.append("organisation.country %r is not an ISO 3166-1 alpha-2 code" % o["country"])
    if "countries" in rec:
        c = rec["countries"]
        if not isinstance(c, list) or len(c) > 300:
            errs.append("countries: not a list of at most 300")
        else:
            for x in c:
                if x not in ref.iso2:
                    errs.append("countries: %r is not an ISO 3166-1 alpha-2 code" % (x,))
            if len(set(map(str, c))) != len(c):
                errs.append("countries: duplicates")
    for k, maxitems in (("regions", 50), ("sectors", 100)):
        if k in rec:
            v = rec[k]
            if not isinstance(v, list) or len(v) > maxitems:
                errs.append("%s: not a list of at most %d" % (k, maxitems))
            else:
                for x in v:
                    if check_string(errs, k + " item", x, 64) and not re.fullmatch(r"[^:\s][^:]*:\S.*", x):
                        errs.append("%s: %r is not VOCABULARY:CODE" % (k, x))
                if len(set(map(str, v))) != len(v):
                    errs.append("%s: duplicates" % k)
    if "partners" in rec:
        p = rec["partners"]
        if not isinstance(p, list) or len(p) > 100:
            errs.append("partners: not a list of at most 100")
        else:
            for x in p:
                if not isinstance(x, dict) or "name" not in x:
                    errs.append("partners: item without name")
                    continue
                for k in x:
                    if k not in PARTNER_FIELDS:
                        errs.append("partners: unknown field %r" % k)
                    else:
                        check_string(errs, "partners." + k, x[k], 500)
    if "scope" in rec and rec["scope"] not in SCOPES:
        errs.append("scope %r not allowed" % rec["scope"])
    if "status" in rec and rec["status"] not in STATUSES:
        errs.append("status %r not allowed" % rec["status"])
    for k in ("start_date", "end_date"):
        if k in rec and not valid_date(rec[k]):
            errs.append("%s %r: not YYYY, YYYY-MM or YYYY-MM-DD" % (k, rec[k]))
    if valid_date(rec.get("start_date")) and valid_date(rec.get("end_date")):
        if rec["end_date"][:len(rec["start_date"])] < rec["start_date"][:len(rec["end_date"])]:
            errs.append("end_date before start_date")
    if "language" in rec and not (isinstance(rec["language"], str) and re.fullmatch(r"[a-z]{2}", rec["language"])):
        errs.append("language %r: not an ISO 639-1 code" % (rec["language"],))
    if "tags" in rec:
        t = rec["tags"]
        if not isinstance(t, list) or len(t) > 500:
            errs.append("tags: not a list of at most 500")
        else:
            seen = set()
            for x in t:
                if not isinstance(x, dict):
                    errs.append("tags: item not an object")
                    continue
                for k in x:
                    if k not in TAG_FIELDS:
                        errs.append("tags: unknown field %r" % k)
                scheme, code = x.get("scheme"), x.get("code")
                if scheme == "action_line":
                    ok = code in ACTION_LINES
                elif scheme == "sdg":
                    ok = isinstance(code, str) and code.isdigit() and 1 <= int(code) <= 17 and str(int(code)) == code
                elif scheme == "sdg_target":
                    ok = isinstance(code, str) and (code in ref.sdg_targets if ref.sdg_targets
                                                    else bool(re.fullmatch(r"(?:[1-9]|1[0-7])\.(?:\d{1,2}|[a-z])", code)))
                elif scheme == "gdc":
                    ok = code in ("1", "2", "3", "4", "5")
                else:
                    errs.append("tags: unknown scheme %r" % (scheme,))
                    continue
                if not ok:
                    errs.append("tags: %r is not a valid %s code" % (code, scheme))
                if "origin" in x and x["origin"] not in TAG_ORIGINS:
                    errs.append("tags: origin %r not allowed" % (x["origin"],))
                if "score" in x and x["score"] is not None:
                    s = x["score"]
                    if isinstance(s, bool) or not isinstance(s, (int, float)) or not 0 <= s <= 1:
                        errs.append("tags: score %r not in 0..1" % (s,))
                if (scheme, code) in seen:
                    errs.append("tags: duplicate %s %s" % (scheme, code))
                seen.add((scheme, code))
    return errs


def reject_duplicate_keys(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError("duplicate key %r" % k)
        d[k] = v
    return d


def check_jsonl_bytes(data, name, ref, keys_seen):
    """Check serialized JSON Lines; returns the number of records."""
    errs = []
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        fail("%s: not valid UTF-8: %s" % (name, e))
    if text.startswith("\ufeff"):
        errs.append("%s: starts with a BOM" % name)
    if text and not text.endswith("\n"):
        errs.append("%s: last line not terminated" % name)
    n = 0
    for lineno, line in enumerate(text.split("\n")[:-1], 1):
        if not line.strip():
            errs.append("%s:%d: blank line" % (name, lineno))
            continue
        try:
            rec = json.loads(line, object_pairs_hook=reject_duplicate_keys)
        except ValueError as e:
            errs.append("%s:%d: not JSON: %s" % (name, lineno, e))
            continue
        n += 1
        for e in check_record(rec, ref):
            errs.append("%s:%d: %s" % (name, lineno, e))
        if isinstance(rec, dict) and "source" in rec:
            key = (rec.get("source"), rec.get("source_id"))
            if key in keys_seen:
                errs.append("%s:%d: duplicate (source, source_id) %r, first in %s"
                            % (name, lineno, key, keys_seen[key]))
            keys_seen[key] = "%s:%d" % (name, lineno)
    if errs:
        fail("validation failed:\n  " + "\n  ".join(errs[:50])
             + ("\n  ... and %d more" % (len(errs) - 50) if len(errs) > 50 else ""))
    return n


FIELD_ORDER = ["id", "source", "source_id", "title", "summary", "description", "organisation",
               "stakeholder_type", "countries", "regions", "scope", "sectors", "partners",
               "start_date", "end_date", "status", "url", "language", "state", "tags",
               "created_at", "updated_at"]


def canonical(rec):
    """Fields in one fixed order (docs/data-format.md order), so output is stable."""
    unknown = set(rec) - set(FIELD_ORDER)
    if unknown:
        fail("record %r: unknown fields %s" % (rec.get("source_id"), sorted(unknown)))
    return {k: rec[k] for k in FIELD_ORDER if k in rec}


def dump_jsonl(records):
    return "".join(json.dumps(canonical(r), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for r in records).encode("utf-8")


# --------------------------------------------------------------------------
# WSIS Prizes 2015
# --------------------------------------------------------------------------


def convert_wsis(shared, ref, stats):
    path = os.path.join(shared, "projects", "wsis_prizes_2015_nominated_projects.csv")
    rows = read_csv(path)
    if not rows or list(rows[0].keys()) != ["Category", "Project", "Organisation", "Country"]:
        fail("%s: unexpected columns" % path)
    st = stats["wsis"] = collections.Counter()
    st["rows"] = len(rows)

    for rowno, cols in WSIS_ROW_REPAIRS.items():
        r = rows[rowno - 1]
        for col, (old, new) in cols.items():
            if r[col] != old:
                fail("wsis row %d: expected %s=%r for the repair, found %r" % (rowno, col, old, r[col]))
            r[col] = new
        st["rows_split_repaired"] += 1

    for col, old, new, times in WSIS_TEXT_REPAIRS:
        hits = [r for r in rows if old in r[col]]
        if len(hits) != times:
            fail("wsis text repair %r in %s: expected %d hit(s), found %d" % (old, col, times, len(hits)))
        for r in hits:
            r[col] = r[col].replace(old, new)
            r.setdefault("_repaired", set()).add(col)
    st["rows_mojibake_repaired"] = sum(1 for r in rows if "_repaired" in r)
    for i, r in enumerate(rows, 1):
        for col in ("Category", "Project", "Organisation", "Country"):
            if MOJIBAKE_RE.search(r[col]):
                fail("wsis row %d: unrepaired mojibake in %s: %r" % (i, col, r[col]))

    # country names -> ISO2 (explicit, fail on anything unmapped)
    country_map = {}
    for name in sorted({r["Country"].strip() for r in rows}):
        if not name or name in WSIS_NON_COUNTRY:
            continue
        auto = ref.lookup_name(name)
        hand = WSIS_COUNTRY_HAND.get(name)
        if hand and auto and hand != auto:
            fail("wsis country %r: hand mapping %s conflicts with table mapping %s" % (name, hand, auto))
        code = hand or auto
        if not code:
            fail("wsis country name %r is not mapped: add it to WSIS_COUNTRY_HAND" % name)
        if code not in ref.iso2:
            fail("wsis country %r -> %r is not a valid ISO2 code" % (name, code))
        country_map[name] = (code, "hand" if hand else "table")
    unused = set(WSIS_COUNTRY_HAND) - set(country_map)
    if unused:
        fail("unused WSIS_COUNTRY_HAND entries: %s" % sorted(unused))
    stats["wsis_country_map"] = country_map

    categories = collections.Counter()
    records, used_ids = [], set()
    for i, r in enumerate(rows, 1):
        cat = r["Category"].strip()
        if cat not in WSIS_CATEGORY_TO_ACTION_LINE:
            fail("wsis row %d: unmapped category %r" % (i, cat))
        al = WSIS_CATEGORY_TO_ACTION_LINE[cat]
        categories[cat] += 1
        title = re.sub(r"\s+", " ", r["Project"]).strip()
        org = re.sub(r"\s+", " ", r["Organisation"]).strip()
        if org != r["Organisation"]:
            st["organisation_whitespace_trimmed"] += 1
        country = r["Country"].strip()
        if not title:
            fail("wsis row %d: empty title" % i)

        prefix = al.lower().replace(".", "-")
        base = prefix + "-" + (slugify(title) or "row%d" % i)
        sid, n = base, 2
        while sid in used_ids:
            sid = "%s-%d" % (base, n)
            n += 1
        if sid != base:
            st["source_id_suffixed"] += 1
        used_ids.add(sid)

        rec = {"source": "wsis-prizes-2015", "source_id": sid, "title": title}
        organisation = {"name": org} if org else None
        countries, scope = [], None
        if country in country_map:
            code = country_map[country][0]
            countries = [code]
            if organisation:
                organisation["country"] = code
        elif country in WSIS_NON_COUNTRY:
            scope = WSIS_NON_COUNTRY[country]
            st["no_country_" + country] += 1
        elif not country:
            st["no_country_empty"] += 1
        else:
            fail("wsis row %d: country %r unmapped" % (i, country))
        if organisation:
            rec["organisation"] = organisation
        else:
            st["no_organisation"] += 1
        if countries:
            rec["countries"] = countries
        if scope:
            rec["scope"] = scope
        rec["language"] = "en"
        rec["tags"] = [{"scheme": "action_line", "code": al, "origin": "submitter"}]
        records.append(rec)
    stats["wsis_categories"] = categories
    st["records"] = len(records)
    return records


# --------------------------------------------------------------------------
# World Bank
# --------------------------------------------------------------------------


def wb_is_government(name):
    return bool(WB_GOV_RE.search(name)) and not WB_NONGOV_RE.search(name)


def convert_worldbank(shared, ref, stats):
    path = os.path.join(shared, "projects", "world_bank_projects_500.csv")
    rows = read_csv(path)
    expected = ["id", "project_name", "countryname", "countryshortname", "countrycode_iso2",
                "regionname", "boardapprovaldate", "closingdate", "status", "totalamt_usd",
                "lendinginstr", "impagency", "sectors", "major_themes", "themes", "abstract", "url"]
    if not rows or list(rows[0].keys()) != expected:
        fail("%s: unexpected columns" % path)
    st = stats["wb"] = collections.Counter()
    st["rows"] = len(rows)
    gov_names, nongov_names = set(), set()
    code_use = collections.Counter()

    records, seen = [], set()
    for i, r in enumerate(rows, 1):
        pid = r["id"].strip()
        if not re.fullmatch(r"P\d{6}", pid):
            fail("worldbank row %d: unexpected id %r" % (i, pid))
        if pid in seen:
            fail("worldbank row %d: duplicate id %s" % (i, pid))
        seen.add(pid)
        title = re.sub(r"\s+", " ", r["project_name"]).strip()
        if not title:
            fail("worldbank row %d: empty project_name" % i)
        rec = {"source": "worldbank", "source_id": pid, "title": title}

        abstract = r["abstract"].strip()
        if abstract:
            fixed = repair_cp1252_controls(abstract)
            if fixed != abstract:
                st["abstract_cp1252_repaired"] += 1
            abstract = fixed
            summary = first_sentence(abstract)
            if len(summary) <= 2000 and len(summary.encode("utf-8")) <= 2000:
                rec["summary"] = summary
                st["summary"] += 1
            else:
                st["summary_too_long_skipped"] += 1
            rec["description"] = abstract
            st["description"] += 1

        # country
        code = r["countrycode_iso2"].strip()
        short = r["countryshortname"].strip()
        iso2, scope = None, None
        if code in WB_CODE_HAND:
            exp_name, iso2 = WB_CODE_HAND[code]
            if short != exp_name:
                fail("worldbank row %d: code %s is %r, expected %r" % (i, code, short, exp_name))
            scope = "national"
            code_use["hand:%s->%s (%s)" % (code, iso2, short)] += 1
        elif code in WB_CODE_NONCOUNTRY:
            exp_name, scope = WB_CODE_NONCOUNTRY[code]
            if short != exp_name:
                fail("worldbank row %d: code %s is %r, expected %r" % (i, code, short, exp_name))
            code_use["none:%s (%s) -> scope %s" % (code, short, scope)] += 1
        elif code in WB_CODE_NO_ISO:
            exp_name, scope = WB_CODE_NO_ISO[code]
            if short != exp_name:
                fail("worldbank row %d: code %s is %r, expected %r" % (i, code, short, exp_name))
            code_use["noiso:%s (%s)" % (code, short)] += 1
        elif code in ref.iso2:
            # cross-check the code against the country name
            by_name = (WB_NAME_HAND.get(short) or ref.lookup_name(short)
                       or ref.lookup_name(r["countryname"]))
            if by_name is None:
                fail("worldbank row %d: cannot verify %s against name %r" % (i, code, short))
            if by_name != code:
                fail("worldbank row %d: code %s but name %r means %s" % (i, code, short, by_name))
            iso2, scope = code, "national"
        else:
            fail("worldbank row %d: unknown country code %r (%r)" % (i, code, short))
        if iso2:
            rec["countries"] = [iso2]
        else:
            st["no_country_" + (scope or "none")] += 1

        # organisation
        agency = unicodedata.normalize("NFKC", r["impagency"])
        agency = re.sub(r"\s+", " ", agency).strip()
        if agency != r["impagency"]:
            st["impagency_normalised"] += 1
        if agency in WB_IMPAGENCY_PLACEHOLDERS:
            st["impagency_placeholder"] += 1
            agency = ""
        if not agency or agency in WB_IMPAGENCY_IS_BANK:
            if not agency:
                st["impagency_missing"] += 1
            else:
                st["impagency_world_bank"] += 1
            org = {"name": "World Bank"}
        else:
            org = {"name": agency}
            if wb_is_government(agency):
                org["stakeholder_type"] = "government"
                gov_names.add(agency)
                st["organisation_government"] += 1
            else:
                nongov_names.add(agency)
        if iso2:
            org["country"] = iso2
        rec["organisation"] = org
        if scope:
            rec["scope"] = scope

        sectors = []
        for s in r["sectors"].split(";"):
            s = re.sub(r"\s+", " ", s).strip()
            if not s:
                continue
            item = "WB:" + s
            if len(item) > 64 or len(item.encode("utf-8")) > 64:
                st["sector_too_long_skipped"] += 1
                continue
            if item in sectors:
                st["sector_duplicate_skipped"] += 1
                continue
            sectors.append(item)
        if sectors:
            rec["sectors"] = sectors
            st["sector_items"] += len(sectors)
        rec["partners"] = [{"name": "World Bank", "role": "funding"}]

        start = r["boardapprovaldate"].strip()
        end = r["closingdate"].strip()
        if start:
            if not valid_date(start) or len(start) != 10:
                fail("worldbank row %d: bad boardapprovaldate %r" % (i, start))
            rec["start_date"] = start
        else:
            st["no_start_date"] += 1
        if end:
            if not valid_date(end) or len(end) != 10:
                fail("worldbank row %d: bad closingdate %r" % (i, end))
            if start and end < start:
                # contradictory in the source (also in the raw JSON): keep the
                # approval date, drop the closing date
                st["end_before_start_dropped"] += 1
                stats.setdefault("wb_end_before_start", []).append("%s (approved %s, closing %s)" % (pid, start, end))
            else:
                rec["end_date"] = end
        else:
            st["no_end_date"] += 1

        status = r["status"].strip()
        if status == "Active":
            rec["status"] = "ongoing"
        elif status == "Closed":
            rec["status"] = "completed"
        else:
            st["status_omitted_%s" % (status or "empty")] += 1
        st["status_" + (status or "empty")] += 1

        url = r["url"].strip()
        quoted = urllib.parse.quote(url, safe="/:?&=#%+;,@!$'()*~-._")
        if quoted != url:
            st["url_percent_encoded"] += 1
            url = quoted
        if url:
            if not re.match(r"https?://\S+$", url):
                fail("worldbank row %d: bad url %r" % (i, url))
            rec["url"] = url
        rec["language"] = "en"
        records.append(rec)
    st["records"] = len(records)
    stats["wb_gov_names"] = sorted(gov_names)
    stats["wb_nongov_names"] = sorted(nongov_names)
    stats["wb_code_use"] = code_use
    return records


# --------------------------------------------------------------------------
# copies
# --------------------------------------------------------------------------


def inspect_dpg(path):
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            obj = json.loads(line)
            if not ("sdgs" in obj and "stage" in obj and "id" in obj):
                fail("%s:%d: not a DPG candidate record" % (path, n))
            counts[obj["stage"]] += 1
            counts["_total"] += 1
            if obj.get("deployment_countries") or obj.get("development_countries"):
                counts["_with_countries"] += 1
    return counts


def inspect_iati(path):
    root = ET.parse(path).getroot()
    acts = root.findall(".//iati-activity") if root.tag != "iati-activity" else [root]
    orgs = collections.Counter((a.findtext("reporting-org") or "").strip() for a in acts)
    return {"version": root.get("version", ""), "activities": len(acts), "reporting_orgs": orgs}


# --------------------------------------------------------------------------
# SOURCES.md
# --------------------------------------------------------------------------


def sources_md(stats, dpg, iati, copies):
    w, b = stats["wsis"], stats["wb"]
    out = []
    a = out.append
    a("# data/sample: sources, licences, conversion")
    a("")
    a("Demo and test data for stocktake, made from real public records by "
      "`scripts/convert-sample.py` (run it again to rebuild this folder; it reads the shared "
      "data folder, whose `SOURCES.md` is the origin of the provenance given here). "
      "The `.jsonl` files marked *converted* are in stocktake's record format "
      "(`docs/data-format.md`); the others are unchanged copies for stocktake's "
      "`--format dpg` and `--format iati` importers. No record sets `state`: the importer's "
      "`--state` applies.")
    a("")
    a("| file | records | kind |")
    a("|---|---|---|")
    a("| `wsis_prizes_2015.jsonl` | %d | converted |" % w["records"])
    a("| `worldbank.jsonl` | %d | converted |" % b["records"])
    a("| `dpg_candidates.jsonl` | %d | copy |" % dpg["_total"])
    for name in sorted(iati):
        n = iati[name]["activities"]
        a("| `iati/%s` | %d %s | copy |" % (name, n, "activity" if n == 1 else "activities"))
    a("")

    a("## wsis_prizes_2015.jsonl (converted)")
    a("")
    a("- **Source:** shared `projects/wsis_prizes_2015_nominated_projects.csv`, from %s, "
      "scraped from ITU's WSIS Project Prizes 2015 list of nominated projects." % UPSTREAM["wsis"])
    a("- **Licence:** the scraping repository is MIT-licensed; the content (project titles, "
      "organisations, categories) was published by ITU, which states no licence for it.")
    a("- **Attribution:** \"WSIS Project Prizes 2015 nominated projects, International "
      "Telecommunication Union (ITU); scraped by anjesh/wsis-projects-2015 (MIT).\"")
    a("- **Records:** %d of %d rows; none dropped. `source` = `wsis-prizes-2015`; `source_id` = "
      "the action line code and a slug of the title, e.g. `c7-e-health-mobile-health-information-system` "
      "(%d needed a numeric suffix)." % (w["records"], w["rows"], w["source_id_suffixed"]))
    a("- **Mapping:** Project → `title`; Organisation → `organisation.name`; Country → ISO 3166-1 "
      "alpha-2 in `countries` and `organisation.country` (the source's Country is the nominee's; "
      "it is used as given); Category → one `action_line` tag with "
      "origin `submitter`; `language` = `en` (some titles are in Spanish, French, Polish; the "
      "source gives no language). The source has no descriptions, so there is no `summary` or "
      "`description`.")
    cats = stats["wsis_categories"]
    a("- **Categories** (%d) → action lines:" % len(cats))
    for cat, code in WSIS_CATEGORY_TO_ACTION_LINE.items():
        a("  - `%s` → `%s` (%d)" % (cat, code, cats.get(cat, 0)))
    hand = {k: v for k, (v, how) in stats["wsis_country_map"].items() if how == "hand"}
    a("- **Countries:** %d distinct country names, mapped with the English name columns of "
      "`regions/country_codes_datasets.csv` and `regions/unsd_m49_en.csv`; %d by hand: %s."
      % (len(stats["wsis_country_map"]), len(hand),
         ", ".join("%s → %s" % (k, v) for k, v in sorted(hand.items()))))
    nc = w["no_country_INTERNATIONAL"]
    a("- **Without a country:** %d rows whose Country is `INTERNATIONAL`: `countries` left empty, "
      "`scope` = `international`, no `organisation.country` (one of them, a World Bank entry, is "
      "about a city in Chile; not inferred)." % nc)
    a("- **Changed:** %d row where the scraper split the organisation \"Meditech Solution Co, Ltd.\" "
      "at its comma (Country read \"Ltd., THAILAND\") was rejoined; %d rows with mojibake the shared "
      "folder left in place (\"Ã_\", \"â€_\", \"à__\") were repaired by hand where the word is "
      "certain (e.g. \"En TIC ConfÃ_o\" → \"En TIC Confío\", \"TelefÃ_nica\" → \"Telefónica\", "
      "\"dla szkÃ_l\" → \"dla szkół\", a stray \"à__\" before \"Utokapat Foundation\" removed); "
      "%d organisation names had surrounding spaces trimmed."
      % (w["rows_split_repaired"], w["rows_mojibake_repaired"], w["organisation_whitespace_trimmed"]))
    a("- **Left as in the source:** organisation names truncated or garbled by the scraper "
      "(\"tal Government Unit of the Ministry of Public Administration …\", \"… Presidency of the "
      "Republi\", \"Communications and Information Technology Commission (CITC)\" written twice), "
      "commas inside organisation names that the scraper turned into \";\", and two nominees that "
      "are individuals' names.")
    a("")

    a("## worldbank.jsonl (converted)")
    a("")
    a("- **Source:** shared `projects/world_bank_projects_500.csv`, flattened from "
      "`projects/world_bank_projects_500.json`, from %s — a 500-project sample of the World Bank "
      "Projects API, c. 2013." % UPSTREAM["worldbank"])
    a("- **Licence:** World Bank data, CC BY 4.0 (World Bank terms of use for datasets); the "
      "repository it was taken from has no licence.")
    a("- **Attribution:** \"World Bank Projects & Operations data, The World Bank, CC BY 4.0.\"")
    a("- **Records:** %d of %d rows; none dropped. `source` = `worldbank`, `source_id` = the "
      "project id (e.g. `P129828`)." % (b["records"], b["rows"]))
    a("- **Mapping:** project_name → `title`; abstract → `description` (%d rows have one) and its "
      "first sentence → `summary` (%d); impagency → `organisation.name` (\"World Bank\" when "
      "missing: %d, a placeholder such as \"TO BE DETERMINED\" or \"NGO\": %d, or \"WORLD BANK\"/"
      "\"BANK EXECUTED\": %d), with `stakeholder_type` `government` when the name is a ministry, "
      "government, department or state agency (%d; a keyword rule, otherwise omitted) and "
      "`organisation.country` = the project country; a partner `{\"name\":\"World Bank\","
      "\"role\":\"funding\"}` on every record; boardapprovaldate → `start_date`; closingdate → "
      "`end_date` (%d rows have none); status Active → `ongoing` (%d), Closed → `completed` (%d); "
      "url → `url`; sector names → `sectors` as `WB:<name>` (%d items; %d over 64 characters "
      "skipped); `language` = `en`."
      % (b["description"], b["summary"], b["impagency_missing"], b["impagency_placeholder"],
         b["impagency_world_bank"], b["organisation_government"], b["no_end_date"],
         b["status_Active"], b["status_Closed"], b["sector_items"], b["sector_too_long_skipped"]))
    a("- **Countries:** `countrycode_iso2` → `countries` and `scope` = `national` when it is a valid "
      "ISO 3166-1 alpha-2 code (each checked against the country name). World Bank codes for single "
      "countries that are not ISO codes were mapped by hand: RY → YE (Yemen), TP → TL (Timor-Leste), "
      "ZR → CD (DR Congo), YF → RS (Serbia), GZ → PS (West Bank and Gaza).")
    a("- **Without a country:** %d regional projects (World Bank codes 3A, 4E, 4P, 5M, 7E, 8S: "
      "`scope` = `regional`), %d world-wide (1W: `scope` = `international`) and %d in Kosovo (XK, "
      "which has no code in the UNSD M49 table: `scope` = `national`)."
      % (b["no_country_regional"], b["no_country_international"], b["no_country_national"]))
    a("- **Changed:** %d abstracts had Windows-1252 punctuation stored as C1 control characters "
      "(U+0092 for ’, U+0097 for —) repaired; %d implementing-agency names had whitespace or "
      "full-width characters normalised (NFKC); %d URLs had non-ASCII characters percent-encoded "
      "(a U+3000 ideographic space, a ’); %d closing dates earlier than the board approval date "
      "(so in the raw JSON too) were left out, keeping the approval date: %s."
      % (b["abstract_cp1252_repaired"], b["impagency_normalised"], b["url_percent_encoded"],
         b["end_before_start_dropped"], "; ".join(stats.get("wb_end_before_start", [])) or "none"))
    a("- **Dropped:** columns countryname, countryshortname, regionname, totalamt_usd, "
      "lendinginstr, major_themes and themes (the format has no fields for them). Agency names stay "
      "in the source's upper case; some are cut at 60 characters by the World Bank API.")
    a("")

    a("## dpg_candidates.jsonl (copy)")
    a("")
    a("- **Source:** shared `projects/dpg_candidates.jsonl`, converted by the shared folder from %s."
      % UPSTREAM["dpg"])
    a("- **Licence:** the Unlicense (public domain dedication) of the DPG Alliance repository.")
    a("- **Attribution (courtesy):** \"Digital Public Goods Alliance, publicgoods-candidates.\"")
    a("- **Content:** %d records (%s); %d with development/deployment countries. Copied byte for byte "
      "(sha256 `%s`). Contact names and e-mail addresses were already dropped by the shared folder's "
      "conversion. Read it with `stocktake import --format dpg`."
      % (dpg["_total"], ", ".join("%d %s" % (v, k) for k, v in sorted(dpg.items()) if not k.startswith("_")),
         dpg["_with_countries"], copies["dpg_candidates.jsonl"]))
    a("")

    a("## iati/*.xml (copies)")
    a("")
    a("- **Source:** shared `projects/iati_samples/*.xml`, from %s (test fixtures of the IATI "
      "Datastore)." % UPSTREAM["iati"])
    a("- **Licence:** the IATI-Datastore repository is AGPL-3.0; the activity data was published "
      "to the IATI Registry by the named reporting organisations under IATI open licences "
      "(`CD.xml` carries its registry record with `license=\"IATI\"`; the other files state none).")
    a("- **Attribution:** the reporting organisation of each file (below), via the IATI Registry.")
    a("- **Content:** IATI activity XML versions 1.00–1.01 (older than the current 2.03; no SDG "
      "tags). Copied byte for byte. Read them with `stocktake import --format iati`. The files "
      "contain the publishers' contact details as published (organisation addresses and e-mails; "
      "`single_activity.xml` names a staff member).")
    a("")
    a("| file | IATI version | activities | reporting organisation | sha256 |")
    a("|---|---|---|---|---|")
    for name in sorted(iati):
        info = iati[name]
        orgs = "; ".join("%s (%d)" % (k, v) for k, v in info["reporting_orgs"].most_common())
        a("| `%s` | %s | %d | %s | `%s` |" % (name, info["version"] or "—", info["activities"], orgs,
                                             copies["iati/" + name]))
    a("")
    return "\n".join(out)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------


def write_atomic(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared", nargs="?", default=os.path.join(REPO_ROOT, "..", "shared", "data"),
                    help="shared data folder (default: ../shared/data relative to the repo root)")
    ap.add_argument("--out", default=os.path.join(REPO_ROOT, "data", "sample"),
                    help="output folder (default: data/sample in the repo)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the mappings used")
    args = ap.parse_args(argv)
    shared = os.path.normpath(args.shared)
    out = os.path.normpath(args.out)

    try:
        if not os.path.isdir(os.path.join(shared, "projects")):
            fail("%s does not look like the shared data folder (no projects/)" % shared)
        ref = Reference(shared)
        stats = {}
        wsis = convert_wsis(shared, ref, stats)
        wb = convert_worldbank(shared, ref, stats)

        outputs = {
            "wsis_prizes_2015.jsonl": dump_jsonl(wsis),
            "worldbank.jsonl": dump_jsonl(wb),
        }
        keys = {}
        counts = {name: check_jsonl_bytes(data, name, ref, keys) for name, data in outputs.items()}

        # copies
        dpg_src = os.path.join(shared, "projects", "dpg_candidates.jsonl")
        dpg = inspect_dpg(dpg_src)
        iati_dir = os.path.join(shared, "projects", "iati_samples")
        iati_files = sorted(f for f in os.listdir(iati_dir) if f.endswith(".xml"))
        if len(iati_files) != 6:
            fail("expected 6 IATI sample files, found %d" % len(iati_files))
        iati = {f: inspect_iati(os.path.join(iati_dir, f)) for f in iati_files}
        copies = {"dpg_candidates.jsonl": sha256_file(dpg_src)}
        for f in iati_files:
            copies["iati/" + f] = sha256_file(os.path.join(iati_dir, f))

        md = sources_md(stats, dpg, iati, copies).encode("utf-8")

        # everything checked: write
        for name, data in outputs.items():
            write_atomic(os.path.join(out, name), data)
        for rel, digest in copies.items():
            src = dpg_src if rel == "dpg_candidates.jsonl" else os.path.join(iati_dir, rel[5:])
            dst = os.path.join(out, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst + ".tmp")
            os.replace(dst + ".tmp", dst)
            if sha256_file(dst) != digest:
                fail("copy of %s differs from its source" % rel)
        write_atomic(os.path.join(out, "SOURCES.md"), md)

        # re-read what was written and check it again
        keys = {}
        for name in outputs:
            with open(os.path.join(out, name), "rb") as f:
                if check_jsonl_bytes(f.read(), name, ref, keys) != counts[name]:
                    fail("%s: record count changed on re-reading" % name)
    except ConversionError as e:
        print("convert-sample: error: %s" % e, file=sys.stderr)
        return 1

    w, b = stats["wsis"], stats["wb"]
    cats = stats["wsis_categories"]
    print("wsis_prizes_2015.jsonl: %d records; per category: %s" % (
        counts["wsis_prizes_2015.jsonl"],
        ", ".join("%s %d" % (WSIS_CATEGORY_TO_ACTION_LINE[c], n)
                  for c, n in sorted(cats.items(), key=lambda kv: ACTION_LINES.index(WSIS_CATEGORY_TO_ACTION_LINE[kv[0]])))))
    print("  without country: %d (INTERNATIONAL -> scope international); repaired: %d split row, %d mojibake rows"
          % (w["no_country_INTERNATIONAL"], w["rows_split_repaired"], w["rows_mojibake_repaired"]))
    print("worldbank.jsonl: %d records; %d with summary/description, %d government organisations, "
          "without country: %d regional, %d international, %d national (XK)"
          % (counts["worldbank.jsonl"], b["summary"], b["organisation_government"],
             b["no_country_regional"], b["no_country_international"], b["no_country_national"]))
    print("dpg_candidates.jsonl: %d records (copied); iati/: %d files, %d activities (copied)"
          % (dpg["_total"], len(iati), sum(v["activities"] for v in iati.values())))
    print("all records valid; (source, source_id) unique; written to %s" % out)
    if args.verbose:
        print("\nWSIS country names:")
        for k, (v, how) in sorted(stats["wsis_country_map"].items()):
            print("  %-40s %s  %s" % (k, v, how))
        print("\nWorld Bank non-ISO codes:")
        for k, v in sorted(stats["wb_code_use"].items()):
            print("  %-60s %d" % (k, v))
        print("\nWorld Bank agencies typed government (%d):" % len(stats["wb_gov_names"]))
        for n in stats["wb_gov_names"]:
            print("  " + n)
        print("\nWorld Bank agencies left untyped (%d):" % len(stats["wb_nongov_names"]))
        for n in stats["wb_nongov_names"]:
            print("  " + n)
        print("\nstats:", dict(w), dict(b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
