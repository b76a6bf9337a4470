/*
 * i18n.h - message translation with gettext.
 *
 * Every user-facing string is written as _("...") (or N_("...") where it is only marked,
 * in a static table, and translated where it is used). The text domain is "stocktake";
 * catalogues live in po/ and are installed under $(PREFIX)/share/locale.
 */
#ifndef STOCKTAKE_CORE_I18N_H
#define STOCKTAKE_CORE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* i18n_init selects the user's locale and binds the text domain (once, at start-up). */
void i18n_init(void);
/*
 * i18n_locale_dir returns where the compiled catalogues are: $STOCKTAKE_LOCALEDIR, else
 * build/locale when run from the source tree, else the installed location.
 */
const char *i18n_locale_dir(void);

#endif
