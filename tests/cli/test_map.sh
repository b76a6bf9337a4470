#!/usr/bin/env bash
# The mapping engine through the CLI: `map --jsonl` contract, evidence, determinism, model
# train/eval/info, corrupt model files, mapping on import, and remap.
. "$(dirname "$0")/lib.sh"
FX=tests/fixtures/mapping
M=$T/tiny.bin
py() { python3 -c "$@"; }

# Training on the tiny fixture, twice: the same bytes.
run "$STOCKTAKE" model train --data $FX -o "$M"
expect "model train on the fixture" 0 'trained on [0-9]+ texts.*alpha 34, beta 17'
expect "model train reports per-SDG thresholds" 0 '^ 17 +0\.[0-9]+'
"$STOCKTAKE" model train --data $FX -o "$T/tiny2.bin" >/dev/null
cmp -s "$M" "$T/tiny2.bin" && pass "training is reproducible (same data, same bytes)" ||
	fail "training is reproducible (same data, same bytes)"
run "$STOCKTAKE" model train --data "$T/nowhere" -o "$T/x.bin"
expect "training without data fails clearly" 1 '' 'training failed: cannot open .*labelled.csv'
[ ! -e "$T/x.bin" ] && pass "a failed training writes no model" || fail "a failed training writes no model"
run "$STOCKTAKE" model info "$M"
expect "model info" 0 'format version 1, [0-9]+ bytes, checksum [0-9a-f]{16}'

# The JSON Lines contract: one line out per line in, same order, ids as given.
cat >"$T/in.jsonl" <<'J'
{"id": 1, "text": "Malaria vaccination campaigns in rural health clinics and hospital care for mothers."}
{"id": "b", "text": "Solar panels bring clean electricity and renewable energy to villages."}
this is not json
{"id": {"n": 3}, "text": "Schools and teachers: primary education and literacy for pupils."}
{"id": 4}
{"id": 5, "text": 42}
[1, 2]

{"id": null, "text": ""}
{"id": 7, "text": "Programa de salud materna y vacunación en clínicas rurales.", "lang": "es"}
J
run "$STOCKTAKE" map --model "$M" --jsonl <"$T/in.jsonl"
expect "map --jsonl runs to the end despite bad lines" 0 '' '4 lines answered with an error'
same "one output line per non-blank input line" "$(wc -l <<<"$OUT")" 9
same "ids come back in input order" "$(py 'import json,sys; print([json.loads(l).get("id") for l in sys.stdin])' <<<"$OUT")" \
	"[1, 'b', None, {'n': 3}, 4, 5, None, None, 7]"
same "malformed lines get an error line" "$(py 'import json,sys; print([("error" in json.loads(l)) for l in sys.stdin])' <<<"$OUT")" \
	"[False, False, True, False, True, True, True, False, False]"
line1=$(sed -n 1p <<<"$OUT")
same "the answer has the contract's fields" "$(py 'import json,sys; d=json.load(sys.stdin); print(sorted(d), type(d["sdgs"][0]).__name__, sorted(d["scores"]), len(d["scores"]["sdg"]))' <<<"$line1")" \
	"['action_lines', 'gdc', 'id', 'language', 'scores', 'sdgs', 'targets'] int ['action_lines', 'gdc', 'sdg', 'targets'] 17"
same "a health text maps to SDG 3" "$(py 'import json,sys; print(3 in json.load(sys.stdin)["sdgs"])' <<<"$line1")" True
same "and to the e-health Action Line" "$(py 'import json,sys; print(json.load(sys.stdin)["action_lines"])' <<<"$line1")" "['C7.e-health']"
same "an energy text maps to SDG 7" "$(sed -n 2p <<<"$OUT" | py 'import json,sys; print(7 in json.load(sys.stdin)["sdgs"])')" True
same "labels are the SDGs scoring at least 0.5" "$(py '
import json,sys
ok=True
for l in sys.stdin:
    d=json.loads(l)
    if "error" in d: continue
    ok &= sorted(int(k) for k,v in d["scores"]["sdg"].items() if v>=0.5)==d["sdgs"]
