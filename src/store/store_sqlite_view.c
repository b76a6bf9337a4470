/*
 * store_sqlite_view.c - what the page of one initiative reads besides the record: its
 * versions, who may see it while it is not published, and the initiatives related to it.
 */
#include "store/store_sqlite_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/stopword.h"
#include "domain/record_text.h"

/* The title words a tie-break between related initiatives counts at most (bits of a
 * uint32_t). */
#define RELATED_MAX_WORDS 16

int store_revision_list(struct store *s, int64_t id, int limit, struct arena *a,
			struct store_revision **out, size_t *n)
{
	sqlite3_stmt *st = store__stmt(s, STMT_REV_LIST);
	struct store_revision *v;
	size_t count = 0;
	int rc;

	if (!st)
		return ERR_DB;
	if (limit <= 0)
		limit = 1;
	if (!(v = arena_alloc(a, (size_t)limit * sizeof *v)))
		return store__fail(s, ERR_NOMEM, "out of memory");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, limit);
	/* Newest first from the database; stored oldest first. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < (size_t)limit) {
		struct store_revision *r = &v[(size_t)limit - 1 - count];

		r->rev = sqlite3_column_int64(st, 0);
		r->doc = arena_strdup(a, store__col_text(st, 1));
		r->actor = arena_strdup(a, store__col_text(st, 2));
		r->created_at = arena_strdup(a, store__col_text(st, 3));
		r->current = sqlite3_column_int(st, 4);
		if (!r->doc || !r->actor || !r->created_at) {
			sqlite3_reset(st);
			return store__fail(s, ERR_NOMEM, "out of memory");
		}
		count++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store__db_fail(s, "listing the versions of an initiative");
	if (count == 0)
		return store__fail(s, ERR_NOT_FOUND, "initiative %lld does not exist",
				   (long long)id);
	*out = v + ((size_t)limit - count);
	*n = count;
	return 0;
}

int store_initiative_access(struct store *s, int64_t id, struct arena *a,
			    struct store_ini_access *out)
{
	struct store_ini_access r;
	sqlite3_stmt *st;
	const char *note;
	int rc, has_note;

	if ((rc = store__initiative_row(s, STMT_INI_ACCESS, id, &st)))
		return rc;
	r.submitted_by = sqlite3_column_int64(st, 0);
	r.state = arena_strdup(a, store__col_text(st, 1));
	note = store__col_text(st, 2);
	has_note = note && *note; /* note is gone once the statement is reset */
	r.moderation_note = has_note ? arena_strdup(a, note) : NULL;
	r.updated_by = arena_strdup(a, store__col_text(st, 3));
	sqlite3_reset(st);
	if (!r.state || !r.updated_by || (has_note && !r.moderation_note))
		return store__fail(s, ERR_NOMEM, "out of memory");
	*out = r;
	return 0;
}

/*
 * title_word_next reads the next word of a title at *p for the tie-break of related
 * initiatives: a run of letters and digits (any non-ASCII byte counts as a letter),
 * lower-cased (ASCII), its first 255 bytes in word. Returns its length (0 at the end; a
 * word of one character is returned too, for the caller to skip).
 */
