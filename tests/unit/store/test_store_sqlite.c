/*
 * test_store_sqlite.c - unit tests for src/store/store_sqlite.c against real SQLite files:
 * opening (create, missing, foreign files left byte-for-byte untouched, newer schemas),
 * migrations and their fault injection through store__migrate_with, connection settings,
 * saving and reading initiatives, revisions, transactions, statistics, framework and
 * country look-ups, read-only mode and the foreign keys that back the caller's checks.
 */
#include "testutil.h"

#include "domain/initiative.h"
#include "domain/record_json.h"
#include "frameworks/frameworks.h"
#include "store/schema.h"
#include "store/store_internal.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* raw_exec runs sql on path through a plain SQLite connection of the test's own. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("raw_exec %s: %s", sql, err ? err : "?");
	sqlite3_close(db);
}

/* raw_text runs a one-value query on path and copies the text result into out. */
static void raw_text(const char *path, const char *sql, char *out, size_t outlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static long raw_int(const char *path, const char *sql)
{
	char buf[64];

	raw_text(path, sql, buf, sizeof buf);
	return strtol(buf, NULL, 10);
}

/* open_new opens a fresh, unmigrated database under the test directory. */
static struct store *open_new(const char *name)
{
	struct store *s = NULL;
	struct errinfo e;

	errinfo_clear(&e);
	if (store_open(tu_path(name), STORE_CREATE, &s, &e) != 0)
		fail_msg("store_open: %s", e.msg);
	return s;
}

/* A small valid record: source "test", the given source_id, title and organisation. */
static void small_record(struct initiative *ini, const char *source_id, const char *title,
			 const char *org, const char *state)
{
	ini_init(ini);
	ini->source = "test";
	ini->source_id = source_id;
	ini->title = title;
	ini->org.name = org;
	ini->state = state;
}

static void save_ok(struct store *s, const struct initiative *ini, enum store_save_result expect,
		    int64_t *id)
{
	/* Start from a value other than the expected one, so that a result left unset shows. */
	enum store_save_result res = expect == STORE_INSERTED ? STORE_UNCHANGED : STORE_INSERTED;
	int rc = store_initiative_save(s, ini, "tester", &res, id);

	if (rc != 0)
		fail_msg("store_initiative_save: %s: %s", err_name(rc), store_errmsg(s));
	assert_int_equal(res, expect);
}

static int64_t revisions(struct store *s, int64_t id)
{
	int64_t n = -1;

	assert_int_equal(store_revision_count(s, id, &n), 0);
	return n;
}

static void assert_str_eq_null(const char *a, const char *b)
{
	if (!a || !b) {
		assert_ptr_equal(a, b);
		return;
	}
	assert_string_equal(a, b);
}

/* ---- opening ---- */

static void test_open_creates_file(void **state)
{
	const char *path = tu_path("create.db");
	struct store *s = NULL;
	struct errinfo e;
	int version = -1;

	(void)state;
	errinfo_clear(&e);
	assert_false(file_exists(path));
	assert_int_equal(store_open(path, STORE_CREATE, &s, &e), 0);
	assert_non_null(s);
	assert_true(file_exists(path));
	assert_int_equal(store_schema_version(s, &version), 0);
	assert_int_equal(version, 0);
	store_close(s);
	store_close(NULL);
}

static void test_open_missing_not_found(void **state)
{
	const char *path = tu_path("missing.db");
	struct store *s = (struct store *)&s; /* a sentinel: must stay untouched */
	struct errinfo e;

	(void)state;
	errinfo_clear(&e);
	assert_int_equal(store_open(path, 0, &s, &e), ERR_NOT_FOUND);
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_ptr_equal(s, (struct store *)&s);
	assert_false(file_exists(path));
	/* Read-only never creates either. */
	assert_int_equal(store_open(path, STORE_READONLY | STORE_CREATE, &s, &e), ERR_NOT_FOUND);
	assert_false(file_exists(path));
}

/* refuse checks that store_open refuses path with code and leaves its bytes as they were. */
static void refuse_untouched(const char *path, int code)
{
	struct store *s = (struct store *)&s;
	struct errinfo e;
	size_t n0, n1;
	char *before = tu_read_file(path, &n0), *after;
	char side[600];

	errinfo_clear(&e);
	assert_int_equal(store_open(path, STORE_CREATE, &s, &e), code);
	assert_int_equal(e.code, code);
	assert_true(e.msg[0] != '\0');
	assert_ptr_equal(s, (struct store *)&s);
	after = tu_read_file(path, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	/* Not switched to WAL either. */
	snprintf(side, sizeof side, "%s-wal", path);
	assert_false(file_exists(side));
	free(before);
	free(after);
}

static void test_open_not_sqlite_untouched(void **state)
{
	const char *path = tu_path("notes.txt");

	(void)state;
	tu_write_file(path, "These are my notes, not a database.\nSecond line of text here.\n"
			    "..............................................................\n");
	refuse_untouched(path, ERR_NOT_STOCKTAKE);
}

static void test_open_other_sqlite_untouched(void **state)
{
	const char *path = tu_path("other.db");

	(void)state;
	raw_exec(path, "CREATE TABLE t(x TEXT); INSERT INTO t VALUES('keep me');");
	refuse_untouched(path, ERR_NOT_STOCKTAKE);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM t"), 1);
}

static void test_open_directory(void **state)
{
	struct store *s = (struct store *)&s;
	struct errinfo e;

	(void)state;
	errinfo_clear(&e);
	assert_int_equal(store_open(tu_tmpdir(), STORE_CREATE, &s, &e), ERR_NOT_STOCKTAKE);
	assert_ptr_equal(s, (struct store *)&s);
}

static void test_open_newer_schema(void **state)
{
	const char *path = tu_path("newer.db");
	struct store *s = open_new("newer.db");
	char sql[64];

	(void)state;
	assert_int_equal(store_migrate(s, NULL), 0);
	store_close(s);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_latest() + 1);
	raw_exec(path, sql);
	refuse_untouched(path, ERR_SCHEMA);
}

/* ---- migrations ---- */

static void test_migrate_from_empty(void **state)
{
	const char *path = tu_path("migrate.db");
	struct store *s = open_new("migrate.db");
	struct errinfo e;
	int applied = -1, version = -1;

	(void)state;
	assert_true(store_schema_latest() >= 1);
	assert_int_equal(store_schema_latest(),
			 store_sqlite_migrations[store_sqlite_migration_count - 1].version);
	assert_int_equal(store_migrate(s, &applied), 0);
	assert_int_equal(applied, store_sqlite_migration_count);
	assert_int_equal(store_schema_version(s, &version), 0);
	assert_int_equal(version, store_schema_latest());
	/* Idempotent. */
	assert_int_equal(store_migrate(s, &applied), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(store_migrate(s, NULL), 0);
	assert_int_equal(store_schema_version(s, &version), 0);
	assert_int_equal(version, store_schema_latest());
	store_close(s);
	/* The file now says it is ours, and reopens at the latest version. */
	assert_int_equal(raw_int(path, "PRAGMA application_id"), STORE_APPLICATION_ID);
	errinfo_clear(&e);
	s = NULL;
	assert_int_equal(store_open(path, 0, &s, &e), 0);
	assert_int_equal(store_schema_version(s, &version), 0);
	assert_int_equal(version, store_schema_latest());
	assert_int_equal(store_migrate(s, &applied), 0);
	assert_int_equal(applied, 0);
	store_close(s);
}

static long table_count(const char *path, const char *name)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema WHERE name = '%s'", name);
	return raw_int(path, sql);
}

static void test_migrate_second_fails(void **state)
{
	static const struct store_migration m[] = {
	    {1, "one", "CREATE TABLE one_a(x); CREATE TABLE one_b(y);"},
	    {2, "two", "CREATE TABLE two_a(x); CREATE TABLE two_b(y); CREATE TABLE (;"},
	};
	const char *path = tu_path("fault2.db");
	struct store *s = open_new("fault2.db");
	int applied = -7, version = -1, rc;

	(void)state;
	rc = store__migrate_with(s, m, 2, &applied);
	assert_int_not_equal(rc, 0);
	assert_int_equal(applied, -7); /* out-parameters are written only on success */
	assert_non_null(strstr(store_errmsg(s), "migration 2"));
	assert_int_equal(store_schema_version(s, &version), 0);
	assert_int_equal(version, 1);
	store_close(s);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 1);
	assert_int_equal(table_count(path, "one_a"), 1);
	assert_int_equal(table_count(path, "one_b"), 1);
	assert_int_equal(table_count(path, "two_a"), 0);
	assert_int_equal(table_count(path, "two_b"), 0);
}