print(ok)' <<<"$OUT")" True
same "an empty text has no labels" "$(sed -n 8p <<<"$OUT" | py 'import json,sys; d=json.load(sys.stdin); print(d["sdgs"], d["targets"], d["action_lines"], d["gdc"])')" "[] [] [] []"
same "the lang field is honoured" "$(sed -n 9p <<<"$OUT" | py 'import json,sys; print(json.load(sys.stdin)["language"])')" es

# A "lang" that is not a string is an error line, as POST /api/v1/map answers it with 400.
printf '%s\n' '{"id": "n", "text": "Clean water", "lang": 5}' '{"id": "s", "text": "Agua", "lang": "es"}' >"$T/lang.jsonl"
run "$STOCKTAKE" map --model "$M" --jsonl <"$T/lang.jsonl"
same "a lang that is not a string gets an error line, the next line its answer" \
	"$(py 'import json,sys; print([(d["id"], d.get("error", d.get("language"))) for d in map(json.loads, sys.stdin)])' <<<"$OUT")" \
	"[('n', 'line 1: \"lang\" must be a language code such as \"en\", \"fr\" or \"es\".'), ('s', 'es')]"

# The committed model: Spanish, French, Chinese and Russian texts land on sensible SDGs.
cat >"$T/ml.jsonl" <<'J'
{"id":3,"text":"Programa de telemedicina para mejorar la salud materna y la vacunación infantil en clínicas rurales."}
{"id":4,"text":"Des plateformes d’apprentissage en ligne pour les élèves et les enseignants des écoles primaires."}
{"id":6,"text":"Accès à l’eau potable et à l’assainissement dans les villages."}
{"id":10,"text":"Reducir la desigualdad de ingresos y la discriminación de los migrantes."}
{"id":1,"text":"消除一切形式的贫穷, 社会保护"}
{"id":7,"text":"Обеспечение всеобщего доступа к недорогому и надежному современному энергоснабжению"}
J
run "$STOCKTAKE" map --model data/model/stocktake-map.bin --jsonl <"$T/ml.jsonl"
same "es/fr/zh/ru texts get their SDG (committed model)" "$(py 'import json,sys; print(all(json.loads(l)["id"] in json.loads(l)["sdgs"] for l in sys.stdin))' <<<"$OUT")" True
same "and are read in their language" "$(py 'import json,sys; print(" ".join(json.loads(l)["language"] for l in sys.stdin))' <<<"$OUT")" "es fr fr es zh ru"

# Determinism: the same input gives the same output, byte for byte.
a=$("$STOCKTAKE" map --model "$M" --jsonl --explain <"$T/in.jsonl" 2>/dev/null | sha256sum)
b=$("$STOCKTAKE" map --model "$M" --jsonl --explain <"$T/in.jsonl" 2>/dev/null | sha256sum)
same "same texts, same answers" "$a" "$b"

