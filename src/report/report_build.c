/*
 * report_build.c - the reports as documents: the figures service's numbers put into
 * headings, key figures, charts (each with a table of the same numbers), gaps, the most
 * cited initiatives and the methodology, in the report's language.
 *
 * Every bar, cell and count links to the page /initiatives with the filters that give it,
 * so a reader can see the initiatives behind a number (and the numbers match the search's
 * counts: see figures.c).
 */
#include "report/report_internal.h"

#include "core/i18n.h"
#include "core/utc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What building one report needs. */
struct rb {
	struct store *s;
	const struct report_opts *o;
	struct arena *a;
	struct report *r;
	const struct figures *f;
	int err; /* ERR_NOMEM once anything failed: checked at the end */
};

static const char *dup(struct rb *b, const char *s)
{
	const char *d = arena_strdup(b->a, s ? s : "");

	if (!d)
		b->err = ERR_NOMEM;
	return d ? d : "";
}

static const char *num(struct rb *b, int64_t n)
{
	const char *s = report__int(b->a, n);

	if (!s)
		b->err = ERR_NOMEM;
	return s ? s : "";
}

/* link returns /initiatives?<the report's filters>&d1=v1[&d2=v2], or NULL when d1 is NULL. */
static const char *link(struct rb *b, const char *d1, const char *v1, const char *d2,
			const char *v2)
{
	struct buf u;
	const char *out;

	if (!d1 || !v1 || !*v1)
		return NULL;
	buf_init(&u, 4096);
	buf_puts(&u, "/initiatives?");
	if (*b->r->search_query) {
		buf_puts(&u, b->r->search_query);
		buf_putc(&u, '&');
	}
	buf_puts(&u, d1);
	buf_putc(&u, '=');
	report__url_arg(&u, v1);
	if (d2 && v2) {
		buf_putc(&u, '&');
		buf_puts(&u, d2);
		buf_putc(&u, '=');
		report__url_arg(&u, v2);
	}
	out = dup(b, buf_cstr(&u));
	buf_cleanup(&u);
	return out;
}

static struct report_block *add(struct rb *b, enum block_kind k)
{
	struct report_block *bl = report_add(b->r, b->a, k);

	if (!bl)
		b->err = ERR_NOMEM;
	return bl;
}

static void heading(struct rb *b, int level, const char *text)
{
	struct report_block *bl = add(b, BLOCK_HEADING);

	if (bl) {
		bl->level = level;
		bl->text = text;
	}
}

static void para(struct rb *b, const char *text)
{
	struct report_block *bl = add(b, BLOCK_PARAGRAPH);

	if (bl)
		bl->text = text;
}

/* A table under construction. */
struct tb {
	struct report_table *t;
	const char **cells, **links;
	double *numbers;
	size_t row;
};

static int table_new(struct rb *b, struct tb *x, const char *id, const char *title, size_t n_cols,
		     size_t n_rows, const char *const *headers)
{
	struct report_table *t = arena_alloc(b->a, sizeof *t);
	const char **h = arena_alloc(b->a, n_cols * sizeof *h);
	size_t n = (n_rows ? n_rows : 1) * n_cols;

	memset(x, 0, sizeof *x);
	x->cells = arena_alloc(b->a, n * sizeof *x->cells);
	x->links = arena_alloc(b->a, n * sizeof *x->links);
	x->numbers = arena_alloc(b->a, n * sizeof *x->numbers);
	if (!t || !h || !x->cells || !x->links || !x->numbers) {
		b->err = ERR_NOMEM;
		return -1;
	}
	for (size_t i = 0; i < n_cols; i++)
		h[i] = headers[i];
	for (size_t i = 0; i < n; i++) {
		x->cells[i] = "";
		x->numbers[i] = NAN;
	}
	t->id = id;
	t->title = title;
	t->n_cols = n_cols;
	t->headers = h;
	t->cells = x->cells;
	t->links = x->links;
	t->numbers = x->numbers;
	x->t = t;
	return 0;
}

static void cell_text(struct tb *x, size_t col, const char *text, const char *href)
{
	size_t i = x->row * x->t->n_cols + col;

	x->cells[i] = text ? text : "";
	x->links[i] = href;
}

static void cell_num(struct rb *b, struct tb *x, size_t col, int64_t n, const char *href)
{
	size_t i = x->row * x->t->n_cols + col;

	x->cells[i] = num(b, n);
	x->numbers[i] = (double)n;
	x->links[i] = n ? href : NULL;
}

static void row_end(struct tb *x)
{
	x->row++;
	x->t->n_rows = x->row;
}

/* The search's parameter for each list of the figures, NULL when it has none. */
static const char *list_dim(const struct figures *f, const struct fig_list *l)
{
	if (l == &f->by_action_line)
		return "action_line";
	if (l == &f->by_sdg)
		return "sdg";
	if (l == &f->by_gdc)
		return "gdc";
	if (l == &f->by_itu_region)
		return "itu_region";
	if (l == &f->by_m49_region)
		return "region";
	if (l == &f->by_country)
		return "country";
	if (l == &f->by_stakeholder)
		return "stakeholder_type";
	if (l == &f->by_year)
		return "start_year";
	return NULL;
}

