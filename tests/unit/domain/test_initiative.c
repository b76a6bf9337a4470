/*
 * test_initiative.c - unit tests for src/domain/initiative.h: every rule of ini_validate
 * (required title, limits in characters, enumerations, dates, URLs, ISO codes, duplicates,
 * tags, source pairing, language) with the field each error names, and the ini_add_*
 * helpers with their limits.
 */
#include "testutil.h"

#include "domain/initiative.h"
#include "domain/record_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int setup(void **state)
{
	struct tu_record *f;

	if (tu_record_setup(state))
		return -1;
	f = *state;
	f->ini.title = "Rural telemedicine network";
	return 0;
}

/* rep returns n copies of the C string unit, in the fixture's arena. */
static const char *rep(struct tu_record *f, const char *unit, size_t n)
{
	size_t len = strlen(unit);
	char *s = arena_alloc(&f->a, len * n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, unit, len);
	return s;
}

/* expect_ok asserts f->ini validates. */
static void expect_ok(struct tu_record *f)
{
	int rc = ini_validate(&f->ini, &f->e);

	if (rc != 0)
		fail_msg("ini_validate: %s (field %s): %s", err_name(rc), f->e.field, f->e.msg);
}

/* expect_err asserts f->ini fails with code, naming field, with needle in the message. */
static void expect_err(struct tu_record *f, int code, const char *field, const char *needle)
{
	int rc;

	errinfo_clear(&f->e);
	rc = ini_validate(&f->ini, &f->e);
	if (rc != code)
		fail_msg("expected %s on %s, got %s (field \"%s\": %s)", err_name(code), field,
			 err_name(rc), f->e.field, f->e.msg);
	assert_int_equal(f->e.code, code);
	assert_string_equal(f->e.field, field);
	assert_true(f->e.msg[0] != '\0');
	if (needle && !strstr(f->e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", f->e.msg, needle);
}

static void test_minimal_record_valid(void **state)
{
	struct tu_record *f = *state;

	expect_ok(f);
	/* A NULL errinfo is allowed: only the code comes back. */
	f->ini.title = NULL;
	assert_int_equal(ini_validate(&f->ini, NULL), ERR_INVALID);
}

static void test_full_record_valid(void **state)
{
	struct tu_record *f = *state;
	struct initiative *ini = &f->ini;

	tu_full_record(ini, &f->a);
	/* and what that record does not have: Markdown, a plain http URL, a sector by name, a
	 * target from the model with its score */
	ini->description = "# Heading\n\nMarkdown *text*.";
	ini->url = "http://example.org/";
	assert_int_equal(ini_add_sector(ini, &f->a, "WB:Primary education"), 0);
	assert_int_equal(ini_add_tag(ini, &f->a, "sdg_target", "5.b", "model", 0.5, 1), 0);
	/* The same code in another scheme is not a duplicate. */
	assert_int_equal(ini_add_tag(ini, &f->a, "gdc", "3", NULL, 0.0, 1), 0);
	expect_ok(f);
}

static void test_title_required(void **state)
{
	struct tu_record *f = *state;

	f->ini.title = NULL;
	expect_err(f, ERR_INVALID, "title", "required");
	f->ini.title = "";
	expect_err(f, ERR_INVALID, "title", "required");
	f->ini.title = " \t\n ";
	expect_err(f, ERR_INVALID, "title", "blank");
	f->ini.title = "ok\xc3";
	expect_err(f, ERR_INVALID, "title", "UTF-8");
	f->ini.title = "\xed\xa0\x80 surrogate";
	expect_err(f, ERR_INVALID, "title", "UTF-8");
}

static void test_title_limit_in_characters(void **state)
{
	struct tu_record *f = *state;

	/* 500 two-byte letters: 1000 bytes but 500 characters. */
	f->ini.title = rep(f, "\xc3\xa9", INI_MAX_TITLE);
	expect_ok(f);
	f->ini.title = rep(f, "\xe6\x9d\xb1", INI_MAX_TITLE); /* three-byte */
	expect_ok(f);
	f->ini.title = rep(f, "\xf0\x9f\x98\x80", INI_MAX_TITLE); /* four-byte */
	expect_ok(f);
	f->ini.title = rep(f, "\xc3\xa9", INI_MAX_TITLE + 1);
	expect_err(f, ERR_TOO_LARGE, "title", "501");
	f->ini.title = rep(f, "a", INI_MAX_TITLE);
	expect_ok(f);
	f->ini.title = rep(f, "a", INI_MAX_TITLE + 1);
	expect_err(f, ERR_TOO_LARGE, "title", "500");
}

static void test_summary_and_description_limits(void **state)
{
	struct tu_record *f = *state;

	f->ini.summary = rep(f, "\xc3\xa9", INI_MAX_SUMMARY);
	expect_ok(f);
	f->ini.summary = rep(f, "\xc3\xa9", INI_MAX_SUMMARY + 1);
	expect_err(f, ERR_TOO_LARGE, "summary", NULL);
	f->ini.summary = "bad \xff byte";
	expect_err(f, ERR_INVALID, "summary", "UTF-8");
	f->ini.summary = ""; /* optional: empty is absent */
	expect_ok(f);

	f->ini.description = rep(f, "\xc3\xa9", INI_MAX_DESCRIPTION);
	expect_ok(f);
	f->ini.description = rep(f, "\xc3\xa9", INI_MAX_DESCRIPTION + 1);
	expect_err(f, ERR_TOO_LARGE, "description", NULL);
	f->ini.description = "overlong \xc0\xaf";
	expect_err(f, ERR_INVALID, "description", "UTF-8");
}

/* check_enum_field sets *slot to each allowed value, then to a bad one. */
static void check_enum_field(struct tu_record *f, const char **slot, const char *const *list,
			     const char *field)
{
	char allowed[256];

	for (const char *const *v = list; *v; v++) {
		*slot = *v;
		expect_ok(f);
	}
	ini_enum_list(list, allowed, sizeof allowed);
	*slot = "Civil Society";
	expect_err(f, ERR_INVALID, field, allowed);
	assert_non_null(strstr(f->e.msg, "\"Civil Society\""));
	*slot = "";
	expect_err(f, ERR_INVALID, field, allowed);
	*slot = NULL;
	expect_ok(f);
}

static void test_enums(void **state)
{
	struct tu_record *f = *state;

	check_enum_field(f, &f->ini.stakeholder_type, ini_stakeholder_types, "stakeholder_type");
	check_enum_field(f, &f->ini.scope, ini_scopes, "scope");
	check_enum_field(f, &f->ini.status, ini_statuses, "status");
	check_enum_field(f, &f->ini.state, ini_states, "state");
	/* The allowed list in the message is spelled out in full. */
	f->ini.scope = "global";
	expect_err(f, ERR_INVALID, "scope", "national, regional, international");
	f->ini.scope = NULL;
	f->ini.stakeholder_type = "ngo";
	expect_err(f, ERR_INVALID, "stakeholder_type",
		   "government, private-sector, civil-society, academia, "
		   "international-organisation, technical-community, un-entity, other");
}

static void test_enum_helpers(void **state)
{
	char out[64], tiny[8];

	(void)state;
	assert_true(ini_enum_valid(ini_statuses, "ongoing"));
	assert_false(ini_enum_valid(ini_statuses, "Ongoing"));
	assert_false(ini_enum_valid(ini_statuses, NULL));
	assert_true(ini_enum_valid(ini_tag_origins, "model"));
	assert_true(ini_enum_valid(ini_tag_schemes, "action_line"));
	ini_enum_list(ini_statuses, out, sizeof out);
	assert_string_equal(out, "planned, ongoing, completed");
	/* A small buffer gets a truncated but terminated list. */
	memset(tiny, 'x', sizeof tiny);
	ini_enum_list(ini_statuses, tiny, sizeof tiny);
	assert_true(memchr(tiny, '\0', sizeof tiny) != NULL);
	assert_int_equal(strncmp(tiny, "planned", 7), 0);
}

static void test_dates(void **state)
{
	struct tu_record *f = *state;
	static const char *const good[] = {"2019", "2019-03", "2019-03-15", "2020-02-29"};
	static const char *const bad[] = {"2019-02-29",           "2019-13", "2019-3",     "19",
					  "2019-03-15T00:00:00Z", "1899",    "2019-04-31", "soon"};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		f->ini.start_date = good[i];
		f->ini.end_date = NULL;
		expect_ok(f);
		f->ini.start_date = NULL;
		f->ini.end_date = good[i];
		expect_ok(f);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f->ini.start_date = bad[i];
		f->ini.end_date = NULL;
		expect_err(f, ERR_INVALID, "start_date", "YYYY");
		f->ini.start_date = NULL;
		f->ini.end_date = bad[i];
		expect_err(f, ERR_INVALID, "end_date", "YYYY");
	}
}

static void test_end_before_start(void **state)
{
	struct tu_record *f = *state;
	static const char *const ok[][2] = {
	    {"2019", "2019"},
	    {"2019", "2020"},
	    {"2019-03", "2019-03"},
	    {"2019-03-15", "2019-03"}, /* ends in the month it starts */
	    {"2019-06", "2019"},
	    {"2019", "2019-01-01"},
	    {"2019-03-15", "2019-03-15"},
	    {"2019-12-31", "2020-01-01"},
	    {"2019-03-15", "2019-03-16"},
	};
	static const char *const bad[][2] = {
	    {"2019", "2018"},          {"2019", "2018-12-31"},
	    {"2019-03", "2019-02"},    {"2019-03-15", "2019-03-14"},
	    {"2019-06", "2019-05-31"}, {"2020-01-01", "2019"},
	};

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		f->ini.start_date = ok[i][0];
		f->ini.end_date = ok[i][1];
		expect_ok(f);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f->ini.start_date = bad[i][0];
		f->ini.end_date = bad[i][1];
		expect_err(f, ERR_INVALID, "end_date", "before");
	}
}

