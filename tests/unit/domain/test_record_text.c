/*
 * test_record_text.c - unit tests for src/domain/record_text.h, each against the jansson path
 * it stands in for: record_text_parse gives the same record as json_loadb +
 * record_from_json (every sample record, escapes, numbers, nulls, white space) and declines
 * what that path rejects or might read differently (duplicates, unknown keys, \u0000, bad
 * UTF-8, trailing bytes, integer codes); record_text_dump writes the bytes json_dumps writes
 * (control characters, quotes, non-ASCII, scores of every size, meta on and off). And the
 * CSV export of the whole sample, now decoded by record_text_parse, is byte for byte the CSV
 * the jansson decoding gives. record_text_summary finds the summary jansson finds (every
 * sample record, escapes, white space, "summary" as a value or inside a string, null).
 */
#include "testutil.h"

#include "core/buf.h"
#include "domain/record_json.h"
#include "domain/record_text.h"
#include "io/export.h"
#include "io/import.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* jansson_dump is record_dump as it was: a jansson tree, dumped. */
static char *jansson_dump(const struct initiative *ini, int meta)
{
	json_t *o = record_to_json(ini, meta);
	char *s;

	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	return s;
}

/* text_dump is record_text_dump into a malloc'd string (NULL on failure). */
static char *text_dump(const struct initiative *ini, int meta)
{
	struct buf b;

	buf_init(&b, 0);
	if (record_text_dump(ini, meta, &b)) {
		buf_cleanup(&b);
		return NULL;
	}
	if (!b.data)
		buf_putc(&b, 0);
	return buf_detach(&b);
}

/*
 * compare parses s both ways. When record_text_parse accepts it, the jansson path must too,
 * with the same record (compared by their dumps, meta included). Returns whether the fast
 * path accepted it.
 */
static int compare(const char *s, size_t n)
{
	struct initiative a, b;
	struct arena ar;
	struct errinfo e;
	json_t *obj;
	int fast, slow = -1;
	char *da, *db;

	arena_init(&ar, 0);
	ini_init(&a);
	ini_init(&b);
	errinfo_clear(&e);
	fast = record_text_parse(s, n, &ar, &a) == 0;
	obj = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
	if (obj) {
		slow = record_from_json(obj, &ar, &b, &e);
		json_decref(obj);
	}
	if (fast) {
		if (slow != 0)
			fail_msg("fast path accepted what jansson rejects: %.*s", (int)n, s);
		da = jansson_dump(&a, 1);
		db = jansson_dump(&b, 1);
		assert_non_null(da);
		assert_non_null(db);
		if (strcmp(da, db) != 0)
			fail_msg("different records for %.*s:\nfast: %s\nslow: %s", (int)n, s, da,
				 db);
		free(da);
		free(db);
	}
	arena_cleanup(&ar);
	return fast;
}

static void test_parse_sample_files(void **state)
{
	static const char *const files[] = {"data/sample/worldbank.jsonl",
					    "data/sample/wsis_prizes_2015.jsonl"};
	(void)state;

	for (size_t f = 0; f < 2; f++) {
		size_t n;
		char *all = tu_read_file(files[f], &n), *line = all, *nl;
		int lines = 0;

		while (line < all + n && (nl = memchr(line, '\n', (size_t)(all + n - line)))) {
			if (!compare(line, (size_t)(nl - line)))
				fail_msg("%s line %d was declined", files[f], lines + 1);
			lines++;
			line = nl + 1;
		}
		assert_true(lines > 100);
		free(all);
	}
}

/* Spellings the fast path reads itself: each must give the jansson path's record. */
static void test_parse_accepts(void **state)
{
	static const char *const ok[] = {
	    "{}",
	    " \t\r\n{ \"title\" : \"x\" , \"source\":null }\n ",
	    "{\"title\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}",
	    "{\"title\":\"\\u00e9\\u4e2d\\uD83D\\uDE00 caf\xc3\xa9\"}",
	    "{\"title\":\"\",\"summary\":null,\"countries\":null,\"tags\":[]}",
	    "{\"id\":12,\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"x\"}",
	    "{\"id\":-3}",
	    "{\"id\":null}",
	    "{\"organisation\":{\"name\":\"N\",\"website\":null,\"country\":\"KE\"}}",
	    "{\"organisation\":null}",
	    "{\"organisation\":{}}",
	    "{\"countries\":[\"KE\",\"UG\"],\"regions\":[\"r\"],\"sectors\":[ \"s1\" , \"s2\" ]}",
	    "{\"partners\":[{\"name\":\"P\"},{\"role\":\"funding\",\"name\":\"Q\"}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\"},"
	    "{\"code\":\"3.1\",\"scheme\":\"sdg_target\",\"origin\":\"model\",\"score\":0.25}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":null}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":1}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":-0}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":-0.0}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":1.5e-7}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":2E+3}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":123456789012345678}]}",
	};
	(void)state;

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (!compare(ok[i], strlen(ok[i])))
			fail_msg("declined: %s", ok[i]);
}

