/*
 * test_figures.c - unit tests for the figures service (src/report/figures.c) on a small
 * store whose every count is known: totals, Action Lines with the C7 group, SDGs, GDC,
 * countries and regions, stakeholder types, years, LDC/LLDC/SIDS, the Action Line x SDG
 * matrix with its links, every filter (place, years, stakeholder types, origins, states),
 * the gaps, the most cited initiatives, and bad filters.
 */
#include "testutil.h"

#include "report/figures.h"

#include <stdio.h>
#include <string.h>

/*
 * save stores an initiative: sid, state, stakeholder type ("" none), start ("" none),
 * countries ("KE NG") and tags ("sdg:3:submitter action_line:C1:model").
 */
static void save(struct tu_db *f, const char *sid, const char *state, const char *type,
		 const char *start, const char *countries, const char *tags)
{
	struct initiative ini;
	char buf[512], *sp = NULL;

	ini_init(&ini);
	ini.source = "unit";
	ini.source_id = arena_strdup(&f->a, sid);
	ini.title = arena_sprintf(&f->a, "Initiative %s", sid);
	ini.state = state;
	ini.stakeholder_type = *type ? type : NULL;
	ini.start_date = *start ? start : NULL;
	snprintf(buf, sizeof buf, "%s", countries);
	for (char *t = strtok_r(buf, " ", &sp); t; t = strtok_r(NULL, " ", &sp))
		assert_int_equal(ini_add_country(&ini, &f->a, arena_strdup(&f->a, t)), 0);
	snprintf(buf, sizeof buf, "%s", tags);
	sp = NULL;
	for (char *t = strtok_r(buf, " ", &sp); t; t = strtok_r(NULL, " ", &sp)) {
		char *c1 = strchr(t, ':'), *c2;

		*c1++ = '\0';
		c2 = strchr(c1, ':');
		*c2++ = '\0';
		assert_int_equal(ini_add_tag(&ini, &f->a, arena_strdup(&f->a, t),
					     arena_strdup(&f->a, c1), arena_strdup(&f->a, c2), 0.5,
					     1),
				 0);
	}
	if (store_initiative_save(f->s, &ini, "tester", NULL, NULL))
		fail_msg("save %s: %s", sid, store_errmsg(f->s));
}

static int setup(void **state)
{
	struct tu_db *f;

	if (tu_db_setup(state))
		return -1;
	f = *state;
	save(f, "A", "published", "government", "2019-03-01", "KE",
	     "sdg:3:submitter action_line:C7.e-health:submitter gdc:1:model");
	save(f, "B", "published", "civil-society", "2020", "KE NG",
	     "sdg:3:model sdg:4:submitter action_line:C7.e-learning:submitter "
	     "action_line:C1:submitter");
	save(f, "C", "published", "government", "2010", "FR",
	     "sdg:9:submitter action_line:C2:moderator");
	save(f, "D", "submitted", "government", "2021", "KE", "sdg:3:submitter");
	save(f, "E", "published", "academia", "", "BR", "action_line:C7.e-health:model");
	save(f, "F", "published", "", "2005", "", "sdg:17:submitter");
	save(f, "G", "published", "government", "2001", "ET", "sdg:1:submitter");
	return 0;
}

static int64_t count_of(const struct fig_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].code, code) == 0)
			return l->v[i].n;
	fail_msg("no value %s", code);
	return -1;
}

static size_t pos_of(const struct fig_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].code, code) == 0)
			return i;
	fail_msg("no value %s", code);
	return 0;
}

static void compute(struct tu_db *f, const struct fig_filter *flt, struct figures *out)
{
	struct errinfo e;

	errinfo_clear(&e);
	if (figures_compute(f->s, flt, LANG_EN, &f->a, out, &e))
		fail_msg("figures_compute: %s", e.msg);
}

