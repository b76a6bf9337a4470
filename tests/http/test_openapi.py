"""test_openapi.py - docs/openapi.json stays true to the program.

- GET /api/v1/openapi.json serves docs/openapi.json as it is, as application/json;
- every /api/v1 route of src/app/routes.c is documented with its method, and every
  documented operation answers on the server (neither 404 nor 405), filled in with the
  examples the document gives for its parameters;
- what the list, facets, one-initiative and frameworks endpoints answer, and their errors,
  validate against the schemas the document gives them (a checker for the subset of JSON
  Schema the document uses: $ref, type, required, properties, additionalProperties, items,
  enum, const, anyOf/oneOf, minimum/maximum, minItems).
"""
import json
import os
import re
import urllib.parse

from harness import ROOT, Client, Server, tap

DOC_PATH = os.path.join(ROOT, "docs", "openapi.json")
PREFIX = "/api/v1"
METHODS = {"GET": "get", "POST": "post", "PUT": "put", "PATCH": "patch", "DELETE": "delete"}


def api_routes():
    """(method, normalised path) of every /api/v1 route in routes.c; a parameter is '*'."""
    src = open(os.path.join(ROOT, "src", "app", "routes.c")).read()
    out = []
    for m in re.finditer(r'\{\s*HTTP_(\w+),\s*"([^"]+)",\s*\w+,\s*ROLE_\w+,\s*([^}]*)\}', src):
        method, pattern, flags = m.group(1), m.group(2), m.group(3)
        if not pattern.startswith(PREFIX + "/"):
            continue
        p = pattern[len(PREFIX):]
        if "ROUTE_PREFIX_ARG" in flags:
            p += "*"
        out.append((method, p))
    return out


def normalise(path):
    return re.sub(r"\{[^}]+\}", "*", path)


class Schemas:
    """Validates JSON values against the document's schemas (the subset it uses)."""

    def __init__(self, doc):
        self.doc = doc

    def resolve(self, s):
        while "$ref" in s:
            ref = s["$ref"]
            assert ref.startswith("#/"), ref
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            s = node
        return s

    TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}

    def type_ok(self, v, t):
        if t == "integer":
            return isinstance(v, int) and not isinstance(v, bool)
        if t == "number":
            return isinstance(v, (int, float)) and not isinstance(v, bool)
        return isinstance(v, self.TYPES[t])

    def errors(self, v, s, where="$"):
        s = self.resolve(s)
        errs = []
        if "anyOf" in s or "oneOf" in s:
            alts = s.get("anyOf") or s.get("oneOf")
            results = [self.errors(v, a, where) for a in alts]
            ok = [r for r in results if not r]
            if "oneOf" in s and len(ok) != 1:
                errs.append(f"{where}: matches {len(ok)} of the oneOf schemas, not 1")
            elif not ok:
                errs.append(f"{where}: matches none of the anyOf schemas: {results[0][:2]}")
        if "allOf" in s:
            for a in s["allOf"]:
                errs += self.errors(v, a, where)
        if "type" in s:
            types = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(self.type_ok(v, t) for t in types):
                return errs + [f"{where}: {json.dumps(v)[:80]} is not of type {s['type']}"]
        if "const" in s and v != s["const"]:
            errs.append(f"{where}: {v!r} is not {s['const']!r}")
        if "enum" in s and v not in s["enum"]:
            errs.append(f"{where}: {v!r} is not one of {s['enum']}")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in s and v < s["minimum"]:
                errs.append(f"{where}: {v} < minimum {s['minimum']}")
            if "maximum" in s and v > s["maximum"]:
                errs.append(f"{where}: {v} > maximum {s['maximum']}")
        if isinstance(v, dict):
            for k in s.get("required", []):
                if k not in v:
                    errs.append(f"{where}: required property {k!r} is missing")
            props = s.get("properties", {})
            for k, x in v.items():
                if k in props:
                    errs += self.errors(x, props[k], f"{where}.{k}")
                elif s.get("additionalProperties") is False:
                    errs.append(f"{where}: property {k!r} is not documented")
                elif isinstance(s.get("additionalProperties"), dict):
                    errs += self.errors(x, s["additionalProperties"], f"{where}.{k}")
        if isinstance(v, list):
            if "minItems" in s and len(v) < s["minItems"]:
                errs.append(f"{where}: fewer than {s['minItems']} items")
            if "items" in s:
                for i, x in enumerate(v):
                    errs += self.errors(x, s["items"], f"{where}[{i}]")
                    if len(errs) > 10:
                        break
        return errs