/* label_of: a list's label in the report's language (enumerated values are msgids). */
static const char *label_of(struct rb *b, const struct fig_list *l, size_t i)
{
	if (l == &b->f->by_stakeholder || l == &b->f->by_group)
		return RT(b->o, l->v[i].label);
	return l->v[i].label;
}

/* short_label: what a chart's axis shows (SDG 3, C7.e-health, the name otherwise). */
static const char *short_label(struct rb *b, const struct fig_list *l, size_t i)
{
	if (l == &b->f->by_sdg) {
		const char *s = arena_sprintf(b->a, RT(b->o, "SDG %s"), l->v[i].code);

		if (!s)
			b->err = ERR_NOMEM;
		return s ? s : "";
	}
	if (l == &b->f->by_action_line)
		return l->v[i].code;
	if (l == &b->f->by_gdc) {
		const char *s = arena_sprintf(b->a, RT(b->o, "Objective %s"), l->v[i].code);

		if (!s)
			b->err = ERR_NOMEM;
		return s ? s : "";
	}
	return label_of(b, l, i);
}

/* The most countries a chart of countries shows when asked for the largest only. */
#define TOP_COUNTRIES 30

/* cmp_desc orders positions of the list ud by count, largest first, then by name. */
static int cmp_desc(const void *p, const void *q, void *ud)
{
	const struct fig_list *l = ud;
	const struct fig_count *a = &l->v[*(const size_t *)p];
	const struct fig_count *c = &l->v[*(const size_t *)q];

	if (a->n != c->n)
		return a->n > c->n ? -1 : 1;
	return strcmp(a->label, c->label);
}

/*
 * order_of fills order with the positions of l to show: all (nonzero 0), the non-zero ones
 * (1), or the TOP_COUNTRIES largest, largest first (2). Returns how many.
 */
static size_t order_of(const struct fig_list *l, int nonzero, size_t *order)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (!nonzero || l->v[i].n)
			order[n++] = i;
	if (nonzero == 2) {
		qsort_r(order, n, sizeof *order, cmp_desc, (void *)l);
		if (n > TOP_COUNTRIES)
			n = TOP_COUNTRIES;
	}
	return n;
}

/*
 * list_block adds a chart of l (kind k; which values: see order_of) with its table: code,
 * name, initiatives, each count linked to its initiatives.
 */
static void list_block(struct rb *b, const struct fig_list *l, enum chart_kind k, const char *id,
		       const char *title, const char *desc, int nonzero, int with_code)
{
	const char *dim = list_dim(b->f, l);
	const char *h3[] = {RT(b->o, "Code"), RT(b->o, "Name"), RT(b->o, "Initiatives")};
	const char *h2[] = {with_code ? RT(b->o, "Year") : RT(b->o, "Name"),
			    RT(b->o, "Initiatives")};
	struct report_block *bl;
	struct chart *c;
	struct chart_series *sr;
	const char **cats, **codes, **links;
	double *values;
	struct tb x;
	size_t n, ncol = with_code == 1 ? 3 : 2;
	size_t *order = arena_alloc(b->a, (l->n + 1) * sizeof *order);

	if (!order) {
		b->err = ERR_NOMEM;
		return;
	}
	n = order_of(l, nonzero, order);
	if (table_new(b, &x, id, title, ncol, n, ncol == 3 ? h3 : h2))
		return;
	c = arena_alloc(b->a, sizeof *c);
	sr = arena_alloc(b->a, sizeof *sr);
	cats = arena_alloc(b->a, (n + 1) * sizeof *cats);
	codes = arena_alloc(b->a, (n + 1) * sizeof *codes);
	links = arena_alloc(b->a, (n + 1) * sizeof *links);
	values = arena_alloc(b->a, (n + 1) * sizeof *values);
	if (!c || !sr || !cats || !codes || !links || !values) {
		b->err = ERR_NOMEM;
		return;
	}
	for (size_t j = 0; j < n; j++) {
		size_t i = order[j];
		const struct fig_count *v = &l->v[i];
		const char *href = *v->code ? link(b, dim, v->code, NULL, NULL) : NULL;

		if (ncol == 3) {
			cell_text(&x, 0, v->code, NULL);
			cell_text(&x, 1, label_of(b, l, i), href);
			cell_num(b, &x, 2, v->n, href);
		} else {
			cell_text(&x, 0, label_of(b, l, i), href);
			cell_num(b, &x, 1, v->n, href);
		}
		row_end(&x);
		cats[j] = short_label(b, l, i);
		codes[j] = v->code;
		links[j] = v->n ? href : NULL;
		values[j] = (double)v->n;
	}
	sr->label = RT(b->o, "Initiatives");
	sr->values = values;
	sr->links = links;
	c->kind = k;
	c->title = title;
	c->desc = desc;
	if (k == CHART_MAP)
		c->no_data = RT(b->o, "No initiative");
	c->y_label = k == CHART_LINE ? RT(b->o, "Initiatives started") : RT(b->o, "Initiatives");
	c->n_categories = n;
	c->categories = cats;
	c->category_codes = codes;
	c->n_series = 1;
	c->series = sr;
	if (l == &b->f->by_sdg) {
		uint32_t *col = arena_alloc(b->a, (n + 1) * sizeof *col);

		for (size_t i = 0; col && i < n; i++)
			col[i] = chart_sdg_colour((int)strtol(codes[i], NULL, 10));
		c->colours = col;
	}
	if (!n) {
		if ((bl = add(b, BLOCK_TABLE)))
			bl->table = x.t;
		return;
	}
	if ((bl = add(b, BLOCK_CHART))) {
		bl->chart = c;
		bl->table = x.t;
	}
}

