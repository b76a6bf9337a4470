/*
 * test_snippet.c - unit tests for src/search/snippet.c: every passage it makes is FTS5's
 * snippet() to the byte (the sample data's descriptions and summaries, and crafted texts:
 * accents, case, prefixes, phrases, markup, long texts, sentences, UTF-8), it declines what
 * it cannot fold, and it never reads past its input.
 */
#include "testutil.h"

#include "core/buf.h"
#include "search/search.h"
#include "search/snippet.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIPPET_SQL(col)                                                                 \
	"SELECT rowid, snippet(t, " col ", char(1), char(2), '\xe2\x80\xa6', 32), x" col \
	" FROM t WHERE t MATCH ?1 ORDER BY rowid"

struct tally {
	int made, none, declined;
};

/*
 * compare_all checks snippet_make against snippet() for every row of table t (columns x0,
 * x1: FTS5's column numbers 0 and 1) that matches fts: the same passage when FTS5's holds a
 * match, no passage when it does not, or a refusal.
 */
static void compare_all(sqlite3 *db, const char *fts, struct tally *n)
{
	struct arena a;
	struct snippet_query *q;

	arena_init(&a, 0);
	q = snippet_query(fts, &a);
	if (!q)
		fail_msg("%s: the builder refuses the query", fts);
	for (int col = 0; col < 2; col++) {
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(db, col ? SNIPPET_SQL("1") : SNIPPET_SQL("0"),
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *want = (const char *)sqlite3_column_text(st, 1);
			const char *text = (const char *)sqlite3_column_text(st, 2);
			const char *got = NULL;
			int marked = want && strchr(want, '\x01');
			enum snippet_rc rc = snippet_make(q, text, text ? strlen(text) : 0,
							  SNIPPET_TOKENS, &a, &got);

			if (rc == SNIPPET_DECLINED) {
				n->declined++;
				continue;
			}
			if (rc == SNIPPET_NONE && !marked) {
				n->none++;
				continue;
			}
			if (rc != SNIPPET_MADE || !marked || strcmp(got, want))
				fail_msg("%s, row %lld, column %d:\nFTS5: %s\nours: %s", fts,
					 (long long)sqlite3_column_int64(st, 0), col,
					 marked ? want : "(no match)", got ? got : "(none)");
			n->made++;
		}
		sqlite3_finalize(st);
	}
	arena_cleanup(&a);
}

