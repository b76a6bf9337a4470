/*
 * report_html.c - a report as HTML (see report_html.h). The report layer knows no HTML;
 * this file knows no request, so the web pages and the CLI share it.
 */
#include "pages/report_html.h"

#include "html/html.h"
#include "pages/assets.h"
#include "report/report_render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* slug appends the id of the heading of block i (for links to sections). */
static void slug(struct buf *b, size_t i)
{
	buf_printf(b, "s%zu", i);
}

/*
 * The links of a report file (report_html_page) must work from disk: a link into the site
 * (/initiatives?...) is made whole with r->base_url, and left out (the text stays) when the
 * report has none, as in the PDF and XLSX files; links within the file (#...) stay. The
 * pages keep them as they are. url is where a whole link is written.
 */
struct links {
	const char *base_url;
	int file;
	char url[2048];
};

/* link_of returns href as the output should have it, or NULL to write no link. */
static const char *link_of(struct links *l, const char *href)
{
	if (!href || !l->file || href[0] == '#')
		return href;
	return report_whole_url(l->base_url, href, l->url, sizeof l->url);
}

static void table_html(struct buf *b, const struct report_table *t, int chart, struct links *l)
{
	/* a scrolling region must be reachable by keyboard, and named */
	html_raw(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"");
	html_attr(b, t->title);
	html_raw(b, "\"><table class=\"data");
	html_raw(b, chart ? " chart-data\"" : "\"");
	html_raw(b, " id=\"t-");
	html_attr(b, t->id);
	html_raw(b, "\"><caption>");
	html_txt(b, t->title);
	html_raw(b, "</caption><thead><tr>");
	for (size_t c = 0; c < t->n_cols; c++) {
		int numeric = t->n_rows && t->numbers && !isnan(t->numbers[c]);

		html_raw(b, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		html_txt(b, t->headers[c]);
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>");
	for (size_t r = 0; r < t->n_rows; r++) {
		html_raw(b, "<tr>");
		for (size_t c = 0; c < t->n_cols; c++) {
			size_t i = r * t->n_cols + c;
			const char *href = link_of(l, t->links ? t->links[i] : NULL);
			int numeric = t->numbers && !isnan(t->numbers[i]);

			if (c == 0)
				html_raw(b, "<th scope=\"row\">");
			else
				html_raw(b, numeric ? "<td class=\"num\">" : "<td>");
			if (href) {
				html_raw(b, "<a href=\"");
				html_attr(b, href);
				html_raw(b, "\">");
			}
			html_txt(b, t->cells[i]);
			if (href)
				html_raw(b, "</a>");
			html_raw(b, c == 0 ? "</th>" : "</td>");
		}
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static int chart_html(struct buf *b, const struct report_block *bl, struct arena *a,
		      struct links *l)
{
	struct scene sc = {0};
	int rc;

	/* a wide table (the matrix) goes under its chart, not beside it */
	html_raw(b, bl->table && bl->table->n_cols > 6 ? "<div class=\"chart-pair wide\">"
						       : "<div class=\"chart-pair\">");
	html_raw(b, "<figure class=\"chart\">");
	rc = chart_layout(bl->chart, a, &sc);
	for (size_t i = 0; !rc && l->file && i < sc.n; i++) {
		const char *u = link_of(l, sc.v[i].link);

		if (u && u != sc.v[i].link && !(u = arena_strdup(a, u)))
			rc = ERR_NOMEM;
		sc.v[i].link = u;
	}
	if (!rc)
		rc = scene_svg(&sc, bl->table ? bl->table->id : "chart", b);
	html_raw(b, "<figcaption>");
	html_txt(b, bl->chart->desc);
	html_raw(b, "</figcaption></figure>");
	if (bl->table)
		table_html(b, bl->table, 1, l);
	html_raw(b, "</div>");
	return rc;
}

/* html writes the report (report_html); file: for report_html_page (struct links). */
static int html(struct buf *b, const struct report *r, const struct report_opts *o, struct arena *a,
		const char *extra, int file)
{
	struct links l = {r->base_url, file, ""};
	int rc = 0;

	html_raw(b, "<article class=\"report\"><header><h1>");
	html_txt(b, r->title);
	html_raw(b, "</h1><p class=\"subtitle\">");
	html_txt(b, r->subtitle);
	html_raw(b, "</p><dl class=\"report-meta\"><div><dt>");
	html_txt(b, RT(o, "Filters"));
	html_raw(b, "</dt><dd>");
	html_txt(b, r->filters);
	html_raw(b, "</dd></div><div><dt>");
	html_txt(b, RT(o, "Made"));
	html_raw(b, "</dt><dd><time datetime=\"");
	html_attr(b, r->made_at);
	html_raw(b, "\">");
	html_txt(b, r->made_at);
	html_raw(b, "</time></dd></div></dl>");
	if (r->empty) {
		html_raw(b, "<p class=\"notice empty\" role=\"status\">");
		html_txt(b, RT(o, "No initiative matches: this report is empty."));
		html_raw(b, "</p>");
	}
	html_raw(b, "</header>");
	if (extra)
		html_raw(b, extra);
	for (size_t i = 0; !rc && i < r->n_blocks; i++) {
		const struct report_block *bl = &r->blocks[i];

		switch (bl->kind) {
		case BLOCK_HEADING:
			html_raw(b, bl->level >= 3 ? "<h3 id=\"" : "<h2 id=\"");
			slug(b, i);
			html_raw(b, "\">");
			html_txt(b, bl->text);
			html_raw(b, bl->level >= 3 ? "</h3>" : "</h2>");
			break;
		case BLOCK_PARAGRAPH:
			html_raw(b, "<p>");
			html_txt(b, bl->text);
			html_raw(b, "</p>");
			break;
		case BLOCK_FIGURES:
			html_raw(b, "<dl class=\"key-figures\">");
			for (size_t k = 0; k < bl->n_figures; k++) {
				html_raw(b, "<div><dt>");
				html_txt(b, bl->figures[k].label);
				html_raw(b, "</dt><dd>");
				html_txt(b, bl->figures[k].display);
				html_raw(b, "</dd></div>");
			}
			html_raw(b, "</dl>");
			break;
		case BLOCK_TABLE:
		case BLOCK_INITIATIVES:
			if (bl->table && bl->table->n_rows)
				table_html(b, bl->table, 0, &l);
			else if (bl->table) {
				html_raw(b, "<p class=\"none\">");
				html_txt(b, bl->table->title);
				html_raw(b, ": ");
				html_txt(b, RT(o, "none."));
				html_raw(b, "</p>");
			}
			break;
		case BLOCK_CHART:
			rc = chart_html(b, bl, a, &l);
			break;
		}
	}
	html_raw(b, "</article>");
	return rc;
}

int report_html(struct buf *b, const struct report *r, const struct report_opts *o, struct arena *a,
		const char *extra)
{
	return html(b, r, o, a, extra, 0);
}

int report_html_page(struct buf *b, const struct report *r, const struct report_opts *o,
		     struct arena *a)
{
	const struct asset *css = asset_find("app.css");
	int rc;

	html_rawf(b,
		  "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
		  r->lang ? r->lang : "en", o->lang == LANG_AR ? "rtl" : "ltr");
	html_txt(b, r->title);
	html_raw(b, "</title>");
	if (css) {
		html_raw(b, "<style>");
		buf_append(b, css->data, css->len);
		html_raw(b, "</style>");
	}
	html_raw(b, "</head><body><main id=\"main\">");
	rc = html(b, r, o, a, NULL, 1);
	html_raw(b, "</main></body></html>\n");
	return rc;
}
