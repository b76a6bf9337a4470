/*
 * export.c - JSON Lines and CSV exporters over store_initiative_each.
 */
#include "io/export.h"

#include "core/buf.h"
#include "io/import_internal.h"

#include <errno.h>
#include <string.h>

int export_format_parse(const char *s)
{
	if (s && strcmp(s, "jsonl") == 0)
		return EXPORT_JSONL;
	if (s && strcmp(s, "csv") == 0)
		return EXPORT_CSV;
	if (s && strcmp(s, "xlsx") == 0)
		return EXPORT_XLSX;
	return -1;
}

struct export_ctx {
	enum export_format fmt;
	FILE *out;
	struct buf row;
	long count;
};

/* csv_field appends v quoted when needed (RFC 4180), preceded by a comma unless first. */
static void csv_field(struct buf *b, const char *v, int first)
{
	if (!first)
		buf_putc(b, ',');
	if (!v)
		return;
	if (strpbrk(v, ",\"\r\n") == NULL && v[0] != ' ' && v[0] != '\t') {
		buf_puts(b, v);
		return;
	}
	buf_putc(b, '"');
	/* the runs between quotes as they are, each quote doubled */
	for (const char *q; (q = strchr(v, '"')); v = q + 1) {
		buf_append(b, v, (size_t)(q - v + 1));
		buf_putc(b, '"');
	}
	buf_puts(b, v);
	buf_putc(b, '"');
}

/* list_join writes the items of a list joined by ';' into tmp and returns it. */
static const char *list_join(struct buf *tmp, const char *const *v, size_t n)
{
	buf_reset(tmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(tmp, ';');
		buf_puts(tmp, v[i]);
	}
	return buf_cstr(tmp);
}

static const char *tags_join(struct buf *tmp, const struct initiative *ini, const char *scheme)
{
	int first = 1;

	buf_reset(tmp);
	for (size_t i = 0; i < ini->ntags; i++) {
		if (strcmp(ini->tags[i].scheme, scheme) != 0)
			continue;
		if (!first)
			buf_putc(tmp, ';');
		buf_puts(tmp, ini->tags[i].code);
		first = 0;
	}
	return buf_cstr(tmp);
}

void export_fields(const struct initiative *ini, struct buf *tmp, export_field_fn fn, void *ud)
{
	char id[24];
	size_t c = 0;

	snprintf(id, sizeof id, "%lld", (long long)ini->id);
	fn(ud, c++, id);
	fn(ud, c++, ini->source);
	fn(ud, c++, ini->source_id);
	fn(ud, c++, ini->title);
	fn(ud, c++, ini->summary);
	fn(ud, c++, ini->description);
	fn(ud, c++, ini->org.name);
	fn(ud, c++, ini->org.stakeholder_type);
	fn(ud, c++, ini->org.country);
	fn(ud, c++, ini->org.website);
	fn(ud, c++, ini->stakeholder_type);
	fn(ud, c++, list_join(tmp, ini->countries, ini->ncountries));
	fn(ud, c++, list_join(tmp, ini->regions, ini->nregions));
	fn(ud, c++, list_join(tmp, ini->sectors, ini->nsectors));
	buf_reset(tmp);
	for (size_t i = 0; i < ini->npartners; i++) {
		if (i)
			buf_putc(tmp, ';');
		if (ini->partners[i].role)
			buf_printf(tmp, "%s:", ini->partners[i].role);
		else if (strchr(ini->partners[i].name, ':'))
			buf_putc(tmp, ':'); /* an empty role keeps a name with ':' whole */
		buf_puts(tmp, ini->partners[i].name);
	}
	fn(ud, c++, buf_cstr(tmp));
	fn(ud, c++, ini->scope);
	fn(ud, c++, ini->start_date);
	fn(ud, c++, ini->end_date);
	fn(ud, c++, ini->status);
	fn(ud, c++, ini->url);
	fn(ud, c++, ini->language);
	fn(ud, c++, ini->state);
	fn(ud, c++, tags_join(tmp, ini, "sdg"));
	fn(ud, c++, tags_join(tmp, ini, "sdg_target"));
	fn(ud, c++, tags_join(tmp, ini, "action_line"));
	fn(ud, c++, tags_join(tmp, ini, "gdc"));
	fn(ud, c++, ini->created_at);
	fn(ud, c++, ini->updated_at);
}

static void csv_emit(void *ud, size_t col, const char *v)
{
	csv_field(ud, v, col == 0);
}

static void csv_record(struct buf *b, const struct initiative *ini)
{
	struct buf tmp;

	buf_init(&tmp, 0);
	export_fields(ini, &tmp, csv_emit, b);
	buf_puts(b, "\r\n");
	buf_cleanup(&tmp);
}

const char *const *export_columns(void)
{
	return record_csv_columns;
}

void export_write_header(enum export_format fmt, FILE *out)
{
	if (fmt != EXPORT_CSV)
		return;
	for (int i = 0; record_csv_columns[i]; i++)
		fprintf(out, "%s%s", i ? "," : "", record_csv_columns[i]);
	fputs("\r\n", out);
}

int export_write_record(enum export_format fmt, const struct initiative *ini, const char *json,
			struct buf *row, FILE *out)
{
	size_t n;

	if (fmt == EXPORT_JSONL) {
		n = strlen(json);
		if (fwrite(json, 1, n, out) != n || putc('\n', out) == EOF)
			return ERR_IO;
	} else {
		buf_reset(row);
		csv_record(row, ini);
		if (fwrite(row->data, 1, row->len, out) != row->len)
			return ERR_IO;
	}
	return 0;
}

static int export_one(void *ud, const struct initiative *ini, const char *json)
{
	struct export_ctx *x = ud;
	int rc = export_write_record(x->fmt, ini, json, &x->row, x->out);

	if (rc)
		return rc;
	x->count++;
	return 0;
}

int export_run(struct store *s, enum export_format fmt, const struct store_filter *f, FILE *out,
	       long *count, struct errinfo *e)
{
	struct export_ctx x = {.fmt = fmt, .out = out};
	struct store_filter filter = {0};
	int rc = 0;

	if (fmt != EXPORT_JSONL && fmt != EXPORT_CSV)
		return errinfo_set(e, ERR_INVALID, "format", "export_run writes JSON Lines or CSV");
	buf_init(&x.row, 0);
	export_write_header(fmt, out);
	if (f)
		filter = *f;
	filter.json_only = fmt == EXPORT_JSONL;
	rc = store_initiative_each(s, &filter, export_one, &x);
	if (rc == ERR_IO)
		errinfo_set(e, rc, NULL, "writing the export failed: %s", strerror(errno));
	else if (rc)
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
	if (!rc && fflush(out) != 0)
		rc = errinfo_set(e, ERR_IO, NULL, "writing the export failed: %s", strerror(errno));
	if (count)
		*count = x.count;
	buf_cleanup(&x.row);
	return rc;
}