static void test_world(void **state)
{
	struct tu_db *f = *state;
	struct fig_filter flt = {0};
	struct figures g;
	size_t c1, s3;

	compute(f, &flt, &g);
	assert_null(g.place_name);
	assert_int_equal(g.total, 6); /* D is not published */
	assert_int_equal(count_of(&g.by_sdg, "3"), 2);
	assert_int_equal(count_of(&g.by_sdg, "4"), 1);
	assert_int_equal(count_of(&g.by_sdg, "5"), 0);
	assert_int_equal(g.by_sdg.n, 17);
	/* C7 counts each initiative with any sub-line once: A, B, E */
	assert_int_equal(count_of(&g.by_action_line, "C7"), 3);
	assert_true(g.by_action_line.v[pos_of(&g.by_action_line, "C7")].is_group);
	assert_int_equal(count_of(&g.by_action_line, "C7.e-health"), 2);
	assert_int_equal(count_of(&g.by_action_line, "C1"), 1);
	assert_int_equal(count_of(&g.by_gdc, "1"), 1);
	assert_int_equal(count_of(&g.by_itu_region, "africa"), 3);
	assert_int_equal(count_of(&g.by_itu_region, "europe"), 1);
	assert_int_equal(count_of(&g.by_m49_region, "002"), 3);
	assert_int_equal(count_of(&g.by_country, "KE"), 2);
	assert_int_equal(count_of(&g.by_country, "ZA"), 0);
	assert_int_equal(count_of(&g.by_stakeholder, "government"), 3);
	assert_int_equal(count_of(&g.by_stakeholder, ""), 1);
	assert_int_equal(count_of(&g.by_group, "ldc"), 1);
	assert_int_equal(count_of(&g.by_group, "lldc"), 1);
	assert_int_equal(count_of(&g.by_group, "sids"), 0);
	assert_int_equal(g.trend_from, FIG_TREND_FROM);
	assert_int_equal(count_of(&g.by_year, "2019"), 1);
	assert_int_equal(count_of(&g.by_year, "2005"), 1);
	assert_int_equal(g.undated, 1);
	assert_int_equal(g.before_trend, 1);
	assert_int_equal(g.without_country, 1);
	/* the matrix: B has C1 and SDGs 3 and 4; C1 and SDG 3 are linked */
	c1 = pos_of(&g.by_action_line, "C1");
	s3 = pos_of(&g.by_sdg, "3");
	assert_int_equal(g.al_sdg[c1 * g.by_sdg.n + s3], 1);
	assert_int_equal(g.al_sdg_link[c1 * g.by_sdg.n + s3], 1);
	assert_int_equal(g.al_sdg[pos_of(&g.by_action_line, "C7") * g.by_sdg.n + s3], 2);
	/* gaps: C1-SDG 3 has one initiative, fewer than FIG_FEW */
	{
		int found = 0;

		for (size_t i = 0; i < g.n_link_gaps; i++)
			if (g.link_gaps[i].al == c1 && g.link_gaps[i].sdg == s3) {
				assert_int_equal(g.link_gaps[i].n, 1);
				found = 1;
			}
		assert_true(found);
		for (size_t i = 1; i < g.n_link_gaps; i++)
			assert_true(g.link_gaps[i - 1].n <= g.link_gaps[i].n);
	}
	assert_int_equal(g.n_countries_none, g.by_country.n - 5);
	/* A: GDC 1 with C7.e-health, in Kenya (Africa) */
	assert_int_equal(g.al_gdc[pos_of(&g.by_action_line, "C7.e-health") * g.by_gdc.n], 1);
	assert_int_equal(g.al_gdc[c1 * g.by_gdc.n], 0);
	assert_int_equal(g.gdc_itu[pos_of(&g.by_itu_region, "africa")], 1);
	assert_int_equal(g.gdc_itu[pos_of(&g.by_itu_region, "europe")], 0); /* KE NG FR BR ET */
}

static void test_most_cited(void **state)
{
	struct tu_db *f = *state;
	struct fig_filter flt = {0};
	struct figures g;
	const struct fig_top *t;

	compute(f, &flt, &g);
	t = &g.top[pos_of(&g.by_action_line, "C7.e-health") * FIG_TOP];
	/* A: 3 tags and 1 country; E: 1 tag and 1 country */
	assert_string_equal(t[0].title, "Initiative A");
	assert_int_equal(t[0].links, 4);
	assert_string_equal(t[0].countries, "KE");
	assert_string_equal(t[0].start_date, "2019-03-01");
	assert_string_equal(t[1].title, "Initiative E");
	assert_int_equal(t[2].id, 0);
	t = &g.top[pos_of(&g.by_action_line, "C7") * FIG_TOP];
	assert_string_equal(t[0].title, "Initiative B"); /* 4 tags, 2 countries */
	assert_string_equal(t[0].countries, "KE, NG");
}

static void test_region(void **state)
{
	struct tu_db *f = *state;
	struct fig_filter flt = {.place_kind = FIG_ITU_REGION, .place = "africa"};
	struct figures g;

	compute(f, &flt, &g);
	assert_string_equal(g.place_name, "Africa");
	assert_int_equal(g.total, 3); /* A, B, G */
	assert_int_equal(count_of(&g.by_sdg, "3"), 2);
	assert_int_equal(count_of(&g.by_country, "KE"), 2);
	assert_int_equal(count_of(&g.by_country, "NG"), 1);
	/* only the region's countries are listed */
	for (size_t i = 0; i < g.by_country.n; i++)
		assert_string_not_equal(g.by_country.v[i].code, "FR");
	/* M49: Eastern Africa (014) holds KE and ET */
	flt.place_kind = FIG_M49_REGION;
	flt.place = "014";
	compute(f, &flt, &g);
	assert_int_equal(g.total, 3);
	assert_int_equal(count_of(&g.by_group, "ldc"), 1);
	flt.place_kind = FIG_COUNTRY;
	flt.place = "NG";
	compute(f, &flt, &g);
	assert_string_equal(g.place_name, "Nigeria");
	assert_int_equal(g.total, 1);
	assert_int_equal(g.by_country.n, 1);
	/* a place with no initiative */
	flt.place = "ZA";
	compute(f, &flt, &g);
	assert_int_equal(g.total, 0);
	assert_int_equal(g.n_countries_none, 1);
}

