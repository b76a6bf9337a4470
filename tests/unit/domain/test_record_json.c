/*
 * test_record_json.c - unit tests for src/domain/record_json.h: record_from_json (every
 * field, unknown fields, wrong types, integer codes and ids, empty strings as absent, NUL
 * and size limits) and record_to_json / record_dump (canonical key order, meta on and off,
 * scores, and the round trip from_json(dump(x)) == x).
 */
#include "testutil.h"

#include "domain/record_json.h"

#include <stdlib.h>
#include <string.h>

/* A record with every field of the format, keys deliberately not in canonical order. */
static const char full_json[] =
    "{\"title\":\"Rural telemedicine network\","
    "\"source\":\"example\",\"source_id\":\"1\","
    "\"summary\":\"Clinics in 40 villages \\\"consult\\\"\\nspecialists.\","
    "\"description\":\"# Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac \\u00e9\","
    "\"organisation\":{\"website\":\"https://hl.example\",\"name\":\"Health Link\","
    "\"stakeholder_type\":\"civil-society\",\"country\":\"KE\"},"
    "\"stakeholder_type\":\"civil-society\","
    "\"countries\":[\"KE\",\"TZ\"],"
    "\"regions\":[\"M49:002\",\"DAC:298\"],"
    "\"sectors\":[\"DAC:11220\"],"
    "\"partners\":[{\"name\":\"Ministry\",\"role\":\"funding\"},{\"name\":\"Helper\"}],"
    "\"scope\":\"regional\","
    "\"start_date\":\"2019-03\",\"end_date\":\"2021-12-31\","
    "\"status\":\"ongoing\","
    "\"url\":\"https://example.org/x\","
    "\"language\":\"en\","
    "\"state\":\"published\","
    "\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\"},"
    "{\"code\":\"C7.e-health\",\"scheme\":\"action_line\",\"origin\":\"moderator\"},"
    "{\"scheme\":\"sdg_target\",\"code\":\"5.b\",\"origin\":\"model\",\"score\":0.75}],"
    "\"id\":7,"
    "\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-02T03:04:05Z\"}";

/* parse loads text and runs record_from_json into f->ini (fresh), returning its code. */
static int parse(struct tu_record *f, const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);
	int rc;

	if (!j)
		fail_msg("bad test JSON: %s: %s", jerr.text, text);
	ini_init(&f->ini);
	errinfo_clear(&f->e);
	rc = record_from_json(j, &f->a, &f->ini, &f->e);
	json_decref(j);
	return rc;
}

static void parse_ok(struct tu_record *f, const char *text)
{
	int rc = parse(f, text);

	if (rc != 0)
		fail_msg("record_from_json: %s (field %s): %s\n%s", err_name(rc), f->e.field,
			 f->e.msg, text);
}

