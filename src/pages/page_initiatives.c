/*
 * page_initiatives.c - GET /initiatives: the search page, twin of /api/v1/initiatives.
 *
 * A search box, facets with counts (each value a link that adds or removes it), the active
 * filters with a link to remove each, the sort order, the results with highlighted
 * snippets, cursor pages and downloads of the whole result set. Every state is a URL made
 * of GET parameters, so any view can be shared and works without JavaScript.
 */
#include "pages/pages.h"

#include "app/search_request.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* Facets with more values than this show the most frequent ones and a "show all" link. */
#define FACET_SHOWN 10

/* Parameters of the page that are not part of the search itself. */
static int page_only(const char *name)
{
	return strcmp(name, "cursor") == 0 || strcmp(name, "all") == 0 || strcmp(name, "lang") == 0;
}

/*
 * A change to the current URL: drop a parameter (a value of it, or every value when
 * drop_value is NULL), add one, and whether to keep the cursor and the "all" choices.
 */
struct url_edit {
	const char *drop, *drop_value;
	const char *drop2;
	const char *add, *add_value;
	int keep_cursor, keep_all;
};

/* write_href writes path?query (escaped for an attribute) for the current URL with edit. */
static void write_href(struct app_request *ar, const char *path, const struct url_edit *ed)
{
	const struct http_params *p = &ar->req->query;
	struct buf *b = &ar->resp->body;
	int first = 1;

	html_raw(b, path);
	for (size_t i = 0; i < p->n; i++) {
		const char *n = p->v[i].name, *v = p->v[i].value;

		if (!*v || strcmp(n, "lang") == 0)
			continue;
		if (strcmp(n, "cursor") == 0 && !ed->keep_cursor)
			continue;
		if (strcmp(n, "all") == 0 && !ed->keep_all)
			continue;
		if (ed->drop && strcmp(n, ed->drop) == 0 &&
		    (!ed->drop_value || strcmp(v, ed->drop_value) == 0))
			continue;
		if (ed->drop2 && strcmp(n, ed->drop2) == 0)
			continue;
		html_raw(b, first ? "?" : "&amp;");
		first = 0;
		html_url_arg(b, n);
		html_raw(b, "=");
		html_url_arg(b, v);
	}
	if (ed->add) {
		html_raw(b, first ? "?" : "&amp;");
		html_url_arg(b, ed->add);
		html_raw(b, "=");
		html_url_arg(b, ed->add_value);
	}
}

/* hidden_inputs repeats the current search as hidden fields, except the names in skip. */
static void hidden_inputs(struct app_request *ar, const char *skip1, const char *skip2)
{
	const struct http_params *p = &ar->req->query;
	struct buf *b = &ar->resp->body;

	for (size_t i = 0; i < p->n; i++) {
		const char *n = p->v[i].name;

		if (!*p->v[i].value || page_only(n) || (skip1 && strcmp(n, skip1) == 0) ||
		    (skip2 && strcmp(n, skip2) == 0))
			continue;
		html_raw(b, "<input type=\"hidden\" name=\"");
		html_attr(b, n);
		html_raw(b, "\" value=\"");
		html_attr(b, p->v[i].value);
		html_raw(b, "\">");
	}
}

/* marked writes text whose terms are between \x01 and \x02 with <mark>, all else escaped. */
static void marked(struct buf *b, const char *s)
{
	int open = 0;

	while (*s) {
		size_t n = strcspn(s, "\x01\x02");

		html_txt_n(b, s, n);
		s += n;
		if (*s == '\x01' && !open) {
			html_raw(b, "<mark>");
			open = 1;
		} else if (*s == '\x02' && open) {
			html_raw(b, "</mark>");
			open = 0;
		}
		if (*s)
			s++;
	}
	if (open)
		html_raw(b, "</mark>");
}

