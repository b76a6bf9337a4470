/*
 * store_sqlite.c - the embedded SQLite implementation of store.h.
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

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BUSY_TIMEOUT_MS 5000

/* The statements, as an X-macro: X(name, sql). */
#define STMT_LIST(X)                                                                               \
	X(FW_PUT, "INSERT INTO fw_item(scheme, code, parent, attr, sort, is_group)"                \
		  " VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(scheme, code) DO UPDATE SET"        \
		  " parent = excluded.parent, attr = excluded.attr, sort = excluded.sort,"         \
		  " is_group = excluded.is_group")                                                 \
	X(FW_TITLE_PUT, "INSERT INTO fw_title(scheme, code, lang, title, short_title)"             \
			" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(scheme, code, lang) DO UPDATE"    \
			" SET title = excluded.title, short_title = excluded.short_title")         \
	X(FW_LINK_PUT, "INSERT OR IGNORE INTO fw_link(from_scheme, from_code, to_scheme, to_code)" \
		       " VALUES(?1, ?2, ?3, ?4)")                                                  \
	X(FW_LIST,                                                                                 \
	  "SELECT i.code, i.parent, i.attr, i.sort, i.is_group,"                                   \
	  " coalesce(t.title, e.title), coalesce(t.short_title, e.short_title)"                    \
	  " FROM fw_item i"                                                                        \
	  " LEFT JOIN fw_title t ON t.scheme = i.scheme AND t.code = i.code AND t.lang = ?2"       \
	  " LEFT JOIN fw_title e ON e.scheme = i.scheme AND e.code = i.code AND e.lang = 'en'"     \
	  " WHERE i.scheme = ?1 ORDER BY i.sort, i.code")                                          \
	X(FW_LINKS,                                                                                \
	  "SELECT to_code FROM fw_link l JOIN fw_item i"                                           \
	  " ON i.scheme = l.to_scheme AND i.code = l.to_code"                                      \
	  " WHERE from_scheme = ?1 AND from_code = ?2 AND to_scheme = ?3 ORDER BY i.sort")         \
	X(FW_COUNT, "SELECT count(*) FROM fw_item WHERE scheme = ?1 AND is_group = 0")             \
	X(FW_EXISTS, "SELECT 1 FROM fw_item WHERE scheme = ?1 AND code = ?2 AND is_group = 0")     \
	X(COUNTRY_PUT,                                                                             \
	  "INSERT INTO country(iso2, iso3, numeric, m49_region, m49_subregion,"                    \
	  " m49_intermediate, itu_region, ldc, lldc, sids)"                                        \
	  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(iso2) DO UPDATE"           \
	  " SET iso3 = excluded.iso3, numeric = excluded.numeric,"                                 \
	  " m49_region = excluded.m49_region, m49_subregion = excluded.m49_subregion,"             \
	  " m49_intermediate = excluded.m49_intermediate,"                                         \
	  " itu_region = excluded.itu_region, ldc = excluded.ldc,"                                 \
	  " lldc = excluded.lldc, sids = excluded.sids")                                           \
	X(COUNTRY_NAME_PUT, "INSERT INTO country_name(iso2, lang, name) VALUES(?1, ?2, ?3)"        \
			    " ON CONFLICT(iso2, lang) DO UPDATE SET name = excluded.name")         \
	X(COUNTRY_LIST, "SELECT c.iso2, c.iso3, c.numeric, c.m49_region, c.m49_subregion,"         \
			" c.m49_intermediate, c.itu_region, c.ldc, c.lldc, c.sids,"                \
			" coalesce(n.name, e.name) FROM country c"                                 \
			" LEFT JOIN country_name n ON n.iso2 = c.iso2 AND n.lang = ?1"             \
			" LEFT JOIN country_name e ON e.iso2 = c.iso2 AND e.lang = 'en'"           \
			" ORDER BY c.iso2")                                                        \
	X(COUNTRY_EXISTS, "SELECT 1 FROM country WHERE iso2 = ?1")                                 \
	X(COUNTRY_ALIAS_PUT, "INSERT INTO country_alias(alias, iso2) VALUES(?1, ?2)"               \
			     " ON CONFLICT(alias) DO UPDATE SET iso2 = excluded.iso2")             \
	X(COUNTRY_FIND, "SELECT iso2 FROM country WHERE iso2 = upper(?1)"                          \
			" UNION ALL SELECT iso2 FROM country_name WHERE lower(name) = lower(?1)"   \
			" UNION ALL SELECT iso2 FROM country_alias WHERE lower(alias) = lower(?1)" \
			" LIMIT 1")                                                                \
	X(ORG_FIND, "SELECT id, stakeholder_type, country, website FROM organisation"              \
		    " WHERE name = ?1")                                                            \
	X(ORG_INSERT, "INSERT INTO organisation(name, stakeholder_type, country, website,"         \
		      " created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?5)")                   \
	X(ORG_UPDATE, "UPDATE organisation SET stakeholder_type = coalesce(?2, stakeholder_type)," \
		      " country = coalesce(?3, country), website = coalesce(?4, website),"         \
		      " updated_at = ?5 WHERE id = ?1")                                            \
	X(INI_FIND_ID, "SELECT id, doc FROM initiative WHERE id = ?1")                             \
	X(INI_FIND_SOURCE, "SELECT id, doc FROM initiative WHERE source = ?1 AND source_id = ?2")  \
	X(INI_INSERT, "INSERT INTO initiative(source, source_id, title, organisation_id,"          \
		      " stakeholder_type, scope, start_date, end_date, status, url, language,"     \
		      " state, doc, created_at, updated_at, updated_by)"                           \
		      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14,"  \
		      " ?15)")                                                                     \
	X(INI_UPDATE, "UPDATE initiative SET source = ?1, source_id = ?2, title = ?3,"             \
		      " organisation_id = ?4, stakeholder_type = ?5, scope = ?6,"                  \
		      " start_date = ?7, end_date = ?8, status = ?9, url = ?10, language = ?11,"   \
		      " state = ?12, doc = ?13, updated_at = ?14, updated_by = ?15 WHERE id = ?16") \
	X(INI_COUNTRIES_DEL, "DELETE FROM initiative_country WHERE initiative_id = ?1")            \
	X(INI_COUNTRY_ADD, "INSERT INTO initiative_country(initiative_id, iso2) VALUES(?1, ?2)")   \
	X(INI_TAGS_DEL, "DELETE FROM tag WHERE initiative_id = ?1")                                \
	X(INI_TAG_ADD, "INSERT INTO tag(initiative_id, scheme, code, origin, score)"               \
		       " VALUES(?1, ?2, ?3, ?4, ?5)")                                              \
	X(INI_GET, "SELECT doc, created_at, updated_at FROM initiative WHERE id = ?1")             \
	X(INI_EACH, "SELECT id, doc, created_at, updated_at FROM initiative ORDER BY id")          \
	X(INI_EACH_STATE, "SELECT id, doc, created_at, updated_at FROM initiative"                 \
			  " WHERE state = ?1 ORDER BY id")                                         \
	X(REV_KEEP, "INSERT INTO revision(initiative_id, rev, doc, actor, created_at)"             \
		    " SELECT id, (SELECT coalesce(max(rev), 0) + 1 FROM revision"                  \
		    " WHERE initiative_id = ?1), doc, updated_by, updated_at"                      \
		    " FROM initiative WHERE id = ?1")                                              \
	X(REV_COUNT, "SELECT count(*) FROM revision WHERE initiative_id = ?1")                     \
	X(AUDIT_ADD, "INSERT INTO audit(at, actor, action, entity, entity_id, detail)"             \
		     " VALUES(?1, ?2, ?3, ?4, ?5, ?6)")                                            \
	X(STATS_STATE, "SELECT state, count(*) FROM initiative GROUP BY state")                    \
	X(STATS_TAGS, "SELECT scheme, count(*) FROM tag GROUP BY scheme")                          \
	X(STATS_COUNTS, "SELECT (SELECT count(*) FROM organisation),"                              \
			" (SELECT count(*) FROM country), (SELECT count(*) FROM revision),"        \
			" (SELECT count(*) FROM audit)")

