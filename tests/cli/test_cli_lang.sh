#!/usr/bin/env bash
# The language of the command line: chosen from LANGUAGE, LC_ALL, LC_MESSAGES and LANG as GNU
# programs do, with no system locale installed (this machine may have only C and C.UTF-8);
# help, usage errors, summaries with plural forms and account errors translated; English
# under LANG=C, with nothing set, and for languages without a catalogue; machine output
# (--json, JSON Lines, CSV, iCalendar) the same bytes whatever the language.
. "$(dirname "$0")/lib.sh"
DB=$T/a.db
# lang VAR=VALUE... CMD...: runs CMD with only these of the four variables set.
lang() { run env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@"; }
# French puts a no-break space before : ; » and after «, as the catalogue does.
nb=$(printf '\302\240')

lang LANGUAGE=es "$STOCKTAKE" --help
expect "LANGUAGE=es: the main help is in Spanish" 0 '^Uso: stocktake \[--db RUTA\] ORDEN'
grep -qE '^  import +importar iniciativas desde archivos$' <<<"$OUT" &&
	pass "LANGUAGE=es: the command summaries are in Spanish" ||
	fail "LANGUAGE=es: the command summaries are in Spanish" "$OUT"
lang LANGUAGE=es "$STOCKTAKE" import --help
expect "LANGUAGE=es: import --help is in Spanish" 0 '^Uso: stocktake \[--db RUTA\] import'
lang LANG=fr_FR.UTF-8 "$STOCKTAKE" import --help
expect "LANG=fr_FR.UTF-8: import --help is in French" 0 "^Usage$nb: stocktake \\[--db CHEMIN\\] import"
lang LANGUAGE=de:fr LANG=es_ES.UTF-8 "$STOCKTAKE" stats --help
expect "LANGUAGE=de:fr: the first entry with a catalogue wins" 0 "^Usage$nb: stocktake"
lang LC_MESSAGES=es_ES.UTF-8 LANG=fr_FR.UTF-8 "$STOCKTAKE" stats --help
expect "LC_MESSAGES comes before LANG" 0 '^Uso: stocktake'
lang LC_ALL=fr_FR.UTF-8 LC_MESSAGES=es_ES.UTF-8 "$STOCKTAKE" stats --help
expect "LC_ALL comes before LC_MESSAGES" 0 "^Usage$nb: stocktake"

for env in LANG=C LANG=POSIX LANG=C.UTF-8 LANG=de_DE.UTF-8 LANG=ru_RU.UTF-8 LC_ALL=C; do
	lang $env "$STOCKTAKE" stats --help
	expect "$env: English" 0 '^Usage: stocktake \[--db PATH\] stats'
done
lang "$STOCKTAKE" stats --help
expect "nothing set: English" 0 '^Usage: stocktake \[--db PATH\] stats'
lang LANGUAGE=fr LC_ALL=C "$STOCKTAKE" stats --help
expect "LC_ALL=C: English whatever LANGUAGE says (as in GNU gettext)" 0 '^Usage: stocktake'
lang LANGUAGE=fr STOCKTAKE_LOCALEDIR="$T/none" "$STOCKTAKE" stats --help
expect "no catalogue found: English" 0 '^Usage: stocktake'

# Usage errors.
lang LANG=fr_FR.UTF-8 "$STOCKTAKE" --db "$DB" import --format nope x.jsonl
expect "a usage error in French" 2 '' "^stocktake: format inconnu «${nb}nope$nb»$nb: utilisez auto, jsonl"
grep -qxF "Essayez «${nb}stocktake import --help$nb»." <<<"$ERR" &&
	pass "the pointer to --help in French" || fail "the pointer to --help in French" "$ERR"
lang LANGUAGE=es "$STOCKTAKE" frobnicate
expect "an unknown command in Spanish" 2 '' 'orden desconocida'
grep -qxF "Pruebe «stocktake --help»." <<<"$ERR" &&
	pass "the pointer to the main --help in Spanish" || fail "the pointer to the main --help in Spanish" "$ERR"
lang LANG=C "$STOCKTAKE" frobnicate
grep -qxF "Try 'stocktake --help'." <<<"$ERR" &&
	pass "the pointer to the main --help names no command" || fail "the pointer to the main --help names no command" "$ERR"

# Summaries, with plural forms.
lang LANG=C "$STOCKTAKE" --db "$DB" init
expect "init, in English" 0 'applied [0-9]+ migrations; schema version'
cat >"$T/one.jsonl" <<'J'
{"source":"test","source_id":"1","title":"Rural telemedicine","countries":["KE"],"organisation":{"name":"Health Link","stakeholder_type":"civil-society","country":"KE"},"status":"ongoing"}
J
printf '{"source":"test","source_id":"2","title":"Bad","countries":["XX"]}\n' >"$T/bad.jsonl"
lang LANG=fr_FR.UTF-8 "$STOCKTAKE" --db "$DB" import --no-map --state published "$T/one.jsonl"
expect "LANG=fr_FR.UTF-8: the import summary is in French" 0 \
	"^importées$nb: 1$nb; mises à jour$nb: 0$nb; inchangées$nb: 0$nb; rejetées$nb: 0\$"
lang LANGUAGE=es "$STOCKTAKE" --db "$DB" import --no-map --state published "$T/one.jsonl"
expect "LANGUAGE=es: the import summary is in Spanish" 0 \
	'^importadas: 0; actualizadas: 0; sin cambios: 1; rechazadas: 0$'
lang LANGUAGE=es "$STOCKTAKE" --db "$DB" import --no-map "$T/bad.jsonl"
expect "Spanish, one file of one rejected: singular" 1 '^archivo rechazado: 1 de 1; no se guardó nada de él$'
lang LANGUAGE=fr "$STOCKTAKE" --db "$DB" import --no-map --state published "$T/one.jsonl" "$T/bad.jsonl"
expect "French, one file of two rejected: plural" 1 "^fichiers rejetés$nb: 1 sur 2$nb;"
lang LANG=C "$STOCKTAKE" --db "$DB" import --no-map "$T/bad.jsonl"
expect "English, one file of one rejected: singular" 1 '^1 of 1 file rejected; nothing from it was stored$'

lang LANG=C "$STOCKTAKE" --db "$DB" export -o "$T/x.jsonl"
expect "English: exported 1 initiative (singular)" 0 '' '^exported 1 initiative to '
lang LANGUAGE=es "$STOCKTAKE" --db "$DB" export -o "$T/x.jsonl"
expect "Spanish: 1 iniciativa exportada (singular)" 0 '' '^1 iniciativa exportada a '
lang LANG=C "$STOCKTAKE" --db "$DB" export --state draft -o "$T/x.jsonl"
expect "English: exported 0 initiatives (plural)" 0 '' '^exported 0 initiatives to '
lang LANG=fr_FR.UTF-8 "$STOCKTAKE" --db "$DB" export --state draft -o "$T/x.jsonl"
expect "French: 0 initiative exportée (0 takes the singular)" 0 '' '^0 initiative exportée vers '
lang LANGUAGE=es "$STOCKTAKE" --db "$DB" export --state draft -o "$T/x.jsonl"
expect "Spanish: 0 iniciativas exportadas (plural)" 0 '' '^0 iniciativas exportadas a '

# Account errors come from the domain layer, translated where the CLI prints them.
lang LANG=fr_FR.UTF-8 "$STOCKTAKE" --db "$DB" user add a@example.org --role admin --password-stdin <<<"short"
expect "a password error in French" 1 '' 'Le mot de passe est trop court'
lang LANG=C "$STOCKTAKE" --db "$DB" user add a@example.org --role admin --password-stdin <<<"short"
expect "the same error in English under LANG=C" 1 '' 'The password is too short'

# Machine output is the same in every language.
lang LANG=C "$STOCKTAKE" --db "$DB" user add a@example.org --role admin --name Ana --password-stdin <<<"a long passphrase"
expect "user add" 0
lang LANG=C "$STOCKTAKE" --db "$DB" call create --title "Inputs" --opens 2025-01-01T00:00 --closes 2025-02-01T00:00 --tz UTC
expect "call create" 0
machine() {
	local envs=("$@") out=""
	for cmd in "stats --json" "frameworks sdgs --json" "frameworks countries --lang fr --json" \
		"user list --json" "call list --json" "call show 1 --json" "export" \
		"export --format csv" "timeline --format ics" "timeline"; do
		# shellcheck disable=SC2086
		lang "${envs[@]}" "$STOCKTAKE" --db "$DB" $cmd
		# the time of the export (iCalendar DTSTAMP) is the one line that may differ
		out+="== $cmd ($RC)"$'\n'"$(grep -v '^DTSTAMP:' <<<"$OUT")"$'\n'
	done
	printf '%s' "$out"
}
en=$(machine LANG=C)
grep -q '"initiatives": 1' <<<"$en" && pass "the machine output was produced" || fail "the machine output was produced" "${en:0:300}"
for env in LANGUAGE=es LANG=fr_FR.UTF-8 "LC_ALL=es_ES.UTF-8"; do
	other=$(machine $env)
	if [ "$other" = "$en" ]; then
		pass "$env: --json, JSON Lines, CSV and iCalendar output identical to LANG=C"
	else
		fail "$env: --json, JSON Lines, CSV and iCalendar output identical to LANG=C" \
			"$(diff <(echo "$en") <(echo "$other") | head -10)"
	fi
done
printf '{"id":"a","text":"Broadband for rural schools"}\nnot json\n' >"$T/map.jsonl"
lang LANG=C "$STOCKTAKE" map --jsonl <"$T/map.jsonl"
map_en=$OUT
lang LANGUAGE=fr "$STOCKTAKE" map --jsonl <"$T/map.jsonl"
same "map --jsonl: the same answer lines in French" "$(head -1 <<<"$OUT")" "$(head -1 <<<"$map_en")"
grep -q 'ligne ayant reçu une erreur' <<<"$ERR" &&
	pass "map --jsonl: the count of bad lines on stderr in French (singular)" ||
	fail "map --jsonl: the count of bad lines on stderr in French (singular)" "$ERR"

# A report is for the person asking: in the command line's language unless --lang says.
# (untimed drops the line with the time the report was made, which may tick between runs;
# CSV lines end in CR LF)
untimed() { grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z' <<<"$1"; }
lang LANG=C "$STOCKTAKE" --db "$DB" report country --country KE --format csv --lang fr
fr_csv=$(untimed "$OUT")
lang LANG=C "$STOCKTAKE" --db "$DB" report country --country KE --format csv
en_csv=$(untimed "$OUT")
lang LANG=fr_FR.UTF-8 "$STOCKTAKE" --db "$DB" report country --country KE --format csv
same "LANG=fr_FR.UTF-8: a report without --lang is the French one" "$(untimed "$OUT")" "$fr_csv"
[ "$fr_csv" != "$en_csv" ] && grep -q Kenya <<<"$en_csv" &&
	pass "the French report differs from the English one" ||
	fail "the French report differs from the English one" "${fr_csv:0:300}"
lang LANG=fr_FR.UTF-8 "$STOCKTAKE" --db "$DB" report country --country KE --format csv --lang en
same "--lang en wins over LANG=fr_FR.UTF-8" "$(untimed "$OUT")" "$en_csv"
lang LANGUAGE=de "$STOCKTAKE" --db "$DB" report country --country KE --format csv
same "a language without a catalogue gives the English report" "$(untimed "$OUT")" "$en_csv"

finish
