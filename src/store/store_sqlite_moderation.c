/*
 * store_sqlite_moderation.c - what moderation needs from the SQLite backend: the queue of
 * submissions, each account's own initiatives, who submitted what and why it was rejected,
 * earlier versions to compare, organisations to choose from, and reading the audit log.
 *
 * Lists are read into arrays in the caller's arena (pages show at most a page of them), so
 * no callback runs while a statement is open.
 */
#include "store/store_sqlite_internal.h"

#include <stdint.h>
#include <string.h>

/* The rows of QUEUE_PAGE and USER_INITIATIVES. */
static const struct store_col submission_cols[] = {
    STORE_COL(I64, struct store_submission, id),
    STORE_COL(TEXT, struct store_submission, title),
    STORE_COL(TEXT, struct store_submission, state),
    STORE_COL(TEXT, struct store_submission, organisation),
    STORE_COL(TEXT, struct store_submission, submitter_email),
    STORE_COL(TEXT, struct store_submission, moderation_note),
    STORE_COL(TEXT, struct store_submission, created_at),
    STORE_COL(TEXT, struct store_submission, updated_at)};
static const struct store_rows submission_rows =
    STORE_ROWS(struct store_submission, SIZE_MAX, submission_cols, NULL);

int store_moderation_queue(struct store *s, const struct store_cursor *after, size_t limit,
			   struct arena *a, struct store_submission **out, size_t *n,
			   int64_t *total)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = store__count(s, STMT_QUEUE_COUNT, NULL, NULL, total)))
		return rc;
	if (!(st = store__stmt(s, STMT_QUEUE_PAGE)))
		return ERR_DB;
	if (after && after->at) {
		store__bind_text(st, 1, after->at);
		sqlite3_bind_int64(st, 2, after->id);
	}
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	return store__read_rows(s, st, a, &submission_rows, out, n, "listing initiatives");
}

int store_user_initiatives(struct store *s, int64_t user_id, int64_t before, size_t limit,
			   struct arena *a, struct store_submission **out, size_t *n)
{
	sqlite3_stmt *st = store__stmt(s, STMT_USER_INITIATIVES);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, before);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	return store__read_rows(s, st, a, &submission_rows, out, n, "listing initiatives");
}

