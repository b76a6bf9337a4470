/*
 * fuzz_cli_lang.c - libFuzzer driver for cli_lang_choose (src/cli/cli_i18n.h), which reads
 * the values of LANGUAGE, LC_ALL, LC_MESSAGES and LANG. The first byte is the set of
 * languages with a catalogue; the rest is split at NUL bytes into the four values (missing
 * ones are unset). Besides the sanitizers' findings, it aborts when the answer is not a
 * language, is one without a catalogue other than English, or is not English under a C
 * locale.
 */
#include "cli/cli_i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v[4] = {NULL, NULL, NULL, NULL};
	const char *locale = NULL;
	unsigned available;
	char *s, *p;
	enum lang l;

	if (size < 1 || size > 4096)
		return 0;
	available = data[0];
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	p = s;
	for (int i = 0; i < 4 && p < s + size - 1; i++) {
		v[i] = p;
		p += strlen(p) + 1;
	}
	l = cli_lang_choose(v[0], v[1], v[2], v[3], available);
	for (int i = 1; i < 4 && !locale; i++)
		if (v[i] && *v[i])
			locale = v[i];
	if ((unsigned)l >= LANG__COUNT || (l != LANG_EN && !(available & (1u << l))) ||
	    (locale && (!strcmp(locale, "C") || !strcmp(locale, "POSIX")) && l != LANG_EN))
		abort();
	free(s);
	return 0;
}