static void test_migrate_first_fails(void **state)
{
	static const struct store_migration m[] = {
	    {1, "one", "CREATE TABLE one_a(x); INSERT INTO nowhere VALUES(1);"},
	    {2, "two", "CREATE TABLE two_a(x);"},
	};
	const char *path = tu_path("fault1.db");
	struct store *s = open_new("fault1.db");
	struct errinfo e;
	int applied = -7, version = -1;

	(void)state;
	assert_int_not_equal(store__migrate_with(s, m, 2, &applied), 0);
	assert_int_equal(applied, -7);
	assert_non_null(strstr(store_errmsg(s), "migration 1"));
	assert_int_equal(store_schema_version(s, &version), 0);
	assert_int_equal(version, 0);
	store_close(s);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 0);
	assert_int_equal(raw_int(path, "PRAGMA application_id"), 0);
	/* Still an empty database that a later, good migration can take over. */
	errinfo_clear(&e);
	s = NULL;
	assert_int_equal(store_open(path, 0, &s, &e), 0);
	assert_int_equal(store_migrate(s, &applied), 0);
	assert_int_equal(applied, store_sqlite_migration_count);
	store_close(s);
}

static void test_migrate_gap_refused(void **state)
{
	static const struct store_migration m[] = {
	    {1, "one", "CREATE TABLE one_a(x);"},
	    {3, "three", "CREATE TABLE three_a(x);"},
	};
	const char *path = tu_path("gap.db");
	struct store *s = open_new("gap.db");
	int version = -1;

	(void)state;
	assert_int_not_equal(store__migrate_with(s, m, 2, NULL), 0);
	assert_int_equal(store_schema_version(s, &version), 0);
	assert_int_equal(version, 1);
	store_close(s);
	assert_int_equal(table_count(path, "three_a"), 0);
}

/* ---- connection settings ---- */

static void test_pragmas(void **state)
{
	const char *path = tu_path("pragmas.db");
	struct store *s = tu_store_new("pragmas.db");
	char mode[32];

	(void)state;
	/* journal_mode is stored in the file: a second connection sees it. */
	raw_text(path, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	/*
	 * foreign_keys is per connection, so it is checked on the store's own: a reference to
	 * a country that does not exist must be refused.
	 */
	assert_int_equal(store_country_alias_put(s, "Atlantis", "QQ"), ERR_CONFLICT);
	assert_int_equal(store_country_alias_put(s, "Kenia", "KE"), 0);
	store_close(s);
}

/* ---- saving ---- */

static void test_save_insert_update_unchanged(void **state)
{
	struct store *s = tu_store_new("save.db");
	struct initiative ini;
	struct arena a;
	int64_t id = 0, id2 = 0;

	(void)state;
	arena_init(&a, 0);
	small_record(&ini, "1", "First title", "Org A", NULL);
	save_ok(s, &ini, STORE_INSERTED, &id);
	assert_true(id > 0);
	assert_int_equal(revisions(s, id), 0);

	/* Same content: nothing changes. */
	save_ok(s, &ini, STORE_UNCHANGED, &id2);
	assert_int_equal(id2, id);
	assert_int_equal(revisions(s, id), 0);

	/* Same source and source_id, new content: an update of the same initiative. */
	small_record(&ini, "1", "Second title", "Org A", NULL);
	save_ok(s, &ini, STORE_UPDATED, &id2);
	assert_int_equal(id2, id);
	assert_int_equal(revisions(s, id), 1);
	save_ok(s, &ini, STORE_UNCHANGED, &id2);
	assert_int_equal(revisions(s, id), 1);

	/* By id: the id wins, whatever the record says otherwise. */
	small_record(&ini, "1", "Third title", "Org A", "published");
	ini.id = id;
	save_ok(s, &ini, STORE_UPDATED, &id2);
	assert_int_equal(id2, id);
	assert_int_equal(revisions(s, id), 2);
	save_ok(s, &ini, STORE_UNCHANGED, &id2);
	assert_int_equal(revisions(s, id), 2);

	/* An id that does not exist. */
	ini.id = id + 1000;
	assert_int_equal(store_initiative_save(s, &ini, "tester", NULL, NULL), ERR_NOT_FOUND);

	/* A different source_id is another initiative. */
	small_record(&ini, "2", "Other", "Org A", NULL);
	save_ok(s, &ini, STORE_INSERTED, &id2);
	assert_true(id2 > id);

	/* No source at all: always a new initiative. */
	ini_init(&ini);
	ini.title = "Anonymous";
	save_ok(s, &ini, STORE_INSERTED, &id2);
	save_ok(s, &ini, STORE_INSERTED, NULL);

	arena_reset(&a);
	assert_int_equal(store_initiative_get(s, id, &a, &ini), 0);
	assert_string_equal(ini.title, "Third title");
	assert_string_equal(ini.state, "published");
	arena_cleanup(&a);
	store_close(s);
}

static void test_save_null_outputs(void **state)
{
	struct store *s = tu_store_new("nullout.db");
	struct store_stats st;
	struct initiative ini;

	(void)state;
	small_record(&ini, "n1", "Title", NULL, NULL);
	assert_int_equal(store_initiative_save(s, &ini, NULL, NULL, NULL), 0);
	small_record(&ini, "n1", "Title changed", NULL, NULL);
	assert_int_equal(store_initiative_save(s, &ini, NULL, NULL, NULL), 0);
	assert_int_equal(store_initiative_save(s, &ini, NULL, NULL, NULL), 0);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 1);
	assert_int_equal(st.by_state[1], 1); /* "submitted" is the default state */
	store_close(s);
}