static sqlite3 *fts_table(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE VIRTUAL TABLE t USING fts5(x0, x1,"
				      " tokenize = 'unicode61 remove_diacritics 2')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	return db;
}

static void add_row(sqlite3 *db, const char *x0, const char *x1)
{
	sqlite3_stmt *st;

	assert_int_equal(
	    sqlite3_prepare_v2(db, "INSERT INTO t(x0, x1) VALUES(?1, ?2)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, x0, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, x1, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* The sample data's descriptions and summaries, through the queries users type. */
static void test_same_as_fts5_on_sample(void **state)
{
	static const char *const texts[] = {
	    "health",
	    "education",
	    "water",
	    "digital",
	    "climate",
	    "rural development",
	    "e-learning",
	    "\"social protection\"",
	    "financ*",
	    "mobile health",
	    "\"open source\"",
	    "data*",
	    "the",
	    "of and",
	    "information system",
	    "capacity building",
	    "youth",
	    "\"public services\"",
	    "agri*",
	    "women girls",
	    "covid-19",
	    "e-government",
	    "internet access",
	    "school*",
	    "project the of",
	    "\"the project\"*",
	    "ict",
	    "world bank",
	};
	struct tally n = {0};
	struct store *s = tu_store_new("snippet.db");
	struct arena a;
	sqlite3 *db;

	(void)state;
	assert_true(tu_import_sample(s) > 1000);
	store_close(s);
	/* the table the store's snippets read, in the columns compare_all reads */
	assert_int_equal(sqlite3_open(tu_path("snippet.db"), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE VIRTUAL TABLE temp.t USING fts5(x0, x1,"
				      " tokenize = 'unicode61 remove_diacritics 2');"
				      "INSERT INTO temp.t(rowid, x0, x1)"
				      " SELECT id, description, summary FROM initiative_fts_src;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *fts = search_fts_query(texts[i], &a);

		assert_non_null(fts);
		compare_all(db, fts, &n);
	}
	arena_cleanup(&a);
	sqlite3_close(db);
	print_message("%d passages, %d without a match, %d left to FTS5\n", n.made, n.none,
		      n.declined);
	/* the sample is ASCII and Latin-1 but for a few characters: FTS5 makes few passages */
	assert_true(n.made > 3000);
	assert_true(n.declined * 20 < n.made);
}

/* Crafted texts: what each rule of the tokenizer and of the passage's choice does. */
static void test_same_as_fts5_crafted(void **state)
{
	static const char *const rows[][2] = {
	    {"Café culture in CAFES and cafés: Crème brûlée, naïve façade, Ångström.",
	     "ÉCOLE école Ecole ÇA ça ÿ Ñandú"},
	    {"<b>Health</b> & \"health\" <script>alert('health')</script> &amp; health",
	     "a&lt;health&gt;b"},
	    {"Financing, financial FINANCE financ fin financially.", "Refinancing is not it."},
	    {"mobile health mobile  health mobile-health Mobile\tHealth", "health mobile"},
	    {"It’s the health — “care” – of all… Health’s ™ € 🌱health🌱 ®°´", "x"},
	    {"", "health"},
	    {"   leading spaces health trailing   ", "...health..."},
	    {"one. two: three.four health. five:six seven.  health eight", "x"},
	};
	static const char *const queries[] = {
	    "\"cafe\"",
	    "\"café\"",
	    "\"ECOLE\"",
	    "\"ca\"",
	    "\"health\"",
	    "\"script\"",
	    "\"financ\"*",
	    "\"fin\"*",
	    "\"mobile health\"",
	    "\"mobile health\"*",
	    "\"health\" \"mobile\"",
	    "\"health\" \"health\"",
	    "\"b\"",
	    "\"amp\"",
	    "\"lt\"",
	    "\"s\"",
	    "\"nandu\"",
	    "\"y\"",
	    "\"angstrom\"",
	    "\"creme brulee\"",
	    "\"five six\"",
	    "\"four\"",
	    "\"eight\"",
	    "\"one\"",
	};
	struct tally n = {0};
	sqlite3 *db = fts_table();
	struct buf b;
	char w[32];

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		add_row(db, rows[i][0], rows[i][1]);
	/* long texts: many sentences, terms near both ends and in the middle */
	buf_init(&b, 0);
	for (int r = 0; r < 12; r++) {
		buf_reset(&b);
		for (int i = 0; i < 400; i++) {
			int k = (i * 7 + r * 13) % 29;

			snprintf(w, sizeof w, "%s%s",
				 k == 0   ? "health"
				 : k == 1 ? "mobile"
					  : "word",
				 k == 2   ? ". "
				 : k == 3 ? ": "
				 : k == 4 ? ", "
					  : " ");
			if (r % 3 == 0 && i == 0)
				buf_puts(&b, "Health first. ");
			buf_puts(&b, w);
		}
		if (r % 2)
			buf_puts(&b, "the end is mobile health");
		add_row(db, buf_cstr(&b), r % 4 ? "short health" : "no match here");
	}
	buf_cleanup(&b);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
		compare_all(db, queries[i], &n);
	sqlite3_close(db);
	assert_true(n.made > 60);
	assert_int_equal(n.declined, 0);
}

static const char *make(const char *fts, const char *text, enum snippet_rc want, struct arena *a)
{
	const struct snippet_query *q = snippet_query(fts, a);
	const char *out = NULL;

	assert_non_null(q);
	assert_int_equal(snippet_make(q, text, strlen(text), SNIPPET_TOKENS, a, &out), want);
	if (want != SNIPPET_MADE)
		assert_null(out);
	return out;
}

/* What it makes and refuses, spelled out. */
static void test_cases(void **state)
{
	static const char *const refused_queries[] = {
	    "health",
	    "\"health",
	    "\"a\" OR \"b\"",
	    "\"a\"  \"b\"",
	    "\"---\"",
	    "\"\xce\xb1\"",
	    "\"stra\xc3\x9f"
	    "e\"",
	    "\"a\"**",
	    "\"a\"x",
	    "",
	    "\"\xc3\"",
	    "NEAR(\"a\" \"b\")",
	};
	struct arena a;
	char big[64 * 33];

	(void)state;
	arena_init(&a, 0);
	/* accents and case fold both ways; the text keeps its own spelling */
	assert_string_equal(make("\"CAFE\"", "Un café.", SNIPPET_MADE, &a), "Un \x01"
									    "café\x02.");
	assert_string_equal(make("\"café\"", "CAFE", SNIPPET_MADE, &a), "\x01"
									"CAFE\x02");
	/* a prefix marks the whole word */
	assert_string_equal(make("\"financ\"*", "Financing it", SNIPPET_MADE, &a),
			    "\x01"
			    "Financing\x02 it");
	make("\"financ\"", "Financing it", SNIPPET_NONE, &a);
	/* a phrase marks its words and what lies between them */
	assert_string_equal(make("\"mobile health\"", "mobile, health", SNIPPET_MADE, &a),
			    "\x01"
			    "mobile, health\x02");
	/* markup is text: copied as it is, for the page to escape */
	assert_string_equal(make("\"b\"", "<b>x</b>", SNIPPET_MADE, &a), "<\x01"
									 "b\x02>x</\x01"
									 "b\x02>");
	/* a long text: 32 tokens, an ellipsis where it is cut */
	big[0] = '\0';
	for (int i = 0; i < 64; i++)
		strcat(big, i == 40 ? "health " : "word ");
	{
		const char *s = make("\"health\"", big, SNIPPET_MADE, &a);

		assert_memory_equal(s, SNIPPET_ELLIPSIS, strlen(SNIPPET_ELLIPSIS));
		assert_non_null(strstr(s, "\x01health\x02"));
		assert_string_equal(s + strlen(s) - strlen(SNIPPET_ELLIPSIS), SNIPPET_ELLIPSIS);
	}
	/* UTF-8: emoji and punctuation separate; what it cannot fold, it refuses */
	assert_string_equal(
	    make("\"health\"", "\xf0\x9f\x8c\xb1health\xe2\x80\x99s", SNIPPET_MADE, &a),
	    "\xf0\x9f\x8c\xb1\x01health\x02\xe2\x80\x99s");
	make("\"health\"", "health \xce\xb1", SNIPPET_DECLINED, &a); /* Greek */
	make("\"health\"",
	     "health stra\xc3\x9f"
	     "e",
	     SNIPPET_DECLINED, &a);                                      /* ß */
	make("\"health\"", "health \xc3", SNIPPET_DECLINED, &a);         /* cut short */
	make("\"health\"", "health \xc3\x28", SNIPPET_DECLINED, &a);     /* not a continuation */
	make("\"health\"", "health \xc0\xaf", SNIPPET_DECLINED, &a);     /* overlong */
	make("\"health\"", "health \xed\xa0\x80", SNIPPET_DECLINED, &a); /* surrogate */
	make("\"health\"", "health \xf4\x90\x80\x80", SNIPPET_DECLINED, &a); /* > U+10FFFF */
	make("\"health\"", "wealth", SNIPPET_NONE, &a);
	make("\"health\"", "", SNIPPET_NONE, &a);
	for (size_t i = 0; i < sizeof refused_queries / sizeof *refused_queries; i++)
		if (snippet_query(refused_queries[i], &a))
			fail_msg("query %zu accepted", i);
	/* a doubled quote is a quote, which separates */
	assert_string_equal(make("\"a\"\"b\"", "a b", SNIPPET_MADE, &a), "\x01"
									 "a b\x02");
	arena_cleanup(&a);
}

/*
 * Every character the builder does not refuse, between U+0080 and U+2BFF and among the emoji,
 * separates or folds as FTS5's tokenizer has it: "x<c>y" is "x" and "y" to both, or one
 * token to both (with the same folded letter).
 */
static void test_fold_like_fts5(void **state)
{
	static const uint32_t ranges[][2] = {{0x80, 0x2bff}, {0x1f300, 0x1f6ff}};
	sqlite3 *db = fts_table();
	sqlite3_stmt *st;
	struct arena a;
	unsigned char *seen = calloc(0x1f700, 1);
	int known = 0;

	(void)state;
	assert_non_null(seen);
	arena_init(&a, 0);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x0) VALUES(?1, ?2)", -1, &st, NULL),
	    SQLITE_OK);
	for (size_t r = 0; r < 2; r++)
		for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
			char text[8];
			int n = 0;

			if (c >= 0xd800 && c <= 0xdfff)
				continue;
			text[n++] = 'x';
			if (c < 0x800) {
				text[n++] = (char)(0xc0 | (c >> 6));
			} else if (c < 0x10000) {
				text[n++] = (char)(0xe0 | (c >> 12));
				text[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			} else {
				text[n++] = (char)(0xf0 | (c >> 18));
				text[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
				text[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			}
			text[n++] = (char)(0x80 | (c & 0x3f));
			text[n++] = 'y';
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, c);
			sqlite3_bind_text(st, 2, text, n, SQLITE_TRANSIENT);
			assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		}
	sqlite3_finalize(st);
	/* "x" alone: the rows whose character separates; "x?y": those folding to ? */
	for (int q = 0; q <= 36; q++) {
		char fts[16];

		if (q == 0)
			snprintf(fts, sizeof fts, "\"x\"");
		else
			snprintf(fts, sizeof fts, "\"x%cy\"", q <= 26 ? 'a' + q - 1 : '0' + q - 27);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, x0 FROM t WHERE t MATCH ?1",
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			seen[sqlite3_column_int64(st, 0)] = (unsigned char)(q + 1);
		sqlite3_finalize(st);
	}
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, x0 FROM t", -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t c = sqlite3_column_int64(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		struct snippet_query *x = snippet_query("\"x\"", &a);
		const char *out;
		enum snippet_rc rc = snippet_make(x, text, strlen(text), SNIPPET_TOKENS, &a, &out);

		if (rc == SNIPPET_DECLINED)
			continue;
		known++;
		if (rc == SNIPPET_MADE && seen[c] != 1)
			fail_msg("U+%04llX separates here, not in FTS5", (long long)c);
		if (rc == SNIPPET_NONE) {
			/* a letter: which one? */
			int q = 0;

			for (int k = 1; k <= 36 && !q; k++) {
				char fts[16];

				snprintf(fts, sizeof fts, "\"x%cy\"",
					 k <= 26 ? 'a' + k - 1 : '0' + k - 27);
				if (snippet_make(snippet_query(fts, &a), text, strlen(text),
						 SNIPPET_TOKENS, &a, &out) == SNIPPET_MADE)
					q = k + 1;
			}
			if (!q || seen[c] != q)
				fail_msg("U+%04llX folds to #%d here, FTS5 #%d", (long long)c, q,
					 seen[c]);
		}
		arena_reset(&a);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	arena_cleanup(&a);
	free(seen);
	print_message("%d characters known\n", known);
	assert_true(known > 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_as_fts5_on_sample),
	    cmocka_unit_test(test_same_as_fts5_crafted),
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_fold_like_fts5),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