# Evidence: spans point at the words in the text.
run "$STOCKTAKE" map --model "$M" --jsonl --explain <"$T/in.jsonl"
same "evidence spans are the text's bytes" "$(py '
import json,sys
src=[json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{") and "text" in l]
texts={json.dumps(d.get("id")):d["text"] for d in src if isinstance(d.get("text"),str)}
ok=n=0
for l in sys.stdin:
    d=json.loads(l)
    if "evidence" not in d: continue
    t=texts[json.dumps(d["id"])].encode()
    for scheme in d["evidence"].values():
        for items in scheme.values():
            for e in items:
                n+=1; ok+= t[e["start"]:e["end"]].decode()==e["text"]
print(n>0 and ok==n)' "$T/in.jsonl" <<<"$OUT")" True
same "evidence for every label" "$(sed -n 1p <<<"$OUT" | py 'import json,sys; d=json.load(sys.stdin); print(sorted(map(int,d["evidence"]["sdg"]))==d["sdgs"] and all(d["evidence"]["sdg"][k] for k in d["evidence"]["sdg"]))')" True

run "$STOCKTAKE" map --model "$M" --explain "Telemedicine for maternal health in rural clinics"
expect "map TEXT prints a readable answer" 0 'SDGs:.*' ''
expect "with the evidence" 0 '3 +[01]\.[0-9]+ +Good health and well-being +\(.*"'
run "$STOCKTAKE" map --model "$M" --jsonl extra
expect "--jsonl takes no TEXT" 2 '' 'no TEXT argument'

# A language the mapping does not know is refused, naming the codes it takes, before any
# model is opened; a region is fine and "" detects, as without --lang.
run "$STOCKTAKE" map --model "$T/none.bin" --lang xx "Clean water"
expect "map --lang xx is a usage error naming the accepted codes" 2 '' \
	'^stocktake: unknown language "xx": use en, fr, es, ru, ar or zh$'
same "  with nothing on standard output" "$OUT" ""
same "  and the usual hint" "$(sed -n 2p <<<"$ERR")" "Try 'stocktake map --help'."
run "$STOCKTAKE" map --model "$M" --lang xx --jsonl </dev/null
expect "so is --lang xx with --jsonl" 2 '' 'unknown language "xx"'
run "$STOCKTAKE" map --model "$M" --lang fr-CA "Programme de santé maternelle dans les cliniques rurales"
expect "map --lang fr-CA reads the text as French" 0 '^language: fr$'
run "$STOCKTAKE" map --model "$M" --lang "" "El programa de salud para las madres y los niños de las clínicas rurales"
expect "map --lang '' detects the language" 0 '^language: es$'
run "$STOCKTAKE" map --help
expect "map --help names the codes and the refusal" 0 'en, fr, es, ru, ar or zh \(fr-CA is'
# A line's unknown "lang" is that line's error, worded as POST /api/v1/map words it.
printf '%s\n' '{"id": "x", "text": "Clean water", "lang": "xx"}' \
	'{"id": "long", "text": "Clean water", "lang": "abcdefghijklmnopq"}' \
	'{"id": "s", "text": "Agua", "lang": "es-MX"}' >"$T/badlang.jsonl"
run "$STOCKTAKE" map --model "$M" --jsonl <"$T/badlang.jsonl"
expect "lines with an unknown lang are answered with an error, the run goes on" 0 '' \
	'2 lines answered with an error'
same "  which names the language and the accepted codes" \
	"$(py 'import json,sys; print([(d["id"], d.get("error", d.get("language"))) for d in map(json.loads, sys.stdin)])' <<<"$OUT")" \
	"[('x', 'line 1: Unknown language \"xx\": \"lang\" must be en, fr, es, ru, ar or zh, or left out to detect the language.'), ('long', 'line 2: \"lang\" must be a language code such as \"en\", \"fr\" or \"es\".'), ('s', 'es')]"
run env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "$STOCKTAKE" map --model "$M" --lang xx "Clean water"
expect "the refusal speaks the user's language" 2 '' 'langue inconnue'

# Model files: missing, corrupt, truncated, another format version.
run "$STOCKTAKE" map --model "$T/none.bin" "text"
expect "a missing model is a clear error" 1 '' 'cannot open the model .*none.bin'
cp "$M" "$T/flip.bin"
py 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=0xff; open(p,"wb").write(b)' "$T/flip.bin"
run "$STOCKTAKE" map --model "$T/flip.bin" "text"
expect "a corrupt model is refused" 1 '' 'corrupt model file: the checksum does not match'
head -c 5000 "$M" >"$T/short.bin"
run "$STOCKTAKE" map --model "$T/short.bin" "text"
expect "a truncated model is refused" 1 '' 'the model file is truncated'
cp "$M" "$T/v2.bin"
py 'import sys,struct; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[8:12]=struct.pack("<I",2); open(p,"wb").write(b)' "$T/v2.bin"
run "$STOCKTAKE" map --model "$T/v2.bin" "text"
expect "a model of another format version is refused" 1 '' 'format version 2, this program reads version 1'
printf 'hello' >"$T/tiny.txt"
run "$STOCKTAKE" map --model "$T/tiny.txt" "text"
expect "a file that is no model is refused" 1 '' 'not a stocktake mapping model'

# Evaluation: binary judgements with known outcomes on obvious texts.
cat >"$T/bin.csv" <<'C'
id,text,sdg,label
a,"Malaria vaccination campaigns in health clinics and hospitals",3,True
b,"Maternal health care and disease prevention in clinics",3,True
c,"Coral reefs, fisheries and marine life in the ocean",3,False
d,"Coral reefs, fisheries and marine life in the ocean",14,True
e,"Solar panels and renewable energy for electricity",14,False
C
run "$STOCKTAKE" model eval --model "$M" --json "$T/bin.csv"
expect "model eval on binary judgements" 0 '"form": "binary"'
same "known numbers: SDG 3 and 14 judged right" "$(py 'import json,sys; d=json.load(sys.stdin); print(d["rows"], d["sdg"]["3"]["n"], d["sdg"]["3"]["accuracy"], d["sdg"]["3"]["precision"], d["sdg"]["3"]["recall"], d["sdg"]["14"]["n"], d["sdg"]["14"]["accuracy"], d["average"]["accuracy"])' <<<"$OUT")" \
	"5 3 1.0 1.0 1.0 2 1.0 1.0"
# Single labels: each text judged for all 17 SDGs; the numbers agree with `map --jsonl`.
cat >"$T/single.csv" <<'C'
text,sdg
"Malaria vaccination campaigns in health clinics and hospitals",3
"Schools and teachers improve primary education",4
"Women leadership and gender equality",5
"Solar panels and renewable energy for electricity",7
"Clean drinking water and sanitation",6
C
run "$STOCKTAKE" model eval --model "$M" --json "$T/single.csv"
expect "model eval on single labels" 0 '"form": "single"'
eval_json=$OUT
map_out=$(py 'import csv,json,sys
for i,r in enumerate(csv.DictReader(open(sys.argv[1]))): print(json.dumps({"id":[i,int(r["sdg"])],"text":r["text"]}))' "$T/single.csv" |
	"$STOCKTAKE" map --model "$M" --jsonl)
same "eval agrees with map on every (text, SDG) pair" "$(py '
import json,sys
ev=json.loads(sys.argv[1])
tp=[0]*18; fp=[0]*18; tn=[0]*18; fn=[0]*18
for l in sys.stdin:
    d=json.loads(l); truth=d["id"][1]
    for s in range(1,18):
        p= s in d["sdgs"]; t= s==truth
        tp[s]+=p and t; fp[s]+=p and not t; tn[s]+=(not p) and (not t); fn[s]+=(not p) and t
ok=all(ev["sdg"][str(s)]["n"]==5 and abs(ev["sdg"][str(s)]["accuracy"]-(tp[s]+tn[s])/5)<1e-9 for s in range(1,18))
print(ok)' "$eval_json" <<<"$map_out")" True
printf 'text,sdg\n"x",18\n' >"$T/badsdg.csv"
run "$STOCKTAKE" model eval --model "$M" "$T/badsdg.csv"
expect "eval rejects a bad SDG" 1 '' 'row 2: bad SDG "18"'
printf 'id,text,sdg,label\n1,"x",3,maybe\n' >"$T/badlabel.csv"
run "$STOCKTAKE" model eval --model "$M" "$T/badlabel.csv"
expect "eval rejects a bad label" 1 '' 'label must be True or False'

# Import maps records that have no tags of a scheme; --no-map does not.
DB=$T/a.db
"$STOCKTAKE" --db "$DB" init >/dev/null || { fail "init"; finish; }
cat >"$T/recs.jsonl" <<'J'
{"source":"t","source_id":"1","title":"Telemedicine for rural clinics","description":"Malaria vaccination campaigns and maternal health care in hospitals and clinics."}
{"source":"t","source_id":"2","title":"Solar schools","description":"Solar panels bring renewable energy to schools.","tags":[{"scheme":"sdg","code":"4"}]}
J
run "$STOCKTAKE" --db "$DB" import --model "$M" "$T/recs.jsonl"
expect "import with mapping" 0 '^imported 2, updated 0'
tags() { py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select group_concat(t.scheme||\":\"||t.code||\":\"||t.origin||\":\"||(t.score is not null), \" \") from tag t join initiative i on i.id=t.initiative_id where i.source_id=? order by 1", (sys.argv[2],)).fetchone()[0])' "$DB" "$1"; }
t1=$(tags 1)
grep -q 'sdg:3:model:1' <<<"$t1" && pass "an untagged record gets model SDG tags with a score" || fail "an untagged record gets model SDG tags with a score" "$t1"
grep -q 'action_line:C7.e-health:model:1' <<<"$t1" && pass "and model Action Line tags" || fail "and model Action Line tags" "$t1"
t2=$(tags 2)
sdg2=$(grep -oE 'sdg:[0-9]+:[a-z]+' <<<"$t2" | tr '\n' ' ')
same "a scheme the submitter tagged gets no model tags" "$sdg2" "sdg:4:submitter "
tg2=$(grep -oE 'sdg_target:[0-9]+\.[0-9a-z]+:model' <<<"$t2" | grep -vE '^sdg_target:4\.' || true)
same "a record with SDG tags gets targets of its own SDGs only" "$tg2" ""
run "$STOCKTAKE" --db "$DB" import --model "$M" "$T/recs.jsonl"
expect "re-importing with mapping changes nothing" 0 '^imported 0, updated 0, unchanged 2'
run "$STOCKTAKE" --db "$T/n.db" init
run "$STOCKTAKE" --db "$T/n.db" import --no-map "$T/recs.jsonl"
expect "import --no-map" 0 '^imported 2'
same "--no-map adds no model tags" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from tag where origin=\"model\"").fetchone()[0])' "$T/n.db")" 0
run "$STOCKTAKE" --db "$T/n.db" import --model "$T/flip.bin" "$T/recs.jsonl"
expect "import with a corrupt model fails before reading" 1 '' 'checksum does not match.*--no-map'

