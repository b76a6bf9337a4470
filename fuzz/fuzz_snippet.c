/*
 * fuzz_snippet.c - libFuzzer driver for src/search/snippet.c, differential: the input is a
 * search text and a document text, split at the first NUL. The search text becomes an FTS5
 * query (search_fts_query); the document goes into an in-memory FTS5 table with the
 * search's tokenizer. Whenever snippet_make makes a passage it must be snippet()'s, byte
 * for byte; when it finds no match, snippet()'s passage must hold none. Anything else
 * aborts. (The table is asked with the phrases OR'ed, so that a row holding any of them
 * matches: snippet() sees the same instances.)
 */
#include "core/arena.h"
#include "core/buf.h"
#include "search/search.h"
#include "search/snippet.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *ins, *del, *snip;

static void setup(void)
{
	if (db)
		return;
	if (sqlite3_open(":memory:", &db) ||
	    sqlite3_exec(db,
			 "CREATE VIRTUAL TABLE t USING fts5(x,"
			 " tokenize = 'unicode61 remove_diacritics 2')",
			 NULL, NULL, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x) VALUES(1, ?1)", -1, &ins, NULL) ||
	    sqlite3_prepare_v2(db, "DELETE FROM t", -1, &del, NULL) ||
	    sqlite3_prepare_v2(db,
			       "SELECT snippet(t, 0, char(1), char(2), '\xe2\x80\xa6', 32) FROM t"
			       " WHERE t MATCH ?1",
			       -1, &snip, NULL))
		abort();
}

/* or_query writes fts's phrases ("a" "b"*, as search_fts_query writes them) joined by OR. */
static const char *or_query(const char *fts, struct arena *a)
{
	struct buf b;
	const char *p = fts, *out;

	buf_init(&b, 0);
	while (*p == '"') {
		buf_putc(&b, *p++);
		while (*p && !(*p == '"' && p[1] != '"')) {
			if (*p == '"')
				buf_putc(&b, *p++);
			buf_putc(&b, *p++);
		}
		if (*p)
			buf_putc(&b, *p++);
		if (*p == '*')
			buf_putc(&b, *p++);
		if (*p == ' ' && p[1]) {
			buf_puts(&b, " OR ");
			p++;
		}
	}
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	struct snippet_query *q;
	const char *fts, *got = NULL, *want = NULL, *orq;
	char *search, *text;
	size_t nq, nt;
	struct arena a;
	enum snippet_rc rc;

	if (!nul || size > 65536)
		return 0;
	setup();
	nq = (size_t)(nul - data);
	nt = size - nq - 1;
	arena_init(&a, 0);
	search = arena_strndup(&a, (const char *)data, nq);
	text = arena_alloc(&a, nt + 1);
	if (!search || !text)
		abort();
	memcpy(text, nul + 1, nt);
	text[nt] = '\0';
	if (strlen(search) > SEARCH_MAX_Q || !(fts = search_fts_query(search, &a)) ||
	    !(q = snippet_query(fts, &a))) {
		arena_cleanup(&a);
		return 0;
	}
	rc = snippet_make(q, text, nt, SNIPPET_TOKENS, &a, &got);
	if (rc == SNIPPET_DECLINED || rc == SNIPPET_NOMEM) {
		arena_cleanup(&a);
		return 0;
	}
	/* the same text for FTS5 (it has no NUL: snippet_make declines one) */
	if (!(orq = or_query(fts, &a)))
		abort();
	sqlite3_reset(del);
	sqlite3_step(del);
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, text, (int)nt, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE)
		abort();
	sqlite3_reset(snip);
	sqlite3_bind_text(snip, 1, orq, -1, SQLITE_STATIC);
	if (sqlite3_step(snip) == SQLITE_ROW)
		want = (const char *)sqlite3_column_text(snip, 0);
	if (rc == SNIPPET_MADE && (!want || strcmp(want, got))) {
		fprintf(stderr, "query %s\nFTS5 %s\nours %s\n", orq, want ? want : "(no row)", got);
		abort();
	}
	if (rc == SNIPPET_NONE && want && strchr(want, '\x01')) {
		fprintf(stderr, "query %s\nFTS5 %s\nours: no match\n", orq, want);
		abort();
	}
	sqlite3_reset(snip);
	arena_cleanup(&a);
	return 0;
}
