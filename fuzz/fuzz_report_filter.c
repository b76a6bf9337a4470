/*
 * fuzz_report_filter.c - libFuzzer driver for a report's filter parameters
 * (report_filter_param, report_filter_query, figures_place_kind): the input is a URL query
 * string "name=value&..." whose first segment is also read as a place. Whatever the input,
 * a filter that parses is valid, and its query parses back to the same filter.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* parse reads "a=b&c=d" into f; 0 when every pair was accepted. */
static int parse(const char *q, struct fig_filter *f, struct arena *a)
{
	char *copy = arena_strdup(a, q), *save = NULL;
	struct errinfo e;

	memset(f, 0, sizeof *f);
	for (char *p = strtok_r(copy, "&", &save); p; p = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(p, '=');

		if (!eq)
			continue;
		*eq = '\0';
		if (report_filter_param(f, a, p, eq + 1, &e)) {
			if (!e.code || !e.field[0])
				abort(); /* every refusal names its field */
			return -1;
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fig_filter f, g;
	enum fig_place k;
	struct arena a;
	char *q;

	if (size > 4096)
		return 0;
	arena_init(&a, 1 << 20);
	if (!(q = arena_strndup(&a, (const char *)data, size))) {
		arena_cleanup(&a);
		return 0;
	}
	{
		char *place = arena_strndup(&a, q, strcspn(q, "&"));

		if (place && figures_place_kind(place, &k) == 0 && k == FIG_COUNTRY &&
		    strlen(place) != 2)
			abort();
	}
	if (parse(q, &f, &a) == 0) {
		const char *back = report_filter_query(&f, &a);

		if ((f.from_year && (f.from_year < 1900 || f.from_year > 2199)) ||
		    f.n_stakeholder_types > FIG_MAX_TYPES || (f.origins & ~7) || (f.states & ~31))
			abort();
		if (!back || parse(back, &g, &a) || g.from_year != f.from_year ||
		    g.to_year != f.to_year || g.origins != f.origins || g.states != f.states ||
		    g.n_stakeholder_types != f.n_stakeholder_types)
			abort();
	}
	arena_cleanup(&a);
	return 0;
}
