/*
 * report_pdf.c - a report as an A4 PDF, with cairo and pango (see report.h).
 *
 * The document: a title page (title, subtitle, filters, when it was made), the contents
 * (every level 1 and 2 heading with its page), then the blocks in order: headings,
 * paragraphs, key figures as boxes, charts (the scene of chart_layout drawn with
 * scene_cairo, its data table below), tables whose header row is repeated on every page
 * they run over. Every page but the first has a footer with the filters, the date and
 * "Page N of M". An empty report is a single page that says so.
 *
 * Page numbers in the contents need the layout done first: the document is laid out twice,
 * once into a PDF that is thrown away (to learn on which page each heading lands and how
 * many pages there are), then for real. The contents take a number of pages fixed by the
 * number of headings, so the second pass lands everything where the first one did.
 *
 * cairo embeds (subsets of) the fonts it uses: Noto through fontconfig, with its Arabic
 * and CJK families for the scripts the Latin one lacks. The file is written next to path
 * and renamed into place, so a failure leaves nothing behind.
 */
#include "report/report.h"

#include "core/i18n.h"
#include "report/chart_cairo.h"
#include "report/report_render.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define A4_W 595.276
#define A4_H 841.890
#define MARGIN_X 56.0
#define MARGIN_TOP 56.0
#define MARGIN_BOTTOM 72.0
#define BODY_W (A4_W - 2 * MARGIN_X)
#define BODY_BOTTOM (A4_H - MARGIN_BOTTOM)
#define CONTENTS_PER_PAGE 32
#define CELL_PAD 3.0
#define MAX_MEASURED_ROWS 400 /* rows measured to size a table's columns */

#define INK 0x1a1a1affu
#define MUTED 0x555555ffu
#define ACCENT 0x08519cffu
#define RULE 0xbdbdbdffu
#define HEAD_BG 0xe8eef5ffu

struct pdf {
	const struct report *r;
	cairo_surface_t *surf;
	cairo_t *cr;
	int final;    /* the second pass: contents known, outline written */
	int page;     /* the current page, from 1 */
	int pages;    /* the total, known in the second pass */
	double y;     /* where the next thing goes on the page */
	int *hpage;   /* per block: the page its heading landed on */
	int outline1; /* the outline entry of the last level 1 heading */
	int contents_pages;
};

