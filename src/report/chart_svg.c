/*
 * chart_svg.c - scene_svg: a scene as one standalone SVG element for the web.
 *
 * The element has an accessible name and description (aria-labelledby its <title> and
 * <desc>): role="img" when nothing in it is a link, else role="group", since an image's
 * content is hidden from assistive technologies and its links would be unreachable (axe's
 * nested-interactive). Text stays text (selectable, translatable, searchable); a shape with
 * a link is wrapped in <a href>, and its tip is a <title> child (the tooltip and the
 * link's name). Only presentation attributes are used, never style
 * attributes, so pages keep a strict Content-Security-Policy. Every string is escaped for
 * XML, and control characters XML forbids are dropped.
 */
#include "report/chart.h"

#include "core/err.h"

#include <stdio.h>
#include <string.h>

/* esc appends s escaped for XML text and double-quoted attributes. */
static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				break;
			buf_putc(b, (char)c);
		}
	}
}

/* id_part appends the characters of id fit for an XML id (letters, digits, - and _). */
static void id_part(struct buf *b, const char *id)
{
	for (; id && *id; id++)
		if ((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') ||
		    (*id >= '0' && *id <= '9') || *id == '-' || *id == '_')
			buf_putc(b, *id);
}

static void paint(struct buf *b, const char *attr, uint32_t rgba)
{
	if ((rgba & 0xff) == 0) {
		buf_printf(b, " %s=\"none\"", attr);
		return;
	}
	buf_printf(b, " %s=\"#%06x\"", attr, (unsigned)(rgba >> 8));
	if ((rgba & 0xff) != 0xff)
		buf_printf(b, " %s-opacity=\"%.3g\"", attr, (double)(rgba & 0xff) / 255.0);
}

static void points(struct buf *b, const double *xy, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		buf_printf(b, "%s%.2f,%.2f", i > from ? " " : "", xy[2 * i], xy[2 * i + 1]);
}

static void shape(struct buf *b, const struct shape *sh)
{
	int closed = 0;

	switch (sh->kind) {
	case SHAPE_RECT:
		buf_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", sh->x,
			   sh->y, sh->w, sh->h);
		break;
	case SHAPE_LINE:
		buf_printf(b, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"", sh->x, sh->y,
			   sh->x + sh->w, sh->y + sh->h);
		break;
	case SHAPE_POLYLINE:
		buf_puts(b, "<polyline points=\"");
		points(b, sh->xy, 0, sh->n_points);
		buf_puts(b, "\"");
		break;
	case SHAPE_PATH:
		buf_puts(b, "<path fill-rule=\"evenodd\" d=\"");
		for (size_t r = 0; r < sh->n_rings; r++) {
			size_t from = sh->ring_starts[r],
			       to = r + 1 < sh->n_rings ? sh->ring_starts[r + 1] : sh->n_points;

			if (from >= to || to > sh->n_points)
				continue;
			buf_printf(b, "M%.2f,%.2f", sh->xy[2 * from], sh->xy[2 * from + 1]);
			for (size_t i = from + 1; i < to; i++)
				buf_printf(b, "L%.2f,%.2f", sh->xy[2 * i], sh->xy[2 * i + 1]);
			buf_putc(b, 'Z');
		}
		buf_puts(b, "\"");
		break;
	case SHAPE_TEXT:
		buf_printf(b, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.3g\"", sh->x, sh->y,
			   sh->font_size > 0 ? sh->font_size : 9);
		if (sh->anchor != ANCHOR_START)
			buf_puts(b, sh->anchor == ANCHOR_MIDDLE ? " text-anchor=\"middle\""
								: " text-anchor=\"end\"");
		if (sh->bold)
			buf_puts(b, " font-weight=\"bold\"");
		if (sh->rotate != 0)
			buf_printf(b, " transform=\"rotate(%.3g %.2f %.2f)\"", -sh->rotate, sh->x,
				   sh->y);
		paint(b, "fill", sh->fill);
		buf_putc(b, '>');
		esc(b, sh->text);
		if (sh->tip) {
			buf_puts(b, "<title>");
			esc(b, sh->tip);
			buf_puts(b, "</title>");
		}
		buf_puts(b, "</text>");
		return;
	}
	if (sh->kind == SHAPE_LINE || sh->kind == SHAPE_POLYLINE)
		paint(b, "fill", 0);
	else
		paint(b, "fill", sh->fill);
	paint(b, "stroke", sh->stroke);
	if ((sh->stroke & 0xff) && sh->stroke_width > 0)
		buf_printf(b, " stroke-width=\"%.3g\"", sh->stroke_width);
	if (sh->tip && !sh->link) {
		buf_puts(b, "><title>");
		esc(b, sh->tip);
		buf_puts(b, "</title>");
		closed = 1;
	}
	if (closed) {
		switch (sh->kind) {
		case SHAPE_RECT:
			buf_puts(b, "</rect>");
			break;
		case SHAPE_LINE:
			buf_puts(b, "</line>");
			break;
		case SHAPE_POLYLINE:
			buf_puts(b, "</polyline>");
			break;
		default:
			buf_puts(b, "</path>");
		}
	} else {
		buf_puts(b, "/>");
	}
}

int scene_svg(const struct scene *s, const char *id, struct buf *out)
{
	struct buf b;
	int rc;

	int linked = 0;

	for (size_t i = 0; i < s->n && !linked; i++)
		linked = s->v[i].link != NULL;
	buf_init(&b, out->max ? out->max : 0);
	buf_printf(&b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"%s\""
		   " viewBox=\"0 0 %.2f %.2f\" width=\"%.0f\" height=\"%.0f\""
		   " font-family=\"sans-serif\" aria-labelledby=\"",
		   linked ? "group" : "img", s->width, s->height, s->width, s->height);
	id_part(&b, id);
	buf_puts(&b, "-title ");
	id_part(&b, id);
	buf_puts(&b, "-desc\"><title id=\"");
	id_part(&b, id);
	buf_puts(&b, "-title\">");
	esc(&b, s->title);
	buf_puts(&b, "</title><desc id=\"");
	id_part(&b, id);
	buf_puts(&b, "-desc\">");
	esc(&b, s->desc);
	buf_puts(&b, "</desc>");
	for (size_t i = 0; i < s->n; i++) {
		const struct shape *sh = &s->v[i];

		if (sh->link) {
			buf_puts(&b, "<a href=\"");
			esc(&b, sh->link);
			buf_puts(&b, "\">");
			if (sh->tip) {
				buf_puts(&b, "<title>");
				esc(&b, sh->tip);
				buf_puts(&b, "</title>");
			}
			shape(&b, sh);
			buf_puts(&b, "</a>");
		} else {
			shape(&b, sh);
		}
	}
	buf_puts(&b, "</svg>");
	/*
	 * b is sized to out's limit: an append past it fails and leaves b short, so a b that
	 * came near the limit is refused rather than sent cut.
	 */
	rc = b.len + 256 >= b.max ? ERR_TOO_LARGE : buf_append(out, b.data, b.len);
	buf_cleanup(&b);
	return rc;
}
