#!/usr/bin/env bash
# Bad input: each case gets a clear one-line error, a non-zero exit, and the database is
# left exactly as it was.
. "$(dirname "$0")/lib.sh"
DB=$T/a.db
"$STOCKTAKE" --db "$DB" init >/dev/null || { fail "init"; finish; }
"$STOCKTAKE" --db "$DB" import data/sample/wsis_prizes_2015.jsonl >/dev/null 2>&1
snapshot() { "$STOCKTAKE" --db "$DB" stats --json; "$STOCKTAKE" --db "$DB" export; }
BEFORE=$(snapshot | sha256sum)

# rejects NAME FILE ERROR_PATTERN [FORMAT]: the import fails with one error line matching
# the pattern, and the database is unchanged.
rejects() {
	local name=$1 file=$2 pat=$3 fmt=${4:-auto}
	run "$STOCKTAKE" --db "$DB" import --format "$fmt" "$file"
	expect "$name: rejected with a clear error" 1 'rejected [1-9]|rejected 0' "$pat"
	local lines
	lines=$(grep -c '^stocktake: ' <<<"$ERR")
	same "$name: one error line" "$lines" 1
	same "$name: database unchanged" "$(snapshot | sha256sum)" "$BEFORE"
}

good='{"source":"t","source_id":"1","title":"Good record","countries":["KE"]}'

printf '%s\n{"source":"t","source_id":"2","title":"Bad","countries":["XX"]}\n' "$good" >"$T/country.jsonl"
rejects "unknown country code" "$T/country.jsonl" 'line 2: field countries: unknown country code "XX"'

printf '%s\n{"source":"t","source_id":"2","title":"Bad","tags":[{"scheme":"sdg","code":"18"}]}\n' "$good" >"$T/sdg.jsonl"
rejects "unknown SDG code" "$T/sdg.jsonl" 'line 2: field tags: unknown SDG code "18"'

printf '{"source":"t","source_id":"2","title":"Bad","tags":[{"scheme":"action_line","code":"C7"}]}\n' >"$T/al.jsonl"
rejects "the C7 heading is not a taggable Action Line" "$T/al.jsonl" 'unknown Action Line code "C7"'

printf '%s\n{"source":"t","source_id":"2","title":"Bad","colour":"red"}\n' "$good" >"$T/field.jsonl"
rejects "unknown field" "$T/field.jsonl" 'line 2: unknown field "colour"'

printf '%s\n{"source":"t","source_id":"2","title":"Bad"\n' "$good" >"$T/trunc.jsonl"
rejects "truncated JSON" "$T/trunc.jsonl" 'line 2, column [0-9]+: malformed JSON'

printf '{"source":"t","source_id":"2","title":"Bad \xff\xfe"}\n' >"$T/utf8.jsonl"
rejects "invalid UTF-8 in JSON Lines" "$T/utf8.jsonl" 'line 1: not valid UTF-8' jsonl

printf '\0{"source":"t","source_id":"9","title":"Lost"}\n%s\n' "$good" >"$T/nul.jsonl"
rejects "a line starting with a NUL byte" "$T/nul.jsonl" 'line 1: not valid UTF-8' jsonl

printf 'source,source_id,title\nt,1,"Caf\xe9"\n' >"$T/utf8.csv"
rejects "invalid UTF-8 in CSV" "$T/utf8.csv" 'row 2, column 3: not valid UTF-8' csv

printf 'source,source_id,title\nt,1,Good\nt,2,Bad,extra\n' >"$T/cols.csv"
rejects "CSV row with the wrong number of columns" "$T/cols.csv" 'row 3: has 4 columns; the header has 3'

printf 'source,source_id,title,colour\nt,1,Good,red\n' >"$T/hdr.csv"
rejects "CSV with an unknown column" "$T/hdr.csv" 'row 1: unknown column "colour"'

printf 'source,source_id,title,sdgs\nt,1,Good,3;99\n' >"$T/sdg.csv"
rejects "CSV with an unknown SDG" "$T/sdg.csv" 'row 2: field tags: unknown SDG code "99"'

