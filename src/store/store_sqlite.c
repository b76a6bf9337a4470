/*
 * store_sqlite.c - the embedded SQLite implementation of store.h: the connection, its
 * identity and migrations, transactions, the audit log and statistics. Frameworks and
 * initiatives are in store_sqlite_frameworks.c and store_sqlite_initiatives.c.
 *
 * One connection per struct store, in WAL mode with foreign keys on and a busy timeout.
 * Every statement is a static const string, prepared once on first use and kept; values
 * are always bound, never formatted into SQL. A file is recognised as ours by its
 * application_id; its schema version is user_version.
 */
#include "store/store.h"

#include "core/buf.h"
#include "core/utc.h"
#include "domain/record_json.h"
#include "store/schema.h"
#include "store/store_internal.h"
#include "store/store_sqlite_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BUSY_TIMEOUT_MS 5000
#define STORE_PAGE_SIZE "16384" /* bytes, for new databases */

const char *const store__sql[STMT__COUNT] = {
#define STMT_SQL(name, sql) sql,
    STMT_LIST(STMT_SQL)
#undef STMT_SQL
};

/* fail records a message on s and returns code. */
int store__fail(struct store *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
	return code;
}

/* db_fail maps the connection's last SQLite error to an err code, keeping its message. */
int store__db_fail(struct store *s, const char *what)
{
	int rc = sqlite3_extended_errcode(s->db);
	int code = ERR_DB;

	switch (rc & 0xff) {
	case SQLITE_READONLY:
		code = ERR_DB_READONLY;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = ERR_DB_BUSY;
		break;
	case SQLITE_NOMEM:
		code = ERR_NOMEM;
		break;
	case SQLITE_CONSTRAINT:
		code = ERR_CONFLICT;
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		code = ERR_NOT_STOCKTAKE;
		break;
	default:
		break;
	}
	if (code == ERR_DB_READONLY)
		return store__fail(s, code, "%s: the database %s is read-only", what, s->path);
	return store__fail(s, code, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* stmt returns the prepared, reset statement id, or NULL (the error is on s). */
sqlite3_stmt *store__stmt(struct store *s, enum stmt_id id)
{
	sqlite3_stmt *st = s->stmt[id];

	if (!st) {
		if (sqlite3_prepare_v3(s->db, store__sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
				       NULL) != SQLITE_OK) {
			store__db_fail(s, "preparing a statement");
			return NULL;
		}
		s->stmt[id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

int store__bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* step_done runs a statement that returns no rows. */
int store__step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, what);
	return 0;
}

int store__exec(struct store *s, const char *sql, const char *what)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store__db_fail(s, what);
	return 0;
}

/*
 * Every write runs inside a savepoint of its own, nested in the caller's transaction when
 * there is one: a write that fails halfway is undone whole, and the caller's transaction
 * can still commit what came before it.
 */
int store__tx_enter(struct store *s, int *opened)
{
	*opened = 0;
	if (s->bulk)
		return 0;
	if (store__exec(s, "SAVEPOINT w", "starting a write"))
		return store__db_fail(s, "starting a write");
	*opened = 1;
	return 0;
}

int store__tx_leave(struct store *s, int opened, int rc)
{
	if (!opened)
		return rc;
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK TO w; RELEASE w", NULL, NULL, NULL);
		return rc;
	}
	return store__exec(s, "RELEASE w", "committing a write");
}

const char *store__col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

const char *store__col_dup(struct arena *a, sqlite3_stmt *st, int i, int *failed)
{
	const char *v = store__col_text(st, i);
	char *c;

	if (!v)
		return NULL;
	c = arena_strdup(a, v);
	if (!c)
		*failed = 1;
	return c;
}

int store__step_one(struct store *s, sqlite3_stmt *st, const char *what, const char *fmt, ...)
{
	int rc = sqlite3_step(st);
	va_list ap;

	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		va_start(ap, fmt);
		vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
		va_end(ap);
		return ERR_NOT_FOUND;
	}
	/* the message first: it is the step's */
	rc = store__db_fail(s, what);
	sqlite3_reset(st);
	return rc;
}

