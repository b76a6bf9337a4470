/*
 * i18n.h - marking messages for translation, and where the catalogues are.
 *
 * Every user-facing string is translated where it is shown: T()/TN() in the language of a
 * web request (app/app.h), RT()/RTN() in a report's language (report/report.h), _()/Q_() in
 * the language of the command line (cli/cli_i18n.h). N_("...") only marks a string in a
 * static table, for one of those to translate where it is used. The text domain is
 * "stocktake"; catalogues live in po/ and are installed under $(PREFIX)/share/locale, and all
 * three read them with core/mo.h.
 */
#ifndef STOCKTAKE_CORE_I18N_H
#define STOCKTAKE_CORE_I18N_H

#define N_(s) (s)

/*
 * i18n_init sets the process locale from the environment (once, at start-up), with numbers
 * kept in the C locale.
 */
void i18n_init(void);
/*
 * i18n_locale_dir returns where the compiled catalogues are: $STOCKTAKE_LOCALEDIR, else
 * build/locale when run from the source tree, else the installed location.
 */
const char *i18n_locale_dir(void);

#endif