enum stmt_id {
#define STMT_ENUM(name, sql) STMT_##name,
	STMT_LIST(STMT_ENUM)
#undef STMT_ENUM
	    STMT__COUNT
};

static const char *const stmt_sql[STMT__COUNT] = {
#define STMT_SQL(name, sql) sql,
    STMT_LIST(STMT_SQL)
#undef STMT_SQL
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT__COUNT];
	int in_tx;
	int readonly;
	char *path;
	char errmsg[512];
};

/* fail records a message on s and returns code. */
static int fail(struct store *s, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct store *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
	return code;
}

/* db_fail maps the connection's last SQLite error to an err code, keeping its message. */
static int db_fail(struct store *s, const char *what)
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
		return fail(s, code, "%s: the database %s is read-only", what, s->path);
	return fail(s, code, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* stmt returns the prepared, reset statement id, or NULL (the error is on s). */
static sqlite3_stmt *stmt(struct store *s, enum stmt_id id)
{
	sqlite3_stmt *st = s->stmt[id];

	if (!st) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
				       NULL) != SQLITE_OK) {
			db_fail(s, "preparing a statement");
			return NULL;
		}
		s->stmt[id] = st;
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* step_done runs a statement that returns no rows. */
static int step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, what);
	return 0;
}

static int exec(struct store *s, const char *sql, const char *what)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, what);
	return 0;
}