static size_t title_word_next(const char **p, char word[256])
{
	const char *q = *p;
	size_t n = 0;

	while (*q && !((unsigned char)*q >= 0x80 || (*q >= '0' && *q <= '9') ||
		       (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
		q++;
	while ((unsigned char)*q >= 0x80 || (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z') ||
	       (*q >= 'A' && *q <= 'Z')) {
		if (n + 1 < 256)
			word[n++] = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
		q++;
	}
	word[n] = '\0';
	*p = q;
	return n;
}

/* The words of a page's title that break ties between its related initiatives: each
 * distinct word once. */
struct rel_words {
	char w[RELATED_MAX_WORDS][256];
	size_t len[RELATED_MAX_WORDS];
	int n;
};

/*
 * rel_words_read fills w with the words of title (title_word_next) that count: two
 * characters or more, not a stop word of English, French or Spanish (core/stopword.h),
 * each distinct word once, the first RELATED_MAX_WORDS of them.
 */
static void rel_words_read(const char *title, struct rel_words *w)
{
	char word[256];

	w->n = 0;
	for (const char *p = title ? title : ""; *p && w->n < RELATED_MAX_WORDS;) {
		size_t n = title_word_next(&p, word);
		int k;

		if (n < 2 || stopword_any(word, n))
			continue;
		for (k = 0; k < w->n; k++)
			if (w->len[k] == n && memcmp(w->w[k], word, n) == 0)
				break;
		if (k == w->n) {
			memcpy(w->w[k], word, n + 1);
			w->len[k] = n;
			w->n++;
		}
	}
}

/*
 * rel_words_mark adds to *found (bit k for w's word k) the words of w that text has as whole
 * words, read as the title is (title_word_next). Returns whether every word is found.
 */
static int rel_words_mark(const struct rel_words *w, const char *text, uint32_t *found)
{
	const uint32_t all = ((uint32_t)1 << w->n) - 1;
	char word[256];

	for (const char *p = text ? text : ""; *p && *found != all;) {
		size_t n = title_word_next(&p, word);

		if (n < 2)
			continue;
		for (int k = 0; k < w->n; k++)
			if (w->len[k] == n && !(*found & (uint32_t)1 << k) &&
			    memcmp(w->w[k], word, n) == 0) {
				*found |= (uint32_t)1 << k;
				break;
			}
	}
	return *found == all;
}

/* rel_words_found counts the words of w that a candidate's title or summary has. */
static int rel_words_found(const struct rel_words *w, const char *title, const char *summary)
{
	uint32_t found = 0;

	if (w->n && !rel_words_mark(w, title, &found))
		rel_words_mark(w, summary, &found);
	return __builtin_popcount(found);
}

/*
 * each_brief steps st (parameters bound), a listing of related initiatives, and gives each
 * row to cb; it stops at cb's first non-zero result and returns it. st is reset on return.
 */
static int each_brief(struct store *s, sqlite3_stmt *st, store_brief_cb cb, void *ud)
{
	int rc, crc = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_ini_brief b;

		store__brief_row(st, &b);
		if ((crc = cb(ud, &b)))
			break;
	}
	sqlite3_reset(st);
	if (crc)
		return crc;
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "finding related initiatives");
}

/* A candidate related initiative: tags shared, page title words its title or summary has. */
struct rel_cand {
	int64_t id;
	int shared, words;
};

/* Most shared tags first, then most title words, then the newest. */
static int rel_cand_cmp(const void *x, const void *y)
{
	const struct rel_cand *a = x, *b = y;

	if (a->shared != b->shared)
		return a->shared > b->shared ? -1 : 1;
	if (a->words != b->words)
		return a->words > b->words ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* A buffer for a candidate's summary, kept from one candidate to the next. */
struct rel_scratch {
	char *p;
	size_t cap;
};

/*
 * rel_level_rank reads the title and summary of the candidates v[0..n) (one count of shared
 * tags), drops those no longer published, counts the title words each has and sorts them.
 * Sets *kept to how many are left at the front of v. One candidate alone needs no count.
 * The summary is found in the stored document by record_text_summary: json_extract would
 * parse all of it, which cost as much again as the rest of the page.
 */
static int rel_level_rank(struct store *s, const struct rel_words *w, struct rel_cand *v, size_t n,
			  struct rel_scratch *sum, size_t *kept)
{
	sqlite3_stmt *st = store__stmt(s, STMT_INI_RELATED_DOC);
	size_t m = 0;

	if (!st)
		return ERR_DB;
	for (size_t i = 0; i < n; i++) {
		const char *title, *doc;
		size_t len, slen;
		int rc;

		sqlite3_bind_int64(st, 1, v[i].id);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return store__db_fail(s, "finding related initiatives");
			continue; /* gone, or no longer published */
		}
		v[m] = v[i];
		v[m].words = 0;
		title = store__col_text(st, 0);
		doc = sqlite3_column_blob(st, 1); /* no copy, no terminator needed */
		len = (size_t)sqlite3_column_bytes(st, 1);
		if (n > 1 && w->n && doc) {
			if (len + 1 > sum->cap) {
				char *p = realloc(sum->p, len + 1);

				if (!p) {
					sqlite3_reset(st);
					return store__fail(s, ERR_NOMEM, "out of memory");
				}
				sum->p = p;
				sum->cap = len + 1;
			}
			/* a summary that does not decode (no valid record has one) counts as none */
			record_text_summary(doc, len, sum->p, &slen);
			v[m].words = rel_words_found(w, title, sum->p);
		}
		m++;
		sqlite3_reset(st);
	}
	qsort(v, m, sizeof *v, rel_cand_cmp);
	*kept = m;
	return 0;
}

/*
 * The candidates are ranked level by level of shared tags: only the texts of the
 * candidates that can reach the first limit are read (those with as many shared tags as
 * the limit-th or more), and only the rows shown are read whole. The text tie-break counts
 * the page title's distinct words (rel_words_read) that the candidate's title or summary has
 * as whole words (rel_words_found).
 */
int store_initiative_related_among(struct store *s, const char *title, const int64_t *ids,
				   const int *shared, size_t n, int limit, store_brief_cb cb,
				   void *ud)
{
	struct rel_cand *v;
	struct rel_words *w;
	struct rel_scratch sum = {NULL, 0};
	size_t want = limit < 0 ? n : (size_t)limit, done = 0;
	int rc = 0;

	if (n > STORE_RELATED_MAX)
		return store__fail(s, ERR_INVALID, "too many candidates");
	v = malloc((n ? n : 1) * sizeof *v);
	w = malloc(sizeof *w);
	if (!v || !w) {
		free(v);
		free(w);
		return store__fail(s, ERR_NOMEM, "out of memory");
	}
	rel_words_read(title, w);
	for (size_t i = 0; i < n; i++) {
		v[i].id = ids[i];
		v[i].shared = shared[i];
		v[i].words = 0;
	}
	qsort(v, n, sizeof *v, rel_cand_cmp); /* by shared tags, then id: words are all 0 */
	/* Level by level of shared tags, until limit are kept: v[0..done) is the answer. */
	for (size_t i = 0; !rc && i < n && done < want;) {
		size_t j = i, kept = 0;

		while (j < n && v[j].shared == v[i].shared)
			j++;
		if (!(rc = rel_level_rank(s, w, v + i, j - i, &sum, &kept))) {
			memmove(v + done, v + i, kept * sizeof *v);
			done += kept;
		}
		i = j;
	}
	if (done > want)
		done = want;
	if (!rc) {
		int64_t *top = malloc((done ? done : 1) * sizeof *top);

		if (!top) {
			rc = store__fail(s, ERR_NOMEM, "out of memory");
		} else {
			for (size_t i = 0; i < done; i++)
				top[i] = v[i].id;
			rc = store_initiative_briefs(s, top, done, cb, ud);
			free(top);
		}
	}
	free(sum.p);
	free(w);
	free(v);
	return rc;
}

/*
 * Without the search index, the candidates come from SQL (STMT_INI_RELATED: the same
 * STORE_RELATED_MAX, most shared tags first, then the newest, as search_related finds them)
 * and are ranked by the same C, so the page does not change once the index is loaded.
 */
int store_initiative_related(struct store *s, int64_t id, const char *title, int limit,
			     store_brief_cb cb, void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_INI_RELATED);
	int64_t ids[STORE_RELATED_MAX];
	int shared[STORE_RELATED_MAX], rc;
	size_t n = 0;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, STORE_RELATED_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < STORE_RELATED_MAX) {
		ids[n] = sqlite3_column_int64(st, 0);
		shared[n++] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store__db_fail(s, "finding related initiatives");
	return store_initiative_related_among(s, title, ids, shared, n, limit, cb, ud);
}

int store_initiative_briefs(struct store *s, const int64_t *ids, size_t n, store_brief_cb cb,
			    void *ud)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		sqlite3_stmt *st = store__stmt(s, STMT_INI_BRIEF);

		if (!st)
			return ERR_DB;
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = each_brief(s, st, cb, ud);
	}
	return rc;
}
