/*
 * map.c - mapping one text with a loaded model (see mapping.h and docs/mapping.md).
 *
 * The text becomes a TF-IDF vector over the model's features (sublinear term frequency,
 * L2-normalised). SDGs: one logistic regression per SDG gives a probability, which is
 * rescaled piecewise-linearly so that the SDG's own threshold (chosen by validation when
 * the model was trained) lands on 0.5: every score is then read the same way. Targets:
 * within the SDGs found, cosine similarity to each target's vector (its official text and
 * its indicators' texts, six languages). Action Lines and GDC objectives: the project's
 * lexicons, whose matches saturate towards 1, with Action Lines further weighed by how
 * strongly the SDGs they are linked to (WSIS-SDG Matrix) are present.
 */
#include "mapping/map_model.h"
#include "mapping/map_text.h"
#include "mapping/mapping.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct map_fv {
	uint32_t feat;
	float val;
	uint32_t count;
	uint32_t first, last; /* token span of the first occurrence */
};

struct map_scratch {
	struct map_textproc tp;
	struct map_fv *vec;
	size_t nvec, cap;
	float *dense; /* the text's vector by feature (zero outside the text's features) */
	size_t ndense;
};

void map_result_init(struct map_result *r)
{
	memset(r, 0, sizeof *r);
}

void map_result_cleanup(struct map_result *r)
{
	if (!r)
		return;
	if (r->scratch) {
		map_textproc_cleanup(&r->scratch->tp);
		free(r->scratch->vec);
		free(r->scratch->dense);
		free(r->scratch);
	}
	memset(r, 0, sizeof *r);
}

static void clear_labels(struct map_result *r)
{
	struct map_scratch *sc = r->scratch;
	unsigned flags = r->flags;
	uint32_t goals = r->target_goals;

	memset(r, 0, sizeof *r);
	r->scratch = sc;
	r->flags = flags;
	r->target_goals = goals;
	memcpy(r->lang, "en", 3);
}

/* ev_add keeps the MAP_MAX_EVIDENCE heaviest spans of a label, heaviest first. */
static void ev_add(struct map_label *l, const struct map_scratch *sc, const struct map_fv *f,
		   float weight)
{
	const struct map_token *tk = sc->tp.toks.v;
	struct map_evidence ev;
	int i;

	if (weight <= 0)
		return;
	ev.start = tk[f->first].start;
	ev.end = tk[f->last].end;
	ev.weight = weight;
	if (l->nevidence == MAP_MAX_EVIDENCE && l->evidence[MAP_MAX_EVIDENCE - 1].weight >= weight)
		return;
	i = l->nevidence < MAP_MAX_EVIDENCE ? l->nevidence++ : MAP_MAX_EVIDENCE - 1;
	while (i > 0 && l->evidence[i - 1].weight < weight) {
		l->evidence[i] = l->evidence[i - 1];
		i--;
	}
	l->evidence[i] = ev;
}

/* calibrate maps probability p so that threshold t becomes 0.5, monotonically. */
static float calibrate(double p, double t)
{
	if (t <= 0 || t >= 1)
		return (float)p;
	if (p < t)
		return (float)(0.5 * p / t);
	return (float)(0.5 + 0.5 * (p - t) / (1 - t));
}

/*
 * sort_fv sorts v[0..n) by feature, stably (as glibc's qsort, a merge sort, did: the
 * order of equal features decides sums and evidence), with tmp room for n more. Runs of
 * 16 by insertion, then merges: a tenth of qsort's instructions on a text's ~100 features.
 */
