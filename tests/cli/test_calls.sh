#!/usr/bin/env bash
# Calls for inputs and the review timeline on the command line: call create / extend / show
# --json (with the deadline history) / list / open / question add, time zones and a
# daylight-saving change, every bad input refused with a clear message and the database
# unchanged, and `timeline --format ics|json`.
. "$(dirname "$0")/lib.sh"

db=$T/t.db
st() { "$STOCKTAKE" --db "$db" "$@"; }
# pyq EXPR: evaluates a Python expression over the JSON on stdin (as d)
pyq() {
	local flag=
	[ "$1" = -r ] || [ "$1" = -c ] && { flag=$1; shift; }
	python3 -c 'import json, sys; exec(sys.argv[1])' "d = json.load(sys.stdin); v = $1
print(v if isinstance(v, (str, int)) and not isinstance(v, bool) else json.dumps(v, separators=(',', ':')))"
}
run st init
expect "init loads the review timeline" 0 'loaded the review timeline from .*: 18 events'
run st init
expect "init again changes no event" 0 '18 events, 0 new or changed'

run st call create --title "WSIS+20 call for inputs" --opens 2024-12-01T00:00 \
	--closes 2025-02-28T23:59:59 --tz Europe/Zurich --description "Tell us."
expect "call create" 0 'created call 1 \(draft'
expect "it prints the deadline in UTC and in the zone" 0 \
	'2025-02-28T22:59:59Z \(2025-02-28T23:59:59\+01:00 CET, Europe/Zurich\)'

audit_before=$(sqlite3 "$db" "SELECT count(*) FROM audit")
calls_before=$(sqlite3 "$db" "SELECT count(*) FROM call")
run st call create --title X --opens 2025-01-01T00:00 --closes 2025-02-01T00:00 --tz Mars/Olympus
expect "an unknown zone is refused by name" 1 '' 'unknown time zone "Mars/Olympus"'
run st call create --title X --opens 2025-01-01T00:00 --closes 2025-02-01T00:00 --tz ../../etc/passwd
expect "a path is not a zone" 1 '' 'not a time zone name'
run st call create --title X --opens 2025-03-01T00:00 --closes 2025-02-01T00:00 --tz UTC
expect "a call closing before it opens is refused" 1 '' 'must close after it opens'
run st call create --title X --opens 2025-03-01T00:00 --closes 2025-03-09T02:30 --tz America/New_York
expect "a time skipped by daylight-saving time is refused" 1 '' 'does not exist in America/New_York'
run st call create --title X --opens yesterday --closes 2025-03-09T02:30 --tz UTC
expect "a time that is not a time is refused" 1 '' 'opens: "yesterday" is not a date and time'
run st call create --title X --opens 2025-01-01T00:00 --tz UTC
expect "a missing option is a usage error" 2 '' 'needs --title, --opens, --closes and --tz'
run st call extend 1 --closes 2025-02-01T00:00 --reason "earlier"
expect "an extension earlier than the deadline is refused" 1 '' 'later than the current one \(2025-02-28T22:59:59Z\)'
run st call extend 1 --closes 2025-03-20T00:00
expect "an extension needs a reason" 2 '' 'needs --closes and --reason'
run st call extend 9 --closes 2025-03-20T00:00 --reason x
expect "an unknown call" 1 '' 'call 9 does not exist'
same "the refused commands wrote nothing" \
	"$(sqlite3 "$db" "SELECT count(*) FROM audit"),$(sqlite3 "$db" "SELECT count(*) FROM call")" \
	"$audit_before,$calls_before"

run st call extend 1 --closes 2025-03-14T23:59:59 --reason "Requests from stakeholders"
expect "call extend" 0 'deadline extended' ''
run st call show 1 --json
expect "call show --json" 0
same "show --json: the current deadline" "$(pyq 'd["closes_at"]' <<<"$OUT")" "2025-03-14T22:59:59Z"
same "show --json: the deadline in the call's zone" "$(pyq 'd["closes_local"]' <<<"$OUT")" \
	"2025-03-14T23:59:59+01:00"
same "show --json: the deadline history, oldest first" \
	"$(pyq '[[x["closes_at"], x["reason"]] for x in d["deadlines"]]' <<<"$OUT")" \
	'[["2025-02-28T22:59:59Z",null],["2025-03-14T22:59:59Z","Requests from stakeholders"]]'
same "show --json: a draft" "$(pyq 'd["state"] + " " + d["phase"]' <<<"$OUT")" "draft draft"

run st call edit 1 --title "WSIS+20: call for inputs" --audience "Everyone" --opens 2024-12-02T09:00
expect "call edit changes the details" 0 'call 1 changed'
same "the new title and opening time (09:00 CET)" \
	"$(st call show 1 --json | pyq 'd["title"] + " " + d["opens_at"]')" \
	"WSIS+20: call for inputs 2024-12-02T08:00:00Z"
