/*
 * i18n.c - the process locale and where the message catalogues are.
 */
#include "core/i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef STOCKTAKE_LOCALEDIR
#define STOCKTAKE_LOCALEDIR "/usr/local/share/locale"
#endif

const char *i18n_locale_dir(void)
{
	const char *dir = getenv("STOCKTAKE_LOCALEDIR");

	if (dir && *dir)
		return dir;
	if (access("build/locale", R_OK) == 0)
		return "build/locale";
	return STOCKTAKE_LOCALEDIR;
}

void i18n_init(void)
{
	setlocale(LC_ALL, "");
	/* Numbers in output files stay in the C locale: "0.91", never "0,91". */
	setlocale(LC_NUMERIC, "C");
}
