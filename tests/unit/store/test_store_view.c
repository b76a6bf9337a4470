/*
 * test_store_view.c - unit tests for what the initiative and framework pages read from the
 * store: store_revision_list (order, the current version last, limits, unknown ids),
 * store_initiative_access, store_initiative_related (shared tags, text ties, unpublished
 * and itself left out, titles without words or with FTS syntax),
 * store_initiative_related_among (the same order from the index's candidates), the text
 * tie-break (whole words of the title and summary only), store_fw_tally,
 * store_fw_initiatives (totals, limits, the C7 heading) and store_fw_links_to.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* The texts of a record besides its title (NULL: none). */
struct texts {
	const char *summary, *description, *url, *start_date;
};

/* save_texts stores a record with title, the texts x, state and tags ("sdg:3
 * action_line:C7.e-health"). */
static int64_t save_texts(struct tu_db *f, const char *sid, const char *title,
			  const struct texts *x, const char *state, const char *tags,
			  const char *country)
{
	struct initiative ini;
	char buf[256], *save_ptr = NULL;
	int64_t id = 0;
	int rc;

	ini_init(&ini);
	ini.source = "unit";
	ini.source_id = arena_strdup(&f->a, sid);
	ini.title = arena_strdup(&f->a, title);
	ini.summary = x->summary;
	ini.description = x->description;
	ini.url = x->url;
	ini.start_date = x->start_date;
	ini.state = state;
	if (country)
		assert_int_equal(ini_add_country(&ini, &f->a, arena_strdup(&f->a, country)), 0);
	snprintf(buf, sizeof buf, "%s", tags);
	for (char *t = strtok_r(buf, " ", &save_ptr); t; t = strtok_r(NULL, " ", &save_ptr)) {
		char *colon = strchr(t, ':');

		*colon = '\0';
		assert_int_equal(ini_add_tag(&ini, &f->a, arena_strdup(&f->a, t),
					     arena_strdup(&f->a, colon + 1), "submitter", 0, 0),
				 0);
	}
	rc = store_initiative_save(f->s, &ini, "tester", NULL, &id);
	if (rc)
		fail_msg("save: %s", store_errmsg(f->s));
	return id;
}

/* save stores a record with title, state and tags, and no other text. */
static int64_t save(struct tu_db *f, const char *sid, const char *title, const char *state,
		    const char *tags, const char *country)
{
	static const struct texts none = {NULL, NULL, NULL, NULL};

	return save_texts(f, sid, title, &none, state, tags, country);
}

static void test_revision_list(void **state)
{
	struct tu_db *f = *state;
	struct store_revision *v;
	size_t n;
	int64_t id = save(f, "r", "One", "published", "", NULL);

	save(f, "r", "Two", "published", "", NULL);
	save(f, "r", "Three", "published", "", NULL);
	assert_int_equal(store_revision_list(f->s, id, 10, &f->a, &v, &n), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].rev, (int64_t)i + 1);
		assert_int_equal(v[i].current, i == 2);
		assert_string_equal(v[i].actor, "tester");
		assert_non_null(v[i].created_at);
	}
	assert_non_null(strstr(v[0].doc, "\"One\""));
	assert_non_null(strstr(v[2].doc, "\"Three\""));
	/* a limit keeps the newest, still oldest first */
	assert_int_equal(store_revision_list(f->s, id, 2, &f->a, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].rev, 2);
	assert_int_equal(v[1].rev, 3);
	assert_int_equal(store_revision_list(f->s, 999999, 5, &f->a, &v, &n), ERR_NOT_FOUND);
}

static void test_access(void **state)
{
	struct tu_db *f = *state;
	struct store_ini_access acc;
	int64_t id = save(f, "acc", "Waiting", "submitted", "", NULL);

	assert_int_equal(store_initiative_access(f->s, id, &f->a, &acc), 0);
	assert_string_equal(acc.state, "submitted");
	assert_int_equal(acc.submitted_by, 0);
	assert_null(acc.moderation_note);
	assert_string_equal(acc.updated_by, "tester");
	assert_int_equal(store_initiative_access(f->s, 999999, &f->a, &acc), ERR_NOT_FOUND);
}

