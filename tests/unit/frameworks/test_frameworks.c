/*
 * test_frameworks.c - unit tests for src/frameworks/frameworks.c: loading data/frameworks
 * into a real store (the expected counts, idempotence), broken copies of the data that
 * must fail naming the file and leave no framework rows behind (one transaction), titles
 * in French with the English fallback, and Action Line groups such as C7.
 */
#include "testutil.h"

#include "frameworks/frameworks.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DATA "data/frameworks"

static const char *const schemes[] = {
    "sdg", "sdg_target", "sdg_indicator", "action_line", "gdc", "m49_region", "itu_region", NULL,
};

/* store_empty opens a migrated database without any framework. */
static struct store *store_empty(const char *name)
{
	struct store *s = NULL;
	struct errinfo e;

	errinfo_clear(&e);
	if (store_open(tu_path(name), STORE_CREATE, &s, &e) != 0)
		fail_msg("store_open: %s", e.msg);
	assert_int_equal(store_migrate(s, NULL), 0);
	return s;
}

/* copy_data copies every file of data/frameworks into a new directory tu_path(name). */
static const char *copy_data(const char *name)
{
	static char dir[512];
	char src[1024], dst[1024];
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof dir, "%s", tu_path(name));
	assert_int_equal(mkdir(dir, 0700), 0);
	dp = opendir(DATA);
	assert_non_null(dp);
	while ((d = readdir(dp))) {
		char *content;

		if (d->d_name[0] == '.')
			continue;
		snprintf(src, sizeof src, "%s/%s", DATA, d->d_name);
		snprintf(dst, sizeof dst, "%s/%s", dir, d->d_name);
		content = tu_read_file(src, NULL);
		tu_write_file(dst, content);
		free(content);
	}
	closedir(dp);
	return dir;
}

/* edit_file replaces the first occurrence of from by to in dir/file. */
static void edit_file(const char *dir, const char *file, const char *from, const char *to)
{
	char path[1024], *content, *at, *out;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	content = tu_read_file(path, NULL);
	at = strstr(content, from);
	assert_non_null(at);
	n = strlen(content) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	snprintf(out, n + 1, "%.*s%s%s", (int)(at - content), content, to, at + strlen(from));
	tu_write_file(path, out);
	free(out);
	free(content);
}

static void append_line(const char *dir, const char *file, const char *line)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	f = fopen(path, "ab");
	assert_non_null(f);
	fprintf(f, "%s\n", line);
	assert_int_equal(fclose(f), 0);
}

/* drop_last_line removes the last line of dir/file. */
static void drop_last_line(const char *dir, const char *file)
{
	char path[1024], *content;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	content = tu_read_file(path, NULL);
	n = strlen(content);
	assert_true(n > 1 && content[n - 1] == '\n');
	content[--n] = '\0';
	while (n > 0 && content[n - 1] != '\n')
		content[--n] = '\0';
	tu_write_file(path, content);
	free(content);
}

static int64_t fw_count(struct store *s, const char *scheme)
{
	int64_t n = -1;

	assert_int_equal(store_fw_count(s, scheme, &n), 0);
	return n;
}

static int count_cb(void *ud, const struct fw_item *it)
{
	(void)it;
	(*(int *)ud)++;
	return 0;
}

static int listed(struct store *s, const char *scheme)
{
	int n = 0;

	assert_int_equal(store_fw_list(s, scheme, LANG_EN, count_cb, &n), 0);
	return n;
}

static int count_country(void *ud, const struct country *c)
{
	(void)c;
	(*(int *)ud)++;
	return 0;
}

static int count_link(void *ud, const char *code)
{
	(void)code;
	(*(int *)ud)++;
	return 0;
}

