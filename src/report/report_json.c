/*
 * report_json.c - a report's figures as JSON, for the API (/api/v1/reports/...) and the
 * JSON-LD of the report pages: the same tables as every other format.
 *
 *   {"kind", "title", "subtitle", "place", "filters", "query", "made_at", "lang", "empty",
 *    "total", "key_figures": [{"label", "value"}],
 *    "tables": [{"id", "title", "headers": [...], "rows": [[cell, ...], ...]}]}
 *
 * A cell is a number where the table has one, else its text.
 */
#include "report/report_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *table_json(const struct report_table *t)
{
	json_t *h = json_array(), *rows = json_array();

	for (size_t c = 0; h && c < t->n_cols; c++)
		json_array_append_new(h, str(t->headers[c]));
	for (size_t r = 0; rows && r < t->n_rows; r++) {
		json_t *row = json_array();

		for (size_t c = 0; row && c < t->n_cols; c++) {
			size_t i = r * t->n_cols + c;

			if (t->numbers && !isnan(t->numbers[i]))
				json_array_append_new(row, json_integer((json_int_t)t->numbers[i]));
			else
				json_array_append_new(row, str(t->cells[i]));
		}
		json_array_append_new(rows, row);
	}
	return json_pack("{s:s, s:o, s:o, s:o}", "id", t->id, "title", str(t->title), "headers",
			 h ? h : json_null(), "rows", rows ? rows : json_null());
}

int report_json(const struct report *r, struct buf *out)
{
	json_t *figs = json_array(), *tables = json_array(), *o;
	char *text;
	int rc;

	for (size_t i = 0; i < r->n_blocks; i++) {
		const struct report_block *bl = &r->blocks[i];

		if (bl->kind == BLOCK_FIGURES)
			for (size_t k = 0; figs && k < bl->n_figures; k++)
				json_array_append_new(
				    figs, json_pack("{s:s, s:I}", "label", bl->figures[k].label,
						    "value", (json_int_t)bl->figures[k].value));
		else if (bl->table && tables)
			json_array_append_new(tables, table_json(bl->table));
	}
	o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:b, s:I, s:o, s:o}", "kind",
		      r->kind, "title", str(r->title), "subtitle", str(r->subtitle), "place",
		      str(r->place), "filters", str(r->filters), "query", str(r->query), "made_at",
		      str(r->made_at), "lang", r->lang ? r->lang : "en", "empty", r->empty, "total",
		      (json_int_t)(r->figures ? r->figures->total : 0), "key_figures",
		      figs ? figs : json_null(), "tables", tables ? tables : json_null());
	if (!o)
		return ERR_NOMEM;
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!text)
		return ERR_NOMEM;
	rc = buf_puts(out, text);
	free(text);
	return rc;
}