/* key_figures adds the report's headline numbers. */
static void key_figures(struct rb *b, int countries)
{
	const struct figures *f = b->f;
	struct report_figure *v = arena_alloc(b->a, 8 * sizeof *v);
	struct report_block *bl;
	int64_t c = 0, al = 0, al_all = 0, sdg = 0, recent = 0;
	size_t n = 0;

	if (!v) {
		b->err = ERR_NOMEM;
		return;
	}
	for (size_t i = 0; i < f->by_country.n; i++)
		c += f->by_country.v[i].n > 0;
	for (size_t i = 0; i < f->by_action_line.n; i++)
		if (!f->by_action_line.v[i].is_group) {
			al_all++;
			al += f->by_action_line.v[i].n > 0;
		}
	for (size_t i = 0; i < f->by_sdg.n; i++)
		sdg += f->by_sdg.v[i].n > 0;
	for (size_t i = 0; i < f->by_year.n; i++) {
		int y = f->trend_from + (int)i;

		if (y >= f->recent_from && y <= f->recent_to)
			recent += f->by_year.v[i].n;
	}
	v[n].label = RT(b->o, "Initiatives");
	v[n].value = (double)f->total;
	v[n++].display = num(b, f->total);
	if (countries) {
		v[n].label =
		    dup(b, arena_sprintf(b->a, RT(b->o, "Countries with initiatives (of %zu)"),
					 f->by_country.n));
		v[n].value = (double)c;
		v[n++].display = num(b, c);
	}
	v[n].label = dup(b, arena_sprintf(b->a, RT(b->o, "Action Lines with initiatives (of %lld)"),
					  (long long)al_all));
	v[n].value = (double)al;
	v[n++].display = num(b, al);
	v[n].label =
	    dup(b, arena_sprintf(b->a, RT(b->o, "SDGs with initiatives (of %zu)"), f->by_sdg.n));
	v[n].value = (double)sdg;
	v[n++].display = num(b, sdg);
	v[n].label = dup(b, arena_sprintf(b->a, RT(b->o, "Started in %d\xe2\x80\x93%d"),
					  f->recent_from, f->recent_to));
	v[n].value = (double)recent;
	v[n++].display = num(b, recent);
	if ((bl = add(b, BLOCK_FIGURES))) {
		bl->figures = v;
		bl->n_figures = n;
	}
}

/* matrix_block adds the Action Line x SDG heatmap with its table, links marked. */
static void matrix_block(struct rb *b)
{
	const struct figures *f = b->f;
	size_t nal = 0, nsdg = f->by_sdg.n, r = 0;
	struct chart *c = arena_alloc(b->a, sizeof *c);
	struct chart_series *sr;
	const char **cats = arena_alloc(b->a, nsdg * sizeof *cats);
	const char **h = arena_alloc(b->a, (nsdg + 1) * sizeof *h);
	struct report_block *bl;
	struct tb x;

	for (size_t i = 0; i < f->by_action_line.n; i++)
		nal += !f->by_action_line.v[i].is_group;
	sr = arena_alloc(b->a, (nal + 1) * sizeof *sr);
	if (!c || !sr || !cats || !h) {
		b->err = ERR_NOMEM;
		return;
	}
	h[0] = RT(b->o, "Action Line");
	for (size_t g = 0; g < nsdg; g++) {
		cats[g] = short_label(b, &f->by_sdg, g);
		h[g + 1] = cats[g];
	}
	if (table_new(b, &x, "matrix", RT(b->o, "Initiatives by WSIS Action Line and SDG"),
		      nsdg + 1, nal, h))
		return;
	for (size_t i = 0; i < f->by_action_line.n; i++) {
		const struct fig_count *al = &f->by_action_line.v[i];
		double *values;
		const char **links;
		int *marked;

		if (al->is_group)
			continue;
		values = arena_alloc(b->a, nsdg * sizeof *values);
		links = arena_alloc(b->a, nsdg * sizeof *links);
		marked = arena_alloc(b->a, nsdg * sizeof *marked);
		if (!values || !links || !marked) {
			b->err = ERR_NOMEM;
			return;
		}
		cell_text(&x, 0, dup(b, arena_sprintf(b->a, "%s %s", al->code, al->label)),
			  link(b, "action_line", al->code, NULL, NULL));
		for (size_t g = 0; g < nsdg; g++) {
			int64_t n = f->al_sdg[i * nsdg + g];
			const char *href =
			    link(b, "action_line", al->code, "sdg", f->by_sdg.v[g].code);

			values[g] = (double)n;
			links[g] = n ? href : NULL;
			cell_num(b, &x, g + 1, n, href);
			/* a link of the WSIS-SDG Matrix is marked, in every format, with a star */
			marked[g] = f->al_sdg_link[i * nsdg + g];
			if (marked[g])
				x.cells[x.row * x.t->n_cols + g + 1] =
				    dup(b, arena_sprintf(b->a, "%s*", num(b, n)));
		}
		row_end(&x);
		sr[r].label = al->code;
		sr[r].code = al->code;
		sr[r].values = values;
		sr[r].links = links;
		sr[r].marked = marked;
		r++;
	}
	c->kind = CHART_HEATMAP;
	c->title = x.t->title;
	c->desc = RT(b->o, "Each cell counts the initiatives tagged with both the Action Line of "
			   "its row and the SDG of its column; a star marks the links of the "
			   "WSIS-SDG Matrix.");
	c->x_label = RT(b->o, "Sustainable Development Goals");
	c->y_label = RT(b->o, "WSIS Action Lines");
	c->n_categories = nsdg;
	c->categories = cats;
	c->category_codes = NULL;
	c->n_series = r;
	c->series = sr;
	if ((bl = add(b, BLOCK_CHART))) {
		bl->chart = c;
		bl->table = x.t;
	}
	para(b, RT(b->o, "* a link of the WSIS-SDG Matrix: the Action Line is expected to "
			 "contribute to the SDG."));
}