static void assert_expected_counts(const struct fw_counts *c)
{
	assert_int_equal(c->sdgs, 17);
	assert_int_equal(c->targets, 169);
	assert_int_equal(c->indicators, 251);
	assert_int_equal(c->action_lines, 18);
	assert_int_equal(c->gdc, 5);
	assert_int_equal(c->itu_regions, 6);
	assert_int_equal(c->countries, 249);
	assert_true(c->regions > 0);
	assert_true(c->links > 0);
}

/* assert_no_frameworks checks that s holds no framework row of any kind. */
static void assert_no_frameworks(struct store *s)
{
	struct store_stats st;
	int n = 0;

	for (int i = 0; schemes[i]; i++) {
		assert_int_equal(fw_count(s, schemes[i]), 0);
		assert_int_equal(listed(s, schemes[i]), 0);
	}
	assert_int_equal(store_country_list(s, LANG_EN, count_country, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.countries, 0);
	assert_int_equal(st.audit_records, 0);
	n = 0;
	assert_int_equal(store_fw_links(s, "action_line", "C1", "sdg", count_link, &n), 0);
	assert_int_equal(n, 0);
}

static void test_load_counts(void **state)
{
	struct store *s = store_empty("counts.db");
	struct fw_counts c;
	struct store_stats st;
	struct errinfo e;
	int n = 0;

	(void)state;
	errinfo_clear(&e);
	memset(&c, 0xff, sizeof c);
	if (fw_load(s, DATA, &c, &e) != 0)
		fail_msg("fw_load: %s", e.msg);
	assert_expected_counts(&c);
	assert_int_equal(fw_count(s, "sdg"), 17);
	assert_int_equal(fw_count(s, "sdg_target"), 169);
	assert_int_equal(fw_count(s, "sdg_indicator"), 251);
	assert_int_equal(fw_count(s, "action_line"), 18);
	assert_int_equal(fw_count(s, "gdc"), 5);
	assert_int_equal(fw_count(s, "itu_region"), 6);
	assert_int_equal(fw_count(s, "m49_region"), c.regions);
	assert_int_equal(store_country_list(s, LANG_EN, count_country, &n), 0);
	assert_int_equal(n, 249);
	assert_int_equal(store_stats(s, &st), 0);
	assert_int_equal(st.countries, 249);
	store_close(s);
}

static void test_load_twice_idempotent(void **state)
{
	struct store *s = store_empty("twice.db");
	struct fw_counts c1, c2;
	struct errinfo e;
	int links1 = 0, links2 = 0, countries = 0;
	int64_t seq1 = 0, seq2 = 0;

	(void)state;
	errinfo_clear(&e);
	assert_int_equal(fw_load(s, DATA, &c1, &e), 0);
	assert_int_equal(c1.changed, 1);
	assert_int_equal(store_search_seq(s, &seq1), 0);
	assert_true(seq1 > 0);
	assert_int_equal(
	    store_fw_links(s, "action_line", "C7.e-health", "sdg", count_link, &links1), 0);
	assert_true(links1 > 0);
	assert_int_equal(fw_load(s, DATA, &c2, &e), 0);
	assert_expected_counts(&c2);
	/* nothing changed: the change number stays, so the servers' caches stay warm */
	assert_int_equal(c2.changed, 0);
	assert_int_equal(store_search_seq(s, &seq2), 0);
	assert_int_equal(seq2, seq1);
	c1.changed = 0;
	assert_memory_equal(&c1, &c2, sizeof c1);
	/* No duplicates anywhere: the stored counts are those of one load. */
	assert_int_equal(fw_count(s, "sdg"), 17);
	assert_int_equal(fw_count(s, "sdg_target"), 169);
	assert_int_equal(fw_count(s, "sdg_indicator"), 251);
	assert_int_equal(fw_count(s, "action_line"), 18);
	assert_int_equal(listed(s, "sdg"), 17);
	assert_int_equal(listed(s, "sdg_indicator"), 251);
	assert_int_equal(listed(s, "action_line"), 19); /* with the group C7 */
	assert_int_equal(
	    store_fw_links(s, "action_line", "C7.e-health", "sdg", count_link, &links2), 0);
	assert_int_equal(links2, links1);
	assert_int_equal(store_country_list(s, LANG_FR, count_country, &countries), 0);
	assert_int_equal(countries, 249);
	store_close(s);
}

/*
 * broken loads a copy of the data spoilt by spoil, expects fw_load to fail naming file,
 * and checks that the store holds no framework row afterwards; then that the good data
 * still loads into the same store.
 */
static void broken(const char *name, void (*spoil)(const char *dir), const char *file)
{
	char dbname[128];
	struct store *s;
	struct fw_counts c;
	struct errinfo e;
	const char *dir;
	int64_t seq = -1;
	int rc;

	snprintf(dbname, sizeof dbname, "%s.db", name);
	s = store_empty(dbname);
	dir = copy_data(name);
	spoil(dir);
	errinfo_clear(&e);
	memset(&c, 0x11, sizeof c);
	rc = fw_load(s, dir, &c, &e);
	assert_int_not_equal(rc, 0);
	assert_int_equal(e.code, rc);
	if (!strstr(e.msg, file))
		fail_msg("the error does not name %s: %s", file, e.msg);
	assert_int_equal(c.sdgs, 0x1111111111111111L); /* counts untouched on failure */
	assert_no_frameworks(s);
	assert_int_equal(store_search_seq(s, &seq), 0);
	assert_int_equal(seq, 0); /* a failed load moves no change number */
	errinfo_clear(&e);
	if (fw_load(s, DATA, &c, &e) != 0)
		fail_msg("fw_load after a failed one: %s", e.msg);
	assert_expected_counts(&c);
	store_close(s);
}

static void spoil_missing_column(const char *dir)
{
	edit_file(dir, "countries.csv", "iso2,iso3,", "iso2,iso_3,");
}

static void spoil_column_count(const char *dir)
{
	append_line(dir, "itu_regions.csv", "oceania,Oceania");
}

static void spoil_unknown_link(const char *dir)
{
	append_line(dir, "wsis_sdg_target_links.csv", "C11,17.99");
}

static void spoil_sixteen_goals(const char *dir)
{
	drop_last_line(dir, "sdg_goals.csv");
}

static void spoil_unknown_alias_country(const char *dir)
{
	append_line(dir, "country_aliases.csv", "Atlantis,QQ");
}

static void spoil_missing_file(const char *dir)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", dir, "wsis_sdg_links.csv");
	assert_int_equal(remove(path), 0);
}

