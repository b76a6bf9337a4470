/*
 * snippet.h - the passage a result list shows of an initiative's text, made in C from the
 * text the page has already read, the way FTS5's snippet() makes it (see snippet.c).
 *
 * snippet() asks the full-text index where the query's phrases are in the row (a few B-tree
 * seeks per term in each of the index's segments), then tokenizes the column; this builder
 * only tokenizes the column, with the table's tokenizer's rules (unicode61,
 * remove_diacritics 2). It handles the queries search_fts_query makes (quoted phrases, a
 * trailing * for a prefix) over text whose characters it knows how to fold (ASCII, Latin-1
 * letters, punctuation, symbols, emoji); for anything else it declines, and the caller asks
 * FTS5 (store_search_snippet).
 */
#ifndef STOCKTAKE_SEARCH_SNIPPET_H
#define STOCKTAKE_SEARCH_SNIPPET_H

#include "core/arena.h"

#include <stddef.h>

#define SNIPPET_TOKENS 32             /* tokens in a passage, as the store's snippet() */
#define SNIPPET_MAX_TEXT (256 * 1024) /* longer texts are left to FTS5 */
#define SNIPPET_MAX_PHRASES 32        /* = SEARCH_MAX_TERMS */

/* The markers around a found term and the ellipsis, as the store's snippet() writes them. */
#define SNIPPET_OPEN "\x01"
#define SNIPPET_CLOSE "\x02"
#define SNIPPET_ELLIPSIS "\xe2\x80\xa6"

struct snippet_query;

/*
 * snippet_query parses fts, an FTS5 query as search_fts_query writes it ("a" "b c"*), into
 * phrases of folded tokens, in a. NULL when the builder cannot handle it (another form, a
 * character it cannot fold, a phrase without a token, too many phrases) or out of memory:
 * then every snippet of the query is FTS5's.
 */
struct snippet_query *snippet_query(const char *fts, struct arena *a);

enum snippet_rc {
	SNIPPET_NONE,     /* no phrase of the query is in the text: no passage */
	SNIPPET_MADE,     /* *out is the passage, in a */
	SNIPPET_DECLINED, /* the text holds a character the builder cannot fold: ask FTS5 */
	SNIPPET_NOMEM     /* out of memory */
};

/*
 * snippet_make sets *out to the passage of the n bytes of text that snippet(table, column,
 * SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS, ntoken) gives for q, when the text holds
 * an instance of one of q's phrases. The text is copied as it is (the page escapes it).
 */
enum snippet_rc snippet_make(const struct snippet_query *q, const char *text, size_t n, int ntoken,
			     struct arena *a, const char **out);

#endif
