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
#include <string.h>

static void field(struct buf *b, const char *v, int first)
{
	if (!first)
		buf_putc(b, ',');
	if (!v)
		return;
	/* A cell starting with = + - @ is read as a formula by spreadsheets: quote-prefix it. */
	if (strpbrk(v, ",\"\r\n") == NULL && !strchr("=+-@\t ", v[0])) {
		buf_puts(b, v);
		return;
	}
	buf_putc(b, '"');
	if (strchr("=+-@", v[0]) && v[0])
		buf_putc(b, '\'');
	for (; *v; v++) {
		if (*v == '"')
			buf_putc(b, '"');
		buf_putc(b, *v);
	}
	buf_putc(b, '"');
}

static void number(struct buf *b, double v)
{
	buf_putc(b, ',');
	if (v == floor(v) && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%g", v);
}

static void table(struct buf *b, const struct report_table *t)
{
	field(b, t->title, 1);
	buf_puts(b, "\r\n");
	for (size_t c = 0; c < t->n_cols; c++)
		field(b, t->headers[c], c == 0);
	buf_puts(b, "\r\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			size_t i = r * t->n_cols + c;

			if (t->numbers && !isnan(t->numbers[i])) {
				if (c == 0)
					buf_printf(b, "%.0f", t->numbers[i]);
				else
					number(b, t->numbers[i]);
			} else {
				field(b, t->cells[i], c == 0);
			}
		}
		buf_puts(b, "\r\n");
	}
	buf_puts(b, "\r\n");
}

int report_csv_buf(const struct report *r, struct buf *b)
{
	field(b, r->title, 1);
	buf_puts(b, "\r\n");
	field(b, r->filters, 1);
	buf_puts(b, "\r\n");
	field(b, r->made_at, 1);
	buf_puts(b, "\r\n\r\n");
	if (r->empty) {
		for (size_t i = 0; i < r->n_blocks; i++)
			if (r->blocks[i].kind == BLOCK_PARAGRAPH) {
				field(b, r->blocks[i].text, 1);
				buf_puts(b, "\r\n\r\n");
				break;
			}
	}
	for (size_t i = 0; i < r->n_blocks; i++) {
		const struct report_block *bl = &r->blocks[i];

		if (bl->kind == BLOCK_FIGURES) {
			for (size_t k = 0; k < bl->n_figures; k++) {
				field(b, bl->figures[k].label, 1);
				number(b, bl->figures[k].value);
				buf_puts(b, "\r\n");
			}
			buf_puts(b, "\r\n");
		} else if (bl->table) {
			table(b, bl->table);
		}
	}
	/* a write past the buffer's limit leaves it short: tell */
	return b->len + 1 >= b->max ? ERR_TOO_LARGE : 0;
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
