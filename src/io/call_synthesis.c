/*
 * call_synthesis.c - the synthesis of a call for inputs and its downloads (see
 * call_synthesis.h).
 */
#include "io/call_synthesis.h"

#include "core/utc.h"
#include "mapping/map_text.h"
#include "mapping/mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define THEME_SLOTS 4096 /* distinct words counted (the most frequent first seen win) */

/* ---- counting ---- */

struct counter {
	struct arena *a;
	struct synth_count *v;
	size_t n, cap;
	int failed;
};

static void count_add(struct counter *c, const char *key, int64_t n)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0) {
			c->v[i].n += n;
			return;
		}
	if (arena_grow(c->a, (void **)&c->v, c->n, &c->cap, sizeof *c->v, 8, 100000)) {
		c->failed = 1;
		return;
	}
	if (!(c->v[c->n].key = arena_strdup(c->a, key))) {
		c->failed = 1;
		return;
	}
	c->v[c->n++].n = n;
}

/* sort_counts sorts v by count, largest first (qsort may not be given NULL, even for 0). */
static int by_count(const void *pa, const void *pb);

static void sort_counts(struct synth_count *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, by_count);
}

static int by_count(const void *pa, const void *pb)
{
	const struct synth_count *x = pa, *y = pb;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int tally_cb(void *ud, const char *code, int64_t n)
{
	count_add(ud, code ? code : "", n);
	return ((struct counter *)ud)->failed ? ERR_NOMEM : 0;
}

struct choice_ctx {
	struct call_synthesis *syn;
	struct counter *per; /* one per question of syn->questions */
};

static int choice_cb(void *ud, int64_t qid, const char *value, int64_t n)
{
	struct choice_ctx *c = ud;

	for (size_t i = 0; i < c->syn->nquestions; i++)
		if (c->syn->questions[i].q->id == qid) {
			count_add(&c->per[i], value, n);
			return c->per[i].failed ? ERR_NOMEM : 0;
		}
	return 0;
}

/* A word seen in the free-text answers, by the hash of its normalised form. */
struct theme {
	uint64_t h;
	int64_t n;
	char word[MAP_TOK_MAX_BYTES + 1];
};

struct text_ctx {
	const struct map_model *m;
	const struct call_question *q;
	size_t nq;
	struct map_result res;
	struct map_tokens toks;
	struct counter sdg, al, gdc;
	struct theme *themes; /* THEME_SLOTS, open addressing */
	int64_t texts;
	int failed;
};

static int is_text(const struct text_ctx *t, int64_t qid)
{
	for (size_t i = 0; i < t->nq; i++)
		if (t->q[i].id == qid)
			return t->q[i].kind == QK_TEXT;
	return 0;
}

static void theme_words(struct text_ctx *t, const char *text)
{
	if (map_tokenise(text, strlen(text), &t->toks)) {
		t->failed = 1;
		return;
	}
	for (size_t i = 0; i < t->toks.n; i++) {
		const struct map_token *k = &t->toks.v[i];
		const char *w = t->toks.chars + k->norm;
		size_t slot;
		int stop = 0;

		if (k->kind != MAP_TOK_WORD || k->nlen < 4 || k->nlen > MAP_TOK_MAX_BYTES)
			continue;
		for (int l = 0; l < MAP_LANG_STOPWORDS && !stop; l++)
			stop = map_is_stopword((enum map_lang)l, w, k->nlen);
		if (stop)
			continue;
		slot = (size_t)(k->nhash % THEME_SLOTS);
		for (size_t probe = 0; probe < THEME_SLOTS;
		     probe++, slot = (slot + 1) % THEME_SLOTS) {
			struct theme *th = &t->themes[slot];

			if (th->n && th->h == k->nhash) {
				th->n++;
				break;
			}
			if (!th->n) {
				th->h = k->nhash;
				th->n = 1;
				memcpy(th->word, w, k->nlen);
				th->word[k->nlen] = '\0';
				break;
			}
		}
	}
}

static int text_cb(void *ud, const struct call_response *r)
{
	struct text_ctx *t = ud;

	for (size_t i = 0; i < r->nanswers; i++) {
		const char *text;

		if (!is_text(t, r->answers[i].question_id) || !r->answers[i].nvalues)
			continue;
		text = r->answers[i].values[0];
		t->texts++;
		theme_words(t, text);
		if (t->m && map_text(t->m, text, NULL, &t->res) == 0) {
			for (int k = 0; k < t->res.nsdgs; k++)
				count_add(&t->sdg, t->res.sdgs[k].code, 1);
			for (int k = 0; k < t->res.nal; k++)
				count_add(&t->al, t->res.action_lines[k].code, 1);
			for (int k = 0; k < t->res.ngdc; k++)
				count_add(&t->gdc, t->res.gdc[k].code, 1);
		}
		if (t->failed || t->sdg.failed || t->al.failed || t->gdc.failed)
			return ERR_NOMEM;
	}
	return 0;
}

static int theme_cmp(const void *pa, const void *pb)
{
	const struct theme *x = pa, *y = pb;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->word, y->word);
}