static void test_organisation_matched_by_name(void **state)
{
	struct store *s = tu_store_new("orgs.db");
	struct store_stats st;
	struct initiative ini;

	(void)state;
	small_record(&ini, "1", "One", "Shared Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	small_record(&ini, "2", "Two", "Shared Org", NULL);
	ini.org.website = "https://shared.example.org";
	save_ok(s, &ini, STORE_INSERTED, NULL);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.organisations, 1);
	small_record(&ini, "3", "Three", "Another Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	small_record(&ini, "4", "Four", NULL, NULL);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.organisations, 2);
	assert_int_equal(st.initiatives, 4);
	store_close(s);
}

static void test_get_round_trip(void **state)
{
	struct store *s = tu_store_new("roundtrip.db");
	struct initiative in, out, li;
	struct arena a, b;
	struct errinfo e;
	int64_t id = 0;
	char *d1, *d2;

	(void)state;
	arena_init(&a, 0);
	arena_init(&b, 0);
	errinfo_clear(&e);
	tu_full_record(&in, &a);
	assert_int_equal(ini_validate(&in, &e), 0);
	save_ok(s, &in, STORE_INSERTED, &id);
	assert_int_equal(store_initiative_get(s, id, &b, &out), 0);

	assert_int_equal(out.id, id);
	assert_string_equal(out.source, in.source);
	assert_string_equal(out.source_id, in.source_id);
	assert_string_equal(out.title, in.title);
	assert_string_equal(out.summary, in.summary);
	assert_string_equal(out.description, in.description);
	assert_string_equal(out.org.name, in.org.name);
	assert_string_equal(out.org.stakeholder_type, in.org.stakeholder_type);
	assert_string_equal(out.org.country, in.org.country);
	assert_string_equal(out.org.website, in.org.website);
	assert_string_equal(out.stakeholder_type, in.stakeholder_type);
	assert_string_equal(out.scope, in.scope);
	assert_string_equal(out.start_date, in.start_date);
	assert_string_equal(out.end_date, in.end_date);
	assert_string_equal(out.status, in.status);
	assert_string_equal(out.url, in.url);
	assert_string_equal(out.language, in.language);
	assert_string_equal(out.state, in.state);
	assert_int_equal(out.ncountries, 2);
	assert_string_equal(out.countries[0], "KE");
	assert_string_equal(out.countries[1], "TZ");
	assert_int_equal(out.nregions, 1);
	assert_string_equal(out.regions[0], "M49:002");
	assert_int_equal(out.nsectors, 1);
	assert_string_equal(out.sectors[0], "DAC:12220");
	assert_int_equal(out.npartners, 2);
	assert_string_equal(out.partners[0].name, "Ministry of Health");
	assert_string_equal(out.partners[0].role, "implementing");
	assert_string_equal(out.partners[1].name, "Anonymous donor");
	assert_null(out.partners[1].role);
	assert_int_equal(out.ntags, in.ntags);
	for (size_t i = 0; i < in.ntags; i++) {
		assert_string_equal(out.tags[i].scheme, in.tags[i].scheme);
		assert_string_equal(out.tags[i].code, in.tags[i].code);
		assert_string_equal(out.tags[i].origin, in.tags[i].origin);
		assert_int_equal(out.tags[i].has_score, in.tags[i].has_score);
		if (in.tags[i].has_score)
			assert_true(out.tags[i].score == in.tags[i].score);
	}
	/* The store sets the times: "YYYY-MM-DDTHH:MM:SSZ". */
	assert_non_null(out.created_at);
	assert_non_null(out.updated_at);
	assert_int_equal(strlen(out.created_at), 20);
	assert_int_equal(out.created_at[10], 'T');
	assert_int_equal(out.created_at[19], 'Z');
	assert_string_equal(out.created_at, out.updated_at);
	/* And everything else, in one comparison of the canonical form. */
	d1 = record_dump(&in, 0);
	d2 = record_dump(&out, 0);
	assert_non_null(d1);
	assert_non_null(d2);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);

	/* A list item: the fields a list of results shows, as store_initiative_get gives them. */
	memset(&li, 0, sizeof li);
	assert_int_equal(store_initiative_list_item(s, id, &b, &li), 0);
	assert_int_equal(li.id, id);
	assert_string_equal(li.title, out.title);
	assert_string_equal(li.summary, out.summary);
	assert_null(li.description); /* only when there is no summary */
	assert_string_equal(li.org.name, out.org.name);
	assert_string_equal(li.org.stakeholder_type, out.org.stakeholder_type);
	assert_string_equal(li.org.country, out.org.country);
	assert_string_equal(li.org.website, out.org.website);
	assert_string_equal(li.stakeholder_type, out.stakeholder_type);
	assert_string_equal(li.start_date, out.start_date);
	assert_string_equal(li.status, out.status);
	assert_string_equal(li.url, out.url);
	assert_string_equal(li.created_at, out.created_at);
	assert_int_equal(li.ncountries, out.ncountries);
	for (size_t i = 0; i < out.ncountries; i++)
		assert_string_equal(li.countries[i], out.countries[i]);
	assert_int_equal(li.ntags, out.ntags);
	for (size_t i = 0; i < out.ntags; i++) {
		assert_string_equal(li.tags[i].scheme, out.tags[i].scheme);
		assert_string_equal(li.tags[i].code, out.tags[i].code);
		assert_string_equal(li.tags[i].origin, out.tags[i].origin);
		assert_int_equal(li.tags[i].has_score, out.tags[i].has_score);
		assert_true(li.tags[i].score == out.tags[i].score);
	}
	assert_null(li.source);
	assert_int_equal(li.npartners + li.nregions + li.nsectors, 0);
	in.summary = NULL;
	save_ok(s, &in, STORE_UPDATED, NULL);
	assert_int_equal(store_initiative_list_item(s, id, &b, &li), 0);
	assert_null(li.summary);
	assert_string_equal(li.description, in.description);

	/* Absent optional fields stay absent. */
	ini_init(&in);
	in.title = "Bare";
	save_ok(s, &in, STORE_INSERTED, &id);
	arena_reset(&b);
	assert_int_equal(store_initiative_get(s, id, &b, &out), 0);
	assert_string_equal(out.title, "Bare");
	assert_str_eq_null(out.summary, NULL);
	assert_str_eq_null(out.org.name, NULL);
	assert_str_eq_null(out.source, NULL);
	assert_int_equal(out.ncountries + out.ntags + out.npartners, 0);
	assert_string_equal(out.state, "submitted");
	assert_int_equal(store_initiative_list_item(s, id, &b, &li), 0);
	assert_string_equal(li.title, "Bare");
	assert_str_eq_null(li.summary, NULL);
	assert_str_eq_null(li.description, NULL);
	assert_str_eq_null(li.org.name, NULL);
	assert_int_equal(li.ncountries + li.ntags, 0);

	/* A missing id. */
	memset(&out, 0x5a, sizeof out);
	assert_int_equal(store_initiative_get(s, id + 100, &b, &out), ERR_NOT_FOUND);
	assert_int_equal(out.id, (int64_t)0x5a5a5a5a5a5a5a5aLL); /* untouched */
	assert_int_equal(store_initiative_list_item(s, id + 100, &b, &out), ERR_NOT_FOUND);
	assert_int_equal(out.id, (int64_t)0x5a5a5a5a5a5a5a5aLL);
	arena_cleanup(&a);
	arena_cleanup(&b);
	store_close(s);
}