static void colour(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgba(cr, ((c >> 24) & 0xff) / 255.0, ((c >> 16) & 0xff) / 255.0,
			      ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* layout_new makes a pango layout of text in the report font, wrapped at width points. */
static PangoLayout *layout_new(struct pdf *p, const char *text, double size, int bold, double width)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, REPORT_FONT);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double layout_h(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double layout_w(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void draw_layout(struct pdf *p, PangoLayout *l, double x, double y, uint32_t c)
{
	colour(p->cr, c);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* text_at draws one line of text with its top-left at (x, y); returns its width. */
static double text_at(struct pdf *p, const char *text, double size, int bold, double x, double y,
		      uint32_t c)
{
	PangoLayout *l = layout_new(p, text, size, bold, 0);
	double w = layout_w(l);

	draw_layout(p, l, x, y, c);
	g_object_unref(l);
	return w;
}

static void footer(struct pdf *p)
{
	char num[128];
	double w;

	if (p->page == 1)
		return;
	snprintf(num, sizeof num, report_tr(p->r, N_("Page %d of %d")), p->page,
		 p->pages ? p->pages : p->page);
	cairo_set_line_width(p->cr, 0.5);
	colour(p->cr, RULE);
	cairo_move_to(p->cr, MARGIN_X, A4_H - 52);
	cairo_line_to(p->cr, A4_W - MARGIN_X, A4_H - 52);
	cairo_stroke(p->cr);
	{
		PangoLayout *l = layout_new(p, num, 8, 0, 0);

		w = layout_w(l);
		draw_layout(p, l, A4_W - MARGIN_X - w, A4_H - 46, MUTED);
		g_object_unref(l);
	}
	{
		/* the filters and the date, cut to one line beside the page number */
		char *left = g_strdup_printf("%s \u2014 %s", p->r->filters ? p->r->filters : "",
					     p->r->made_at ? p->r->made_at : "");
		PangoLayout *l = layout_new(p, left, 8, 0, BODY_W - w - 16);

		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -1); /* one line */
		draw_layout(p, l, MARGIN_X, A4_H - 46, MUTED);
		g_object_unref(l);
		g_free(left);
	}
}

static void new_page(struct pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_TOP;
}

/* room makes sure h points are left on the page, starting a new one if not. */
static void room(struct pdf *p, double h)
{
	if (p->y + h > BODY_BOTTOM && p->y > MARGIN_TOP)
		new_page(p);
}

/*
 * flow draws text wrapped to the body's width (less indent), line by line, so a long
 * paragraph runs on to the next page.
 */
static void flow(struct pdf *p, const char *text, double size, int bold, double indent, uint32_t c)
{
	PangoLayout *l = layout_new(p, text, size, bold, BODY_W - indent);
	PangoLayoutIter *it = pango_layout_get_iter(l);

	do {
		PangoRectangle lr;
		int base = pango_layout_iter_get_baseline(it);

		pango_layout_iter_get_line_extents(it, NULL, &lr);
		room(p, (double)lr.height / PANGO_SCALE);
		colour(p->cr, c);
		cairo_move_to(p->cr, MARGIN_X + indent + (double)lr.x / PANGO_SCALE,
			      p->y + (double)(base - lr.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += (double)lr.height / PANGO_SCALE;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
}

/* online writes, under the title, where the report is on the web, as a link (with a base). */
static void online(struct pdf *p)
{
	const struct report *r = p->r;
	char url[4096];
	const char *u;
	char *path, *line;
	int linked;

	if (!r->kind || (strcmp(r->kind, "regional") && strcmp(r->kind, "country") &&
			 strcmp(r->kind, "matrix") && strcmp(r->kind, "gdc")))
		return;
	path = g_strdup_printf("/reports/%s%s%s%s%s", r->kind, r->place ? "/" : "",
			       r->place ? r->place : "", r->query && *r->query ? "?" : "",
			       r->query ? r->query : "");
	u = report_whole_url(r->base_url, path, url, sizeof url);
	if (u) {
		line = g_strdup_printf("%s %s", report_tr(r, N_("Online:")), u);
		linked = scene_link_begin(p->cr, NULL, u);
		flow(p, line, 10, 0, 0, ACCENT);
		if (linked)
			scene_link_end(p->cr);
		g_free(line);
	}
	g_free(path);
}

static void title_page(struct pdf *p)
{
	const struct report *r = p->r;
	char *made;

	colour(p->cr, ACCENT);
	cairo_rectangle(p->cr, 0, 0, A4_W, 18);
	cairo_fill(p->cr);
	p->y = r->empty ? MARGIN_TOP + 24 : 220;
	flow(p, report_tr(r, N_("WSIS stocktaking")), 12, 1, 0, ACCENT);
	p->y += 8;
	flow(p, r->title, r->empty ? 22 : 28, 1, 0, INK);
	if (r->subtitle && *r->subtitle) {
		p->y += 10;
		flow(p, r->subtitle, 14, 0, 0, MUTED);
	}
	p->y += 24;
	if (r->filters && *r->filters) {
		flow(p, report_tr(r, N_("Filters")), 10, 1, 0, INK);
		flow(p, r->filters, 11, 0, 0, INK);
		p->y += 8;
	}
	made = g_strdup_printf("%s %s", report_tr(r, N_("Made on")), r->made_at ? r->made_at : "");
	flow(p, made, 10, 0, 0, MUTED);
	g_free(made);
	online(p);
	p->y += 24;
}

/* The headings listed in the contents: levels 1 and 2. */
static int in_contents(const struct report_block *b)
{
	return b->kind == BLOCK_HEADING && b->level <= 2 && b->text;
}

static void contents(struct pdf *p)
{
	const struct report *r = p->r;
	int n = 0;

	p->y = MARGIN_TOP;
	flow(p, report_tr(r, N_("Contents")), 18, 1, 0, INK);
	p->y += 12;
	for (size_t i = 0; i < r->n_blocks; i++) {
		const struct report_block *b = &r->blocks[i];
		double indent = b->level > 1 ? 16 : 0, x;
		char num[16];
		PangoLayout *l;

		if (!in_contents(b))
			continue;
		if (n && n % CONTENTS_PER_PAGE == 0)
			new_page(p);
		n++;
		snprintf(num, sizeof num, "%d", p->final ? p->hpage[i] : 0);
		if (p->final) {
			char *dest = g_strdup_printf("page=%d", p->hpage[i]);

			cairo_tag_begin(p->cr, CAIRO_TAG_LINK, dest);
			g_free(dest);
		}
		l = layout_new(p, b->text, b->level > 1 ? 10 : 11, b->level == 1, BODY_W - 60);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -1);
		draw_layout(p, l, MARGIN_X + indent, p->y, INK);
		x = MARGIN_X + indent + layout_w(l) + 4;
		g_object_unref(l);
		l = layout_new(p, num, 10, 0, 0);
		draw_layout(p, l, A4_W - MARGIN_X - layout_w(l), p->y, INK);
		/* dotted leader between the heading and its page */
		cairo_set_line_width(p->cr, 0.6);
		cairo_set_dash(p->cr, (const double[]){0.6, 2.4}, 2, 0);
		colour(p->cr, RULE);
		cairo_move_to(p->cr, x, p->y + 10);
		cairo_line_to(p->cr, A4_W - MARGIN_X - layout_w(l) - 4, p->y + 10);
		cairo_stroke(p->cr);
		cairo_set_dash(p->cr, NULL, 0, 0);
		g_object_unref(l);
		if (p->final)
			cairo_tag_end(p->cr, CAIRO_TAG_LINK);
		p->y += 20;
	}
}

static void heading(struct pdf *p, size_t i)
{
	const struct report_block *b = &p->r->blocks[i];
	double size = b->level <= 1 ? 16 : b->level == 2 ? 13 : 11;

	/* a heading keeps some of what follows on its page */
	p->y += b->level <= 1 ? 14 : 8;
	room(p, size * 1.6 + 80);
	if (p->final && in_contents(b)) {
		char *dest = g_strdup_printf("page=%d pos=[%g %g]", p->page, MARGIN_X, p->y);
		int id = cairo_pdf_surface_add_outline(
		    p->surf, b->level <= 1 ? CAIRO_PDF_OUTLINE_ROOT : p->outline1, b->text, dest,
		    0);

		if (b->level <= 1)
			p->outline1 = id;
		g_free(dest);
	}
	p->hpage[i] = p->page;
	flow(p, b->text, size, 1, 0, b->level <= 1 ? ACCENT : INK);
	p->y += 4;
}

static void figures(struct pdf *p, const struct report_block *b)
{
	const double gap = 10, bw = (BODY_W - 2 * gap) / 3, bh = 62;

	for (size_t i = 0; i < b->n_figures; i++) {
		const struct report_figure *f = &b->figures[i];
		double x = MARGIN_X + (double)(i % 3) * (bw + gap);
		PangoLayout *l;

		if (i % 3 == 0) {
			if (i)
				p->y += bh + gap;
			room(p, bh);
		}
		colour(p->cr, HEAD_BG);
		cairo_rectangle(p->cr, x, p->y, bw, bh);
		cairo_fill(p->cr);
		text_at(p, f->display, 20, 1, x + 8, p->y + 6, ACCENT);
		l = layout_new(p, f->label, 9, 0, bw - 16);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -2); /* at most two lines */
		draw_layout(p, l, x + 8, p->y + 34, INK);
		g_object_unref(l);
	}
	if (b->n_figures)
		p->y += bh + gap;
}

/* The columns of a table: widths, and which are numbers (right-aligned). */
struct columns {
	double *w;
	int *numeric;
	double size;
};

static int columns_fit(struct pdf *p, const struct report_table *t, struct columns *c)
{
	double total = 0, fixed = 0, flex = 0;
	size_t rows = t->n_rows < MAX_MEASURED_ROWS ? t->n_rows : MAX_MEASURED_ROWS;

	c->w = calloc(t->n_cols, sizeof *c->w);
	c->numeric = calloc(t->n_cols, sizeof *c->numeric);
	if (!c->w || !c->numeric)
		return ERR_NOMEM;
	c->size = t->n_cols > 8 ? 7 : 8.5;
	for (size_t j = 0; j < t->n_cols; j++) {
		PangoLayout *l = layout_new(p, t->headers[j], c->size, 1, 0);
		int nums = 0;

		c->w[j] = layout_w(l);
		g_object_unref(l);
		for (size_t i = 0; i < rows; i++) {
			const char *cell = t->cells[i * t->n_cols + j];

			nums += t->numbers && !isnan(t->numbers[i * t->n_cols + j]);
			if (cell && *cell) {
				l = layout_new(p, cell, c->size, 0, 0);
				c->w[j] = fmax(c->w[j], layout_w(l));
				g_object_unref(l);
			}
		}
		c->numeric[j] = nums > 0 && nums * 2 >= (int)rows;
		c->w[j] += 2 * CELL_PAD;
		if (c->numeric[j])
			c->w[j] = fmin(c->w[j], 80);
		total += c->w[j];
		if (c->numeric[j])
			fixed += c->w[j];
		else
			flex += c->w[j];
	}
	if (total <= BODY_W) {
		/* room to spare goes to the first text column */
		for (size_t j = 0; j < t->n_cols; j++)
			if (!c->numeric[j]) {
				c->w[j] += BODY_W - total;
				break;
			}
		return 0;
	}
	/* too wide: numbers keep their width (shrunk evenly if they alone are too wide), the
	 * text columns share the rest by their natural width, wrapping */
	for (size_t j = 0; j < t->n_cols; j++) {
		if (c->numeric[j] && fixed > BODY_W * 0.8)
			c->w[j] *= BODY_W * 0.8 / fixed;
		else if (!c->numeric[j])
			c->w[j] = fmax(40, c->w[j] / flex * (BODY_W - fmin(fixed, BODY_W * 0.8)));
	}
	return 0;
}

/* row draws (or, draw 0, measures) one row of cells; returns its height. */
static double row(struct pdf *p, const struct report_table *t, const struct columns *c,
		  const char *const *cells, const char *const *links, int header, int draw)
{
	double h = 0, x = MARGIN_X;
	PangoLayout *ls[64];
	size_t n = t->n_cols < 64 ? t->n_cols : 64;

	for (size_t j = 0; j < n; j++) {
		ls[j] = layout_new(p, cells[j], c->size, header, c->w[j] - 2 * CELL_PAD);
		if (c->numeric[j])
			pango_layout_set_alignment(ls[j], PANGO_ALIGN_RIGHT);
		h = fmax(h, layout_h(ls[j]));
	}
	h += 2 * CELL_PAD;
	if (draw && header) {
		colour(p->cr, HEAD_BG);
		cairo_rectangle(p->cr, MARGIN_X, p->y, BODY_W, h);
		cairo_fill(p->cr);
	}
	for (size_t j = 0; j < n; j++) {
		if (draw) {
			/* a cell that links in the page links here too (to the whole URL) */
			int linked = links && scene_link_begin(p->cr, p->r->base_url, links[j]);

			draw_layout(p, ls[j], x + CELL_PAD, p->y + CELL_PAD, linked ? ACCENT : INK);
			if (linked)
				scene_link_end(p->cr);
		}
		x += c->w[j];
		g_object_unref(ls[j]);
	}
	if (draw) {
		cairo_set_line_width(p->cr, header ? 0.8 : 0.3);
		colour(p->cr, header ? INK : RULE);
		cairo_move_to(p->cr, MARGIN_X, p->y + h);
		cairo_line_to(p->cr, MARGIN_X + BODY_W, p->y + h);
		cairo_stroke(p->cr);
	}
	return h;
}

static int table(struct pdf *p, const struct report_table *t)
{
	struct columns c = {0};
	double hh;
	int rc;

	if (!t || t->n_cols == 0)
		return 0;
	if ((rc = columns_fit(p, t, &c)))
		goto out;
	if (t->title && *t->title) {
		p->y += 6;
		room(p, 60);
		flow(p, t->title, 10, 1, 0, INK);
		p->y += 4;
	}
	hh = row(p, t, &c, t->headers, NULL, 1, 0);
	room(p, hh + 20);
	p->y += row(p, t, &c, t->headers, NULL, 1, 1);
	for (size_t i = 0; i < t->n_rows; i++) {
		const char *const *cells = t->cells + i * t->n_cols;
		const char *const *links = t->links ? t->links + i * t->n_cols : NULL;
		double h = row(p, t, &c, cells, links, 0, 0);

		if (p->y + h > BODY_BOTTOM) {
			new_page(p);
			p->y += row(p, t, &c, t->headers, NULL, 1, 1); /* the header again */
		}
		p->y += row(p, t, &c, cells, links, 0, 1);
	}
	p->y += 10;
out:
	free(c.w);
	free(c.numeric);
	return rc;
}

static int chart(struct pdf *p, const struct report_block *b)
{
	struct scene s = {0};
	struct arena a;
	double scale;
	int rc;

	if (!b->chart)
		return 0;
	arena_init(&a, 0);
	rc = chart_layout(b->chart, &a, &s);
	if (rc)
		goto out;
	scale = s.width > BODY_W ? BODY_W / s.width : 1;
	if (s.height * scale > BODY_BOTTOM - MARGIN_TOP)
		scale = (BODY_BOTTOM - MARGIN_TOP) / s.height;
	p->y += 6;
	room(p, s.height * scale);
	cairo_save(p->cr);
	cairo_translate(p->cr, MARGIN_X, p->y);
	cairo_scale(p->cr, scale, scale);
	rc = scene_cairo_linked(&s, p->cr, p->r->base_url);
	cairo_restore(p->cr);
	p->y += s.height * scale + 6;
out:
	arena_cleanup(&a);
	return rc;
}

/* render lays the whole document out once; the caller finishes the surface. */
static int render(struct pdf *p)
{
	const struct report *r = p->r;
	int rc = 0;

	p->page = 1;
	title_page(p);
	if (!r->empty) {
		new_page(p);
		contents(p);
		for (int k = (p->page - 1); k < p->contents_pages; k++)
			new_page(p); /* the same number of contents pages in both passes */
		new_page(p);
	} else if (r->n_blocks == 0) {
		flow(p, report_tr(r, N_("No initiative matches these filters.")), 12, 0, 0, INK);
	}
	for (size_t i = 0; i < r->n_blocks && !rc; i++) {
		const struct report_block *b = &r->blocks[i];

		switch (b->kind) {
		case BLOCK_HEADING:
			heading(p, i);
			break;
		case BLOCK_PARAGRAPH:
			flow(p, b->text, 10, 0, 0, INK);
			p->y += 6;
			break;
		case BLOCK_FIGURES:
			figures(p, b);
			break;
		case BLOCK_CHART:
			if (!(rc = chart(p, b)))
				rc = table(p, b->table);
			break;
		case BLOCK_TABLE:
		case BLOCK_INITIATIVES:
			rc = table(p, b->table);
			break;
		}
	}
	footer(p);
	cairo_show_page(p->cr);
	if (!rc && cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		rc = ERR_IO;
	return rc;
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

static int contents_entries(const struct report *r)
{
	int n = 0;

	for (size_t i = 0; i < r->n_blocks; i++)
		n += in_contents(&r->blocks[i]);
	return n;
}

int report_pdf(const struct report *r, const char *path, struct errinfo *e)
{
	struct pdf p = {.r = r};
	char tmp[4096];
	int rc;

	if ((rc = report_tmp_path(path, tmp, sizeof tmp, e)))
		return rc;
	p.hpage = calloc(r->n_blocks ? r->n_blocks : 1, sizeof *p.hpage);
	if (!p.hpage)
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	p.contents_pages = (contents_entries(r) + CONTENTS_PER_PAGE - 1) / CONTENTS_PER_PAGE;
	if (p.contents_pages < 1)
		p.contents_pages = 1;
	/* first pass: where everything lands */
	p.surf = cairo_pdf_surface_create_for_stream(discard, NULL, A4_W, A4_H);
	p.cr = cairo_create(p.surf);
	rc = render(&p);
	p.pages = p.page;
	cairo_destroy(p.cr);
	cairo_surface_destroy(p.surf);
	if (rc) {
		errinfo_set(e, rc, NULL, "%s: cannot lay the report out (%s)", path,
			    err_message(rc));
		goto out;
	}
	/* second pass: for real */
	p.final = 1;
	p.outline1 = CAIRO_PDF_OUTLINE_ROOT;
	p.surf = cairo_pdf_surface_create(tmp, A4_W, A4_H);
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_TITLE, r->title ? r->title : "");
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_SUBJECT,
				       r->filters ? r->filters : "");
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATOR,
				       "stocktake " STOCKTAKE_VERSION);
	if (r->made_at && strlen(r->made_at) >= 19)
		cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATE_DATE, r->made_at);
	p.cr = cairo_create(p.surf);
	rc = render(&p);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surf);
	if (!rc && cairo_surface_status(p.surf) != CAIRO_STATUS_SUCCESS)
		rc = ERR_IO;
	cairo_surface_destroy(p.surf);
	if (!rc && rename(tmp, path) != 0)
		rc = ERR_IO;
	if (rc) {
		unlink(tmp);
		errinfo_set(e, rc, NULL, "%s: cannot write the PDF (%s)", path, err_message(rc));
	}
out:
	free(p.hpage);
	return rc;
}
