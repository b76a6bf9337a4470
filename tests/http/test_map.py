#!/usr/bin/env python3
"""test_map.py - POST /api/v1/map: a text mapped to the frameworks by the server's model.

- A health text gets SDG 3 (score at least 0.5) and e-health; French and Spanish texts get
  their SDGs and are read in their language; a "lang" hint is followed.
- The answer is, byte for byte, the line `stocktake map --jsonl [--explain]` writes for
  the same {"id", "text"} (and without an id, the same object without "id"); with
  "explain" every evidence span is the text's own bytes; the same request twice gives the
  same bytes.
- No account is needed and nothing is stored.
- Limits and errors, each as {"error": {"code", "message", "field"}}: 415 for a body that is
  not JSON, 400 for bad JSON, a non-object, a missing or non-string text, a bad lang (also
  a language the mapping does not know, named with the codes it takes, as `map --jsonl`
  words it) or explain; 413 for a text of 100,001 bytes (also when it is 50,001 two-byte characters)
  while 100,000 bytes pass; 413 for a body over the server's limit; 405 for GET.
- The model is loaded at start-up: a server whose model is missing (--model, the `model`
  setting of the config file, STOCKTAKE_MODEL) or corrupt still starts, logs a warning
  naming the file, and answers 503; --model overrides a bad STOCKTAKE_MODEL.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Client, Server, one, run, tap  # noqa: E402

JSON = {"Content-Type": "application/json"}
HEALTH = ("Rural telemedicine network. Clinics in 40 villages consult specialists over mobile "
          "broadband to improve maternal health and reduce child mortality.")
FRENCH = ("Vaccination des enfants et santé maternelle dans les centres de santé ruraux, avec "
          "des consultations de télémédecine.")
FRENCH_EDU = ("Accès à l'éducation primaire de qualité pour les filles dans les zones rurales "
              "et formation des enseignants.")
SPANISH = ("Energía solar y eficiencia energética para reducir las emisiones y combatir el "
           "cambio climático en las ciudades.")
SPANISH_EDU = ("Acceso a la educación primaria de calidad para niñas en zonas rurales, con "
               "formación de docentes y escuelas conectadas.")


def post(c, body, headers=JSON):
    if not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    return c.request("POST", "/api/v1/map", body=body, headers=headers)


def cli_lines(lines, *flags):
    """What `stocktake map --jsonl FLAGS` writes for the JSON lines given."""
    p = run("map", "--jsonl", *flags, input="".join(json.dumps(l) + "\n" for l in lines))
    return p.stdout.splitlines()


def error_is(name, r, status, code, field):
    try:
        e = r.json().get("error", {})
    except ValueError:
        e = {}
    tap.check(f"{name}: {status} {code}" + (f" naming {field}" if field else ""),
              r.status == status and e.get("code") == code and e.get("field") == field and
              isinstance(e.get("message"), str) and e.get("message"),
              f"{r.status} {r.text[:300]}")


srv = Server(sample=False)
c = Client(srv)
audits = one(srv, "SELECT count(*) FROM audit")

# ---- what it answers ----
r = post(c, {"text": HEALTH})
tap.equal("a health text answers 200", r.status, 200)
tap.check("as application/json", (r.header("content-type") or "").startswith("application/json"))
ans = r.json()
tap.check("a health text gets SDG 3", 3 in ans["sdgs"], ans["sdgs"])
tap.check("with a score of at least 0.5", ans["scores"]["sdg"]["3"] >= 0.5, ans["scores"]["sdg"])
tap.check("and Action Line C7.e-health", "C7.e-health" in ans["action_lines"], ans["action_lines"])
tap.check("it has a score for each of the 17 SDGs",
          sorted(ans["scores"]["sdg"], key=int) == [str(i) for i in range(1, 18)])
tap.check("every SDG with a score of 0.5 or more is listed, and only those",
          sorted(ans["sdgs"]) == sorted(int(k) for k, v in ans["scores"]["sdg"].items() if v >= 0.5),
          ans)
tap.equal("it is read as English", ans["language"], "en")
tap.check("without explain there is no evidence", "evidence" not in ans)
tap.check("without an id there is no id", "id" not in ans)

for name, text, lang, sdg in (("French health", FRENCH, "fr", 3), ("French education", FRENCH_EDU, "fr", 4),
                              ("Spanish energy", SPANISH, "es", 7), ("Spanish education", SPANISH_EDU, "es", 4)):
    a = post(c, {"text": text}).json()
    tap.check(f"a {name} text gets SDG {sdg}", sdg in a.get("sdgs", []), a.get("sdgs"))
    tap.equal(f"the {name} text is read as {lang}", a.get("language"), lang)
a = post(c, {"text": SPANISH}).json()
tap.check("the Spanish energy text gets SDG 13 too", 13 in a["sdgs"], a["sdgs"])
a = post(c, {"text": "Salud", "lang": "fr"}).json()
tap.equal("a lang hint is followed", a.get("language"), "fr")

# ---- the same bytes as the CLI ----
cases = [{"id": 1, "text": HEALTH}, {"id": "fr", "text": FRENCH},
         {"id": [1, "x"], "text": SPANISH_EDU, "lang": "es"}, {"id": None, "text": ""},
         {"id": 5, "text": "Ünïcödé ✓ 漢字 and العربية in one text about schools"}]
want = cli_lines(cases)
for case, line in zip(cases, want):
    r = post(c, case)
    tap.equal(f"id {case['id']!r}: the answer is the CLI's line byte for byte", r.body.decode().rstrip("\n"),
              line)
want = cli_lines(cases[:3], "--explain")
for case, line in zip(cases[:3], want):
    r = post(c, dict(case, explain=True))
    tap.equal(f"id {case['id']!r} with explain: the CLI's --explain line byte for byte",
              r.body.decode().rstrip("\n"), line)
r = post(c, {"text": HEALTH, "explain": False})
plain = json.loads(cli_lines([{"id": 0, "text": HEALTH}])[0])
del plain["id"]
tap.equal("without an id: the CLI's object without its id", r.json(), plain)
tap.equal("the same request twice gives the same bytes", post(c, {"text": HEALTH}).body,
          post(c, {"text": HEALTH}).body)

ex = post(c, {"text": HEALTH, "explain": True}).json()
raw = HEALTH.encode()
spans = [(scheme, code, e) for scheme, labels in ex["evidence"].items()
         for code, items in labels.items() for e in items]
tap.check("explain gives evidence for SDG 3", ex["evidence"]["sdg"].get("3"), ex.get("evidence"))
tap.check("every evidence span is the text's own bytes",
          spans and all(raw[e["start"]:e["end"]].decode() == e["text"] for _, _, e in spans),
          spans[:5])
tap.equal("evidence is given for exactly the labels found",
          {k: sorted(v) for k, v in ex["evidence"].items()},
          {"sdg": sorted(str(s) for s in ex["sdgs"]), "targets": sorted(ex["targets"]),
           "action_lines": sorted(ex["action_lines"]), "gdc": sorted(str(g) for g in ex["gdc"])})

# ---- no account, nothing stored ----
r = post(c, {"text": HEALTH}, headers=dict(JSON))
tap.check("no log-in or token is needed", r.status == 200 and not c.cookies.get("stocktake_session"))
tap.equal("nothing is audited", one(srv, "SELECT count(*) FROM audit"), audits)
tap.equal("nothing is stored", one(srv, "SELECT count(*) FROM initiative"), 0)

# ---- limits and errors ----
error_is("a form body", post(c, "text=health", {"Content-Type": "application/x-www-form-urlencoded"}),
         415, "unsupported_media_type", None)
error_is("no content type", post(c, json.dumps({"text": HEALTH}), {}), 415, "unsupported_media_type", None)
error_is("bad JSON", post(c, '{"text": "x"'), 400, "invalid", None)
error_is("a JSON array", post(c, '["health"]'), 400, "invalid", None)
error_is("a JSON string", post(c, '"health"'), 400, "invalid", None)
error_is("no text", post(c, {"txt": HEALTH}), 400, "invalid", "text")
error_is("a number as text", post(c, {"text": 3}), 400, "invalid", "text")
error_is("null as text", post(c, {"text": None}), 400, "invalid", "text")
error_is("a number as lang", post(c, {"text": HEALTH, "lang": 3}), 400, "invalid", "lang")
error_is("a 17-byte lang", post(c, {"text": HEALTH, "lang": "x" * 17}), 400, "invalid", "lang")
for bad in ("xx", "pt", "english", "e", "en\u0000x"):
    error_is(f"an unknown lang {bad!r}", post(c, {"text": HEALTH, "lang": bad}), 400, "invalid",
             "lang")
r = post(c, {"text": HEALTH, "lang": "xx"})
tap.equal("the refusal names the language and the accepted codes",
          r.json()["error"]["message"], 'Unknown language "xx": "lang" must be en, fr, es, ru, ar or '
          'zh, or left out to detect the language.')
tap.equal("as `map --jsonl` answers the same line",
          json.loads(cli_lines([{"id": 1, "text": HEALTH, "lang": "xx"}])[0])["error"],
          "line 1: " + r.json()["error"]["message"])
r = post(c, {"text": HEALTH, "lang": "xx"}, headers=dict(JSON, **{"Accept-Language": "es"}))
tap.check("and in the reader's language",
          r.status == 400 and r.json()["error"]["message"].startswith("Idioma desconocido"), r.text)
for ok, lang in (("ZH-Hans", "zh"), ("fr-CA", "fr"), ("es_MX", "es"), ("", "en")):
    r = post(c, {"text": HEALTH, "lang": ok})
    tap.check(f"lang {ok!r} is taken (read as {lang})",
              r.status == 200 and r.json()["language"] == lang, f"{r.status} {r.text[:200]}")
error_is("explain as a string", post(c, {"text": HEALTH, "explain": "yes"}), 400, "invalid", "explain")
error_is("a duplicate key", post(c, '{"text": "a", "text": "b"}'), 400, "invalid", None)
error_is("a text of 100,001 bytes", post(c, {"text": "health " * 14285 + "123456"}), 413, "too_large", "text")
error_is("50,001 two-byte characters (100,002 bytes)", post(c, {"text": "é" * 50001}), 413,
         "too_large", "text")
r = post(c, {"text": ("health " * 14286)[:100000]})
tap.check("a text of exactly 100,000 bytes is mapped", r.status == 200 and 3 in r.json()["sdgs"],
          f"{r.status} {r.text[:200]}")
r = post(c, {"text": "é" * 50000})
tap.equal("50,000 two-byte characters (100,000 bytes) are mapped", r.status, 200)
error_is("a body over the server's limit", post(c, json.dumps({"text": "x" * (1 << 20)})), 413,
         "too_large", None)
r = c.get("/api/v1/map")
tap.equal("GET is not allowed", r.status, 405)
tap.equal("the errors stored nothing either", one(srv, "SELECT count(*) FROM audit"), audits)
tap.check("the server logged no sanitizer report",
          "runtime error" not in srv.server_log() and "AddressSanitizer" not in srv.server_log(),
          srv.server_log()[-2000:])
srv.stop()

# ---- without a model ----
missing = os.path.join(srv.dir, "no-such-model.bin")
s2 = Server(sample=False, extra_args=["--model", missing])
r = post(Client(s2), {"text": HEALTH})
error_is("no model (--model names a missing file): the server runs and answers", r, 503, "unavailable", None)
log = s2.server_log()
tap.check("the start-up log warns, naming the file", "level=warn" in log and missing in log, log[-1500:])
tap.equal("the rest of the server works", Client(s2).get("/api/v1/frameworks").status, 200)
s2.stop()

corrupt = os.path.join(srv.dir, "corrupt.bin")
with open(corrupt, "wb") as f:
    f.write(b"STKMAP" + b"\0" * 4000)
s3 = Server(sample=False, env={"STOCKTAKE_MODEL": corrupt})
error_is("a corrupt model (STOCKTAKE_MODEL)", post(Client(s3), {"text": HEALTH}), 503, "unavailable", None)
tap.check("the warning names the corrupt file", corrupt in s3.server_log(), s3.server_log()[-1500:])
s3.stop()

conf = os.path.join(srv.dir, "stocktake.ini")
with open(conf, "w") as f:
    f.write(f"[server]\nmodel = {missing}\n")
s4 = Server(sample=False, extra_args=["--config", conf])
error_is("the config file's model setting is used", post(Client(s4), {"text": HEALTH}), 503,
         "unavailable", None)
s4.stop()

good = os.path.join(ROOT, "data", "model", "stocktake-map.bin")
s5 = Server(sample=False, extra_args=["--model", good], env={"STOCKTAKE_MODEL": missing})
r = post(Client(s5), {"text": HEALTH})
tap.check("--model overrides a bad STOCKTAKE_MODEL", r.status == 200 and 3 in r.json()["sdgs"],
          f"{r.status} {r.text[:200]}")
for s in (s2, s3, s4, s5):
    log = s.server_log()
    tap.check("no sanitizer report on a model-less server",
              "runtime error" not in log and "AddressSanitizer" not in log, log[-1500:])
s5.stop()
tap.finish()
