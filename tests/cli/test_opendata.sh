#!/usr/bin/env bash
# The open data from the command line: `export --format xlsx` (the CSV's records and columns
# in a spreadsheet, published only with --state, refused without -o, nothing left behind on
# failure) and `export --data-dictionary` (every CSV column, in order, and the same table as
# docs/open-data.md).
. "$(dirname "$0")/lib.sh"
DB=$T/a.db
"$STOCKTAKE" --db "$DB" init >/dev/null || { fail "init"; finish; }
"$STOCKTAKE" --db "$DB" import --no-map --state published data/sample/wsis_prizes_2015.jsonl >/dev/null
"$STOCKTAKE" --db "$DB" import --no-map --state submitted data/sample/worldbank.jsonl >/dev/null
dump() { python3 tests/tools/xlsx_dump.py "$@"; }

run "$STOCKTAKE" --db "$DB" export --state published --format xlsx -o "$T/p.xlsx"
expect "export --format xlsx writes the published initiatives" 0 '' '^exported 302 initiatives to '
run dump "$T/p.xlsx"
expect "the spreadsheet is a valid workbook with one sheet" 0 '^sheet	initiatives$'
grep -qx $'initiatives\tfrozen\t1' <<<"$OUT" && pass "its header row is frozen" || fail "its header row is frozen"
grep -qx $'initiatives\trows\t303' <<<"$OUT" && pass "a row per initiative and the header" ||
	fail "a row per initiative and the header" "$(grep rows <<<"$OUT")"
"$STOCKTAKE" --db "$DB" export --state published --format csv -o "$T/p.csv" 2>/dev/null
# the same ids and titles as the CSV, in the same order; ids as numbers
printf '%s\n' "$OUT" >"$T/p.dump"
same=$(python3 - "$T/p.csv" "$T/p.dump" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
cells = {}
def col(i):
    return col(i // 26 - 1) + chr(65 + i % 26) if i >= 26 else chr(65 + i)
for line in open(sys.argv[2]).read().splitlines():
    k, kind, v = (line.split("\t", 2) + ["", ""])[:3]
    cells[k] = (kind, v)
hdr = [cells.get("initiatives!%s1" % col(i), ("", ""))[1] for i in range(len(rows[0]))]
ok = hdr == rows[0]
for r, row in enumerate(rows[1:], start=2):
    ok &= cells.get("initiatives!A%d" % r) == ("n", row[0])
    ok &= cells.get("initiatives!D%d" % r, ("s", ""))[1] == row[3]
print("same" if ok else "different")
PY
)
same "the spreadsheet holds the CSV's columns, ids and titles" "$same" same

run "$STOCKTAKE" --db "$DB" export --format xlsx
expect "xlsx to standard output is refused" 2 '' 'xlsx needs -o FILE'
run "$STOCKTAKE" --db "$DB" export --format xlsx -o "$T/no/such/dir/x.xlsx"
expect "xlsx to an unwritable path fails" 1 '' 'cannot write the spreadsheet'
left=$(ls "$T/no/such/dir" 2>/dev/null | wc -l)
same "nothing is left behind" "$left" 0
ln -s "$T/target" "$T/link.xlsx"
run "$STOCKTAKE" --db "$DB" export --format xlsx -o "$T/link.xlsx"
expect "xlsx over a link (or a device) is refused" 1 '' 'not a regular file'
[ -L "$T/link.xlsx" ] && pass "the link is left as it was" || fail "the link is left as it was"
run "$STOCKTAKE" --db "$DB" export --format ods
expect "an unknown format names the known ones" 2 '' 'use jsonl, csv or xlsx'

run "$STOCKTAKE" export --data-dictionary
expect "export --data-dictionary prints a Markdown table" 0 '^\| field \| type \| meaning \| example \|$'
fields=$(sed -n 's/^| `\([a-z_]*\)` |.*/\1/p' <<<"$OUT" | paste -sd,)
same "the dictionary has every CSV column, in order" "$fields" "$(head -1 "$T/p.csv" | tr -d '\r')"
doc=$(sed -n '/^<!-- data-dictionary: begin/,/^<!-- data-dictionary: end/p' docs/open-data.md | sed '1d;$d')
same "docs/open-data.md has the program's dictionary (paste stocktake export --data-dictionary)" "$doc" "$OUT"

finish