static void test_urls(void **state)
{
	struct tu_record *f = *state;
	static const char *const good[] = {"http://example.org", "https://example.org/a?b=c#d",
					   "https://xn--exmple-cua.org/caf\xc3\xa9"};
	static const char *const bad[] = {"ftp://example.org",   "example.org",
					  "javascript:alert(1)", "//example.org",
					  "mailto:a@b.c",        "http:/x"};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		f->ini.url = good[i];
		expect_ok(f);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f->ini.url = bad[i];
		expect_err(f, ERR_INVALID, "url", "http");
	}
	f->ini.url = "http://exa mple.org";
	expect_err(f, ERR_INVALID, "url", "white space");
	f->ini.url = "https://example.org/\tx";
	expect_err(f, ERR_INVALID, "url", "white space");
	f->ini.url = "https://example.org/\n";
	expect_err(f, ERR_INVALID, "url", NULL);
	f->ini.url = "https://example.org/\xff";
	expect_err(f, ERR_INVALID, "url", "UTF-8");

	/* 2,000 characters pass, 2,001 do not. */
	{
		const char *head = "https://example.org/";
		size_t hl = strlen(head);
		char *u = arena_alloc(&f->a, INI_MAX_URL + 2);

		memcpy(u, head, hl);
		memset(u + hl, 'a', INI_MAX_URL - hl);
		f->ini.url = u;
		expect_ok(f);
		u[INI_MAX_URL] = 'a';
		expect_err(f, ERR_TOO_LARGE, "url", NULL);
	}
	f->ini.url = NULL;

	f->ini.org.name = "Org";
	f->ini.org.website = "ftp://example.org";
	expect_err(f, ERR_INVALID, "organisation_website", "http");
	f->ini.org.website = "https://example.org";
	expect_ok(f);
}

