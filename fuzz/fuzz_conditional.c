/*
 * fuzz_conditional.c - libFuzzer driver for the conditional-request parsers
 * (src/http/conditional.c): the input, up to its first newline, is an If-None-Match value
 * matched against the tag after it; the whole input is also read as an HTTP date. Whatever
 * the input, a date that parses formats back to the same date, and a well-formed tag
 * matches itself, "*" and a list that names it. The input is also read as a site's address
 * (report_base_url, the base_url setting): one accepted is accepted again unchanged, and
 * never ends with '/'.
 */
#include "http/conditional.h"
#include "report/report_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* well_formed: '"', visible characters but '"', '"'. */
static int well_formed(const char *t)
{
	size_t n = strlen(t);

	if (n < 2 || t[0] != '"' || t[n - 1] != '"')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if ((unsigned char)t[i] < 0x21 || t[i] == '"' || t[i] == 0x7f)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *nl, out[HTTP_DATE_LEN], list[600];
	char base[REPORT_BASE_URL_MAX + 1], again[REPORT_BASE_URL_MAX + 1];
	int64_t t;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (http_date_parse(s, &t) == 0) {
		http_date_format(t, out);
		/* comes back as it was but for the day of the week (not checked) and a leap
		 * second (read as :59) */
		if (strcmp(out + 3, s + 3) != 0 && strncmp(s + 23, "60", 2) != 0)
			abort();
	}
	if (report_base_url(s, base) == 0) {
		size_t n = strlen(base);

		if (!n || base[n - 1] == '/' || report_base_url(base, again) ||
		    strcmp(base, again) != 0)
			abort();
	}
	if ((nl = strchr(s, '\n'))) {
		*nl = '\0';
		(void)http_etag_match(s, nl + 1);
		if (well_formed(nl + 1) && strlen(nl + 1) < 256) {
			snprintf(list, sizeof list, "\"a\", W/%s", nl + 1);
			if (!http_etag_match(nl + 1, nl + 1) || !http_etag_match("*", nl + 1) ||
			    !http_etag_match(list, nl + 1))
				abort();
		}
	}
	free(s);
	return 0;
}
