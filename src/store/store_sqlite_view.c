/*
 * store_sqlite_view.c - what the page of one initiative reads besides the record: its
 * versions, who may see it while it is not published, and the initiatives related to it.
 */
#include "store/store_sqlite_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"

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
 * title_words turns a title into a JSON array of its words, lower-cased (ASCII), for the
 * tie-break of related initiatives: each run of letters and digits (any non-ASCII byte
 * counts as a letter) of two characters or more, at most FTS_MAX_TERMS of them. Built with
 * jansson, so no character of the title can reach the SQL as anything but a value.
 */
static char *title_words(const char *title)
{
	json_t *arr = json_array();
	char word[256];
	char *out;
	int terms = 0;

	for (const char *p = title ? title : ""; arr && *p && terms < FTS_MAX_TERMS;) {
		size_t n = 0;

		while (*p && !((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') ||
			       (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			p++;
		while ((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') ||
		       (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
			if (n + 1 < sizeof word)
				word[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
			p++;
		}
		word[n] = '\0';
		if (n < 2)
			continue;
		json_array_append_new(arr, json_stringn(word, n));
		terms++;
	}
	out = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return out;
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

int store_initiative_related_among(struct store *s, const char *title, const int64_t *ids,
				   const int *shared, size_t n, int limit, store_brief_cb cb,
				   void *ud)
{
	/* [[id,n],...] as JSON, read by json_each: numbers only */
	char *top = malloc(n * 48 + 3), *p = top;
	char *words = title_words(title);
	sqlite3_stmt *st;
	int rc;

	if (n > STORE_RELATED_MAX) {
		free(top);
		free(words);
		return store__fail(s, ERR_INVALID, "too many candidates");
	}
	if (!top || !words) {
		free(top);
		free(words);
		return store__fail(s, ERR_NOMEM, "out of memory");
	}
	*p++ = '[';
	for (size_t i = 0; i < n; i++)
		p += snprintf(p, 48, "%s[%lld,%d]", i ? "," : "", (long long)ids[i], shared[i]);
	*p++ = ']';
	*p = '\0';
	if (!(st = store__stmt(s, STMT_INI_RELATED_AMONG))) {
		free(top);
		free(words);
		return ERR_DB;
	}
	store__bind_text(st, 1, top);
	store__bind_text(st, 2, words);
	sqlite3_bind_int(st, 3, limit);
	rc = each_brief(s, st, cb, ud);
	free(top);
	free(words);
	return rc;
}
