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
	const char *query;   /* the filters as a URL query ("from=2004&to=2025"), for links */
	const char *made_at; /* UTC ISO 8601 */
	int empty;           /* no initiative matched: the report says so instead of charts */
	const char *lang;    /* language code of the texts */
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

/* report_add appends a zeroed block of kind k, or NULL when out of memory. */
struct report_block *report_add(struct report *r, struct arena *a, enum block_kind k);

/* The renderers. 0 or an ERR_ code with e filled. */
int report_csv(const struct report *r, FILE *out, struct errinfo *e);
int report_xlsx(const struct report *r, const char *path, struct errinfo *e);
int report_pdf(const struct report *r, const char *path, struct errinfo *e);

#endif