int call_synthesis_build(struct store *s, const struct map_model *m, int64_t call_id,
			 const struct call_question *q, size_t nq, struct arena *a,
			 struct call_synthesis *out)
{
	struct counter type = {a, NULL, 0, 0, 0}, region = type, country = type;
	struct store_response_filter f = {0, 1, 1, 0, 0};
	struct choice_ctx cc;
	struct text_ctx t;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_call_tally(s, call_id, "stakeholder_type", tally_cb, &type)) ||
	    (rc = store_call_tally(s, call_id, "itu_region", tally_cb, &region)) ||
	    (rc = store_call_tally(s, call_id, "country", tally_cb, &country)))
		return rc;
	for (size_t i = 0; i < type.n; i++)
		out->responses += type.v[i].n;
	out->by_type = type.v, out->ntype = type.n;
	out->by_region = region.v, out->nregion = region.n;
	out->by_country = country.v, out->ncountry = country.n;
	/* the choice and picker questions and their counts */
	if (!(out->questions = arena_alloc(a, (nq + 1) * sizeof *out->questions)) ||
	    !(cc.per = arena_alloc(a, (nq + 1) * sizeof *cc.per)))
		return ERR_NOMEM;
	for (size_t i = 0; i < nq; i++) {
		if (q[i].kind == QK_TEXT)
			continue;
		cc.per[out->nquestions] = (struct counter){a, NULL, 0, 0, 0};
		out->questions[out->nquestions++].q = &q[i];
	}
	cc.syn = out;
	if ((rc = store_call_choices(s, call_id, choice_cb, &cc)))
		return rc;
	for (size_t i = 0; i < out->nquestions; i++) {
		out->questions[i].v = cc.per[i].v;
		out->questions[i].n = cc.per[i].n;
		sort_counts(out->questions[i].v, out->questions[i].n);
	}
	/* free text: mapping and themes */
	memset(&t, 0, sizeof t);
	t.m = m;
	t.q = q;
	t.nq = nq;
	t.sdg = t.al = t.gdc = (struct counter){a, NULL, 0, 0, 0};
	if (!(t.themes = calloc(THEME_SLOTS, sizeof *t.themes)))
		return ERR_NOMEM;
	map_result_init(&t.res);
	t.res.flags = MAP_NO_EVIDENCE;
	rc = store_call_response_each(s, call_id, &f, text_cb, &t);
	map_result_cleanup(&t.res);
	free(t.toks.v);
	free(t.toks.chars);
	if (!rc) {
		size_t k = 0;

		qsort(t.themes, THEME_SLOTS, sizeof *t.themes, theme_cmp);
		if (!(out->themes = arena_alloc(a, SYNTH_THEMES * sizeof *out->themes)))
			rc = ERR_NOMEM;
		for (; !rc && k < SYNTH_THEMES && t.themes[k].n > 1; k++) {
			out->themes[k].key = arena_strdup(a, t.themes[k].word);
			out->themes[k].n = t.themes[k].n;
			if (!out->themes[k].key)
				rc = ERR_NOMEM;
		}
		out->nthemes = k;
	}
	free(t.themes);
	if (rc)
		return rc;
	out->mapped = m != NULL;
	out->texts = t.texts;
	sort_counts(t.sdg.v, t.sdg.n);
	sort_counts(t.al.v, t.al.n);
	sort_counts(t.gdc.v, t.gdc.n);
	out->sdgs = t.sdg.v, out->nsdg = t.sdg.n;
	out->action_lines = t.al.v, out->nal = t.al.n;
	out->gdc = t.gdc.v, out->ngdc = t.gdc.n;
	return 0;
}

