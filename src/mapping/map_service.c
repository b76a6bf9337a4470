/*
 * map_service.c - model tags on records: the import hook and `stocktake remap`.
 */
#include "mapping/map_service.h"

#include "core/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const schemes[] = {"sdg", "sdg_target", "action_line", "gdc"};

/* map_record_text joins title, summary and description, one paragraph each. */
int map_record_text(const struct initiative *ini, struct buf *b)
{
	const char *parts[] = {ini->title, ini->summary, ini->description};
	int rc = 0;

	for (size_t i = 0; i < 3 && !rc; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if (b->len)
			rc = buf_puts(b, ".\n\n");
		if (!rc)
			rc = buf_puts(b, parts[i]);
	}
	return rc;
}

double map_tag_score(const struct map_label *l)
{
	double score = round((double)l->score * 10000.0) / 10000.0;

	return score > 1 ? 1 : score < 0 ? 0 : score;
}

static int add_tags(struct initiative *ini, struct arena *a, const char *scheme,
		    const struct map_label *l, int n, int *added)
{
	for (int i = 0; i < n; i++) {
		const char *code = arena_strdup(a, l[i].code);
		int rc;

		if (!code)
			return ERR_NOMEM;
		if ((rc = ini_add_tag(ini, a, scheme, code, "model", map_tag_score(&l[i]), 1)))
			return rc;
		(*added)++;
	}
	return 0;
}

/*
 * own_goals has a record's targets searched within its own SDGs (it has SDG tags but no
 * targets): they say more of the record than the model's reading of its text, and a target
 * of an SDG the record does not claim would contradict it.
 */
static void own_goals(const struct initiative *ini, struct map_result *r)
{
	r->target_goals = 0;
	for (size_t i = 0; i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];
		char *end;
		unsigned long g;

		if (strcmp(t->scheme, "sdg") != 0)
			continue;
		g = strtoul(t->code, &end, 10);
		if (*end == '\0' && g >= 1 && g <= MAP_NSDG)
			r->target_goals |= 1u << (g - 1);
	}
	r->flags |= MAP_OWN_GOALS;
}

int map_tag_initiative(const struct map_model *m, struct map_result *r, struct initiative *ini,
		       struct arena *a, int replace, int *added)
{
	int have[4] = {0}, n = 0, rc;
	unsigned flags = r->flags;
	struct buf text;

	if (replace) {
		size_t k = 0;
		for (size_t i = 0; i < ini->ntags; i++)
			if (!ini->tags[i].origin || strcmp(ini->tags[i].origin, "model") != 0)
				ini->tags[k++] = ini->tags[i];
		ini->ntags = k;
	}
	for (int s = 0; s < 4; s++)
		have[s] = ini_has_tag_scheme(ini, schemes[s]);
	if (added)
		*added = 0;
	if (have[0] && have[1] && have[2] && have[3])
		return 0;
	buf_init(&text, MAP_MAX_TEXT);
	if ((rc = map_record_text(ini, &text)))
		goto out;
	/*
	 * Only what the record lacks: the targets, Action Lines and GDC objectives that are
	 * computed are those of a full mapping (SDGs are needed for targets and for the links
	 * that weigh Action Lines).
	 */
	if (have[1])
		r->flags |= MAP_NO_TARGETS;
	else if (have[0])
		own_goals(ini, r);
	if (have[2] && have[3])
		r->flags |= MAP_NO_LEXICONS;
	if (have[0] && have[1] && have[2])
		r->flags |= MAP_NO_SDGS;
	rc = map_textn(m, buf_cstr(&text), text.len, ini->language, r);
	r->flags = flags;
	if (rc)
		goto out;
	if ((!have[0] && (rc = add_tags(ini, a, "sdg", r->sdgs, r->nsdgs, &n))) ||
	    (!have[1] && (rc = add_tags(ini, a, "sdg_target", r->targets, r->ntargets, &n))) ||
	    (!have[2] && (rc = add_tags(ini, a, "action_line", r->action_lines, r->nal, &n))) ||
	    (!have[3] && (rc = add_tags(ini, a, "gdc", r->gdc, r->ngdc, &n))))
		goto out;
	if (added)
		*added = n;
out:
	buf_cleanup(&text);
	return rc;
}

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int collect_id(void *ud, const struct initiative *ini, const char *json)
{
	struct ids *ids = ud;

	(void)json;
	if (ids->n == ids->cap) {
		size_t c = ids->cap ? ids->cap * 2 : 1024;
		int64_t *v = realloc(ids->v, c * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		ids->v = v;
		ids->cap = c;
	}
	ids->v[ids->n++] = ini->id;
	return 0;
}

int map_remap(struct store *s, const struct map_model *m, const char *actor,
	      struct map_remap_counts *counts, struct errinfo *e)
{
	struct store_filter f = {NULL, 1};
	struct ids ids = {0};
	struct map_result r;
	struct arena a;
	char detail[160];
	int rc;

	memset(counts, 0, sizeof *counts);
	if (!actor)
		actor = "remap";
	map_result_init(&r);
	r.flags = MAP_NO_EVIDENCE;
	arena_init(&a, 0);
	if ((rc = store_begin(s))) {
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
		goto out;
	}
	if ((rc = store_initiative_each(s, &f, collect_id, &ids))) {
		errinfo_set(e, rc, NULL, "%s", rc == ERR_NOMEM ? "out of memory" : store_errmsg(s));
		goto fail;
	}
	for (size_t i = 0; i < ids.n; i++) {
		struct initiative ini;
		enum store_save_result res;

		arena_reset(&a);
		if ((rc = store_initiative_get(s, ids.v[i], &a, &ini))) {
			errinfo_set(e, rc, NULL, "initiative %lld: %s", (long long)ids.v[i],
				    store_errmsg(s));
			goto fail;
		}
		if ((rc = map_tag_initiative(m, &r, &ini, &a, 1, NULL))) {
			errinfo_set(e, rc, NULL, "initiative %lld: %s", (long long)ids.v[i],
				    err_message(rc));
			goto fail;
		}
		if ((rc = store_initiative_save(s, &ini, actor, &res, NULL))) {
			errinfo_set(e, rc, NULL, "initiative %lld: %s", (long long)ids.v[i],
				    store_errmsg(s));
			goto fail;
		}
		counts->records++;
		if (res == STORE_UNCHANGED)
			counts->unchanged++;
		else
			counts->changed++;
	}
	snprintf(detail, sizeof detail, "records=%ld changed=%ld unchanged=%ld", counts->records,
		 counts->changed, counts->unchanged);
	if ((rc = store_audit(s, actor, "remap", "initiatives", "*", detail)) ||
	    (rc = store_commit(s))) {
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
		goto fail;
	}
	goto out;
fail:
	store_rollback(s);
	memset(counts, 0, sizeof *counts);
out:
	free(ids.v);
	arena_cleanup(&a);
	map_result_cleanup(&r);
	return rc;
}