/*
 * Strings are scanned eight bytes at a time: a quote, a backslash or a control character at
 * any offset of a long string must be seen.
 */
static void test_parse_every_offset(void **state)
{
	char text[128];
	char pad[48];

	(void)state;
	for (int pos = 0; pos < 40; pos++) {
		memset(pad, 'x', (size_t)pos);
		pad[pos] = '\0';
		/* escapes after pos bytes, far from any quote: read, as jansson reads them */
		snprintf(text, sizeof text,
			 "{\"title\":\"%s\\nq0123456789abcdef\\\\r0123456789abcdefgh\"}", pad);
		if (!compare(text, strlen(text)))
			fail_msg("declined: %s", text);
		/* an escaped quote and backslash after pos bytes */
		snprintf(text, sizeof text, "{\"title\":\"%s\\\"q\\\\r0123456789\"}", pad);
		if (!compare(text, strlen(text)))
			fail_msg("declined: %s", text);
		/* a raw tab after pos bytes: an error for jansson, declined */
		snprintf(text, sizeof text, "{\"title\":\"%s\tq0123456789\"}", pad);
		assert_false(compare(text, strlen(text)));
		/* the closing quote after pos bytes */
		snprintf(text, sizeof text, "{\"title\":\"%s\",\"summary\":\"0123456789abcdef\"}",
			 pad);
		assert_true(compare(text, strlen(text)) || pos == 0);
	}
}

/* What the fast path must leave to jansson (errors, or spellings it does not read). */
static void test_parse_declines(void **state)
{
	static const char *const no[] = {
	    "",
	    "[]",
	    "\"x\"",
	    "{",
	    "{\"title\":\"x\"",
	    "{\"title\":\"x\"} x",
	    "{\"title\":\"x\"}{}",
	    "\xef\xbb\xbf{}",
	    "{\"title\":\"a\",\"title\":\"b\"}",
	    "{\"organisation\":{\"name\":\"a\",\"name\":\"b\"}}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"scheme\":\"sdg\",\"code\":\"1\"}]}",
	    "{\"nonsense\":1}",
	    "{\"titl\\u0065\":\"x\"}",
	    "{\"title\":\"a\\u0000b\"}",
	    "{\"title\":\"\\ud800\"}",
	    "{\"title\":\"\\udc00\"}",
	    "{\"title\":\"\\ud800\\u0041\"}",
	    "{\"title\":\"\\x\"}",
	    "{\"title\":\"\\u12\"}",
	    "{\"title\":\"a\tb\"}",
	    "{\"title\":\"\xff\"}",
	    "{\"title\":\"\xc0\x80\"}",
	    "{\"title\":1}",
	    "{\"title\":true}",
	    "{\"source_id\":7}",
	    "{\"id\":1.5}",
	    "{\"id\":\"1\"}",
	    "{\"id\":01}",
	    "{\"id\":1234567890123456789012}",
	    "{\"countries\":[\"\"]}",
	    "{\"countries\":[1]}",
	    "{\"countries\":\"KE\"}",
	    "{\"organisation\":{\"name\":\"a\",\"x\":1}}",
	    "{\"organisation\":[]}",
	    "{\"partners\":[{\"role\":\"r\"}]}",
	    "{\"partners\":[\"p\"]}",
	    "{\"tags\":[{\"scheme\":\"sdg\"}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":3}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":\"1\"}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":1e999}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":.5}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"score\":1.}]}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\",\"x\":1}]}",
	    "{\"title\":\"x\",}",
	    "{\"tags\":[{\"scheme\":\"sdg\",\"code\":\"3\"},]}",
	    "{\"title\" \"x\"}",
	    "{\"title\":nul}",
	};
	(void)state;

	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (compare(no[i], strlen(no[i])))
			fail_msg("accepted: %s", no[i]);
	/* a NUL byte in the text itself */
	assert_false(compare("{\"title\":\"a\0b\"}", 15));
	/* lists past their limits */
	{
		struct buf b;

		buf_init(&b, 0);
		buf_puts(&b, "{\"regions\":[");
		for (int i = 0; i <= INI_MAX_REGIONS; i++)
			buf_printf(&b, "%s\"r%d\"", i ? "," : "", i);
		buf_puts(&b, "]}");
		assert_false(compare(b.data, b.len));
		buf_cleanup(&b);
	}
}