static void test_organisation(void **state)
{
	struct tu_record *f = *state;

	/* Any organisation field makes the name required. */
	f->ini.org.country = "KE";
	expect_err(f, ERR_INVALID, "organisation", "required");
	f->ini.org.country = NULL;
	f->ini.org.stakeholder_type = "academia";
	expect_err(f, ERR_INVALID, "organisation", "required");
	f->ini.org.name = "University";
	expect_ok(f);
	f->ini.org.stakeholder_type = "university";
	expect_err(f, ERR_INVALID, "organisation_type", "government, private-sector");
	f->ini.org.stakeholder_type = NULL;
	f->ini.org.name = rep(f, "\xc3\xa9", INI_MAX_NAME);
	expect_ok(f);
	f->ini.org.name = rep(f, "\xc3\xa9", INI_MAX_NAME + 1);
	expect_err(f, ERR_TOO_LARGE, "organisation", NULL);
	f->ini.org.name = "   ";
	expect_err(f, ERR_INVALID, "organisation", "blank");
}

static void test_iso2(void **state)
{
	struct tu_record *f = *state;
	static const char *const bad[] = {"ke",
					  "Ke",
					  "KEN",
					  "K",
					  "",
					  "K1",
					  "K ",
					  "\xc3\x89"
					  "E"};

	f->ini.org.name = "Org";
	f->ini.org.country = "KE";
	expect_ok(f);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f->ini.org.country = bad[i];
		expect_err(f, ERR_INVALID, "organisation_country", "ISO 3166-1");
	}
	f->ini.org.country = NULL;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f->ini.ncountries = 0;
		assert_int_equal(ini_add_country(&f->ini, &f->a, "KE"), 0);
		assert_int_equal(ini_add_country(&f->ini, &f->a, bad[i]), 0);
		expect_err(f, ERR_INVALID, "countries", "ISO 3166-1");
	}
}

