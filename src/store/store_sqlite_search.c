/*
 * store_sqlite_search.c - what the search index (src/search/) reads from the SQLite
 * backend: the rows it filters and sorts by, the change number that tells it what changed
 * since it last looked, full-text matches ranked by bm25, and highlighted snippets.
 *
 * The change number comes from the table search_change (migration 3): triggers on
 * initiative, tag and initiative_country give each changed initiative the next number,
 * whatever connection or process wrote it, so every server process over one database can
 * bring its own index up to date by asking for the numbers above the one it has.
 */
#include "store/store_sqlite_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_search_seq(struct store *s, int64_t *seq)
{
	return store__count(s, STMT_SEARCH_SEQ, NULL, NULL, seq);
}

int store_search_changes(struct store *s, int64_t since, int64_t *n)
{
	sqlite3_stmt *st = store__stmt(s, STMT_SEARCH_CHANGES_COUNT);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, since);
	return store__step_int(s, st, n, "counting changes");
}

/*
 * The ranking: FTS5's bm25() computed as FTS5 computes it (fts5_aux.c: k1 1.2, b 0.75, the
 * inverse document frequency of each phrase from its number of matching rows, each
 * phrase's frequency in a row weighted by column), except for one input: the row's length
 * in tokens. bm25() reads it from the table initiative_fts_docsize, one B-tree lookup per
 * matching row, which is three quarters of its cost; stocktake_bm25 asks the caller first
 * (struct store_fts_lengths, passed as a pointer) and FTS5 only for rows the caller does not
 * know; the caller keeps the lengths store_search_load reads (doc_length).
 */
#define BM25_K1 1.2
#define BM25_B 0.75

/* What stocktake_bm25 computes once per query (FTS5 auxiliary data). */
struct bm25_data {
	int nphrase;
	double avgdl;
	double *idf, *freq;
};

static void bm25_data_free(void *p)
{
	struct bm25_data *d = p;

	if (d) {
		free(d->idf);
		free(d->freq);
		free(d);
	}
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
	(void)api;
	(void)fts;
	(*(int64_t *)ud)++;
	return SQLITE_OK;
}

/* bm25_data returns the query's data, computing it on the first row. */
static struct bm25_data *bm25_data(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
{
	struct bm25_data *d = api->xGetAuxdata(fts, 0);
	sqlite3_int64 nrow = 0, ntok = 0;

	if (d)
		return d;
	if (!(d = calloc(1, sizeof *d))) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	d->nphrase = api->xPhraseCount(fts);
	d->idf = calloc((size_t)d->nphrase + 1, sizeof *d->idf);
	d->freq = calloc((size_t)d->nphrase + 1, sizeof *d->freq);
	if (!d->idf || !d->freq)
		*rc = SQLITE_NOMEM;
	if (*rc == SQLITE_OK)
		*rc = api->xRowCount(fts, &nrow);
	if (*rc == SQLITE_OK)
		*rc = api->xColumnTotalSize(fts, -1, &ntok);
	if (*rc == SQLITE_OK)
		d->avgdl = nrow ? (double)ntok / (double)nrow : 1.0;
	for (int i = 0; *rc == SQLITE_OK && i < d->nphrase; i++) {
		int64_t nhit = 0;
		double idf;

		*rc = api->xQueryPhrase(fts, i, &nhit, count_row);
		idf = log(((double)nrow - (double)nhit + 0.5) / ((double)nhit + 0.5));
		d->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	if (*rc == SQLITE_OK)
		*rc = api->xSetAuxdata(fts, d, bm25_data_free);
	else
		bm25_data_free(d);
	return *rc == SQLITE_OK ? d : NULL;
}

/* stocktake_bm25(initiative_fts, lengths, weight of column 0, weight of column 1, ...) */
static void bm25_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *cx, int nval,
		    sqlite3_value **val)
{
	const struct store_fts_lengths *len =
	    nval > 0 ? sqlite3_value_pointer(val[0], "stocktake_lengths") : NULL;
	struct bm25_data *d;
	int rc = SQLITE_OK, ninst = 0;
	int64_t ntok = -1;
	double score = 0.0, dl;

	if (!(d = bm25_data(api, fts, &rc))) {
		sqlite3_result_error_code(cx, rc);
		return;
	}
	memset(d->freq, 0, (size_t)d->nphrase * sizeof *d->freq);
	rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;

		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && phrase >= 0 && phrase < d->nphrase)
			d->freq[phrase] +=
			    col + 1 < nval ? sqlite3_value_double(val[col + 1]) : 1.0;
	}
	if (rc == SQLITE_OK && len && len->get)
		ntok = len->get(len->ud, api->xRowid(fts));
	if (rc == SQLITE_OK && ntok < 0) {
		int n = 0;

		rc = api->xColumnSize(fts, -1, &n);
		ntok = n;
	}
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(cx, rc);
		return;
	}
	dl = (double)ntok;
	for (int i = 0; i < d->nphrase; i++)
		score += d->idf[i] * (d->freq[i] * (BM25_K1 + 1.0)) /
			 (d->freq[i] + BM25_K1 * (1.0 - BM25_B + BM25_B * dl / d->avgdl));
	sqlite3_result_double(cx, -score);
}

