/*
 * mo.h - reading GNU gettext message catalogues (.mo files) for lookups per language.
 *
 * The web server answers each request in the visitor's language, so it cannot switch the
 * process locale: it loads the .mo files once and looks messages up in the catalogue of the
 * request's language. The CLI loads the one catalogue of the language its environment asks
 * for (cli/cli_i18n.h), so it needs no system locale either.
 */
#ifndef STOCKTAKE_CORE_MO_H
#define STOCKTAKE_CORE_MO_H

#include <stddef.h>

struct mo_catalog;

/* mo_load reads path; NULL when missing or malformed (then messages stay untranslated). */
struct mo_catalog *mo_load(const char *path);
void mo_free(struct mo_catalog *c);
/* mo_get returns the translation of msgid, or NULL. c may be NULL. */
const char *mo_get(const struct mo_catalog *c, const char *msgid);
/*
 * mo_get_plural returns translation number index of the plural entry msgid (0 = singular),
 * or NULL.
 */
const char *mo_get_plural(const struct mo_catalog *c, const char *msgid, unsigned index);
/* mo_tr returns the translation of msgid in c, or msgid itself when there is none. */
const char *mo_tr(const struct mo_catalog *c, const char *msgid);
/*
 * mo_trn returns plural form index of the entry singular in c, or (no translation) singular
 * when n is 1 and plural otherwise.
 */
const char *mo_trn(const struct mo_catalog *c, const char *singular, const char *plural,
		   unsigned index, unsigned long n);

#endif