/* ---- iteration ---- */

struct seen {
	int64_t ids[16];
	char titles[16][64];
	int n;
	int stop_at; /* return 42 on this record (1-based), 0: never */
};

static int collect(void *ud, const struct initiative *ini, const char *json)
{
	struct seen *sn = ud;
	json_error_t jerr;
	json_t *j = json_loads(json, 0, &jerr);
	const char *c, *u;

	assert_non_null(j);
	assert_true(sn->n < 16);
	assert_true(json_is_integer(json_object_get(j, "id")));
	assert_int_equal(json_integer_value(json_object_get(j, "id")), ini->id);
	c = json_string_value(json_object_get(j, "created_at"));
	u = json_string_value(json_object_get(j, "updated_at"));
	assert_non_null(c);
	assert_non_null(u);
	assert_string_equal(c, ini->created_at);
	assert_string_equal(u, ini->updated_at);
	assert_string_equal(json_string_value(json_object_get(j, "title")), ini->title);
	assert_string_equal(json_string_value(json_object_get(j, "state")), ini->state);
	sn->ids[sn->n] = ini->id;
	snprintf(sn->titles[sn->n], sizeof sn->titles[0], "%s", ini->title);
	sn->n++;
	json_decref(j);
	return sn->stop_at && sn->n == sn->stop_at ? 42 : 0;
}