/*
 * doc_length adds up a row of initiative_fts_docsize: FTS5 keeps each row's length in
 * tokens there, one varint per column (SQLite's varint: big-endian groups of 7 bits, the
 * high bit set on every byte but the last). It is what bm25() reads with xColumnSize(-1),
 * which answers 0 outside a MATCH query, so the index reads the table itself.
 */
static int64_t doc_length(const unsigned char *p, int n)
{
	int64_t total = 0;

	for (int i = 0; i < n;) {
		uint64_t v = 0;
		int k = 0;

		while (i < n && k < 9) {
			unsigned char c = p[i++];

			if (++k == 9) {
				v = (v << 8) | c;
				break;
			}
			v = (v << 7) | (c & 0x7f);
			if (!(c & 0x80))
				break;
		}
		if (v > INT32_MAX)
			return -1; /* not a length */
		total += (int64_t)v;
	}
	return total;
}

/*
 * stocktake_cols(initiative_fts): the columns in which the row has a match, as bits (1 << the
 * column's number). snippet() tokenizes its column's whole text to choose a passage, and a
 * passage is only shown when it holds a match (pick_snippet), so the snippets ask first.
 */
static void cols_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *cx, int nval,
		    sqlite3_value **val)
{
	int rc, ninst = 0;
	sqlite3_int64 cols = 0;

	(void)nval;
	(void)val;
	rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;

		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && col >= 0 && col < 62)
			cols |= (sqlite3_int64)1 << col;
	}
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(cx, rc);
		return;
	}
	sqlite3_result_int64(cx, cols);
}

/*
 * fts_funcs registers the search's functions with FTS5 on this connection, once (registering
 * again would expire every prepared statement).
 */
static int fts_funcs(struct store *s)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;

	if (s->fts_funcs)
		return 0;
	if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return store__db_fail(s, "preparing the full-text search");
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2 ||
	    api->xCreateFunction(api, "stocktake_bm25", NULL, bm25_fn, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "stocktake_cols", NULL, cols_fn, NULL) != SQLITE_OK)
		return store__fail(s, ERR_DB, "preparing the full-text search: no FTS5 functions");
	s->fts_funcs = 1;
	return 0;
}

/* fts_stmt returns statement id, which uses the search's FTS5 functions. */
static sqlite3_stmt *fts_stmt(struct store *s, enum stmt_id id)
{
	return fts_funcs(s) ? NULL : store__stmt(s, id);
}

/* row_from fills r from a SEARCH_ROW(S) result row. */
static void row_from(sqlite3_stmt *st, struct store_search_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->state = store__col_text(st, 1);
	r->stakeholder_type = store__col_text(st, 2);
	r->status = store__col_text(st, 3);
	r->start_date = store__col_text(st, 4);
	r->created_at = store__col_text(st, 5);
	r->title = store__col_text(st, 6);
}

