/*
 * tr.c - translation of messages into the language of a request.
 */
#include "app/app.h"

#include "core/mo.h"

#include <stdio.h>

const char *T(const struct app_request *ar, const char *msgid)
{
	const char *t = mo_get(ar->app->catalog[ar->lang], msgid);

	return t ? t : msgid;
}

/* plural_index: the plural rule of each language with a catalogue (CLDR). */
static unsigned plural_index(enum lang l, unsigned long n)
{
	switch (l) {
	case LANG_FR:
		return n > 1;
	case LANG_ZH:
		return 0;
	default:
		return n != 1;
	}
}

const char *TN(const struct app_request *ar, const char *singular, const char *plural,
	       unsigned long n)
{
	const char *t =
	    mo_get_plural(ar->app->catalog[ar->lang], singular, plural_index(ar->lang, n));

	if (t)
		return t;
	return n == 1 ? singular : plural;
}

void app_load_catalogues(struct app *a, const char *dir)
{
	char path[4096];

	for (int l = 0; l < LANG__COUNT; l++) {
		mo_free(a->catalog[l]);
		a->catalog[l] = NULL;
		if (l == LANG_EN)
			continue;
		snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/stocktake.mo", dir,
			 lang_code((enum lang)l));
		a->catalog[l] = mo_load(path);
	}
}