static void test_related(void **state)
{
	struct tu_db *f = *state;
	struct tu_ids ids = {{0}, 0};
	int64_t base = save(f, "base", "Solar village kiosks", "published",
			    "sdg_target:7.1 sdg_target:7.2 sdg_target:7.3", NULL);
	int64_t two =
	    save(f, "two", "Unrelated words", "published", "sdg_target:7.1 sdg_target:7.2", NULL);
	int64_t sim = save(f, "sim", "Solar kiosks", "published", "sdg_target:7.1", NULL);
	int64_t other = save(f, "other", "Different", "published", "sdg_target:7.1", NULL);

	save(f, "hidden", "Solar village kiosks", "submitted",
	     "sdg_target:7.1 sdg_target:7.2 sdg_target:7.3", NULL);
	save(f, "none", "Solar village kiosks", "published", "sdg_target:7.a", NULL);
	assert_int_equal(
	    store_initiative_related(f->s, base, "Solar village kiosks", 5, tu_collect_ids, &ids),
	    0);
	assert_int_equal(ids.n, 3);
	assert_int_equal(ids.v[0], two);
	assert_int_equal(ids.v[1], sim);
	assert_int_equal(ids.v[2], other);
	/* the limit */
	ids.n = 0;
	assert_int_equal(store_initiative_related(f->s, base, "Solar", 1, tu_collect_ids, &ids), 0);
	assert_int_equal(ids.n, 1);
	/* a title without words, or with what FTS5 would read as syntax, is no error */
	ids.n = 0;
	assert_int_equal(store_initiative_related(f->s, base, "!!! ??", 5, tu_collect_ids, &ids),
			 0);
	assert_int_equal(ids.n, 3);
	assert_int_equal(ids.v[0], two);
	ids.n = 0;
	assert_int_equal(store_initiative_related(f->s, base, "\"kiosks\" OR NEAR( title:x * ^", 5,
						  tu_collect_ids, &ids),
			 0);
	assert_int_equal(ids.n, 3);
	assert_int_equal(ids.v[1], sim);
}

/*
 * store_initiative_related_among, given every candidate with its count of shared tags (as
 * the search index finds them), gives what store_initiative_related gives from the SQL's
 * candidates: the same ids in the same order at every limit, for titles whose words are
 * repeated, upper-case (ASCII and not), cut inside a character at 255 bytes, or that are
 * keys of the stored document; unpublished and unknown ids left out.
 */
static void test_related_among(void **state)
{
	struct tu_db *f = *state;
	static const char *const titles[] = {
	    "École numérique", "ÉCOLE rurale",    "Water for all", "WATERWAYS", "Wat",
	    "Nothing alike",   "Source code",     "Title deeds",   "Pump",      "Pumps and water",
	    "Village école",   "published state", "Kiosks"};
	char base_title[512], longword[301];
	int64_t ids[32], id;
	int shared[32], n = 0;
	size_t nt = sizeof titles / sizeof *titles;

	/* 150 bytes of "é": the word is cut at 255 bytes, inside a character */
	for (int i = 0; i < 150; i++)
		memcpy(longword + 2 * i, "\xc3\xa9", 2);
	longword[300] = '\0';
	snprintf(base_title, sizeof base_title,
		 "École Water water WATER pump title 2030 x %s source Única", longword);
	id =
	    save(f, "base", base_title, "published", "sdg:6 sdg:4 action_line:C7.e-learning", NULL);
	for (size_t i = 0; i < nt; i++) {
		char sid[16];
		/* two, one or all three of the base's tags: three levels of ties */
		const char *tags = i % 3 == 0   ? "sdg:6 sdg:4 action_line:C7.e-learning"
				   : i % 3 == 1 ? "sdg:6 sdg:4"
						: "sdg:6";

		snprintf(sid, sizeof sid, "c%zu", i);
		/* "Wat" (two tags) has the long word whole: the SQL leaves its cut form out */
		ids[n] = save(f, sid, i == 4 ? longword : titles[i], "published", tags, NULL);
		shared[n++] = i % 3 == 0 ? 3 : i % 3 == 1 ? 2 : 1;
	}
	ids[n] = save(f, "hidden", "École Water", "submitted", "sdg:6 sdg:4", NULL);
	shared[n++] = 2;
	ids[n] = 999999; /* no such initiative */
	shared[n++] = 3;
	for (int limit = 1; limit <= n + 1; limit++) {
		struct tu_ids want = {{0}, 0}, got = {{0}, 0};

		assert_int_equal(
		    store_initiative_related(f->s, id, base_title, limit, tu_collect_ids, &want),
		    0);
		assert_int_equal(store_initiative_related_among(f->s, base_title, ids, shared,
								(size_t)n, limit, tu_collect_ids,
								&got),
				 0);
		assert_int_equal(got.n, want.n);
		for (int i = 0; i < want.n; i++)
			if (got.v[i] != want.v[i])
				fail_msg("limit %d: related %d is %lld, SQL %lld", limit, i,
					 (long long)got.v[i], (long long)want.v[i]);
	}
	/* among the five with three tags, the text first, then the newest */
	{
		struct tu_ids got = {{0}, 0};

		assert_int_equal(store_initiative_related_among(f->s, "Nothing", ids, shared,
								(size_t)n, 1, tu_collect_ids, &got),
				 0);
		assert_int_equal(got.n, 1);
		assert_int_equal(got.v[0], ids[12]); /* no word found: the newest */
		got.n = 0;
		assert_int_equal(store_initiative_related_among(f->s, "WATER", ids, shared,
								(size_t)n, 3, tu_collect_ids, &got),
				 0);
		assert_int_equal(got.n, 3);
		assert_int_equal(got.v[0], ids[9]);  /* "Pumps and water" */
		assert_int_equal(got.v[1], ids[12]); /* "WATERWAYS" has no word "water" */
		assert_int_equal(got.v[2], ids[6]);
	}
	/* more candidates than the store takes */
	{
		int64_t many[STORE_RELATED_MAX + 1];
		int sh[STORE_RELATED_MAX + 1];
		struct tu_ids got = {{0}, 0};

		for (int i = 0; i <= STORE_RELATED_MAX; i++) {
			many[i] = i + 1;
			sh[i] = 1;
		}
		assert_int_equal(store_initiative_related_among(f->s, "x", many, sh,
								STORE_RELATED_MAX + 1, 5,
								tu_collect_ids, &got),
				 ERR_INVALID);
		assert_int_equal(got.n, 0);
	}
}

