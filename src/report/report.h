/*
 * report.h - a report as a document: what the figures service built, ready for any format.
 *
 * report_build_* (report_build.c) ask the figures service (figures.h) for the numbers and
 * put them, with titles and explanations in the request's language, into a struct report:
 * a list of blocks (headings, paragraphs, key figures, tables, charts, initiative lists).
 * One renderer per format then writes the same document:
 *
 *   pages/page_reports.c          HTML (the report layer knows no HTML): SVG charts from
 *                                 scene_svg, each with its data table beside it
 *   report_csv   (report_csv.c)   every table, one after another, each headed by its title
 *   report_xlsx  (report_xlsx.c)  one sheet per table, codes with readable labels
 *   report_pdf   (report_pdf.c)   A4 with cairo + pango: title page, contents, page numbers
 *
 * So the numbers are the same in every format by construction; tests check them against
 * the API's counts for the same filters.
 *
 * Everything a report points to lives in the arena it was built in.
 */
#ifndef STOCKTAKE_REPORT_REPORT_H
#define STOCKTAKE_REPORT_REPORT_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "report/chart.h"
#include "report/figures.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct mo_catalog;

/* A table: rows of cells, as text and (where numeric) as numbers. */
struct report_table {
	const char *id; /* short, unique in the report: an XLSX sheet name, an HTML id ("by-sdg") */
	const char *title; /* caption */
	size_t n_cols, n_rows;
	const char *const *headers; /* n_cols */
	const char *const *cells;   /* n_rows * n_cols, row-major, display text ("" when empty) */
	const double *numbers;      /* n_rows * n_cols or NULL; NAN where a cell is not a number */
	const char *const *links;   /* n_rows * n_cols URLs or NULL (entries may be NULL) */
};

struct report_figure {
	const char *label; /* "Initiatives", "Countries with none" */
	double value;
	const char *display; /* formatted value, e.g. "1,204" */
};

enum block_kind {
	BLOCK_HEADING,    /* text, level 1..3; starts a section (PDF contents, HTML h2/h3) */
	BLOCK_PARAGRAPH,  /* text */
	BLOCK_FIGURES,    /* figures[n_figures]: the key figures */
	BLOCK_TABLE,      /* table */
	BLOCK_CHART,      /* chart, with table holding the same numbers */
	BLOCK_INITIATIVES /* table of initiatives (title linked, organisation, country, year) */
};

struct report_block {
	enum block_kind kind;
	int level;
	const char *text;
	const struct report_figure *figures;
	size_t n_figures;
	const struct report_table *table;
	const struct chart *chart;
};

struct report {
	const char *kind;  /* "regional", "country", "matrix", "gdc" */
	const char *title; /* "Africa: WSIS stocktaking report" */
	const char *subtitle;
	const char *
	    filters; /* the filters in words, printed on the report ("2004–2025, all stakeholders") */
	const char *query;        /* the filters as a URL query ("from=2004&to=2025"), for links */
	const char *made_at;      /* UTC ISO 8601 */
	int empty;                /* no initiative matched: the report says so instead of charts */
	const char *lang;         /* language code of the texts */
	const char *place;        /* the place's code ("africa", "019", "KE"), NULL for the world */
	const char *search_query; /* the same filters for /initiatives ("itu_region=africa&...") */
	const struct figures *figures; /* the numbers it was built from */
	struct report_block *blocks;
	size_t n_blocks, cap;
	/*
	 * The messages of lang, for the few words the renderers add themselves ("Contents",
	 * "Page 2 of 9", the XLSX "Summary" sheet); NULL: English.
	 */
	const struct mo_catalog *catalog;
	/*
	 * The site's address ("https://stocktake.example.org"), put in front of the links
	 * that start with "/" where a file needs them whole (XLSX); NULL: such links are
	 * left out of files.
	 */
	const char *base_url;
};

struct mo_catalog;

/* How a report is made: its language and when. */
struct report_opts {
	enum lang lang;
	const struct mo_catalog *catalog; /* the language's messages; NULL: English */
	const char *made_at;              /* UTC ISO 8601; NULL: now */
	/*
	 * The figures of the filter in lang, computed already (report/fig_cache.h): read, never
	 * changed, and they must outlive the report; NULL: the report computes its own.
	 */
	const struct figures *figures;
};