static int pragma_int(struct store *s, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "reading the database header");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, "reading the database header");
	return 0;
}

/* check_identity refuses files that are not (empty or) stocktake databases. */
static int check_identity(struct store *s)
{
	int app = 0, version = 0, tables = 0, rc;

	if ((rc = pragma_int(s, "PRAGMA application_id", &app)) ||
	    (rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables)) ||
	    (rc = pragma_int(s, "PRAGMA user_version", &version))) {
		if (rc == ERR_NOT_STOCKTAKE || rc == ERR_DB)
			return fail(s, ERR_NOT_STOCKTAKE, "%s is not a stocktake database",
				    s->path);
		return rc;
	}
	if (app == 0 && tables == 0)
		return 0; /* a new, empty file */
	if (app != STORE_APPLICATION_ID)
		return fail(s, ERR_NOT_STOCKTAKE,
			    "%s is not a stocktake database (it is some other SQLite database)",
			    s->path);
	if (version > store_schema_latest())
		return fail(
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
	int oflags, rc;

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
	rc = check_identity(s);
	if (rc == ERR_DB_READONLY && s->readonly) {
		/*
		 * A WAL database in a directory we may not write to: SQLite cannot create its
		 * shared-memory file. Read it as an immutable file instead.
		 */
		sqlite3_close(s->db);
		s->db = NULL;
		if ((rc = connect_immutable(s, path, e)))
			goto fail_free;
		rc = check_identity(s);
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
	if ((rc = exec(s, "PRAGMA foreign_keys = ON", "enabling foreign keys"))) {
		errinfo_set(e, rc, "db", "%s", s->errmsg);
		goto fail_close;
	}
	if (!s->readonly &&
	    ((rc = exec(s, "PRAGMA journal_mode = WAL", "enabling WAL")) ||
	     (rc = exec(s, "PRAGMA synchronous = NORMAL", "setting synchronous")) ||
	     (rc = exec(s, "PRAGMA cache_size = -32768", "setting the cache size")))) {
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
		return fail(s, ERR_DB_READONLY, "cannot migrate %s: opened read-only", s->path);
	if ((rc = store_schema_version(s, &version)))
		return rc;
	for (int i = 0; i < n; i++) {
		if (m[i].version <= version)
			continue;
		if (m[i].version != version + 1)
			return fail(s, ERR_INTERNAL, "migration %d follows version %d",
				    m[i].version, version);
		if ((rc = exec(s, "BEGIN IMMEDIATE", "starting a migration")))
			return rc;
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d; PRAGMA application_id = %d",
			 m[i].version, STORE_APPLICATION_ID);
		if ((rc = exec(s, m[i].sql, m[i].name)) ||
		    (rc = exec(s, bump, "recording the version"))) {
			char msg[sizeof s->errmsg];

			memcpy(msg, s->errmsg, sizeof msg);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return fail(s, rc, "migration %d (%s) failed and was rolled back: %s",
				    m[i].version, m[i].name, msg);
		}
		if ((rc = exec(s, "COMMIT", "committing a migration"))) {
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
		return fail(s, ERR_INTERNAL, "a transaction is already open");
	if ((rc = exec(s, "BEGIN IMMEDIATE", "starting a transaction")))
		return rc;
	s->in_tx = 1;
	return 0;
}

int store_commit(struct store *s)
{
	int rc;

	if (!s->in_tx)
		return fail(s, ERR_INTERNAL, "no transaction to commit");
	rc = exec(s, "COMMIT", "committing");
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	s->in_tx = 0;
	return rc;
}

int store_rollback(struct store *s)
{
	if (!s->in_tx)
		return 0;
	s->in_tx = 0;
	return exec(s, "ROLLBACK", "rolling back");
}

/*
 * Writes outside an explicit transaction get their own: tx_enter opens one when none is
 * open and says so, tx_leave commits or rolls back what tx_enter opened.
 */
static int tx_enter(struct store *s, int *opened)
{
	*opened = 0;
	if (s->in_tx)
		return 0;
	if (exec(s, "SAVEPOINT w", "starting a write"))
		return db_fail(s, "starting a write");
	*opened = 1;
	return 0;
}

static int tx_leave(struct store *s, int opened, int rc)
{
	if (!opened)
		return rc;
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK TO w; RELEASE w", NULL, NULL, NULL);
		return rc;
	}
	return exec(s, "RELEASE w", "committing a write");
}

int store_fw_put(struct store *s, const struct fw_item *it)
{
	sqlite3_stmt *st;
	int rc, opened;

	if ((rc = tx_enter(s, &opened)))
		return rc;
	if (!(st = stmt(s, STMT_FW_PUT))) {
		rc = ERR_DB;
		goto out;
	}
	bind_text(st, 1, it->scheme);
	bind_text(st, 2, it->code);
	bind_text(st, 3, it->parent && *it->parent ? it->parent : NULL);
	bind_text(st, 4, it->attr && *it->attr ? it->attr : NULL);
	sqlite3_bind_int(st, 5, it->sort);
	sqlite3_bind_int(st, 6, it->is_group);
	if ((rc = step_done(s, st, "storing a framework item")))
		goto out;
	for (int l = 0; l < LANG__COUNT; l++) {
		if (!it->title[l] || !*it->title[l])
			continue;
		if (!(st = stmt(s, STMT_FW_TITLE_PUT))) {
			rc = ERR_DB;
			goto out;
		}
		bind_text(st, 1, it->scheme);
		bind_text(st, 2, it->code);
		bind_text(st, 3, lang_code((enum lang)l));
		bind_text(st, 4, it->title[l]);
		bind_text(st, 5,
			  it->short_title[l] && *it->short_title[l] ? it->short_title[l] : NULL);
		if ((rc = step_done(s, st, "storing a framework title")))
			goto out;
	}
out:
	return tx_leave(s, opened, rc);
}

int store_fw_link_put(struct store *s, const char *from_scheme, const char *from_code,
		      const char *to_scheme, const char *to_code)
{
	sqlite3_stmt *st = stmt(s, STMT_FW_LINK_PUT);

	if (!st)
		return ERR_DB;
	bind_text(st, 1, from_scheme);
	bind_text(st, 2, from_code);
	bind_text(st, 3, to_scheme);
	bind_text(st, 4, to_code);
	return step_done(s, st, "storing a framework link");
}

int store_country_put(struct store *s, const struct country *c)
{
	sqlite3_stmt *st;
	int rc, opened;

	if ((rc = tx_enter(s, &opened)))
		return rc;
	if (!(st = stmt(s, STMT_COUNTRY_PUT))) {
		rc = ERR_DB;
		goto out;
	}
	bind_text(st, 1, c->iso2);
	bind_text(st, 2, c->iso3);
	bind_text(st, 3, c->numeric);
	bind_text(st, 4, c->m49_region ? c->m49_region : "");
	bind_text(st, 5, c->m49_subregion ? c->m49_subregion : "");
	bind_text(st, 6, c->m49_intermediate ? c->m49_intermediate : "");
	bind_text(st, 7, c->itu_region ? c->itu_region : "");
	sqlite3_bind_int(st, 8, c->ldc);
	sqlite3_bind_int(st, 9, c->lldc);
	sqlite3_bind_int(st, 10, c->sids);
	if ((rc = step_done(s, st, "storing a country")))
		goto out;
	for (int l = 0; l < LANG__COUNT; l++) {
		if (!c->name[l] || !*c->name[l])
			continue;
		if (!(st = stmt(s, STMT_COUNTRY_NAME_PUT))) {
			rc = ERR_DB;
			goto out;
		}
		bind_text(st, 1, c->iso2);
		bind_text(st, 2, lang_code((enum lang)l));
		bind_text(st, 3, c->name[l]);
		if ((rc = step_done(s, st, "storing a country name")))
			goto out;
	}
out:
	return tx_leave(s, opened, rc);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int store_fw_list(struct store *s, const char *scheme, enum lang lang, store_fw_cb cb, void *ud)
{
	sqlite3_stmt *st = stmt(s, STMT_FW_LIST);
	int rc;

	if (!st)
		return ERR_DB;
	bind_text(st, 1, scheme);
	bind_text(st, 2, lang_code(lang));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fw_item it = {0};
		int crc;

		it.scheme = scheme;
		it.code = col_text(st, 0);
		it.parent = col_text(st, 1);
		it.attr = col_text(st, 2);
		it.sort = sqlite3_column_int(st, 3);
		it.is_group = sqlite3_column_int(st, 4);
		it.title[0] = col_text(st, 5);
		it.short_title[0] = col_text(st, 6);
		if ((crc = cb(ud, &it))) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "listing a framework");
}

int store_fw_links(struct store *s, const char *from_scheme, const char *from_code,
		   const char *to_scheme, int (*cb)(void *ud, const char *to_code), void *ud)
{
	sqlite3_stmt *st = stmt(s, STMT_FW_LINKS);
	int rc;

	if (!st)
		return ERR_DB;
	bind_text(st, 1, from_scheme);
	bind_text(st, 2, from_code);
	bind_text(st, 3, to_scheme);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int crc = cb(ud, col_text(st, 0));
		if (crc) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "listing framework links");
}

int store_country_list(struct store *s, enum lang lang, store_country_cb cb, void *ud)
{
	sqlite3_stmt *st = stmt(s, STMT_COUNTRY_LIST);
	int rc;

	if (!st)
		return ERR_DB;
	bind_text(st, 1, lang_code(lang));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct country c = {0};
		int crc;

		c.iso2 = col_text(st, 0);
		c.iso3 = col_text(st, 1);
		c.numeric = col_text(st, 2);
		c.m49_region = col_text(st, 3);
		c.m49_subregion = col_text(st, 4);
		c.m49_intermediate = col_text(st, 5);
		c.itu_region = col_text(st, 6);
		c.ldc = sqlite3_column_int(st, 7);
		c.lldc = sqlite3_column_int(st, 8);
		c.sids = sqlite3_column_int(st, 9);
		c.name[0] = col_text(st, 10);
		if ((crc = cb(ud, &c))) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "listing countries");
}

