/*
 * report_call.c - a call for inputs' synthesis as a report document, so that it prints as
 * a PDF (and any other report format) with the same numbers as its page and its CSV.
 *
 * The document: the call's title, when it closed and how many responses count; who
 * answered (by stakeholder type, with a bar chart; by ITU-D region; by country); the
 * counts of every choice question; what the free-text answers are about (SDGs with a bar
 * chart, Action Lines, GDC objectives, when the mapping model was there) and the most
 * common themes. Every table holds the synthesis's counts unchanged, in its order.
 */
#include "report/report_internal.h"

#include "core/utc.h"
#include "domain/call.h"
#include "domain/lang.h"
#include "io/call_synthesis.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* What building the document needs; err is set once anything failed. */
struct cb {
	const struct report_call_opts *o;
	struct arena *a;
	struct report *r;
	int err;
};

static struct report_block *block(struct cb *b, enum block_kind k)
{
	struct report_block *bl = report_add(b->r, b->a, k);

	if (!bl)
		b->err = ERR_NOMEM;
	return bl;
}

static void text_block(struct cb *b, enum block_kind k, int level, const char *text)
{
	struct report_block *bl = block(b, k);

	if (bl) {
		bl->level = level;
		bl->text = text;
	}
}

/* label names a key for people: "SDG 3" with a prefix, else the caller's label. */
static const char *label(struct cb *b, const char *key, const char *prefix)
{
	const char *s;

	if (!*key)
		return RT(b->o->ro, "(unknown)");
	if (prefix)
		s = *prefix ? arena_sprintf(b->a, "%s %s", prefix, key) : key;
	else
		s = b->o->label ? b->o->label(b->o->ud, key) : key;
	if (!s)
		b->err = ERR_NOMEM;
	return s ? s : "";
}

/*
 * counts adds a table (id, title; columns key_col and "Responses") of the n counts v, in
 * their order, with a bar chart of them when chart is set and there are any. None: a
 * sentence that says so.
 */
static void counts(struct cb *b, const char *id, const char *title, const char *key_col,
		   const struct synth_count *v, size_t n, const char *prefix, int chart)
{
	struct report_table *t = arena_alloc(b->a, sizeof *t);
	const char **cells = arena_alloc(b->a, (n ? n : 1) * 2 * sizeof *cells);
	const char **hdr = arena_alloc(b->a, 2 * sizeof *hdr);
	double *nums = arena_alloc(b->a, (n ? n : 1) * 2 * sizeof *nums);
	struct report_block *bl;

	text_block(b, BLOCK_HEADING, 3, title);
	if (!t || !cells || !hdr || !nums) {
		b->err = ERR_NOMEM;
		return;
	}
	if (!n) {
		text_block(b, BLOCK_PARAGRAPH, 0, RT(b->o->ro, "None."));
		return;
	}
	hdr[0] = key_col;
	hdr[1] = RT(b->o->ro, "Responses");
	for (size_t i = 0; i < n; i++) {
		cells[2 * i] = label(b, v[i].key, prefix);
		cells[2 * i + 1] = report__int(b->a, v[i].n);
		nums[2 * i] = NAN;
		nums[2 * i + 1] = (double)v[i].n;
		if (!cells[2 * i + 1])
			b->err = ERR_NOMEM;
	}
	*t = (struct report_table){.id = id,
				   .title = title,
				   .n_cols = 2,
				   .n_rows = n,
				   .headers = hdr,
				   .cells = cells,
				   .numbers = nums};
	if (!chart) {
		if ((bl = block(b, BLOCK_TABLE)))
			bl->table = t;
		return;
	}
	{
		struct chart *c = arena_alloc(b->a, sizeof *c);
		struct chart_series *s = arena_alloc(b->a, sizeof *s);
		const char **cats = arena_alloc(b->a, n * sizeof *cats);
		double *vals = arena_alloc(b->a, n * sizeof *vals);

		if (!c || !s || !cats || !vals) {
			b->err = ERR_NOMEM;
			return;
		}
		for (size_t i = 0; i < n; i++) {
			cats[i] = cells[2 * i];
			vals[i] = (double)v[i].n;
		}
		s->label = hdr[1];
		s->values = vals;
		*c = (struct chart){.kind = CHART_BAR,
				    .title = title,
				    .desc = arena_sprintf(b->a, "%s: %s", title, hdr[1]),
				    .x_label = hdr[1],
				    .n_categories = n,
				    .categories = cats,
				    .n_series = 1,
				    .series = s};
		if ((bl = block(b, BLOCK_CHART))) {
			bl->chart = c;
			bl->table = t;
		}
	}
}

