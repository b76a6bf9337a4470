"""test_lang.py - the web server speaks the visitor's language: Accept-Language, ?lang=,
the language chooser and its cookie; pages, error pages, plurals and API errors translated
from the catalogues in build/locale (po/*.po)."""
import re

from harness import Client, Server, tap

srv = Server()


def lang_of(r):
    m = re.search(r'<html lang="([^"]+)"', r.text)
    return m.group(1) if m else None


def nav(r):
    """The labels of the main navigation."""
    m = re.search(r'<nav aria-label="[^"]*"><ul>(.*?)</ul></nav>', r.text, re.S)
    return re.findall(r'<a [^>]*>([^<]*)</a>', m.group(1)) if m else []


c = Client(srv)
r = c.get("/")
tap.equal("without a preference the page is in English", lang_of(r), "en")
tap.check("the English navigation", nav(r)[:3] == ["Home", "Initiatives", "Frameworks"], nav(r))

r = c.get("/", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
tap.equal("Accept-Language: es gives a Spanish page", lang_of(r), "es")
tap.check("the navigation is in Spanish", nav(r)[:3] == ["Inicio", "Iniciativas", "Marcos"], nav(r))
tap.check("the skip link is in Spanish", "Ir al contenido" in r.text)

r = c.get("/", headers={"Accept-Language": "de-DE, fr;q=0.8, en;q=0.5"})
tap.equal("the first language with a catalogue wins (de, fr -> fr)", lang_of(r), "fr")
r = c.get("/", headers={"Accept-Language": "de-DE, it"})
tap.equal("no language with a catalogue: English", lang_of(r), "en")

r = c.get("/?lang=fr")
tap.equal("?lang=fr gives a French page", lang_of(r), "fr")
tap.check("the navigation is in French", nav(r)[:3] == ["Accueil", "Initiatives", "Cadres"], nav(r))
r = c.get("/initiatives?lang=fr", headers={"Accept-Language": "es"})
tap.equal("?lang= wins over Accept-Language", lang_of(r), "fr")

# The chooser: a form to /lang listing the languages with a catalogue, each in itself.
r = c.get("/initiatives?q=health")
options = re.findall(r'<option value="([a-z]{2})" lang="\1"[^>]*>([^<]+)</option>', r.text)
tap.equal("the chooser lists English, Español, Français",
          sorted(options), [("en", "English"), ("es", "Español"), ("fr", "Français")])
tap.check("the chooser keeps the page and its query",
          'name="next" value="/initiatives?q=health"' in r.text, r.text[:200])
r = c.get("/lang?lang=es&next=/initiatives%3Fq%3Dhealth")
tap.check("choosing a language goes back to the page", r.status in (302, 303) and
          r.header("location") == "/initiatives?q=health", (r.status, r.header("location")))
tap.equal("and remembers the choice in a cookie", c.cookies.get("lang"), "es")
r = c.get("/")
tap.equal("the cookie gives the next page in Spanish", lang_of(r), "es")
r = c.get("/", headers={"Accept-Language": "fr"})
tap.equal("the cookie wins over Accept-Language", lang_of(r), "es")
r = c.get("/lang?lang=xx&next=/")
tap.equal("an unknown language is refused", r.status, 400)
r = c.get("/lang?lang=fr&next=//evil.example/")
tap.equal("the chooser never sends the visitor to another site", r.header("location"), "/")

# Error pages and plurals.
c = Client(srv, lang="fr")
r = c.get("/no/such/page")
tap.check("a 404 page in French", r.status == 404 and "Page introuvable" in r.text, r.text[:300])
r = c.get("/")
m = re.search(r'<span class="figure">(\d+)</span>\s*([^<]+)<', r.text)
tap.check("the home page counts published initiatives with the French plural",
          m and int(m.group(1)) > 1 and m.group(2).strip() == "initiatives publiées", m and m.groups())

# API messages follow the language too; codes do not.
c = Client(srv, lang="es")
r = c.get("/api/v1/no-such-thing")
e = r.json()["error"]
tap.check("an API error in Spanish keeps its code",
          r.status == 404 and e["code"] == "not_found" and e["message"] == "No hay ninguna página en esta dirección.", e)
r = c.get("/api/v1/initiatives?limit=1000&lang=fr")
e = r.json()["error"]
tap.check("a parameter error in French names the field", r.status == 400 and e["field"] == "limit" and
          e["message"] == "Affichez de 1 à 100 résultats par page.", e)



def catalogue(path):
    """msgid -> msgstr of a .po file (singular messages only)."""
    entries, cur, key = {}, {}, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            if "msgid" in cur and "msgstr" in cur:
                entries[cur["msgid"]] = cur["msgstr"]
            cur, key = {}, None
            continue
        m = re.match(r'(msgid|msgstr|msgid_plural|msgstr\[\d\])\s+"(.*)"$', line)
        if m:
            key = m.group(1)
            cur[key] = m.group(2)
        elif line.startswith('"') and key:
            cur[key] += line[1:-1]
    if "msgid" in cur and "msgstr" in cur:
        entries[cur["msgid"]] = cur["msgstr"]
    return {k.replace('\\"', '"'): v for k, v in entries.items() if k}


def visible_text(page):
    """The text of a page as a person reads it (no tags, entities decoded)."""
    import html as h
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return h.unescape(re.sub(r"<[^>]+>", "\n", page))


# No English message that has a translation shows through on a translated page.
for lang in ("es", "fr"):
    cat = catalogue(f"po/{lang}.po")
    english = [k for k, v in cat.items() if v and v != k and len(k) >= 12 and "%" not in k]
    c = Client(srv, lang=lang)
    for path in ("/", "/initiatives", "/initiatives?q=health&sdg=3", "/initiatives/1", "/frameworks",
                 "/frameworks/sdg/3", "/frameworks/action-line/C2", "/frameworks/countries",
                 "/frameworks/country/KE", "/login", "/register", "/no/such/page"):
        r = c.get(path)
        lines = {x.strip() for x in visible_text(r.text).split("\n")}
        left = sorted(k for k in english if k in lines)
        tap.check(f"{lang} {path}: no English message left untranslated", not left, "\n".join(left[:10]))

tap.finish()
