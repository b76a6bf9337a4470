#!/usr/bin/env bash
# The message catalogues: complete for every language in po/, in step with the sources, and
# used by the program (the CLI through gettext; the web server is checked by
# tests/http/test_lang.py and tests/browser).
. "$(dirname "$0")/lib.sh"

langs=$(cd po && ls *.po | sed 's/\.po$//')
same "catalogues for Spanish and French" "$(echo $langs)" "es fr"

for l in $langs; do
	run msgfmt --check --statistics -o /dev/null "po/$l.po"
	expect "po/$l.po compiles with msgfmt --check" 0
	stats=$ERR
	if grep -qE '^[0-9]+ translated messages?\.$' <<<"$stats"; then
		pass "po/$l.po: every message translated, none fuzzy ($stats)"
	else
		fail "po/$l.po: every message translated, none fuzzy" "$stats" \
			"run 'make po' and translate what msgattrib --untranslated / --only-fuzzy po/$l.po shows"
	fi
	run msgcmp "po/$l.po" po/stocktake.pot
	expect "po/$l.po has every message of po/stocktake.pot" 0
	obsolete=$(grep -c '^#~ msgid' "po/$l.po")
	same "po/$l.po keeps no obsolete messages" "$obsolete" 0
	mo=build/locale/$l/LC_MESSAGES/stocktake.mo
	if [ -f "$mo" ] && [ ! "$mo" -ot "po/$l.po" ]; then
		pass "$mo is built from the current po/$l.po"
	else
		fail "$mo is built from the current po/$l.po" "run make"
	fi
done
same "Spanish plural forms" "$(grep -o '"Plural-Forms: [^\\]*' po/es.po)" \
	'"Plural-Forms: nplurals=2; plural=(n != 1);'
same "French plural forms" "$(grep -o '"Plural-Forms: [^\\]*' po/fr.po)" \
	'"Plural-Forms: nplurals=2; plural=(n > 1);'

# A string added to the sources without `make po` (and a translation) fails here. The date
# and the source file names ("#:") may differ: a message moved to another file needs no
# translator.
if make --no-print-directory -s pot POT="$T/fresh.pot" 2>"$T/.err"; then
	strip() { grep -v -e '^"POT-Creation-Date:' -e '^#: ' "$1"; }
	if diff -u <(strip po/stocktake.pot) <(strip "$T/fresh.pot") >"$T/pot.diff"; then
		pass "po/stocktake.pot is what xgettext extracts from the sources now"
	else
		fail "po/stocktake.pot is what xgettext extracts from the sources now" \
			"run 'make po' and translate the new messages:" "$(head -30 "$T/pot.diff")"
	fi
else
	fail "xgettext extracts the messages" "$(cat "$T/.err")"
fi

# The CLI speaks the language of LANGUAGE. glibc ignores LANGUAGE under the "C" locale but not
# under C.UTF-8, the one locale a minimal Debian has, so no other locale needs installing.
LANGUAGE=es LC_ALL=C.UTF-8 run "$STOCKTAKE" no-such-command
expect "LANGUAGE=es: the CLI answers in Spanish" nonzero '' 'orden desconocida'
LANGUAGE=fr LC_ALL=C.UTF-8 run "$STOCKTAKE" no-such-command
expect "LANGUAGE=fr: the CLI answers in French" nonzero '' 'commande inconnue'
LANGUAGE=es LC_ALL=C.UTF-8 run "$STOCKTAKE" --help
expect "LANGUAGE=es: --help is in Spanish" 0 'Uso: stocktake'
LANGUAGE= LC_ALL=C.UTF-8 run "$STOCKTAKE" no-such-command
expect "without LANGUAGE the CLI answers in English" nonzero '' 'unknown command'

finish