static void gaps_block(struct rb *b, int countries)
{
	const struct figures *f = b->f;
	const char *hl[] = {RT(b->o, "Action Line"), RT(b->o, "SDG"), RT(b->o, "Initiatives")};
	const char *hr[] = {RT(b->o, "Action Line"), ""}; /* the second is set below */
	struct report_block *bl;
	struct tb x;

	heading(b, 2, RT(b->o, "Gaps"));
	para(b, dup(b, arena_sprintf(b->a,
				     RT(b->o, "Links of the WSIS-SDG Matrix with fewer than %d "
					      "initiatives:"),
				     FIG_FEW)));
	if (!table_new(b, &x, "link-gaps", RT(b->o, "WSIS-SDG links with few or no initiatives"), 3,
		       f->n_link_gaps, hl)) {
		for (size_t i = 0; i < f->n_link_gaps; i++) {
			const struct fig_link_gap *g = &f->link_gaps[i];
			const struct fig_count *al = &f->by_action_line.v[g->al];
			const struct fig_count *sd = &f->by_sdg.v[g->sdg];

			cell_text(&x, 0, dup(b, arena_sprintf(b->a, "%s %s", al->code, al->label)),
				  NULL);
			cell_text(&x, 1, dup(b, arena_sprintf(b->a, "%s %s", sd->code, sd->label)),
				  NULL);
			cell_num(b, &x, 2, g->n, link(b, "action_line", al->code, "sdg", sd->code));
			row_end(&x);
		}
		if ((bl = add(b, BLOCK_TABLE)))
			bl->table = x.t;
	}
	if (countries) {
		const char *hc[] = {RT(b->o, "Code"), RT(b->o, "Country or territory")};

		if (!table_new(b, &x, "countries-none",
			       RT(b->o, "Countries and territories with no initiative"), 2,
			       f->n_countries_none, hc)) {
			for (size_t i = 0; i < f->n_countries_none; i++) {
				const struct fig_count *co = &f->by_country.v[f->countries_none[i]];

				cell_text(&x, 0, co->code, NULL);
				cell_text(&x, 1, co->label, NULL);
				row_end(&x);
			}
			if ((bl = add(b, BLOCK_TABLE)))
				bl->table = x.t;
		}
	}
	if (!table_new(b, &x, "not-recent",
		       dup(b, arena_sprintf(b->a,
					    RT(b->o, "Action Lines with no initiative started in "
						     "%d\xe2\x80\x93%d"),
					    f->recent_from, f->recent_to)),
		       2, f->n_al_not_recent, hr)) {
		for (size_t i = 0; i < f->n_al_not_recent; i++) {
			const struct fig_count *al = &f->by_action_line.v[f->al_not_recent[i]];
			int64_t all = 0;

			for (size_t y = 0; y < f->by_year.n; y++)
				all += f->al_year[f->al_not_recent[i] * f->by_year.n + y];
			cell_text(&x, 0, dup(b, arena_sprintf(b->a, "%s %s", al->code, al->label)),
				  link(b, "action_line", al->code, NULL, NULL));
			cell_num(b, &x, 1, all, NULL);
			row_end(&x);
		}
		{
			const char **h = arena_alloc(b->a, 2 * sizeof *h);

			if (!h) {
				b->err = ERR_NOMEM;
				return;
			}
			h[0] = RT(b->o, "Action Line");
			h[1] = dup(
			    b, arena_sprintf(b->a, RT(b->o, "Initiatives started %d\xe2\x80\x93%d"),
					     f->trend_from, f->trend_to));
			x.t->headers = h;
		}
		if ((bl = add(b, BLOCK_TABLE)))
			bl->table = x.t;
	}
}

