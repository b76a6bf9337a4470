/*
 * report_xlsx.c - a report as a spreadsheet, with libxlsxwriter (see report.h).
 *
 * The first sheet, "Summary", has the title, the filters, the date, the key figures and a
 * list of the other sheets (linked). Then one sheet per table of the report, in order,
 * named after the table's id: the header row bold and frozen, numbers as numbers (shares
 * as percentages), the labels as the report shows them (codes with readable labels), the
 * links as hyperlinks, and each column as wide as its longest cell (within limits).
 *
 * Sheet names follow Excel's rules: at most 31 characters, none of []:*?/\, not starting
 * or ending with an apostrophe, unique without regard to case. The file is written next
 * to path and renamed into place.
 */
#include "report/report.h"

#include "core/i18n.h"
#include "report/report_render.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SHEET_NAME_MAX 31
#define COL_MIN 8.0
#define COL_MAX 60.0
#define MAX_SHEETS 250
#define URL_MAX 2079 /* the longest link Excel takes */

struct names {
	char v[MAX_SHEETS][SHEET_NAME_MAX * 4 + 1];
	size_t n;
};

/* utf8_len counts the code points of s (Excel limits sheet names in characters). */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int taken(const struct names *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (strcasecmp(ns->v[i], name) == 0)
			return 1;
	return 0;
}

/*
 * sheet_name makes a valid, unused sheet name from want (fallback when want is empty)
 * and records it in ns. ERR_TOO_LARGE past MAX_SHEETS.
 */
static int sheet_name(struct names *ns, const char *want, const char *fallback, char **out)
{
	char base[SHEET_NAME_MAX * 4 + 1], *name;
	size_t n = 0, chars = 0;

	if (ns->n >= MAX_SHEETS)
		return ERR_TOO_LARGE;
	if (!want || !*want)
		want = fallback;
	for (const char *s = want; *s && chars < SHEET_NAME_MAX; s++) {
		unsigned char c = (unsigned char)*s;

		if (strchr("[]:*?/\\", c) || c < 0x20)
			c = '-';
		if ((c & 0xc0) != 0x80)
			chars++;
		base[n++] = (char)c;
	}
	/* a cut in the middle of a character: drop its first bytes */
	while (n && ((unsigned char)base[n - 1] & 0xc0) == 0xc0)
		n--;
	base[n] = '\0';
	while (base[0] == '\'')
		memmove(base, base + 1, strlen(base));
	while (n && base[strlen(base) - 1] == '\'')
		base[strlen(base) - 1] = '\0';
	if (!*base)
		snprintf(base, sizeof base, "%s", fallback);
	name = ns->v[ns->n];
	snprintf(name, sizeof ns->v[0], "%s", base);
	for (int k = 2; taken(ns, name); k++) {
		char suffix[16];
		size_t keep;

		snprintf(suffix, sizeof suffix, "-%d", k);
		/* cut the base so base + suffix stays within 31 characters */
		keep = strlen(base);
		while (keep &&
		       utf8_len(base) - (strlen(base) - keep) + strlen(suffix) > SHEET_NAME_MAX) {
			keep--;
			while (keep && ((unsigned char)base[keep] & 0xc0) == 0x80)
				keep--;
		}
		snprintf(name, sizeof ns->v[0], "%.*s%s", (int)keep, base, suffix);
	}
	ns->n++;
	*out = name;
	return 0;
}

struct xlsx {
	const struct report *r;
	lxw_workbook *wb;
	lxw_format *bold, *title, *pct, *link;
	lxw_error err;
};

static void check(struct xlsx *x, lxw_error err)
{
	if (err && !x->err)
		x->err = err;
}

/* is_fraction: the number of a cell shown as "12.5%" is 0.125, not 12.5. */
static int is_fraction(const char *display, double v)
{
	size_t n = display ? strlen(display) : 0;

	return n && display[n - 1] == '%' && fabs(strtod(display, NULL) - v * 100) < 0.051;
}

