/*
 * import_jsonl.c - reads the record format as JSON Lines, one record per line.
 */
#include "io/import.h"
#include "io/import_internal.h"

#include "core/text.h"
#include "domain/record_json.h"
#include "domain/record_text.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/*
 * line_reader hands out lines of at most IMPORT_MAX_LINE bytes; a longer line is an error
 * rather than a silent split. It reads the stream in chunks of its own and finds line ends
 * with memchr (a byte at a time through getc was a tenth of the storing thread's work).
 */
#define LINE_CHUNK 65536

struct line_reader {
	FILE *in;
	char *buf; /* the line */
	size_t cap;
	char *chunk; /* read from in, handed out up to pos */
	size_t pos, end;
};

/*
 * read_line reads the next line (without its newline) into r->buf, growing it up to the
 * limit; 1 = got one, 0 = EOF, -1 = out of memory.
 */
static int read_line(struct line_reader *r, size_t *len, int *too_long)
{
	size_t n = 0;
	int any = 0;

	*too_long = 0;
	for (;;) {
		const char *p, *nl;
		size_t avail, take;

		if (r->pos == r->end) {
			r->pos = 0;
			r->end = fread(r->chunk, 1, LINE_CHUNK, r->in);
			if (r->end == 0)
				break;
		}
		any = 1;
		p = r->chunk + r->pos;
		avail = r->end - r->pos;
		nl = memchr(p, '\n', avail);
		take = nl ? (size_t)(nl - p) : avail;
		if (n + take > IMPORT_MAX_LINE) {
			*too_long = 1;
			return 1;
		}
		if (n + take + 1 > r->cap) {
			size_t ncap = r->cap;
			char *q;

			while (ncap < n + take + 1)
				ncap *= 2;
			if (ncap > IMPORT_MAX_LINE + 1)
				ncap = IMPORT_MAX_LINE + 1;
			if (!(q = realloc(r->buf, ncap)))
				return -1;
			r->buf = q;
			r->cap = ncap;
		}
		memcpy(r->buf + n, p, take);
		n += take;
		r->pos += take;
		if (nl) {
			r->pos++;
			break;
		}
	}
	if (!any)
		return 0;
	if (n && r->buf[n - 1] == '\r')
		n--;
	r->buf[n] = '\0';
	*len = n;
	return 1;
}

int import_for_each_json_line(FILE *in, const char *name, struct import_sink *sink,
			      int (*fn)(json_t *obj, struct import_sink *sink, long line,
					const char *where, struct errinfo *e),
			      int (*fast)(const char *text, size_t len, struct import_sink *sink,
					  const char *where, struct errinfo *e),
			      struct errinfo *e)
{
	struct line_reader r = {in, NULL, 65536, NULL, 0, 0};
	char where[32];
	size_t len;
	long line = 0;
	int too_long, got, rc = 0;

	r.buf = malloc(r.cap);
	r.chunk = malloc(LINE_CHUNK);
	if (!r.buf || !r.chunk) {
		free(r.buf);
		free(r.chunk);
		return errinfo_set(e, ERR_NOMEM, NULL, "%s: out of memory", name);
	}
	while ((got = read_line(&r, &len, &too_long)) != 0) {
		json_error_t jerr;
		json_t *obj;

		if (got < 0) {
			rc = errinfo_set(e, ERR_NOMEM, NULL, "%s: out of memory", name);
			break;
		}
		line++;
		snprintf(where, sizeof where, "line %ld", line);
		if (too_long) {
			sink->unread = 1;
			rc = errinfo_set(e, ERR_TOO_LARGE, NULL, "%s: %s: longer than %zu bytes",
					 name, where, IMPORT_MAX_LINE);
			break;
		}
		if (line == 1 && len >= 3 && memcmp(r.buf, "\xef\xbb\xbf", 3) == 0) {
			/* a byte order mark, as some editors write: not part of the record */
			memmove(r.buf, r.buf + 3, len - 2);
			len -= 3;
		}
		/* Checked first: a NUL would end the line early for the blank check below. */
		if (!text_utf8_valid(r.buf, len)) {
			sink->unread = 1;
			rc = errinfo_set(e, ERR_INVALID, NULL, "%s: %s: not valid UTF-8", name,
					 where);
			break;
		}
		if (text_is_blank(r.buf))
			continue;
		if (fast && (rc = fast(r.buf, len, sink, where, e)) != RECORD_TEXT_DECLINED) {
			arena_reset(sink->arena);
			if (rc)
				break;
			continue;
		}
		rc = 0;
		obj = json_loadb(r.buf, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!obj) {
			sink->unread = 1;
			rc = errinfo_set(e, ERR_INVALID, NULL,
					 "%s: %s, column %d: malformed JSON: %s", name, where,
					 jerr.column, jerr.text);
			break;
		}
		if (!json_is_object(obj)) {
			json_decref(obj);
			sink->unread = 1;
			rc = errinfo_set(e, ERR_INVALID, NULL,
					 "%s: %s: a record must be a JSON object", name, where);
			break;
		}
		rc = fn(obj, sink, line, where, e);
		json_decref(obj);
		arena_reset(sink->arena);
		if (rc)
			break;
	}
	if (!rc && ferror(in))
		rc = errinfo_set(e, ERR_IO, NULL, "%s: read error", name);
	free(r.buf);
	free(r.chunk);
	return rc;
}

/*
 * jsonl_text reads a line without a jansson tree when it can (record_text_parse); the
 * lines it declines, errors included, go to jsonl_record.
 */
static int jsonl_text(const char *text, size_t len, struct import_sink *sink, const char *where,
		      struct errinfo *e)
{
	struct initiative ini;

	ini_init(&ini);
	if (record_text_parse(text, len, sink->arena, &ini) != 0)
		return RECORD_TEXT_DECLINED;
	return sink->emit(sink->ud, &ini, where, e);
}

static int jsonl_record(json_t *obj, struct import_sink *sink, long line, const char *where,
			struct errinfo *e)
{
	struct initiative ini;
	int rc;

	(void)line;
	ini_init(&ini);
	if ((rc = record_from_json(obj, sink->arena, &ini, e))) {
		sink->unread = 1;
		if (e->field[0] && !strstr(e->msg, "unknown field"))
			errinfo_prefix(e, "%s: field %s: ", where, e->field);
		else
			errinfo_prefix(e, "%s: ", where);
		return rc;
	}
	return sink->emit(sink->ud, &ini, where, e);
}

/* jsonl_line hands the line to the sink's line callback: no parsing here. */
static int jsonl_line(const char *text, size_t len, struct import_sink *sink, const char *where,
		      struct errinfo *e)
{
	return sink->line(sink->ud, text, len, where, e);
}

int import_jsonl_parse(const char *name, const char *text, size_t len, const char *where,
		       struct arena *a, struct initiative *out, struct errinfo *e)
{
	json_error_t jerr;
	json_t *obj;
	int rc;

	ini_init(out);
	if (record_text_parse(text, len, a, out) == 0)
		return 0;
	ini_init(out);
	if (!(obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)))
		return errinfo_set(e, ERR_INVALID, NULL, "%s: %s, column %d: malformed JSON: %s",
				   name, where, jerr.column, jerr.text);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return errinfo_set(e, ERR_INVALID, NULL, "%s: %s: a record must be a JSON object",
				   name, where);
	}
	rc = record_from_json(obj, a, out, e);
	json_decref(obj);
	if (rc) {
		if (e->field[0] && !strstr(e->msg, "unknown field"))
			errinfo_prefix(e, "%s: %s: field %s: ", name, where, e->field);
		else
			errinfo_prefix(e, "%s: %s: ", name, where);
	}
	return rc;
}

int import_read_jsonl(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e)
{
	int rc = import_for_each_json_line(in, name, sink, jsonl_record,
					   sink->line ? jsonl_line : jsonl_text, e);

	/* Reader errors carry the location but not yet the file name. */
	if (rc && strncmp(e->msg, name, strlen(name)) != 0)
		errinfo_prefix(e, "%s: ", name);
	return rc;
}