static void parse_err(struct tu_record *f, const char *text, int code, const char *field,
		      const char *needle)
{
	int rc = parse(f, text);

	if (rc != code)
		fail_msg("expected %s, got %s (field \"%s\": %s) for %s", err_name(code),
			 err_name(rc), f->e.field, f->e.msg, text);
	assert_int_equal(f->e.code, code);
	assert_string_equal(f->e.field, field);
	if (needle && !strstr(f->e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", f->e.msg, needle);
}

static int str_eq(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

#define ASSERT_STR_FIELD(x, y, name)                                    \
	do {                                                            \
		if (!str_eq((x)->name, (y)->name))                      \
			fail_msg("%s differs: \"%s\" vs \"%s\"", #name, \
				 (x)->name ? (x)->name : "(null)",      \
				 (y)->name ? (y)->name : "(null)");     \
	} while (0)

/* assert_ini_equal compares every field of two records except id. */
static void assert_ini_equal(const struct initiative *x, const struct initiative *y)
{
	ASSERT_STR_FIELD(x, y, source);
	ASSERT_STR_FIELD(x, y, source_id);
	ASSERT_STR_FIELD(x, y, title);
	ASSERT_STR_FIELD(x, y, summary);
	ASSERT_STR_FIELD(x, y, description);
	ASSERT_STR_FIELD(x, y, org.name);
	ASSERT_STR_FIELD(x, y, org.stakeholder_type);
	ASSERT_STR_FIELD(x, y, org.country);
	ASSERT_STR_FIELD(x, y, org.website);
	ASSERT_STR_FIELD(x, y, stakeholder_type);
	ASSERT_STR_FIELD(x, y, scope);
	ASSERT_STR_FIELD(x, y, start_date);
	ASSERT_STR_FIELD(x, y, end_date);
	ASSERT_STR_FIELD(x, y, status);
	ASSERT_STR_FIELD(x, y, url);
	ASSERT_STR_FIELD(x, y, language);
	ASSERT_STR_FIELD(x, y, state);
	ASSERT_STR_FIELD(x, y, created_at);
	ASSERT_STR_FIELD(x, y, updated_at);
	assert_int_equal(x->ncountries, y->ncountries);
	for (size_t i = 0; i < x->ncountries; i++)
		assert_string_equal(x->countries[i], y->countries[i]);
	assert_int_equal(x->nregions, y->nregions);
	for (size_t i = 0; i < x->nregions; i++)
		assert_string_equal(x->regions[i], y->regions[i]);
	assert_int_equal(x->nsectors, y->nsectors);
	for (size_t i = 0; i < x->nsectors; i++)
		assert_string_equal(x->sectors[i], y->sectors[i]);
	assert_int_equal(x->npartners, y->npartners);
	for (size_t i = 0; i < x->npartners; i++) {
		assert_string_equal(x->partners[i].name, y->partners[i].name);
		assert_true(str_eq(x->partners[i].role, y->partners[i].role));
	}
	assert_int_equal(x->ntags, y->ntags);
	for (size_t i = 0; i < x->ntags; i++) {
		assert_string_equal(x->tags[i].scheme, y->tags[i].scheme);
		assert_string_equal(x->tags[i].code, y->tags[i].code);
		assert_true(str_eq(x->tags[i].origin, y->tags[i].origin));
		assert_int_equal(x->tags[i].has_score, y->tags[i].has_score);
		if (x->tags[i].has_score)
			assert_true(x->tags[i].score == y->tags[i].score);
	}
}

static void test_every_field(void **state)
{
	struct tu_record *f = *state;
	const struct initiative *ini = &f->ini;

	parse_ok(f, full_json);
	assert_string_equal(ini->title, "Rural telemedicine network");
	assert_string_equal(ini->source, "example");
	assert_string_equal(ini->source_id, "1");
	assert_string_equal(ini->summary, "Clinics in 40 villages \"consult\"\nspecialists.");
	assert_string_equal(ini->description, "# Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac \xc3\xa9");
	assert_string_equal(ini->org.name, "Health Link");
	assert_string_equal(ini->org.stakeholder_type, "civil-society");
	assert_string_equal(ini->org.country, "KE");
	assert_string_equal(ini->org.website, "https://hl.example");
	assert_string_equal(ini->stakeholder_type, "civil-society");
	assert_int_equal(ini->ncountries, 2);
	assert_string_equal(ini->countries[0], "KE");
	assert_string_equal(ini->countries[1], "TZ");
	assert_int_equal(ini->nregions, 2);
	assert_string_equal(ini->regions[1], "DAC:298");
	assert_int_equal(ini->nsectors, 1);
	assert_string_equal(ini->sectors[0], "DAC:11220");
	assert_int_equal(ini->npartners, 2);
	assert_string_equal(ini->partners[0].name, "Ministry");
	assert_string_equal(ini->partners[0].role, "funding");
	assert_string_equal(ini->partners[1].name, "Helper");
	assert_null(ini->partners[1].role);
	assert_string_equal(ini->scope, "regional");
	assert_string_equal(ini->start_date, "2019-03");
	assert_string_equal(ini->end_date, "2021-12-31");
	assert_string_equal(ini->status, "ongoing");
	assert_string_equal(ini->url, "https://example.org/x");
	assert_string_equal(ini->language, "en");
	assert_string_equal(ini->state, "published");
	assert_int_equal(ini->ntags, 3);
	assert_string_equal(ini->tags[0].scheme, "sdg");
	assert_string_equal(ini->tags[0].code, "3");
	assert_string_equal(ini->tags[0].origin, "submitter"); /* the default */
	assert_int_equal(ini->tags[0].has_score, 0);
	assert_string_equal(ini->tags[1].scheme, "action_line");
	assert_string_equal(ini->tags[1].code, "C7.e-health");
	assert_string_equal(ini->tags[1].origin, "moderator");
	assert_string_equal(ini->tags[2].origin, "model");
	assert_int_equal(ini->tags[2].has_score, 1);
	assert_true(ini->tags[2].score == 0.75);
	assert_string_equal(ini->created_at, "2024-01-01T00:00:00Z");
	assert_string_equal(ini->updated_at, "2024-01-02T03:04:05Z");
	/* ids belong to the database that wrote them: read, checked, not taken. */
	assert_int_equal(ini->id, 0);
	/* The parsed record is a valid one. */
	assert_int_equal(ini_validate(ini, &f->e), 0);
}

static void test_unknown_fields(void **state)
{
	struct tu_record *f = *state;

	parse_err(f, "{\"title\":\"x\",\"titel\":\"y\"}", ERR_INVALID, "titel", "\"titel\"");
	parse_err(f, "{\"Title\":\"x\"}", ERR_INVALID, "Title", "unknown");
	parse_err(f, "{\"title\":\"x\",\"sdgs\":[1]}", ERR_INVALID, "sdgs", "\"sdgs\"");
	parse_err(f, "{\"title\":\"x\",\"organisation\":{\"name\":\"n\",\"type\":\"x\"}}",
		  ERR_INVALID, "organisation", "\"type\"");
	parse_err(f, "{\"title\":\"x\",\"partners\":[{\"name\":\"n\",\"kind\":\"x\"}]}",
		  ERR_INVALID, "partners", "\"kind\"");
	parse_err(f, "{\"title\":\"x\",\"tags\":[{\"scheme\":\"sdg\",\"code\":\"1\",\"w\":1}]}",
		  ERR_INVALID, "tags", "\"w\"");
}

static void test_wrong_types(void **state)
{
	struct tu_record *f = *state;
	static const struct {
		const char *json, *field;
	} cases[] = {
	    {"{\"title\":5}", "title"},
	    {"{\"title\":\"x\",\"summary\":true}", "summary"},
	    {"{\"title\":\"x\",\"description\":[\"a\"]}", "description"},
	    {"{\"title\":\"x\",\"start_date\":2019}", "start_date"},
	    {"{\"title\":\"x\",\"url\":{}}", "url"},
	    {"{\"title\":\"x\",\"created_at\":0}", "created_at"},
	    {"{\"title\":\"x\",\"countries\":\"KE\"}", "countries"},
	    {"{\"title\":\"x\",\"countries\":[\"KE\",1]}", "countries"},
	    {"{\"title\":\"x\",\"countries\":[null]}", "countries"},
	    {"{\"title\":\"x\",\"countries\":[\"\"]}", "countries"},
	    {"{\"title\":\"x\",\"regions\":{}}", "regions"},
	    {"{\"title\":\"x\",\"sectors\":[[\"DAC:1\"]]}", "sectors"},
	    {"{\"title\":\"x\",\"organisation\":\"Org\"}", "organisation"},
	    {"{\"title\":\"x\",\"organisation\":[]}", "organisation"},
	    {"{\"title\":\"x\",\"organisation\":{\"name\":5}}", "organisation"},
	    {"{\"title\":\"x\",\"organisation\":{\"name\":\"n\",\"country\":1}}",
	     "organisation_country"},
	    {"{\"title\":\"x\",\"organisation\":{\"name\":\"n\",\"stakeholder_type\":[]}}",
	     "organisation_type"},
	    {"{\"title\":\"x\",\"organisation\":{\"name\":\"n\",\"website\":false}}",
	     "organisation_website"},
	    {"{\"title\":\"x\",\"partners\":{}}", "partners"},
	    {"{\"title\":\"x\",\"partners\":[\"A\"]}", "partners"},
	    {"{\"title\":\"x\",\"partners\":[{\"role\":\"funding\"}]}", "partners"},
	    {"{\"title\":\"x\",\"partners\":[{\"name\":\"\"}]}", "partners"},
	    {"{\"title\":\"x\",\"partners\":[{\"name\":\"n\",\"role\":1}]}", "partners"},
	    {"{\"title\":\"x\",\"tags\":{\"scheme\":\"sdg\",\"code\":\"1\"}}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[\"sdg:1\"]}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"scheme\":\"sdg\"}]}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"code\":\"1\"}]}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"scheme\":\"sdg\",\"code\":\"\"}]}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"scheme\":\"sdg\",\"code\":1.5}]}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"scheme\":\"sdg\",\"code\":true}]}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"scheme\":1,\"code\":\"1\"}]}", "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"scheme\":\"sdg\",\"code\":\"1\",\"score\":\"0.5\"}]}",
	     "tags"},
	    {"{\"title\":\"x\",\"tags\":[{\"scheme\":\"sdg\",\"code\":\"1\",\"origin\":2}]}",
	     "tags"},
	    {"{\"title\":\"x\",\"id\":\"7\"}", "id"},
	    {"{\"title\":\"x\",\"id\":1.5}", "id"},
	    {"{\"title\":\"x\",\"source_id\":1.5}", "source_id"},
	    {"{\"title\":\"x\",\"source_id\":[1]}", "source_id"},
	    {"{\"title\":\"x\",\"source\":1}", "source"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		parse_err(f, cases[i].json, ERR_INVALID, cases[i].field, NULL);
}

static void test_not_an_object(void **state)
{
	struct tu_record *f = *state;
	static const char *const docs[] = {"[1,2]", "\"title\"", "42", "null"};

	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		json_t *j = json_loads(docs[i], JSON_DECODE_ANY, NULL);

		assert_non_null(j);
		errinfo_clear(&f->e);
		assert_int_equal(record_from_json(j, &f->a, &f->ini, &f->e), ERR_INVALID);
		assert_string_equal(f->e.field, "");
		assert_non_null(strstr(f->e.msg, "object"));
		json_decref(j);
	}
}

static void test_integer_codes_and_ids(void **state)
{
	struct tu_record *f = *state;

	parse_ok(f, "{\"title\":\"x\",\"source\":\"dpg\",\"source_id\":12345,"
		    "\"tags\":[{\"scheme\":\"sdg\",\"code\":5},{\"scheme\":\"gdc\",\"code\":1}]}");
	assert_string_equal(f->ini.source_id, "12345");
	assert_int_equal(f->ini.ntags, 2);
	assert_string_equal(f->ini.tags[0].code, "5");
	assert_string_equal(f->ini.tags[1].code, "1");
	assert_int_equal(ini_validate(&f->ini, &f->e), 0);

	parse_ok(f, "{\"title\":\"x\",\"source\":\"s\",\"source_id\":-9007199254740993}");
	assert_string_equal(f->ini.source_id, "-9007199254740993");

	parse_ok(f, "{\"title\":\"x\",\"id\":123}");
	assert_int_equal(f->ini.id, 0);
}

static void test_empty_strings_and_nulls_are_absent(void **state)
{
	struct tu_record *f = *state;
	const struct initiative *ini = &f->ini;

	parse_ok(f, "{\"title\":\"\",\"summary\":\"\",\"description\":\"\",\"source\":\"\","
		    "\"source_id\":\"\",\"url\":\"\",\"scope\":\"\",\"start_date\":\"\","
		    "\"language\":\"\",\"state\":\"\",\"status\":\"\",\"end_date\":\"\","
		    "\"stakeholder_type\":\"\"}");
	assert_null(ini->title);
	assert_null(ini->summary);
	assert_null(ini->description);
	assert_null(ini->source);
	assert_null(ini->source_id);
	assert_null(ini->url);
	assert_null(ini->scope);
	assert_null(ini->start_date);
	assert_null(ini->end_date);
	assert_null(ini->language);
	assert_null(ini->state);
	assert_null(ini->status);
	assert_null(ini->stakeholder_type);

	parse_ok(f, "{\"title\":null,\"summary\":null,\"countries\":null,\"regions\":null,"
		    "\"sectors\":null,\"organisation\":null,\"partners\":null,\"tags\":null,"
		    "\"id\":null,\"source_id\":null}");
	assert_null(ini->title);
	assert_null(ini->summary);
	assert_null(ini->source_id);
	assert_null(ini->org.name);
	assert_int_equal(ini->ncountries + ini->nregions + ini->nsectors, 0);
	assert_int_equal(ini->npartners + ini->ntags, 0);

	parse_ok(f,
		 "{\"title\":\"x\",\"organisation\":{\"name\":\"\",\"country\":\"KE\","
		 "\"website\":null},"
		 "\"partners\":[{\"name\":\"P\",\"role\":\"\"}],"
		 "\"tags\":[{\"scheme\":\"sdg\",\"code\":\"1\",\"origin\":\"\",\"score\":null}]}");
	assert_null(ini->org.name);
	assert_string_equal(ini->org.country, "KE");
	assert_null(ini->org.website);
	assert_null(ini->partners[0].role);
	assert_string_equal(ini->tags[0].origin, "submitter");
	assert_int_equal(ini->tags[0].has_score, 0);
}

static void test_tag_scores(void **state)
{
	struct tu_record *f = *state;

	parse_ok(f, "{\"title\":\"x\",\"tags\":["
		    "{\"scheme\":\"sdg\",\"code\":\"1\",\"score\":1},"
		    "{\"scheme\":\"sdg\",\"code\":\"2\",\"score\":0},"
		    "{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":0.25},"
		    "{\"scheme\":\"sdg\",\"code\":\"4\",\"score\":1.5}]}");
	assert_int_equal(f->ini.ntags, 4);
	assert_int_equal(f->ini.tags[0].has_score, 1);
	assert_true(f->ini.tags[0].score == 1.0);
	assert_int_equal(f->ini.tags[1].has_score, 1);
	assert_true(f->ini.tags[1].score == 0.0);
	assert_true(f->ini.tags[2].score == 0.25);
	/* Out of range is for ini_validate to reject, not the decoder. */
	assert_true(f->ini.tags[3].score == 1.5);
	assert_int_equal(ini_validate(&f->ini, &f->e), ERR_INVALID);
	assert_string_equal(f->e.field, "tags");
}

static void test_nul_in_string(void **state)
{
	struct tu_record *f = *state;
	json_t *j = json_object(), *arr = json_array();

	json_object_set_new(j, "title", json_stringn("a\0b", 3));
	errinfo_clear(&f->e);
	assert_int_equal(record_from_json(j, &f->a, &f->ini, &f->e), ERR_INVALID);
	assert_string_equal(f->e.field, "title");
	assert_non_null(strstr(f->e.msg, "NUL"));

	json_object_set_new(j, "title", json_string("ok"));
	json_array_append_new(arr, json_stringn("K\0", 2));
	json_object_set_new(j, "countries", arr);
	ini_init(&f->ini);
	errinfo_clear(&f->e);
	assert_int_equal(record_from_json(j, &f->a, &f->ini, &f->e), ERR_INVALID);
	assert_string_equal(f->e.field, "countries");
	json_decref(j);
}

static void test_string_size_limit(void **state)
{
	struct tu_record *f = *state;
	size_t max = (size_t)INI_MAX_DESCRIPTION * 4;
	char *s = malloc(max + 2);
	json_t *j = json_object();

	assert_non_null(s);
	memset(s, 'd', max + 1);
	s[max + 1] = '\0';
	json_object_set_new(j, "title", json_string("x"));
	json_object_set_new(j, "description", json_string(s));
	assert_int_equal(record_from_json(j, &f->a, &f->ini, &f->e), ERR_TOO_LARGE);
	assert_string_equal(f->e.field, "description");

	s[max] = '\0';
	json_object_set_new(j, "description", json_string(s));
	ini_init(&f->ini);
	assert_int_equal(record_from_json(j, &f->a, &f->ini, &f->e), 0);
	assert_int_equal(strlen(f->ini.description), max);
	json_decref(j);
	free(s);
}

static void test_too_many_items(void **state)
{
	struct tu_record *f = *state;
	json_t *j = json_object(), *countries = json_array(), *tags = json_array();

	for (int i = 0; i <= INI_MAX_COUNTRIES; i++) {
		char c[3] = {(char)('A' + i / 26), (char)('A' + i % 26), '\0'};

		json_array_append_new(countries, json_string(c));
	}
	json_object_set_new(j, "title", json_string("x"));
	json_object_set_new(j, "countries", countries);
	assert_int_equal(record_from_json(j, &f->a, &f->ini, &f->e), ERR_TOO_LARGE);
	assert_string_equal(f->e.field, "countries");

	json_object_del(j, "countries");
	for (int i = 0; i <= INI_MAX_TAGS; i++)
		json_array_append_new(tags, json_pack("{s:s, s:i}", "scheme", "gdc", "code", i));
	json_object_set_new(j, "tags", tags);
	ini_init(&f->ini);
	assert_int_equal(record_from_json(j, &f->a, &f->ini, &f->e), ERR_TOO_LARGE);
	assert_string_equal(f->e.field, "tags");
	json_decref(j);
}

/* parse_small runs record_from_json on text with an arena limited to max bytes. */
static int parse_small(const char *text, size_t max, struct errinfo *e)
{
	struct arena small;
	struct initiative ini;
	json_t *j = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(j);
	arena_init(&small, max);
	ini_init(&ini);
	errinfo_clear(e);
	rc = record_from_json(j, &small, &ini, e);
	arena_cleanup(&small);
	json_decref(j);
	return rc;
}

static void test_nomem_string(void **state)
{
	struct errinfo e;

	(void)state;
	assert_int_equal(parse_small("{\"title\":\"a long enough title\"}", 8, &e), ERR_NOMEM);
	assert_int_equal(e.code, ERR_NOMEM);
	assert_string_equal(e.field, "title");
}

/* Running out of memory on an integer source_id must be reported like any other failure. */
static void test_nomem_integer_source_id(void **state)
{
	struct errinfo e;

	(void)state;
	assert_int_equal(parse_small("{\"source_id\":123456789}", 4, &e), ERR_NOMEM);
	assert_int_equal(e.code, ERR_NOMEM);
	assert_string_equal(e.field, "source_id");
}

/* Running out of memory on an integer tag code is not an invalid record. */
static void test_nomem_integer_tag_code(void **state)
{
	struct errinfo e;

	(void)state;
	/* Room for the scheme ("sdg" and its NUL) but not for the code "12345". */
	assert_int_equal(parse_small("{\"tags\":[{\"scheme\":\"sdg\",\"code\":12345}]}", 6, &e),
			 ERR_NOMEM);
	assert_int_equal(e.code, ERR_NOMEM);
	assert_string_equal(e.field, "tags");
}

static void test_minimal_dump(void **state)
{
	struct tu_record *f = *state;
	char *s;

	f->ini.title = "T";
	s = record_dump(&f->ini, 1);
	assert_non_null(s);
	assert_string_equal(s, "{\"title\":\"T\"}");
	free(s);
}

static const char canonical_meta[] =
    "{\"id\":7,"
    "\"source\":\"example\",\"source_id\":\"1\","
    "\"title\":\"Rural telemedicine network\","
    "\"summary\":\"Clinics in 40 villages \\\"consult\\\"\\nspecialists.\","
    "\"description\":\"# Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac \xc3\xa9\","
    "\"organisation\":{\"name\":\"Health Link\",\"stakeholder_type\":\"civil-society\","
    "\"country\":\"KE\",\"website\":\"https://hl.example\"},"
    "\"stakeholder_type\":\"civil-society\","
    "\"countries\":[\"KE\",\"TZ\"],"
    "\"regions\":[\"M49:002\",\"DAC:298\"],"
    "\"sectors\":[\"DAC:11220\"],"
    "\"partners\":[{\"name\":\"Ministry\",\"role\":\"funding\"},{\"name\":\"Helper\"}],"
    "\"scope\":\"regional\","
    "\"start_date\":\"2019-03\",\"end_date\":\"2021-12-31\","
    "\"status\":\"ongoing\","
    "\"url\":\"https://example.org/x\","
    "\"language\":\"en\","
    "\"state\":\"published\","
    "\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"origin\":\"submitter\"},"
    "{\"scheme\":\"action_line\",\"code\":\"C7.e-health\",\"origin\":\"moderator\"},"
    "{\"scheme\":\"sdg_target\",\"code\":\"5.b\",\"origin\":\"model\",\"score\":0.75}],"
    "\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-02T03:04:05Z\"}";

static void test_canonical_order(void **state)
{
	struct tu_record *f = *state;
	char *s;

	parse_ok(f, full_json);
	f->ini.id = 7;
	s = record_dump(&f->ini, 1);
	assert_non_null(s);
	assert_string_equal(s, canonical_meta);
	assert_null(strchr(s, '\n'));
	free(s);
}

static void test_meta_off(void **state)
{
	struct tu_record *f = *state;
	char *s;
	json_t *o;

	parse_ok(f, full_json);
	f->ini.id = 7;
	s = record_dump(&f->ini, 0);
	assert_non_null(s);
	assert_null(strstr(s, "\"id\""));
	assert_null(strstr(s, "created_at"));
	assert_null(strstr(s, "updated_at"));
	assert_int_equal(strncmp(s, "{\"source\":\"example\",", 20), 0);
	assert_non_null(strstr(s, "\"tags\":["));
	free(s);

	/* meta with no id: no "id" key, timestamps still written. */
	f->ini.id = 0;
	o = record_to_json(&f->ini, 1);
	assert_non_null(o);
	assert_null(json_object_get(o, "id"));
	assert_string_equal(json_string_value(json_object_get(o, "created_at")),
			    "2024-01-01T00:00:00Z");
	json_decref(o);
}

static void test_to_json_shape(void **state)
{
	struct tu_record *f = *state;
	json_t *o, *tags, *t;

	parse_ok(f, full_json);
	o = record_to_json(&f->ini, 0);
	assert_non_null(o);
	assert_true(json_is_array(json_object_get(o, "countries")));
	assert_int_equal(json_array_size(json_object_get(o, "countries")), 2);
	assert_true(json_is_object(json_object_get(o, "organisation")));
	tags = json_object_get(o, "tags");
	assert_int_equal(json_array_size(tags), 3);
	t = json_array_get(tags, 0);
	assert_null(json_object_get(t, "score"));
	t = json_array_get(tags, 2);
	assert_true(json_is_real(json_object_get(t, "score")));
	assert_true(json_real_value(json_object_get(t, "score")) == 0.75);
	json_decref(o);

	/* Empty lists and absent fields are left out. */
	ini_init(&f->ini);
	f->ini.title = "only";
	o = record_to_json(&f->ini, 1);
	assert_int_equal(json_object_size(o), 1);
	json_decref(o);
}

static void test_scores_dump(void **state)
{
	struct tu_record *f = *state;
	char *s;

	f->ini.title = "x";
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "1", "model", 0.0, 1), 0);
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "2", "model", 1.0, 1), 0);
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "3", "model", 0.5, 1), 0);
	assert_int_equal(ini_add_tag(&f->ini, &f->a, "sdg", "4", "model", 0.0, 0), 0);
	s = record_dump(&f->ini, 0);
	assert_non_null(s);
	assert_string_equal(
	    s, "{\"title\":\"x\",\"tags\":["
	       "{\"scheme\":\"sdg\",\"code\":\"1\",\"origin\":\"model\",\"score\":0.0},"
	       "{\"scheme\":\"sdg\",\"code\":\"2\",\"origin\":\"model\",\"score\":1.0},"
	       "{\"scheme\":\"sdg\",\"code\":\"3\",\"origin\":\"model\",\"score\":0.5},"
	       "{\"scheme\":\"sdg\",\"code\":\"4\",\"origin\":\"model\"}]}");
	free(s);
}

