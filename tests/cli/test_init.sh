#!/usr/bin/env bash
# init, migrate, frameworks: the database and the reference frameworks through the CLI.
. "$(dirname "$0")/lib.sh"
DB=$T/a.db

run "$STOCKTAKE" --version
expect "--version prints the version" 0 '^stocktake [0-9]+\.[0-9]+\.[0-9]+$'

run "$STOCKTAKE" --db "$DB" stats
expect "a missing database is reported" nonzero '' 'no database at .*stocktake init'

run "$STOCKTAKE" --db "$DB" init
expect "init creates the database" 0 'applied [0-9]+ migration'
latest=$(grep -oE 'schema version [0-9]+' <<<"$OUT" | grep -oE '[0-9]+$')
expect "init loads the Action Lines and the countries" 0 '18 Action Lines.*249 countries'
expect "init loads 17 SDGs and 169 targets" 0 '17 SDGs, 169 targets'

run "$STOCKTAKE" --db "$DB" init
expect "init is idempotent" 0 'schema is up to date'

run "$STOCKTAKE" --db "$DB" migrate
expect "migrate on an up-to-date database does nothing" 0 "up to date \\(version $latest\\)"

STOCKTAKE_DB=$T/env.db run "$STOCKTAKE" init
[ -f "$T/env.db" ] && pass "STOCKTAKE_DB names the default database" || fail "STOCKTAKE_DB names the default database"

count() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
run "$STOCKTAKE" --db "$DB" frameworks sdgs --json
same "17 SDGs" "$(count <<<"$OUT")" 17
run "$STOCKTAKE" --db "$DB" frameworks targets --json
same "169 SDG targets" "$(count <<<"$OUT")" 169
run "$STOCKTAKE" --db "$DB" frameworks indicators --json
same "251 SDG indicators (2025 list)" "$(count <<<"$OUT")" 251
run "$STOCKTAKE" --db "$DB" frameworks gdc --json
same "5 GDC objectives" "$(count <<<"$OUT")" 5
run "$STOCKTAKE" --db "$DB" frameworks action-lines --json
same "18 Action Lines and the C7 heading" "$(count <<<"$OUT")" 19
same "Action Line codes" "$(python3 -c 'import json,sys; print(" ".join(a["code"] for a in json.load(sys.stdin) if not a["group"]))' <<<"$OUT")" \
	"C1 C2 C3 C4 C5 C6 C7.e-government C7.e-business C7.e-learning C7.e-health C7.e-employment C7.e-environment C7.e-agriculture C7.e-science C8 C9 C10 C11"
same "C11 links to SDG 17" "$(python3 -c 'import json,sys; print([a["sdgs"] for a in json.load(sys.stdin) if a["code"]=="C11"][0])' <<<"$OUT")" "['17']"

run "$STOCKTAKE" --db "$DB" frameworks countries --json
same "249 countries and areas" "$(count <<<"$OUT")" 249
same "Kenya: codes and regions" "$(python3 -c '
import json,sys
k=[c for c in json.load(sys.stdin) if c["iso2"]=="KE"][0]
print(k["iso3"], k["numeric"], k["m49_region"], k["itu_region"], k["title"], k["ldc"])' <<<"$OUT")" "KEN 404 002 africa Kenya False"
same "Namibia keeps its code NA" "$(python3 -c 'import json,sys; print([c["iso3"] for c in json.load(sys.stdin) if c["iso2"]=="NA"])' <<<"$OUT")" "['NAM']"
same "every country but Antarctica has an ITU-D region" "$(python3 -c 'import json,sys; print([c["iso2"] for c in json.load(sys.stdin) if not c["itu_region"]])' <<<"$OUT")" "['AQ']"

