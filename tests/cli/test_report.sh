#!/usr/bin/env bash
# stocktake report: every format this program writes (CSV, HTML with well-formed,
# accessible SVG charts, JSON; PDF and XLSX when their renderers are built), the same
# numbers in each, the filters, the M49 regions, countries, the matrix and the GDC map, an
# empty place, and clear errors that leave no file behind.
. "$(dirname "$0")/lib.sh"
DB=$T/r.db
"$STOCKTAKE" --db "$DB" init >/dev/null || { fail "init"; finish; }
"$STOCKTAKE" --db "$DB" import --state published data/sample/wsis_prizes_2015.jsonl \
	data/sample/worldbank.jsonl >/dev/null 2>&1

run "$STOCKTAKE" --db "$DB" report regional --region africa --format csv -o "$T/africa.csv"
expect "regional CSV" 0
grep -q '^Africa: WSIS stocktaking report' "$T/africa.csv" && pass "the CSV names the region" ||
	fail "the CSV names the region" "$(head -3 "$T/africa.csv")"
total=$(grep -m1 '^Initiatives,' "$T/africa.csv" | cut -d, -f2 | tr -d '\r')
[ -n "$total" ] && [ "$total" -gt 0 ] && pass "the CSV has the total ($total)" ||
	fail "the CSV has the total" "$(head -8 "$T/africa.csv")"

run "$STOCKTAKE" --db "$DB" report regional --region africa --format json -o "$T/africa.json"
expect "regional JSON" 0
same "the JSON's total is the CSV's" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$T/africa.json")" "$total"
sdg_csv=$(awk -F, '/^Initiatives by SDG/{f=1;next} f&&/^\r?$/{exit} f&&NR>0{print $NF}' "$T/africa.csv" | tr -d '\r' | tail -n +2 | paste -sd, -)
sdg_json=$(python3 -c 'import json,sys; t=[t for t in json.load(open(sys.argv[1]))["tables"] if t["id"]=="by-sdg"][0]; print(",".join(str(r[2]) for r in t["rows"]))' "$T/africa.json")
same "the JSON's SDG counts are the CSV's" "$sdg_json" "$sdg_csv"

run "$STOCKTAKE" --db "$DB" report regional --region africa --format html -o "$T/africa.html"
expect "regional HTML" 0
grep -q '<h1>Africa: WSIS stocktaking report</h1>' "$T/africa.html" && pass "the HTML page has the title" || fail "the HTML page has the title"
grep -q '<script' "$T/africa.html" && fail "a standalone page carries no script" || pass "a standalone page carries no script"
# every chart is a well-formed SVG with an accessible name
python3 - "$T/africa.html" "$T" <<'PY'
import re, sys
svgs = re.findall(r"<svg .*?</svg>", open(sys.argv[1], encoding="utf-8").read(), re.S)
for i, s in enumerate(svgs):
    open(f"{sys.argv[2]}/chart{i}.svg", "w", encoding="utf-8").write(s)
PY
n=$(ls "$T"/chart*.svg 2>/dev/null | wc -l)
[ "$n" -ge 6 ] && pass "the HTML has its charts ($n)" || fail "the HTML has its charts" "found $n"
bad=0
for f in "$T"/chart*.svg; do
	xmllint --noout "$f" 2>"$T/.xml" || { bad=1; fail "$(basename "$f") is well-formed XML" "$(head -3 "$T/.xml")"; }
	grep -qE 'role="(img|group)"' "$f" && grep -qE '<title id="[^"]+-title">[^<]+</title>' "$f" &&
		grep -q 'aria-labelledby=' "$f" || { bad=1; fail "$(basename "$f") has an accessible name"; }