static void table_sheet(struct xlsx *x, const struct report_table *t, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	char urlbuf[URL_MAX + 1];
	double *width;

	if (!ws) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	width = calloc(t->n_cols ? t->n_cols : 1, sizeof *width);
	if (!width) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (size_t j = 0; j < t->n_cols && j < LXW_COL_MAX; j++) {
		check(x, worksheet_write_string(ws, 0, (lxw_col_t)j, t->headers[j], x->bold));
		width[j] = (double)utf8_len(t->headers[j]) + 2;
	}
	for (size_t i = 0; i < t->n_rows && i + 1 < LXW_ROW_MAX; i++)
		for (size_t j = 0; j < t->n_cols && j < LXW_COL_MAX; j++) {
			size_t k = i * t->n_cols + j;
			const char *cell = t->cells[k] ? t->cells[k] : "";
			double v = t->numbers ? t->numbers[k] : NAN;
			const char *url = report_whole_url(
			    x->r->base_url, t->links ? t->links[k] : NULL, urlbuf, sizeof urlbuf);
			lxw_row_t row = (lxw_row_t)(i + 1);

			if (url)
				check(x, worksheet_write_url_opt(ws, row, (lxw_col_t)j, url,
								 x->link, cell, NULL));
			else if (!isnan(v))
				check(x,
				      worksheet_write_number(ws, row, (lxw_col_t)j, v,
							     is_fraction(cell, v) ? x->pct : NULL));
			else if (*cell)
				check(x, worksheet_write_string(ws, row, (lxw_col_t)j, cell, NULL));
			width[j] = fmax(width[j], (double)utf8_len(cell) + 2);
		}
	for (size_t j = 0; j < t->n_cols && j < LXW_COL_MAX; j++)
		check(x, worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
					      fmin(COL_MAX, fmax(COL_MIN, width[j])), NULL));
	worksheet_freeze_panes(ws, 1, 0);
	free(width);
}

static void summary(struct xlsx *x, const char *name, const struct report_table **tables,
		    char **names, size_t n_tables)
{
	const struct report *r = x->r;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	lxw_row_t row = 0;

	if (!ws) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	check(x, worksheet_set_column(ws, 0, 0, 40, NULL));
	check(x, worksheet_set_column(ws, 1, 1, 50, NULL));
	check(x, worksheet_write_string(ws, row++, 0, r->title ? r->title : "", x->title));
	if (r->subtitle && *r->subtitle)
		check(x, worksheet_write_string(ws, row++, 0, r->subtitle, NULL));
	row++;
	check(x, worksheet_write_string(ws, row, 0, report_tr(r, N_("Filters")), x->bold));
	check(x, worksheet_write_string(ws, row++, 1, r->filters ? r->filters : "", NULL));
	check(x, worksheet_write_string(ws, row, 0, report_tr(r, N_("Made on")), x->bold));
	check(x, worksheet_write_string(ws, row++, 1, r->made_at ? r->made_at : "", NULL));
	row++;
	if (r->empty) {
		/* what the report says instead of figures */
		for (size_t i = 0; i < r->n_blocks; i++)
			if (r->blocks[i].kind == BLOCK_PARAGRAPH && r->blocks[i].text)
				check(x, worksheet_write_string(ws, row++, 0, r->blocks[i].text,
								NULL));
		if (r->n_blocks == 0)
			check(x,
			      worksheet_write_string(
				  ws, row++, 0,
				  report_tr(r, N_("No initiative matches these filters.")), NULL));
		return;
	}
	check(x, worksheet_write_string(ws, row++, 0, report_tr(r, N_("Key figures")), x->bold));
	for (size_t i = 0; i < r->n_blocks; i++) {
		const struct report_block *b = &r->blocks[i];

		if (b->kind != BLOCK_FIGURES)
			continue;
		for (size_t k = 0; k < b->n_figures; k++, row++) {
			check(x, worksheet_write_string(ws, row, 0, b->figures[k].label, NULL));
			check(x, worksheet_write_number(ws, row, 1, b->figures[k].value, NULL));
		}
	}
	row++;
	check(x, worksheet_write_string(ws, row++, 0, report_tr(r, N_("Tables")), x->bold));
	for (size_t i = 0; i < n_tables; i++, row++) {
		char url[SHEET_NAME_MAX * 8 + 32];
		size_t k = 0;

		/* internal:'name'!A1, an apostrophe in the name doubled */
		k += (size_t)snprintf(url, sizeof url, "internal:'");
		for (const char *c = names[i]; *c && k + 2 < sizeof url - 8; c++) {
			if (*c == '\'')
				url[k++] = '\'';
			url[k++] = *c;
		}
		snprintf(url + k, sizeof url - k, "'!A1");

		check(x, worksheet_write_url_opt(
			     ws, row, 0, url, x->link,
			     tables[i]->title && *tables[i]->title ? tables[i]->title : names[i],
			     NULL));
		check(x, worksheet_write_string(ws, row, 1, names[i], NULL));
	}
}