static void test_duplicate_countries(void **state)
{
	struct tu_record *f = *state;

	assert_int_equal(ini_add_country(&f->ini, &f->a, "KE"), 0);
	assert_int_equal(ini_add_country(&f->ini, &f->a, "TZ"), 0);
	assert_int_equal(ini_add_country(&f->ini, &f->a, "UG"), 0);
	expect_ok(f);
	assert_int_equal(ini_add_country(&f->ini, &f->a, "TZ"), 0);
	expect_err(f, ERR_INVALID, "countries", "\"TZ\" twice");
}

/* A NULL entry in the country list is an empty value, like a NULL region or tag code. */
static void test_null_country_rejected(void **state)
{
	struct tu_record *f = *state;

	assert_int_equal(ini_add_country(&f->ini, &f->a, NULL), 0);
	expect_err(f, ERR_INVALID, "countries", NULL);
}

static void test_regions_and_sectors(void **state)
{
	struct tu_record *f = *state;

	assert_int_equal(ini_add_region(&f->ini, &f->a, "M49:002"), 0);
	assert_int_equal(ini_add_region(&f->ini, &f->a, rep(f, "\xc3\xa9", INI_MAX_CODE)), 0);
	assert_int_equal(ini_add_sector(&f->ini, &f->a, "DAC:11220"), 0);
	assert_int_equal(ini_add_sector(&f->ini, &f->a, "WB:Primary education"), 0);
	expect_ok(f);

	f->ini.regions[1] = rep(f, "\xc3\xa9", INI_MAX_CODE + 1);
	expect_err(f, ERR_TOO_LARGE, "regions", NULL);
	f->ini.regions[1] = "";
	expect_err(f, ERR_INVALID, "regions", "empty");
	f->ini.regions[1] = NULL;
	expect_err(f, ERR_INVALID, "regions", "empty");
	f->ini.regions[1] = "M49:\t002";
	expect_err(f, ERR_INVALID, "regions", "control");
	f->ini.regions[1] = "M49:002\n";
	expect_err(f, ERR_INVALID, "regions", "control");
	f->ini.regions[1] = "M49:\x7f";
	expect_err(f, ERR_INVALID, "regions", "control");
	f->ini.regions[1] = "\xc3";
	expect_err(f, ERR_INVALID, "regions", "UTF-8");
	f->ini.regions[1] = "M49:150";
	expect_ok(f);

	f->ini.sectors[0] = rep(f, "x", INI_MAX_CODE + 1);
	expect_err(f, ERR_TOO_LARGE, "sectors", NULL);
	f->ini.sectors[0] = "   ";
	expect_err(f, ERR_INVALID, "sectors", NULL);
	f->ini.sectors[0] = "DAC:\r11220";
	expect_err(f, ERR_INVALID, "sectors", "control");
}

static void test_partners(void **state)
{
	struct tu_record *f = *state;

	assert_int_equal(ini_add_partner(&f->ini, &f->a, "Funder", "funding"), 0);
	expect_ok(f);
	f->ini.partners[0].name = NULL;
	expect_err(f, ERR_INVALID, "partners", "required");
	f->ini.partners[0].name = rep(f, "\xc3\xa9", INI_MAX_NAME + 1);
	expect_err(f, ERR_TOO_LARGE, "partners", NULL);
	f->ini.partners[0].name = rep(f, "\xc3\xa9", INI_MAX_NAME);
	expect_ok(f);
	f->ini.partners[0].role = rep(f, "r", INI_MAX_CODE + 1);
	expect_err(f, ERR_TOO_LARGE, "partners", NULL);
	f->ini.partners[0].role = "\xc3\x28";
	expect_err(f, ERR_INVALID, "partners", "UTF-8");
}