int store__step_int(struct store *s, sqlite3_stmt *st, int64_t *n, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store__db_fail(s, what);
}

int store__initiative_row(struct store *s, enum stmt_id which, int64_t id, sqlite3_stmt **out)
{
	sqlite3_stmt *st = store__stmt(s, which);
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store__step_one(s, st, "reading an initiative", "initiative %lld does not exist",
				  (long long)id)))
		return rc;
	*out = st;
	return 0;
}

void store__brief_row(sqlite3_stmt *st, struct store_ini_brief *b)
{
	b->id = sqlite3_column_int64(st, 0);
	b->title = store__col_text(st, 1);
	b->summary = store__col_text(st, 2);
	b->organisation = store__col_text(st, 3);
	b->start_date = store__col_text(st, 4);
	b->end_date = store__col_text(st, 5);
}

int store__prep(struct store *s, enum stmt_id id, sqlite3_stmt **st)
{
	return (*st = store__stmt(s, id)) ? 0 : ERR_DB;
}

void store__row_read(sqlite3_stmt *st, struct arena *a, const struct store_rows *r, void *el,
		     int *failed)
{
	char *p = el;

	memset(el, 0, r->size);
	for (size_t i = 0; i < r->ncols; i++) {
		void *f = p + r->cols[i].off;

		switch (r->cols[i].kind) {
		case STORE_COL_I64:
			*(int64_t *)f = sqlite3_column_int64(st, (int)i);
			break;
		case STORE_COL_INT:
			*(int *)f = sqlite3_column_int(st, (int)i);
			break;
		case STORE_COL_TEXT:
			*(const char **)f = store__col_dup(a, st, (int)i, failed);
			break;
		case STORE_COL_SKIP:
			break;
		}
	}
	if (r->more)
		r->more(st, a, el, failed);
}

int store__read_rows(struct store *s, sqlite3_stmt *st, struct arena *a, const struct store_rows *r,
		     void *out, size_t *n, const char *what)
{
	void *v = NULL;
	size_t used = 0, cap = 0;
	int rc, failed = 0;

	if (!st)
		return ERR_DB;
	while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (arena_grow(a, &v, used, &cap, r->size, 16, r->max)) {
			failed = 1;
			break;
		}
		store__row_read(st, a, r, (char *)v + used++ * r->size, &failed);
	}
	sqlite3_reset(st);
	if (failed)
		return store__fail(s, ERR_NOMEM, "out of memory %s", what);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, what);
	memcpy(out, &v, sizeof v);
	*n = used;
	return 0;
}

void store__bind_limit(sqlite3_stmt *st, int i, size_t limit, size_t max)
{
	sqlite3_bind_int64(st, i, (sqlite3_int64)(limit > max ? max : limit));
}

/* count_query runs a one-row, one-integer statement with up to two text parameters. */
int store__count(struct store *s, enum stmt_id id, const char *p1, const char *p2, int64_t *n)
{
	sqlite3_stmt *st = store__stmt(s, id);
	int rc;

	if (!st)
		return ERR_DB;
	if (p1)
		store__bind_text(st, 1, p1);
	if (p2)
		store__bind_text(st, 2, p2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	} else if (rc == SQLITE_DONE) {
		*n = 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "counting");
}

static int pragma_int(struct store *s, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store__db_fail(s, "reading the database header");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store__db_fail(s, "reading the database header");
	return 0;
}

/*
 * check_identity refuses files that are not (empty or) stocktake databases; *empty says
 * which of the two it is.
 */