static void most_cited(struct rb *b)
{
	const struct figures *f = b->f;
	const char *h[] = {RT(b->o, "Action Line"),  RT(b->o, "Initiative"),
			   RT(b->o, "Organisation"), RT(b->o, "Countries"),
			   RT(b->o, "Start"),        RT(b->o, "Links")};
	struct report_block *bl;
	size_t n = 0;
	struct tb x;

	heading(b, 2, RT(b->o, "Most cited initiatives per Action Line"));
	para(b,
	     dup(b, arena_sprintf(
			b->a,
			RT(b->o, "stocktake records no citations. For each Action Line this "
				 "lists the %d initiatives with the most links to the frameworks "
				 "and places: their tags that count under these filters plus "
				 "their countries. Ties go to the most recently registered."),
			FIG_TOP)));
	for (size_t i = 0; i < f->by_action_line.n * FIG_TOP; i++)
		n += f->top[i].id != 0;
	if (table_new(b, &x, "most-cited", RT(b->o, "Most cited initiatives per Action Line"), 6, n,
		      h))
		return;
	for (size_t i = 0; i < f->by_action_line.n * FIG_TOP; i++) {
		const struct fig_top *t = &f->top[i];
		const struct fig_count *al = &f->by_action_line.v[i / FIG_TOP];

		if (!t->id || !t->title)
			continue;
		cell_text(&x, 0, al->code, link(b, "action_line", al->code, NULL, NULL));
		cell_text(&x, 1, t->title,
			  dup(b, arena_sprintf(b->a, "/initiatives/%lld", (long long)t->id)));
		cell_text(&x, 2, t->organisation, NULL);
		cell_text(&x, 3, t->countries, NULL);
		cell_text(&x, 4, t->start_date ? dup(b, arena_strndup(b->a, t->start_date, 4)) : "",
			  NULL);
		cell_num(b, &x, 5, t->links, NULL);
		row_end(&x);
	}
	if ((bl = add(b, BLOCK_INITIATIVES)))
		bl->table = x.t;
}

static void methodology(struct rb *b)
{
	heading(b, 2, RT(b->o, "Methodology and data sources"));
	para(b, RT(b->o, "Every number counts distinct initiatives of the stocktaking database in "
			 "the states the filters name (published ones unless stated). An "
			 "initiative counts for a place when one of its countries lies there: for "
			 "an ITU-D or UN M49 region, any country of the region. The numbers are "
			 "those of the platform's search for the same filters."));
	para(b, RT(b->o, "Action Lines, SDGs and GDC objectives are counted from the "
			 "initiatives' tags, as declared by submitters, checked by moderators or "
			 "suggested by the mapping model, as the filters say. C7 (ICT "
			 "applications) counts the initiatives with any of its eight sub-lines, "
			 "once each."));
	para(b, dup(b, arena_sprintf(b->a,
				     RT(b->o, "Years are the years in which initiatives started. "
					      "The trend starts in %d, the first year of the WSIS "
					      "Stocktaking, unless the filters say otherwise."),
				     FIG_TREND_FROM)));
	para(b,
	     dup(b, arena_sprintf(
			b->a,
			RT(b->o, "Gaps: a link of the WSIS-SDG Matrix is a gap when fewer than "
				 "%d initiatives carry both its Action Line and its SDG; an "
				 "Action Line lacks recent activity when no initiative started "
				 "in the last %d years; a country or territory is listed when no "
				 "initiative takes place there."),
			FIG_FEW, FIG_RECENT)));
	para(b, RT(b->o, "Data sources: the initiatives registered with the WSIS Stocktaking and "
			 "the other sources imported into this database; the SDGs and their "
			 "targets (UN Statistics Division); the WSIS Action Lines and the "
			 "WSIS-SDG Matrix (ITU and the UN agencies that facilitate the Action "
			 "Lines); the Global Digital Compact (A/RES/79/1, annex I); the UN M49 "
			 "regions, the ITU-D regions, and the lists of LDCs, LLDCs and SIDS."));
}