static void test_tags(void **state)
{
	struct tu_record *f = *state;
	struct tag *t;

	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "5", NULL, 0, 0), 0);
	expect_ok(f);
	t = &f->ini.tags[0];
	assert_string_equal(t->origin, "submitter");

	t->scheme = "sdgs";
	expect_err(f, ERR_INVALID, "tags", "sdg, sdg_target, action_line, gdc");
	t->scheme = NULL;
	expect_err(f, ERR_INVALID, "tags", "scheme");
	t->scheme = "sdg";

	t->origin = "robot";
	expect_err(f, ERR_INVALID, "tags", "submitter, moderator, model");
	t->origin = NULL; /* unset origin is allowed */
	expect_ok(f);
	t->origin = "model";

	t->code = "";
	expect_err(f, ERR_INVALID, "tags", "empty");
	t->code = NULL;
	expect_err(f, ERR_INVALID, "tags", "empty");
	t->code = "5 b";
	expect_err(f, ERR_INVALID, "tags", "not allowed");
	t->code = "5\xc3\xa9";
	expect_err(f, ERR_INVALID, "tags", "not allowed");
	t->code = rep(f, "9", INI_MAX_CODE);
	expect_ok(f);
	t->code = rep(f, "9", INI_MAX_CODE + 1);
	expect_err(f, ERR_TOO_LARGE, "tags", NULL);
	t->code = "5";
	expect_ok(f);
}

static void test_tag_scores(void **state)
{
	struct tu_record *f = *state;
	struct tag *t;
	const double good[] = {0.0, 0.5, 1.0, 1e-9};
	const double bad[] = {-0.01, 1.01, -1.0, 2.0, NAN, INFINITY, -INFINITY};

	assert_int_equal(ini_add_tag(&f->ini, &f->a, "gdc", "2", "model", 0.5, 1), 0);
	t = &f->ini.tags[0];
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		t->score = good[i];
		expect_ok(f);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		t->score = bad[i];
		expect_err(f, ERR_INVALID, "tags", "score");
	}
	/* Without has_score the score field is not looked at. */
	t->has_score = 0;
	t->score = 7.0;
	expect_ok(f);
}

static void test_duplicate_tags(void **state)
{
	struct tu_record *f = *state;

	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "5", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "gdc", "5", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "9", NULL, 0, 0), 0);
	expect_ok(f);
	/* The same scheme and code twice, even with another origin. */
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "5", "model", 0.9, 1), 0);
	expect_err(f, ERR_INVALID, "tags", "twice");
}

static void test_source(void **state)
{
	struct tu_record *f = *state;
	static const char *const good[] = {"dpg", "iati", "wsis-prizes-2015", "a.b_c-d", "x9"};
	static const char *const bad[] = {"DPG", "my source", "src/1", "caf\xc3\xa9", "a:b"};

	f->ini.source = "dpg";
	expect_err(f, ERR_INVALID, "source_id", "together");
	f->ini.source = NULL;
	f->ini.source_id = "1";
	expect_err(f, ERR_INVALID, "source", "together");
	f->ini.source = "dpg";
	expect_ok(f);
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		f->ini.source = good[i];
		expect_ok(f);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f->ini.source = bad[i];
		expect_err(f, ERR_INVALID, "source", "a-z, 0-9");
	}
	f->ini.source = "";
	expect_err(f, ERR_INVALID, "source", "required");
	f->ini.source = rep(f, "s", INI_MAX_SOURCE);
	expect_ok(f);
	f->ini.source = rep(f, "s", INI_MAX_SOURCE + 1);
	expect_err(f, ERR_TOO_LARGE, "source", NULL);
	f->ini.source = "dpg";

	/* source_id: any text, 200 characters. */
	f->ini.source_id = "Org/Project #1 (caf\xc3\xa9)";
	expect_ok(f);
	f->ini.source_id = rep(f, "\xc3\xa9", INI_MAX_SOURCE_ID);
	expect_ok(f);
	f->ini.source_id = rep(f, "\xc3\xa9", INI_MAX_SOURCE_ID + 1);
	expect_err(f, ERR_TOO_LARGE, "source_id", NULL);
	f->ini.source_id = "";
	expect_err(f, ERR_INVALID, "source_id", "required");
	f->ini.source_id = "  ";
	expect_err(f, ERR_INVALID, "source_id", "blank");
	f->ini.source_id = "\xc3";
	expect_err(f, ERR_INVALID, "source_id", "UTF-8");
}

