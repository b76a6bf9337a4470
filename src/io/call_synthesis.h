/*
 * call_synthesis.h - what a call for inputs said, in figures: responses by stakeholder type,
 * by ITU-D region and by country, the count of every value of every choice and picker
 * question, the free-text answers placed on the SDGs, the WSIS Action Lines and the GDC
 * objectives by the mapping engine, and the most common themes (words) of those answers.
 * Only submitted responses that no moderator hid count.
 *
 * Downloads: CSV (call_synthesis_csv) and XLSX (call_synthesis_xlsx, libxlsxwriter). The
 * responses themselves stream as CSV row by row (call_response_csv_*).
 *
 * The PDF is the report layer's: report_build_call (src/report/report_call.c) makes a
 * report document of a struct call_synthesis, and GET /calls/ID/synthesis.pdf prints it.
 */
#ifndef STOCKTAKE_IO_CALL_SYNTHESIS_H
#define STOCKTAKE_IO_CALL_SYNTHESIS_H

#include "core/arena.h"
#include "core/buf.h"
#include "domain/call.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#define SYNTH_THEMES 20

struct map_model;

struct synth_count {
	const char *key; /* a code, a value or a word; "" when unknown */
	int64_t n;
};

struct synth_question {
	const struct call_question *q;
	struct synth_count *v;
	size_t n;
};

struct call_synthesis {
	int64_t responses; /* submitted and not hidden */
	struct synth_count *by_type, *by_region, *by_country;
	size_t ntype, nregion, ncountry;
	struct synth_question *questions; /* the choice and picker questions */
	size_t nquestions;
	int mapped;    /* the mapping model was there: sdgs, action_lines and gdc are filled */
	int64_t texts; /* free-text answers read */
	struct synth_count *sdgs, *action_lines, *gdc, *themes;
	size_t nsdg, nal, ngdc, nthemes;
};

/*
 * call_synthesis_build computes the synthesis of call_id (questions q, nq) into *out, with
 * the mapping model m (NULL: no mapping), everything in a.
 */
int call_synthesis_build(struct store *s, const struct map_model *m, int64_t call_id,
			 const struct call_question *q, size_t nq, struct arena *a,
			 struct call_synthesis *out);
/* call_synthesis_json renders the synthesis as JSON (a new reference; NULL: no memory). */
json_t *call_synthesis_json(const struct call_synthesis *syn);
/* call_synthesis_csv writes the synthesis as CSV rows: section,question,key,count. */
int call_synthesis_csv(const struct call_synthesis *syn, struct buf *out);
/* call_synthesis_xlsx writes the synthesis as a workbook at path (one sheet per part). */
int call_synthesis_xlsx(const struct call_synthesis *syn, const char *title, const char *path);

/* call_csv_field appends v as a CSV field (RFC 4180; a leading = + - @ is quoted with '). */
void call_csv_field(struct buf *b, const char *v, int first);
/* The responses as CSV: a header naming the questions, then one row per response. */
void call_response_csv_header(struct buf *b, const struct call_question *q, size_t nq);
void call_response_csv_row(struct buf *b, const struct call_response *r,
			   const struct call_question *q, size_t nq);

#endif
