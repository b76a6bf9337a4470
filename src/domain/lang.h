/*
 * lang.h - the six UN languages in which framework titles and country names are kept.
 */
#ifndef STOCKTAKE_DOMAIN_LANG_H
#define STOCKTAKE_DOMAIN_LANG_H

enum lang { LANG_EN, LANG_FR, LANG_ES, LANG_RU, LANG_AR, LANG_ZH, LANG__COUNT };

/* lang_code returns "en", "fr", ... for l. */
const char *lang_code(enum lang l);
/* lang_parse maps a code ("fr", "FR", "fr-CA", "zh-Hans") to a language; -1 if not one of the six. */
int lang_parse(const char *code);
/* lang_plural_index returns which plural form of l a count n takes (CLDR: 0 = singular). */
unsigned lang_plural_index(enum lang l, unsigned long n);

#endif