/* count_query runs a one-row, one-integer statement with up to two text parameters. */
static int count_query(struct store *s, enum stmt_id id, const char *p1, const char *p2, int64_t *n)
{
	sqlite3_stmt *st = stmt(s, id);
	int rc;

	if (!st)
		return ERR_DB;
	if (p1)
		bind_text(st, 1, p1);
	if (p2)
		bind_text(st, 2, p2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	} else if (rc == SQLITE_DONE) {
		*n = 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "counting");
}

int store_fw_count(struct store *s, const char *scheme, int64_t *n)
{
	return count_query(s, STMT_FW_COUNT, scheme, NULL, n);
}

int store_fw_exists(struct store *s, const char *scheme, const char *code, int *found)
{
	int64_t n;
	int rc = count_query(s, STMT_FW_EXISTS, scheme, code, &n);

	if (!rc)
		*found = n != 0;
	return rc;
}

int store_country_alias_put(struct store *s, const char *alias, const char *iso2)
{
	sqlite3_stmt *st = stmt(s, STMT_COUNTRY_ALIAS_PUT);

	if (!st)
		return ERR_DB;
	bind_text(st, 1, alias);
	bind_text(st, 2, iso2);
	return step_done(s, st, "storing a country alias");
}

int store_country_find(struct store *s, const char *name, char iso2[3], int *found)
{
	sqlite3_stmt *st = stmt(s, STMT_COUNTRY_FIND);
	int rc;

	if (!st)
		return ERR_DB;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	*found = 0;
	if (rc == SQLITE_ROW) {
		snprintf(iso2, 3, "%s", col_text(st, 0));
		*found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "finding a country");
}