/* ---- CSV ---- */

void call_csv_field(struct buf *b, const char *v, int first)
{
	if (!first)
		buf_putc(b, ',');
	if (!v)
		return;
	int formula = v[0] && strchr("=+-@", v[0]);

	if (strpbrk(v, ",\"\r\n") || formula) {
		buf_putc(b, '"');
		if (formula)
			buf_putc(b, '\''); /* not a formula when a spreadsheet opens it */
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				buf_putc(b, '"');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	} else {
		buf_puts(b, v);
	}
}

static void csv_counts(struct buf *b, const char *section, const char *question,
		       const struct synth_count *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char num[24];

		snprintf(num, sizeof num, "%lld", (long long)v[i].n);
		call_csv_field(b, section, 1);
		call_csv_field(b, question, 0);
		call_csv_field(b, v[i].key, 0);
		call_csv_field(b, num, 0);
		buf_puts(b, "\r\n");
	}
}

int call_synthesis_csv(const struct call_synthesis *syn, struct buf *out)
{
	struct synth_count total = {"", syn->responses};

	buf_puts(out, "section,question,key,count\r\n");
	csv_counts(out, "responses", "", &total, 1);
	csv_counts(out, "stakeholder_type", "", syn->by_type, syn->ntype);
	csv_counts(out, "itu_region", "", syn->by_region, syn->nregion);
	csv_counts(out, "country", "", syn->by_country, syn->ncountry);
	for (size_t i = 0; i < syn->nquestions; i++)
		csv_counts(out, "choice", syn->questions[i].q->prompt, syn->questions[i].v,
			   syn->questions[i].n);
	csv_counts(out, "sdg", "", syn->sdgs, syn->nsdg);
	csv_counts(out, "action_line", "", syn->action_lines, syn->nal);
	csv_counts(out, "gdc", "", syn->gdc, syn->ngdc);
	csv_counts(out, "theme", "", syn->themes, syn->nthemes);
	return out->len >= out->max && out->max ? ERR_TOO_LARGE : 0;
}

/* ---- JSON ---- */

static json_t *counts_json(const struct synth_count *v, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:I}", "key", v[i].key, "count", (json_int_t)v[i].n));
	return arr;
}

json_t *call_synthesis_json(const struct call_synthesis *syn)
{
	json_t *qs = json_array();

	for (size_t i = 0; qs && i < syn->nquestions; i++)
		json_array_append_new(
		    qs, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)syn->questions[i].q->id,
				  "prompt", syn->questions[i].q->prompt, "kind",
				  call_qkind_name(syn->questions[i].q->kind), "counts",
				  counts_json(syn->questions[i].v, syn->questions[i].n)));
	return json_pack(
	    "{s:I, s:o, s:o, s:o, s:o, s:b, s:I, s:o, s:o, s:o, s:o}", "responses",
	    (json_int_t)syn->responses, "by_stakeholder_type",
	    counts_json(syn->by_type, syn->ntype), "by_itu_region",
	    counts_json(syn->by_region, syn->nregion), "by_country",
	    counts_json(syn->by_country, syn->ncountry), "questions", qs, "mapped", syn->mapped,
	    "texts", (json_int_t)syn->texts, "sdgs", counts_json(syn->sdgs, syn->nsdg),
	    "action_lines", counts_json(syn->action_lines, syn->nal), "gdc",
	    counts_json(syn->gdc, syn->ngdc), "themes", counts_json(syn->themes, syn->nthemes));
}

/* ---- XLSX ---- */

static int sheet_counts(lxw_workbook *wb, const char *name, const char *const *head,
			const char *question, const struct synth_count *v, size_t n, int *row)
{
	lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, name);

	if (!ws) {
		if (!(ws = workbook_add_worksheet(wb, name)))
			return ERR_NOMEM;
		worksheet_write_string(ws, 0, 0, head[0], NULL);
		worksheet_write_string(ws, 0, 1, head[1], NULL);
		worksheet_write_string(ws, 0, 2, head[2], NULL);
		*row = 1;
	}
	for (size_t i = 0; i < n; i++, (*row)++) {
		worksheet_write_string(ws, (lxw_row_t)*row, 0, question ? question : "", NULL);
		worksheet_write_string(ws, (lxw_row_t)*row, 1, v[i].key, NULL);
		worksheet_write_number(ws, (lxw_row_t)*row, 2, (double)v[i].n, NULL);
	}
	return 0;
}