static void test_language(void **state)
{
	struct tu_record *f = *state;
	static const char *const good[] = {"en", "fr", "es", "zh", "sw"};
	static const char *const bad[] = {"EN", "En", "eng", "e", "", "fr-CA", "e1", "e "};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		f->ini.language = good[i];
		expect_ok(f);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f->ini.language = bad[i];
		expect_err(f, ERR_INVALID, "language", "ISO 639-1");
	}
}

static void test_add_country_limit(void **state)
{
	struct tu_record *f = *state;
	char code[3];

	for (int i = 0; i < INI_MAX_COUNTRIES; i++) {
		char *c = arena_sprintf(&f->a, "%c%c", 'A' + i / 26, 'A' + i % 26);

		assert_int_equal(ini_add_country(&f->ini, &f->a, c), 0);
	}
	assert_int_equal(f->ini.ncountries, INI_MAX_COUNTRIES);
	assert_int_equal(ini_add_country(&f->ini, &f->a, "ZZ"), ERR_TOO_LARGE);
	assert_int_equal(f->ini.ncountries, INI_MAX_COUNTRIES);
	/* What was added is intact after the growth steps. */
	for (int i = 0; i < INI_MAX_COUNTRIES; i++) {
		code[0] = (char)('A' + i / 26);
		code[1] = (char)('A' + i % 26);
		code[2] = '\0';
		assert_string_equal(f->ini.countries[i], code);
	}
	expect_ok(f);
}

static void test_add_list_limits(void **state)
{
	struct tu_record *f = *state;

	for (int i = 0; i < INI_MAX_REGIONS; i++)
		assert_int_equal(ini_add_region(&f->ini, &f->a, "M49:002"), 0);
	assert_int_equal(ini_add_region(&f->ini, &f->a, "M49:002"), ERR_TOO_LARGE);
	assert_int_equal(f->ini.nregions, INI_MAX_REGIONS);

	for (int i = 0; i < INI_MAX_SECTORS; i++)
		assert_int_equal(ini_add_sector(&f->ini, &f->a, "DAC:1"), 0);
	assert_int_equal(ini_add_sector(&f->ini, &f->a, "DAC:1"), ERR_TOO_LARGE);
	assert_int_equal(f->ini.nsectors, INI_MAX_SECTORS);

	for (int i = 0; i < INI_MAX_PARTNERS; i++)
		assert_int_equal(ini_add_partner(&f->ini, &f->a, "P", NULL), 0);
	assert_int_equal(ini_add_partner(&f->ini, &f->a, "P", NULL), ERR_TOO_LARGE);
	assert_int_equal(f->ini.npartners, INI_MAX_PARTNERS);

	for (int i = 0; i < INI_MAX_TAGS; i++) {
		const char *code = arena_sprintf(&f->a, "C%d", i);

		assert_int_equal(ini_add_tag(&f->ini, &f->a, "action_line", code, NULL, 0, 0), 0);
	}
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "1", NULL, 0, 0), ERR_TOO_LARGE);
	assert_int_equal(f->ini.ntags, INI_MAX_TAGS);
	assert_string_equal(f->ini.tags[INI_MAX_TAGS - 1].code, "C499");
	assert_string_equal(f->ini.tags[0].code, "C0");
}

static void test_add_out_of_memory(void **state)
{
	struct arena small;
	struct initiative ini;

	(void)state;
	arena_init(&small, 16);
	ini_init(&ini);
	/* The first growth asks for four pointers (32 bytes): over this arena's limit. */
	assert_int_equal(ini_add_country(&ini, &small, "KE"), ERR_NOMEM);
	assert_int_equal(ini.ncountries, 0);
	assert_int_equal(ini_add_tag(&ini, &small, "sdg", "1", NULL, 0, 0), ERR_NOMEM);
	assert_int_equal(ini.ntags, 0);
	arena_cleanup(&small);
}