int store_country_exists(struct store *s, const char *iso2, int *found)
{
	int64_t n;
	int rc = count_query(s, STMT_COUNTRY_EXISTS, iso2, NULL, &n);

	if (!rc)
		*found = n != 0;
	return rc;
}

int store_audit(struct store *s, const char *actor, const char *action, const char *entity,
		const char *entity_id, const char *detail)
{
	char now[UTC_ISO_LEN];
	sqlite3_stmt *st = stmt(s, STMT_AUDIT_ADD);

	if (!st)
		return ERR_DB;
	utc_format(utc_now(), now);
	bind_text(st, 1, now);
	bind_text(st, 2, actor ? actor : "system");
	bind_text(st, 3, action);
	bind_text(st, 4, entity);
	bind_text(st, 5, entity_id);
	bind_text(st, 6, detail);
	return step_done(s, st, "writing the audit log");
}

/* org_resolve finds the organisation named in ini or creates it; *id = 0 when none. */
static int org_resolve(struct store *s, const struct organisation *o, const char *actor,
		       const char *now, int64_t *id)
{
	sqlite3_stmt *st;
	char idbuf[24];
	int rc;

	*id = 0;
	if (!o->name)
		return 0;
	if (!(st = stmt(s, STMT_ORG_FIND)))
		return ERR_DB;
	bind_text(st, 1, o->name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = col_text(st, 1), *c = col_text(st, 2), *w = col_text(st, 3);
		int same = (!o->stakeholder_type || (t && strcmp(t, o->stakeholder_type) == 0)) &&
			   (!o->country || (c && strcmp(c, o->country) == 0)) &&
			   (!o->website || (w && strcmp(w, o->website) == 0));

		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (same)
			return 0;
		if (!(st = stmt(s, STMT_ORG_UPDATE)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, *id);
		bind_text(st, 2, o->stakeholder_type);
		bind_text(st, 3, o->country);
		bind_text(st, 4, o->website);
		bind_text(st, 5, now);
		if ((rc = step_done(s, st, "updating an organisation")))
			return rc;
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)*id);
		return store_audit(s, actor, "update", "organisation", idbuf, o->name);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, "finding an organisation");
	if (!(st = stmt(s, STMT_ORG_INSERT)))
		return ERR_DB;
	bind_text(st, 1, o->name);
	bind_text(st, 2, o->stakeholder_type);
	bind_text(st, 3, o->country);
	bind_text(st, 4, o->website);
	bind_text(st, 5, now);
	if ((rc = step_done(s, st, "creating an organisation")))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)*id);
	return store_audit(s, actor, "create", "organisation", idbuf, o->name);
}

