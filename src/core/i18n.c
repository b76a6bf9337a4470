/*
 * i18n.c - gettext set-up.
 */
#include "core/i18n.h"

#include <locale.h>
#include <stdlib.h>

#ifndef STOCKTAKE_LOCALEDIR
#define STOCKTAKE_LOCALEDIR "/usr/local/share/locale"
#endif

void i18n_init(void)
{
	const char *dir = getenv("STOCKTAKE_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* Numbers in output files stay in the C locale: "0.91", never "0,91". */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain("stocktake", dir && *dir ? dir : STOCKTAKE_LOCALEDIR);
	bind_textdomain_codeset("stocktake", "UTF-8");
	textdomain("stocktake");
}
