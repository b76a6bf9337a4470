/*
 * test_import_iati.c - the IATI activity XML reader: v1 and v2 activities, the mapping of
 * each element to the record, and bad or hostile input (truncated, not XML, missing fields,
 * over-long text, entity expansion). Also reads the sample files in data/sample/iati.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include "core/arena.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "io/import.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_RECS 8

/* struct rec is a record as the sink saw it, copied out of the arena. */
struct rec {
	char *where, *source, *id, *title, *description, *language;
	char *org, *org_type, *stype, *scope, *start, *end, *status;
	/* the lists, joined with ',' (partners as role:name, tags as scheme:code) */
	char *countries, *regions, *sectors, *partners, *tags;
	int valid; /* passed ini_validate */
};

struct collect {
	struct rec recs[MAX_RECS];
	long n;     /* records emitted */
	long nwarn; /* warnings */
	char warn[512];
	int fail_at; /* emit fails on this record (1-based); 0: never */
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* add appends ",", then a (and ":" and b when b is given), to the heap string *s. */
static void add(char **s, const char *a, const char *b)
{
	size_t old = strlen(*s), la = strlen(a), lb = b ? strlen(b) : 0;
	char *p = realloc(*s, old + la + lb + 3);

	assert_non_null(p);
	*s = p;
	p += old;
	if (old)
		*p++ = ',';
	memcpy(p, a, la);
	p += la;
	if (b) {
		*p++ = ':';
		memcpy(p, b, lb);
		p += lb;
	}
	*p = '\0';
}

static int collect_emit(void *ud, struct initiative *ini, const char *where, struct errinfo *e)
{
	struct collect *c = ud;
	struct errinfo ve;
	struct rec *r;

	c->n++;
	if (c->fail_at && c->n == c->fail_at)
		return errinfo_set(e, ERR_CONFLICT, "source_id", "refused by the sink");
	if (c->n > MAX_RECS)
		return 0;
	r = &c->recs[c->n - 1];
	r->where = strdup(where);
	r->source = dup_or_null(ini->source);
	r->id = dup_or_null(ini->source_id);
	r->title = dup_or_null(ini->title);
	r->description = dup_or_null(ini->description);
	r->language = dup_or_null(ini->language);
	r->org = dup_or_null(ini->org.name);
	r->org_type = dup_or_null(ini->org.stakeholder_type);
	r->stype = dup_or_null(ini->stakeholder_type);
	r->scope = dup_or_null(ini->scope);
	r->start = dup_or_null(ini->start_date);
	r->end = dup_or_null(ini->end_date);
	r->status = dup_or_null(ini->status);
	r->countries = strdup("");
	r->regions = strdup("");
	r->sectors = strdup("");
	r->partners = strdup("");
	r->tags = strdup("");
	for (size_t i = 0; i < ini->ncountries; i++)
		add(&r->countries, ini->countries[i], NULL);
	for (size_t i = 0; i < ini->nregions; i++)
		add(&r->regions, ini->regions[i], NULL);
	for (size_t i = 0; i < ini->nsectors; i++)
		add(&r->sectors, ini->sectors[i], NULL);
	for (size_t i = 0; i < ini->npartners; i++) {
		const char *role = ini->partners[i].role;

		add(&r->partners, role ? role : "-", ini->partners[i].name);
	}
	for (size_t i = 0; i < ini->ntags; i++) {
		add(&r->tags, ini->tags[i].scheme, ini->tags[i].code);
		assert_string_equal(ini->tags[i].origin, "submitter");
		assert_false(ini->tags[i].has_score);
	}
	errinfo_clear(&ve);
	r->valid = ini_validate(ini, &ve) == 0;
	return 0;
}

static void collect_warn(void *ud, const char *where, const char *msg)
{
	struct collect *c = ud;

	c->nwarn++;
	snprintf(c->warn, sizeof c->warn, "%s: %s", where, msg);
}

static void collect_free(struct collect *c)
{
	for (int i = 0; i < MAX_RECS; i++) {
		struct rec *r = &c->recs[i];
		char **f[] = {&r->where,       &r->source,    &r->id,      &r->title,
			      &r->description, &r->language,  &r->org,     &r->org_type,
			      &r->stype,       &r->scope,     &r->start,   &r->end,
			      &r->status,      &r->countries, &r->regions, &r->sectors,
			      &r->partners,    &r->tags};

		for (size_t j = 0; j < sizeof f / sizeof f[0]; j++) {
			free(*f[j]);
			*f[j] = NULL;
		}
	}
}

/*
 * parse_mem runs the reader over n bytes of text (an empty input through a temporary file,
 * which every libc can give) and returns its code; e and c receive the results.
 */
static int parse_mem(const char *text, size_t n, struct collect *c, struct errinfo *e)
{
	struct arena a;
	struct import_sink sink = {
	    .emit = collect_emit, .warn = collect_warn, .ud = c, .arena = &a};
	FILE *in;
	int rc;

	if (n)
		in = fmemopen((void *)text, n, "r");
	else
		in = tmpfile();
	assert_non_null(in);
	arena_init(&a, 0);
	errinfo_clear(e);
	rc = import_read_iati(in, "t.xml", &sink, e);
	arena_cleanup(&a);
	fclose(in);
	if (rc)
		assert_int_equal(e->code, rc);
	return rc;
}

static int parse(const char *text, struct collect *c, struct errinfo *e)
{
	return parse_mem(text, strlen(text), c, e);
}

/* parse_one expects text to give exactly one valid record. */
static struct rec *parse_one(const char *text, struct collect *c)
{
	struct errinfo e;
	int rc = parse(text, c, &e);