/* ini_find looks up the stored version of ini: *id and *same (doc unchanged). */
static int ini_find(struct store *s, const struct initiative *ini, const char *doc, int64_t *id,
		    int *same)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	*same = 0;
	if (ini->id) {
		if (!(st = stmt(s, STMT_INI_FIND_ID)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, ini->id);
	} else if (ini->source && ini->source_id) {
		if (!(st = stmt(s, STMT_INI_FIND_SOURCE)))
			return ERR_DB;
		bind_text(st, 1, ini->source);
		bind_text(st, 2, ini->source_id);
	} else {
		return 0;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*same = strcmp(col_text(st, 1), doc) == 0;
		rc = SQLITE_DONE;
	} else if (rc == SQLITE_DONE && ini->id) {
		sqlite3_reset(st);
		return fail(s, ERR_NOT_FOUND, "initiative %lld does not exist", (long long)ini->id);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, "finding an initiative");
}

static int ini_write_lists(struct store *s, const struct initiative *ini, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = stmt(s, STMT_INI_COUNTRIES_DEL)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = step_done(s, st, "replacing countries")))
		return rc;
	for (size_t i = 0; i < ini->ncountries; i++) {
		if (!(st = stmt(s, STMT_INI_COUNTRY_ADD)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, ini->countries[i]);
		if ((rc = step_done(s, st, "storing a country of an initiative")))
			return rc;
	}
	if (!(st = stmt(s, STMT_INI_TAGS_DEL)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = step_done(s, st, "replacing tags")))
		return rc;
	for (size_t i = 0; i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];

		if (!(st = stmt(s, STMT_INI_TAG_ADD)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, t->scheme);
		bind_text(st, 3, t->code);
		bind_text(st, 4, t->origin ? t->origin : "submitter");
		if (t->has_score)
			sqlite3_bind_double(st, 5, t->score);
		if ((rc = step_done(s, st, "storing a tag")))
			return rc;
	}
	return 0;
}

