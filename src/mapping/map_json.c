/*
 * map_json.c - a mapping result as JSON, the one rendering the CLI and the web API share.
 *
 *	{"sdgs": [3, 5], "targets": ["3.8"], "action_lines": ["C7.e-health"], "gdc": [1],
 *	 "language": "en",
 *	 "scores": {"sdg": {"1": 0.02, ... "17": 0.1}, "targets": {"3.8": 0.31},
 *		    "action_lines": {"C7.e-health": 0.72}, "gdc": {"1": 0.55}},
 *	 "evidence": {"sdg": {"3": [{"text": "telemedicine", "start": 10, "end": 22,
 *				     "weight": 0.41}, ...]}, "targets": {...}, ...}}
 *
 * Scores are rounded to 4 decimals; evidence spans are byte offsets into the text.
 */
#include "mapping/mapping.h"

#include "core/text.h"

#include <math.h>
#include <stdlib.h>

static json_t *real4(double x)
{
	return json_real(round(x * 10000.0) / 10000.0);
}

static int set_new(json_t *obj, const char *key, json_t *v)
{
	return v ? json_object_set_new(obj, key, v) : -1;
}

static json_t *evidence_list(const struct map_label *l, const char *text, size_t len)
{
	json_t *a = json_array();

	for (int i = 0; a && i < l->nevidence; i++) {
		const struct map_evidence *ev = &l->evidence[i];
		json_t *o = json_object();
		size_t n = ev->end - ev->start;

		if (!o || ev->end > len || ev->start > ev->end) {
			json_decref(o);
			continue;
		}
		/* the span of a valid text is valid UTF-8; otherwise leave the text out */
		if (text_utf8_valid(text + ev->start, n))
			set_new(o, "text", json_stringn(text + ev->start, n));
		set_new(o, "start", json_integer(ev->start));
		set_new(o, "end", json_integer(ev->end));
		set_new(o, "weight", real4(ev->weight));
		json_array_append_new(a, o);
	}
	return a;
}

static void add_scheme(json_t *labels, json_t *scores, json_t *evidence, const char *key,
		       const struct map_label *l, int n, int numeric, const char *text, size_t len)
{
	json_t *codes = json_array(), *sc = json_object(), *ev = evidence ? json_object() : NULL;

	for (int i = 0; i < n; i++) {
		json_array_append_new(codes, numeric ? json_integer(strtol(l[i].code, NULL, 10))
						     : json_string(l[i].code));
		if (scores)
			set_new(sc, l[i].code, real4(l[i].score));
		if (ev)
			set_new(ev, l[i].code, evidence_list(&l[i], text, len));
	}
	set_new(labels, key, codes);
	if (scores)
		set_new(scores, key, sc);
	else
		json_decref(sc);
	if (ev)
		set_new(evidence, key, ev);
}

json_t *map_result_json(const struct map_result *r, const char *text, size_t len, int explain)
{
	json_t *o = json_object(), *scores = json_object(), *sdg = json_object();
	json_t *evidence = explain ? json_object() : NULL;
	char key[4];

	if (!o || !scores || !sdg || (explain && !evidence))
		goto fail;
	for (int s = 0; s < MAP_NSDG; s++) {
		snprintf(key, sizeof key, "%d", s + 1);
		set_new(sdg, key, real4(r->sdg_score[s]));
	}
	set_new(scores, "sdg", sdg);
	sdg = NULL;
	add_scheme(o, NULL, evidence, "sdgs", r->sdgs, r->nsdgs, 1, text, len);
	add_scheme(o, scores, evidence, "targets", r->targets, r->ntargets, 0, text, len);
	add_scheme(o, scores, evidence, "action_lines", r->action_lines, r->nal, 0, text, len);
	add_scheme(o, scores, evidence, "gdc", r->gdc, r->ngdc, 1, text, len);
	set_new(o, "language", json_string(r->lang));
	set_new(o, "scores", scores);
	if (evidence) {
		/* the SDG evidence goes under "sdg", like the SDG scores */
		json_t *s = json_object_get(evidence, "sdgs");
		if (s) {
			json_object_set(evidence, "sdg", s);
			json_object_del(evidence, "sdgs");
		}
		set_new(o, "evidence", evidence);
	}
	return o;
fail:
	json_decref(o);
	json_decref(scores);
	json_decref(sdg);
	json_decref(evidence);
	return NULL;
}
