/*
 * report_csv.c - a report as CSV (RFC 4180): a head of three rows (the title, the filters,
 * the date), then every table of the report in order, each preceded by its title on a row
 * of its own and its header row, and followed by an empty row. Numbers are written as
 * plain numbers (no grouping, no marks) so a spreadsheet reads them as numbers; the key
 * figures come first as a table of their own.
 *
 * The whole file is built in memory and written in one go: a report's tables are small
 * (a few hundred rows), and a failed write leaves no half file behind in the callers that
 * write to a temporary file first.
 */
#include "report/report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A CSV being written: the first failed append is kept, so nothing is silently short. */
struct csv {
	struct buf *b;
	int rc;
};

static void put(struct csv *c, const char *s)
{
	if (!c->rc)
		c->rc = buf_puts(c->b, s);
}

static void putch(struct csv *c, char ch)
{
	if (!c->rc)
		c->rc = buf_putc(c->b, ch);
}

static void field(struct csv *c, const char *v, int first)
{
	if (!first)
		putch(c, ',');
	if (!v)
		return;
	/* A cell starting with = + - @ is read as a formula by spreadsheets: quote-prefix it. */
	if (strpbrk(v, ",\"\r\n") == NULL && !strchr("=+-@\t ", v[0])) {
		put(c, v);
		return;
	}
	putch(c, '"');
	if (v[0] && strchr("=+-@", v[0]))
		putch(c, '\'');
	for (; *v; v++) {
		if (*v == '"')
			putch(c, '"');
		putch(c, *v);
	}
	putch(c, '"');
}

static void number(struct csv *c, double v, int first)
{
	char n[64];

	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(n, sizeof n, "%s%.0f", first ? "" : ",", v);
	else
		snprintf(n, sizeof n, "%s%g", first ? "" : ",", v);
	put(c, n);
}

static void table(struct csv *c, const struct report_table *t)
{
	field(c, t->title, 1);
	put(c, "\r\n");
	for (size_t col = 0; col < t->n_cols; col++)
		field(c, t->headers[col], col == 0);
	put(c, "\r\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t col = 0; col < t->n_cols; col++) {
			size_t i = r * t->n_cols + col;

			if (t->numbers && !isnan(t->numbers[i]))
				number(c, t->numbers[i], col == 0);
			else
				field(c, t->cells[i], col == 0);
		}
		put(c, "\r\n");
	}
	put(c, "\r\n");
}

int report_csv_buf(const struct report *r, struct buf *b)
{
	struct csv c = {b, 0};

	field(&c, r->title, 1);
	put(&c, "\r\n");
	field(&c, r->filters, 1);
	put(&c, "\r\n");
	field(&c, r->made_at, 1);
	put(&c, "\r\n\r\n");
	if (r->empty) {
		for (size_t i = 0; i < r->n_blocks; i++)
			if (r->blocks[i].kind == BLOCK_PARAGRAPH) {
				field(&c, r->blocks[i].text, 1);
				put(&c, "\r\n\r\n");
				break;
			}
	}
	for (size_t i = 0; i < r->n_blocks; i++) {
		const struct report_block *bl = &r->blocks[i];

		if (bl->kind == BLOCK_FIGURES) {
			for (size_t k = 0; k < bl->n_figures; k++) {
				field(&c, bl->figures[k].label, 1);
				number(&c, bl->figures[k].value, 0);
				put(&c, "\r\n");
			}
			put(&c, "\r\n");
		} else if (bl->table) {
			table(&c, bl->table);
		}
	}
	return c.rc;
}

int report_csv(const struct report *r, FILE *out, struct errinfo *e)
{
	struct buf b;
	int rc;

	buf_init(&b, 0);
	if ((rc = report_csv_buf(r, &b))) {
		buf_cleanup(&b);
		return errinfo_set(e, rc, NULL, "the report is too large for CSV");
	}
	if (b.len && fwrite(b.data, 1, b.len, out) != b.len) {
		buf_cleanup(&b);
		return errinfo_set(e, ERR_IO, NULL, "cannot write the CSV");
	}
	buf_cleanup(&b);
	return 0;
}
