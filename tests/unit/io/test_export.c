/*
 * test_export.c - unit tests for src/io/export.c: JSON Lines and CSV output of a small
 * store (the CSV header of record_csv_columns, RFC 4180 quoting), an export imported into
 * a new store giving the same records, the state filter, write errors, and memory that
 * stays flat while 20,000 records stream out.
 */
#include "testutil.h"

#include "domain/record_json.h"
#include "io/csv_reader.h"
#include "io/export.h"
#include "io/import.h"
#include "io/import_internal.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define TU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TU_ASAN 1
#endif
#endif

static void save(struct store *s, const struct initiative *ini)
{
	struct errinfo e;
	int rc;

	errinfo_clear(&e);
	if ((rc = import_check_record(s, ini, &e)))
		fail_msg("import_check_record: %s", e.msg);
	if ((rc = store_initiative_save(s, ini, "tester", NULL, NULL)))
		fail_msg("store_initiative_save: %s", store_errmsg(s));
}

/*
 * fill saves three records into s: a full one (published) whose text needs CSV quoting,
 * a small submitted one and a small published one.
 */
static void fill(struct store *s)
{
	struct initiative ini;
	struct arena a;

	arena_init(&a, 0);
	ini_init(&ini);
	ini.source = "example";
	ini.source_id = "1";
	ini.title = "Telemedicine, \"rural\" edition";
	ini.summary = "First line\nsecond line";
	ini.description = "Commas, \"quotes\",\r\nCRLF and ünïcödé 中文";
	ini.org.name = "Health Link";
	ini.org.stakeholder_type = "civil-society";
	ini.org.country = "KE";
	ini.org.website = "https://healthlink.example.org";
	ini.stakeholder_type = "civil-society";
	ini.scope = "regional";
	ini.start_date = "2019-03";
	ini.end_date = "2022";
	ini.status = "completed";
	ini.url = "https://example.org/t?a=1,b=2";
	ini.language = "en";
	ini.state = "published";
	assert_int_equal(ini_add_country(&ini, &a, "KE"), 0);
	assert_int_equal(ini_add_country(&ini, &a, "TZ"), 0);
	assert_int_equal(ini_add_region(&ini, &a, "M49:002"), 0);
	assert_int_equal(ini_add_sector(&ini, &a, "DAC:12220"), 0);
	assert_int_equal(ini_add_sector(&ini, &a, "DAC:12261"), 0);
	assert_int_equal(ini_add_partner(&ini, &a, "Ministry of Health", "implementing"), 0);
	assert_int_equal(ini_add_partner(&ini, &a, "Donor", NULL), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "sdg", "3", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "sdg", "9", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "sdg_target", "3.8", "moderator", 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "action_line", "C7.e-health", "model", 0.5, 1), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "gdc", "1", NULL, 0, 0), 0);
	save(s, &ini);

	ini_init(&ini);
	ini.source = "example";
	ini.source_id = "2";
	ini.title = "Plain";
	ini.state = "submitted";
	save(s, &ini);

	ini_init(&ini);
	ini.title = "No source";
	ini.state = "published";
	assert_int_equal(ini_add_country(&ini, &a, "FR"), 0);
	save(s, &ini);
	arena_cleanup(&a);
}

/* export_to runs export_run into the file tu_path(name) and returns its contents. */
static char *export_to(struct store *s, enum export_format fmt, const char *state, const char *name,
		       long *count)
{
	struct store_filter f = {0};
	struct errinfo e;
	FILE *out = fopen(tu_path(name), "wb");
	char *text;

	assert_non_null(out);
	f.state = state;
	errinfo_clear(&e);
	*count = -1;
	if (export_run(s, fmt, &f, out, count, &e) != 0)
		fail_msg("export_run: %s", e.msg);
	assert_int_equal(fclose(out), 0);
	text = tu_read_file(tu_path(name), NULL);
	return text;
}

static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static void test_format_parse(void **state)
{
	(void)state;
	assert_int_equal(export_format_parse("jsonl"), EXPORT_JSONL);
	assert_int_equal(export_format_parse("csv"), EXPORT_CSV);
	assert_int_equal(export_format_parse("xml"), -1);
	assert_int_equal(export_format_parse(""), -1);
	assert_int_equal(export_format_parse(NULL), -1);
}

