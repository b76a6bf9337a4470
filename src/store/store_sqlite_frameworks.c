/*
 * store_sqlite_frameworks.c - reference frameworks and countries in the SQLite backend, and
 * the counts and lists of published initiatives per code that the framework pages show.
 */
#include "store/store_sqlite_internal.h"

#include <stdio.h>
#include <string.h>

int store_fw_put(struct store *s, const struct fw_item *it)
{
	sqlite3_stmt *st;
	int rc, opened;

	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_FW_PUT, &st)))
		goto out;
	store__bind_text(st, 1, it->scheme);
	store__bind_text(st, 2, it->code);
	store__bind_text(st, 3, it->parent && *it->parent ? it->parent : NULL);
	store__bind_text(st, 4, it->attr && *it->attr ? it->attr : NULL);
	sqlite3_bind_int(st, 5, it->sort);
	sqlite3_bind_int(st, 6, it->is_group);
	if ((rc = store__step_done(s, st, "storing a framework item")))
		goto out;
	/* The item's titles are replaced whole: a translation removed from the data goes. */
	if ((rc = store__prep(s, STMT_FW_TITLES_DEL, &st)))
		goto out;
	store__bind_text(st, 1, it->scheme);
	store__bind_text(st, 2, it->code);
	if ((rc = store__step_done(s, st, "replacing framework titles")))
		goto out;
	for (int l = 0; l < LANG__COUNT; l++) {
		if (!it->title[l] || !*it->title[l])
			continue;
		if ((rc = store__prep(s, STMT_FW_TITLE_PUT, &st)))
			goto out;
		store__bind_text(st, 1, it->scheme);
		store__bind_text(st, 2, it->code);
		store__bind_text(st, 3, lang_code((enum lang)l));
		store__bind_text(st, 4, it->title[l]);
		store__bind_text(
		    st, 5, it->short_title[l] && *it->short_title[l] ? it->short_title[l] : NULL);
		if ((rc = store__step_done(s, st, "storing a framework title")))
			goto out;
	}
out:
	return store__tx_leave(s, opened, rc);
}

int store_fw_links_clear(struct store *s)
{
	sqlite3_stmt *st = store__stmt(s, STMT_FW_LINKS_CLEAR);

	if (!st)
		return ERR_DB;
	return store__step_done(s, st, "clearing framework links");
}

int store_fw_link_put(struct store *s, const char *from_scheme, const char *from_code,
		      const char *to_scheme, const char *to_code)
{
	sqlite3_stmt *st = store__stmt(s, STMT_FW_LINK_PUT);

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, from_scheme);
	store__bind_text(st, 2, from_code);
	store__bind_text(st, 3, to_scheme);
	store__bind_text(st, 4, to_code);
	return store__step_done(s, st, "storing a framework link");
}

int store_country_put(struct store *s, const struct country *c)
{
	sqlite3_stmt *st;
	int rc, opened;

	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_COUNTRY_PUT, &st)))
		goto out;
	store__bind_text(st, 1, c->iso2);
	store__bind_text(st, 2, c->iso3);
	store__bind_text(st, 3, c->numeric);
	store__bind_text(st, 4, c->m49_region ? c->m49_region : "");
	store__bind_text(st, 5, c->m49_subregion ? c->m49_subregion : "");
	store__bind_text(st, 6, c->m49_intermediate ? c->m49_intermediate : "");
	store__bind_text(st, 7, c->itu_region ? c->itu_region : "");
	sqlite3_bind_int(st, 8, c->ldc);
	sqlite3_bind_int(st, 9, c->lldc);
	sqlite3_bind_int(st, 10, c->sids);
	if ((rc = store__step_done(s, st, "storing a country")))
		goto out;
	for (int l = 0; l < LANG__COUNT; l++) {
		if (!c->name[l] || !*c->name[l])
			continue;
		if ((rc = store__prep(s, STMT_COUNTRY_NAME_PUT, &st)))
			goto out;
		store__bind_text(st, 1, c->iso2);
		store__bind_text(st, 2, lang_code((enum lang)l));
		store__bind_text(st, 3, c->name[l]);
		if ((rc = store__step_done(s, st, "storing a country name")))
			goto out;
	}
