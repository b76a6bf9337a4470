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

/* load_all streams every row, then every tag, then every country to the sink. */
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
	return 0;
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

/* The filter of a ranked full-text search, passed to SQL as a pointer (sqlite3_bind_pointer). */
struct keep_ctx {
	int (*keep)(void *ud, int64_t id);
	void *ud;
};

static void keep_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct keep_ctx *k = sqlite3_value_pointer(argv[0], "stocktake_keep");

	(void)argc;
	sqlite3_result_int(cx, !k || !k->keep || k->keep(k->ud, sqlite3_value_int64(argv[1])));
}

/*
 * ranked_stmt returns the ranked statement, first registering the SQL function it filters
 * with on this connection when it is missing (once per connection: registering again would
 * expire every prepared statement).
 */
static sqlite3_stmt *ranked_stmt(struct store *s)
{
	sqlite3_stmt *st;

	if (s->stmt[STMT_SEARCH_FTS_RANKED])
		return store__stmt(s, STMT_SEARCH_FTS_RANKED);
	if (sqlite3_create_function_v2(s->db, "stocktake_keep", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				       NULL, keep_fn, NULL, NULL, NULL) != SQLITE_OK) {
		store__db_fail(s, "preparing the full-text search");
		return NULL;
	}
	st = store__stmt(s, STMT_SEARCH_FTS_RANKED);
	return st;
}

int store_search_fts(struct store *s, const char *fts, int ranked,
		     int (*keep)(void *ud, int64_t id),
		     int (*cb)(void *ud, int64_t id, double rank), void *ud)
{
	struct keep_ctx k = {keep, ud};
	sqlite3_stmt *st = ranked ? ranked_stmt(s) : store__stmt(s, STMT_SEARCH_FTS);
	int rc, crc = 0;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, fts);
	if (ranked)
		sqlite3_bind_pointer(st, 2, &k, "stocktake_keep", NULL);
	while (!crc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		crc =
		    cb(ud, sqlite3_column_int64(st, 0), ranked ? sqlite3_column_double(st, 1) : 0);
	if (!crc && rc != SQLITE_DONE) {
		/* The query is built by search_fts_query and always well-formed; be safe anyway. */
		crc = (rc & 0xff) == SQLITE_ERROR ? ERR_INVALID : ERR_DB;
		store__fail(s, crc, "full-text search: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st); /* the filter's pointer dies with this call */
	return crc;
}

/* marked: a snippet in which a term was found. */
static int marked(const char *v)
{
	return v && strchr(v, '\x01') != NULL;
}

int store_search_snippet(struct store *s, const char *fts, int64_t id, struct arena *a,
			 const char **out)
{
	sqlite3_stmt *st = store__stmt(s, STMT_SEARCH_SNIPPET);
	const char *v = NULL, *pick = NULL;
	int rc;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, fts);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* the description's passage, else the summary's; none when only the title matched */
		if (marked(store__col_text(st, 0)))
			pick = store__col_text(st, 0);
		else if (marked(store__col_text(st, 1)))
			pick = store__col_text(st, 1);
		if (pick && !(v = arena_strdup(a, pick))) {
			sqlite3_reset(st);
			return store__fail(s, ERR_NOMEM, "out of memory");
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store__db_fail(s, "making a snippet");
	*out = v;
	return 0;
}
