/*
 * store_sqlite_internal.h - what the files of the SQLite backend share: the connection
 * (struct store), the table of SQL statements, and small helpers for preparing, binding and
 * stepping them. Nothing outside src/store includes it.
 */
#ifndef STOCKTAKE_STORE_SQLITE_INTERNAL_H
#define STOCKTAKE_STORE_SQLITE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>

/* The statements, as an X-macro: X(name, sql). */
#define STMT_LIST(X)                                                                               \
	X(FW_PUT, "INSERT INTO fw_item(scheme, code, parent, attr, sort, is_group)"                \
		  " VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(scheme, code) DO UPDATE SET"        \
		  " parent = excluded.parent, attr = excluded.attr, sort = excluded.sort,"         \
		  " is_group = excluded.is_group")                                                 \
	X(FW_TITLE_PUT, "INSERT INTO fw_title(scheme, code, lang, title, short_title)"             \
			" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(scheme, code, lang) DO UPDATE"    \
			" SET title = excluded.title, short_title = excluded.short_title")         \
	X(FW_TITLES_DEL, "DELETE FROM fw_title WHERE scheme = ?1 AND code = ?2")                   \
	X(FW_LINKS_CLEAR, "DELETE FROM fw_link")                                                   \
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
	X(INI_UPDATE,                                                                              \
	  "UPDATE initiative SET source = ?1, source_id = ?2, title = ?3,"                         \
	  " organisation_id = ?4, stakeholder_type = ?5, scope = ?6,"                              \
	  " start_date = ?7, end_date = ?8, status = ?9, url = ?10, language = ?11,"               \
	  " state = ?12, doc = ?13, updated_at = ?14, updated_by = ?15 WHERE id = ?16")            \
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

/* The SQL text of each statement. */
extern const char *const store__sql[STMT__COUNT];

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT__COUNT];
	int in_tx;
	int readonly;
	char *path;
	char errmsg[512];
};

/* store__fail records a message on s and returns code. */
int store__fail(struct store *s, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* store__db_fail maps the connection's last SQLite error to an err code, keeping its message. */
int store__db_fail(struct store *s, const char *what);
/* store__stmt returns the prepared, reset statement id, or NULL (the error is on s). */
sqlite3_stmt *store__stmt(struct store *s, enum stmt_id id);
/* store__bind_text binds v, or NULL when v is NULL; the string must outlive the step. */
int store__bind_text(sqlite3_stmt *st, int i, const char *v);
/* store__step_done runs a statement that returns no rows. */
int store__step_done(struct store *s, sqlite3_stmt *st, const char *what);
/* store__exec runs SQL without parameters (pragmas, transaction control). */
int store__exec(struct store *s, const char *sql, const char *what);
/* store__col_text returns column i as text (NULL for NULL). */
const char *store__col_text(sqlite3_stmt *st, int i);
/* store__count runs a one-row, one-integer statement with up to two text parameters. */
int store__count(struct store *s, enum stmt_id id, const char *p1, const char *p2, int64_t *n);
/*
 * Each write is all-or-nothing: store__tx_enter opens a savepoint (a transaction of its own
 * when none is open), store__tx_leave releases it, or rolls it back when rc is an error,
 * and returns rc (or the release's error).
 */
int store__tx_enter(struct store *s, int *opened);
int store__tx_leave(struct store *s, int opened, int rc);

#endif
