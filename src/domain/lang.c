/*
 * lang.c - language codes.
 */
#include "domain/lang.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

static const char *const lang_codes[LANG__COUNT] = {"en", "fr", "es", "ru", "ar", "zh"};

const char *lang_code(enum lang l)
{
	return (unsigned)l < LANG__COUNT ? lang_codes[l] : "en";
}

int lang_parse(const char *code)
{
	/* "fr", "fr-CA", "fr_FR", and "fr;q=0.8" or "fr, en" in an Accept-Language list */
	if (!code || !code[0] || !code[1] || (code[2] && !strchr("-_;, ", code[2])))
		return -1;
	for (int i = 0; i < LANG__COUNT; i++)
		if (tolower((unsigned char)code[0]) == lang_codes[i][0] &&
		    tolower((unsigned char)code[1]) == lang_codes[i][1])
			return i;
	return -1;
}

unsigned lang_plural_index(enum lang l, unsigned long n)
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