static int check_identity(struct store *s, int *empty)
{
	int app = 0, version = 0, tables = 0, rc;

	if ((rc = pragma_int(s, "PRAGMA application_id", &app)) ||
	    (rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables)) ||
	    (rc = pragma_int(s, "PRAGMA user_version", &version))) {
		if (rc == ERR_NOT_STOCKTAKE || rc == ERR_DB)
			return store__fail(s, ERR_NOT_STOCKTAKE, "%s is not a stocktake database",
					   s->path);
		return rc;
	}
	*empty = app == 0 && tables == 0;
	if (*empty)
		return 0; /* a new file */
	if (app != STORE_APPLICATION_ID)
		return store__fail(
		    s, ERR_NOT_STOCKTAKE,
		    "%s is not a stocktake database (it is some other SQLite database)", s->path);
	if (version > store_schema_latest())
		return store__fail(
		    s, ERR_SCHEMA,
		    "%s has schema version %d, newer than this program's %d: upgrade stocktake",
		    s->path, version, store_schema_latest());
	return 0;
}

/* connect opens the SQLite connection on s with the usual settings. */
static int connect(struct store *s, const char *filename, int oflags, struct errinfo *e)
{
	if (sqlite3_open_v2(filename, &s->db, oflags, NULL) != SQLITE_OK) {
		int rc = errinfo_set(e, ERR_IO, "db", "cannot open %s: %s", s->path,
				     s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		s->db = NULL;
		return rc;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	return 0;
}

/* connect_immutable opens path read-only as an immutable file (a "file:" URI). */
static int connect_immutable(struct store *s, const char *path, struct errinfo *e)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf uri;
	int rc;

	buf_init(&uri, 0);
	buf_puts(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p <= ' ' || *p >= 0x7f) {
			buf_putc(&uri, '%');
			buf_putc(&uri, hex[*p >> 4]);
			buf_putc(&uri, hex[*p & 15]);
		} else {
			buf_putc(&uri, (char)*p);
		}
	}
	buf_puts(&uri, "?immutable=1");
	rc = connect(s, buf_cstr(&uri),
		     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, e);
	buf_cleanup(&uri);
	return rc;
}

