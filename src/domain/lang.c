/*
 * lang.c - language codes.
 */
#include "domain/lang.h"

#include <ctype.h>
#include <stddef.h>

static const char *const lang_codes[LANG__COUNT] = {"en", "fr", "es", "ru", "ar", "zh"};

const char *lang_code(enum lang l)
{
	return (unsigned)l < LANG__COUNT ? lang_codes[l] : "en";
}

int lang_parse(const char *code)
{
	if (!code || !code[0] || !code[1] || (code[2] && code[2] != '-' && code[2] != '_'))
		return -1;
	for (int i = 0; i < LANG__COUNT; i++)
		if (tolower((unsigned char)code[0]) == lang_codes[i][0] &&
		    tolower((unsigned char)code[1]) == lang_codes[i][1])
			return i;
	return -1;
}