# Import maps records on a second thread, in batches of 256, while it stores the batch
# before: over several batches the tags are those remap gives (one record at a time), and
# a bad record late in the file is named and leaves nothing stored.
py 'import json
words = ["malaria clinics", "solar energy", "schools teachers", "water sanitation", "farmers crops", "broadband access"]
for i in range(1, 701):
    print(json.dumps({"source": "b", "source_id": str(i), "title": "Project %d" % i, "description": "%s and %s" % (words[i % 6], words[(i * 7) % 6])}))' >"$T/many.jsonl"
"$STOCKTAKE" --db "$T/p.db" init >/dev/null
"$STOCKTAKE" --db "$T/r.db" init >/dev/null
run "$STOCKTAKE" --db "$T/p.db" import --model "$M" "$T/many.jsonl"
expect "import with mapping, 700 records" 0 '^imported 700, updated 0'
"$STOCKTAKE" --db "$T/r.db" import --no-map "$T/many.jsonl" >/dev/null
"$STOCKTAKE" --db "$T/r.db" remap --model "$M" >/dev/null
modeltags() { py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*), group_concat(x, \" \") from (select i.source_id||\":\"||t.scheme||\":\"||t.code||\":\"||t.score as x from tag t join initiative i on i.id=t.initiative_id where t.origin=\"model\" order by 1)").fetchone())' "$1"; }
mt=$(modeltags "$T/p.db")
same "mapped on import in batches = remapped one by one" "$mt" "$(modeltags "$T/r.db")"
grep -q '^(0,' <<<"$mt" && fail "the 700 records got model tags" "$mt" || pass "the 700 records got model tags"
py 'import sys; lines = open(sys.argv[1]).read().splitlines(); lines[599] = lines[599][:-1] + ", \"tags\": [{\"scheme\": \"sdg\", \"code\": \"99\"}]}"; open(sys.argv[2], "w").write("\n".join(lines) + "\n")' "$T/many.jsonl" "$T/bad600.jsonl"
"$STOCKTAKE" --db "$T/q.db" init >/dev/null
run "$STOCKTAKE" --db "$T/q.db" import --model "$M" "$T/bad600.jsonl"
expect "a bad record in the third batch is named" 1 'rejected 600' 'line 600: field tags: unknown SDG code "99"'
same "and nothing of the file is stored" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from initiative").fetchone()[0])' "$T/q.db")" 0