static void bind_initiative(sqlite3_stmt *st, const struct initiative *ini, int64_t org_id,
			    const char *doc, const char *now, const char *actor)
{
	bind_text(st, 1, ini->source);
	bind_text(st, 2, ini->source_id);
	bind_text(st, 3, ini->title);
	if (org_id)
		sqlite3_bind_int64(st, 4, org_id);
	bind_text(st, 5, ini->stakeholder_type);
	bind_text(st, 6, ini->scope);
	bind_text(st, 7, ini->start_date);
	bind_text(st, 8, ini->end_date);
	bind_text(st, 9, ini->status);
	bind_text(st, 10, ini->url);
	bind_text(st, 11, ini->language);
	bind_text(st, 12, ini->state ? ini->state : "submitted");
	bind_text(st, 13, doc);
	bind_text(st, 14, now);
	bind_text(st, 15, actor);
}

int store_initiative_save(struct store *s, const struct initiative *ini, const char *actor,
			  enum store_save_result *result, int64_t *idp)
{
	enum store_save_result res_local;
	struct initiative copy = *ini;
	char now[UTC_ISO_LEN], idbuf[24];
	sqlite3_stmt *st;
	int64_t id, org_id;
	int same, rc, opened;
	char *doc;

	if (s->readonly)
		return fail(s, ERR_DB_READONLY, "the database %s is opened read-only", s->path);
	/* The stored document carries the state actually stored, never ids or times. */
	copy.id = 0;
	copy.created_at = copy.updated_at = NULL;
	if (!copy.state)
		copy.state = "submitted";
	doc = record_dump(&copy, 0);
	if (!doc)
		return fail(s, ERR_NOMEM, "out of memory");
	if ((rc = tx_enter(s, &opened)))
		goto out_free;
	if ((rc = ini_find(s, ini, doc, &id, &same)))
		goto out;
	if (!actor)
		actor = "system";
	if (id && same) {
		res_local = STORE_UNCHANGED;
		goto done;
	}
	utc_format(utc_now(), now);
	if ((rc = org_resolve(s, &ini->org, actor, now, &org_id)))
		goto out;
	if (id) {
		/* The version being replaced becomes a revision. */
		if (!(st = stmt(s, STMT_REV_KEEP))) {
			rc = ERR_DB;
			goto out;
		}
		sqlite3_bind_int64(st, 1, id);
		if ((rc = step_done(s, st, "keeping the previous version")))
			goto out;
	}
	if (!(st = stmt(s, id ? STMT_INI_UPDATE : STMT_INI_INSERT))) {
		rc = ERR_DB;
		goto out;
	}
	bind_initiative(st, &copy, org_id, doc, now, actor);
	if (id)
		sqlite3_bind_int64(st, 16, id);
	if ((rc = step_done(s, st, id ? "updating an initiative" : "inserting an initiative")))
		goto out;
	res_local = id ? STORE_UPDATED : STORE_INSERTED;
	if (!id)
		id = sqlite3_last_insert_rowid(s->db);
	if ((rc = ini_write_lists(s, ini, id)))
		goto out;
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	if ((rc = store_audit(s, actor, res_local == STORE_INSERTED ? "create" : "update",
			      "initiative", idbuf, ini->title)))
		goto out;
done:
	if (result)
		*result = res_local;
	if (idp)
		*idp = id;
out:
	rc = tx_leave(s, opened, rc);
out_free:
	free(doc);
	return rc;
}

/* decode_doc parses a stored document into *out (strings in a). */
static int decode_doc(struct store *s, const char *doc, struct arena *a, struct initiative *out)
{
	struct errinfo e;
	json_error_t jerr;
	json_t *j = json_loads(doc, 0, &jerr);
	int rc;

	errinfo_clear(&e);
	if (!j)
		return fail(s, ERR_DB, "a stored record is not valid JSON: %s", jerr.text);
	ini_init(out);
	rc = record_from_json(j, a, out, &e);
	json_decref(j);
	if (rc)
		return fail(s, ERR_DB, "a stored record does not decode: %s", e.msg);
	return 0;
}

