/*
 * csv_reader.c - libcsv driven chunk by chunk; fields are collected per row in an arena.
 */
#include "io/csv_reader.h"

#include "core/arena.h"
#include "core/text.h"

#include <csv.h>
#include <string.h>

#define CSV_MAX_COLUMNS 512

struct csv_state {
	const char *name;
	size_t max_field;
	csv_row_fn cb;
	void *ud;
	struct errinfo *e;
	struct arena arena;
	char *fields[CSV_MAX_COLUMNS];
	size_t n;
	long row;
	int rc; /* first error; once set, the rest of the input is ignored */
};

static void on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	char *f;

	if (st->rc)
		return;
	if (st->n >= CSV_MAX_COLUMNS) {
		st->rc =
		    errinfo_set(st->e, ERR_TOO_LARGE, NULL, "%s: row %ld: more than %d columns",
				st->name, st->row + 1, CSV_MAX_COLUMNS);
		return;
	}
	if (len > st->max_field) {
		st->rc = errinfo_set(
		    st->e, ERR_TOO_LARGE, NULL,
		    "%s: row %ld, column %zu: field of %zu bytes is over the limit of %zu",
		    st->name, st->row + 1, st->n + 1, len, st->max_field);
		return;
	}
	if (!text_utf8_valid(s ? s : "", len)) {
		st->rc = errinfo_set(st->e, ERR_INVALID, NULL,
				     "%s: row %ld, column %zu: not valid UTF-8 (or contains NUL)",
				     st->name, st->row + 1, st->n + 1);
		return;
	}
	f = arena_strndup(&st->arena, s ? s : "", len);
	if (!f) {
		st->rc = errinfo_set(st->e, ERR_NOMEM, NULL, "%s: out of memory", st->name);
		return;
	}
	st->fields[st->n++] = f;
}

static void on_row(int term, void *data)
{
	struct csv_state *st = data;

	(void)term;
	if (st->rc)
		return;
	st->row++;
	/* A blank line yields a single empty field: skip it. */
	if (!(st->n == 1 && st->fields[0][0] == '\0'))
		st->rc = st->cb(st->ud, st->fields, st->n, st->row, st->e);
	st->n = 0;
	arena_reset(&st->arena);
}

int csv_read_stream(FILE *in, const char *name, size_t max_field, csv_row_fn cb, void *ud,
		    struct errinfo *e)
{
	struct csv_parser p;
	struct csv_state st;
	char chunk[65536];
	size_t got;
	int rc = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return errinfo_set(e, ERR_NOMEM, NULL, "%s: out of memory", name);
	memset(&st, 0, sizeof st);
	st.name = name;
	st.max_field = max_field;
	st.cb = cb;
	st.ud = ud;
	st.e = e;
	arena_init(&st.arena, 0);
	while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (csv_parse(&p, chunk, got, on_field, on_row, &st) != got && !st.rc)
			st.rc = errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: malformed CSV: %s",
					    name, st.row + 1, csv_strerror(csv_error(&p)));
		/* libcsv buffers the field being read: bound it before it grows further. */
		if (!st.rc && csv_get_buffer_size(&p) > max_field + sizeof chunk)
			st.rc = errinfo_set(e, ERR_TOO_LARGE, NULL,
					    "%s: row %ld: a field is over the limit of %zu bytes",
					    name, st.row + 1, max_field);
		if (st.rc)
			break;
	}
	if (!st.rc && ferror(in))
		st.rc = errinfo_set(e, ERR_IO, NULL, "%s: read error", name);
	if (!st.rc && csv_fini(&p, on_field, on_row, &st) != 0)
		st.rc = errinfo_set(e, ERR_INVALID, NULL, "%s: row %ld: malformed CSV: %s", name,
				    st.row + 1, csv_strerror(csv_error(&p)));
	rc = st.rc;
	csv_free(&p);
	arena_cleanup(&st.arena);
	return rc;
}

int csv_column(char **header, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(header[i], name) == 0)
			return (int)i;
	return -1;
}
