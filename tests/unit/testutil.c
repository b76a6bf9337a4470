/*
 * testutil.c - helpers for the unit tests.
 */
#include "testutil.h"

#include "frameworks/frameworks.h"
#include "io/import.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static void remove_tmpdir(void)
{
	char cmd[300];

	if (tmpdir[0] && !getenv("TU_KEEP")) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

const char *tu_tmpdir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/stocktake-test-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			abort();
		}
		atexit(remove_tmpdir);
	}
	return tmpdir;
}

const char *tu_path(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, 512, "%s/%s", tu_tmpdir(), name);
	return b;
}

char *tu_read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	p = malloc((size_t)len + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	p[len] = '\0';
	fclose(f);
	if (n)
		*n = (size_t)len;
	return p;
}

void tu_write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
	assert_int_equal(fclose(f), 0);
}

struct store *tu_store_new(const char *name)
{
	struct store *s = NULL;
	struct errinfo e;
	struct fw_counts c;

	errinfo_clear(&e);
	if (store_open(tu_path(name), STORE_CREATE, &s, &e) != 0)
		fail_msg("store_open: %s", e.msg);
	if (store_migrate(s, NULL) != 0)
		fail_msg("store_migrate: %s", store_errmsg(s));
	if (fw_load(s, "data/frameworks", &c, &e) != 0)
		fail_msg("fw_load: %s", e.msg);
	return s;
}

long tu_import_sample(struct store *s)
{
	static const char *const files[] = {"data/sample/dpg_candidates.jsonl",
					    "data/sample/worldbank.jsonl",
					    "data/sample/wsis_prizes_2015.jsonl"};
	struct import_opts o = {IMPORT_AUTO, "published", "test", NULL};
	struct import_counts c;
	struct errinfo e;

	memset(&c, 0, sizeof c);
	errinfo_clear(&e);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if (import_file(s, files[i], &o, &c, &e))
			fail_msg("import %s: %s", files[i], e.msg);
	return c.inserted;
}

int64_t tu_count(const char *db, const char *sql)
{
	sqlite3 *c;
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(db, &c), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	return n;
}

int tu_record_setup(void **state)
{
	struct tu_record *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	arena_init(&f->a, 0);
	ini_init(&f->ini);
	errinfo_clear(&f->e);
	*state = f;
	return 0;
}

int tu_record_teardown(void **state)
{
	struct tu_record *f = *state;

	arena_cleanup(&f->a);
	free(f);
	return 0;
}

int tu_db_setup(void **state)
{
	static struct tu_db f;
	static int serial;
	char name[32];

	snprintf(name, sizeof name, "fixture%d.db", ++serial);
	f.s = tu_store_new(name);
	arena_init(&f.a, 0);
	*state = &f;
	return 0;
}

int tu_db_teardown(void **state)
{
	struct tu_db *f = *state;

	arena_cleanup(&f->a);
	store_close(f->s);
	return 0;
}

void tu_full_record(struct initiative *ini, struct arena *a)
{
	ini_init(ini);
	ini->source = "test";
	ini->source_id = "full-1";
	ini->title = "Rural telemedicine network";
	ini->summary = "Clinics in 40 villages consult specialists over mobile broadband.";
	ini->description = "A longer text.\nTwo lines, \"quotes\", commas, and ünïcödé: 远程医疗.";
	ini->org.name = "Health Link";
	ini->org.stakeholder_type = "civil-society";
	ini->org.country = "KE";
	ini->org.website = "https://healthlink.example.org";
	ini->stakeholder_type = "civil-society";
	ini->scope = "regional";
	ini->start_date = "2019-03";
	ini->end_date = "2023-06-30";
	ini->status = "completed";
	ini->url = "https://example.org/telemedicine";
	ini->language = "en";
	ini->state = "published";
	assert_int_equal(ini_add_country(ini, a, "KE"), 0);
	assert_int_equal(ini_add_country(ini, a, "TZ"), 0);
	assert_int_equal(ini_add_region(ini, a, "M49:002"), 0);
	assert_int_equal(ini_add_sector(ini, a, "DAC:12220"), 0);
	assert_int_equal(ini_add_partner(ini, a, "Ministry of Health", "implementing"), 0);
	assert_int_equal(ini_add_partner(ini, a, "Anonymous donor", NULL), 0);
	assert_int_equal(ini_add_tag(ini, a, "sdg", "3", "submitter", 0, 0), 0);
	assert_int_equal(ini_add_tag(ini, a, "sdg_target", "3.8", "moderator", 0, 0), 0);
	assert_int_equal(ini_add_tag(ini, a, "action_line", "C7.e-health", "model", 0.75, 1), 0);
	assert_int_equal(ini_add_tag(ini, a, "gdc", "1", "submitter", 0, 0), 0);
}

int tu_collect_ids(void *ud, const struct store_ini_brief *b)
{
	struct tu_ids *ids = ud;

	assert_non_null(b->title);
	if (ids->n < 16)
		ids->v[ids->n++] = b->id;
	return 0;
}