/* filters_text says the filters in words, and builds both queries. */
static void describe_filters(struct rb *b, const struct fig_filter *flt)
{
	struct buf t, q;
	char from[8], to[8];

	buf_init(&t, 4096);
	buf_init(&q, 4096);
	snprintf(from, sizeof from, "%d", flt->from_year ? flt->from_year : b->f->trend_from);
	snprintf(to, sizeof to, "%d", flt->to_year ? flt->to_year : b->f->trend_to);
	if (flt->from_year || flt->to_year)
		buf_printf(&t, RT(b->o, "Initiatives started %s\xe2\x80\x93%s"), from, to);
	else
		buf_puts(&t, RT(b->o, "All years"));
	buf_puts(&t, "; ");
	if (flt->n_stakeholder_types) {
		for (size_t i = 0; i < flt->n_stakeholder_types; i++) {
			const struct fig_list *l = &b->f->by_stakeholder;

			if (i)
				buf_puts(&t, ", ");
			for (size_t k = 0; k < l->n; k++)
				if (strcmp(l->v[k].code, flt->stakeholder_types[i]) == 0)
					buf_puts(&t, RT(b->o, l->v[k].label));
		}
	} else {
		buf_puts(&t, RT(b->o, "all stakeholder types"));
	}
	buf_puts(&t, "; ");
	if (flt->origins) {
		static const char *const names[] = {N_("tags by submitters"),
						    N_("tags by moderators"),
						    N_("tags by the mapping model")};
		int first = 1;

		for (int i = 0; i < 3; i++)
			if (flt->origins & (1 << i)) {
				buf_puts(&t, first ? "" : ", ");
				buf_puts(&t, RT(b->o, names[i]));
				first = 0;
			}
	} else {
		buf_puts(&t, RT(b->o, "every tag"));
	}
	buf_puts(&t, "; ");
	if (flt->states) {
		int first = 1;

		for (int i = 0; ini_states[i]; i++)
			if (flt->states & (1 << i)) {
				buf_puts(&t, first ? "" : ", ");
				buf_puts(&t, ini_states[i]);
				first = 0;
			}
	} else {
		buf_puts(&t, RT(b->o, "published initiatives"));
	}
	b->r->filters = dup(b, buf_cstr(&t));
	b->r->query = report_filter_query(flt, b->a);
	if (!b->r->query)
		b->err = ERR_NOMEM;
	/* the same filters for the search */
	switch (flt->place_kind) {
	case FIG_ITU_REGION:
		buf_puts(&q, "itu_region=");
		break;
	case FIG_M49_REGION:
		buf_puts(&q, "region=");
		break;
	case FIG_COUNTRY:
		buf_puts(&q, "country=");
		break;
	case FIG_WORLD:
		break;
	}
	if (flt->place_kind != FIG_WORLD)
		report__url_arg(&q, flt->place);
	if (flt->from_year)
		buf_printf(&q, "%sfrom_year=%d", q.len ? "&" : "", flt->from_year);
	if (flt->to_year)
		buf_printf(&q, "%sto_year=%d", q.len ? "&" : "", flt->to_year);
	for (size_t i = 0; i < flt->n_stakeholder_types; i++) {
		buf_puts(&q, q.len ? "&stakeholder_type=" : "stakeholder_type=");
		report__url_arg(&q, flt->stakeholder_types[i]);
	}
	for (int i = 0; flt->states && ini_states[i]; i++)
		if (flt->states & (1 << i))
			buf_printf(&q, "%sstate=%s", q.len ? "&" : "", ini_states[i]);
	b->r->search_query = dup(b, buf_cstr(&q));
	buf_cleanup(&t);
	buf_cleanup(&q);
}

/* begin computes the figures and starts the report: title, filters, date. */
static int begin(struct rb *b, struct store *s, const struct fig_filter *flt,
		 const struct report_opts *o, struct arena *a, struct report *r, const char *kind,
		 struct errinfo *e)
{
	struct figures *f = arena_alloc(a, sizeof *f);
	char now[UTC_ISO_LEN];
	int rc;

	memset(b, 0, sizeof *b);
	memset(r, 0, sizeof *r);
	b->s = s;
	b->o = o;
	b->a = a;
	b->r = r;
	if (!f)
		return ERR_NOMEM;
	if (o->figures)
		*f = *o->figures; /* shared and read-only: the copy takes the place's name below */
	else if ((rc = figures_compute(s, flt, o->lang, a, f, e)))
		return rc;
	b->f = f;
	r->figures = f;
	r->kind = kind;
	r->lang = lang_code(o->lang);
	r->catalog = o->catalog;
	r->place = flt->place_kind == FIG_WORLD ? NULL : dup(b, flt->place);
	if (!f->place_name)
		f->place_name = RT(o, "the world");
	if (o->made_at) {
		r->made_at = dup(b, o->made_at);
	} else {
		utc_format(utc_now(), now);
		r->made_at = dup(b, now);
	}
	r->empty = f->total == 0;
	describe_filters(b, flt);
	return 0;
}

static int finish(struct rb *b, struct errinfo *e)
{
	if (b->err)
		return errinfo_set(e, b->err, NULL, "out of memory while building a report");
	return 0;
}

static void empty_text(struct rb *b)
{
	para(b, dup(b, arena_sprintf(b->a,
				     RT(b->o, "No initiative matches these filters in %s: there "
					      "is nothing to count yet. Register initiatives, or "
					      "widen the filters."),
				     b->f->place_name)));
}

/* place_report is the regional and the country report. */
static int place_report(struct store *s, const struct fig_filter *flt, const struct report_opts *o,
			struct arena *a, struct report *r, const char *kind, struct errinfo *e)
{
	struct rb b;
	int rc, many = strcmp(kind, "regional") == 0;
	const struct figures *f;