static void test_filters(void **state)
{
	struct tu_db *f = *state;
	const char *gov[] = {"government"};
	struct fig_filter flt = {0};
	struct figures g;

	flt.from_year = 2015;
	flt.to_year = 2020;
	compute(f, &flt, &g);
	assert_int_equal(g.total, 2); /* A 2019, B 2020; E undated drops out */
	assert_int_equal(g.by_year.n, 6);
	assert_int_equal(g.recent_to, 2020);
	/* recent: 2018-2020 has C7, C1 but not C2 */
	{
		int c2 = 0, c1 = 0;

		for (size_t i = 0; i < g.n_al_not_recent; i++) {
			const char *code = g.by_action_line.v[g.al_not_recent[i]].code;

			c2 |= strcmp(code, "C2") == 0;
			c1 |= strcmp(code, "C1") == 0;
		}
		assert_true(c2);
		assert_false(c1);
	}
	memset(&flt, 0, sizeof flt);
	flt.stakeholder_types = gov;
	flt.n_stakeholder_types = 1;
	compute(f, &flt, &g);
	assert_int_equal(g.total, 3); /* A, C, G */
	memset(&flt, 0, sizeof flt);
	flt.origins = 1 << FIG_ORIGIN_SUBMITTER;
	compute(f, &flt, &g);
	assert_int_equal(g.total, 6); /* origins filter tags, not initiatives */
	assert_int_equal(count_of(&g.by_sdg, "3"), 1);
	assert_int_equal(count_of(&g.by_action_line, "C7.e-health"), 1);
	assert_int_equal(count_of(&g.by_action_line, "C7"), 2);
	assert_int_equal(count_of(&g.by_action_line, "C2"), 0); /* moderator's */
	assert_int_equal(count_of(&g.by_gdc, "1"), 0);
	flt.origins = 1 << FIG_ORIGIN_MODEL;
	compute(f, &flt, &g);
	assert_int_equal(count_of(&g.by_sdg, "3"), 1);
	assert_int_equal(count_of(&g.by_gdc, "1"), 1);
	memset(&flt, 0, sizeof flt);
	flt.states = (1 << FIG_STATE_PUBLISHED) | (1 << FIG_STATE_SUBMITTED);
	compute(f, &flt, &g);
	assert_int_equal(g.total, 7);
	assert_int_equal(count_of(&g.by_sdg, "3"), 3);
	flt.states = 1 << FIG_STATE_SUBMITTED;
	compute(f, &flt, &g);
	assert_int_equal(g.total, 1);
}

static void test_bad_filters(void **state)
{
	struct tu_db *f = *state;
	const char *bad[] = {"aliens"};
	struct fig_filter flt = {0};
	struct figures g;
	struct errinfo e;

	flt.from_year = 2020;
	flt.to_year = 2010;
	assert_int_equal(figures_compute(f->s, &flt, LANG_EN, &f->a, &g, &e), ERR_INVALID);
	assert_string_equal(e.field, "from");
	memset(&flt, 0, sizeof flt);
	flt.stakeholder_types = bad;
	flt.n_stakeholder_types = 1;
	assert_int_equal(figures_compute(f->s, &flt, LANG_EN, &f->a, &g, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "aliens"));
	memset(&flt, 0, sizeof flt);
	flt.place_kind = FIG_ITU_REGION;
	flt.place = "atlantis";
	assert_int_equal(figures_compute(f->s, &flt, LANG_EN, &f->a, &g, &e), ERR_NOT_FOUND);
	assert_non_null(strstr(e.msg, "atlantis"));
	flt.place_kind = FIG_M49_REGION;
	flt.place = "999";
	assert_int_equal(figures_compute(f->s, &flt, LANG_EN, &f->a, &g, &e), ERR_NOT_FOUND);
	flt.place_kind = FIG_COUNTRY;
	flt.place = "XX";
	assert_int_equal(figures_compute(f->s, &flt, LANG_EN, &f->a, &g, &e), ERR_NOT_FOUND);
}

static void test_place_kind(void **state)
{
	enum fig_place k;

	(void)state;
	assert_int_equal(figures_place_kind("africa", &k), 0);
	assert_int_equal(k, FIG_ITU_REGION);
	assert_int_equal(figures_place_kind("arab-states", &k), 0);
	assert_int_equal(k, FIG_ITU_REGION);
	assert_int_equal(figures_place_kind("019", &k), 0);
	assert_int_equal(k, FIG_M49_REGION);
	assert_int_equal(figures_place_kind("ke", &k), 0);
	assert_int_equal(k, FIG_COUNTRY);
	assert_int_equal(figures_place_kind("world", &k), 0);
	assert_int_equal(k, FIG_WORLD);
	assert_int_equal(figures_place_kind("<script>", &k), -1);
	assert_int_equal(figures_place_kind("12", &k), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_world, setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_most_cited, setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_region, setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_filters, setup, tu_db_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_filters, setup, tu_db_teardown),
	    cmocka_unit_test(test_place_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
