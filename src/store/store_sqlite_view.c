/*
 * store_sqlite_view.c - what the page of one initiative reads besides the record: its
 * versions, who may see it while it is not published, and the initiatives related to it.
 */
#include "store/store_sqlite_internal.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/text.h"

#include <string.h>

#define FTS_MAX_TERMS 16

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

/*
 * title_words turns a title into a JSON array of its words (title_word_next) of two
 * characters or more, at most FTS_MAX_TERMS of them, for the SQL tie-break of related
 * initiatives. Built with jansson, so no character of the title can reach the SQL as
 * anything but a value; a word that is not valid UTF-8 (cut at 255 bytes) is left out.
 */
static char *title_words(const char *title)
{
	json_t *arr = json_array();
	char word[256];
	char *out;
	int terms = 0;

	for (const char *p = title ? title : ""; arr && *p && terms < FTS_MAX_TERMS;) {
		size_t n = title_word_next(&p, word);

		if (n < 2)
			continue;
		json_array_append_new(arr, json_stringn(word, n));
		terms++;
	}
	out = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return out;
}

/* The words of a title as the tie-break counts them: each distinct word once, with how
 * many times the title has it. */
struct rel_words {
	char w[FTS_MAX_TERMS][256];
	size_t len[FTS_MAX_TERMS];
	int times[FTS_MAX_TERMS];
	int n;
};

/* rel_words_read fills w with the words title_words would give, in C. */
static void rel_words_read(const char *title, struct rel_words *w)
{
	char word[256];
	int terms = 0;

	w->n = 0;
	for (const char *p = title ? title : ""; *p && terms < FTS_MAX_TERMS;) {
		size_t n = title_word_next(&p, word);
		int k;

		if (n < 2)
			continue;
		terms++;
		if (!text_utf8_valid(word, n)) /* as jansson declines it */
			continue;
		for (k = 0; k < w->n; k++)
			if (w->len[k] == n && memcmp(w->w[k], word, n) == 0)
				break;
		if (k == w->n) {
			memcpy(w->w[k], word, n + 1);
			w->len[k] = n;
			w->times[k] = 0;
			w->n++;
		}
		w->times[k]++;
	}
}

/*
 * ascii_lower copies the n bytes at src to dst with the ASCII letters lower-cased, as
 * SQLite's lower() does, eight bytes at a time: a byte is upper-case when its high bit is
 * clear and its low seven bits are from 'A' to 'Z' (the sums below never carry between
 * bytes), and gets 0x20 added.
 */
static void ascii_lower(const unsigned char *src, size_t n, char *dst)
{
	const uint64_t high = 0x8080808080808080u;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, low7, from_a, past_z;

		memcpy(&x, src + i, 8);
		low7 = x & ~high;
		from_a = low7 + 0x3f3f3f3f3f3f3f3fu; /* 0x80 - 'A' */
		past_z = low7 + 0x2525252525252525u; /* 0x80 - 'Z' - 1 */
		x |= (from_a & ~past_z & ~x & high) >> 2;
		memcpy(dst + i, &x, 8);
	}
	for (; i < n; i++)
		dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] + ('a' - 'A') : src[i]);
}

/*
 * rel_words_found counts the words of w (with their repeats) that the document doc (n
 * bytes) has anywhere, compared with its ASCII letters lower-cased (SQLite's lower()):
 * what `instr(lower(doc), word) > 0` says for each. low has room for n bytes.
 */
static int rel_words_found(const struct rel_words *w, const unsigned char *doc, size_t n, char *low)
{
	int found = 0;

	ascii_lower(doc, n, low);
	for (int k = 0; k < w->n; k++)
		if (memmem(low, n, w->w[k], w->len[k]))
			found += w->times[k];
	return found;
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

int store_initiative_related(struct store *s, int64_t id, const char *title, int limit,
			     store_brief_cb cb, void *ud)
{
	sqlite3_stmt *st;
	char *words = title_words(title);
	int rc;

	if (!words)
		return store__fail(s, ERR_NOMEM, "out of memory");
	if (!(st = store__stmt(s, STMT_INI_RELATED))) {
		free(words);
		return ERR_DB;
	}
	sqlite3_bind_int64(st, 1, id);
	store__bind_text(st, 2, words);
	sqlite3_bind_int(st, 3, limit);
	rc = each_brief(s, st, cb, ud);
	free(words);
	return rc;
}

/* A candidate related initiative: tags shared, title words its document has. */
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

/* A buffer for a lower-cased document, kept from one candidate to the next. */
struct rel_scratch {
	char *p;
	size_t cap;
};

/*
 * rel_level_rank reads the documents of the candidates v[0..n) (one count of shared tags),
 * drops those no longer published, counts the title words each has and sorts them. Sets
 * *kept to how many are left at the front of v. One candidate alone needs no count.
 */
static int rel_level_rank(struct store *s, const struct rel_words *w, struct rel_cand *v, size_t n,
			  struct rel_scratch *low, size_t *kept)
{
	sqlite3_stmt *st = store__stmt(s, STMT_INI_RELATED_DOC);
	size_t m = 0;

	if (!st)
		return ERR_DB;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *doc;
		size_t len;
		int rc;

		sqlite3_bind_int64(st, 1, v[i].id);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return store__db_fail(s, "finding related initiatives");
			continue; /* gone, or no longer published */
		}
		doc = sqlite3_column_blob(st, 0); /* no copy, no terminator needed */
		len = (size_t)sqlite3_column_bytes(st, 0);
		if (len > low->cap) {
			char *p = realloc(low->p, len);

			if (!p) {
				sqlite3_reset(st);
				return store__fail(s, ERR_NOMEM, "out of memory");
			}
			low->p = p;
			low->cap = len;
		}
		v[m] = v[i];
		v[m++].words = n > 1 && doc ? rel_words_found(w, doc, len, low->p) : 0;
		sqlite3_reset(st);
	}
	qsort(v, m, sizeof *v, rel_cand_cmp);
	*kept = m;
	return 0;
}

/*
 * The order of STMT_INI_RELATED's answer, among candidates, in C: only the documents of the
 * candidates that can reach the first limit are read (those with as many shared tags as the
 * limit-th or more), and only the rows shown are read whole. The text tie-break counts the
 * title's words (repeats included) found anywhere in the lower-cased document, as the SQL
 * does with instr(lower(doc), word).
 */
int store_initiative_related_among(struct store *s, const char *title, const int64_t *ids,
				   const int *shared, size_t n, int limit, store_brief_cb cb,
				   void *ud)
{
	struct rel_cand *v;
	struct rel_words *w;
	struct rel_scratch low = {NULL, 0};
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
		if (!(rc = rel_level_rank(s, w, v + i, j - i, &low, &kept))) {
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
	free(low.p);
	free(w);
	free(v);
	return rc;
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