/* round_trip dumps x, parses the dump into y (in arena a) and returns the dump. */
static char *round_trip(const struct initiative *x, int meta, struct arena *a, struct initiative *y)
{
	char *s = record_dump(x, meta);
	json_t *j;
	struct errinfo e;

	assert_non_null(s);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	ini_init(y);
	if (record_from_json(j, a, y, &e) != 0)
		fail_msg("round trip: %s: %s\n%s", e.field, e.msg, s);
	json_decref(j);
	return s;
}

static void test_round_trip_full(void **state)
{
	struct tu_record *f = *state;
	struct initiative back, again;
	char *s1, *s2;

	parse_ok(f, full_json);
	s1 = round_trip(&f->ini, 1, &f->a, &back);
	assert_ini_equal(&f->ini, &back);
	/* Dumping the copy gives the same bytes: the form is canonical. */
	s2 = round_trip(&back, 1, &f->a, &again);
	assert_string_equal(s1, s2);
	assert_ini_equal(&back, &again);
	free(s1);
	free(s2);

	/* Without meta the timestamps are dropped and the rest survives. */
	s1 = round_trip(&f->ini, 0, &f->a, &back);
	assert_null(back.created_at);
	assert_null(back.updated_at);
	back.created_at = f->ini.created_at;
	back.updated_at = f->ini.updated_at;
	assert_ini_equal(&f->ini, &back);
	free(s1);
}