/* A record whose strings need every kind of escape, and scores of every size. */
static void test_dump_matches_jansson(void **state)
{
	static const double scores[] = {0,       -0.0,     1,         0.5,    1.0 / 3, 123456,
					1234567, 1e-5,     1.5e-7,    2.5e21, -3e-300, 1e300,
					0.1,     0.999999, 0.9999995, 100000, 1e6,     -42.125};
	struct initiative ini;
	struct arena a;
	char ctl[2] = {0, 0};
	(void)state;

	arena_init(&a, 0);
	for (int c = 1; c < 0x80; c++) {
		char *x, *y;

		ctl[0] = (char)c;
		ini_init(&ini);
		ini.title = arena_sprintf(&a, "a%sb\"c\\d/e\xc3\xa9\xe2\x80\xa8", ctl);
		ini.source = "s";
		x = jansson_dump(&ini, 0);
		y = text_dump(&ini, 0);
		assert_non_null(x);
		assert_non_null(y);
		assert_string_equal(y, x);
		free(x);
		free(y);
	}
	/* the shared full record, with what needs escaping or is unusual */
	tu_full_record(&ini, &a);
	ini.id = 42;
	ini.source_id = "";
	ini.description = "D\n";
	ini.url = "https://x.example/?a=1&b=\"2\"";
	ini.created_at = "2026-01-01T00:00:00Z";
	ini.updated_at = "2026-01-02T00:00:00Z";
	assert_int_equal(ini_add_region(&ini, &a, "002"), 0);
	assert_int_equal(ini_add_sector(&ini, &a, "a;b"), 0);
	assert_int_equal(ini_add_partner(&ini, &a, "P:1", NULL), 0);
	for (size_t i = 0; i < sizeof scores / sizeof *scores; i++)
		assert_int_equal(ini_add_tag(&ini, &a, "sdg", "3", "model", scores[i], 1), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "gdc", "1", "submitter", 0, 0), 0);
	for (int meta = 0; meta < 2; meta++) {
		char *x = jansson_dump(&ini, meta), *y = text_dump(&ini, meta);

		assert_non_null(x);
		assert_non_null(y);
		assert_string_equal(y, x);
		/* and record_dump is now the fast one */
		free(y);
		y = record_dump(&ini, meta);
		assert_string_equal(y, x);
		/* what was written reads back through the fast path */
		assert_true(compare(x, strlen(x)));
		free(x);
		free(y);
	}
	/* an organisation's other fields without its name are not written (record_to_json) */
	ini_init(&ini);
	ini.title = "t";
	ini.org.country = "KE";
	{
		char *x = jansson_dump(&ini, 1), *y = text_dump(&ini, 1);

		assert_string_equal(y, x);
		free(x);
		free(y);
	}
	/* a score jansson cannot write is an error, not a bad line */
	assert_int_equal(ini_add_tag(&ini, &a, "sdg", "1", "model", NAN, 1), 0);
	assert_null(jansson_dump(&ini, 0));
	assert_null(text_dump(&ini, 0));
	assert_null(record_dump(&ini, 0));
	arena_cleanup(&a);
}

/* csv_of_jsonl turns JSON Lines (an export) into CSV rows, decoding with jansson. */
static void csv_of_jsonl(const char *jsonl, size_t n, FILE *out)
{
	const char *line = jsonl, *nl;
	struct buf row;

	buf_init(&row, 0);
	export_write_header(EXPORT_CSV, out);
	while (line < jsonl + n && (nl = memchr(line, '\n', (size_t)(jsonl + n - line)))) {
		struct initiative ini;
		struct errinfo e;
		struct arena a;
		json_t *o = json_loadb(line, (size_t)(nl - line), 0, NULL);

		assert_non_null(o);
		arena_init(&a, 0);
		ini_init(&ini);
		errinfo_clear(&e);
		assert_int_equal(record_from_json(o, &a, &ini, &e), 0);
		json_decref(o);
		/* the id is dropped by record_from_json; the export has it first */
		ini.id = strtoll(line + 6, NULL, 10);
		assert_int_equal(export_write_record(EXPORT_CSV, &ini, NULL, &row, out), 0);
		arena_cleanup(&a);
		line = nl + 1;
	}
	buf_cleanup(&row);
}

/*
 * The whole sample imported, then exported as CSV: the bytes must be those of the JSON
 * Lines export decoded by jansson, record by record, as the CSV exporter did before.
 */