/* value_label writes a facet value: an SDG with its colour and number, others by title. */
static void value_label(struct app_request *ar, const struct search_labels *l, enum search_dim d,
			const char *code)
{
	struct buf *b = &ar->resp->body;

	if (d == SD_SDG) {
		html_raw(b, "<span class=\"tag sdg sdg-");
		html_attr(b, code);
		html_raw(b, "\">");
		html_txt(b, code);
		html_raw(b, "</span> ");
	} else if (d == SD_SDG_TARGET) {
		html_txt(b, code);
		html_raw(b, " ");
		html_txt_n(b, search_label(ar, l, d, code, 1), 60);
		return;
	} else if (d == SD_ACTION_LINE && !strchr(code, '.')) {
		html_txt(b, code); /* C7, not its sub-lines: they sit under it */
		html_raw(b, " ");
	}
	html_txt(b, search_label(ar, l, d, code, 1));
}

static int count_desc(const void *x, const void *y)
{
	const struct search_count *a = x, *b = y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* facet_value writes one value as a link that adds it, or removes it when chosen. */
static void facet_value(struct app_request *ar, const struct search_labels *l, enum search_dim d,
			const struct search_count *c)
{
	struct buf *b = &ar->resp->body;
	struct url_edit ed = {0};

	if (c->selected) {
		ed.drop = search_dim_name(d);
		ed.drop_value = c->code;
	} else {
		ed.add = search_dim_name(d);
		ed.add_value = c->code;
	}
	ed.keep_all = 1;
	html_raw(b, "<a href=\"");
	write_href(ar, "/initiatives", &ed);
	html_raw(b, c->selected ? "\" aria-current=\"true\"><span>" : "\"><span>");
	if (c->selected) {
		html_raw(b, "<span class=\"visually-hidden\">");
		html_txt(b, T(ar, "Remove filter:"));
		html_raw(b, " </span>");
	}
	value_label(ar, l, d, c->code);
	html_rawf(b, "</span> <span class=\"count\">%lld</span></a>", (long long)c->count);
}

static int expanded(struct app_request *ar, enum search_dim d)
{
	const struct http_params *p = &ar->req->query;

	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, "all") == 0 &&
		    strcmp(p->v[i].value, search_dim_name(d)) == 0)
			return 1;
	return 0;
}

void page_facet(struct app_request *ar, const struct search_labels *l, int dim,
		struct search_facet *f)
{
	enum search_dim d = (enum search_dim)dim;
	struct buf *b = &ar->resp->body;
	const char *name = search_dim_name(d);
	int grouped = d == SD_ACTION_LINE, many = 0;
	size_t shown = f->n;