	if (rc)
		fail_msg("reader failed: %s", e.msg);
	assert_int_equal(c->n, 1);
	assert_true(c->recs[0].valid);
	return &c->recs[0];
}

static const char v1_activity[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- a comment before the root -->\n"
    "<iati-activities version=\"1.03\">\n"
    " <iati-activity xml:lang=\"en\" default-currency=\"USD\">\n"
    "  <reporting-org ref=\"GB-1\" type=\"Government\">Department for\n"
    "     International Development</reporting-org>\n"
    "  <participating-org role=\"Funding\" type=\"10\">DFID</participating-org>\n"
    "  <participating-org role=\"Funding\">DFID</participating-org>\n"
    "  <participating-org role=\"Implementing\">DFID</participating-org>\n"
    "  <participating-org role=\"Implementing\" ref=\"XM-1\"></participating-org>\n"
    "  <iati-identifier> GB-1-12345 </iati-identifier>\n"
    "  <other-identifier>not this</other-identifier>\n"
    "  <title>  Rural   telemedicine\n\t network </title>\n"
    "  <description type=\"2\">Objectives, not this.</description>\n"
    "  <description>First paragraph.\n\nSecond paragraph.</description>\n"
    "  <activity-status code=\"2\">Implementation</activity-status>\n"
    "  <activity-date type=\"start-planned\" iso-date=\"2010-01-01\"/>\n"
    "  <activity-date type=\"start-actual\">2010-02-15</activity-date>\n"
    "  <activity-date type=\"end-planned\" iso-date=\"2014-12-31T00:00:00\"/>\n"
    "  <recipient-country code=\"ke\">Kenya</recipient-country>\n"
    "  <recipient-country code=\"KE\"/>\n"
    "  <sector vocabulary=\"DAC\" code=\"12220\">Basic health care</sector>\n"
    "  <sector code=\"12220\"/>\n"
    "  <sector vocabulary=\"DAC-3\" code=\"122\"/>\n"
    "  <sector vocabulary=\"COFOG\" code=\"07\"/>\n"
    "  <transaction><description>not this</description><value>10</value></transaction>\n"
    "  <document-link url=\"http://example.org\"><title>Not the title</title></document-link>\n"
    " </iati-activity>\n"
    "</iati-activities>\n";

static void test_v1_activity(void **state)
{
	struct collect c = {0};
	struct rec *r;

	(void)state;
	r = parse_one(v1_activity, &c);
	assert_string_equal(r->where, "iati-activity 1 (GB-1-12345)");
	assert_string_equal(r->source, "iati");
	assert_string_equal(r->id, "GB-1-12345");
	assert_string_equal(r->title, "Rural telemedicine network");
	assert_string_equal(r->description, "First paragraph.\n\nSecond paragraph.");
	assert_string_equal(r->language, "en");
	assert_string_equal(r->org, "Department for International Development");
	assert_string_equal(r->org_type, "government");
	assert_string_equal(r->stype, "government");
	assert_string_equal(r->status, "ongoing");
	assert_string_equal(r->start, "2010-02-15"); /* actual over planned, from the text */
	assert_string_equal(r->end, "2014-12-31");
	assert_string_equal(r->countries, "KE");
	assert_string_equal(r->scope, "national");
	assert_string_equal(r->regions, "");
	assert_string_equal(r->sectors, "DAC:12220,DAC3:122,IATI-COFOG:07");
	assert_string_equal(r->partners, "funding:DFID,implementing:DFID");
	assert_string_equal(r->tags, "");
	assert_int_equal(c.nwarn, 1); /* the nameless participating-org */
	assert_non_null(strstr(c.warn, "participating-org without a name"));
	collect_free(&c);
}

static const char v2_activity[] =
    "<iati-activities version=\"2.03\" xml:lang=\"fr\">\n"
    "<iati-activity>\n"
    " <iati-identifier>XM-DAC-41114-1</iati-identifier>\n"
    " <reporting-org ref=\"XM-DAC-41114\" type=\"70\">\n"
    "  <narrative xml:lang=\"fr\">Société</narrative>\n"
    "  <narrative xml:lang=\"en\">Company</narrative>\n"
    " </reporting-org>\n"
    " <title>\n"
    "  <narrative xml:lang=\"fr\">Télémédecine rurale</narrative>\n"
    "  <narrative xml:lang=\"en\">Rural   telemedicine</narrative>\n"
    "  <narrative>Untagged</narrative>\n"
    " </title>\n"
    " <description type=\"2\"><narrative>Objectives</narrative></description>\n"
    " <description type=\"1\">\n"
    "  <narrative xml:lang=\"es\">Descripción</narrative>\n"
    "  <narrative xml:lang=\"EN-GB\">General\n\ndescription</narrative>\n"
    " </description>\n"
    " <participating-org role=\"1\" type=\"10\"><narrative>Ministry</narrative>"
    "</participating-org>\n"
    " <participating-org role=\"2\"><narrative>Acc</narrative></participating-org>\n"
    " <participating-org role=\"3\"><narrative>Ext</narrative></participating-org>\n"
    " <participating-org role=\"4\"><narrative>Impl</narrative></participating-org>\n"
    " <participating-org role=\"4\"><narrative>Impl</narrative></participating-org>\n"
    " <participating-org role=\"4\" ref=\"X\"/>\n"
    " <participating-org><narrative>No role</narrative></participating-org>\n"
    " <activity-status code=\"3\"/>\n"
    " <activity-date type=\"1\" iso-date=\"2018-01-01\"/>\n"
    " <activity-date type=\"2\" iso-date=\"2018-03-05\"/>\n"
    " <activity-date type=\"3\" iso-date=\"2020-12-31\"/>\n"
    " <activity-date type=\"4\" iso-date=\"2021-06-30Z\"/>\n"
    " <recipient-country code=\"KE\" percentage=\"50\"/>\n"
    " <recipient-country code=\"TZ\" percentage=\"50\"/>\n"
    " <recipient-region code=\"298\" vocabulary=\"1\"/>\n"
    " <recipient-region code=\"002\" vocabulary=\"2\"/>\n"
    " <recipient-region code=\"AF-E\" vocabulary=\"99\"/>\n"
    " <recipient-region code=\"289\"/>\n"
    " <sector vocabulary=\"1\" code=\"12220\"/>\n"
    " <sector vocabulary=\"2\" code=\"122\"/>\n"
    " <sector vocabulary=\"7\" code=\"3\"/>\n"
    " <sector vocabulary=\"7\" code=\"03\"/>\n"
    " <sector vocabulary=\"8\" code=\"5.B\"/>\n"
    " <sector vocabulary=\"99\" code=\"LOCAL-1\"/>\n"
    " <tag vocabulary=\"2\" code=\"3\"><narrative>Good health</narrative></tag>\n"
    " <tag vocabulary=\"2\" code=\"9\"/>\n"
    " <tag vocabulary=\"3\" code=\"9.c\"/>\n"
    " <tag vocabulary=\"3\" code=\"5.b\"/>\n"
    " <tag vocabulary=\"1\" code=\"agrovoc-1\"/>\n"
    " <budget><value>1</value></budget>\n"
    " <result><title><narrative>Not the title</narrative></title></result>\n"
    "</iati-activity>\n"
    "</iati-activities>\n";

static void test_v2_activity(void **state)
{
	struct collect c = {0};
	struct rec *r;

	(void)state;
	r = parse_one(v2_activity, &c);
	assert_string_equal(r->id, "XM-DAC-41114-1");
	assert_string_equal(r->title, "Rural telemedicine");
	assert_string_equal(r->description, "General\n\ndescription");
	assert_string_equal(r->language, "fr"); /* the file's default: the activity has none */
	assert_string_equal(r->org, "Company");
	assert_string_equal(r->org_type, "private-sector");
	assert_string_equal(r->status, "completed");
	assert_string_equal(r->start, "2018-03-05");
	assert_string_equal(r->end, "2021-06-30");
	assert_string_equal(r->countries, "KE,TZ");
	assert_string_equal(r->regions, "DAC:298,M49:002,IATI-99:AF-E,DAC:289");
	assert_string_equal(r->scope, "regional");
	assert_string_equal(r->sectors, "DAC:12220,DAC3:122,IATI-99:LOCAL-1");
	assert_string_equal(r->partners, "funding:Ministry,accountable:Acc,extending:Ext,"
					 "implementing:Impl,-:No role");
	assert_string_equal(r->tags, "sdg:3,sdg_target:5.b,sdg:9,sdg_target:9.c");
	collect_free(&c);
}

/* The title's language is the record's when neither the activity nor the file has one. */
static void test_language(void **state)
{
	struct collect c = {0};
	struct rec *r;

	(void)state;
	r = parse_one(
	    "<iati-activity><iati-identifier>A</iati-identifier>"
	    "<title><narrative xml:lang=\"es\">Título</narrative></title></iati-activity>",
	    &c);
	assert_string_equal(r->title, "Título");
	assert_string_equal(r->language, "es");
	collect_free(&c);

	memset(&c, 0, sizeof c);
	r = parse_one("<iati-activity xml:lang=\"EN\"><iati-identifier>A</iati-identifier>"
		      "<title xml:lang=\"sv\">Stöd</title></iati-activity>",
		      &c);
	assert_string_equal(r->language, "en");
	collect_free(&c);

	memset(&c, 0, sizeof c);
	r = parse_one("<iati-activity xml:lang=\"eng\"><iati-identifier>A</iati-identifier>"
		      "<title>T</title></iati-activity>",
		      &c);
	assert_null(r->language); /* not a two-letter code */
	collect_free(&c);
}

/* Organisation types, by code and by v1 name. */
static void test_org_types(void **state)
{
	static const struct {
		const char *type, *want;
	} cases[] = {
	    {"10", "government"},
	    {"15", "government"},
	    {"21", "civil-society"},
	    {"22", "civil-society"},
	    {"23", "civil-society"},
	    {"24", "civil-society"},
	    {"30", "other"},
	    {"40", "international-organisation"},
	    {"60", "civil-society"},
	    {"70", "private-sector"},
	    {"71", "private-sector"},
	    {"72", "private-sector"},
	    {"73", "private-sector"},
	    {"80", "academia"},
	    {"90", "other"},
	    {"Government", "government"},
	    {"international ngo", "civil-society"},
	    {"Multilateral", "international-organisation"},
	    {"Academic, Training and Research", "academia"},
	    {"Private Sector", "private-sector"},
	    {"99", NULL},
	    {"", NULL},
	};
	char xml[512];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct collect c = {0};
		struct rec *r;

		snprintf(xml, sizeof xml,
			 "<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
			 "<reporting-org type=\"%s\">Org</reporting-org></iati-activity>",
			 cases[i].type);
		r = parse_one(xml, &c);
		assert_string_equal(r->org, "Org");
		if (cases[i].want) {
			assert_string_equal(r->stype, cases[i].want);
			assert_string_equal(r->org_type, cases[i].want);
		} else {
			assert_null(r->stype);
		}
		collect_free(&c);
	}
}

static void test_status(void **state)
{
	static const char *const want[] = {NULL,        "planned", "ongoing", "completed",
					   "completed", NULL,      NULL,      NULL};
	char xml[512];

	(void)state;
	for (int code = 0; code <= 7; code++) {
		struct collect c = {0};
		struct rec *r;

		snprintf(xml, sizeof xml,
			 "<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
			 "<activity-status code=\"%d\"/></iati-activity>",
			 code);
		r = parse_one(xml, &c);
		if (want[code])
			assert_string_equal(r->status, want[code]);
		else
			assert_null(r->status);
		collect_free(&c);
	}
}

static void test_dates(void **state)
{
	struct collect c = {0};
	struct rec *r;

	(void)state;
	/* planned only */
	r = parse_one("<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
		      "<activity-date type=\"start-planned\" iso-date=\"2011-05-01\"/>"
		      "<activity-date type=\"end-planned\" iso-date=\"2012-05-01\"/>"
		      "</iati-activity>",
		      &c);
	assert_string_equal(r->start, "2011-05-01");
	assert_string_equal(r->end, "2012-05-01");
	collect_free(&c);

	/* junk is left out (with a warning), whatever the slot; 1900 means "no date" */
	memset(&c, 0, sizeof c);
	r = parse_one("<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
		      "<activity-date type=\"2\" iso-date=\"2011-13-45\"/>"
		      "<activity-date type=\"1\" iso-date=\"2011-02-03\"/>"
		      "<activity-date type=\"4\" iso-date=\"1900-01-01\"/>"
		      "<activity-date type=\"3\">soon</activity-date>"
		      "</iati-activity>",
		      &c);
	assert_string_equal(r->start, "2011-02-03");
	assert_null(r->end);
	assert_int_equal(c.nwarn, 3);
	collect_free(&c);

	/* an end before the start is dropped */
	memset(&c, 0, sizeof c);
	r = parse_one("<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
		      "<activity-date type=\"start-actual\" iso-date=\"2015-06-01\"/>"
		      "<activity-date type=\"end-actual\" iso-date=\"2015-05-31\"/>"
		      "</iati-activity>",
		      &c);
	assert_string_equal(r->start, "2015-06-01");
	assert_null(r->end);
	assert_null(r->scope);
	collect_free(&c);
}

static const char two_activities[] =
    "<iati-activities>"
    "<iati-activity><iati-identifier>A-1</iati-identifier><title>One</title>"
    "<recipient-region code=\"289\"/></iati-activity>"
    "<iati-activity><iati-identifier>A-2</iati-identifier><title>Two</title></iati-activity>"
    "</iati-activities>";

static void test_two_activities(void **state)
{
	struct collect c = {0};
	struct errinfo e;

	(void)state;
	assert_int_equal(parse(two_activities, &c, &e), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.recs[0].where, "iati-activity 1 (A-1)");
	assert_string_equal(c.recs[0].title, "One");
	assert_string_equal(c.recs[0].scope, "regional");
	assert_string_equal(c.recs[1].where, "iati-activity 2 (A-2)");
	assert_string_equal(c.recs[1].title, "Two");
	collect_free(&c);
}

/* A sink that refuses a record stops the reader with its code and message. */
static void test_sink_error_stops(void **state)
{
	struct collect c = {.fail_at = 1};
	struct errinfo e;

	(void)state;
	assert_int_equal(parse(two_activities, &c, &e), ERR_CONFLICT);
	assert_int_equal(c.n, 1);
	assert_string_equal(e.msg, "refused by the sink");
	collect_free(&c);
}

/* expect_error parses text and checks the code and that the message contains each of want. */
static void expect_error(const char *text, size_t n, int code, const char *field, const char *want1,
			 const char *want2)
{
	struct collect c = {0};
	struct errinfo e;

	assert_int_equal(parse_mem(text, n, &c, &e), code);
	if (field)
		assert_string_equal(e.field, field);
	if (strncmp(e.msg, "t.xml: ", 7) != 0)
		fail_msg("message does not start with the file name: %s", e.msg);
	if (want1 && !strstr(e.msg, want1))
		fail_msg("\"%s\" not in \"%s\"", want1, e.msg);
	if (want2 && !strstr(e.msg, want2))
		fail_msg("\"%s\" not in \"%s\"", want2, e.msg);
	assert_int_equal(c.n, 0);
	collect_free(&c);
}

static void test_truncated(void **state)
{
	char *cut = strdup(v1_activity);

	(void)state;
	cut[strlen(cut) / 2] = '\0';
	expect_error(cut, strlen(cut), ERR_INVALID, NULL, "malformed XML", "line ");
	free(cut);
}

static void test_not_xml(void **state)
{
	const char *s = "source,source_id,title\nx,1,Hello\n";

	(void)state;
	expect_error(s, strlen(s), ERR_INVALID, NULL, "t.xml: line 1: malformed XML: ", NULL);
	s = "<iati-activities><iati-activity><title>x</tit></iati-activity></iati-activities>";
	expect_error(s, strlen(s), ERR_INVALID, NULL, "malformed XML", NULL);
	s = "<iati-activity><iati-identifier>A</iati-identifier><title>caf\xe9</title>"
	    "</iati-activity>";
	expect_error(s, strlen(s), ERR_INVALID, NULL, "malformed XML", "not proper UTF-8");
	/* IATI files are UTF-8: other encodings are refused before libxml2 sees them */
	expect_error("\xff\xfe<\0i\0", 6, ERR_INVALID, NULL, "t.xml: the file is not UTF-8", NULL);
}

static void test_empty(void **state)
{
	const char *s;

	(void)state;
	expect_error("", 0, ERR_INVALID, NULL, "t.xml: no iati-activity elements found", NULL);
	expect_error(" \n\t\n", 4, ERR_INVALID, NULL, "no iati-activity elements found", NULL);
	s = "<iati-activities generated-datetime=\"2013-01-01\"/>";
	expect_error(s, strlen(s), ERR_INVALID, NULL, "no iati-activity elements found", NULL);
	s = "<html><iati-activity/></html>"; /* not where IATI puts activities */
	expect_error(s, strlen(s), ERR_INVALID, NULL, "no iati-activity elements found", NULL);
}

static void test_missing_identifier(void **state)
{
	const char *s = "<iati-activities>\n<iati-activity>\n<title>T</title>\n"
			"<iati-identifier>  </iati-identifier></iati-activity></iati-activities>";

	(void)state;
	expect_error(s, strlen(s), ERR_INVALID, "source_id",
		     "t.xml: iati-activity 1, line 2: iati-identifier is missing", NULL);
}

static void test_missing_title(void **state)
{
	const char *s = "<iati-activities><iati-activity><iati-identifier>A</iati-identifier>"
			"<title>T</title></iati-activity>\n"
			"<iati-activity><iati-identifier>GB-1-2</iati-identifier>"
			"<title><narrative> </narrative></title></iati-activity></iati-activities>";
	struct collect c = {0};
	struct errinfo e;

	(void)state;
	assert_int_equal(parse(s, &c, &e), ERR_INVALID);
	assert_int_equal(c.n, 1); /* the first activity was fine */
	assert_string_equal(e.field, "title");
	assert_string_equal(e.msg, "t.xml: iati-activity 2 (GB-1-2), line 2: title is missing");
	collect_free(&c);
}

static void test_bad_country(void **state)
{
	const char *s = "<iati-activity><recipient-country code=\"KEN\"/>"
			"<iati-identifier>A-9</iati-identifier><title>T</title></iati-activity>";

	(void)state;
	/* The identifier comes after the bad code, and the message still names it. */
	expect_error(s, strlen(s), ERR_INVALID, "countries",
		     "iati-activity 1 (A-9), line 1: ", "\"KEN\"");
	s = "<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
	    "<recipient-country>Kenya</recipient-country></iati-activity>";
	expect_error(s, strlen(s), ERR_INVALID, "countries", "recipient-country has no code", NULL);
}

/* Text over IMPORT_MAX_FIELD bytes, and a description over INI_MAX_DESCRIPTION characters. */
static void test_too_long(void **state)
{
	const char *head = "<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
			   "<description>";
	const char *tail = "</description></iati-activity>";
	size_t n = IMPORT_MAX_FIELD + 10, hl = strlen(head), tl = strlen(tail);
	char *s = malloc(hl + n + tl + 1);

	(void)state;
	memcpy(s, head, hl);
	memset(s + hl, 'x', n);
	memcpy(s + hl + n, tail, tl + 1);
	expect_error(s, strlen(s), ERR_TOO_LARGE, "description", "description text is longer than",
		     "iati-activity 1 (A)");

	n = INI_MAX_DESCRIPTION + 1;
	memset(s + hl, 'y', n);
	memcpy(s + hl + n, tail, tl + 1);
	expect_error(s, strlen(s), ERR_TOO_LARGE, "description", "description is 100001 characters",
		     NULL);
	free(s);
}

/* Huge content in elements the reader ignores costs nothing and is no error. */
static void test_ignored_bulk(void **state)
{
	const char *head = "<iati-activity><iati-identifier>A</iati-identifier><title>T</title>"
			   "<budget><value>";
	const char *tail = "</value></budget></iati-activity>";
	size_t n = IMPORT_MAX_FIELD * 2, hl = strlen(head), tl = strlen(tail);
	char *s = malloc(hl + n + tl + 1);
	struct collect c = {0};

	(void)state;
	memcpy(s, head, hl);
	memset(s + hl, '7', n);
	memcpy(s + hl + n, tail, tl + 1);
	parse_one(s, &c);
	collect_free(&c);
	free(s);
}

static const char billion_laughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<iati-activities><iati-activity><iati-identifier>X</iati-identifier>"
    "<title>&lol9;</title></iati-activity></iati-activities>\n";

/* Entity expansion and external entities: refused, quickly, and nothing is read. */
static void test_entities(void **state)
{
	const char *xxe = "<?xml version=\"1.0\"?>\n"
			  "<!DOCTYPE x [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
			  "<iati-activity><iati-identifier>X</iati-identifier>"
			  "<title>&xxe;</title></iati-activity>\n";
	const char *plain = "<!DOCTYPE iati-activities>\n"
			    "<iati-activity><iati-identifier>X</iati-identifier><title>T&amp;C&#33;"
			    "</title></iati-activity>";
	struct collect c = {0};
	struct errinfo e;

	(void)state;
	assert_int_not_equal(parse(billion_laughs, &c, &e), 0);
	assert_int_equal(c.n, 0);
	assert_non_null(strstr(e.msg, "t.xml: line "));
	expect_error(xxe, strlen(xxe), ERR_INVALID, NULL, "entities", NULL);
	/* A DOCTYPE without entities is harmless; predefined and character references work. */
	assert_string_equal(parse_one(plain, &c)->title, "T&C!");
	collect_free(&c);
}

/* libxml2 must print nothing: its messages only reach e. */
static void test_silent(void **state)
{
	const char *bad = "<iati-activity><iati-identifier>X</iati-identifier><title>&nope;</title>"
			  "<x:y/></iati-activity";
	char path[] = "/tmp/test_import_iati_XXXXXX", got[64];
	struct collect c = {0};
	struct errinfo e;
	int fd = mkstemp(path), saved;
	size_t n;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fd, 2) >= 0);
	parse(bad, &c, &e);
	parse(billion_laughs, &c, &e);
	parse("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"nonsense\"?><a/>", &c, &e);
	parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><iati-activity>\xe9", &c, &e);
	parse("\x4c\x6f\xa7\x94\x93\x40", &c, &e);
	parse_mem("\x00\x3c\x00\x00", 4, &c, &e);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	unlink(path);
	assert_string_equal(got, "");
	collect_free(&c);
}