static void test_broken_missing_column(void **state)
{
	(void)state;
	broken("fw-column", spoil_missing_column, "countries.csv");
}

static void test_broken_column_count(void **state)
{
	(void)state;
	broken("fw-count", spoil_column_count, "itu_regions.csv");
}

static void test_broken_unknown_link(void **state)
{
	(void)state;
	broken("fw-link", spoil_unknown_link, "wsis_sdg_target_links.csv");
}

static void test_broken_sixteen_goals(void **state)
{
	(void)state;
	broken("fw-goals", spoil_sixteen_goals, "sdg_goals.csv");
}

static void test_broken_unknown_alias_country(void **state)
{
	(void)state;
	broken("fw-alias", spoil_unknown_alias_country, "country_aliases.csv");
}

static void test_broken_missing_file(void **state)
{
	(void)state;
	broken("fw-file", spoil_missing_file, "wsis_sdg_links.csv");
}

/* find_cb keeps a copy of the item whose code is wanted. */
struct find {
	const char *code;
	int found, n, last_sort;
	int is_group;
	char parent[32], title[512], short_title[128];
};

static int find_cb(void *ud, const struct fw_item *it)
{
	struct find *f = ud;

	assert_non_null(it->code);
	/* Every item has a title in some language, and items come in order. */
	assert_non_null(it->title[0]);
	assert_true(it->sort >= f->last_sort);
	f->last_sort = it->sort;
	f->n++;
	if (strcmp(it->code, f->code) == 0) {
		f->found++;
		f->is_group = it->is_group;
		snprintf(f->parent, sizeof f->parent, "%s", it->parent ? it->parent : "");
		snprintf(f->title, sizeof f->title, "%s", it->title[0]);
		snprintf(f->short_title, sizeof f->short_title, "%s",
			 it->short_title[0] ? it->short_title[0] : "");
	}
	return 0;
}