static void test_jsonl(void **state)
{
	struct store *s = tu_store_new("jsonl.db");
	long count;
	char *text, *line, *save_ptr = NULL;
	json_int_t last = 0;
	int n = 0;

	(void)state;
	fill(s);
	text = export_to(s, EXPORT_JSONL, NULL, "out.jsonl", &count);
	assert_int_equal(count, 3);
	assert_int_equal(count_lines(text), 3);
	assert_int_equal(text[strlen(text) - 1], '\n');
	for (line = strtok_r(text, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
		json_error_t jerr;
		json_t *j = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
		json_int_t id;

		if (!j)
			fail_msg("line %d is not JSON: %s", n + 1, jerr.text);
		id = json_integer_value(json_object_get(j, "id"));
		assert_true(id > last);
		last = id;
		assert_true(json_is_string(json_object_get(j, "created_at")));
		assert_true(json_is_string(json_object_get(j, "updated_at")));
		assert_true(json_is_string(json_object_get(j, "state")));
		if (n == 0) {
			assert_string_equal(json_string_value(json_object_get(j, "title")),
					    "Telemedicine, \"rural\" edition");
			assert_int_equal(json_array_size(json_object_get(j, "tags")), 5);
		}
		json_decref(j);
		n++;
	}
	assert_int_equal(n, 3);
	free(text);
	store_close(s);
}

/* A CSV parse of the export: the rows as arrays of strings, kept for the test. */
struct table {
	int nrows;
	size_t ncols[8];
	char *cell[8][40];
};

static int keep_row(void *ud, char **fields, size_t n, long row, struct errinfo *e)
{
	struct table *t = ud;

	(void)row;
	(void)e;
	assert_true(t->nrows < 8);
	assert_true(n <= 40);
	t->ncols[t->nrows] = n;
	for (size_t i = 0; i < n; i++) {
		t->cell[t->nrows][i] = strdup(fields[i]);
		assert_non_null(t->cell[t->nrows][i]);
	}
	t->nrows++;
	return 0;
}

static void table_free(struct table *t)
{
	for (int r = 0; r < t->nrows; r++)
		for (size_t i = 0; i < t->ncols[r]; i++)
			free(t->cell[r][i]);
}

/* cell returns the value of column name in row r. */
static const char *cell(const struct table *t, int r, const char *name)
{
	for (size_t i = 0; i < t->ncols[0]; i++)
		if (strcmp(t->cell[0][i], name) == 0)
			return t->cell[r][i];
	fail_msg("no column %s", name);
	return NULL;
}

static void test_csv(void **state)
{
	struct store *s = tu_store_new("csv.db");
	char header[1024];
	struct table t;
	struct errinfo e;
	size_t ncols = 0, hl = 0;
	long count;
	char *text;
	FILE *in;

	(void)state;
	fill(s);
	text = export_to(s, EXPORT_CSV, NULL, "out.csv", &count);
	assert_int_equal(count, 3);
	for (int i = 0; record_csv_columns[i]; i++, ncols++)
		hl += (size_t)snprintf(header + hl, sizeof header - hl, "%s%s", i ? "," : "",
				       record_csv_columns[i]);
	snprintf(header + hl, sizeof header - hl, "\r\n");
	assert_int_equal(strncmp(text, header, strlen(header)), 0);
	/* RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled. */
	assert_non_null(strstr(text, ",\"Telemedicine, \"\"rural\"\" edition\","));
	assert_non_null(strstr(text, ",\"First line\nsecond line\","));
	assert_non_null(strstr(text, ",\"Commas, \"\"quotes\"\",\r\nCRLF and ünïcödé 中文\","));
	assert_non_null(strstr(text, ",\"https://example.org/t?a=1,b=2\","));
	assert_non_null(strstr(text, ",Plain,"));
	/* Records end with CRLF. */
	assert_int_equal(strcmp(text + strlen(text) - 2, "\r\n"), 0);

	/* Read back with the CSV reader: one row per record, every column in place. */
	memset(&t, 0, sizeof t);
	in = fmemopen(text, strlen(text), "rb");
	assert_non_null(in);
	errinfo_clear(&e);
	assert_int_equal(csv_read_stream(in, "out.csv", 100000, keep_row, &t, &e), 0);
	fclose(in);
	assert_int_equal(t.nrows, 4);
	for (int r = 0; r < 4; r++)
		assert_int_equal(t.ncols[r], ncols);
	assert_string_equal(cell(&t, 1, "id"), "1");
	assert_string_equal(cell(&t, 1, "source"), "example");
	assert_string_equal(cell(&t, 1, "title"), "Telemedicine, \"rural\" edition");
	assert_string_equal(cell(&t, 1, "description"),
			    "Commas, \"quotes\",\r\nCRLF and ünïcödé 中文");
	assert_string_equal(cell(&t, 1, "organisation"), "Health Link");
	assert_string_equal(cell(&t, 1, "organisation_type"), "civil-society");
	assert_string_equal(cell(&t, 1, "organisation_country"), "KE");
	assert_string_equal(cell(&t, 1, "organisation_website"), "https://healthlink.example.org");
	assert_string_equal(cell(&t, 1, "countries"), "KE;TZ");
	assert_string_equal(cell(&t, 1, "regions"), "M49:002");
	assert_string_equal(cell(&t, 1, "sectors"), "DAC:12220;DAC:12261");
	assert_string_equal(cell(&t, 1, "partners"), "implementing:Ministry of Health;Donor");
	assert_string_equal(cell(&t, 1, "start_date"), "2019-03");
	assert_string_equal(cell(&t, 1, "state"), "published");
	assert_string_equal(cell(&t, 1, "sdgs"), "3;9");
	assert_string_equal(cell(&t, 1, "sdg_targets"), "3.8");
	assert_string_equal(cell(&t, 1, "action_lines"), "C7.e-health");
	assert_string_equal(cell(&t, 1, "gdc"), "1");
	assert_int_equal(strlen(cell(&t, 1, "created_at")), 20);
	assert_string_equal(cell(&t, 2, "title"), "Plain");
	assert_string_equal(cell(&t, 2, "summary"), "");
	assert_string_equal(cell(&t, 2, "countries"), "");
	assert_string_equal(cell(&t, 3, "source"), "");
	assert_string_equal(cell(&t, 3, "countries"), "FR");
	table_free(&t);
	free(text);
	store_close(s);
}

struct dumps {
	int n;
	char *d[16];
};

static int keep_dump(void *ud, const struct initiative *ini, const char *json)
{
	struct dumps *x = ud;

	(void)json;
	assert_true(x->n < 16);
	x->d[x->n] = record_dump(ini, 0);
	assert_non_null(x->d[x->n]);
	x->n++;
	return 0;
}

static void dumps_free(struct dumps *x)
{
	for (int i = 0; i < x->n; i++)
		free(x->d[i]);
}

/* assert_same_records compares every record of a and b, without ids and times. */
static void assert_same_records(struct store *a, struct store *b)
{
	struct dumps da = {0}, db = {0};
	char msg[2048] = "";

	assert_int_equal(store_initiative_each(a, NULL, keep_dump, &da), 0);
	assert_int_equal(store_initiative_each(b, NULL, keep_dump, &db), 0);
	if (da.n != db.n)
		snprintf(msg, sizeof msg, "%d records, then %d", da.n, db.n);
	for (int i = 0; !msg[0] && i < da.n; i++)
		if (strcmp(da.d[i], db.d[i]) != 0)
			snprintf(msg, sizeof msg, "record %d differs:\n  %s\n  %s", i + 1, da.d[i],
				 db.d[i]);
	/* Freed before failing, so that a failure reports no leak. */
	dumps_free(&da);
	dumps_free(&db);
	if (msg[0])
		fail_msg("%s", msg);
}

static void test_jsonl_round_trip(void **state)
{
	struct store *a = tu_store_new("rt-a.db"), *b = tu_store_new("rt-b.db");
	struct import_opts o = {IMPORT_AUTO, "draft", NULL, NULL};
	struct import_counts c = {0};
	struct errinfo e;
	long count;
	char *text;

	(void)state;
	fill(a);
	text = export_to(a, EXPORT_JSONL, NULL, "rt.jsonl", &count);
	assert_int_equal(count, 3);
	errinfo_clear(&e);
	if (import_file(b, tu_path("rt.jsonl"), &o, &c, &e) != 0)
		fail_msg("import_file: %s", e.msg);
	assert_int_equal(c.inserted, 3);
	assert_same_records(a, b);
	/*
	 * Importing it again leaves the records with a source unchanged; the one without a
	 * source cannot be matched, and is added again.
	 */
	memset(&c, 0, sizeof c);
	assert_int_equal(import_file(b, tu_path("rt.jsonl"), &o, &c, &e), 0);
	assert_int_equal(c.unchanged, 2);
	assert_int_equal(c.inserted, 1);
	free(text);
	store_close(a);
	store_close(b);
}

static void test_csv_round_trip(void **state)
{
	struct store *a = tu_store_new("rtc-a.db"), *b = tu_store_new("rtc-b.db");
	struct import_opts o = {IMPORT_CSV, NULL, NULL, NULL};
	struct import_counts c = {0};
	struct initiative ini;
	struct errinfo e;
	struct arena ar;
	long count;
	char *text;

	(void)state;
	/* What CSV can carry: submitter tags without scores. */
	arena_init(&ar, 0);
	ini_init(&ini);
	ini.source = "example";
	ini.source_id = "c1";
	ini.title = "Quoting, \"all\"\nkinds";
	ini.org.name = "Org";
	ini.stakeholder_type = "academia";
	ini.state = "rejected";
	assert_int_equal(ini_add_country(&ini, &ar, "BR"), 0);
	assert_int_equal(ini_add_partner(&ini, &ar, "Partner, Inc.", "funding"), 0);
	assert_int_equal(ini_add_tag(&ini, &ar, "sdg", "17", NULL, 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &ar, "gdc", "2", NULL, 0, 0), 0);
	save(a, &ini);
	ini_init(&ini);
	ini.title = "Second";
	ini.summary = "Semicolon; in a plain field is fine";
	ini.state = "draft";
	save(a, &ini);
	text = export_to(a, EXPORT_CSV, NULL, "rt.csv", &count);
	assert_int_equal(count, 2);
	errinfo_clear(&e);
	if (import_file(b, tu_path("rt.csv"), &o, &c, &e) != 0)
		fail_msg("import_file: %s", e.msg);
	assert_int_equal(c.inserted, 2);
	assert_same_records(a, b);
	free(text);
	arena_cleanup(&ar);
	store_close(a);
	store_close(b);
}

/*
 * A partner without a role whose name contains ':' must come back as it went out. The CSV
 * partners column is "role:name", so the exporter has to write such a name so that the
 * importer does not split it (it comes back today as role "UNDP", name "India").
 */
/* The fixture of a test that may fail: teardown frees it even then (no leak reported). */
struct fx {
	struct store *a, *b;
	struct arena ar;
	char *text;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	arena_init(&f->ar, 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->a);
	store_close(f->b);
	arena_cleanup(&f->ar);
	free(f->text);
	free(f);
	return 0;
}

static void test_csv_round_trip_partner_colon(void **state)
{
	struct fx *f = *state;
	struct import_opts o = {IMPORT_CSV, NULL, NULL, NULL};
	struct import_counts c = {0};
	struct initiative ini;
	struct errinfo e;
	long count;

	f->a = tu_store_new("colon-a.db");
	f->b = tu_store_new("colon-b.db");
	ini_init(&ini);
	ini.source = "example";
	ini.source_id = "p1";
	ini.title = "Partners";
	ini.state = "submitted";
	assert_int_equal(ini_add_partner(&ini, &f->ar, "UNDP: India", NULL), 0);
	assert_int_equal(ini_add_partner(&ini, &f->ar, "Ministry: ICT", "implementing"), 0);
	save(f->a, &ini);
	f->text = export_to(f->a, EXPORT_CSV, NULL, "colon.csv", &count);
	assert_int_equal(count, 1);
	errinfo_clear(&e);
	if (import_file(f->b, tu_path("colon.csv"), &o, &c, &e) != 0)
		fail_msg("import_file: %s", e.msg);
	assert_int_equal(c.inserted, 1);
	assert_same_records(f->a, f->b);
}

static void test_state_filter(void **state)
{
	struct store *s = tu_store_new("filter.db");
	long count;
	char *text;

	(void)state;
	fill(s);
	text = export_to(s, EXPORT_JSONL, "published", "pub.jsonl", &count);
	assert_int_equal(count, 2);
	assert_int_equal(count_lines(text), 2);
	assert_null(strstr(text, "\"Plain\""));
	assert_non_null(strstr(text, "\"No source\""));
	free(text);
	text = export_to(s, EXPORT_JSONL, "submitted", "sub.jsonl", &count);
	assert_int_equal(count, 1);
	assert_non_null(strstr(text, "\"Plain\""));
	free(text);
	text = export_to(s, EXPORT_CSV, "archived", "arch.csv", &count);
	assert_int_equal(count, 0);
	assert_int_equal(count_lines(text), 1); /* the header alone */
	free(text);
	text = export_to(s, EXPORT_CSV, "published", "pub.csv", &count);
	assert_int_equal(count, 2);
	/* The header, two records, and the line breaks quoted inside the first one. */
	assert_int_equal(count_lines(text), 1 + 2 + 2);
	free(text);
	store_close(s);
}

static void test_write_error(void **state)
{
	struct store *s = tu_store_new("full.db");
	struct errinfo e;
	FILE *out;
	long count = -1;

	(void)state;
	fill(s);
	out = fopen("/dev/full", "wb");
	if (!out) {
		/* Not cmocka's skip(): its TAP output reports a skip as "not ok". */
		print_message("# no /dev/full here: write errors not checked\n");
		store_close(s);
		return;
	}
	errinfo_clear(&e);
	assert_int_equal(export_run(s, EXPORT_JSONL, NULL, out, &count, &e), ERR_IO);
	assert_int_equal(e.code, ERR_IO);
	assert_true(e.msg[0] != '\0');
	fclose(out);
	store_close(s);
}

/* ---- memory stays flat ---- */

#define MANY 20000
#define DESC_BYTES 1500

/* counting_write is the write function of a FILE that only counts the bytes. */
static ssize_t counting_write(void *cookie, const char *buf, size_t n)
{
	(void)buf;
	*(size_t *)cookie += n;
	return (ssize_t)n;
}

/* generate fills a new database at path with MANY records; runs in a child process. */
static int generate(const char *path)
{
	struct store *s = NULL;
	struct initiative ini;
	struct errinfo e;
	char desc[DESC_BYTES + 1], sid[24], title[64];

	errinfo_clear(&e);
	if (store_open(path, STORE_CREATE, &s, &e) || store_migrate(s, NULL) || store_begin(s))
		return 1;
	for (int i = 0; i < DESC_BYTES; i++)
		desc[i] = "abcdefghij, klmnopqrstuvwxyz\n"[i % 29];
	desc[DESC_BYTES] = '\0';
	for (int i = 0; i < MANY; i++) {
		ini_init(&ini);
		snprintf(sid, sizeof sid, "%d", i);
		snprintf(title, sizeof title, "Generated record %d", i);
		ini.source = "gen";
		ini.source_id = sid;
		ini.title = title;
		ini.description = desc;
		ini.state = i % 2 ? "published" : "submitted";
		if (store_initiative_save(s, &ini, "gen", NULL, NULL))
			return 2;
	}
	if (store_commit(s))
		return 3;
	store_close(s);
	return 0;
}

static long peak_kb(void)
{
	struct rusage ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss; /* kilobytes on Linux */
}

static void export_flat(struct store *s, enum export_format fmt)
{
	cookie_io_functions_t io = {NULL, counting_write, NULL, NULL};
	struct errinfo e;
	size_t bytes = 0;
	long count = 0, before, after;
	FILE *out = fopencookie(&bytes, "w", io);

	assert_non_null(out);
	errinfo_clear(&e);
	before = peak_kb();
	if (export_run(s, fmt, NULL, out, &count, &e) != 0)
		fail_msg("export_run: %s", e.msg);
	after = peak_kb();
	assert_int_equal(fclose(out), 0);
	assert_int_equal(count, MANY);
	/* The output is larger than the allowance, so holding it would show. */
	assert_true(bytes > (size_t)MANY * DESC_BYTES);
	if (after - before >= 20 * 1024)
		fail_msg("peak RSS grew by %ld KB while exporting %zu bytes", after - before,
			 bytes);
}

static void test_memory_flat(void **state)
{
	const char *path = tu_path("many.db");
	struct store *s = NULL;
	struct errinfo e;
	int status = 0;
	long count = 0;
	pid_t pid;

	(void)state;
#ifdef TU_ASAN
	/*
	 * AddressSanitizer's shadow memory and quarantine inflate the RSS: nothing to measure.
	 * Not cmocka's skip(), whose TAP output reports a skip as "not ok".
	 */
	print_message("# memory check skipped under AddressSanitizer\n");
	return;
#endif
	/* Generate in a child so that its memory does not raise this process's peak. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Not cmocka's handlers: a crash here must end the child, not resume the tests. */
		static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

		for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
			signal(sigs[i], SIG_DFL);
		_exit(generate(path));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	errinfo_clear(&e);
	assert_int_equal(store_open(path, STORE_READONLY, &s, &e), 0);
	{
		/* Warm up: statements prepared, caches filled, on a filter that matches nothing. */
		struct store_filter f = {"archived", 0};
		FILE *devnull = fopen("/dev/null", "wb");

		assert_non_null(devnull);
		assert_int_equal(export_run(s, EXPORT_JSONL, &f, devnull, &count, &e), 0);
		assert_int_equal(export_run(s, EXPORT_CSV, &f, devnull, &count, &e), 0);
		assert_int_equal(count, 0);
		fclose(devnull);
	}
	export_flat(s, EXPORT_JSONL);
	export_flat(s, EXPORT_CSV);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_parse),
	    cmocka_unit_test(test_jsonl),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_jsonl_round_trip),
	    cmocka_unit_test(test_csv_round_trip),
	    cmocka_unit_test_setup_teardown(test_csv_round_trip_partner_colon, fx_setup,
					    fx_teardown),
	    cmocka_unit_test(test_state_filter),
	    cmocka_unit_test(test_write_error),
	    cmocka_unit_test(test_memory_flat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