	if ((rc = begin(&b, s, flt, o, a, r, kind, e)))
		return rc;
	f = b.f;
	r->title = dup(&b, arena_sprintf(a, RT(o, "%s: WSIS stocktaking report"), f->place_name));
	r->subtitle = RT(o, "What the initiatives registered with the WSIS Stocktaking do, by "
			    "WSIS Action Line, SDG, Global Digital Compact objective, place, "
			    "stakeholder and year");
	heading(&b, 2, RT(o, "Key figures"));
	if (r->empty)
		empty_text(&b);
	key_figures(&b, many);
	if (!r->empty) {
		heading(&b, 2,
			dup(&b, arena_sprintf(a, RT(o, "The trend since %d"), f->trend_from)));
		list_block(&b, &f->by_year, CHART_LINE, "trend",
			   RT(o, "Initiatives by the year they started"),
			   RT(o, "How many of the initiatives started in each year."), 0, 2);
		heading(&b, 2, RT(o, "WSIS Action Lines"));
		list_block(&b, &f->by_action_line, CHART_BAR, "by-action-line",
			   RT(o, "Initiatives by WSIS Action Line"),
			   RT(o, "How many initiatives work on each WSIS Action Line; C7 counts "
				 "those with any of its sub-lines."),
			   0, 1);
		heading(&b, 2, RT(o, "Sustainable Development Goals"));
		list_block(&b, &f->by_sdg, CHART_BAR, "by-sdg", RT(o, "Initiatives by SDG"),
			   RT(o, "How many initiatives contribute to each of the 17 SDGs."), 0, 1);
		heading(&b, 2, RT(o, "Global Digital Compact"));
		list_block(&b, &f->by_gdc, CHART_BAR, "by-gdc",
			   RT(o, "Initiatives by Global Digital Compact objective"),
			   RT(o, "How many initiatives support each of the five objectives."), 0,
			   1);
		heading(&b, 2, RT(o, "Stakeholders"));
		list_block(&b, &f->by_stakeholder, CHART_BAR, "by-stakeholder",
			   RT(o, "Initiatives by stakeholder type"),
			   RT(o, "How many initiatives each kind of stakeholder leads."), 0, 0);
		if (many) {
			heading(&b, 2, RT(o, "Countries and territories"));
			list_block(&b, &f->by_country, CHART_MAP, "by-country",
				   RT(o, "Initiatives by country or territory"),
				   RT(o, "How many initiatives take place in each country or "
					 "territory of the region that has any."),
				   1, 1);
		}
		heading(&b, 2, RT(o, "LDCs, LLDCs and SIDS"));
		list_block(&b, &f->by_group, CHART_BAR, "by-group",
			   RT(o, "Initiatives in the least developed, landlocked developing and "
				 "small island developing countries"),
			   RT(o, "How many initiatives take place in at least one country of each "
				 "group."),
			   0, 0);
		heading(&b, 2, RT(o, "WSIS Action Lines and SDGs"));
		matrix_block(&b);
		most_cited(&b);
	}
	gaps_block(&b, many);
	methodology(&b);
	return finish(&b, e);
}

int report_build_regional(struct store *s, const struct fig_filter *f, const struct report_opts *o,
			  struct arena *a, struct report *out, struct errinfo *e)
{
	if (f->place_kind != FIG_ITU_REGION && f->place_kind != FIG_M49_REGION)
		return errinfo_set(e, ERR_INVALID, "region", "a regional report needs a region");
	return place_report(s, f, o, a, out, "regional", e);
}

int report_build_country(struct store *s, const struct fig_filter *f, const struct report_opts *o,
			 struct arena *a, struct report *out, struct errinfo *e)
{
	if (f->place_kind != FIG_COUNTRY)
		return errinfo_set(e, ERR_INVALID, "country", "a country report needs a country");
	return place_report(s, f, o, a, out, "country", e);
}

int report_build_matrix(struct store *s, const struct fig_filter *flt, const struct report_opts *o,
			struct arena *a, struct report *r, struct errinfo *e)
{
	struct rb b;
	int rc;

	if ((rc = begin(&b, s, flt, o, a, r, "matrix", e)))
		return rc;
	r->title = flt->place_kind == FIG_WORLD
		       ? RT(o, "The WSIS-SDG Matrix in practice")
		       : dup(&b, arena_sprintf(a, RT(o, "The WSIS-SDG Matrix in practice: %s"),
					       b.f->place_name));
	r->subtitle = RT(o, "How many initiatives work on each pair of a WSIS Action Line and an "
			    "SDG, and which links of the Matrix have few or none");
	heading(&b, 2, RT(o, "Key figures"));
	if (r->empty)
		empty_text(&b);
	key_figures(&b, 0);
	heading(&b, 2, RT(o, "WSIS Action Lines and SDGs"));
	matrix_block(&b);
	gaps_block(&b, 0);
	methodology(&b);
	return finish(&b, e);
}