out:
	return store__tx_leave(s, opened, rc);
}

int store_fw_list(struct store *s, const char *scheme, enum lang lang, store_fw_cb cb, void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_FW_LIST);
	int rc;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, scheme);
	store__bind_text(st, 2, lang_code(lang));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fw_item it = {0};
		int crc;

		it.scheme = scheme;
		it.code = store__col_text(st, 0);
		it.parent = store__col_text(st, 1);
		it.attr = store__col_text(st, 2);
		it.sort = sqlite3_column_int(st, 3);
		it.is_group = sqlite3_column_int(st, 4);
		it.title[0] = store__col_text(st, 5);
		it.short_title[0] = store__col_text(st, 6);
		if ((crc = cb(ud, &it))) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "listing a framework");
}

/*
 * links runs FW_LINKS or FW_LINKS_TO with its three schemes and codes, calling cb with the
 * code of each row; 0, cb's non-zero result, or the store's error.
 */
static int links(struct store *s, enum stmt_id which, const char *scheme, const char *code,
		 const char *other_scheme, int (*cb)(void *ud, const char *code), void *ud)
{
	sqlite3_stmt *st = store__stmt(s, which);
	int rc;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, scheme);
	store__bind_text(st, 2, code);
	store__bind_text(st, 3, other_scheme);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int crc = cb(ud, store__col_text(st, 0));
		if (crc) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "listing framework links");
}

int store_fw_links(struct store *s, const char *from_scheme, const char *from_code,
		   const char *to_scheme, int (*cb)(void *ud, const char *to_code), void *ud)
{
	return links(s, STMT_FW_LINKS, from_scheme, from_code, to_scheme, cb, ud);
}

int store_country_list(struct store *s, enum lang lang, store_country_cb cb, void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_COUNTRY_LIST);
	int rc;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, lang_code(lang));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct country c = {0};
		int crc;

		c.iso2 = store__col_text(st, 0);
		c.iso3 = store__col_text(st, 1);
		c.numeric = store__col_text(st, 2);
		c.m49_region = store__col_text(st, 3);
		c.m49_subregion = store__col_text(st, 4);
		c.m49_intermediate = store__col_text(st, 5);
		c.itu_region = store__col_text(st, 6);
		c.ldc = sqlite3_column_int(st, 7);
		c.lldc = sqlite3_column_int(st, 8);
		c.sids = sqlite3_column_int(st, 9);
		c.name[0] = store__col_text(st, 10);
		if ((crc = cb(ud, &c))) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "listing countries");
}

int store_fw_count(struct store *s, const char *scheme, int64_t *n)
{
	return store__count(s, STMT_FW_COUNT, scheme, NULL, n);
}

int store_fw_exists(struct store *s, const char *scheme, const char *code, int *found)
{
	int64_t n;
	int rc = store__count(s, STMT_FW_EXISTS, scheme, code, &n);

	if (!rc)
		*found = n != 0;
	return rc;
}

int store_country_alias_put(struct store *s, const char *alias, const char *iso2)
{
	sqlite3_stmt *st = store__stmt(s, STMT_COUNTRY_ALIAS_PUT);

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, alias);
	store__bind_text(st, 2, iso2);
	return store__step_done(s, st, "storing a country alias");
}

int store_country_find(struct store *s, const char *name, char iso2[3], int *found)
{
	sqlite3_stmt *st = store__stmt(s, STMT_COUNTRY_FIND);
	int rc;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, name);
	rc = sqlite3_step(st);
	*found = 0;
	if (rc == SQLITE_ROW) {
		snprintf(iso2, 3, "%s", store__col_text(st, 0));
		*found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "finding a country");
}