static void test_add_partner_and_tag_fields(void **state)
{
	struct tu_record *f = *state;

	assert_int_equal(ini_add_partner(&f->ini, &f->a, "A", "implementing"), 0);
	assert_int_equal(ini_add_partner(&f->ini, &f->a, "B", NULL), 0);
	assert_string_equal(f->ini.partners[0].name, "A");
	assert_string_equal(f->ini.partners[0].role, "implementing");
	assert_null(f->ini.partners[1].role);

	assert_false(ini_has_tag_scheme(&f->ini, "sdg"));
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "gdc", "4", "model", 0.25, 1), 0);
	assert_string_equal(f->ini.tags[0].scheme, "gdc");
	assert_string_equal(f->ini.tags[0].code, "4");
	assert_string_equal(f->ini.tags[0].origin, "model");
	assert_true(f->ini.tags[0].score == 0.25);
	assert_int_equal(f->ini.tags[0].has_score, 1);
	assert_true(ini_has_tag_scheme(&f->ini, "gdc"));
	assert_false(ini_has_tag_scheme(&f->ini, "sdg"));
}

/* ini_copy: every field and list item, copied into the other arena (the source can go). */
static void test_copy(void **state)
{
	struct tu_record *f = *state;
	struct initiative src, dst;
	struct arena sa;
	char *before, *after;

	arena_init(&sa, 0);
	ini_init(&src);
	src.id = 7;
	src.source = arena_strdup(&sa, "s");
	src.source_id = arena_strdup(&sa, "1");
	src.title = arena_strdup(&sa, "T");
	src.summary = arena_strdup(&sa, "S");
	src.description = arena_strdup(&sa, "D");
	src.org.name = arena_strdup(&sa, "O");
	src.org.stakeholder_type = arena_strdup(&sa, "academia");
	src.org.country = arena_strdup(&sa, "KE");
	src.org.website = arena_strdup(&sa, "https://o.example");
	src.stakeholder_type = arena_strdup(&sa, "academia");
	src.scope = arena_strdup(&sa, "national");
	src.start_date = arena_strdup(&sa, "2020");
	src.end_date = arena_strdup(&sa, "2021");
	src.status = arena_strdup(&sa, "ongoing");
	src.url = arena_strdup(&sa, "https://x.example");
	src.language = arena_strdup(&sa, "en");
	src.state = arena_strdup(&sa, "published");
	src.created_at = arena_strdup(&sa, "2026-01-01T00:00:00Z");
	src.updated_at = arena_strdup(&sa, "2026-01-02T00:00:00Z");
	assert_int_equal(ini_add_country(&src, &sa, arena_strdup(&sa, "KE")), 0);
	assert_int_equal(ini_add_country(&src, &sa, arena_strdup(&sa, "UG")), 0);
	assert_int_equal(ini_add_region(&src, &sa, arena_strdup(&sa, "002")), 0);
	assert_int_equal(ini_add_sector(&src, &sa, arena_strdup(&sa, "health")), 0);
	assert_int_equal(ini_add_partner(&src, &sa, arena_strdup(&sa, "P"), NULL), 0);
	assert_int_equal(ini_add_partner(&src, &sa, arena_strdup(&sa, "Q"), "funding"), 0);
	assert_int_equal(ini_add_tag(&src, &sa, "sdg", arena_strdup(&sa, "3"), "model", 0.5, 1), 0);
	assert_int_equal(ini_add_tag(&src, &sa, "gdc", "1", "submitter", 0, 0), 0);
	before = record_dump(&src, 1);
	assert_non_null(before);
	assert_int_equal(ini_copy(&dst, &src, &f->a), 0);
	assert_true(dst.title != src.title && dst.countries != src.countries &&
		    dst.tags[0].code != src.tags[0].code && dst.partners != src.partners);
	arena_cleanup(&sa);
	after = record_dump(&dst, 1);
	assert_non_null(after);
	assert_string_equal(after, before);
	assert_int_equal(dst.id, 7);
	free(before);
	free(after);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tu_record_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_minimal_record_valid),
	    T(test_full_record_valid),
	    T(test_copy),
	    T(test_title_required),
	    T(test_title_limit_in_characters),
	    T(test_summary_and_description_limits),
	    T(test_enums),
	    cmocka_unit_test(test_enum_helpers),
	    T(test_dates),
	    T(test_end_before_start),
	    T(test_urls),
	    T(test_organisation),
	    T(test_iso2),
	    T(test_duplicate_countries),
	    T(test_null_country_rejected),
	    T(test_regions_and_sectors),
	    T(test_partners),
	    T(test_tags),
	    T(test_tag_scores),
	    T(test_duplicate_tags),
	    T(test_source),
	    T(test_language),
	    T(test_add_country_limit),
	    T(test_add_list_limits),
	    cmocka_unit_test(test_add_out_of_memory),
	    T(test_add_partner_and_tag_fields),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