/* count_file reads one sample file and returns the records it gave, all of them valid. */
static long count_file(const char *path)
{
	struct collect c = {0};
	struct arena a;
	struct import_sink sink = {
	    .emit = collect_emit, .warn = collect_warn, .ud = &c, .arena = &a};
	struct errinfo e;
	FILE *in = fopen(path, "rb");
	int rc;

	assert_non_null(in);
	arena_init(&a, 0);
	errinfo_clear(&e);
	rc = import_read_iati(in, path, &sink, &e);
	arena_cleanup(&a);
	fclose(in);
	if (rc)
		fail_msg("%s: %s", path, e.msg);
	for (long i = 0; i < c.n && i < MAX_RECS; i++)
		if (!c.recs[i].valid)
			fail_msg("%s: %s does not validate", path, c.recs[i].where);
	collect_free(&c);
	return c.n;
}

/* The real-world samples in data/sample/iati (tests run from the repository root). */
static void test_sample_files(void **state)
{
	static const struct {
		const char *file;
		long count;
	} samples[] = {
	    {"CD.xml", 205},
	    {"big_value.xml", 198},
	    {"same_orgs_different_roles.xml", 54},
	    {"missing_dates.xml", 49},
	    {"many_activities.xml", 2},
	    {"single_activity.xml", 1},
	};
	const char *dir = "data/sample/iati";
	char path[512];
	DIR *d;

	(void)state;
	d = opendir(dir);
	if (!d)
		skip();
	closedir(d);
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, samples[i].file);
		if (access(path, R_OK) != 0)
			fail_msg("%s is missing", path);
		assert_int_equal(count_file(path), samples[i].count);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_v1_activity),    cmocka_unit_test(test_v2_activity),
	    cmocka_unit_test(test_language),       cmocka_unit_test(test_org_types),
	    cmocka_unit_test(test_status),         cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_two_activities), cmocka_unit_test(test_sink_error_stops),
	    cmocka_unit_test(test_truncated),      cmocka_unit_test(test_not_xml),
	    cmocka_unit_test(test_empty),          cmocka_unit_test(test_missing_identifier),
	    cmocka_unit_test(test_missing_title),  cmocka_unit_test(test_bad_country),
	    cmocka_unit_test(test_too_long),       cmocka_unit_test(test_ignored_bulk),
	    cmocka_unit_test(test_entities),       cmocka_unit_test(test_silent),
	    cmocka_unit_test(test_sample_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