int store_open(const char *path, int flags, struct store **out, struct errinfo *e)
{
	struct store *s;
	struct stat sb;
	int oflags, rc, empty = 0;

	s = calloc(1, sizeof *s);
	if (!s)
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	s->path = strdup(path);
	if (!s->path) {
		free(s);
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	s->readonly = (flags & STORE_READONLY) != 0;
	if (stat(path, &sb) != 0) {
		if (!(flags & STORE_CREATE) || s->readonly) {
			rc = errinfo_set(e, ERR_NOT_FOUND, "db",
					 "no database at %s: run `stocktake init` first", path);
			goto fail_free;
		}
	} else if (!S_ISREG(sb.st_mode)) {
		rc = errinfo_set(e, ERR_NOT_STOCKTAKE, "db", "%s is not a regular file", path);
		goto fail_free;
	}
	oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	if ((rc = connect(s, path, oflags, e)))
		goto fail_free;
	rc = check_identity(s, &empty);
	if (rc == ERR_DB_READONLY && s->readonly) {
		/*
		 * A WAL database in a directory we may not write to: SQLite cannot create its
		 * shared-memory file. Read it as an immutable file instead.
		 */
		sqlite3_close(s->db);
		s->db = NULL;
		if ((rc = connect_immutable(s, path, e)))
			goto fail_free;
		rc = check_identity(s, &empty);
	}
	if (rc == ERR_DB_READONLY && !s->readonly) {
		/* a WAL database whose shared-memory file cannot be made: say what the user
		 * can mend, not which first read failed */
		rc = errinfo_set(e, ERR_DB_READONLY, "db",
				 "cannot write to %s: the database file or its directory is "
				 "read-only",
				 path);
		goto fail_close;
	}
	if (rc) {
		errinfo_set(e, rc, "db", "%s", s->errmsg);
		goto fail_close;
	}
	if (!s->readonly && sqlite3_db_readonly(s->db, "main") == 1) {
		rc = errinfo_set(e, ERR_DB_READONLY, "db",
				 "cannot write to %s: the database file is read-only", path);
		goto fail_close;
	}
	if ((rc = store__exec(s, "PRAGMA foreign_keys = ON", "enabling foreign keys"))) {
		errinfo_set(e, rc, "db", "%s", s->errmsg);
		goto fail_close;
	}
	/*
	 * A new database gets 16 KiB pages instead of SQLite's 4 KiB: an initiative's row
	 * (its stored document, about 1.2 kB) fills 4 KiB pages poorly, and a bulk import
	 * writes a third fewer bytes with 16 KiB pages and is about 13% faster (bench/README.md,
	 * "page size"). The size can only be chosen before the first table exists.
	 */
	if (!s->readonly && empty &&
	    (rc = store__exec(s, "PRAGMA page_size = " STORE_PAGE_SIZE, "setting the page size"))) {
		errinfo_set(e, rc, "db", "%s", s->errmsg);
		goto fail_close;
	}
	if (!s->readonly &&
	    ((rc = store__exec(s, "PRAGMA journal_mode = WAL", "enabling WAL")) ||
	     (rc = store__exec(s, "PRAGMA synchronous = NORMAL", "setting synchronous")) ||
	     (rc = store__exec(s, "PRAGMA cache_size = -65536", "setting the cache size")) ||
	     (rc = store__exec(s, "PRAGMA temp_store = MEMORY", "setting temp_store")))) {
		errinfo_set(e, rc, "db", "%s", s->errmsg);
		goto fail_close;
	}
	*out = s;
	return 0;
fail_close:
	sqlite3_close(s->db);
fail_free:
	free(s->path);
	free(s);
	return rc;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	store__fts_discard(s);
	for (int i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *store_errmsg(const struct store *s)
{
	return s->errmsg;
}

int store_schema_latest(void)
{
	return store_sqlite_migrations[store_sqlite_migration_count - 1].version;
}

int store_schema_version(struct store *s, int *version)
{
	return pragma_int(s, "PRAGMA user_version", version);
}

int store__migrate_with(struct store *s, const struct store_migration *m, int n, int *applied)
{
	char bump[96];
	int version, rc, count = 0;

	if (s->readonly)
		return store__fail(s, ERR_DB_READONLY, "cannot migrate %s: opened read-only",
				   s->path);
	if ((rc = store_schema_version(s, &version)))
		return rc;
	for (int i = 0; i < n; i++) {
		if (m[i].version <= version)
			continue;
		if (m[i].version != version + 1)
			return store__fail(s, ERR_INTERNAL, "migration %d follows version %d",
					   m[i].version, version);
		if ((rc = store__exec(s, "BEGIN IMMEDIATE", "starting a migration")))
			return rc;
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d; PRAGMA application_id = %d",
			 m[i].version, STORE_APPLICATION_ID);
		if ((rc = store__exec(s, m[i].sql, m[i].name)) ||
		    (rc = store__exec(s, bump, "recording the version"))) {
			char msg[sizeof s->errmsg];

			memcpy(msg, s->errmsg, sizeof msg);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return store__fail(s, rc,
					   "migration %d (%s) failed and was rolled back: %s",
					   m[i].version, m[i].name, msg);
		}
		if ((rc = store__exec(s, "COMMIT", "committing a migration"))) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		version = m[i].version;
		count++;
	}
	if (applied)
		*applied = count;
	return 0;
}

int store_migrate(struct store *s, int *applied)
{
	return store__migrate_with(s, store_sqlite_migrations, store_sqlite_migration_count,
				   applied);
}

int store_begin(struct store *s)
{
	int rc;

	if (s->in_tx)
		return store__fail(s, ERR_INTERNAL, "a transaction is already open");
	if ((rc = store__exec(s, "BEGIN IMMEDIATE", "starting a transaction")))
		return rc;
	s->in_tx = 1;
	return 0;
}

/*
 * A bulk transaction leaves foreign keys unenforced (the pragma is a no-op inside a
 * transaction, so it is set before BEGIN and after the end): the import checks every code
 * and country it writes, and each row's initiative and organisation ids are the store's
 * own. A tag row cost two look-ups more with them, a tenth of a bulk import's work.
 */
static void bulk_end(struct store *s)
{
	if (s->bulk)
		sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	s->bulk = 0;
}

int store_begin_bulk(struct store *s)
{
	int rc;

	if (s->in_tx)
		return store__fail(s, ERR_INTERNAL, "a transaction is already open");
	if ((rc = store__exec(s, "PRAGMA foreign_keys = OFF", "starting a bulk transaction")))
		return rc;
	s->bulk = 1;
	if ((rc = store_begin(s)) == 0 && (rc = store__fts_bulk_setup(s)))
		store_rollback(s);
	if (rc)
		bulk_end(s);
	return rc;
}

int store_commit(struct store *s)
{
	int rc;

	if (!s->in_tx)
		return store__fail(s, ERR_INTERNAL, "no transaction to commit");
	rc = store__fts_flush(s);
	if (!rc)
		rc = store__exec(s, "COMMIT", "committing");
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	s->in_tx = 0;
	bulk_end(s);
	store__fts_discard(s);
	return rc;
}

int store_rollback(struct store *s)
{
	int rc;

	if (!s->in_tx)
		return 0;
	s->in_tx = 0;
	store__fts_discard(s);
	rc = store__exec(s, "ROLLBACK", "rolling back");
	bulk_end(s);
	return rc;
}

int store_audit(struct store *s, const char *actor, const char *action, const char *entity,
		const char *entity_id, const char *detail)
{
	char now[UTC_ISO_LEN];
	sqlite3_stmt *st = store__stmt(s, STMT_AUDIT_ADD);

	if (!st)
		return ERR_DB;
	utc_format(utc_now(), now);
	store__bind_text(st, 1, now);
	store__bind_text(st, 2, actor ? actor : "system");
	store__bind_text(st, 3, action);
	store__bind_text(st, 4, entity);
	store__bind_text(st, 5, entity_id);
	store__bind_text(st, 6, detail);
	return store__step_done(s, st, "writing the audit log");
}

/* index_of finds s in a NULL-terminated list; -1 when absent. */
static int index_of(const char *const *list, const char *v)
{
	for (int i = 0; list[i]; i++)
		if (v && strcmp(list[i], v) == 0)
			return i;
	return -1;
}

void store_library_init(void)
{
	/*
	 * Memory statistics take a global mutex on every allocation: under concurrent requests
	 * that lock was a measurable wait, and nothing reads the statistics.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

int store_summary(struct store *s, int64_t *published, int64_t *organisations)
{
	sqlite3_stmt *st = store__stmt(s, STMT_SUMMARY);
	int rc;

	if (!st)
		return ERR_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*published = sqlite3_column_int64(st, 0);
		*organisations = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store__db_fail(s, "counting");
}

int store_count_organisations(struct store *s, int64_t *n)
{
	sqlite3_stmt *st = store__stmt(s, STMT_ORG_COUNT);

	return st ? store__step_int(s, st, n, "counting organisations") : ERR_DB;
}

int store_stats(struct store *s, struct store_stats *out)
{
	struct store_stats r;
	sqlite3_stmt *st;
	int rc;

	memset(&r, 0, sizeof r);
	if (!(st = store__stmt(s, STMT_STATS_STATE)))
		return ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = index_of(ini_states, store__col_text(st, 0));
		int64_t n = sqlite3_column_int64(st, 1);
		if (i >= 0)
			r.by_state[i] = n;
		r.initiatives += n;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, "counting initiatives");
	if (!(st = store__stmt(s, STMT_STATS_TAGS)))
		return ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = index_of(ini_tag_schemes, store__col_text(st, 0));
		int64_t n = sqlite3_column_int64(st, 1);
		if (i >= 0)
			r.tags_by_scheme[i] = n;
		r.tags += n;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, "counting tags");
	if (!(st = store__stmt(s, STMT_STATS_COUNTS)))
		return ERR_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r.organisations = sqlite3_column_int64(st, 0);
		r.countries = sqlite3_column_int64(st, 1);
		r.revisions = sqlite3_column_int64(st, 2);
		r.audit_records = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store__db_fail(s, "counting");
	*out = r;
	return 0;
}