/*
 * The text tie-break counts the page title's distinct words (case-folded, no stop words)
 * that a candidate has as whole words in its title or summary: not in the document's keys
 * ("source", "code", "title"), not inside another word ("art" in "start_date" or "Startup",
 * "code" in "codes"), not in the description or the URL. The SQL's candidates and the
 * index's (given here) give the same order.
 */
static void test_related_words(void **state)
{
	struct tu_db *f = *state;
	static const char *const title = "Source CODE art for clinics: code";
	static const struct texts open = {"Open source code for all", NULL, NULL, NULL},
				  desc = {NULL, "Source code art for clinics", NULL, NULL},
				  url = {"Shared with partners", NULL,
					 "https://example.org/source/code/art/clinics",
					 "2020-01-02"},
				  subs = {"Clinical partners", NULL, NULL, NULL};
	const char *tags = "sdg:3 sdg:4";
	int64_t base = save(f, "base", title, "published", tags, NULL);
	int64_t a = save(f, "a", "Clinics network", "published", tags, NULL);
	int64_t b = save_texts(f, "b", "Mobile art studio", &open, "published", tags, NULL);
	int64_t c = save_texts(f, "c", "Unrelated", &desc, "published", tags, NULL);
	int64_t d = save_texts(f, "d", "Startup hub", &url, "published", tags, NULL);
	int64_t e =
	    save_texts(f, "e", "Sources, codes and articles", &subs, "published", tags, NULL);
	int64_t g = save(f, "g", "Made for all", "published", tags, NULL);
	int64_t h = save(f, "h", "Code lab", "published", tags, NULL);
	int64_t k = save(f, "k", "Art lab", "published", tags, NULL);
	int64_t one = save(f, "one", "Source code art clinics", "published", "sdg:3", NULL);
	/* b has three words; k, h and a one each (code counts once however often the title
	 * has it); the others none, newest first; one shares a tag less. */
	const int64_t want[] = {b, k, h, a, g, e, d, c, one};
	int64_t ids[] = {a, b, c, d, e, g, h, k, one};
	int shared[] = {2, 2, 2, 2, 2, 2, 2, 2, 1};
	size_t n = sizeof want / sizeof *want;
	struct tu_ids sql = {{0}, 0}, among = {{0}, 0};

	assert_int_equal(store_initiative_related(f->s, base, title, 20, tu_collect_ids, &sql), 0);
	assert_int_equal(
	    store_initiative_related_among(f->s, title, ids, shared, n, 20, tu_collect_ids, &among),
	    0);
	assert_int_equal(sql.n, (int)n);
	assert_int_equal(among.n, (int)n);
	for (size_t i = 0; i < n; i++) {
		if (sql.v[i] != want[i])
			fail_msg("SQL candidates: related %zu is %lld, want %lld", i,
				 (long long)sql.v[i], (long long)want[i]);
		if (among.v[i] != want[i])
			fail_msg("index candidates: related %zu is %lld, want %lld", i,
				 (long long)among.v[i], (long long)want[i]);
	}
	/* only stop words and one-letter words: no word counts, the newest first */
	sql.n = 0;
	assert_int_equal(
	    store_initiative_related(f->s, base, "The a of for les y", 3, tu_collect_ids, &sql), 0);
	assert_int_equal(sql.n, 3);
	assert_int_equal(sql.v[0], k);
	assert_int_equal(sql.v[1], h);
	assert_int_equal(sql.v[2], g);
}