int call_synthesis_xlsx(const struct call_synthesis *syn, const char *title, const char *path)
{
	static const char *const head[3] = {"question", "key", "count"};
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	struct synth_count total = {"responses", syn->responses};
	int row = 0, r2 = 0, r3 = 0, r4 = 0, rc = 0;

	if (!wb)
		return ERR_IO;
	char title_copy[512];
	lxw_doc_properties props = {.title = title_copy};

	snprintf(title_copy, sizeof title_copy, "%s", title ? title : "");
	workbook_set_properties(wb, &props);
	rc = sheet_counts(wb, "Respondents", head, "total", &total, 1, &row);
	if (!rc)
		rc = sheet_counts(wb, "Respondents", head, "stakeholder type", syn->by_type,
				  syn->ntype, &row);
	if (!rc)
		rc = sheet_counts(wb, "Respondents", head, "ITU-D region", syn->by_region,
				  syn->nregion, &row);
	if (!rc)
		rc = sheet_counts(wb, "Respondents", head, "country", syn->by_country,
				  syn->ncountry, &row);
	for (size_t i = 0; !rc && i < syn->nquestions; i++)
		rc = sheet_counts(wb, "Choices", head, syn->questions[i].q->prompt,
				  syn->questions[i].v, syn->questions[i].n, &r2);
	if (!rc)
		rc = sheet_counts(wb, "Mapping", head, "SDG", syn->sdgs, syn->nsdg, &r3);
	if (!rc)
		rc = sheet_counts(wb, "Mapping", head, "WSIS Action Line", syn->action_lines,
				  syn->nal, &r3);
	if (!rc)
		rc = sheet_counts(wb, "Mapping", head, "GDC objective", syn->gdc, syn->ngdc, &r3);
	if (!rc)
		rc = sheet_counts(wb, "Themes", head, "word", syn->themes, syn->nthemes, &r4);
	if (workbook_close(wb) != LXW_NO_ERROR && !rc)
		rc = ERR_IO;
	return rc;
}

/* ---- the responses as CSV ---- */

void call_response_csv_header(struct buf *b, const struct call_question *q, size_t nq)
{
	static const char *const cols[] = {"response_id", "organisation", "stakeholder_type",
					   "country",     "anonymous",    "state",
					   "submitted_at"};

	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		call_csv_field(b, cols[i], i == 0);
	for (size_t i = 0; i < nq; i++)
		call_csv_field(b, q[i].prompt, 0);
	buf_puts(b, "\r\n");
}

void call_response_csv_row(struct buf *b, const struct call_response *r,
			   const struct call_question *q, size_t nq)
{
	char id[24], at[UTC_ISO_LEN] = "";
	struct buf joined;

	snprintf(id, sizeof id, "%lld", (long long)r->id);
	if (r->submitted_at)
		utc_format(r->submitted_at, at);
	call_csv_field(b, id, 1);
	call_csv_field(b, r->anonymous ? "" : r->organisation, 0);
	call_csv_field(b, r->stakeholder_type, 0);
	call_csv_field(b, r->country, 0);
	call_csv_field(b, r->anonymous ? "yes" : "no", 0);
	call_csv_field(b, r->state == RESP_SUBMITTED ? "submitted" : "draft", 0);
	call_csv_field(b, at, 0);
	buf_init(&joined, 1 << 20);
	for (size_t i = 0; i < nq; i++) {
		buf_reset(&joined);
		for (size_t k = 0; k < r->nanswers; k++) {
			if (r->answers[k].question_id != q[i].id)
				continue;
			for (size_t j = 0; j < r->answers[k].nvalues; j++) {
				if (j)
					buf_puts(&joined, "; ");
				buf_puts(&joined, r->answers[k].values[j]);
			}
		}
		call_csv_field(b, joined.len ? buf_cstr(&joined) : "", 0);
	}
	buf_cleanup(&joined);
	buf_puts(b, "\r\n");
}