run "$STOCKTAKE" --db "$DB" frameworks sdgs --lang fr
expect "SDG titles in French" 0 'Éliminer la pauvreté'
run "$STOCKTAKE" --db "$DB" frameworks sdgs --lang zh --json
expect "SDG titles in Chinese" 0 '在全世界消除一切形式的贫穷'
run "$STOCKTAKE" --db "$DB" frameworks countries --lang ar
expect "country names in Arabic" 0 'KE KEN 404 africa +كينيا'
run "$STOCKTAKE" --db "$DB" frameworks sdgs --lang xx
expect "an unknown language is a usage error" 2 '' 'unknown language "xx"'
run "$STOCKTAKE" --db "$DB" frameworks planets
expect "an unknown framework is a usage error" 2 '' 'unknown framework "planets"'

# Every command that --help lists has its own --help and an entry in the man page.
cmds=$("$STOCKTAKE" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
same "--help lists the 15 commands" "$(wc -w <<<"$cmds")" 15
for cmd in $cmds; do
	run "$STOCKTAKE" "$cmd" --help
	expect "$cmd --help" 0 "Usage: stocktake .*$cmd"
	if grep -qE -e "^[.]B $cmd( |[\\]|\$)" man/stocktake.1; then
		pass "man/stocktake.1 describes $cmd"
	else
		fail "man/stocktake.1 describes $cmd" "no '.B $cmd' entry under COMMANDS"
	fi
done
run groff -man -ww -z man/stocktake.1
expect "the man page formats without warnings" 0 '' '^$'

# A bad option is one usage error line naming it, then where to find help.
for cmd in $cmds; do
	run "$STOCKTAKE" --db "$T/none.db" "$cmd" --no-such-option
	expect "$cmd --no-such-option: a usage error naming it" 2 '' \
		"^stocktake: (unknown option \"--no-such-option\"|unknown subcommand \"--no-such-option\"|.*)$"
	same "$cmd --no-such-option: one error line and the help pointer" \
		"$(sed -n 2p <<<"$ERR") $(wc -l <<<"$ERR")" "Try 'stocktake $cmd --help'. 2"
done
run "$STOCKTAKE" --db "$T/none.db" stats --no-such-option
expect "an unknown option is named" 2 '' '^stocktake: unknown option "--no-such-option"$'
run "$STOCKTAKE" --db "$T/none.db" import --format
expect "an option without its value says so" 2 '' '^stocktake: option "--format" needs a value$'
run "$STOCKTAKE" --db "$T/none.db" stats --json=yes
expect "a value given to a flag says so" 2 '' '^stocktake: option "--json" takes no value$'
run "$STOCKTAKE" --db "$T/none.db" export -o
expect "a short option without its value says so" 2 '' '^stocktake: option "-o" needs a value$'
run "$STOCKTAKE" --db
expect "--db without a path says so" 2 '' '^stocktake: option "--db" needs a value$'
run "$STOCKTAKE" stats --db "$DB" --json
expect "--db after the command names the database too" 0 '"initiatives": 0'
run "$STOCKTAKE" frameworks gdc --db="$DB"
expect "--db=PATH after the command" 0 '^1 '
run "$STOCKTAKE" --db "$T/none.db" stats --db
expect "--db after the command without a path says so" 2 '' '^stocktake: option "--db" needs a value$'
run "$STOCKTAKE" --help
expect "--help lists the commands" 0 'import +import initiatives'
run "$STOCKTAKE" frobnicate
expect "an unknown command is a usage error" 2 '' 'unknown command'

# Not a stocktake database: another SQLite file, and a text file. Both stay untouched.
python3 -c 'import sqlite3; c=sqlite3.connect("'"$T"'/other.db"); c.execute("create table t(x)"); c.commit()'
before=$(sha256sum "$T/other.db")
run "$STOCKTAKE" --db "$T/other.db" init
expect "another SQLite database is refused" 1 '' 'not a stocktake database'
same "the other database is unchanged" "$(sha256sum "$T/other.db")" "$before"
echo "hello" >"$T/text.db"
run "$STOCKTAKE" --db "$T/text.db" stats
expect "a text file is refused" 1 '' 'not a stocktake database'
same "the text file is unchanged" "$(cat "$T/text.db")" "hello"

# A database from a newer stocktake is refused.
cp "$DB" "$T/newer.db"
python3 -c 'import sqlite3; c=sqlite3.connect("'"$T"'/newer.db"); c.execute("pragma user_version=99"); c.commit()'
run "$STOCKTAKE" --db "$T/newer.db" stats
expect "a newer schema is refused" 1 '' 'schema version 99, newer than'

# A migration that fails leaves the database as it was: a stocktake file at version 0
# that already has a table the first migration creates.
python3 -c '
import sqlite3
c=sqlite3.connect("'"$T"'/half.db")
c.execute("pragma application_id=%d" % 0x53544b54)
c.execute("create table audit(x)")
c.commit()'
run "$STOCKTAKE" --db "$T/half.db" migrate
expect "a failing migration is reported" 1 '' 'migration 1 .* failed and was rolled back'
same "after the failed migration the schema is untouched" \
	"$(python3 -c 'import sqlite3; c=sqlite3.connect("'"$T"'/half.db"); print(c.execute("pragma user_version").fetchone()[0], [r[0] for r in c.execute("select name from sqlite_schema order by name")])')" \
	"0 ['audit']"

# The change number, which a running server's caches follow, moves only when a reload of
# the frameworks or the timeline changes something.
seq() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select coalesce(max(seq),0) from search_change").fetchone()[0])' "$1"; }
run "$STOCKTAKE" --db "$T/seq.db" init
before=$(seq "$T/seq.db")
run "$STOCKTAKE" --db "$T/seq.db" init
expect "init again succeeds" 0 'loaded frameworks from' ''
same "init again with the same data keeps the change number" "$(seq "$T/seq.db")" "$before"
mkdir -p "$T/retitle/frameworks"
cp data/frameworks/*.csv "$T/retitle/frameworks/"
sed -i 's/^4,Quality education,/4,Education for all,/' "$T/retitle/frameworks/sdg_goals.csv"
run "$STOCKTAKE" --db "$T/seq.db" init --data "$T/retitle/frameworks"
expect "init with a retitled goal succeeds" 0 'loaded frameworks from' ''
after=$(seq "$T/seq.db")
if [ "$after" -gt "$before" ]; then pass "a retitled goal moves the change number"; else fail "a retitled goal moves the change number" "$before -> $after"; fi
same "the new title is stored" "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select short_title from fw_title where scheme=\"sdg\" and code=\"4\" and lang=\"en\"").fetchone()[0])' "$T/seq.db")" "Education for all"
run "$STOCKTAKE" --db "$T/seq.db" init --data "$T/retitle/frameworks"
same "the same retitled data again keeps it" "$(seq "$T/seq.db")" "$after"

# Every write leaves an audit record, and only a write: a reload of the frameworks that
# changed a row is audited, an identical one is not.
fwaudits() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from audit where action=\"load\" and entity=\"frameworks\"").fetchone()[0])' "$1"; }
rm -f "$T/aud.db"
run "$STOCKTAKE" --db "$T/aud.db" init
same "the first load of the frameworks is audited" "$(fwaudits "$T/aud.db")" 1
run "$STOCKTAKE" --db "$T/aud.db" init
expect "init again with the same frameworks succeeds" 0 'loaded frameworks from' ''
same "  and writes no audit record for them" "$(fwaudits "$T/aud.db")" 1
run "$STOCKTAKE" --db "$T/aud.db" init --data "$T/retitle/frameworks"
same "a reload that retitles a goal is audited" "$(fwaudits "$T/aud.db")" 2
same "  naming the directory it came from" "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select detail from audit where entity=\"frameworks\" order by id desc").fetchone()[0])' "$T/aud.db")" "$T/retitle/frameworks"
run "$STOCKTAKE" --db "$T/aud.db" init --data "$T/retitle/frameworks"
same "  and the same data again is not" "$(fwaudits "$T/aud.db")" 2

# Frameworks from a broken data directory: nothing is loaded.
mkdir -p "$T/data"
cp data/frameworks/*.csv "$T/data/"
sed -i '3d' "$T/data/sdg_goals.csv"
run "$STOCKTAKE" --db "$T/b.db" init --data "$T/data"
expect "a frameworks file with a missing goal is refused" 1 '' 'sdg_goals.csv has 16 entries; expected 17'
finish