static struct find find_item(struct store *s, const char *scheme, const char *code, enum lang l)
{
	struct find f;

	memset(&f, 0, sizeof f);
	f.code = code;
	assert_int_equal(store_fw_list(s, scheme, l, find_cb, &f), 0);
	if (f.found != 1)
		fail_msg("%s %s listed %d times", scheme, code, f.found);
	return f;
}

static void test_list_french_and_fallback(void **state)
{
	struct store *s = tu_store_new("french.db");
	struct find f, en;

	(void)state;
	f = find_item(s, "sdg", "1", LANG_FR);
	assert_int_equal(f.n, 17);
	assert_string_equal(f.title,
			    "Éliminer la pauvreté sous toutes ses formes et partout dans le monde");
	assert_string_equal(f.short_title, "Pas de pauvreté");
	en = find_item(s, "sdg", "1", LANG_EN);
	assert_string_equal(en.title, "End poverty in all its forms everywhere");
	assert_string_equal(en.short_title, "No poverty");

	/* An indicator with a French title, and one whose French title is empty. */
	f = find_item(s, "sdg_indicator", "1.1.1", LANG_FR);
	assert_int_equal(f.n, 251);
	assert_non_null(strstr(f.title, "Proportion de la population vivant au-dessous"));
	assert_string_equal(f.parent, "1.1");
	f = find_item(s, "sdg_indicator", "1.a.1", LANG_FR);
	en = find_item(s, "sdg_indicator", "1.a.1", LANG_EN);
	assert_true(f.title[0] != '\0');
	assert_string_equal(f.title, en.title);
	assert_non_null(strstr(f.title, "Total official development assistance grants"));

	/* Action Lines have English titles only: French falls back for all of them. */
	f = find_item(s, "action_line", "C1", LANG_FR);
	en = find_item(s, "action_line", "C1", LANG_EN);
	assert_string_equal(f.title, en.title);
	assert_string_equal(f.short_title, "The Role of Government in ICT Promotion");

	/* A language with its own column: ITU regions in Chinese. */
	f = find_item(s, "itu_region", "europe", LANG_ZH);
	assert_string_equal(f.title, "欧洲");
	store_close(s);
}

/* The store of a test that may fail: teardown closes it even then (no leak reported). */
static int close_store(void **state)
{
	store_close(*state);
	return 0;
}

/*
 * fw_load replaces what is stored under the same codes (store_fw_put: "replaces the stored
 * one"), so a translation removed from the data must be gone after a reload, and the
 * English title shown instead. Today the old French title stays.
 */
static void test_reload_drops_removed_translation(void **state)
{
	struct store *s = store_empty("retitle.db");
	struct fw_counts c;
	struct errinfo e;
	struct find f;
	const char *dir;
	int64_t seq1 = 0, seq2 = 0;

	*state = s;
	errinfo_clear(&e);
	assert_int_equal(fw_load(s, DATA, &c, &e), 0);
	f = find_item(s, "itu_region", "americas", LANG_FR);
	assert_string_equal(f.title, "Amériques");
	assert_int_equal(store_search_seq(s, &seq1), 0);
	dir = copy_data("fw-retitle");
	edit_file(dir, "itu_regions.csv", "americas,Americas,Amériques,", "americas,Americas,,");
	if (fw_load(s, dir, &c, &e) != 0)
		fail_msg("fw_load: %s", e.msg);
	/* a title gone is a change: the change number moves past every cached answer */
	assert_int_equal(c.changed, 1);
	assert_int_equal(store_search_seq(s, &seq2), 0);
	assert_true(seq2 > seq1);
	f = find_item(s, "itu_region", "americas", LANG_ES);
	assert_string_equal(f.title, "Américas");
	f = find_item(s, "itu_region", "americas", LANG_FR);
	assert_string_equal(f.title, "Americas");
}