/* load_all streams every row, then every tag, every country and every length to the sink. */
static int load_all(struct store *s, const struct store_search_sink *k)
{
	struct store_search_row r;
	sqlite3_stmt *st;
	int rc, crc = 0;

	if (!(st = store__stmt(s, STMT_SEARCH_ROWS)))
		return ERR_DB;
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_from(st, &r);
		crc = k->row(k->ud, &r);
	}
	sqlite3_reset(st);
	if (crc || rc != SQLITE_DONE)
		return crc ? crc : store__db_fail(s, "reading initiatives for the search index");
	if (!(st = store__stmt(s, STMT_SEARCH_TAGS)))
		return ERR_DB;
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc = k->tag(k->ud, sqlite3_column_int64(st, 0), store__col_text(st, 1),
			     store__col_text(st, 2));
	sqlite3_reset(st);
	if (crc || rc != SQLITE_DONE)
		return crc ? crc : store__db_fail(s, "reading tags for the search index");
	if (!(st = store__stmt(s, STMT_SEARCH_COUNTRIES)))
		return ERR_DB;
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc = k->country(k->ud, sqlite3_column_int64(st, 0), store__col_text(st, 1));
	sqlite3_reset(st);
	if (crc || rc != SQLITE_DONE)
		return crc ? crc : store__db_fail(s, "reading countries for the search index");
	if (!k->length)
		return 0;
	if (!(st = store__stmt(s, STMT_SEARCH_LENGTHS)))
		return ERR_DB;
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc =
		    k->length(k->ud, sqlite3_column_int64(st, 0),
			      doc_length(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1)));
	sqlite3_reset(st);
	if (crc || rc != SQLITE_DONE)
		return crc ? crc : store__db_fail(s, "reading text lengths for the search index");
	return 0;
}