int store_country_exists(struct store *s, const char *iso2, int *found)
{
	int64_t n;
	int rc = store__count(s, STMT_COUNTRY_EXISTS, iso2, NULL, &n);

	if (!rc)
		*found = n != 0;
	return rc;
}

/* Framework pages: counts and lists of published initiatives per code. */

/* page_stmts picks the tally and listing statements of scheme; -1 for an unknown scheme. */
static int page_stmts(const char *scheme, enum stmt_id *tally, enum stmt_id *brief)
{
	if (ini_enum_valid(ini_tag_schemes, scheme)) {
		*tally = STMT_TALLY_TAG;
		*brief = STMT_BRIEF_TAG;
	} else if (strcmp(scheme, "country") == 0) {
		*tally = STMT_TALLY_COUNTRY;
		*brief = STMT_BRIEF_COUNTRY;
	} else if (strcmp(scheme, "m49_region") == 0) {
		*tally = STMT_TALLY_M49;
		*brief = STMT_BRIEF_M49;
	} else if (strcmp(scheme, "itu_region") == 0) {
		*tally = STMT_TALLY_ITU;
		*brief = STMT_BRIEF_ITU;
	} else {
		return -1;
	}
	return 0;
}

int store_fw_tally(struct store *s, const char *scheme, store_tally_cb cb, void *ud)
{
	enum stmt_id tally, brief;
	sqlite3_stmt *st;
	int rc;

	if (page_stmts(scheme, &tally, &brief))
		return store__fail(s, ERR_INVALID, "unknown scheme \"%s\"", scheme);
	if (!(st = store__stmt(s, tally)))
		return ERR_DB;
	store__bind_text(st, 1, scheme);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int crc = cb(ud, store__col_text(st, 0), sqlite3_column_int64(st, 1));
		if (crc) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "counting initiatives per code");
}