/* Another name for a country is reference data too: a new alias moves the change number. */
static void test_reload_new_alias_moves_seq(void **state)
{
	struct store *s = store_empty("realias.db");
	struct fw_counts c;
	struct errinfo e;
	const char *dir;
	int64_t seq1 = 0, seq2 = 0;

	*state = s;
	errinfo_clear(&e);
	assert_int_equal(fw_load(s, DATA, &c, &e), 0);
	assert_int_equal(store_search_seq(s, &seq1), 0);
	dir = copy_data("fw-realias");
	append_line(dir, "country_aliases.csv", "Teranga,SN");
	if (fw_load(s, dir, &c, &e) != 0)
		fail_msg("fw_load: %s", e.msg);
	assert_int_equal(c.changed, 1);
	assert_int_equal(store_search_seq(s, &seq2), 0);
	assert_true(seq2 > seq1);
	/* the same data again: no change */
	if (fw_load(s, dir, &c, &e) != 0)
		fail_msg("fw_load: %s", e.msg);
	assert_int_equal(c.changed, 0);
	assert_int_equal(store_search_seq(s, &seq1), 0);
	assert_int_equal(seq1, seq2);
}

static void test_c7_is_a_group(void **state)
{
	struct store *s = tu_store_new("c7.db");
	struct find f;
	int found = -1;

	(void)state;
	f = find_item(s, "action_line", "C7", LANG_EN);
	assert_int_equal(f.n, 19);
	assert_int_equal(f.is_group, 1);
	f = find_item(s, "action_line", "C7.e-health", LANG_EN);
	assert_int_equal(f.is_group, 0);
	assert_string_equal(f.parent, "C7");
	f = find_item(s, "action_line", "C1", LANG_EN);
	assert_int_equal(f.is_group, 0);
	assert_int_equal(store_fw_exists(s, "action_line", "C7", &found), 0);
	assert_int_equal(found, 0);
	assert_int_equal(store_fw_exists(s, "action_line", "C7.e-health", &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(fw_count(s, "action_line"), 18);
	store_close(s);
}

static void test_find_dir(void **state)
{
	char buf[512];
	const char *old = getenv("STOCKTAKE_DATA");
	char *saved = old ? strdup(old) : NULL;

	(void)state;
	assert_string_equal(fw_find_dir("/some/where", buf, sizeof buf), "/some/where");
	assert_int_equal(setenv("STOCKTAKE_DATA", "/opt/st", 1), 0);
	assert_string_equal(fw_find_dir(NULL, buf, sizeof buf), "/opt/st/frameworks");
	assert_int_equal(unsetenv("STOCKTAKE_DATA"), 0);
	assert_string_equal(fw_find_dir(NULL, buf, sizeof buf), DATA); /* run from the root */
	if (saved) {
		setenv("STOCKTAKE_DATA", saved, 1);
		free(saved);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_counts),
	    cmocka_unit_test(test_load_twice_idempotent),
	    cmocka_unit_test(test_broken_missing_column),
	    cmocka_unit_test(test_broken_column_count),
	    cmocka_unit_test(test_broken_unknown_link),
	    cmocka_unit_test(test_broken_sixteen_goals),
	    cmocka_unit_test(test_broken_unknown_alias_country),
	    cmocka_unit_test(test_broken_missing_file),
	    cmocka_unit_test(test_list_french_and_fallback),
	    cmocka_unit_test_teardown(test_reload_drops_removed_translation, close_store),
	    cmocka_unit_test_teardown(test_reload_new_alias_moves_seq, close_store),
	    cmocka_unit_test(test_c7_is_a_group),
	    cmocka_unit_test(test_find_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
