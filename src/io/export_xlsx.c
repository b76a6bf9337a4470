/*
 * export_xlsx.c - initiatives as a spreadsheet, streamed (see export.h).
 *
 * libxlsxwriter's constant-memory mode writes each row to a temporary file as soon as the
 * next row starts, so memory stays flat for a million records; rows must then be written
 * in order, which they are. The columns and their values are the CSV export's
 * (export_fields), so the two formats cannot drift apart. A cell holds at most 32,767
 * bytes in Excel: a longer text (a description) is cut at a character boundary before
 * that, with an ellipsis; the CSV and JSON Lines dumps keep it whole.
 */
#include "io/export.h"

#include "core/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SHEET "initiatives"
/* Excel's limit on a cell (32,767, checked by libxlsxwriter in bytes), less the ellipsis */
#define CELL_MAX (32767 - 3)

struct xlsx_export {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_row_t row;
	int sheets;
	long count;
	lxw_error err;
	struct buf tmp, cut;
};

static void check(struct xlsx_export *x, lxw_error err)
{
	if (err && !x->err)
		x->err = err;
}

static void header(struct xlsx_export *x)
{
	const char *const *cols = export_columns();
	char name[32];

	x->sheets++;
	if (x->sheets == 1)
		snprintf(name, sizeof name, "%s", SHEET);
	else
		snprintf(name, sizeof name, "%s-%d", SHEET, x->sheets);
	x->ws = workbook_add_worksheet(x->wb, name);
	if (!x->ws) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	for (size_t j = 0; cols[j]; j++) {
		/* widths before any row: constant-memory mode wants them first */
		double w = strcmp(cols[j], "title") == 0 || strcmp(cols[j], "summary") == 0 ? 50
			   : strcmp(cols[j], "description") == 0                            ? 60
											    : 14;

		check(x, worksheet_set_column(x->ws, (lxw_col_t)j, (lxw_col_t)j, w, NULL));
	}
	for (size_t j = 0; cols[j]; j++)
		check(x, worksheet_write_string(x->ws, 0, (lxw_col_t)j, cols[j], x->bold));
	x->row = 1;
}

static void cell(void *ud, size_t col, const char *v)
{
	struct xlsx_export *x = ud;
	size_t n;

	if (!v || !*v || x->err)
		return;
	if (col == 0) {
		check(x, worksheet_write_number(x->ws, x->row, 0, strtod(v, NULL), NULL));
		return;
	}
	n = strlen(v);
	if (n > CELL_MAX) {
		n = CELL_MAX;
		while (n && ((unsigned char)v[n] & 0xc0) == 0x80)
			n--;
		buf_reset(&x->cut);
		if (buf_append(&x->cut, v, n) || buf_puts(&x->cut, "\u2026")) {
			check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		v = buf_cstr(&x->cut);
	}
	check(x, worksheet_write_string(x->ws, x->row, (lxw_col_t)col, v, NULL));
}

static int one(void *ud, const struct initiative *ini, const char *json)
{
	struct xlsx_export *x = ud;

	(void)json;
	if (x->row >= LXW_ROW_MAX)
		header(x); /* Excel's last row: go on in a new sheet */
	export_fields(ini, &x->tmp, cell, x);
	if (x->err)
		return ERR_IO;
	x->row++;
	x->count++;
	return 0;
}

int export_xlsx(struct store *s, const struct store_filter *f, const char *path, const char *tmpdir,
		long *count, struct errinfo *e)
{
	lxw_workbook_options opts = {
	    .constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir, .use_zip64 = LXW_TRUE};
	struct xlsx_export x = {0};
	struct store_filter filter = {0};
	struct stat st;
	char tmp[4096];
	int rc;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= sizeof tmp)
		return errinfo_set(e, ERR_INVALID, NULL, "%s: path too long", path);
	/* the file is renamed into place: that would replace a device or a link to one */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return errinfo_set(e, ERR_INVALID, NULL, "%s: not a regular file", path);
	if (f)
		filter = *f;
	filter.json_only = 0;
	buf_init(&x.tmp, 0);
	buf_init(&x.cut, 0);
	x.wb = workbook_new_opt(tmp, &opts);
	if (!x.wb) {
		rc = errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		goto out;
	}
	x.bold = workbook_add_format(x.wb);
	format_set_bold(x.bold);
	header(&x);
	rc = x.err ? ERR_IO : store_initiative_each(s, &filter, one, &x);
	if (rc && rc != ERR_IO)
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
	check(&x, workbook_close(x.wb));
	if (!rc && x.err)
		rc = ERR_IO;
	if (!rc && rename(tmp, path) != 0) {
		x.err = LXW_ERROR_CREATING_XLSX_FILE;
		rc = ERR_IO;
	}
	if (rc == ERR_IO)
		errinfo_set(e, rc, NULL, "%s: cannot write the spreadsheet (%s)", path,
			    x.err ? lxw_strerror(x.err) : strerror(errno));
	if (rc)
		unlink(tmp);
	if (count)
		*count = x.count;
out:
	buf_cleanup(&x.tmp);
	buf_cleanup(&x.cut);
	return rc;
}