/* load_one sends initiative id as it is now: its row (or that it is gone), tags, countries. */
static int load_one(struct store *s, const struct store_search_sink *k, int64_t id)
{
	struct store_search_row r;
	sqlite3_stmt *st;
	int rc, crc = 0;

	if (!(st = store__stmt(s, STMT_SEARCH_ROW)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_from(st, &r);
	} else if (rc == SQLITE_DONE) {
		memset(&r, 0, sizeof r);
		r.id = id;
		r.gone = 1;
	} else {
		sqlite3_reset(st);
		return store__db_fail(s, "reading an initiative for the search index");
	}
	crc = k->row(k->ud, &r);
	sqlite3_reset(st);
	if (crc || r.gone)
		return crc;
	if (!(st = store__stmt(s, STMT_SEARCH_TAGS_OF)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc = k->tag(k->ud, id, store__col_text(st, 0), store__col_text(st, 1));
	sqlite3_reset(st);
	if (crc || rc != SQLITE_DONE)
		return crc ? crc : store__db_fail(s, "reading tags for the search index");
	if (!(st = store__stmt(s, STMT_SEARCH_COUNTRIES_OF)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc = k->country(k->ud, id, store__col_text(st, 0));
	sqlite3_reset(st);
	if (crc || rc != SQLITE_DONE)
		return crc ? crc : store__db_fail(s, "reading countries for the search index");
	if (!k->length)
		return 0;
	if (!(st = store__stmt(s, STMT_SEARCH_LENGTH_OF)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		crc = k->length(
		    k->ud, id, doc_length(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0)));
	sqlite3_reset(st);
	if (!crc && rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store__db_fail(s, "reading a text length for the search index");
	return crc;
}

/*
 * load_changed sends every initiative changed after since. The list of ids is read first
 * (its own statement: the per-initiative statements run while it is open).
 */
static int load_changed(struct store *s, const struct store_search_sink *k, int64_t since)
{
	sqlite3_stmt *st;
	int rc, crc = 0;

	if (sqlite3_prepare_v2(s->db, store__sql[STMT_SEARCH_CHANGED], -1, &st, NULL) != SQLITE_OK)
		return store__db_fail(s, "listing changes");
	sqlite3_bind_int64(st, 1, since);
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc = load_one(s, k, sqlite3_column_int64(st, 0));
	if (!crc && rc != SQLITE_DONE)
		crc = store__db_fail(s, "listing changes");
	sqlite3_finalize(st);
	return crc;
}

int store_search_load(struct store *s, int full, int64_t since,
		      const struct store_search_sink *sink, int64_t *seq)
{
	int64_t n = 0;
	int rc;

	/* One read transaction, so the change number and the rows agree. */
	if ((rc = store__exec(s, "SAVEPOINT search_load", "reading the search index")))
		return rc;
	rc = store_search_seq(s, &n);
	if (!rc)
		rc = full ? load_all(s, sink) : load_changed(s, sink, since);
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK TO search_load; RELEASE search_load", NULL, NULL,
			     NULL);
	else
		rc = store__exec(s, "RELEASE search_load", "reading the search index");
	if (!rc)
		*seq = n;
	return rc;
}

int store_search_fts(struct store *s, const char *fts, int ranked,
		     const struct store_fts_lengths *len,
		     int (*cb)(void *ud, int64_t id, double rank), void *ud)
{
	sqlite3_stmt *st =
	    ranked ? fts_stmt(s, STMT_SEARCH_FTS_RANKED) : store__stmt(s, STMT_SEARCH_FTS);
	int rc, crc = 0;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, fts);
	if (ranked)
		sqlite3_bind_pointer(st, 2, (void *)len, "stocktake_lengths", NULL);
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc =
		    cb(ud, sqlite3_column_int64(st, 0), ranked ? sqlite3_column_double(st, 1) : 0);
	if (!crc && rc != SQLITE_DONE) {
		/* The query is built by search_fts_query and always well-formed; be safe anyway. */
		crc = (rc & 0xff) == SQLITE_ERROR ? ERR_INVALID : ERR_DB;
		store__fail(s, crc, "full-text search: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st); /* the lengths' pointer dies with this call */
	return crc;
}

/* marked: a snippet in which a term was found. */
static int marked(const char *v)
{
	return v && strchr(v, '\x01') != NULL;
}

/*
 * pick_snippet sets *out to a copy in a of the description's passage (column col of st),
 * else the summary's (col + 1), or NULL when only the title matched.
 */
static int pick_snippet(struct store *s, sqlite3_stmt *st, int col, struct arena *a,
			const char **out)
{
	const char *pick = NULL;

	if (marked(store__col_text(st, col)))
		pick = store__col_text(st, col);
	else if (marked(store__col_text(st, col + 1)))
		pick = store__col_text(st, col + 1);
	*out = NULL;
	if (pick && !(*out = arena_strdup(a, pick)))
		return store__fail(s, ERR_NOMEM, "out of memory");
	return 0;
}

int store_search_snippet(struct store *s, const char *fts, int64_t id, struct arena *a,
			 const char **out)
{
	sqlite3_stmt *st = fts_stmt(s, STMT_SEARCH_SNIPPET);
	const char *v = NULL;
	int rc, crc = 0;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, fts);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		crc = pick_snippet(s, st, 0, a, &v);
	sqlite3_reset(st);
	if (crc)
		return crc;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store__db_fail(s, "making a snippet");
	*out = v;
	return 0;
}

int store_search_snippets(struct store *s, const char *fts, const int64_t *ids, size_t n,
			  struct arena *a, const char **out)
{
	char list[STORE_SNIPPETS_MAX * 22 + 3], *p = list;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	sqlite3_stmt *st;
	int rc, crc = 0;

	if (n > STORE_SNIPPETS_MAX)
		return store__fail(s, ERR_INVALID, "too many snippets at once");
	if (!strchr(fts, '*')) {
		/* a few index lookups each: cheaper than reading the whole doclist */
		for (size_t i = 0; i < n; i++)
			if ((rc = store_search_snippet(s, fts, ids[i], a, &out[i])))
				return rc;
		return 0;
	}
	/* The ids as a JSON array, read by json_each: numbers only. */
	*p++ = '[';
	for (size_t i = 0; i < n; i++) {
		p += snprintf(p, sizeof list - (size_t)(p - list), "%s%lld", i ? "," : "",
			      (long long)ids[i]);
		lo = ids[i] < lo ? ids[i] : lo;
		hi = ids[i] > hi ? ids[i] : hi;
		out[i] = NULL;
	}
	*p++ = ']';
	*p = '\0';
	if (!n)
		return 0;
	if (!(st = fts_stmt(s, STMT_SEARCH_SNIPPETS)))
		return ERR_DB;
	store__bind_text(st, 1, fts);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	store__bind_text(st, 4, list);
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		for (size_t i = 0; i < n && !crc; i++)
			if (ids[i] == id)
				crc = pick_snippet(s, st, 1, a, &out[i]);
	}
	sqlite3_reset(st);
	if (crc)
		return crc;
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "making snippets");
}