/* gdc_tables adds the objectives by ITU-D region and by Action Line. */
static void gdc_tables(struct rb *b)
{
	const struct figures *f = b->f;
	size_t ng = f->by_gdc.n, nr = f->by_itu_region.n, nal = f->by_action_line.n;
	struct chart *c = arena_alloc(b->a, sizeof *c);
	struct chart_series *sr = arena_alloc(b->a, (nr + 1) * sizeof *sr);
	const char **cats = arena_alloc(b->a, (ng + 1) * sizeof *cats);
	const char **h = arena_alloc(b->a, (ng + 1) * sizeof *h);
	struct report_block *bl;
	struct tb x;

	if (!c || !sr || !cats || !h) {
		b->err = ERR_NOMEM;
		return;
	}
	h[0] = RT(b->o, "ITU-D region");
	for (size_t g = 0; g < ng; g++)
		h[g + 1] = cats[g] = short_label(b, &f->by_gdc, g);
	if (table_new(b, &x, "gdc-by-region", RT(b->o, "GDC objectives by ITU-D region"), ng + 1,
		      nr, h))
		return;
	for (size_t rg = 0; rg < nr; rg++) {
		double *values = arena_alloc(b->a, (ng + 1) * sizeof *values);
		const char **links = arena_alloc(b->a, (ng + 1) * sizeof *links);
		const struct fig_count *reg = &f->by_itu_region.v[rg];

		if (!values || !links) {
			b->err = ERR_NOMEM;
			return;
		}
		cell_text(&x, 0, reg->label, link(b, "itu_region", reg->code, NULL, NULL));
		for (size_t g = 0; g < ng; g++) {
			int64_t n = f->gdc_itu[g * nr + rg];
			const char *href =
			    link(b, "gdc", f->by_gdc.v[g].code, "itu_region", reg->code);

			values[g] = (double)n;
			links[g] = n ? href : NULL;
			cell_num(b, &x, g + 1, n, href);
		}
		row_end(&x);
		sr[rg].label = reg->label;
		sr[rg].code = reg->code;
		sr[rg].values = values;
		sr[rg].links = links;
	}
	c->kind = CHART_STACKED_BAR;
	c->title = x.t->title;
	c->desc = RT(b->o, "For each GDC objective, its initiatives in each ITU-D region, stacked; "
			   "an initiative in several regions counts in each.");
	c->y_label = RT(b->o, "Initiatives");
	c->n_categories = ng;
	c->categories = cats;
	c->n_series = nr;
	c->series = sr;
	if ((bl = add(b, BLOCK_CHART))) {
		bl->chart = c;
		bl->table = x.t;
	}
	/* by Action Line: a table (the heatmap of the matrix report shows the SDGs) */
	if (table_new(b, &x, "gdc-by-action-line", RT(b->o, "GDC objectives by WSIS Action Line"),
		      ng + 1, nal, h))
		return;
	{
		const char **h2 = arena_alloc(b->a, (ng + 1) * sizeof *h2);

		if (!h2) {
			b->err = ERR_NOMEM;
			return;
		}
		memcpy(h2, h, (ng + 1) * sizeof *h2);
		h2[0] = RT(b->o, "Action Line");
		x.t->headers = h2;
	}
	for (size_t i = 0; i < nal; i++) {
		const struct fig_count *al = &f->by_action_line.v[i];

		cell_text(&x, 0, dup(b, arena_sprintf(b->a, "%s %s", al->code, al->label)),
			  link(b, "action_line", al->code, NULL, NULL));
		for (size_t g = 0; g < ng; g++)
			cell_num(b, &x, g + 1, f->al_gdc[i * ng + g],
				 link(b, "action_line", al->code, "gdc", f->by_gdc.v[g].code));
		row_end(&x);
	}
	if ((bl = add(b, BLOCK_TABLE)))
		bl->table = x.t;
}

int report_build_gdc(struct store *s, const struct fig_filter *flt, const struct report_opts *o,
		     struct arena *a, struct report *r, struct errinfo *e)
{
	struct rb b;
	int rc;

	if ((rc = begin(&b, s, flt, o, a, r, "gdc", e)))
		return rc;
	r->title = flt->place_kind == FIG_WORLD
		       ? RT(o, "Global Digital Compact implementation map")
		       : dup(&b, arena_sprintf(a,
					       RT(o, "Global Digital Compact implementation "
						     "map: %s"),
					       b.f->place_name));
	r->subtitle = RT(o, "How the initiatives of the WSIS Stocktaking support the five "
			    "objectives of the Global Digital Compact, by region and by WSIS "
			    "Action Line");
	heading(&b, 2, RT(o, "Key figures"));
	if (r->empty)
		empty_text(&b);
	key_figures(&b, 1);
	if (!r->empty) {
		heading(&b, 2, RT(o, "Objectives"));
		list_block(&b, &b.f->by_gdc, CHART_BAR, "by-gdc",
			   RT(o, "Initiatives by Global Digital Compact objective"),
			   RT(o, "How many initiatives support each of the five objectives."), 0,
			   1);
		heading(&b, 2, RT(o, "Objectives by region and by Action Line"));
		gdc_tables(&b);
		heading(&b, 2, RT(o, "Countries and territories"));
		list_block(&b, &b.f->by_country, CHART_MAP, "by-country",
			   RT(o, "Initiatives by country or territory"),
			   RT(o, "How many initiatives take place in each country or territory "
				 "that has any."),
			   1, 1);
	}
	methodology(&b);
	return finish(&b, e);
}

int report_build(struct store *s, const char *kind, const struct fig_filter *f,
		 const struct report_opts *o, struct arena *a, struct report *out,
		 struct errinfo *e)
{
	if (strcmp(kind, "regional") == 0)
		return report_build_regional(s, f, o, a, out, e);
	if (strcmp(kind, "country") == 0)
		return report_build_country(s, f, o, a, out, e);
	if (strcmp(kind, "matrix") == 0)
		return report_build_matrix(s, f, o, a, out, e);
	if (strcmp(kind, "gdc") == 0)
		return report_build_gdc(s, f, o, a, out, e);
	return errinfo_set(e, ERR_INVALID, "report",
			   "unknown report \"%.32s\": regional, country, matrix or gdc", kind);
}