static void test_round_trip_built(void **state)
{
	struct tu_record *f = *state;
	struct initiative *x = &f->ini, back;
	char *s;

	/* Built through the API rather than parsed, with text that needs escaping. */
	x->title = "Title with \"quotes\", \\backslash\\, tab\t and \xe2\x82\xac";
	x->source = "dpg";
	x->source_id = "org/project";
	x->description = "line1\nline2\r\n\x01 control";
	x->org.name = "Org only";
	x->language = "fr";
	assert_int_equal(ini_add_country(x, &f->a, "FR"), 0);
	assert_int_equal(ini_add_sector(x, &f->a, "WB:Primary education"), 0);
	assert_int_equal(ini_add_partner(x, &f->a, "Partner \xc3\xa9", "implementing"), 0);
	assert_int_equal(ini_add_tag(x, &f->a, "gdc", "2", NULL, 0.125, 1), 0);
	assert_int_equal(ini_add_tag(x, &f->a, "action_line", "C11", "moderator", 0, 0), 0);
	s = round_trip(x, 0, &f->a, &back);
	assert_ini_equal(x, &back);
	free(s);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_record_setup, tu_record_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_every_field),
	    T(test_unknown_fields),
	    T(test_wrong_types),
	    T(test_not_an_object),
	    T(test_integer_codes_and_ids),
	    T(test_empty_strings_and_nulls_are_absent),
	    T(test_tag_scores),
	    T(test_nul_in_string),
	    T(test_string_size_limit),
	    T(test_too_many_items),
	    cmocka_unit_test(test_nomem_string),
	    cmocka_unit_test(test_nomem_integer_source_id),
	    cmocka_unit_test(test_nomem_integer_tag_code),
	    T(test_minimal_dump),
	    T(test_canonical_order),
	    T(test_meta_off),
	    T(test_to_json_shape),
	    T(test_scores_dump),
	    T(test_round_trip_full),
	    T(test_round_trip_built),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