struct tally {
	char codes[32][16];
	int64_t n[32];
	int count;
};

static int tally_add(void *ud, const char *code, int64_t n)
{
	struct tally *t = ud;

	if (t->count < 32) {
		snprintf(t->codes[t->count], sizeof t->codes[0], "%s", code);
		t->n[t->count++] = n;
	}
	return 0;
}

static int64_t tally_of(const struct tally *t, const char *code)
{
	for (int i = 0; i < t->count; i++)
		if (strcmp(t->codes[i], code) == 0)
			return t->n[i];
	return -1;
}

static void test_tally_and_lists(void **state)
{
	struct tu_db *f = *state;
	struct tally t;
	struct tu_ids ids = {{0}, 0};
	int64_t total = -1;
	int64_t a = save(f, "ta", "A", "published",
			 "action_line:C7.e-health action_line:C7.e-learning", "KE");
	int64_t b = save(f, "tb", "B", "published", "action_line:C7.e-health", "FR");

	save(f, "tc", "C", "submitted", "action_line:C7.e-health", "KE");
	memset(&t, 0, sizeof t);
	assert_int_equal(store_fw_tally(f->s, "action_line", tally_add, &t), 0);
	assert_int_equal(tally_of(&t, "C7.e-health"), 2);
	assert_int_equal(tally_of(&t, "C7.e-learning"), 1);
	assert_int_equal(tally_of(&t, "C1"), -1);
	memset(&t, 0, sizeof t);
	assert_int_equal(store_fw_tally(f->s, "country", tally_add, &t), 0);
	assert_int_equal(tally_of(&t, "KE"), 1);
	memset(&t, 0, sizeof t);
	assert_int_equal(store_fw_tally(f->s, "m49_region", tally_add, &t), 0);
	assert_int_equal(tally_of(&t, "002"), 1); /* Africa */
	assert_int_equal(tally_of(&t, "014"), 1); /* Eastern Africa */
	assert_int_equal(tally_of(&t, "150"), 1); /* Europe */
	memset(&t, 0, sizeof t);
	assert_int_equal(store_fw_tally(f->s, "itu_region", tally_add, &t), 0);
	assert_int_equal(tally_of(&t, "africa"), 1);
	assert_int_equal(store_fw_tally(f->s, "nonsense", tally_add, &t), ERR_INVALID);

	assert_int_equal(store_fw_initiatives(f->s, "action_line", "C7.e-health", 10,
					      tu_collect_ids, &ids, &total),
			 0);
	assert_int_equal(total, 2);
	assert_int_equal(ids.n, 2);
	assert_int_equal(ids.v[0], b); /* newest first */
	assert_int_equal(ids.v[1], a);
	/* the heading C7 has its sub-lines' initiatives, each once */
	ids.n = 0;
	assert_int_equal(
	    store_fw_initiatives(f->s, "action_line", "C7", 1, tu_collect_ids, &ids, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(ids.n, 1);
	/* a limit of 0 only counts */
	ids.n = 0;
	assert_int_equal(
	    store_fw_initiatives(f->s, "country", "KE", 0, tu_collect_ids, &ids, &total), 0);
	assert_int_equal(ids.n, 0);
	assert_int_equal(total, 1);
	assert_int_equal(
	    store_fw_initiatives(f->s, "itu_region", "europe", 5, tu_collect_ids, &ids, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(
	    store_fw_initiatives(f->s, "m49_region", "nowhere", 5, tu_collect_ids, &ids, &total),
	    0);
	assert_int_equal(total, 0);
}

static int add_code(void *ud, const char *code)
{
	struct tally *t = ud;

	return tally_add(t, code, 1);
}

static void test_links_to(void **state)
{
	struct tu_db *f = *state;
	struct tally t;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_fw_links_to(f->s, "sdg", "3", "action_line", add_code, &t), 0);
	/* data/frameworks/wsis_sdg_links.csv links C7.e-health to goal 3 */
	assert_int_equal(tally_of(&t, "C7.e-health"), 1);
	assert_true(t.count > 1);
	memset(&t, 0, sizeof t);
	assert_int_equal(store_fw_links_to(f->s, "sdg", "99", "action_line", add_code, &t), 0);
	assert_int_equal(t.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_revision_list, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_access, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_related, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_related_among, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_related_words, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_tally_and_lists, tu_db_setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_links_to, tu_db_setup, tu_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