/* summary_is checks record_text_summary on doc against want (NULL: declined). */
static void summary_is(const char *doc, const char *want)
{
	size_t n = strlen(doc), len = 99;
	char *out = malloc(n + 1);
	int rc;

	assert_non_null(out);
	rc = record_text_summary(doc, n, out, &len);
	if (!want) {
		assert_int_equal(rc, RECORD_TEXT_DECLINED);
		assert_string_equal(out, "");
	} else {
		assert_int_equal(rc, 0);
		assert_int_equal(len, strlen(want));
		if (strcmp(out, want) != 0)
			fail_msg("summary of %s: got \"%s\", want \"%s\"", doc, out, want);
	}
	free(out);
}

static void test_summary(void **state)
{
	static const char *const files[] = {"data/sample/worldbank.jsonl",
					    "data/sample/wsis_prizes_2015.jsonl"};
	int with = 0;

	(void)state;
	summary_is("{\"title\":\"t\",\"summary\":\"Plain words\"}", "Plain words");
	summary_is("{\"title\":\"t\"}", "");
	summary_is("{\"summary\":null,\"title\":\"x\"}", "");
	summary_is("{\"summary\" : \"spaced\"}", "spaced");
	summary_is("{\"summary\":\"a \\\"quote\\\"\\n\\u00e9t\\u00E9 \\ud83d\\ude00 \\\\ \\/\"}",
		   "a \"quote\"\n\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 \\ /");
	/* "summary" as a value, or inside another string, is not the key */
	summary_is("{\"sectors\":[\"summary\",\"x\"],\"title\":\"the \\\"summary\\\": no\","
		   "\"summary\":\"real\"}",
		   "real");
	summary_is("{\"summary\":\"bad \\x escape\"}", NULL);
	summary_is("{\"summary\":\"unterminated", NULL);
	/* every sample record: what jansson reads */
	for (size_t f = 0; f < 2; f++) {
		size_t n;
		char *all = tu_read_file(files[f], &n), *line = all, *nl;

		while (line < all + n && (nl = memchr(line, '\n', (size_t)(all + n - line)))) {
			size_t ln = (size_t)(nl - line), len;
			json_t *o = json_loadb(line, ln, 0, NULL);
			const char *want;
			char *out = malloc(ln + 1);

			assert_non_null(o);
			assert_non_null(out);
			want = json_string_value(json_object_get(o, "summary"));
			assert_int_equal(record_text_summary(line, ln, out, &len), 0);
			assert_string_equal(out, want ? want : "");
			with += want && *want;
			json_decref(o);
			free(out);
			line = nl + 1;
		}
		free(all);
	}
	assert_true(with > 50);
}

static void test_csv_export_of_sample_unchanged(void **state)
{
	static const char *const files[] = {
	    "data/sample/worldbank.jsonl", "data/sample/wsis_prizes_2015.jsonl",
	    "data/sample/dpg_candidates.jsonl", "data/sample/iati/CD.xml"};
	struct import_opts io = {IMPORT_AUTO, "published", "tester", NULL};
	struct import_counts counts = {0};
	struct store *s = tu_store_new("sample.db");
	const char *pj = tu_path("sample.jsonl"), *pc = tu_path("sample.csv"),
		   *po = tu_path("old.csv");
	struct errinfo e;
	FILE *f;
	char *jsonl, *csv, *old;
	size_t nj, nc, no;
	long count;
	(void)state;

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		errinfo_clear(&e);
		if (import_file(s, files[i], &io, &counts, &e))
			fail_msg("%s", e.msg);
	}
	assert_true(counts.inserted > 1000);
	f = fopen(pj, "wb");
	assert_int_equal(export_run(s, EXPORT_JSONL, NULL, f, &count, &e), 0);
	fclose(f);
	f = fopen(pc, "wb");
	assert_int_equal(export_run(s, EXPORT_CSV, NULL, f, &count, &e), 0);
	fclose(f);
	assert_int_equal(count, counts.inserted);
	jsonl = tu_read_file(pj, &nj);
	f = fopen(po, "wb");
	csv_of_jsonl(jsonl, nj, f);
	fclose(f);
	csv = tu_read_file(pc, &nc);
	old = tu_read_file(po, &no);
	assert_int_equal(nc, no);
	assert_memory_equal(csv, old, nc);
	free(jsonl);
	free(csv);
	free(old);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_sample_files),
	    cmocka_unit_test(test_parse_accepts),
	    cmocka_unit_test(test_parse_every_offset),
	    cmocka_unit_test(test_parse_declines),
	    cmocka_unit_test(test_dump_matches_jansson),
	    cmocka_unit_test(test_csv_export_of_sample_unchanged),
	    cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