run st call edit 1 --closes 2025-04-01T00:00
expect "call edit does not move the deadline" 2 '' 'only with `call extend`'
run st call edit 1 --opens 2025-04-01T00:00
expect "call edit: opening after the deadline is refused" 1 '' 'must close after it opens'
run st call question add 1 --kind single --prompt "Agree?" --option Yes --option No
expect "question add" 0 'added question 1'
run st call question add 1 --kind single --prompt "Agree?" --option Yes
expect "a choice needs two options" 1 '' 'a choice needs 2 to'
run st call question add 1 --kind essay --prompt "?"
expect "an unknown kind is refused" 1 '' 'kind: one of text'
run st call open 1
expect "call open" 0 'call 1 is now open'
run st call list
expect "call list" 0 '^1	closed	2025-03-14T22:59:59Z	Europe/Zurich	WSIS\+20: call for inputs$'

# A deadline after New York's change to summer time is EDT (-04:00).
run st call create --title "Spring" --opens 2025-03-01T00:00 --closes 2025-03-09T03:30 --tz America/New_York
expect "a deadline after the change" 0 '2025-03-09T07:30:00Z \(2025-03-09T03:30:00-04:00 EDT'
run st call show 2 --json
same "the opening before the change is EST" "$(pyq 'd["opens_local"]' <<<"$OUT")" \
	"2025-03-01T00:00:00-05:00"

run st timeline --format json
expect "timeline --format json" 0
same "the timeline: 18 events and the published call" "$(pyq 'len(d)' <<<"$OUT")" 19
same "the zero draft in the ECOSOC Chamber" \
	"$(pyq '[x["start"] + " " + x["location"] for x in d if x["uid"] == "modalities-zero-draft"][0]' <<<"$OUT")" \
	"2025-02-14 ECOSOC Chamber"
same "the call's deadline, moved once" \
	"$(pyq '[[x["at"], x["sequence"]] for x in d if x.get("call_id") == 1][0]' <<<"$OUT")" '["2025-03-14T22:59:59Z",1]'
run st timeline --format ics -o "$T/t.ics"
expect "timeline --format ics -o FILE" 0
same "every line ends in CRLF" "$(tr -d '\r' <"$T/t.ics" | wc -l)" "$(grep -c $'\r$' "$T/t.ics")"
same "no line is longer than 75 octets" "$(tr -d '\r' <"$T/t.ics" | awk 'length($0) > 75' | wc -l)" 0
same "one UID and one DTSTAMP per event" \
	"$(grep -c '^BEGIN:VEVENT' "$T/t.ics") $(grep -c '^UID:' "$T/t.ics") $(grep -c '^DTSTAMP:' "$T/t.ics")" \
	"19 19 19"
run st timeline --format xml
expect "an unknown format is a usage error" 2 '' 'ics or json'

# call list gives every call, however many (it read only the first 1,000 before), page by
# page; --limit N the first N. Deadlines tie in sevens, so the order needs the ids too.
many=$T/many.db
cp "$db" "$many"
python3 - "$many" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for i in range(1300):
    c.execute("INSERT INTO call(title, description, audience, tz, opens_at, closes_at, state,"
              " created_by, created_at, updated_at) VALUES(?, '', '', 'UTC', 1000, ?, 'open',"
              " 'test', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
              (f"Bulk call {i}", 3000000000 - (i // 7) * 3600))
c.commit()
PY
want=$(sqlite3 "$many" "SELECT id FROM call ORDER BY closes_at DESC, id DESC")
total=$(sqlite3 "$many" "SELECT count(*) FROM call")
run "$STOCKTAKE" --db "$many" call list
expect "call list over 1,000 calls" 0
same "it lists every call ($total), latest deadline first, ties by number" \
	"$(cut -f1 <<<"$OUT")" "$want"
run "$STOCKTAKE" --db "$many" call list --json
expect "call list --json over 1,000 calls" 0
same "the JSON array has every call in the same order" \
	"$(python3 -c 'import json, sys; print("\n".join(str(c["id"]) for c in json.load(sys.stdin)))' <<<"$OUT")" \
	"$want"
run "$STOCKTAKE" --db "$many" call list --limit 5
same "--limit 5 gives the first five" "$(cut -f1 <<<"$OUT")" "$(head -5 <<<"$want")"
run "$STOCKTAKE" --db "$many" call list --limit 600 --json
same "--limit past a page gives that many, in order" \
	"$(python3 -c 'import json, sys; print("\n".join(str(c["id"]) for c in json.load(sys.stdin)))' <<<"$OUT")" \
	"$(head -600 <<<"$want")"
run "$STOCKTAKE" --db "$many" call list --limit 0
expect "--limit 0 is a usage error" 2 '' '--limit: a number of calls from 1'
run "$STOCKTAKE" --db "$many" call list --limit lots
expect "--limit that is not a number is a usage error" 2 '' '--limit: a number of calls from 1, not "lots"'
run "$STOCKTAKE" --db "$T/empty-calls.db" init
run "$STOCKTAKE" --db "$T/empty-calls.db" call list --json
expect "no calls: an empty JSON array" 0 '^\[\]$'
run st timeline --bogus
expect "an unknown timeline option points to timeline's help" 2 '' "Try 'stocktake timeline --help'"
finish