	if (!f->shown || !f->n)
		return;
	if (!grouped && f->n > FACET_SHOWN && d != SD_SDG) {
		/* the most frequent first; chosen values always stay in view */
		many = 1;
		qsort(f->v, f->n, sizeof *f->v, count_desc);
		if (!expanded(ar, d))
			shown = FACET_SHOWN;
	}
	html_rawf(b, "<section class=\"facet\" aria-labelledby=\"facet-%s\"><h3 id=\"facet-%s\">",
		  name, name);
	html_txt(b, search_dim_title(ar, d));
	html_raw(b, "</h3><ul>");
	for (size_t i = 0; i < f->n; i++) {
		const struct search_count *c = &f->v[i];

		if ((grouped && c->parent >= 0) || (i >= shown && !c->selected))
			continue;
		html_raw(b, "<li>");
		facet_value(ar, l, d, c);
		if (grouped) {
			int open = 0;

			for (size_t k = 0; k < f->n; k++) {
				if (f->v[k].parent != (int)i)
					continue;
				html_raw(b, open ? "</li><li>" : "<ul><li>");
				open = 1;
				facet_value(ar, l, d, &f->v[k]);
			}
			if (open)
				html_raw(b, "</li></ul>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
	if (many) {
		struct url_edit ed = {0};
		int all = expanded(ar, d);

		ed.keep_all = 1;
		if (all) {
			ed.drop = "all";
			ed.drop_value = name;
		} else {
			ed.add = "all";
			ed.add_value = name;
		}
		html_raw(b, "<p><a href=\"");
		write_href(ar, "/initiatives", &ed);
		html_raw(b, "\">");
		html_txt(b, all ? T(ar, "Show fewer") : T(ar, "Show all"));
		html_raw(b, "<span class=\"visually-hidden\"> ");
		html_txt(b, search_dim_title(ar, d));
		html_rawf(b, "</span> (%zu)</a></p>", f->n);
	}
	html_raw(b, "</section>");
}

/* years_form: a small form for a range of start years. */
static void years_form(struct app_request *ar, const struct search_query *q)
{
	struct buf *b = &ar->resp->body;

	html_raw(
	    b, "<section class=\"facet\" aria-labelledby=\"facet-years\"><h3 id=\"facet-years\">");
	html_txt(b, T(ar, "Started between"));
	html_raw(b, "</h3><form method=\"get\" action=\"/initiatives\">");
	hidden_inputs(ar, "from_year", "to_year");
	html_raw(b, "<label for=\"from-year\">");
	html_txt(b, T(ar, "From year"));
	html_raw(b, "</label><input type=\"text\" inputmode=\"numeric\" id=\"from-year\" "
		    "name=\"from_year\" size=\"4\" maxlength=\"4\" value=\"");
	if (q->from_year)
		html_rawf(b, "%d", q->from_year);
	html_raw(b, "\"><label for=\"to-year\">");
	html_txt(b, T(ar, "To year"));
	html_raw(b, "</label><input type=\"text\" inputmode=\"numeric\" id=\"to-year\" "
		    "name=\"to_year\" size=\"4\" maxlength=\"4\" value=\"");
	if (q->to_year)
		html_rawf(b, "%d", q->to_year);
	html_raw(b, "\"> <button type=\"submit\" class=\"secondary\">");
	html_txt(b, T(ar, "Apply"));
	html_raw(b, "</button></form></section>");
}

/* active_filters lists what the search is narrowed by, each with a link to remove it. */
static void active_filters(struct app_request *ar, const struct search_labels *l,
			   const struct search_query *q)
{
	struct buf *b = &ar->resp->body;
	struct url_edit ed = {0};

	if (!search_query_has_filters(q))
		return;
	html_raw(b, "<h3 class=\"visually-hidden\">");
	html_txt(b, T(ar, "Active filters"));
	html_raw(b, "</h3><ul class=\"tags active-filters\">");
	if (q->q) {
		ed.drop = "q";
		html_raw(b, "<li class=\"tag\">");
		html_txt(b, T(ar, "Text:"));
		html_raw(b, " ");
		html_txt(b, q->q);
		html_raw(b, " <a href=\"");
		write_href(ar, "/initiatives", &ed);
		html_raw(b, "\">");
		html_txt(b, T(ar, "Remove"));
		html_raw(b, "<span class=\"visually-hidden\"> ");
		html_txt(b, T(ar, "the search text"));
		html_raw(b, "</span></a></li>");
	}
	for (int d = 0; d < SD__COUNT; d++) {
		for (size_t i = 0; i < q->nvalues[d]; i++) {
			const char *code = q->values[d][i];

			memset(&ed, 0, sizeof ed);
			ed.drop = search_dim_name((enum search_dim)d);
			ed.drop_value = code;
			html_raw(b, "<li class=\"tag\">");
			html_txt(b, search_dim_title(ar, (enum search_dim)d));
			html_raw(b, ": ");
			html_txt(b, search_label(ar, l, (enum search_dim)d, code, 1));
			html_raw(b, " <a href=\"");
			write_href(ar, "/initiatives", &ed);
			html_raw(b, "\">");
			html_txt(b, T(ar, "Remove"));
			html_raw(b, "<span class=\"visually-hidden\"> ");
			html_txt(b, search_label(ar, l, (enum search_dim)d, code, 1));
			html_raw(b, "</span></a></li>");
		}
	}
	if (q->from_year || q->to_year) {
		memset(&ed, 0, sizeof ed);
		ed.drop = "from_year";
		ed.drop2 = "to_year";
		html_raw(b, "<li class=\"tag\">");
		html_txt(b, T(ar, "Started between"));
		if (q->from_year && q->to_year)
			html_rawf(b, " %d–%d", q->from_year, q->to_year);
		else if (q->from_year)
			html_rawf(b, " %d–", q->from_year);
		else
			html_rawf(b, " –%d", q->to_year);
		html_raw(b, " <a href=\"");
		write_href(ar, "/initiatives", &ed);
		html_raw(b, "\">");
		html_txt(b, T(ar, "Remove"));
		html_raw(b, "<span class=\"visually-hidden\"> ");
		html_txt(b, T(ar, "the years"));
		html_raw(b, "</span></a></li>");
	}
	html_raw(b, "</ul><p><a href=\"/initiatives\">");
	html_txt(b, T(ar, "Clear all filters"));
	html_raw(b, "</a></p>");
}

static void sort_form(struct app_request *ar, const struct search_query *q,
		      const struct search_result *res)
{
	static const enum search_sort sorts[] = {SEARCH_SORT_RELEVANCE, SEARCH_SORT_DATE,
						 SEARCH_SORT_TITLE, SEARCH_SORT_NEWEST};
	struct buf *b = &ar->resp->body;

	html_raw(b, "<form class=\"sort\" method=\"get\" action=\"/initiatives\">");
	hidden_inputs(ar, "sort", NULL);
	html_raw(b, "<label for=\"sort\">");
	html_txt(b, T(ar, "Sort by"));
	html_raw(b, "</label> <select id=\"sort\" name=\"sort\">");
	for (size_t i = 0; i < sizeof sorts / sizeof *sorts; i++) {
		const char *label = sorts[i] == SEARCH_SORT_RELEVANCE ? T(ar, "Relevance")
				    : sorts[i] == SEARCH_SORT_DATE    ? T(ar, "Start date")
				    : sorts[i] == SEARCH_SORT_TITLE   ? T(ar, "Title")
								      : T(ar, "Newest");

		if (sorts[i] == SEARCH_SORT_RELEVANCE && !q->q)
			continue;
		html_rawf(b, "<option value=\"%s\"%s>", search_sort_name(sorts[i]),
			  res->sort == sorts[i] ? " selected" : "");
		html_txt(b, label);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select> <button type=\"submit\" class=\"secondary\">");
	html_txt(b, T(ar, "Sort"));
	html_raw(b, "</button></form>");
}

/* item_tags writes an initiative's SDGs, Action Lines and GDC objectives as tags. */
static void item_tags(struct app_request *ar, const struct search_labels *l,
		      const struct initiative *ini)
{
	static const struct {
		const char *scheme;
		enum search_dim dim;
	} kinds[] = {{"sdg", SD_SDG}, {"action_line", SD_ACTION_LINE}, {"gdc", SD_GDC}};
	struct buf *b = &ar->resp->body;

	if (!ini->ntags)
		return;
	html_raw(b, "<ul class=\"tags\">");
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		for (size_t i = 0; i < ini->ntags; i++) {
			const struct tag *t = &ini->tags[i];

			if (strcmp(t->scheme, kinds[k].scheme) != 0)
				continue;
			if (kinds[k].dim == SD_SDG) {
				html_raw(b, "<li class=\"tag sdg sdg-");
				html_attr(b, t->code);
				html_raw(b, "\">");
				html_txt(b, T(ar, "SDG"));
				html_raw(b, " ");
				html_txt(b, t->code);
			} else {
				html_raw(b, "<li class=\"tag\">");
				if (kinds[k].dim == SD_GDC) {
					html_txt(b, T(ar, "GDC"));
					html_raw(b, " ");
					html_txt(b, t->code);
				} else {
					html_txt(b, search_label(ar, l, kinds[k].dim, t->code, 1));
				}
			}
			html_raw(b, "</li>");
		}
	}
	html_raw(b, "</ul>");
}

static void item(struct app_request *ar, const struct search_labels *l,
		 const struct search_item *it)
{
	const struct initiative *ini = &it->ini;
	struct buf *b = &ar->resp->body;
	int sep = 0;

	html_rawf(b, "<li><h3><a href=\"/initiatives/%lld\">", (long long)ini->id);
	html_txt(b, ini->title);
	html_raw(b, "</a></h3><p class=\"muted\">");
	if (ini->org.name) {
		html_txt(b, ini->org.name);
		sep = 1;
	}
	for (size_t i = 0; i < ini->ncountries && i < 5; i++) {
		html_raw(b, sep ? (i ? ", " : " · ") : (i ? ", " : ""));
		html_txt(b, search_label(ar, l, SD_COUNTRY, ini->countries[i], 0));
		sep = 1;
	}
	if (ini->ncountries > 5)
		html_rawf(b, " +%zu", ini->ncountries - 5);
	if (ini->start_date) {
		html_raw(b, sep ? " · " : "");
		html_txt(b, T(ar, "since"));
		html_raw(b, " ");
		html_txt(b, ini->start_date);
		sep = 1;
	}
	if (ini->status) {
		html_raw(b, sep ? " · " : "");
		html_txt(b, search_label(ar, l, SD_STATUS, ini->status, 0));
	}
	html_raw(b, "</p>");
	if (it->snippet && *it->snippet) {
		html_raw(b, "<p class=\"snippet\">");
		marked(b, it->snippet);
		html_raw(b, "</p>");
	} else if (ini->summary || ini->description) {
		const char *text = ini->summary ? ini->summary : ini->description;

		html_raw(b, "<p>");
		html_txt_n(b, text, 300);
		if (strlen(text) > 300)
			html_raw(b, "…");
		html_raw(b, "</p>");
	}
	item_tags(ar, l, ini);
	html_raw(b, "</li>");
}

static void downloads(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct url_edit ed = {0};

	html_raw(b, "<p class=\"downloads\">");
	html_txt(b, T(ar, "Download all these results:"));
	html_raw(b, " <a href=\"");
	write_href(ar, "/initiatives.csv", &ed);
	html_raw(b, "\" download>CSV</a> · <a href=\"");
	write_href(ar, "/initiatives.jsonl", &ed);
	html_raw(b, "\" download>JSON Lines</a></p>");
}

static void pager(struct app_request *ar, const struct search_query *q,
		  const struct search_result *res)
{
	struct buf *b = &ar->resp->body;
	struct url_edit ed = {0};

	if (!q->cursor && !res->next_cursor)
		return;
	html_raw(b, "<nav class=\"pager\" aria-label=\"");
	html_attr(b, T(ar, "Pages"));
	html_raw(b, "\">");
	if (q->cursor) {
		ed.keep_all = 1;
		html_raw(b, "<a href=\"");
		write_href(ar, "/initiatives", &ed);
		html_raw(b, "\">");
		html_txt(b, T(ar, "First page"));
		html_raw(b, "</a>");
	}
	if (res->next_cursor) {
		ed.keep_all = 1;
		ed.drop = "cursor";
		ed.add = "cursor";
		ed.add_value = res->next_cursor;
		html_raw(b, "<a rel=\"next\" href=\"");
		write_href(ar, "/initiatives", &ed);
		html_raw(b, "\">");
		html_txt(b, T(ar, "Next page"));
		html_raw(b, "</a>");
	}
	html_raw(b, "</nav>");
}

void page_initiatives(struct app_request *ar)
{
	struct search_labels labels;
	struct search_result res;
	struct search_query q;
	struct search_item *items;
	struct buf *b;
	size_t n;

	if (search_request_parse(ar, &q) ||
	    search_request_answer(ar, &q, SEARCH_PAGE | SEARCH_FACETS, 1, &res, &items, &n) ||
	    search_labels_load(ar, &labels))
		return;
	b = &ar->resp->body;
	page_begin(ar, T(ar, "Initiatives"), NAV_INITIATIVES);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Initiatives"));
	html_raw(b, "</h1><form class=\"search\" method=\"get\" action=\"/initiatives\" "
		    "role=\"search\"><label for=\"q\">");
	html_txt(b, T(ar, "Search the initiatives"));
	html_raw(b,
		 "</label><input type=\"search\" id=\"q\" name=\"q\" maxlength=\"500\" value=\"");
	html_attr(b, q.q);
	html_raw(b, "\">");
	hidden_inputs(ar, "q", NULL);
	html_raw(b, " <button type=\"submit\">");
	html_txt(b, T(ar, "Search"));
	html_raw(b, "</button></form><div class=\"layout\"><aside class=\"facets\" "
		    "aria-labelledby=\"facets-heading\"><h2 id=\"facets-heading\">");
	html_txt(b, T(ar, "Filter"));
	html_raw(b, "</h2>");
	for (int d = 0; d < SD__COUNT; d++)
		page_facet(ar, &labels, (enum search_dim)d, &res.facets[d]);
	years_form(ar, &q);
	html_raw(b, "</aside><div class=\"results-area\"><h2 id=\"results-heading\">");
	html_rawf(b, "%lld ", (long long)res.total);
	html_txt(b, TN(ar, "initiative", "initiatives", (unsigned long)res.total));
	html_raw(b, "</h2>");
	active_filters(ar, &labels, &q);
	sort_form(ar, &q, &res);
	downloads(ar);
	if (!n) {
		html_raw(b, "<p class=\"notice\">");
		html_txt(b, q.cursor
				? T(ar, "There are no more results.")
				: T(ar, "No initiative matches this search. Try fewer words or "
					"remove a filter."));
		html_raw(b, "</p>");
	} else {
		html_raw(b, "<ol class=\"results\" aria-labelledby=\"results-heading\">");
		for (size_t i = 0; i < n; i++)
			item(ar, &labels, &items[i]);
		html_raw(b, "</ol>");
	}
	pager(ar, &q, &res);
	html_raw(b, "</div></div>");
	page_end(ar);
}

/* Refused values longer than this (a search text) are cut, on a character boundary. */
#define INVALID_SHOWN 100

/* param_title returns what the page calls parameter field, translated; else field itself. */
static const char *param_title(struct app_request *ar, const char *field)
{
	int d = search_dim_parse(field);

	if (d >= 0)
		return search_dim_title(ar, (enum search_dim)d);
	if (strcmp(field, "q") == 0)
		return T(ar, "Search text");
	if (strcmp(field, "sort") == 0)
		return T(ar, "Sort by");
	if (strcmp(field, "limit") == 0)
		return T(ar, "Results per page");
	if (strcmp(field, "cursor") == 0)
		return T(ar, "Page link");
	if (strcmp(field, "from_year") == 0)
		return T(ar, "From year");
	if (strcmp(field, "to_year") == 0)
		return T(ar, "To year");
	return field;
}

void page_search_invalid(struct app_request *ar, const char *field, const char *value,
			 const char *message)
{
	struct buf *b = &ar->resp->body;
	struct url_edit ed = {0};
	const char *title = T(ar, "This search cannot be done");

	ar->resp->status = 400;
	buf_reset(b);
	page_begin(ar, title, NAV_INITIATIVES);
	html_raw(b, "<h1>");
	html_txt(b, title);
	html_raw(b, "</h1><div class=\"notice bad\" role=\"alert\"><p>");
	html_txt(b, arena_sprintf(ar->req->arena,
				  T(ar, "Part of this search was not understood: %s (the parameter "
					"%s)."),
				  param_title(ar, field), field));
	html_raw(b, "</p><p>");
	html_txt(b, message);
	html_raw(b, "</p>");
	if (value && text_utf8_valid(value, strlen(value))) {
		size_t n = strlen(value);

		if (n > INVALID_SHOWN)
			for (n = INVALID_SHOWN; n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80;
			     n--)
				;
		html_raw(b, "<p>");
		html_txt(b, T(ar, "Value refused:"));
		html_raw(b, " <code>");
		html_txt_n(b, value, n);
		html_raw(b, n < strlen(value) ? "…</code></p>" : "</code></p>");
	}
	ed.drop = field;
	html_raw(b, "</div><ul><li><a href=\"");
	write_href(ar, "/initiatives", &ed);
	html_raw(b, "\">");
	html_txt(b, T(ar, "Search again without this parameter"));
	html_raw(b, "</a></li><li><a href=\"/initiatives\">");
	html_txt(b, T(ar, "Start a new search"));
	html_raw(b, "</a></li></ul>");
	page_end(ar);
}