python3 -c 'print("{\"source\":\"t\",\"source_id\":\"1\",\"title\":\"" + "x"*501 + "\"}")' >"$T/long.jsonl"
rejects "a title over its size limit" "$T/long.jsonl" 'field title: title is 501 characters long; the limit is 500'

python3 -c 'print("{\"source\":\"t\",\"source_id\":\"1\",\"title\":\"t\",\"description\":\"" + "x"*(2<<20) + "\"}")' >"$T/huge.jsonl"
rejects "a line over the 1 MiB limit" "$T/huge.jsonl" 'line 1: longer than 1048576 bytes'

: >"$T/empty.jsonl"
rejects "an empty file" "$T/empty.jsonl" 'the file is empty'

mkdir "$T/dir.jsonl"
rejects "a directory" "$T/dir.jsonl" 'dir.jsonl: cannot read: Is a directory'

printf '\n\n' >"$T/blank.jsonl"
rejects "a file with no records" "$T/blank.jsonl" 'no records found' jsonl

printf '<?xml version="1.0"?>\n<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier><title><narrative>T' >"$T/trunc.xml"
rejects "truncated XML" "$T/trunc.xml" 'malformed XML|truncated|premature'

printf '<iati-activities><iati-activity><iati-identifier>X-1</iati-identifier></iati-activities>' >"$T/bad.xml"
rejects "malformed XML" "$T/bad.xml" 'malformed XML|mismatch'

printf '%s\n{"source":"t","source_id":"2","title":"Bad","start_date":"2019-02-30"}\n' "$good" >"$T/date.jsonl"
rejects "an impossible date" "$T/date.jsonl" 'field start_date: start_date "2019-02-30" is not YYYY'

run "$STOCKTAKE" --db "$DB" import "$T/missing.jsonl"
expect "a missing file" 1 '' 'cannot open: No such file'

# Several files: the good one is stored, the bad one is not, the exit status says so.
printf '%s\n' "$good" >"$T/good.jsonl"
run "$STOCKTAKE" --db "$DB" import "$T/good.jsonl" "$T/country.jsonl"
expect "a good and a bad file: the good one is stored" 1 '^imported 1, updated 0, unchanged 0, rejected 2$' 'unknown country code "XX"'

# A read-only database: the file is made unwritable for an unprivileged user.
cp "$DB" "$T/ro.db"
"$STOCKTAKE" --db "$T/ro.db" call create --title "Read me" --opens 2025-01-10T09:00:00 \
	--closes 2025-03-14T23:59:59 --tz Europe/Zurich >/dev/null
"$STOCKTAKE" --db "$T/ro.db" migrate >/dev/null # checkpointed: no WAL left beside it
chmod 444 "$T/ro.db"
chmod 755 "$T"
before=$(sha256sum "$T/ro.db")
if [ "$(id -u)" = 0 ]; then
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
else
	as_user() { "$@"; }
fi
chmod 755 "$T" && chmod 644 "$T/good.jsonl"
run as_user "$STOCKTAKE" --db "$T/ro.db" import "$T/good.jsonl"
expect "a read-only database is refused" 1 '' 'read-only'
expect "the refusal says it cannot write, not which read failed" 1 '' \
	'^stocktake: cannot write to .*ro\.db: the database file or its directory is read-only$'
same "the read-only database is unchanged" "$(sha256sum "$T/ro.db")" "$before"
run as_user "$STOCKTAKE" --db "$T/ro.db" stats
expect "a read-only database can still be read" 0 'initiatives: 303'
run as_user "$STOCKTAKE" --db "$T/ro.db" timeline --format json
expect "timeline reads a read-only database" 0 '"uid"'
run as_user "$STOCKTAKE" --db "$T/ro.db" call list
expect "call list reads a read-only database" 0 'Read me'
run as_user "$STOCKTAKE" --db "$T/ro.db" call show 1 --json
expect "call show reads a read-only database" 0 '"deadlines"'
run as_user "$STOCKTAKE" --db "$T/ro.db" call extend 1 --closes 2025-03-21T23:59:59 --reason later
expect "call extend on a read-only database is refused" 1 '' 'read-only'
same "the read-only database is still unchanged" "$(sha256sum "$T/ro.db")" "$before"
finish