def operation_url(path, op, item_params):
    """The URL of a documented operation, its path parameters filled with their examples."""
    params = list(item_params) + list(op.get("parameters", []))
    url = PREFIX + path
    query = {}
    for p in params:
        p = schemas.resolve(p)
        ex = p.get("example", p.get("schema", {}).get("example"))
        if p["in"] == "path":
            if ex is None:
                return None, f"path parameter {p['name']} has no example"
            url = url.replace("{" + p["name"] + "}", urllib.parse.quote(str(ex), safe=""))
        elif p["in"] == "query" and p.get("required") and ex is not None:
            query[p["name"]] = ex
    if query:
        url += "?" + urllib.parse.urlencode(query)
    return url, None


srv = Server()
# a published call for inputs, for the examples of /calls/{id}
srv.cli("call", "create", "--title", "Inputs", "--opens", "2025-01-01T00:00",
        "--closes", "2025-03-14T23:59:59", "--tz", "Europe/Zurich")
srv.cli("call", "open", "1")
c = Client(srv)
r = c.get(PREFIX + "/openapi.json")
tap.equal("GET /api/v1/openapi.json answers 200", r.status, 200)
tap.check("it is application/json", (r.header("content-type") or "").startswith("application/json"),
          r.header("content-type"))
with open(DOC_PATH, "rb") as f:
    tap.check("it is docs/openapi.json as built", r.body == f.read())
doc = r.json()
schemas = Schemas(doc)
tap.check("it is OpenAPI 3.1", doc.get("openapi", "").startswith("3.1."), doc.get("openapi"))
tap.equal("its server is /api/v1", [s["url"] for s in doc.get("servers", [])], [PREFIX])

documented = {}
for path, item in doc["paths"].items():
    for m, op in item.items():
        if m in METHODS.values():
            documented[(m, normalise(path))] = (path, op, item.get("parameters", []))

for method, path in api_routes():
    tap.check(f"route {method} {PREFIX}{path} is documented",
              (METHODS[method], path) in documented,
              f"add {path.replace('*', '{id}')} with {METHODS[method]} to docs/openapi.json")

routes = {(METHODS[m], p) for m, p in api_routes()}
for (m, norm), (path, op, item_params) in sorted(documented.items()):
    tap.check(f"documented {m.upper()} {path} is a route of the program", (m, norm) in routes)
    url, why = operation_url(path, op, item_params)
    if not url:
        tap.check(f"{m.upper()} {path} answers", False, why)
        continue
    body = None
    headers = {}
    if m in ("post", "put", "patch"):
        body, headers = "{}", {"Content-Type": "application/json"}
    resp = c.request(m.upper(), url, body=body, headers=headers)
    tap.check(f"{m.upper()} {url} answers (not 404 or 405)", resp.status not in (404, 405),
              f"{resp.status} {resp.text[:300]}")
    documented_statuses = set(op.get("responses", {}).keys())
    tap.check(f"{m.upper()} {url}: status {resp.status} is documented",
              str(resp.status) in documented_statuses or f"{str(resp.status)[0]}XX" in documented_statuses
              or "default" in documented_statuses, f"documented: {sorted(documented_statuses)}")
    if resp.status < 300 and (resp.header("content-type") or "").startswith("application/json"):
        content = op["responses"].get(str(resp.status), {})
        content = schemas.resolve(content).get("content", {}).get("application/json")
        if content and "schema" in content:
            errs = schemas.errors(resp.json(), content["schema"])
            tap.check(f"{m.upper()} {url}: the answer validates against its schema", not errs,
                      "\n".join(errs[:20]))


def validates(name, value, ref):
    errs = schemas.errors(value, {"$ref": ref})
    return tap.check(name, not errs, "\n".join(errs[:20]))


def answer(path, headers=None, status=200, method="GET", body=None):
    r = c.request(method, PREFIX + path, body=body, headers=headers)
    tap.equal(f"{method} {path} answers {status}", r.status, status)
    try:
        return r.json()
    except ValueError:
        return None


# The list: a filtered page, the next page through the cursor, each item an InitiativeItem.
page1 = answer("/initiatives?sdg=3&limit=5")
validates("a filtered list validates against InitiativeList", page1, "#/components/schemas/InitiativeList")
tap.check("the list has items and a cursor", len(page1["items"]) == 5 and page1["next_cursor"], page1)
page2 = answer("/initiatives?sdg=3&limit=5&cursor=" + urllib.parse.quote(page1["next_cursor"]))
validates("the next page validates against InitiativeList", page2, "#/components/schemas/InitiativeList")
tap.check("the pages do not overlap",
          not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]})
text = answer("/initiatives?q=health&country=KE&sort=title")
validates("a text search validates against InitiativeList", text, "#/components/schemas/InitiativeList")