done
[ $bad -eq 0 ] && pass "every chart is well-formed XML with a role, a title and aria-labelledby"
# a file opened from disk: no link into the site without its address (the text stays)
grep -qE 'href="/' "$T/africa.html" && fail "no site-relative links in an HTML file" \
	"$(grep -oE 'href="/[^"]*"' "$T/africa.html" | head -3)" ||
	pass "no site-relative links in an HTML file"
grep -q '<th scope="row">2004</th>' "$T/africa.html" &&
	pass "a cell that would link keeps its text" || fail "a cell that would link keeps its text"
grep -q 'href="#' "$T/africa.html" || grep -q 'id="s0"' "$T/africa.html" &&
	pass "the sections are still there" || fail "the sections are still there"
# with the site's address every link into the site is whole
run "$STOCKTAKE" --db "$DB" report regional --region africa --format html -o "$T/whole.html" \
	--base-url https://stocktake.example.org/
expect "regional HTML with the site's address" 0
grep -q '<a href="https://stocktake.example.org/initiatives?itu_region=africa&amp;sdg=3">' \
	"$T/whole.html" && pass "bars and cells link to their initiatives on the site" ||
	fail "bars and cells link to their initiatives on the site"
grep -qE 'href="/' "$T/whole.html" && fail "and no site-relative link is left" ||
	pass "and no site-relative link is left"
n=$(grep -o 'href="https://stocktake.example.org/initiatives?' "$T/whole.html" | wc -l)
m=$(grep -o 'href="/initiatives?' "$T/africa.html" | wc -l)
[ "$n" -gt 10 ] && [ "$m" -eq 0 ] && pass "whole links in the file with an address ($n), none without" ||
	fail "whole links in the file with an address, none without" "$n $m"
STOCKTAKE_BASE_URL=http://127.0.0.1:8080 run "$STOCKTAKE" --db "$DB" report country \
	--country KE --format html
expect "STOCKTAKE_BASE_URL for an HTML report on standard output" 0 \
	'href="http://127.0.0.1:8080/initiatives\?country=KE'

# PDF and XLSX hold the same numbers as the CSV (which tests/http/test_reports.py checks
# against the API's facet counts).
for fmt in pdf xlsx; do
	run "$STOCKTAKE" --db "$DB" report regional --region africa --format $fmt -o "$T/africa.$fmt"
	expect "$fmt written" 0
done
pages=$(pdfinfo "$T/africa.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -ge 2 ] && pass "the PDF has pages ($pages)" || fail "the PDF has pages" "$pages"
pdftotext -layout "$T/africa.pdf" "$T/africa.txt"
grep -q 'Africa: WSIS stocktaking report' "$T/africa.txt" && pass "the PDF names the region" ||
	fail "the PDF names the region"
shown=$(python3 -c "print(f'{int(\"$total\"):,}')")
# the key figures: the values on the line above their labels
grep -B1 -E '^ *Initiatives +Countries with' "$T/africa.txt" | head -1 | grep -qE "^ *$shown( |$)" &&
	pass "the PDF's key figure is the CSV's total ($shown)" ||
	fail "the PDF's key figure is the CSV's total" "$(grep -B1 -E 'Initiatives +Countries' "$T/africa.txt")"
python3 tests/tools/xlsx_dump.py "$T/africa.xlsx" >"$T/africa.xlsx.txt"
for sheet in Summary by-action-line by-sdg by-gdc matrix; do
	grep -qx "sheet	$sheet" "$T/africa.xlsx.txt" && pass "the XLSX has the sheet $sheet" ||
		fail "the XLSX has the sheet $sheet"
done
grep -qE "^Summary!B[0-9]+	n	$total\$" "$T/africa.xlsx.txt" &&
	pass "the XLSX Summary holds the CSV's total as a number" ||
	fail "the XLSX Summary holds the CSV's total" "$(grep '^Summary' "$T/africa.xlsx.txt" | head -20)"
run "$STOCKTAKE" --db "$DB" report regional --region africa --format pdf
expect "pdf needs -o FILE" 2 '' 'need -o FILE'

# filters change the numbers and are printed on the report
run "$STOCKTAKE" --db "$DB" report regional --region africa --format csv --from 2010 --to 2012 --stakeholder-type government
expect "filters" 0 'Initiatives started 2010–2012; Government'
ft=$(grep -m1 '^Initiatives,' <<<"$OUT" | cut -d, -f2 | tr -d '\r')
[ "$ft" -le "$total" ] && pass "a filtered total is at most the whole ($ft <= $total)" || fail "filtered total" "$ft > $total"
years=$(awk -F, '/^Initiatives by the year they started/{f=1;next} f&&/^\r?$/{exit} f{print $1}' <<<"$OUT" | tr -d '\r' | tail -n +2 | paste -sd' ' -)
same "the trend covers the years asked for" "$years" "2010 2011 2012"

# other places and reports
run "$STOCKTAKE" --db "$DB" report regional --region 019 --format csv
expect "an M49 region (019)" 0 '^Americas: WSIS stocktaking report'
run "$STOCKTAKE" --db "$DB" report country --country ke --format csv
expect "a country (lower case accepted)" 0 '^Kenya: WSIS stocktaking report'
run "$STOCKTAKE" --db "$DB" report matrix --format csv
expect "the matrix" 0 'Initiatives by WSIS Action Line and SDG'
grep -q 'C7.e-health' <<<"$OUT" && pass "the matrix has the C7 sub-lines" || fail "the matrix has the C7 sub-lines"
run "$STOCKTAKE" --db "$DB" report gdc --format csv
expect "the GDC map" 0 'GDC objectives by ITU-D region'
run "$STOCKTAKE" --db "$DB" report regional --region africa --format csv --lang fr
expect "in French" 0 '^Afrique'

# an empty place: a clear, well-formed report
run "$STOCKTAKE" --db "$DB" report country --country AQ --format csv
expect "an empty country" 0 'No initiative matches these filters in Antarctica'
run "$STOCKTAKE" --db "$DB" report country --country AQ --format html -o "$T/empty.html"
expect "an empty country as HTML" 0
grep -q 'this report is empty' "$T/empty.html" && pass "the empty HTML says so" || fail "the empty HTML says so"

# errors: clear, exit status 2, no file
run "$STOCKTAKE" --db "$DB" report regional --region atlantis --format csv -o "$T/x.csv"
expect "an unknown region" 2 '' 'unknown region "atlantis"'
[ -e "$T/x.csv" ] && fail "no file after an error" || pass "no file after an error"
run "$STOCKTAKE" --db "$DB" report regional --region 999 --format csv
expect "an unknown M49 code" 2 '' 'unknown region "999"'
run "$STOCKTAKE" --db "$DB" report country --country XX --format csv
expect "an unknown country" 2 '' 'unknown country "XX"'
run "$STOCKTAKE" --db "$DB" report regional --region africa --format docx
expect "an unknown format" 2 '' 'unknown format "docx"'
run "$STOCKTAKE" --db "$DB" report regional --region africa
expect "a missing format" 2 '' '--format is required'
run "$STOCKTAKE" --db "$DB" report regional --format csv
expect "a missing region" 2 '' 'needs --region'
run "$STOCKTAKE" --db "$DB" report regional --region africa --format csv --from 2020 --to 2010
expect "years the wrong way round" 2 '' '--from 2020 is after --to 2010'
run "$STOCKTAKE" --db "$DB" report regional --region africa --format csv --from 20
expect "a malformed year" 2 '' '--from "20": A year is written with four digits'
run "$STOCKTAKE" --db "$DB" report regional --region africa --format csv --stakeholder-type aliens
expect "an unknown stakeholder type" 2 '' 'Unknown stakeholder type'
run "$STOCKTAKE" --db "$DB" report atlas --format csv
expect "an unknown report" 2 '' 'unknown report "atlas"'
# links in files: whole with the site's address (--base-url, STOCKTAKE_BASE_URL)
run "$STOCKTAKE" --db "$DB" report regional --region africa --format pdf -o "$T/links.pdf" \
	--base-url https://stocktake.example.org/
expect "a PDF with the site's address" 0
n=$(grep -ac '/URI (https://stocktake.example.org/initiatives' "$T/links.pdf")
[ "$n" -gt 0 ] && pass "its bars, cells and initiatives are links to the site ($n)" ||
	fail "its bars, cells and initiatives are links to the site"
grep -aq '/URI (https://stocktake.example.org/reports/regional/africa)' "$T/links.pdf" &&
	pass "its title page links to the report on the site" ||
	fail "its title page links to the report on the site"
STOCKTAKE_BASE_URL=http://127.0.0.1:8080 run "$STOCKTAKE" --db "$DB" report country \
	--country KE --format pdf -o "$T/env.pdf"
expect "STOCKTAKE_BASE_URL" 0
grep -aq '/URI (http://127.0.0.1:8080/reports/country/KE)' "$T/env.pdf" &&
	pass "STOCKTAKE_BASE_URL gives the address" || fail "STOCKTAKE_BASE_URL gives the address"
run "$STOCKTAKE" --db "$DB" report regional --region africa --format pdf -o "$T/rel.pdf"
expect "a PDF without the site's address" 0
grep -aq '/URI (/' "$T/rel.pdf" && fail "no relative links in a file" ||
	pass "no relative links in a file"
run "$STOCKTAKE" --db "$DB" report regional --region africa --format pdf -o "$T/bad.pdf" \
	--base-url 'javascript:alert(1)'
expect "a base URL that is not a site's address" 2 '' '--base-url takes the site'"'"'s address'
[ -e "$T/bad.pdf" ] && fail "and no file" || pass "and no file"
run "$STOCKTAKE" --db "$DB" serve --listen 127.0.0.1:1 --base-url 'https://x.org/?a'
expect "serve refuses a bad --base-url" 2 '' '--base-url takes the site'"'"'s address'
printf '[server]\nbase_url = ftp://x.org\n' >"$T/bad.ini"
run "$STOCKTAKE" --db "$DB" serve --config "$T/bad.ini" --listen 127.0.0.1:1
expect "serve refuses a bad base_url in its file" 1 '' 'bad setting base_url = ftp://x.org'

mkfifo "$T/pipe"
run timeout 30 "$STOCKTAKE" --db "$DB" report regional --region africa --format pdf -o "$T/pipe"
expect "a report into a FIFO (or a device) is refused" 2 '' 'not a regular file'
same "and the FIFO is left as it was" "$([ -p "$T/pipe" ] && echo fifo || echo replaced)" fifo
finish
