/*
 * cli_i18n.h - the language the command line speaks.
 *
 * The CLI answers in one language per process, chosen once at start from the environment
 * the way GNU programs choose it, and looks its messages up in the same .mo catalogues the
 * web server loads (core/mo.h), so it needs no locale installed on the system: LANG=fr_FR.UTF-8
 * gives French on a machine that only has the C locales. CLI code writes _("...") for a
 * message and Q_("singular", "plural", n) (as in git) where a count is printed; xgettext
 * extracts both (po/po.mk: _ and Q_:1,2). Machine output (JSON, CSV, iCalendar, JSON Lines,
 * log lines, the "listening on" line) is never translated.
 */
#ifndef STOCKTAKE_CLI_CLI_I18N_H
#define STOCKTAKE_CLI_CLI_I18N_H

#include "domain/lang.h"

#define _(s) cli_tr(s)
#define Q_(singular, plural, n) cli_trn(singular, plural, (unsigned long)(n))

/*
 * cli_lang_choose picks the CLI's language from the values of LANGUAGE, LC_ALL, LC_MESSAGES
 * and LANG (each may be NULL or ""), given the languages that have a catalogue (a bit
 * 1u << l for each; English needs none). The locale is the first non-empty of LC_ALL,
 * LC_MESSAGES and LANG. As in GNU gettext, a locale of exactly "C" or "POSIX" means English
 * whatever LANGUAGE says (so `LC_ALL=C stocktake ...` always speaks English); otherwise the
 * first entry of the colon-separated LANGUAGE list that is English or has a catalogue wins
 * (an entry "C" or "POSIX" means English), then the locale's language ("es_ES.UTF-8@euro":
 * es) when it has a catalogue, else English.
 */
enum lang cli_lang_choose(const char *language, const char *lc_all, const char *lc_messages,
			  const char *lang, unsigned available);
/*
 * cli_i18n_init chooses the language from the environment and loads its catalogue from
 * i18n_locale_dir() (once, at start-up, before any message is printed).
 */
void cli_i18n_init(void);
/* cli_lang returns the language cli_i18n_init chose (English before it runs). */
enum lang cli_lang(void);
/* cli_tr returns msgid in the CLI's language (msgid itself when there is no translation). */
const char *cli_tr(const char *msgid) __attribute__((format_arg(1)));
/* cli_trn returns the form of singular/plural for the count n in the CLI's language. */
const char *cli_trn(const char *singular, const char *plural, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));

#endif
