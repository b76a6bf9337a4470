#!/usr/bin/env bash
# import and export through the CLI: every format, re-import, round trips, statistics.
. "$(dirname "$0")/lib.sh"
DB=$T/a.db
"$STOCKTAKE" --db "$DB" init >/dev/null || { fail "init"; finish; }
S=data/sample
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

run "$STOCKTAKE" --db "$DB" import --no-map --state published $S/wsis_prizes_2015.jsonl
expect "WSIS Prizes 2015 nominees import" 0 '^imported 302, updated 0, unchanged 0, rejected 0$'
run "$STOCKTAKE" --db "$DB" import --no-map --state published $S/wsis_prizes_2015.jsonl
expect "re-importing the same file changes nothing" 0 '^imported 0, updated 0, unchanged 302, rejected 0$'
run "$STOCKTAKE" --db "$DB" stats --json
same "re-import does not duplicate" "$(json 'd["initiatives"]' <<<"$OUT")" 302
same "one Action Line tag per nominee" "$(json 'd["tags_by_scheme"]["action_line"]' <<<"$OUT")" 302

run "$STOCKTAKE" --db "$DB" import --no-map --format jsonl $S/worldbank.jsonl
expect "World Bank projects import" 0 '^imported 500, updated 0, unchanged 0, rejected 0$'
run "$STOCKTAKE" --db "$DB" import --no-map $S/dpg_candidates.jsonl
expect "DPG candidates import (auto-detected)" 0 '^imported 709, updated 5, unchanged 0, rejected 0$' 'unknown country name "Kosovo"'
run "$STOCKTAKE" --db "$DB" import --no-map --format iati $S/iati/*.xml
expect "IATI activities import" 0 '^imported [0-9]+, updated [0-9]+, unchanged 0, rejected 0$'
iati=$(python3 -c "import sqlite3; print(sqlite3.connect('$DB').execute(\"select count(*) from initiative where source='iati'\").fetchone()[0])")
[ "$iati" -gt 400 ] && pass "IATI activities stored ($iati)" || fail "IATI activities stored" "got $iati"

run "$STOCKTAKE" --db "$DB" stats --json
same "states: published nominees, submitted others" "$(json 'd["by_state"]["published"], d["by_state"]["submitted"] > 1000' <<<"$OUT")" "302 True"
same "DPG SDG tags" "$(json 'd["tags_by_scheme"]["sdg"] >= 1285' <<<"$OUT")" "True"

# Updating one record: same source and source_id, new title.
cat >"$T/one.jsonl" <<'J'
{"source":"test","source_id":"1","title":"Rural telemedicine","countries":["KE","TZ"],"tags":[{"scheme":"sdg","code":"3"},{"scheme":"action_line","code":"C7.e-health","origin":"moderator"},{"scheme":"sdg_target","code":"3.8","origin":"model","score":0.87}],"organisation":{"name":"Health Link","stakeholder_type":"civil-society","country":"KE"},"start_date":"2019-03","status":"ongoing"}
J
run "$STOCKTAKE" --db "$DB" import --no-map "$T/one.jsonl"
expect "a new record is imported" 0 '^imported 1, updated 0'
sed -i 's/Rural telemedicine/Rural telemedicine network/' "$T/one.jsonl"
run "$STOCKTAKE" --db "$DB" import --no-map "$T/one.jsonl"
expect "a changed record is updated" 0 '^imported 0, updated 1, unchanged 0'
revs=$(python3 -c "import sqlite3; print(sqlite3.connect('$DB').execute(\"select count(*) from revision r join initiative i on i.id=r.initiative_id where i.source='test' and r.doc like '%\\\"Rural telemedicine\\\"%'\").fetchone()[0])")
same "the update kept the previous version as a revision" "$revs" 1
audit=$(python3 -c "import sqlite3; print(sqlite3.connect('$DB').execute(\"select group_concat(action) from audit where entity='initiative' and entity_id=(select id from initiative where source='test')\").fetchone()[0])")
same "the create and the update are in the audit log" "$audit" "create,update"

run "$STOCKTAKE" --db "$DB" export --state submitted
expect "export --state filters" 0 '"title":"Rural telemedicine network"'
line=$(grep '"source":"test"' <<<"$OUT")
same "tags keep scheme, origin and score" "$(json '[(t["scheme"],t["code"],t["origin"],t.get("score")) for t in d["tags"]]' <<<"$line")" \
	"[('sdg', '3', 'submitter', None), ('action_line', 'C7.e-health', 'moderator', None), ('sdg_target', '3.8', 'model', 0.87)]"
same "stakeholder type defaults to the organisation's" "$(json 'd["stakeholder_type"]' <<<"$line")" "civil-society"

# Export round trip: export, import into a new database, export again: the same records.
"$STOCKTAKE" --db "$DB" export -o "$T/all.jsonl" 2>/dev/null
"$STOCKTAKE" --db "$DB" export --format csv -o "$T/all.csv" 2>/dev/null
n=$(wc -l <"$T/all.jsonl")
same "export writes every record" "$n" "$("$STOCKTAKE" --db "$DB" stats --json | json 'd["initiatives"]')"
"$STOCKTAKE" --db "$T/b.db" init >/dev/null
run "$STOCKTAKE" --db "$T/b.db" import --no-map --no-map "$T/all.jsonl"
expect "the JSON Lines export imports into a new database" 0 "^imported $n, updated 0, unchanged 0, rejected 0$"
strip='import json,sys
for l in sys.stdin:
    d=json.loads(l)
    for k in ("id","created_at","updated_at"): d.pop(k,None)
    print(json.dumps(d,sort_keys=True))'
a=$(python3 -c "$strip" <"$T/all.jsonl" | sort | sha256sum)
b=$("$STOCKTAKE" --db "$T/b.db" export | python3 -c "$strip" | sort | sha256sum)
same "JSON Lines round trip gives the same records" "$b" "$a"
run "$STOCKTAKE" --db "$T/b.db" import --no-map --no-map "$T/all.csv"
expect "the CSV export imports back as the same records" 0 "^imported 0, updated [0-9]+, unchanged [0-9]+, rejected 0$"
changed=$(grep -oE 'updated [0-9]+' <<<"$OUT")
same "CSV round trip changes only records with model/moderator tags" "$changed" "updated 1"

"$STOCKTAKE" --db "$T/c.db" init >/dev/null
run "$STOCKTAKE" --db "$T/c.db" import --no-map --no-map --format csv "$T/all.csv"
expect "the CSV export imports into a new database" 0 "^imported $n, updated 0, unchanged 0, rejected 0$"

# CSV written by hand, with lists.
cat >"$T/hand.csv" <<'C'
source,source_id,title,stakeholder_type,countries,sdgs,action_lines,gdc,partners,start_date
example,1,"Rural telemedicine, phase 2",civil-society,KE;TZ,3;9,C7.e-health;C2,1,funding:World Bank;Ministry of Health,2020
C
run "$STOCKTAKE" --db "$DB" import --no-map "$T/hand.csv"
expect "a hand-written CSV imports" 0 '^imported 1,'
run "$STOCKTAKE" --db "$DB" export --state submitted
line=$(grep '"source":"example"' <<<"$OUT")
same "CSV lists become countries, tags and partners" "$(json 'd["countries"], [t["code"] for t in d["tags"]], d["partners"]' <<<"$line")" \
	"['KE', 'TZ'] ['3', '9', 'C7.e-health', 'C2', '1'] [{'name': 'World Bank', 'role': 'funding'}, {'name': 'Ministry of Health'}]"

# Output to a file that cannot be written leaves nothing behind.
run "$STOCKTAKE" --db "$DB" export -o "$T/no/such/dir/x.jsonl"
expect "export to an unwritable path fails" 1 '' 'cannot write'

# Into a pipe (as -o /dev/stdout would be): written straight, never renamed over.
mkfifo "$T/pipe"
timeout 30 cat "$T/pipe" >"$T/from-pipe" &
reader=$!
run timeout 30 "$STOCKTAKE" --db "$DB" export --format csv -o "$T/pipe"
wait "$reader"
expect "export into a FIFO succeeds" 0 '' 'exported [0-9]+ initiative'
same "the FIFO is still a FIFO" "$([ -p "$T/pipe" ] && echo fifo || echo replaced)" fifo
same "the reader got the CSV through it" "$(head -c 2 "$T/from-pipe")" "id"
# The full-text rows a bulk import writes as it goes hold exactly the text FTS5 reads back
# through initiative_fts_src (else removing or changing a record would corrupt the index):
# FTS5's integrity check compares the index with that text, after all the imports and
# updates above, and after an import with the mapping model into a fresh database.
fts_check() { sqlite3 "$1" "INSERT INTO initiative_fts(initiative_fts, rank) VALUES('integrity-check', 1); SELECT 'ok';" 2>&1; }
same "the full-text index matches the stored text after imports and updates" "$(fts_check "$DB")" ok
"$STOCKTAKE" --db "$T/mapped.db" init >/dev/null
run "$STOCKTAKE" --db "$T/mapped.db" import $S/worldbank.jsonl $S/dpg_candidates.jsonl
expect "an import with mapping" 0 '^imported [0-9]+, updated 5, unchanged 0, rejected 0$'
same "the full-text index matches after an import with mapping" "$(fts_check "$T/mapped.db")" ok
run "$STOCKTAKE" --db "$T/mapped.db" export --format jsonl
want=$(python3 -c '
import json, re, sys
n = 0
for line in sys.stdin:
    r = json.loads(line)
    text = " ".join(str(r.get(k) or "") for k in ("title", "summary", "description"))
    text += " " + str((r.get("organisation") or {}).get("name") or "")
    n += "sustainable" in re.findall(r"[^\W_]+", text.lower())
print(n)' <<<"$OUT")
same "a word search finds exactly the imported records that have the word" \
	"$(sqlite3 "$T/mapped.db" "SELECT count(*) FROM initiative_fts WHERE initiative_fts MATCH 'sustainable'")" \
	"$want"
finish
