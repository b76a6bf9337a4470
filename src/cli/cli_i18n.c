/*
 * cli_i18n.c - choosing the command line's language and translating its messages.
 *
 * The only state is the language and its catalogue, set once by cli_i18n_init before the
 * command runs and read-only afterwards (the server's threads translate per request through
 * app/tr.c instead).
 */
#include "cli/cli_i18n.h"

#include "core/i18n.h"
#include "core/mo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum lang process_lang = LANG_EN;
static struct mo_catalog *process_catalog;

/*
 * name_lang returns the language of one locale or LANGUAGE entry ("fr", "fr_CA",
 * "es_ES.UTF-8", "sr@latin"), or -1 when it names none of ours.
 */
static int name_lang(const char *name, size_t len)
{
	char code[3];

	/* the language part ends at the territory, codeset or modifier */
	if (len < 2 || (len > 2 && !strchr("_.@-", name[2])))
		return -1;
	code[0] = name[0];
	code[1] = name[1];
	code[2] = '\0';
	return lang_parse(code);
}

static int usable(int l, unsigned available)
{
	return l == LANG_EN || (l > 0 && (available & (1u << l)));
}

static int is_c_locale(const char *name, size_t len)
{
	return (len == 1 && name[0] == 'C') || (len == 5 && memcmp(name, "POSIX", 5) == 0);
}

enum lang cli_lang_choose(const char *language, const char *lc_all, const char *lc_messages,
			  const char *lang, unsigned available)
{
	const char *locale = lc_all && *lc_all             ? lc_all
			     : lc_messages && *lc_messages ? lc_messages
			     : lang && *lang               ? lang
							   : NULL;
	int l;

	if (locale && is_c_locale(locale, strlen(locale)))
		return LANG_EN;
	for (const char *p = language; p && *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (is_c_locale(p, len))
			return LANG_EN;
		if ((l = name_lang(p, len)) >= 0 && usable(l, available))
			return (enum lang)l;
		p = end ? end + 1 : p + len;
	}
	if (locale && (l = name_lang(locale, strlen(locale))) >= 0 && usable(l, available))
		return (enum lang)l;
	return LANG_EN;
}

static void catalog_path(enum lang l, char *path, size_t size)
{
	snprintf(path, size, "%s/%s/LC_MESSAGES/stocktake.mo", i18n_locale_dir(), lang_code(l));
}

void cli_i18n_init(void)
{
	char path[4096];
	unsigned available = 0;

	for (int l = 0; l < LANG__COUNT; l++) {
		catalog_path((enum lang)l, path, sizeof path);
		if (l != LANG_EN && access(path, R_OK) == 0)
			available |= 1u << l;
	}
	process_lang = cli_lang_choose(getenv("LANGUAGE"), getenv("LC_ALL"), getenv("LC_MESSAGES"),
				       getenv("LANG"), available);
	mo_free(process_catalog);
	process_catalog = NULL;
	if (process_lang != LANG_EN) {
		catalog_path(process_lang, path, sizeof path);
		process_catalog = mo_load(path);
	}
}

enum lang cli_lang(void)
{
	return process_lang;
}

const char *cli_tr(const char *msgid)
{
	return mo_tr(process_catalog, msgid);
}

const char *cli_trn(const char *singular, const char *plural, unsigned long n)
{
	return mo_trn(process_catalog, singular, plural, lang_plural_index(process_lang, n), n);
}