#define SORT_RUN 16
static void sort_fv(struct map_fv *v, struct map_fv *tmp, size_t n)
{
	struct map_fv *src = v, *dst = tmp;

	for (size_t lo = 0; lo < n; lo += SORT_RUN) {
		size_t hi = lo + SORT_RUN < n ? lo + SORT_RUN : n;
		for (size_t i = lo + 1; i < hi; i++) {
			struct map_fv x = v[i];
			size_t j = i;
			while (j > lo && v[j - 1].feat > x.feat) {
				v[j] = v[j - 1];
				j--;
			}
			v[j] = x;
		}
	}
	for (size_t w = SORT_RUN; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = src[j].feat < src[i].feat ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		struct map_fv *x = src;
		src = dst;
		dst = x;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
}

static int build_vector(const struct map_model *m, struct map_scratch *sc)
{
	const struct map_keys *k = &sc->tp.keys;
	double norm = 0;

	sc->nvec = 0;
	if (k->n > sc->cap) { /* twice: the second half is sort_fv's room */
		struct map_fv *v = realloc(sc->vec, 2 * k->n * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		sc->vec = v;
		sc->cap = k->n;
	}
	for (size_t i = 0; i < k->n; i++) {
		const struct map_key *key = &k->v[k->order[i]];
		int64_t f = map_model_feature(m, key->key);
		struct map_fv *fv;

		if (f < 0)
			continue;
		fv = &sc->vec[sc->nvec++];
		fv->feat = (uint32_t)f;
		fv->count = key->count;
		fv->first = key->first;
		fv->last = key->last;
		fv->val = (float)((1.0 + log((double)key->count)) * m->idf[f]);
		norm += (double)fv->val * fv->val;
	}
	if (norm > 0) {
		float inv = (float)(1.0 / sqrt(norm));
		for (size_t i = 0; i < sc->nvec; i++)
			sc->vec[i].val *= inv;
	}
	/* feature order: for merging with target vectors and a deterministic evidence order */
	if (sc->nvec > 1)
		sort_fv(sc->vec, sc->vec + sc->cap, sc->nvec);
	return 0;
}

/*
 * named_goals: a text that names an SDG by its number ("contributes to SDG 10") addresses
 * it: its score is at least MAP_NAMED_GOAL_SCORE whatever the model says. In the labelled
 * sources 9 in 10 such mentions name the text's own SDG (docs/mapping.md).
 */
#define MAP_NAMED_GOAL_SCORE 0.6f
static void named_goals(const struct map_scratch *sc, struct map_result *r)
{
	for (int s = 0; sc->tp.named && s < MAP_NSDG; s++)
		if (((sc->tp.named >> s) & 1) && r->sdg_score[s] < MAP_NAMED_GOAL_SCORE)
			r->sdg_score[s] = MAP_NAMED_GOAL_SCORE;
}

static void score_sdgs(const struct map_model *m, struct map_result *r)
{
	const struct map_scratch *sc = r->scratch;
	const struct map_meta *mt = m->meta;
	double z[MAP_NSDG];

	for (int s = 0; s < MAP_NSDG; s++)
		z[s] = 0;
	for (size_t i = 0; i < sc->nvec; i++) {
		const int16_t *w = m->w + (size_t)sc->vec[i].feat * MAP_NSDG;
		for (int s = 0; s < MAP_NSDG; s++)
			z[s] += (double)sc->vec[i].val * w[s];
	}
	for (int s = 0; s < MAP_NSDG; s++) {
		double p = 1.0 / (1.0 + exp(-(z[s] * mt->wscale[s] + mt->bias[s])));
		r->sdg_score[s] = calibrate(p, mt->threshold[s]);
	}
	named_goals(sc, r);
	for (int s = 0; s < MAP_NSDG; s++) {
		struct map_label *l;

		if (r->sdg_score[s] < 0.5f)
			continue;
		l = &r->sdgs[r->nsdgs++];
		snprintf(l->code, sizeof l->code, "%d", s + 1);
		l->score = r->sdg_score[s];
		for (size_t i = 0; !(r->flags & MAP_NO_EVIDENCE) && i < sc->nvec; i++) {
			const struct map_fv *f = &sc->vec[i];
			ev_add(l, sc, f,
			       f->val * m->w[(size_t)f->feat * MAP_NSDG + s] * mt->wscale[s]);
		}
	}
}

struct target_hit {
	uint32_t t;
	float sim;
};

/* target_evidence adds the features the text shares with target t to l's evidence. */
static void target_evidence(const struct map_model *m, const struct map_scratch *sc,
			    const struct map_target_rec *t, int lang, struct map_label *l)
{
	const struct map_tvec_rec *v = m->tvec + t->off[lang];
	size_t i = 0, j = 0;

	while (i < sc->nvec && j < t->n[lang]) {
		if (sc->vec[i].feat < v[j].feat) {
			i++;
		} else if (sc->vec[i].feat > v[j].feat) {
			j++;
		} else {
			ev_add(l, sc, &sc->vec[i], sc->vec[i].val * v[j].w);
			i++;
			j++;
		}
	}
}

/*
 * Per SDG found: its best target when similar enough, and up to two more that come close
 * to the best; all of them ordered by framework order in the result.
 */
/* dense_sim is the target's similarity to the text through the dense copy of its vector. */
static float dense_sim(const struct map_model *m, const float *dense,
		       const struct map_target_rec *t, int lang)
{
	const struct map_tvec_rec *v = m->tvec + t->off[lang];
	double dot = 0;

	for (uint32_t j = 0; j < t->n[lang]; j++)
		dot += (double)dense[v[j].feat] * v[j].w;
	return (float)dot;
}

static int score_targets(const struct map_model *m, struct map_result *r, int lang)
{
	struct map_scratch *sc = r->scratch;
	const struct map_meta *mt = m->meta;
	struct target_hit hits[MAP_MAX_TARGETS] = {{0, 0}};
	uint32_t goals = 0;
	int nhits = 0;

	/* the goals to search, in SDG order: the caller's, or the SDGs found */
	if (r->flags & MAP_OWN_GOALS)
		goals = r->target_goals & ((1u << MAP_NSDG) - 1);
	else
		for (int k = 0; k < r->nsdgs; k++)
			goals |= 1u << (strtoul(r->sdgs[k].code, NULL, 10) - 1);
	if (!goals)
		return 0;
	if (sc->ndense < mt->nfeat) {
		float *d = calloc(mt->nfeat, sizeof *d);
		if (!d)
			return ERR_NOMEM;
		free(sc->dense);
		sc->dense = d;
		sc->ndense = mt->nfeat;
	}
	for (size_t i = 0; i < sc->nvec; i++)
		sc->dense[sc->vec[i].feat] = sc->vec[i].val;

	for (uint32_t goal = 1; goal <= MAP_NSDG; goal++) {
		struct target_hit best[3] = {{0, 0}, {0, 0}, {0, 0}};

		if (!(goals >> (goal - 1) & 1))
			continue;
		for (uint32_t t = 0; t < mt->ntargets; t++) {
			float sim;

			if (m->targets[t].goal != goal)
				continue;
			sim = dense_sim(m, sc->dense, &m->targets[t], lang);
			for (int b = 0; b < 3; b++) {
				if (sim > best[b].sim) {
					memmove(&best[b + 1], &best[b],
						(size_t)(2 - b) * sizeof *best);
					best[b].t = t;
					best[b].sim = sim;
					break;
				}
			}
		}
		for (int b = 0; b < 3 && nhits < MAP_MAX_TARGETS; b++) {
			if (best[b].sim < mt->target_min ||
			    best[b].sim < best[0].sim * mt->target_rel)
				break;
			hits[nhits++] = best[b];
		}
	}
	/* report in framework order (the model keeps targets in that order) */
	for (int i = 0; i < nhits; i++)
		for (int j = i + 1; j < nhits; j++)
			if (hits[j].t < hits[i].t) {
				struct target_hit x = hits[i];
				hits[i] = hits[j];
				hits[j] = x;
			}
	for (int i = 0; i < nhits; i++) {
		struct map_label *l = &r->targets[r->ntargets++];
		snprintf(l->code, sizeof l->code, "%s", m->targets[hits[i].t].code);
		l->score = hits[i].sim > 1 ? 1 : hits[i].sim;
		if (!(r->flags & MAP_NO_EVIDENCE))
			target_evidence(m, sc, &m->targets[hits[i].t], lang, l);
	}
	for (size_t i = 0; i < sc->nvec; i++)
		sc->dense[sc->vec[i].feat] = 0;
	return 0;
}

/* lex_first finds the first lexicon record of feature f (records are sorted by feature). */
static uint32_t lex_first(const struct map_model *m, uint32_t f)
{
	uint32_t lo = 0, hi = m->meta->nlex;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->lex[mid].feat < f)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void score_lexicons(const struct map_model *m, struct map_result *r)
{
	const struct map_meta *mt = m->meta;
	const struct map_scratch *sc = r->scratch;
	double acc[MAP_NAL + MAP_NGDC] = {0};
	struct map_label cand[MAP_NAL + MAP_NGDC];

	memset(cand, 0, sizeof cand);
	for (size_t i = 0; i < sc->nvec; i++) {
		const struct map_fv *f = &sc->vec[i];
		double tf = 1.0 + log((double)f->count);

		for (uint32_t j = lex_first(m, f->feat); j < mt->nlex && m->lex[j].feat == f->feat;
		     j++) {
			const struct map_lex_rec *x = &m->lex[j];
			int k = x->scheme == MAP_LEX_AL ? x->label : MAP_NAL + x->label;

			acc[k] += x->w * tf;
			if (!(r->flags & MAP_NO_EVIDENCE))
				ev_add(&cand[k], sc, f, (float)(x->w * tf));
		}
	}
	for (int k = 0; k < MAP_NAL + MAP_NGDC; k++) {
		double s = 1.0 - exp(-acc[k]);
		struct map_label *l;

		if (k < MAP_NAL) {
			double link = 0;
			for (int g = 0; g < MAP_NSDG; g++)
				if ((m->links[k] >> g & 1u) && r->sdg_score[g] > link)
					link = r->sdg_score[g];
			s *= (1.0 - mt->link_weight) + mt->link_weight * link;
		}
		if (acc[k] <= 0 || s < mt->lex_threshold)
			continue;
		l = k < MAP_NAL ? &r->action_lines[r->nal++] : &r->gdc[r->ngdc++];
		*l = cand[k];
		snprintf(l->code, sizeof l->code, "%s", m->labels[k].code);
		l->score = (float)s;
	}
}

int map_lang_hint_ok(const char *lang_hint)
{
	return !lang_hint || !*lang_hint || map_lang_parse(lang_hint) >= 0;
}

int map_textn(const struct map_model *m, const char *text, size_t len, const char *lang_hint,
	      struct map_result *r)
{
	enum map_lang lang;
	int rc;

	if (!r->scratch) {
		if (!(r->scratch = calloc(1, sizeof *r->scratch)))
			return ERR_NOMEM;
		map_textproc_init(&r->scratch->tp);
	}
	clear_labels(r);
	if (len > MAP_MAX_TEXT)
		return ERR_TOO_LARGE;
	if ((rc = map_text_keys(&r->scratch->tp, text, len, map_lang_parse(lang_hint), &lang)) ||
	    (rc = build_vector(m, r->scratch))) {
		clear_labels(r);
		return rc;
	}
	snprintf(r->lang, sizeof r->lang, "%s", map_lang_code(lang));
	if (!(r->flags & MAP_NO_SDGS) || !(r->flags & MAP_NO_TARGETS))
		score_sdgs(m, r);
	if (!(r->flags & MAP_NO_TARGETS) && (rc = score_targets(m, r, (int)lang))) {
		clear_labels(r);
		return rc;
	}
	if (!(r->flags & MAP_NO_LEXICONS))
		score_lexicons(m, r);
	return 0;
}

int map_text(const struct map_model *m, const char *text, const char *lang_hint,
	     struct map_result *r)
{
	return map_textn(m, text ? text : "", text ? strlen(text) : 0, lang_hint, r);
}