int report_xlsx(const struct report *r, const char *path, struct errinfo *e)
{
	struct xlsx x = {.r = r};
	const struct report_table **tables;
	lxw_doc_properties props = {0};
	struct names *ns;
	char tmp[4096], **names, *sum = NULL;
	size_t n = 0;
	int rc;

	if ((rc = report_tmp_path(path, tmp, sizeof tmp, e)))
		return rc;
	ns = calloc(1, sizeof *ns);
	tables = calloc(r->n_blocks ? r->n_blocks : 1, sizeof *tables);
	names = calloc(r->n_blocks ? r->n_blocks : 1, sizeof *names);
	if (!ns || !tables || !names) {
		rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		goto out;
	}
	if ((rc = sheet_name(ns, report_tr(r, N_("Summary")), "Summary", &sum)))
		goto too_many;
	for (size_t i = 0; i < r->n_blocks && !r->empty; i++) {
		const struct report_table *t = r->blocks[i].table;
		char fallback[32];

		if (!t || r->blocks[i].kind == BLOCK_FIGURES)
			continue;
		snprintf(fallback, sizeof fallback, "Table %zu", n + 1);
		if ((rc = sheet_name(ns, t->id, fallback, &names[n])))
			goto too_many;
		tables[n++] = t;
	}
	x.wb = workbook_new(tmp);
	if (!x.wb) {
		rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		goto out;
	}
	props.title = (char *)(r->title ? r->title : "");
	props.subject = (char *)(r->filters ? r->filters : "");
	props.comments = (char *)(r->made_at ? r->made_at : "");
	props.author = "stocktake " STOCKTAKE_VERSION;
	check(&x, workbook_set_properties(x.wb, &props));
	x.bold = workbook_add_format(x.wb);
	format_set_bold(x.bold);
	x.title = workbook_add_format(x.wb);
	format_set_bold(x.title);
	format_set_font_size(x.title, 14);
	x.pct = workbook_add_format(x.wb);
	format_set_num_format(x.pct, "0.0%");
	x.link = workbook_add_format(x.wb);
	format_set_underline(x.link, LXW_UNDERLINE_SINGLE);
	format_set_font_color(x.link, LXW_COLOR_BLUE);
	summary(&x, sum, tables, names, n);
	for (size_t i = 0; i < n; i++)
		table_sheet(&x, tables[i], names[i]);
	check(&x, workbook_close(x.wb));
	if (!x.err && rename(tmp, path) != 0)
		x.err = LXW_ERROR_CREATING_XLSX_FILE;
	if (x.err) {
		unlink(tmp);
		rc = errinfo_set(e, x.err == LXW_ERROR_MEMORY_MALLOC_FAILED ? ERR_NOMEM : ERR_IO,
				 NULL, "%s: cannot write the spreadsheet (%s)", path,
				 lxw_strerror(x.err));
	}
	goto out;
too_many:
	rc = errinfo_set(e, rc, NULL, "%s: more than %d tables for one spreadsheet", path,
			 MAX_SHEETS - 1);
out:
	free(ns);
	free(tables);
	free(names);
	return rc;
}