static void test_each_order_and_filter(void **state)
{
	struct store *s = tu_store_new("each.db");
	struct store_filter f = {0};
	struct initiative ini;
	struct seen sn;
	int64_t id[3];

	(void)state;
	small_record(&ini, "a", "Alpha", "Org", "submitted");
	save_ok(s, &ini, STORE_INSERTED, &id[0]);
	small_record(&ini, "b", "Bravo", NULL, "published");
	save_ok(s, &ini, STORE_INSERTED, &id[1]);
	small_record(&ini, "c", "Charlie", "Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, &id[2]);
	/* An update must not move a record out of id order. */
	small_record(&ini, "a", "Alpha 2", "Org", "submitted");
	save_ok(s, &ini, STORE_UPDATED, NULL);

	memset(&sn, 0, sizeof sn);
	assert_int_equal(store_initiative_each(s, NULL, collect, &sn), 0);
	assert_int_equal(sn.n, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(sn.ids[i], id[i]);
	assert_string_equal(sn.titles[0], "Alpha 2");
	assert_string_equal(sn.titles[2], "Charlie");

	memset(&sn, 0, sizeof sn);
	f.state = "submitted";
	assert_int_equal(store_initiative_each(s, &f, collect, &sn), 0);
	assert_int_equal(sn.n, 2);
	assert_int_equal(sn.ids[0], id[0]);
	assert_int_equal(sn.ids[1], id[2]);

	memset(&sn, 0, sizeof sn);
	f.state = "published";
	assert_int_equal(store_initiative_each(s, &f, collect, &sn), 0);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.ids[0], id[1]);

	memset(&sn, 0, sizeof sn);
	f.state = "archived";
	assert_int_equal(store_initiative_each(s, &f, collect, &sn), 0);
	assert_int_equal(sn.n, 0);

	/* A non-zero return stops the iteration and is returned. */
	memset(&sn, 0, sizeof sn);
	sn.stop_at = 2;
	assert_int_equal(store_initiative_each(s, NULL, collect, &sn), 42);
	assert_int_equal(sn.n, 2);
	store_close(s);
}

/* ---- transactions ---- */

static void test_transactions(void **state)
{
	struct store *s = tu_store_new("tx.db");
	struct store_stats before, st;
	struct initiative ini;
	struct arena a;
	int64_t id = 0;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(store_stats(s, &before), 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_not_equal(store_begin(s), 0); /* nested */
	small_record(&ini, "1", "One", "Rolled Back Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, &id);
	small_record(&ini, "2", "Two", NULL, NULL);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 2);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 0);
	assert_int_equal(st.organisations, before.organisations);
	assert_int_equal(st.audit_records, before.audit_records);
	assert_int_equal(store_initiative_get(s, id, &a, &ini), ERR_NOT_FOUND);
	/* Commit without begin is an error; rollback without begin is harmless. */
	assert_int_not_equal(store_commit(s), 0);
	assert_int_equal(store_rollback(s), 0);

	/* The store is usable again, and a committed transaction stays. */
	assert_int_equal(store_begin(s), 0);
	small_record(&ini, "1", "One", "Kept Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, &id);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 1);
	assert_int_equal(st.organisations, before.organisations + 1);
	arena_cleanup(&a);
	store_close(s);
}

/*
 * A save that fails inside an explicit transaction must undo its own partial work, as it
 * does outside one: otherwise committing the transaction keeps half a record (here the
 * initiative row and its new organisation, without the tags that failed).
 */
/* The fixture of a test that may fail: teardown frees it even then, so no leak is reported. */
struct fx {
	struct store *s;
	struct arena a;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->s);
	arena_cleanup(&f->a);
	free(f);
	return 0;
}

static void test_failed_save_in_transaction_is_undone(void **state)
{
	struct fx *f = *state;
	struct store_stats before, st;
	struct initiative ini;

	f->s = tu_store_new("txfail.db");
	assert_int_equal(store_stats(f->s, &before), 0);
	assert_int_equal(store_begin(f->s), 0);
	small_record(&ini, "1", "Good", "Good Org", NULL);
	save_ok(f->s, &ini, STORE_INSERTED, NULL);
	small_record(&ini, "2", "Bad", "Half Org", NULL);
	assert_int_equal(ini_add_tag(&ini, &f->a, "sdg", "3", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &f->a, "action_line", "C99", NULL, 0, 0), 0);
	assert_int_equal(store_initiative_save(f->s, &ini, "tester", NULL, NULL), ERR_CONFLICT);
	assert_int_equal(store_commit(f->s), 0);
	assert_int_equal(store_stats(f->s, &st), 0);
	assert_int_equal(st.initiatives, 1);
	assert_int_equal(st.organisations, before.organisations + 1);
	assert_int_equal(st.tags, 0);
}

/* fts_count counts the initiatives in the database file path whose text matches q. */
static int64_t fts_count(const char *path, const char *q)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT count(*) FROM initiative_fts"
					    " WHERE initiative_fts MATCH ?",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/*
 * A bulk transaction queues new records' search rows: more than one batch of them, and a
 * record updated after being queued, all end up in the index at commit; a rollback drops
 * the queue.
 */
static void test_bulk_search_rows(void **state)
{
	struct store *s = tu_store_new("bulk.db");
	struct initiative ini;
	char ids[600][8], titles[600][32];

	(void)state;
	assert_int_equal(store_begin_bulk(s), 0);
	for (int i = 0; i < 600; i++) {
		snprintf(ids[i], sizeof ids[i], "%d", i);
		snprintf(titles[i], sizeof titles[i], "Bulkword record %d", i);
		small_record(&ini, ids[i], titles[i], "Bulk Org", NULL);
		save_ok(s, &ini, STORE_INSERTED, NULL);
		if (i == 300) {
			small_record(&ini, "299", "Renamed record", "Bulk Org", NULL);
			save_ok(s, &ini, STORE_UPDATED, NULL);
		}
	}
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(fts_count(tu_path("bulk.db"), "bulkword"), 599);
	assert_int_equal(fts_count(tu_path("bulk.db"), "renamed"), 1);
	assert_int_equal(fts_count(tu_path("bulk.db"), "bulk"), 600);
	/* FTS5 may buffer 16 MiB of terms in a bulk transaction (store__fts_bulk_setup) */
	assert_int_equal(tu_count(tu_path("bulk.db"), "SELECT v FROM initiative_fts_config"
						      " WHERE k = 'hashsize'"),
			 16777216);

	assert_int_equal(store_begin_bulk(s), 0);
	small_record(&ini, "new", "Dropped record", "Bulk Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	assert_int_equal(store_rollback(s), 0);
	/* after the bulk transaction, writes are back to normal */
	small_record(&ini, "later", "Later record", "Bulk Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	assert_int_equal(fts_count(tu_path("bulk.db"), "dropped"), 0);
	assert_int_equal(fts_count(tu_path("bulk.db"), "later"), 1);
	store_close(s);
}

/* ---- migration 5: the search index over the initiatives' own text ---- */

/* search_dump appends, for each query, every match's id, bm25 rank and snippet to out. */
struct dump_ctx {
	struct store *s;
	const char *fts;
	char *out;
	size_t len, cap;
};

static int dump_row(void *ud, int64_t id, double rank)
{
	struct dump_ctx *d = ud;
	struct arena a;
	const char *snip = NULL;
	int n;

	arena_init(&a, 0);
	assert_int_equal(store_search_snippet(d->s, d->fts, id, &a, &snip), 0);
	n = snprintf(d->out + d->len, d->cap - d->len, "%s %lld %.12g [%s]\n", d->fts,
		     (long long)id, rank, snip ? snip : "-");
	assert_true(n > 0 && (size_t)n < d->cap - d->len);
	d->len += (size_t)n;
	arena_cleanup(&a);
	return 0;
}

static void search_dump(struct store *s, char *out, size_t cap)
{
	static const char *const queries[] = {"telemedicine", "record",   "clinic*", "villages",
					      "health",       "bulkword", "renamed", "first"};
	struct dump_ctx d = {s, NULL, out, 0, cap};

	out[0] = '\0';
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		d.fts = queries[i];
		assert_int_equal(store_search_fts(s, d.fts, 1, NULL, dump_row, &d), 0);
	}
}

/* migrate4_with_data makes a database at schema version 4 holding a few initiatives. */
static struct store *migrate4_with_data(const char *name)
{
	struct store *s = open_new(name);
	struct initiative ini;
	struct fw_counts c;
	struct errinfo e;
	struct arena a;
	char ids[40][8], titles[40][48];

	arena_init(&a, 0);
	errinfo_clear(&e);
	assert_int_equal(store__migrate_with(s, store_sqlite_migrations, 4, NULL), 0);
	if (fw_load(s, "data/frameworks", &c, &e) != 0)
		fail_msg("fw_load: %s", e.msg);
	tu_full_record(&ini, &a);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	for (int i = 0; i < 40; i++) {
		snprintf(ids[i], sizeof ids[i], "%d", i);
		snprintf(titles[i], sizeof titles[i], "Bulkword record %d health", i);
		small_record(&ini, ids[i], titles[i], i % 2 ? "Health Link" : "Other Org", NULL);
		ini.summary = i % 3 ? "Clinics share a first record of villages." : NULL;
		save_ok(s, &ini, STORE_INSERTED, NULL);
	}
	small_record(&ini, "7", "Renamed record", "Other Org", NULL);
	save_ok(s, &ini, STORE_UPDATED, NULL);
	arena_cleanup(&a);
	return s;
}

/*
 * A database at version 4 with data migrates to the external-content index: the same
 * matches, ranks and snippets as before; later changes keep the index equal to the text
 * (FTS5's integrity check compares them) and still number the change.
 */
static void test_migrate_5_keeps_search(void **state)
{
	static const char tags_sql[] =
	    "SELECT group_concat(initiative_id || '|' || scheme || '|' || code || '|' || origin"
	    " || '|' || ifnull(score, '-'), ';') FROM (SELECT * FROM tag"
	    " ORDER BY initiative_id, scheme, code)";
	static char before[16384], after[16384], fresh[16384], tags_before[4096], tags_after[4096];
	const char *path = tu_path("m5.db");
	struct store *s = migrate4_with_data("m5.db"), *f;
	struct initiative ini;
	int64_t seq0 = 0, seq1 = 0;
	int applied = 0;

	(void)state;
	assert_int_equal(tu_count(path, "SELECT count(*) FROM sqlite_master"
					" WHERE name = 'initiative_fts_content'"),
			 1);
	search_dump(s, before, sizeof before);
	assert_non_null(strstr(before, "renamed 9 "));
	raw_text(path, tags_sql, tags_before, sizeof tags_before);
	assert_int_equal(store_migrate(s, &applied), 0);
	assert_int_equal(applied, 1);
	search_dump(s, after, sizeof after);
	assert_string_equal(before, after);
	/* the rebuilt tag table holds the same rows and refuses an unknown origin */
	raw_text(path, tags_sql, tags_after, sizeof tags_after);
	assert_string_equal(tags_before, tags_after);
	assert_non_null(strstr(tags_after, "C7.e-health|model|0.75"));
	assert_int_equal(tu_count(path, "SELECT count(*) FROM sqlite_master"
					" WHERE type = 'index' AND name = 'tag_code'"),
			 1);
	/* initiative(state)'s CHECK is the same constraint, written as comparisons */
	assert_int_equal(tu_count(path,
				  "SELECT count(*) FROM sqlite_master WHERE name = 'initiative'"
				  " AND sql LIKE '%CHECK(state = ''draft'' OR %'"
				  " AND sql NOT LIKE '%state IN%'"),
			 1);
	{
		char ok[16];

		raw_text(path, "PRAGMA integrity_check", ok, sizeof ok);
		assert_string_equal(ok, "ok");
	}
	{
		sqlite3 *db = NULL;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
					      "INSERT INTO tag(initiative_id, scheme, code, origin)"
					      " VALUES(2, 'sdg', '5', 'robot')",
					      NULL, NULL, NULL),
				 SQLITE_CONSTRAINT);
		assert_int_equal(sqlite3_exec(db,
					      "UPDATE initiative SET state = 'gone' WHERE id = 2",
					      NULL, NULL, NULL),
				 SQLITE_CONSTRAINT);
		assert_int_equal(
		    sqlite3_exec(db,
				 "UPDATE initiative SET state = 'archived' WHERE id = 2;"
				 "UPDATE initiative SET state = 'published' WHERE id = 2",
				 NULL, NULL, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
					      "INSERT INTO tag(initiative_id, scheme, code, origin)"
					      " VALUES(2, 'sdg', '5', 'moderator');"
					      "DELETE FROM tag WHERE initiative_id = 2",
					      NULL, NULL, NULL),
				 SQLITE_OK);
		sqlite3_close(db);
	}
	/* the text is no longer stored twice; no trigger per tag or country */
	assert_int_equal(tu_count(path, "SELECT count(*) FROM sqlite_master"
					" WHERE name = 'initiative_fts_content'"
					" OR (type = 'trigger' AND tbl_name <> 'initiative')"),
			 0);
	/* a database made at version 5 with the same writes answers the same */
	store_close(s);
	unlink(tu_path("m5fresh.db"));
	f = migrate4_with_data("m5fresh.db");
	assert_int_equal(store_migrate(f, NULL), 0);
	search_dump(f, fresh, sizeof fresh);
	assert_string_equal(before, fresh);
	store_close(f);

	/* updates after the migration replace the old text in the index */
	f = open_new("m5.db");
	assert_int_equal(store_search_seq(f, &seq0), 0);
	small_record(&ini, "8", "Telemedicine again", "Other Org", NULL);
	save_ok(f, &ini, STORE_UPDATED, NULL);
	assert_int_equal(store_search_seq(f, &seq1), 0);
	assert_true(seq1 > seq0);
	assert_int_equal(fts_count(path, "renamed"), 1);
	assert_int_equal(fts_count(path, "telemedicine"), 2);
	assert_int_equal(store_begin_bulk(f), 0);
	small_record(&ini, "new-1", "Bulkword late", "Other Org", NULL);
	save_ok(f, &ini, STORE_INSERTED, NULL);
	small_record(&ini, "new-1", "Renamed late", "Other Org", NULL);
	save_ok(f, &ini, STORE_UPDATED, NULL);
	assert_int_equal(store_commit(f), 0);
	assert_int_equal(fts_count(path, "renamed"), 2);
	assert_int_equal(fts_count(path, "late"), 1);
	store_close(f);
	raw_exec(path, "INSERT INTO initiative_fts(initiative_fts) VALUES('integrity-check')");
}

