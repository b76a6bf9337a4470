/*
 * testutil.h - what the cmocka unit tests share: cmocka itself, temporary files, and a
 * database initialised with the project's reference frameworks.
 */
#ifndef STOCKTAKE_TESTS_TESTUTIL_H
#define STOCKTAKE_TESTS_TESTUTIL_H

/* cmocka needs these before its header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/store.h"

/*
 * tu_tmpdir returns a fresh temporary directory for this test process (created on first
 * use, removed with its contents at exit).
 */
const char *tu_tmpdir(void);
/* tu_path returns tu_tmpdir()/name in a static buffer rotation of 8 (tests only). */
const char *tu_path(const char *name);
/*
 * tu_read_file returns the whole file at path, NUL-terminated, in a malloc'd buffer (the
 * caller frees it); *n (may be NULL) gets its length. Fails the test when it cannot.
 */
char *tu_read_file(const char *path, size_t *n);
/* tu_write_file writes the C string content to path. */
void tu_write_file(const char *path, const char *content);
/*
 * tu_store_new creates a new database under tu_tmpdir(), migrated and loaded with the
 * frameworks from data/frameworks (tests run from the repository root).
 */
struct store *tu_store_new(const char *name);
/*
 * tu_import_sample imports the sample records (data/sample: DPG candidates, World Bank
 * projects, WSIS Prizes 2015 nominees) into s as published, without mapping, and returns
 * how many records it inserted; fails the test when a file is rejected.
 */
long tu_import_sample(struct store *s); /* the number of records inserted */
/* tu_count runs sql, a query of one integer, on the database file db; -1 without a row. */
int64_t tu_count(const char *db, const char *sql);

/*
 * The fixtures the tests share, for cmocka's setup and teardown:
 * - struct tu_record, a record being built or checked (its arena, the record made empty by
 *   ini_init, an error cleared), made by tu_record_setup and freed by tu_record_teardown;
 * - struct tu_db, a fresh database (tu_store_new, a new file for each test) with an arena,
 *   made by tu_db_setup and closed by tu_db_teardown.
 */
struct tu_record {
	struct arena a;
	struct initiative ini;
	struct errinfo e;
};
int tu_record_setup(void **state);
int tu_record_teardown(void **state);
struct tu_db {
	struct store *s;
	struct arena a;
};
int tu_db_setup(void **state);
int tu_db_teardown(void **state);
/*
 * tu_full_record fills ini (lists in a) with a published record that has every field set,
 * valid against the loaded frameworks: "Rural telemedicine network" of Health Link (KE),
 * in KE and TZ, with one tag in each scheme (sdg 3, sdg_target 3.8, action_line
 * C7.e-health from the model at 0.75, gdc 1).
 */
void tu_full_record(struct initiative *ini, struct arena *a);

/* The ids (up to 16) of the briefs a store_brief_cb is given: tu_collect_ids is that callback,
 * with a struct tu_ids as its user data; it checks every brief has a title. */
struct tu_ids {
	int64_t v[16];
	int n;
};
int tu_collect_ids(void *ud, const struct store_ini_brief *b);

#endif