int store_fw_initiatives(struct store *s, const char *scheme, const char *code, int limit,
			 store_brief_cb cb, void *ud, int64_t *total)
{
	enum stmt_id tally, brief;
	sqlite3_stmt *st;
	int64_t n = 0;
	int rc;

	if (page_stmts(scheme, &tally, &brief))
		return store__fail(s, ERR_INVALID, "unknown scheme \"%s\"", scheme);
	if (!(st = store__stmt(s, brief)))
		return ERR_DB;
	store__bind_text(st, 1, scheme);
	store__bind_text(st, 2, code);
	/* One row at least, so the window count still says how many there are. */
	sqlite3_bind_int(st, 3, limit > 0 ? limit : 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_ini_brief b;
		int crc;

		n = sqlite3_column_int64(st, 6);
		if (limit <= 0)
			continue;
		store__brief_row(st, &b);
		if ((crc = cb(ud, &b))) {
			sqlite3_reset(st);
			return crc;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, "listing initiatives per code");
	if (total)
		*total = n;
	return 0;
}

int store_fw_links_to(struct store *s, const char *to_scheme, const char *to_code,
		      const char *from_scheme, int (*cb)(void *ud, const char *from_code), void *ud)
{
	return links(s, STMT_FW_LINKS_TO, to_scheme, to_code, from_scheme, cb, ud);
}

/*
 * Reloading the frameworks: a copy of the reference tables in temporary tables of this
 * connection (part of the transaction, so a rollback drops them too), compared row by row
 * after the reload. A few thousand rows; the reload's CSV reading costs far more.
 */
static const char fw_mark_sql[] =
    "DROP TABLE IF EXISTS temp.ref_fw_item; DROP TABLE IF EXISTS temp.ref_fw_title;"
    "DROP TABLE IF EXISTS temp.ref_fw_link; DROP TABLE IF EXISTS temp.ref_country;"
    "DROP TABLE IF EXISTS temp.ref_country_name; DROP TABLE IF EXISTS temp.ref_country_alias;"
    "CREATE TEMP TABLE ref_fw_item AS SELECT * FROM main.fw_item;"
    "CREATE TEMP TABLE ref_fw_title AS SELECT * FROM main.fw_title;"
    "CREATE TEMP TABLE ref_fw_link AS SELECT * FROM main.fw_link;"
    "CREATE TEMP TABLE ref_country AS SELECT * FROM main.country;"
    "CREATE TEMP TABLE ref_country_name AS SELECT * FROM main.country_name;"
    "CREATE TEMP TABLE ref_country_alias AS SELECT * FROM main.country_alias;";
static const char fw_drop_sql[] =
    "DROP TABLE temp.ref_fw_item; DROP TABLE temp.ref_fw_title; DROP TABLE temp.ref_fw_link;"
    "DROP TABLE temp.ref_country; DROP TABLE temp.ref_country_name;"
    "DROP TABLE temp.ref_country_alias;";
/* 1 when a row is in a table or its copy only (both ways: a row gone counts too). */
static const char fw_changed_sql[] =
    "SELECT EXISTS(SELECT * FROM main.fw_item EXCEPT SELECT * FROM temp.ref_fw_item)"
    " OR EXISTS(SELECT * FROM temp.ref_fw_item EXCEPT SELECT * FROM main.fw_item)"
    " OR EXISTS(SELECT * FROM main.fw_title EXCEPT SELECT * FROM temp.ref_fw_title)"
    " OR EXISTS(SELECT * FROM temp.ref_fw_title EXCEPT SELECT * FROM main.fw_title)"
    " OR EXISTS(SELECT * FROM main.fw_link EXCEPT SELECT * FROM temp.ref_fw_link)"
    " OR EXISTS(SELECT * FROM temp.ref_fw_link EXCEPT SELECT * FROM main.fw_link)"
    " OR EXISTS(SELECT * FROM main.country EXCEPT SELECT * FROM temp.ref_country)"
    " OR EXISTS(SELECT * FROM temp.ref_country EXCEPT SELECT * FROM main.country)"
    " OR EXISTS(SELECT * FROM main.country_name EXCEPT SELECT * FROM temp.ref_country_name)"
    " OR EXISTS(SELECT * FROM temp.ref_country_name EXCEPT SELECT * FROM main.country_name)"
    " OR EXISTS(SELECT * FROM main.country_alias EXCEPT SELECT * FROM temp.ref_country_alias)"
    " OR EXISTS(SELECT * FROM temp.ref_country_alias EXCEPT SELECT * FROM main.country_alias)";

int store_change_bump(struct store *s)
{
	sqlite3_stmt *st = store__stmt(s, STMT_CHANGE_BUMP);

	if (!st)
		return ERR_DB;
	return store__step_done(s, st, "moving the change number");
}

int store_search_ref_seq(struct store *s, int64_t *seq)
{
	return store__count(s, STMT_CHANGE_REF_SEQ, NULL, NULL, seq);
}

int store_fw_mark(struct store *s)
{
	return store__exec(s, fw_mark_sql, "copying the frameworks before a reload");
}

int store_fw_settle(struct store *s, int *changed)
{
	sqlite3_stmt *st;
	int64_t n = 0;
	int rc;

	/* prepared each time: the temporary tables it reads come and go */
	if (sqlite3_prepare_v2(s->db, fw_changed_sql, -1, &st, NULL) != SQLITE_OK)
		return store__db_fail(s, "comparing the frameworks with their copy");
	rc = store__step_int(s, st, &n, "comparing the frameworks with their copy");
	sqlite3_finalize(st);
	if (!rc)
		rc = store__exec(s, fw_drop_sql, "dropping the copy of the frameworks");
	if (!rc && n)
		rc = store_change_bump(s);
	if (!rc)
		*changed = n != 0;
	return rc;
}