/* A failing migration 5 leaves the version 4 database as it was, and it still searches. */
static void test_migrate_5_rolls_back(void **state)
{
	static char before[16384], after[16384];
	const char *path = tu_path("m5bad.db");
	struct store *s = migrate4_with_data("m5bad.db");
	(void)state;
	search_dump(s, before, sizeof before);
	/* the view migration 5 creates is already taken by a table */
	raw_exec(path, "CREATE TABLE initiative_fts_src(x)");
	assert_int_not_equal(store_migrate(s, NULL), 0);
	assert_non_null(strstr(store_errmsg(s), "migration 5"));
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 4);
	assert_int_equal(tu_count(path, "SELECT count(*) FROM sqlite_master"
					" WHERE name IN ('initiative_fts_content',"
					" 'search_change_tag_ins', 'search_change_country_ins')"),
			 3);
	search_dump(s, after, sizeof after);
	assert_string_equal(before, after);
	store_close(s);
}

/* ---- statistics ---- */

static void test_stats_counts(void **state)
{
	struct store *s = tu_store_new("stats.db");
	struct store_stats st0, st;
	struct initiative ini;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(store_stats(s, &st0), 0);
	assert_int_equal(st0.initiatives, 0);
	assert_int_equal(st0.tags, 0);
	assert_int_equal(st0.organisations, 0);
	assert_int_equal(st0.revisions, 0);
	assert_int_equal(st0.countries, 249);
	assert_true(st0.audit_records >= 1); /* the framework load */

	tu_full_record(&ini, &a); /* published, 4 tags (one per scheme), org Health Link */
	save_ok(s, &ini, STORE_INSERTED, NULL);
	small_record(&ini, "2", "Two", "Health Link", "draft");
	assert_int_equal(ini_add_tag(&ini, &a, "sdg", "5", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "sdg", "9", NULL, 0, 0), 0);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	small_record(&ini, "3", "Three", "Other", "draft");
	save_ok(s, &ini, STORE_INSERTED, NULL);
	small_record(&ini, "3", "Three, archived", "Other", "archived");
	save_ok(s, &ini, STORE_UPDATED, NULL);

	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 3);
	assert_int_equal(st.by_state[0], 1); /* draft */
	assert_int_equal(st.by_state[1], 0); /* submitted */
	assert_int_equal(st.by_state[2], 1); /* published */
	assert_int_equal(st.by_state[3], 0); /* rejected */
	assert_int_equal(st.by_state[4], 1); /* archived */
	assert_int_equal(st.tags, 6);
	assert_int_equal(st.tags_by_scheme[0], 3); /* sdg */
	assert_int_equal(st.tags_by_scheme[1], 1); /* sdg_target */
	assert_int_equal(st.tags_by_scheme[2], 1); /* action_line */
	assert_int_equal(st.tags_by_scheme[3], 1); /* gdc */
	assert_int_equal(st.organisations, 2);
	assert_int_equal(st.countries, 249);
	assert_int_equal(st.revisions, 1);
	/* At least one audit record per write: 3 inserts, 1 update, 2 new organisations. */
	assert_true(st.audit_records >= st0.audit_records + 6);
	arena_cleanup(&a);
	store_close(s);
}

