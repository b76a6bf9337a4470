/*
 * store_sqlite_figures.c - what the figures service counts, read from SQLite: the
 * initiatives matching a report's filter, their tags and their countries, each as one
 * query in initiative id order, all in one read transaction so they agree.
 *
 * The counting itself is done in memory by src/report/figures.c: one pass over each of the
 * three streams gives every table of a report, where one GROUP BY per table would read the
 * same rows a dozen times.
 */
#include "store/store_sqlite_internal.h"

#include <string.h>

/* json_list writes the strings v[0..n) as a JSON array of strings into out; ERR_INVALID for
 * a value that would need escaping (the callers pass enumerated values only). */
static int json_list(struct store *s, const char *const *v, size_t n, char *out, size_t cap)
{
	size_t len = 0;

	out[len++] = '[';
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);

		if (strpbrk(v[i], "\"\\") || len + l + 4 >= cap)
			return store__fail(s, ERR_INVALID, "a filter value is not a plain code");
		if (i)
			out[len++] = ',';
		out[len++] = '"';
		memcpy(out + len, v[i], l);
		len += l;
		out[len++] = '"';
	}
	out[len++] = ']';
	out[len] = '\0';
	return 0;
}

struct fig_params {
	char states[512], types[1024];
};

static sqlite3_stmt *fig_stmt(struct store *s, enum stmt_id id, const struct store_fig_query *q,
			      const struct fig_params *p)
{
	sqlite3_stmt *st = store__stmt(s, id);

	if (!st)
		return NULL;
	store__bind_text(st, 1, p->states);
	store__bind_text(st, 2, q->stakeholder_types ? p->types : NULL);
	sqlite3_bind_int(st, 3, q->from_year);
	sqlite3_bind_int(st, 4, q->to_year);
	if (q->place_kind) {
		store__bind_text(st, 5, q->place_kind);
		store__bind_text(st, 6, q->place);
	}
	return st;
}

static int fig_read(struct store *s, const struct store_fig_query *q, const struct fig_params *p,
		    const struct store_fig_sink *k)
{
	static const enum stmt_id world[] = {STMT_FIG_ROWS, STMT_FIG_TAGS, STMT_FIG_COUNTRIES};
	static const enum stmt_id place[] = {STMT_FIG_PLACE_ROWS, STMT_FIG_PLACE_TAGS,
					     STMT_FIG_PLACE_COUNTRIES};
	const enum stmt_id *which = q->place_kind ? place : world;
	int rc = 0, step;

	for (size_t w = 0; !rc && w < 3; w++) {
		sqlite3_stmt *st = fig_stmt(s, which[w], q, p);

		if (!st)
			return ERR_DB;
		while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);

			if (w == 0)
				rc = k->initiative
					 ? k->initiative(k->ud, id, store__col_text(st, 1),
							 store__col_text(st, 2))
					 : 0;
			else if (w == 1)
				rc = k->tag ? k->tag(k->ud, id, store__col_text(st, 1),
						     store__col_text(st, 2), store__col_text(st, 3))
					    : 0;
			else
				rc = k->country ? k->country(k->ud, id, store__col_text(st, 1)) : 0;
		}
		if (!rc && step != SQLITE_DONE)
			rc = store__db_fail(s, "counting initiatives for a report");
		sqlite3_reset(st);
		if (!rc && k->end)
			rc = k->end(k->ud, (int)w);
	}
	return rc;
}

int store_fig_load(struct store *s, const struct store_fig_query *q,
		   const struct store_fig_sink *sink)
{
	struct fig_params p;
	int rc;

	if (!q->n_states)
		return store__fail(s, ERR_INVALID, "a report needs at least one state");
	if ((rc = json_list(s, q->states, q->n_states, p.states, sizeof p.states)) ||
	    (q->stakeholder_types &&
	     (rc = json_list(s, q->stakeholder_types, q->n_stakeholder_types, p.types,
			     sizeof p.types))))
		return rc;
	/* One read transaction, so the three streams see the same initiatives. */
	if ((rc = store__exec(s, "SAVEPOINT fig_load", "reading a report's figures")))
		return rc;
	rc = fig_read(s, q, &p, sink);
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK TO fig_load; RELEASE fig_load", NULL, NULL, NULL);
	else
		rc = store__exec(s, "RELEASE fig_load", "reading a report's figures");
	return rc;
}

int store_fig_briefs(struct store *s, const int64_t *ids, size_t n,
		     int (*cb)(void *ud, const struct store_fig_brief *b), void *ud)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		sqlite3_stmt *st = store__stmt(s, STMT_FIG_BRIEF);
		struct store_fig_brief b;
		int step;

		if (!st)
			return ERR_DB;
		sqlite3_bind_int64(st, 1, ids[i]);
		step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			const char *c = store__col_text(st, 4);

			b.id = sqlite3_column_int64(st, 0);
			b.title = store__col_text(st, 1);
			b.organisation = store__col_text(st, 2);
			b.start_date = store__col_text(st, 3);
			b.countries = c ? c : "";
			rc = cb(ud, &b);
		} else if (step != SQLITE_DONE) {
			rc = store__db_fail(s, "reading a report's initiatives");
		}
		sqlite3_reset(st);
	}
	return rc;
}