/*
 * RT translates msgid into o's language (the msgid when there is no translation); RTN picks
 * the plural form. xgettext extracts both (po/po.mk: RT:2, RTN:2,3).
 */
const char *RT(const struct report_opts *o, const char *msgid);
const char *RTN(const struct report_opts *o, const char *singular, const char *plural,
		unsigned long n);

/*
 * The reports (report_build.c). Each computes the figures for f (see figures.h), then
 * lays them out with texts in o->lang, everything in arena a. A place with no initiative
 * gives a report with empty = 1 that says so. Errors as figures_compute's.
 *
 *   regional  f->place_kind FIG_ITU_REGION or FIG_M49_REGION: key figures, the trend,
 *             Action Lines, SDGs, GDC objectives, stakeholder types, countries, LDC/LLDC/
 *             SIDS, the Action Line x SDG matrix, gaps, most cited, methodology
 *   country   f->place_kind FIG_COUNTRY: the same without the table of countries
 *   matrix    the WSIS Action Line x SDG matrix (any place), its links and its gaps
 *   gdc       the Global Digital Compact: objectives, by ITU-D region, by Action Line
 */
int report_build_regional(struct store *s, const struct fig_filter *f, const struct report_opts *o,
			  struct arena *a, struct report *out, struct errinfo *e);
int report_build_country(struct store *s, const struct fig_filter *f, const struct report_opts *o,
			 struct arena *a, struct report *out, struct errinfo *e);
int report_build_matrix(struct store *s, const struct fig_filter *f, const struct report_opts *o,
			struct arena *a, struct report *out, struct errinfo *e);
int report_build_gdc(struct store *s, const struct fig_filter *f, const struct report_opts *o,
		     struct arena *a, struct report *out, struct errinfo *e);

/* report_build builds the report named kind ("regional", "country", "matrix", "gdc"). */
int report_build(struct store *s, const char *kind, const struct fig_filter *f,
		 const struct report_opts *o, struct arena *a, struct report *out,
		 struct errinfo *e);

/*
 * report_filter_param reads one parameter of a report's filter (from the URL or the
 * command line) into f, strings in a: from, to (four-digit years), stakeholder_type
 * (repeatable), origin (submitter, moderator, model; repeatable), state (repeatable). Any
 * other name is ignored, and so is an empty value. 0, or ERR_INVALID / ERR_TOO_LARGE with
 * e naming the field and e->msg a sentence in English.
 */
int report_filter_param(struct fig_filter *f, struct arena *a, const char *name, const char *value,
			struct errinfo *e);
/* report_filter_query writes f's filters (not the place) as a URL query, "" when none. */
const char *report_filter_query(const struct fig_filter *f, struct arena *a);

/*
 * report_json writes the report's figures as JSON: kind, title, filters, made_at, empty,
 * and every table (id, title, headers, rows of cells and numbers). 0 or an ERR_ code.
 */
int report_json(const struct report *r, struct buf *out);

/* report_add appends a zeroed block of kind k, or NULL when out of memory. */
struct report_block *report_add(struct report *r, struct arena *a, enum block_kind k);

/* The renderers. 0 or an ERR_ code with e filled. */
int report_csv(const struct report *r, FILE *out, struct errinfo *e);
/* report_csv_buf appends what report_csv writes to b (for the web: one buffer). */
int report_csv_buf(const struct report *r, struct buf *b);
int report_xlsx(const struct report *r, const char *path, struct errinfo *e);
int report_pdf(const struct report *r, const char *path, struct errinfo *e);

/*
 * A call for inputs' synthesis as a report (report_call.c), for its PDF: who answered, the
 * counts of every choice question, what the free-text answers are about and the themes,
 * the synthesis's numbers unchanged. label names a value for people (a stakeholder type,
 * a region, a country: "Civil society", "Africa", "Kenya"); NULL: the codes themselves.
 */
struct call;
struct call_synthesis;
struct report_call_opts {
	const struct report_opts *ro;
	const char *(*label)(void *ud, const char *key);
	void *ud;
};
int report_build_call(const struct call *c, const struct call_synthesis *syn,
		      const struct report_call_opts *o, struct arena *a, struct report *out,
		      struct errinfo *e);

#endif