/* ---- frameworks and countries ---- */

static int fw_found(struct store *s, const char *scheme, const char *code)
{
	int found = -1;

	assert_int_equal(store_fw_exists(s, scheme, code, &found), 0);
	return found;
}

static int country_found(struct store *s, const char *iso2)
{
	int found = -1;

	assert_int_equal(store_country_exists(s, iso2, &found), 0);
	return found;
}

static void expect_find(struct store *s, const char *name, const char *iso2)
{
	char got[3] = "";
	int found = -1;

	assert_int_equal(store_country_find(s, name, got, &found), 0);
	if (!iso2) {
		assert_int_equal(found, 0);
		return;
	}
	if (!found)
		fail_msg("store_country_find(\"%s\") found nothing; expected %s", name, iso2);
	assert_string_equal(got, iso2);
}

static void test_fw_and_country_lookups(void **state)
{
	struct store *s = tu_store_new("lookups.db");

	(void)state;
	assert_int_equal(fw_found(s, "sdg", "5"), 1);
	assert_int_equal(fw_found(s, "sdg", "17"), 1);
	assert_int_equal(fw_found(s, "sdg", "18"), 0);
	assert_int_equal(fw_found(s, "sdg_target", "5.b"), 1);
	assert_int_equal(fw_found(s, "sdg_target", "5.z"), 0);
	assert_int_equal(fw_found(s, "sdg_indicator", "1.1.1"), 1);
	assert_int_equal(fw_found(s, "action_line", "C7.e-health"), 1);
	assert_int_equal(fw_found(s, "action_line", "C11"), 1);
	assert_int_equal(fw_found(s, "action_line", "C7"), 0); /* a group */
	assert_int_equal(fw_found(s, "action_line", "C12"), 0);
	assert_int_equal(fw_found(s, "gdc", "5"), 1);
	assert_int_equal(fw_found(s, "gdc", "6"), 0);
	assert_int_equal(fw_found(s, "sdg_target", "5"), 0); /* the scheme matters */
	assert_int_equal(fw_found(s, "nonsense", "5"), 0);

	assert_int_equal(country_found(s, "KE"), 1);
	assert_int_equal(country_found(s, "TZ"), 1);
	assert_int_equal(country_found(s, "XX"), 0);
	assert_int_equal(country_found(s, ""), 0);

	expect_find(s, "KE", "KE");
	expect_find(s, "ke", "KE");
	expect_find(s, "Kenya", "KE");
	expect_find(s, "KENYA", "KE");
	expect_find(s, "Germany", "DE");
	/* Names in French, Spanish and Russian, and an alias. */
	expect_find(s, "Allemagne", "DE");
	expect_find(s, "allemagne", "DE");
	expect_find(s, "Alemania", "DE");
	expect_find(s, "Германия", "DE");
	expect_find(s, "Tanzania", "TZ");
	expect_find(s, "TANZANIA", "TZ");
	expect_find(s, "United Republic of Tanzania", "TZ");
	expect_find(s, "Atlantis", NULL);
	expect_find(s, "", NULL);
	expect_find(s, "XX", NULL);
	store_close(s);
}

