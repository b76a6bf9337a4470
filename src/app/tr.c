/*
 * tr.c - translation of messages into the language of a request.
 */
#include "app/app.h"

#include "core/mo.h"

#include <stdio.h>

const char *T(const struct app_request *ar, const char *msgid)
{
	return mo_tr(ar->app->catalog[ar->lang], msgid);
}

const char *TN(const struct app_request *ar, const char *singular, const char *plural,
	       unsigned long n)
{
	return mo_trn(ar->app->catalog[ar->lang], singular, plural, lang_plural_index(ar->lang, n),
		      n);
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