# With a model, JSON Lines records are read and validated on the mapping thread, and their
# codes looked up when they are stored: every kind of bad line is still named as without
# a model, with the same message and count, and the file leaves nothing behind.
for bad in '{"source": "b", "source_id": "x", "title": "Broken"' '[1, 2]' \
	'{"source": "b", "source_id": "x", "title": "Bad state", "state": "gone"}' \
	'{"source": "b", "source_id": "x", "title": "Bad country", "countries": ["QQ"]}' \
	'{"source": "b", "source_id": "x", "title": "Unknown field", "colour": "red"}' \
	'{"source": "b", "source_id": "x", "title": "Escaped \u0041 key", "s\u0063ope": "national", "countries": ["QQ"]}' \
	'{"source": "b", "source_id": "x", "title": ""}'; do
	py 'import sys; lines = open(sys.argv[1]).read().splitlines(); lines[599] = sys.argv[3]; open(sys.argv[2], "w").write("\n".join(lines) + "\n")' "$T/many.jsonl" "$T/bad.jsonl" "$bad"
	rm -f "$T/m.db" "$T/u.db"
	"$STOCKTAKE" --db "$T/m.db" init >/dev/null
	"$STOCKTAKE" --db "$T/u.db" init >/dev/null
	run "$STOCKTAKE" --db "$T/u.db" import --no-map "$T/bad.jsonl"
	want="$RC|$OUT|$ERR"
	run "$STOCKTAKE" --db "$T/m.db" import --model "$M" "$T/bad.jsonl"
	same "line 600 ${bad:0:40}: named as without a model" "$RC|$OUT|$ERR" "$want"
	grep -q 'line 600' <<<"$want" && pass "  and it is line 600" || fail "  and it is line 600" "$want"
	same "  nothing stored" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from initiative").fetchone()[0])' "$T/m.db")" 0