int report_build_call(const struct call *c, const struct call_synthesis *syn,
		      const struct report_call_opts *o, struct arena *a, struct report *out,
		      struct errinfo *e)
{
	const struct report_opts *ro = o->ro;
	struct cb b = {.o = o, .a = a, .r = out};
	struct report_figure *fig = arena_alloc(a, 2 * sizeof *fig);
	struct report_block *bl;
	char closes[UTC_ISO_LEN], now[UTC_ISO_LEN];

	memset(out, 0, sizeof *out);
	out->kind = "call";
	out->lang = lang_code(ro->lang);
	out->catalog = ro->catalog;
	out->title = arena_sprintf(a, RT(ro, "Synthesis: %s"), c->title);
	out->subtitle = c->description && *c->description ? c->description : NULL;
	utc_format(c->closes_at, closes);
	out->filters = arena_sprintf(a,
				     RT(ro, "Submitted responses that no moderator hid; the "
					    "call closed at %s UTC"),
				     closes);
	out->query = "";
	out->search_query = "";
	if (ro->made_at) {
		out->made_at = ro->made_at;
	} else {
		utc_format(utc_now(), now);
		out->made_at = arena_strdup(a, now);
	}
	out->empty = syn->responses == 0;
	if (!fig || !out->title || !out->filters || !out->made_at)
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory while building a report");

	fig[0] = (struct report_figure){.label = RT(ro, "Responses"),
					.value = (double)syn->responses,
					.display = report__int(a, syn->responses)};
	fig[1] = (struct report_figure){.label = RT(ro, "Free-text answers"),
					.value = (double)syn->texts,
					.display = report__int(a, syn->texts)};
	text_block(&b, BLOCK_HEADING, 1, RT(ro, "Key figures"));
	if ((bl = block(&b, BLOCK_FIGURES))) {
		bl->figures = fig;
		bl->n_figures = 2;
	}
	if (out->empty) {
		text_block(&b, BLOCK_PARAGRAPH, 0,
			   RT(ro, "No response counts for this call yet: there is nothing to "
				  "synthesise."));
		return b.err ? errinfo_set(e, b.err, NULL, "out of memory while building a report")
			     : 0;
	}

	text_block(&b, BLOCK_HEADING, 1, RT(ro, "Who answered"));
	counts(&b, "by-type", RT(ro, "By stakeholder type"), RT(ro, "Stakeholder type"),
	       syn->by_type, syn->ntype, NULL, 1);
	counts(&b, "by-region", RT(ro, "By ITU-D region"), RT(ro, "Region"), syn->by_region,
	       syn->nregion, NULL, 0);
	counts(&b, "by-country", RT(ro, "By country"), RT(ro, "Country"), syn->by_country,
	       syn->ncountry, NULL, 0);
	if (syn->nquestions) {
		text_block(&b, BLOCK_HEADING, 1, RT(ro, "Choices"));
		for (size_t i = 0; i < syn->nquestions; i++)
			counts(&b, arena_sprintf(a, "question-%zu", i + 1),
			       syn->questions[i].q->prompt, RT(ro, "Answer"), syn->questions[i].v,
			       syn->questions[i].n, NULL, 0);
	}
	text_block(&b, BLOCK_HEADING, 1, RT(ro, "What the free-text answers are about"));
	if (!syn->mapped) {
		text_block(&b, BLOCK_PARAGRAPH, 0,
			   RT(ro, "The mapping model is not loaded on this server: the answers are "
				  "not placed on the frameworks."));
	} else {
		counts(&b, "sdgs", RT(ro, "SDGs"), RT(ro, "Goal"), syn->sdgs, syn->nsdg,
		       RT(ro, "SDG"), 1);
		counts(&b, "action-lines", RT(ro, "WSIS Action Lines"), RT(ro, "Action Line"),
		       syn->action_lines, syn->nal, "", 0);
		counts(&b, "gdc", RT(ro, "GDC objectives"), RT(ro, "Objective"), syn->gdc,
		       syn->ngdc, RT(ro, "Objective"), 0);
	}
	counts(&b, "themes", RT(ro, "Most common themes"), RT(ro, "Word"), syn->themes,
	       syn->nthemes, "", 0);
	text_block(&b, BLOCK_HEADING, 1, RT(ro, "Method"));
	text_block(&b, BLOCK_PARAGRAPH, 0,
		   RT(ro, "Only submitted responses that no moderator hid are counted. Each "
			  "respondent is counted under the stakeholder type and country of the "
			  "organisation it answered for. The free-text answers are placed on the "
			  "frameworks by the platform's mapping engine (see docs/mapping.md); a "
			  "theme is a word that many answers use, common words left out."));
	if (b.err)
		return errinfo_set(e, b.err, NULL, "out of memory while building a report");
	return 0;
}