/* set_column runs one of the UPDATE statements that set a column of initiative id. */
static int set_column(struct store *s, enum stmt_id which, int64_t id, const char *text,
		      int64_t num, const char *what)
{
	sqlite3_stmt *st;
	int rc;

	if (s->readonly)
		return store__fail(s, ERR_DB_READONLY, "the database %s is opened read-only",
				   s->path);
	if (!(st = store__stmt(s, which)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if (which == STMT_INI_SET_SUBMITTER)
		sqlite3_bind_int64(st, 2, num);
	else
		store__bind_text(st, 2, text);
	if ((rc = store__step_done(s, st, what)))
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return store__fail(s, ERR_NOT_FOUND, "initiative %lld does not exist",
				   (long long)id);
	return 0;
}

int store_initiative_set_submitter(struct store *s, int64_t id, int64_t user_id)
{
	return set_column(s, STMT_INI_SET_SUBMITTER, id, NULL, user_id, "recording the submitter");
}

int store_initiative_set_note(struct store *s, int64_t id, const char *note)
{
	return set_column(s, STMT_INI_SET_NOTE, id, note, 0, "recording the moderation note");
}

int store_initiative_find_source(struct store *s, const char *source, const char *source_id,
				 int64_t *id)
{
	sqlite3_stmt *st = store__stmt(s, STMT_INI_FIND_SOURCE);
	int rc;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, source);
	store__bind_text(st, 2, source_id);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store__db_fail(s, "finding a source");
}

int store_initiative_doc(struct store *s, int64_t id, struct arena *a, const char **doc)
{
	sqlite3_stmt *st;
	int rc, failed = 0;
	const char *d;

	if ((rc = store__initiative_row(s, STMT_INI_GET, id, &st)))
		return rc;
	d = store__col_dup(a, st, 0, &failed);
	sqlite3_reset(st);
	if (failed || !d)
		return store__fail(s, ERR_NOMEM, "out of memory");
	*doc = d;
	return 0;
}

int store_revision_last(struct store *s, int64_t id, const char *state, struct arena *a,
			struct store_revision *out, int *found)
{
	sqlite3_stmt *st = store__stmt(s, STMT_REV_LAST);
	struct store_revision r;
	int rc, failed = 0;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	store__bind_text(st, 2, state);
	rc = sqlite3_step(st);
	memset(&r, 0, sizeof r);
	if (rc == SQLITE_ROW) {
		r.rev = sqlite3_column_int64(st, 0);
		r.doc = store__col_dup(a, st, 1, &failed);
		r.actor = store__col_dup(a, st, 2, &failed);
		r.created_at = store__col_dup(a, st, 3, &failed);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store__db_fail(s, "reading a revision");
	if (failed)
		return store__fail(s, ERR_NOMEM, "out of memory");
	*found = rc == SQLITE_ROW;
	if (*found)
		*out = r;
	return 0;
}

int store_org_names(struct store *s, size_t limit, int (*cb)(void *ud, const char *name), void *ud)
{
	sqlite3_stmt *st;
	int rc, crc = 0;

	/* Its own statement: the callback may call back into the store. */
	if (sqlite3_prepare_v2(s->db, store__sql[STMT_ORG_NAMES], -1, &st, NULL) != SQLITE_OK)
		return store__db_fail(s, "listing organisations");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = cb(ud, store__col_text(st, 0))))
			break;
	if (!crc && rc != SQLITE_DONE)
		crc = store__db_fail(s, "listing organisations");
	sqlite3_finalize(st);
	return crc;
}

int store_org_get(struct store *s, const char *name, struct arena *a, struct organisation *out,
		  int *found)
{
	sqlite3_stmt *st = store__stmt(s, STMT_ORG_FIND);
	struct organisation o;
	int rc, failed = 0;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, name);
	rc = sqlite3_step(st);
	memset(&o, 0, sizeof o);
	if (rc == SQLITE_ROW) {
		o.name = arena_strdup(a, name);
		failed = !o.name;
		o.stakeholder_type = store__col_dup(a, st, 1, &failed);
		o.country = store__col_dup(a, st, 2, &failed);
		o.website = store__col_dup(a, st, 3, &failed);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store__db_fail(s, "finding an organisation");
	if (failed)
		return store__fail(s, ERR_NOMEM, "out of memory");
	*found = rc == SQLITE_ROW;
	if (*found)
		*out = o;
	return 0;
}

int store_audit_list(struct store *s, const struct store_audit_filter *f, size_t limit,
		     struct arena *a, struct store_audit_entry **out, size_t *n)
{
	static const struct store_col cols[] = {
	    STORE_COL(I64, struct store_audit_entry, id),
	    STORE_COL(TEXT, struct store_audit_entry, at),
	    STORE_COL(TEXT, struct store_audit_entry, actor),
	    STORE_COL(TEXT, struct store_audit_entry, action),
	    STORE_COL(TEXT, struct store_audit_entry, entity),
	    STORE_COL(TEXT, struct store_audit_entry, entity_id),
	    STORE_COL(TEXT, struct store_audit_entry, detail)};
	static const struct store_rows rows = STORE_ROWS(**out, SIZE_MAX, cols, NULL);
	sqlite3_stmt *st = store__stmt(s, STMT_AUDIT_LIST);

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, f->actor);
	store__bind_text(st, 2, f->action);
	store__bind_text(st, 3, f->entity);
	store__bind_text(st, 4, f->entity_id);
	sqlite3_bind_int64(st, 5, f->before);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)limit);
	return store__read_rows(s, st, a, &rows, out, n, "reading the audit log");
}