done
# A line jansson reads (the fast reader declines an escaped key) is stored as without a model.
py 'import sys; lines = open(sys.argv[1]).read().splitlines(); lines[599] = sys.argv[3]; open(sys.argv[2], "w").write("\n".join(lines) + "\n")' "$T/many.jsonl" "$T/esc.jsonl" '{"source": "b", "source_id": "600", "title": "Escaped key", "s\u0063ope": "national"}'
rm -f "$T/m.db"
"$STOCKTAKE" --db "$T/m.db" init >/dev/null
run "$STOCKTAKE" --db "$T/m.db" import --model "$M" "$T/esc.jsonl"
expect "a line with an escaped key imports with mapping" 0 '^imported 700, updated 0'
same "  and keeps its field" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select scope from initiative where source_id = \"600\"").fetchone()[0])' "$T/m.db")" national

# The import checks the codes the model adds like the record's own (its transaction leaves
# the foreign keys to these checks): one the database's frameworks lack is named, and
# nothing of the file is stored.
"$STOCKTAKE" --db "$T/g.db" init >/dev/null
py 'import sqlite3,sys; db = sqlite3.connect(sys.argv[1]); db.execute("delete from fw_item where scheme = \"action_line\" and code = \"C7.e-health\""); db.commit()' "$T/g.db"
run "$STOCKTAKE" --db "$T/g.db" import --model "$M" "$T/recs.jsonl"
expect "a model code the frameworks lack is named" 1 'rejected 1' 'line 1: mapping: unknown Action Line code "C7.e-health"'
same "and nothing of that file is stored" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from initiative").fetchone()[0])' "$T/g.db")" 0

# remap: model tags replaced by the current model's, others kept, one transaction, audited.
run "$STOCKTAKE" --db "$T/n.db" remap --model "$M"
expect "remap maps records imported without mapping" 0 'remapped 2 initiatives: 2 changed, 0 unchanged'
same "remap gives what import would have" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from tag where origin=\"model\"").fetchone()[0] > 0)' "$T/n.db")" True
run "$STOCKTAKE" --db "$T/n.db" remap --model "$M"
expect "remap again changes nothing" 0 '2 initiatives: 0 changed, 2 unchanged'
same "submitter tags survive remap" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select group_concat(code) from tag where scheme=\"sdg\" and origin=\"submitter\"").fetchone()[0])' "$T/n.db")" 4
same "remap leaves an audit record" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from audit where action=\"remap\"").fetchone()[0])' "$T/n.db")" 2
before=$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*), sum(score) from tag").fetchone())' "$T/n.db")
run "$STOCKTAKE" --db "$T/n.db" remap --model "$T/flip.bin"
expect "remap with a corrupt model changes nothing" 1 '' 'checksum'
same "the database is as it was" "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*), sum(score) from tag").fetchone())' "$T/n.db")" "$before"
finish