/* ---- read-only ---- */

static void test_readonly(void **state)
{
	const char *path = tu_path("ro.db");
	struct store *s = tu_store_new("ro.db");
	struct store_stats st;
	struct initiative ini;
	struct errinfo e;
	struct arena a;
	int64_t id = 0;
	size_t n0, n1;
	char *before, *after;

	(void)state;
	arena_init(&a, 0);
	small_record(&ini, "1", "Written before", "Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, &id);
	store_close(s);
	before = tu_read_file(path, &n0);

	errinfo_clear(&e);
	s = NULL;
	assert_int_equal(store_open(path, STORE_READONLY, &s, &e), 0);
	assert_int_equal(store_initiative_get(s, id, &a, &ini), 0);
	assert_string_equal(ini.title, "Written before");
	small_record(&ini, "2", "Written after", "Org", NULL);
	assert_int_equal(store_initiative_save(s, &ini, "tester", NULL, NULL), ERR_DB_READONLY);
	assert_true(store_errmsg(s)[0] != '\0');
	small_record(&ini, "1", "Changed", "Org", NULL);
	assert_int_equal(store_initiative_save(s, &ini, "tester", NULL, NULL), ERR_DB_READONLY);
	assert_int_equal(store_migrate(s, NULL), ERR_DB_READONLY);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 1);
	store_close(s);
	after = tu_read_file(path, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	free(before);
	free(after);
	arena_cleanup(&a);
}

/* ---- the foreign keys behind the caller's checks ---- */

static void test_tag_fk_rejects_unknown_code(void **state)
{
	struct store *s = tu_store_new("fk.db");
	struct store_stats before, st;
	struct initiative ini;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(store_stats(s, &before), 0);
	small_record(&ini, "1", "Skipped the checks", "New Org", NULL);
	assert_int_equal(ini_add_tag(&ini, &a, "sdg", "3", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "action_line", "C99", NULL, 0, 0), 0);
	assert_int_equal(store_initiative_save(s, &ini, "tester", NULL, NULL), ERR_CONFLICT);
	/* Nothing of the record was kept: not the initiative, its organisation nor its tags. */
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 0);
	assert_int_equal(st.organisations, before.organisations);
	assert_int_equal(st.tags, 0);
	assert_int_equal(st.audit_records, before.audit_records);

	/* An unknown country is refused the same way. */
	small_record(&ini, "2", "Unknown country", NULL, NULL);
	assert_int_equal(ini_add_country(&ini, &a, "QQ"), 0);
	assert_int_equal(store_initiative_save(s, &ini, "tester", NULL, NULL), ERR_CONFLICT);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.initiatives, 0);

	/* And the store still works afterwards. */
	small_record(&ini, "1", "Fine", "New Org", NULL);
	save_ok(s, &ini, STORE_INSERTED, NULL);
	arena_cleanup(&a);
	store_close(s);
}

/*
 * A bulk transaction leaves the foreign keys to its caller's checks (the import's); they
 * hold again as soon as it ends, committed or rolled back, or when it could not start.
 */
static void test_bulk_foreign_keys_restored(void **state)
{
	struct store *s = tu_store_new("fkbulk.db");
	struct initiative ini;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (int end = 0; end < 3; end++) {
		assert_int_equal(store_begin_bulk(s), 0);
		small_record(&ini, "b", "In bulk", NULL, NULL);
		save_ok(s, &ini, end ? STORE_UNCHANGED : STORE_INSERTED, NULL);
		if (end == 1) {
			assert_int_equal(store_rollback(s), 0);
		} else {
			assert_int_equal(store_commit(s), 0);
		}
		if (end == 2) {
			/* a bulk begin inside a transaction is refused and changes nothing */
			assert_int_equal(store_begin(s), 0);
			assert_int_equal(store_begin_bulk(s), ERR_INTERNAL);
			assert_int_equal(store_commit(s), 0);
		}
		small_record(&ini, "x", "Unknown code", NULL, NULL);
		assert_int_equal(ini_add_tag(&ini, &a, "action_line", "C99", NULL, 0, 0), 0);
		assert_int_equal(store_initiative_save(s, &ini, "tester", NULL, NULL),
				 ERR_CONFLICT);
		assert_int_equal(store_country_alias_put(s, "Atlantis", "QQ"), ERR_CONFLICT);
	}
	arena_cleanup(&a);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_creates_file),
	    cmocka_unit_test(test_open_missing_not_found),
	    cmocka_unit_test(test_open_not_sqlite_untouched),
	    cmocka_unit_test(test_open_other_sqlite_untouched),
	    cmocka_unit_test(test_open_directory),
	    cmocka_unit_test(test_open_newer_schema),
	    cmocka_unit_test(test_migrate_from_empty),
	    cmocka_unit_test(test_migrate_second_fails),
	    cmocka_unit_test(test_migrate_first_fails),
	    cmocka_unit_test(test_migrate_gap_refused),
	    cmocka_unit_test(test_pragmas),
	    cmocka_unit_test(test_save_insert_update_unchanged),
	    cmocka_unit_test(test_save_null_outputs),
	    cmocka_unit_test(test_organisation_matched_by_name),
	    cmocka_unit_test(test_get_round_trip),
	    cmocka_unit_test(test_each_order_and_filter),
	    cmocka_unit_test(test_transactions),
	    cmocka_unit_test_setup_teardown(test_failed_save_in_transaction_is_undone, fx_setup,
					    fx_teardown),
	    cmocka_unit_test(test_bulk_search_rows),
	    cmocka_unit_test(test_migrate_5_keeps_search),
	    cmocka_unit_test(test_migrate_5_rolls_back),
	    cmocka_unit_test(test_stats_counts),
	    cmocka_unit_test(test_fw_and_country_lookups),
	    cmocka_unit_test(test_readonly),
	    cmocka_unit_test(test_tag_fk_rejects_unknown_code),
	    cmocka_unit_test(test_bulk_foreign_keys_restored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
