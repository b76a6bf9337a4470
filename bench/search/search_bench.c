/*
 * search_bench.c - the CPU time of one search, without HTTP: what src/search costs a request
 * of the search page (search_run with facets and a page of 20, and the page's snippets when
 * there is text), measured with the process's CPU clock, so other jobs on the machine
 * change the numbers little.
 *
 *   search_bench DB QUERIES [ROUNDS]
 *
 * QUERIES is bench/web/queries.txt (one query string a line, # comments). For each query it
 * prints the CPU milliseconds of the first run after the cache of matches and ranks is
 * emptied ("cold") and the median of ROUNDS runs after that ("warm"); then the mean of each
 * over all the queries, and the mean of ROUNDS x queries runs in a shuffled order with the
 * cache kept (as bench/web's mixed run sends them). Built by bench/search/run.
 */
#include "http/http.h"
#include "search/search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_QUERIES 256

static double cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/*
 * snippets makes the page's snippets as the search page does (store_search_snippets, one
 * call a page), or where there is no such call (the code before it), one at a time.
 */
static int snippets(struct store *s, const char *fts, const int64_t *ids, size_t n, struct arena *a)
{
#ifdef STORE_SNIPPETS_MAX
	const char **out = arena_alloc(a, (n ? n : 1) * sizeof *out);

	return !out || store_search_snippets(s, fts, ids, n, a, out);
#else
	for (size_t i = 0; i < n; i++) {
		const char *snip;

		if (store_search_snippet(s, fts, ids[i], a, &snip))
			return 1;
	}
	return 0;
#endif
}

/* one runs the query string qs as the search page would, and returns its CPU ms. */
static double one(struct search_index *ix, struct store *s, const char *qs)
{
	struct search_query q;
	struct search_result r;
	struct http_params p = {0};
	struct errinfo e;
	struct arena a;
	double t0 = cpu_ms();

	arena_init(&a, 0);
	search_query_init(&q);
	if (http_parse_urlencoded(&p, &a, qs, strlen(qs), 64)) {
		fprintf(stderr, "search_bench: bad query %s\n", qs);
		exit(1);
	}
	for (size_t i = 0; i < p.n; i++)
		if (search_query_param(&q, &a, p.v[i].name, p.v[i].value, &e)) {
			fprintf(stderr, "search_bench: %s: %s\n", qs, e.msg);
			exit(1);
		}
	if (search_run(ix, s, &q, SEARCH_PAGE | SEARCH_FACETS, &a, &r, &e)) {
		fprintf(stderr, "search_bench: %s: %s\n", qs, e.msg);
		exit(1);
	}
	if (r.fts && snippets(s, r.fts, r.ids, r.nids, &a)) {
		fprintf(stderr, "search_bench: snippet: %s\n", store_errmsg(s));
		exit(1);
	}
	arena_cleanup(&a);
	return cpu_ms() - t0;
}

int main(int argc, char **argv)
{
	static char *qs[MAX_QUERIES];
	static double cold[MAX_QUERIES], warm[MAX_QUERIES];
	struct search_index *ix = search_index_new();
	struct store *s = NULL;
	struct errinfo e;
	char line[1024];
	int n = 0, rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
	double sum_cold = 0, sum_warm = 0, t, *runs;
	FILE *f;

	if (argc < 3 || rounds < 1 || rounds > 1000) {
		fprintf(stderr, "usage: search_bench DB QUERIES [ROUNDS]\n");
		return 2;
	}
	if (!(f = fopen(argv[2], "r"))) {
		perror(argv[2]);
		return 1;
	}
	while (n < MAX_QUERIES && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] && line[0] != '#')
			qs[n++] = strdup(line);
	}
	fclose(f);
	if (store_open(argv[1], STORE_READONLY, &s, &e)) {
		fprintf(stderr, "search_bench: %s\n", e.msg);
		return 1;
	}
	t = cpu_ms();
	if (search_index_refresh(ix, s, &e)) {
		fprintf(stderr, "search_bench: %s\n", e.msg);
		return 1;
	}
	printf("index loaded in %.0f ms of CPU\n\n%-55s %9s %9s\n", cpu_ms() - t, "query",
	       "cold ms", "warm ms");
	if (!(runs = malloc((size_t)rounds * sizeof *runs)))
		return 1;
	for (int i = 0; i < n; i++) {
		search__rank_cleanup(ix);
		cold[i] = one(ix, s, qs[i]);
		for (int k = 0; k < rounds; k++)
			runs[k] = one(ix, s, qs[i]);
		qsort(runs, (size_t)rounds, sizeof *runs, cmp_double);
		warm[i] = runs[rounds / 2];
		sum_cold += cold[i];
		sum_warm += warm[i];
		printf("%-55s %9.2f %9.2f\n", qs[i], cold[i], warm[i]);
	}
	free(runs);
	printf("\nmean over %d queries: cold %.2f ms, warm %.2f ms\n", n, sum_cold / n,
	       sum_warm / n);
	/* the mixed order: each query rounds times, shuffled, the cache kept */
	{
		int total = n * rounds, *order = malloc((size_t)total * sizeof *order);
		double sum = 0;

		if (!order)
			return 1;
		for (int i = 0; i < total; i++)
			order[i] = i % n;
		srand(1);
		for (int i = total - 1; i > 0; i--) {
			int j = rand() % (i + 1), x = order[i];

			order[i] = order[j];
			order[j] = x;
		}
		search__rank_cleanup(ix);
		for (int i = 0; i < total; i++)
			sum += one(ix, s, qs[order[i]]);
		printf("mixed, %d runs in random order: mean %.2f ms\n", total, sum / total);
		free(order);
	}
	for (int i = 0; i < n; i++)
		free(qs[i]);
	store_close(s);
	search_index_free(ix);
	return 0;
}