int store_initiative_get(struct store *s, int64_t id, struct arena *a, struct initiative *out)
{
	sqlite3_stmt *st = stmt(s, STMT_INI_GET);
	struct initiative ini;
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return fail(s, ERR_NOT_FOUND, "initiative %lld does not exist",
				    (long long)id);
		return db_fail(s, "reading an initiative");
	}
	rc = decode_doc(s, col_text(st, 0), a, &ini);
	if (!rc) {
		ini.id = id;
		ini.created_at = arena_strdup(a, col_text(st, 1));
		ini.updated_at = arena_strdup(a, col_text(st, 2));
		*out = ini;
	}
	sqlite3_reset(st);
	return rc;
}

int store_initiative_each(struct store *s, const struct store_filter *f, store_initiative_cb cb,
			  void *ud)
{
	sqlite3_stmt *st;
	struct arena scratch;
	struct buf line;
	int rc, crc = 0;

	/* Its own statement, not the cached one: a callback may call back into the store. */
	if (sqlite3_prepare_v2(s->db, stmt_sql[f && f->state ? STMT_INI_EACH_STATE : STMT_INI_EACH],
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "listing initiatives");
	if (f && f->state)
		bind_text(st, 1, f->state);
	arena_init(&scratch, 0);
	buf_init(&line, 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct initiative ini;
		const char *doc = col_text(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);

		arena_reset(&scratch);
		if (f && f->json_only)
			ini_init(&ini);
		else if ((crc = decode_doc(s, doc, &scratch, &ini)))
			break;
		ini.id = sqlite3_column_int64(st, 0);
		ini.created_at = col_text(st, 2);
		ini.updated_at = col_text(st, 3);
		/* The JSON line is the stored document with the metadata spliced in. */
		buf_reset(&line);
		if (n < 2 || doc[0] != '{' || doc[n - 1] != '}') {
			crc = fail(s, ERR_DB, "initiative %lld has a malformed stored record",
				   (long long)ini.id);
			break;
		}
		if (buf_printf(&line, "{\"id\":%lld,", (long long)ini.id) ||
		    buf_append(&line, doc + 1, n - 2) ||
		    buf_printf(&line, ",\"created_at\":\"%s\",\"updated_at\":\"%s\"}",
			       ini.created_at, ini.updated_at)) {
			crc = fail(s, ERR_NOMEM, "out of memory");
			break;
		}
		if ((crc = cb(ud, &ini, buf_cstr(&line))))
			break;
	}
	if (!crc && rc != SQLITE_DONE)
		crc = db_fail(s, "listing initiatives");
	sqlite3_finalize(st);
	arena_cleanup(&scratch);
	buf_cleanup(&line);
	return crc;
}

int store_revision_count(struct store *s, int64_t id, int64_t *n)
{
	sqlite3_stmt *st = stmt(s, STMT_REV_COUNT);
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(s, "counting revisions");
}

/* index_of finds s in a NULL-terminated list; -1 when absent. */
static int index_of(const char *const *list, const char *v)
{
	for (int i = 0; list[i]; i++)
		if (v && strcmp(list[i], v) == 0)
			return i;
	return -1;
}

int store_stats(struct store *s, struct store_stats *out)
{
	struct store_stats r;
	sqlite3_stmt *st;
	int rc;

	memset(&r, 0, sizeof r);
	if (!(st = stmt(s, STMT_STATS_STATE)))
		return ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = index_of(ini_states, col_text(st, 0));
		int64_t n = sqlite3_column_int64(st, 1);
		if (i >= 0)
			r.by_state[i] = n;
		r.initiatives += n;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, "counting initiatives");
	if (!(st = stmt(s, STMT_STATS_TAGS)))
		return ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = index_of(ini_tag_schemes, col_text(st, 0));
		int64_t n = sqlite3_column_int64(st, 1);
		if (i >= 0)
			r.tags_by_scheme[i] = n;
		r.tags += n;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, "counting tags");
	if (!(st = stmt(s, STMT_STATS_COUNTS)))
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
		return db_fail(s, "counting");
	*out = r;
	return 0;
}