facets = answer("/facets?sdg=3")
validates("the facets validate against Facets", facets, "#/components/schemas/Facets")
tap.check("the facets count SDG 3", any(v["code"] == "3" for v in facets["facets"].get("sdg", [])),
          facets["facets"].get("sdg"))
facets_fr = answer("/facets?lang=fr")
validates("the facets in French validate against Facets", facets_fr, "#/components/schemas/Facets")

one = answer(f"/initiatives/{page1['items'][0]['id']}")
validates("one initiative validates against Initiative", one, "#/components/schemas/Initiative")
tap.check("it includes SDG 3", 3 in one["sdgs"], one.get("sdgs"))
for i in (1, 900, 1500):
    validates(f"initiative {i} validates against Initiative", answer(f"/initiatives/{i}"),
              "#/components/schemas/Initiative")

validates("the frameworks validate against Frameworks", answer("/frameworks"),
          "#/components/schemas/Frameworks")
validates("the frameworks in Spanish validate against Frameworks", answer("/frameworks?lang=es"),
          "#/components/schemas/Frameworks")
countries = answer("/frameworks/countries")
tap.check("the countries validate against Country",
          isinstance(countries, list) and len(countries) > 200 and
          not any(schemas.errors(k, {"$ref": "#/components/schemas/Country"}) for k in countries))

# The mapping model: a text, with and without the evidence.
jhead = {"Content-Type": "application/json"}
mapped = answer("/map", method="POST", headers=jhead,
                body=json.dumps({"text": "Telemedicine for rural clinics over mobile broadband", "id": 7}))
validates("a mapped text validates against MapResult", mapped, "#/components/schemas/MapResult")
tap.equal("the id comes back", (mapped or {}).get("id"), 7)
example = doc["paths"]["/map"]["post"]["requestBody"]["content"]["application/json"]["example"]
validates("the documented example validates against MapRequest", example, "#/components/schemas/MapRequest")
explained = answer("/map", method="POST", headers=jhead, body=json.dumps(example))
validates("a mapped text with evidence validates against MapResult", explained,
          "#/components/schemas/MapResult")
tap.check("it has evidence", "evidence" in (explained or {}), explained)
e = answer("/map", method="POST", headers=jhead, body=json.dumps({"lang": "fr"}), status=400)
validates("a text missing: the error validates against Error", e, "#/components/schemas/Error")
tap.equal("it names the field", (e or {}).get("error", {}).get("field"), "text")

# Errors, as the API sends them, each with the status the document gives.
for path, status, field in (("/no-such-thing", 404, None), ("/initiatives/999999", 404, None),
                            ("/initiatives?limit=1000", 400, "limit"), ("/me", 401, None),
                            ("/initiatives?state=draft", 403, "state")):
    e = answer(path, status=status)
    validates(f"the error of {path} validates against Error", e, "#/components/schemas/Error")
    if field:
        tap.equal(f"the error of {path} names the field", (e or {}).get("error", {}).get("field"), field)
e = answer("/initiatives", method="POST", body="{}", headers={"Content-Type": "application/json"},
           status=401)
validates("POST without a token: the error validates against Error", e, "#/components/schemas/Error")

# With a bearer token: who am I, create, replace.
srv.user("api@example.org", "submitter")
tok = srv.cli("token", "create", "api@example.org", "--name", "openapi test").stdout.strip()
auth = {"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
validates("/me validates against Me", answer("/me", headers=auth), "#/components/schemas/Me")
example = doc["paths"]["/initiatives"]["post"]["requestBody"]["content"]["application/json"]["example"]
validates("the documented example record validates against Record", example,
          "#/components/schemas/Record")
made = answer("/initiatives", method="POST", body=json.dumps(example), headers=auth, status=201)
validates("a created initiative validates against Initiative (as GET gives it)", made,
          "#/components/schemas/Initiative")
tap.equal("it waits for review", (made or {}).get("state"), "submitted")
changed = dict(example, summary="Clinics in 60 villages now.")
got = answer(f"/initiatives/{(made or {}).get('id', 0)}", method="PUT", body=json.dumps(changed),
             headers=auth)
validates("a replaced initiative validates against Initiative (as GET gives it)", got,
          "#/components/schemas/Initiative")
e = answer("/initiatives", method="POST", body=json.dumps(dict(example, colour="blue")),
           headers=auth, status=400)
validates("an unknown field: the error validates against Error", e, "#/components/schemas/Error")

# The schema checker itself must be able to fail.
tap.check("the schema check rejects a wrong document",
          schemas.errors({"error": {"code": 1}}, {"$ref": "#/components/schemas/Error"}) != [])

tap.finish()
