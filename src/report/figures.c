/*
 * figures.c - the figures service: every number of a report, counted in one pass over
 * the initiatives a filter selects (store_fig_load streams them, then their tags, then
 * their countries, each in id order).
 *
 * The counts follow the search index's rules (src/search/), so a report and
 * /api/v1/facets give the same numbers for the same filters:
 *   - every count is of distinct initiatives;
 *   - C7 counts the initiatives with any of its sub-lines (C7.e-health ...), each once;
 *   - a region holds the initiatives with at least one of its countries (M49: region,
 *     sub-region or intermediate region);
 *   - a year range keeps the initiatives whose start date's year is in it (undated ones
 *     drop out as soon as a year is given);
 *   - the tag origins are the one filter the search has not: with all origins (the
 *     default) the numbers are the search's; with some, a tag of another origin does not
 *     count (the initiative still counts in every table not made of tags).
 * Tables by country and by LDC/LLDC/SIDS count only the countries of the place.
 */
#include "report/figures.h"

#include "core/i18n.h"
#include "search/search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A framework scheme or the countries, in memory for the counting. */
struct fig_scheme {
	struct fig_count *v;
	char **parent; /* the group's code (C7) or NULL */
	size_t n, cap;
};

struct fig_ctx {
	struct arena *a;
	struct figures *f;
	const struct fig_filter *flt;
	struct country *countries; /* by ISO code (store order) */
	size_t ncountries, capcountries;
	int *country_in_place; /* per country: belongs to the place */
	size_t *country_pos;   /* per country: position in by_country, or SIZE_MAX */
	int *itu_of, *m49_of;  /* per country: position in by_itu_region / by_m49_region, -1 */
	size_t *al_group;      /* per Action Line: position of its group, or SIZE_MAX */
	/* the initiatives, in id order */
	int64_t *ids;
	int16_t *year;     /* start year, 0 when undated */
	uint32_t *al_mask; /* the Action Lines it has (bits: positions in by_action_line) */
	uint16_t *links;   /* tags and countries */
	uint8_t *gdc_of;   /* the GDC objectives it has (bits: positions in by_gdc) */
	size_t n, cap;
	/* the one being read in the tag and country streams */
	size_t cur;
	int64_t cur_id;
	uint32_t sdg_mask, gdc_mask;
	uint64_t place_mask; /* ITU regions (bits 0..15) and M49 regions (16..31) */
	unsigned group_mask; /* ldc 1, lldc 2, sids 4 */
	int err;
};

/* --- loading the schemes ----------------------------------------------------------------- */

struct scheme_load {
	struct arena *a;
	struct fig_scheme *sc;
	int only_regions; /* m49: the continents only */
};

static int on_item(void *ud, const struct fw_item *it)
{
	struct scheme_load *l = ud;
	struct fig_scheme *sc = l->sc;
	struct fig_count *c;
	int rc;

	if (l->only_regions && (!it->attr || strcmp(it->attr, "region") != 0))
		return 0;
	if ((rc = arena_grow(l->a, (void **)&sc->v, sc->n, &sc->cap, sizeof *sc->v, 32, 4096)))
		return rc;
	c = &sc->v[sc->n];
	memset(c, 0, sizeof *c);
	c->code = arena_strdup(l->a, it->code);
	c->label = arena_strdup(l->a, it->short_title[0] && *it->short_title[0] ? it->short_title[0]
				      : it->title[0]                            ? it->title[0]
										: it->code);
	c->is_group = it->is_group;
	if (!c->code || !c->label)
		return ERR_NOMEM;
	sc->n++;
	return 0;
}

static int load_scheme(struct store *s, const char *scheme, enum lang lang, struct arena *a,
		       int only_regions, struct fig_scheme *out)
{
	struct scheme_load l = {a, out, only_regions};

	memset(out, 0, sizeof *out);
	return store_fw_list(s, scheme, lang, on_item, &l);
}

/* Action Lines: we also need each item's parent, so they get a listing of their own. */
struct al_load {
	struct arena *a;
	struct fig_scheme *sc;
	const char **parent;
	size_t cap_parent;
};

static int on_al(void *ud, const struct fw_item *it)
{
	struct al_load *l = ud;
	struct scheme_load sl = {l->a, l->sc, 0};
	size_t n = l->sc->n;
	int rc;

	if (n >= 32)
		return ERR_TOO_LARGE; /* the masks are 32 bits: there are 19 */
	if ((rc = on_item(&sl, it)))
		return rc;
	if ((rc = arena_grow(l->a, (void **)&l->parent, n, &l->cap_parent, sizeof *l->parent, 32,
			     4096)))
		return rc;
	l->parent[n] = it->parent && *it->parent ? arena_strdup(l->a, it->parent) : NULL;
	return 0;
}

static int on_country(void *ud, const struct country *c)
{
	struct fig_ctx *x = ud;
	struct country *d;
	int rc;

	if ((rc = arena_grow(x->a, (void **)&x->countries, x->ncountries, &x->capcountries,
			     sizeof *x->countries, 256, 4096)))
		return rc;
	d = &x->countries[x->ncountries];
	memset(d, 0, sizeof *d);
	d->iso2 = arena_strdup(x->a, c->iso2);
	d->m49_region = arena_strdup(x->a, c->m49_region);
	d->m49_subregion = arena_strdup(x->a, c->m49_subregion);
	d->m49_intermediate = arena_strdup(x->a, c->m49_intermediate);
	d->itu_region = arena_strdup(x->a, c->itu_region);
	d->name[0] = arena_strdup(x->a, c->name[0] ? c->name[0] : c->iso2);
	d->ldc = c->ldc;
	d->lldc = c->lldc;
	d->sids = c->sids;
	if (!d->iso2 || !d->m49_region || !d->m49_subregion || !d->m49_intermediate ||
	    !d->itu_region || !d->name[0])
		return ERR_NOMEM;
	x->ncountries++;
	return 0;
}

static long list_find(const struct fig_list *l, const char *code)
{
	for (size_t i = 0; code && i < l->n; i++)
		if (strcmp(l->v[i].code, code) == 0)
			return (long)i;
	return -1;
}

static long country_find(const struct fig_ctx *x, const char *iso2)
{
	size_t lo = 0, hi = x->ncountries;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(x->countries[mid].iso2, iso2);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* --- checking the filter ----------------------------------------------------------------- */

int figures_place_kind(const char *code, enum fig_place *kind)
{
	size_t n = code ? strlen(code) : 0;

	if (n == 0 || strcmp(code, "world") == 0) {
		*kind = FIG_WORLD;
		return 0;
	}
	if (n == 3 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9' &&
	    code[2] >= '0' && code[2] <= '9') {
		*kind = FIG_M49_REGION;
		return 0;
	}
	if (n == 2 && ((code[0] >= 'A' && code[0] <= 'Z') || (code[0] >= 'a' && code[0] <= 'z')) &&
	    ((code[1] >= 'A' && code[1] <= 'Z') || (code[1] >= 'a' && code[1] <= 'z'))) {
		*kind = FIG_COUNTRY;
		return 0;
	}
	if (n <= 32 && strspn(code, "abcdefghijklmnopqrstuvwxyz-") == n) {
		*kind = FIG_ITU_REGION;
		return 0;
	}
	return -1;
}

static int check_filter(const struct fig_filter *f, struct errinfo *e)
{
	if (f->from_year && (f->from_year < 1900 || f->from_year > 2199))
		return errinfo_set(e, ERR_INVALID, "from",
				   "the first year must be from 1900 to 2199");
	if (f->to_year && (f->to_year < 1900 || f->to_year > 2199))
		return errinfo_set(e, ERR_INVALID, "to", "the last year must be from 1900 to 2199");
	if (f->from_year && f->to_year && f->from_year > f->to_year)
		return errinfo_set(e, ERR_INVALID, "from",
				   "the first year (%d) is after the last year (%d)", f->from_year,
				   f->to_year);
	if (f->n_stakeholder_types > FIG_MAX_TYPES)
		return errinfo_set(e, ERR_INVALID, "stakeholder_type",
				   "at most %d stakeholder types", FIG_MAX_TYPES);
	for (size_t i = 0; i < f->n_stakeholder_types; i++)
		if (!ini_enum_valid(ini_stakeholder_types, f->stakeholder_types[i]))
			return errinfo_set(e, ERR_INVALID, "stakeholder_type",
					   "unknown stakeholder type \"%.64s\"",
					   f->stakeholder_types[i]);
	if (f->origins & ~7)
		return errinfo_set(e, ERR_INVALID, "origin", "unknown tag origin");
	if (f->states & ~31)
		return errinfo_set(e, ERR_INVALID, "state", "unknown state");
	return 0;
}

static int years(struct fig_ctx *x);

/* --- the streams ------------------------------------------------------------------------- */

static int on_initiative(void *ud, int64_t id, const char *type, const char *start)
{
	struct fig_ctx *x = ud;
	int rc;

	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 1024;
		int64_t *ids = realloc(x->ids, cap * sizeof *ids);
		int16_t *year;

		if (!ids)
			return ERR_NOMEM;
		x->ids = ids;
		if (!(year = realloc(x->year, cap * sizeof *year)))
			return ERR_NOMEM;
		x->year = year;
		x->cap = cap;
	}
	x->ids[x->n] = id;
	x->year[x->n] = 0;
	if (start && strlen(start) >= 4 && strspn(start, "0123456789") >= 4)
		x->year[x->n] = (int16_t)((start[0] - '0') * 1000 + (start[1] - '0') * 100 +
					  (start[2] - '0') * 10 + (start[3] - '0'));
	x->n++;
	x->f->total++;
	rc = 0;
	{
		struct fig_list *l = &x->f->by_stakeholder;
		long i = list_find(l, type && *type ? type : "");

		if (i >= 0)
			l->v[i].n++;
	}
	return rc;
}

/* seek moves the cursor to initiative id (the streams are in id order); -1 if not there. */
static long seek(struct fig_ctx *x, int64_t id)
{
	while (x->cur < x->n && x->ids[x->cur] < id)
		x->cur++;
	return x->cur < x->n && x->ids[x->cur] == id ? (long)x->cur : -1;
}

static int year_pos(const struct figures *f, int y)
{
	return y >= f->trend_from && y <= f->trend_to ? y - f->trend_from : -1;
}

/* flush_tags counts what the initiative at the cursor's tags add up to. */
static void flush_tags(struct fig_ctx *x)
{
	struct figures *f = x->f;
	size_t nal = f->by_action_line.n, nsdg = f->by_sdg.n, ny = f->by_year.n;
	uint32_t al = 0;
	int yp;

	if (x->cur_id < 0)
		return;
	al = x->al_mask[x->cur];
	yp = year_pos(f, x->year[x->cur]);
	for (size_t i = 0; i < nal; i++) {
		if (!(al & (1u << i)))
			continue;
		f->by_action_line.v[i].n++;
		for (size_t g = 0; g < nsdg; g++)
			if (x->sdg_mask & (1u << g))
				f->al_sdg[i * nsdg + g]++;
		if (yp >= 0)
			f->al_year[i * ny + (size_t)yp]++;
	}
	for (size_t g = 0; g < nsdg; g++)
		if (x->sdg_mask & (1u << g))
			f->by_sdg.v[g].n++;
	for (size_t g = 0; g < f->by_gdc.n; g++) {
		if (!(x->gdc_mask & (1u << g)))
			continue;
		f->by_gdc.v[g].n++;
		for (size_t i = 0; i < nal; i++)
			if (al & (1u << i))
				f->al_gdc[i * f->by_gdc.n + g]++;
	}
	x->gdc_of[x->cur] = (uint8_t)x->gdc_mask;
	x->sdg_mask = x->gdc_mask = 0;
	x->cur_id = -1;
}

static int origin_counts(const struct fig_filter *flt, const char *origin)
{
	if (!flt->origins)
		return 1;
	for (int i = 0; ini_tag_origins[i]; i++)
		if (origin && strcmp(origin, ini_tag_origins[i]) == 0)
			return (flt->origins & (1 << i)) != 0;
	return 0;
}

static int on_tag(void *ud, int64_t id, const char *scheme, const char *code, const char *origin)
{
	struct fig_ctx *x = ud;
	struct figures *f = x->f;
	long pos, i;

	if (id != x->cur_id) {
		flush_tags(x);
		if ((pos = seek(x, id)) < 0)
			return 0;
		x->cur_id = id;
	}
	if (!scheme || !code || !origin_counts(x->flt, origin))
		return 0;
	if (x->links[x->cur] < UINT16_MAX)
		x->links[x->cur]++;
	if (strcmp(scheme, "action_line") == 0) {
		if ((i = list_find(&f->by_action_line, code)) >= 0) {
			x->al_mask[x->cur] |= 1u << i;
			if (x->al_group[i] != SIZE_MAX)
				x->al_mask[x->cur] |= 1u << x->al_group[i];
		}
	} else if (strcmp(scheme, "sdg") == 0) {
		if ((i = list_find(&f->by_sdg, code)) >= 0)
			x->sdg_mask |= 1u << i;
	} else if (strcmp(scheme, "gdc") == 0) {
		if ((i = list_find(&f->by_gdc, code)) >= 0)
			x->gdc_mask |= 1u << i;
	}
	return 0;
}

static void flush_countries(struct fig_ctx *x)
{
	struct figures *f = x->f;

	if (x->cur_id < 0)
		return;
	for (size_t r = 0; r < f->by_itu_region.n; r++) {
		if (!(x->place_mask & (1ull << r)))
			continue;
		f->by_itu_region.v[r].n++;
		for (size_t g = 0; g < f->by_gdc.n; g++)
			if (x->gdc_of[x->cur] & (1u << g))
				f->gdc_itu[g * f->by_itu_region.n + r]++;
	}
	for (size_t r = 0; r < f->by_m49_region.n; r++)
		if (x->place_mask & (1ull << (16 + r)))
			f->by_m49_region.v[r].n++;
	for (size_t g = 0; g < 3; g++)
		if (x->group_mask & (1u << g))
			f->by_group.v[g].n++;
	f->without_country--;
	x->place_mask = 0;
	x->group_mask = 0;
	x->cur_id = -1;
}

static int on_country_row(void *ud, int64_t id, const char *iso2)
{
	struct fig_ctx *x = ud;
	long c;

	if (id != x->cur_id) {
		flush_countries(x);
		if (seek(x, id) < 0)
			return 0;
		x->cur_id = id;
	}
	if (!iso2 || (c = country_find(x, iso2)) < 0)
		return 0;
	if (x->links[x->cur] < UINT16_MAX)
		x->links[x->cur]++;
	if (x->itu_of[c] >= 0)
		x->place_mask |= 1ull << x->itu_of[c];
	if (x->m49_of[c] >= 0)
		x->place_mask |= 1ull << (16 + x->m49_of[c]);
	if (x->country_in_place[c]) {
		const struct country *co = &x->countries[c];

		x->f->by_country.v[x->country_pos[c]].n++;
		x->group_mask |= (co->ldc ? 1u : 0) | (co->lldc ? 2u : 0) | (co->sids ? 4u : 0);
	}
	return 0;
}

/* --- after the streams ------------------------------------------------------------------- */

struct link_ctx {
	struct fig_ctx *x;
	size_t al;
};

static int on_link(void *ud, const char *sdg)
{
	struct link_ctx *l = ud;
	struct figures *f = l->x->f;
	long g = list_find(&f->by_sdg, sdg);

	if (g >= 0)
		f->al_sdg_link[l->al * f->by_sdg.n + (size_t)g] = 1;
	return 0;
}

static int cmp_gap(const void *p, const void *q)
{
	const struct fig_link_gap *a = p, *b = q;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if (a->al != b->al)
		return a->al < b->al ? -1 : 1;
	return a->sdg < b->sdg ? -1 : a->sdg > b->sdg;
}

static int gaps(struct store *s, struct fig_ctx *x)
{
	struct figures *f = x->f;
	size_t nal = f->by_action_line.n, nsdg = f->by_sdg.n, ny = f->by_year.n, k = 0;
	int rc;

	for (size_t i = 0; i < nal; i++) {
		struct link_ctx l = {x, i};

		if (f->by_action_line.v[i].is_group)
			continue;
		if ((rc = store_fw_links(s, "action_line", f->by_action_line.v[i].code, "sdg",
					 on_link, &l)))
			return rc;
	}
	for (size_t i = 0; i < nal * nsdg; i++)
		if (f->al_sdg_link[i] && f->al_sdg[i] < FIG_FEW)
			k++;
	f->link_gaps = arena_alloc(x->a, (k ? k : 1) * sizeof *f->link_gaps);
	f->countries_none = arena_alloc(x->a, (f->by_country.n + 1) * sizeof(size_t));
	f->al_not_recent = arena_alloc(x->a, (nal + 1) * sizeof(size_t));
	if (!f->link_gaps || !f->countries_none || !f->al_not_recent)
		return ERR_NOMEM;
	for (size_t i = 0; i < nal * nsdg; i++)
		if (f->al_sdg_link[i] && f->al_sdg[i] < FIG_FEW) {
			struct fig_link_gap *g = &f->link_gaps[f->n_link_gaps++];

			g->al = i / nsdg;
			g->sdg = i % nsdg;
			g->n = f->al_sdg[i];
		}
	qsort(f->link_gaps, f->n_link_gaps, sizeof *f->link_gaps, cmp_gap);
	for (size_t c = 0; c < f->by_country.n; c++)
		if (!f->by_country.v[c].n)
			f->countries_none[f->n_countries_none++] = c;
	for (size_t i = 0; i < nal; i++) {
		int64_t n = 0;

		for (int y = f->recent_from; y <= f->recent_to; y++) {
			int p = year_pos(f, y);

			if (p >= 0 && (size_t)p < ny)
				n += f->al_year[i * ny + (size_t)p];
		}
		if (!n)
			f->al_not_recent[f->n_al_not_recent++] = i;
	}
	return 0;
}

struct brief_ctx {
	struct arena *a;
	struct fig_top *t;
	size_t n;
};

static int on_brief(void *ud, const struct store_fig_brief *b)
{
	struct brief_ctx *c = ud;

	for (size_t i = 0; i < c->n; i++) {
		struct fig_top *t = &c->t[i];

		if (t->id != b->id)
			continue;
		t->title = arena_strdup(c->a, b->title);
		t->organisation = b->organisation ? arena_strdup(c->a, b->organisation) : NULL;
		t->start_date = b->start_date ? arena_strdup(c->a, b->start_date) : NULL;
		t->countries = arena_strdup(c->a, b->countries);
		if (!t->title || !t->countries)
			return ERR_NOMEM;
	}
	return 0;
}

/*
 * tops picks, per Action Line, the FIG_TOP initiatives with the most links (tags that count
 * and countries); ties go to the newer (higher id).
 */
static int tops(struct store *s, struct fig_ctx *x)
{
	struct figures *f = x->f;
	size_t nal = f->by_action_line.n, nt = nal * FIG_TOP, k = 0;
	int64_t *ids;

	if (!(f->top = arena_alloc(x->a, (nt ? nt : 1) * sizeof *f->top)))
		return ERR_NOMEM;
	for (size_t i = x->n; i-- > 0;) {
		for (size_t al = 0; al < nal; al++) {
			struct fig_top *t = &f->top[al * FIG_TOP];
			size_t j;

			if (!(x->al_mask[i] & (1u << al)))
				continue;
			/* newest first, so an equal count does not displace */
			for (j = FIG_TOP; j > 0 && (!t[j - 1].id || t[j - 1].links < x->links[i]);
			     j--)
				if (j < FIG_TOP)
					t[j] = t[j - 1];
			if (j < FIG_TOP) {
				t[j].id = x->ids[i];
				t[j].links = x->links[i];
			}
		}
	}
	if (!(ids = arena_alloc(x->a, (nt ? nt : 1) * sizeof *ids)))
		return ERR_NOMEM;
	for (size_t i = 0; i < nt; i++)
		if (f->top[i].id)
			ids[k++] = f->top[i].id;
	{
		struct brief_ctx c = {x->a, f->top, nt};

		return store_fig_briefs(s, ids, k, on_brief, &c);
	}
}

/* on_end: after the initiatives, the trend's range and the per-initiative arrays; after
 * each of the other streams, the last initiative's counts. */
static int on_end(void *ud, int stream)
{
	struct fig_ctx *x = ud;
	struct figures *f = x->f;
	size_t nal = f->by_action_line.n;
	int rc;

	if (stream == 0) {
		if ((rc = years(x)))
			return rc;
		f->without_country = f->total;
		x->al_mask = calloc(x->n + 1, sizeof *x->al_mask);
		x->links = calloc(x->n + 1, sizeof *x->links);
		x->gdc_of = calloc(x->n + 1, sizeof *x->gdc_of);
		f->al_gdc = arena_alloc(x->a, (nal * f->by_gdc.n + 1) * sizeof *f->al_gdc);
		f->gdc_itu =
		    arena_alloc(x->a, (f->by_gdc.n * f->by_itu_region.n + 1) * sizeof *f->gdc_itu);
		if (!x->gdc_of || !f->al_gdc || !f->gdc_itu)
			return ERR_NOMEM;
		f->al_sdg = arena_alloc(x->a, (nal * f->by_sdg.n + 1) * sizeof *f->al_sdg);
		f->al_sdg_link =
		    arena_alloc(x->a, (nal * f->by_sdg.n + 1) * sizeof *f->al_sdg_link);
		f->al_year = arena_alloc(x->a, (nal * f->by_year.n + 1) * sizeof *f->al_year);
		if (!x->al_mask || !x->links || !f->al_sdg || !f->al_sdg_link || !f->al_year)
			return ERR_NOMEM;
	} else if (stream == 1) {
		flush_tags(x);
	} else {
		flush_countries(x);
	}
	x->cur = 0;
	x->cur_id = -1;
	return 0;
}

/* --- the whole ----------------------------------------------------------------------------- */

static int fill_list(struct arena *a, const struct fig_scheme *sc, struct fig_list *out)
{
	out->n = sc->n;
	out->v = sc->v;
	(void)a;
	return 0;
}

static int setup_place(struct fig_ctx *x, const struct fig_scheme *itu,
		       const struct fig_scheme *m49all, enum lang lang, struct errinfo *e)
{
	const struct fig_filter *flt = x->flt;
	struct figures *f = x->f;
	size_t n = 0;

	(void)lang;
	switch (flt->place_kind) {
	case FIG_WORLD:
		f->place_name = NULL;
		break;
	case FIG_ITU_REGION:
		for (size_t i = 0; i < itu->n && !f->place_name; i++)
			if (strcmp(itu->v[i].code, flt->place) == 0)
				f->place_name = itu->v[i].label;
		if (!f->place_name)
			return errinfo_set(
			    e, ERR_NOT_FOUND, "region",
			    "unknown region \"%.64s\": an ITU-D region is one of "
			    "africa, americas, arab-states, asia-pacific, cis, europe",
			    flt->place);
		break;
	case FIG_M49_REGION:
		for (size_t i = 0; i < m49all->n && !f->place_name; i++)
			if (strcmp(m49all->v[i].code, flt->place) == 0 &&
			    strcmp(flt->place, "001") != 0)
				f->place_name = m49all->v[i].label;
		if (!f->place_name)
			return errinfo_set(e, ERR_NOT_FOUND, "region",
					   "unknown region \"%.64s\": not an M49 region code",
					   flt->place);
		break;
	case FIG_COUNTRY: {
		long c = flt->place ? country_find(x, flt->place) : -1;

		if (c < 0)
			return errinfo_set(
			    e, ERR_NOT_FOUND, "country",
			    "unknown country \"%.64s\": give an ISO 3166-1 alpha-2 code",
			    flt->place ? flt->place : "");
		f->place_name = x->countries[c].name[0];
		break;
	}
	}
	if (!(x->country_in_place = arena_alloc(x->a, (x->ncountries + 1) * sizeof(int))) ||
	    !(x->country_pos = arena_alloc(x->a, (x->ncountries + 1) * sizeof(size_t))) ||
	    !(x->itu_of = arena_alloc(x->a, (x->ncountries + 1) * sizeof(int))) ||
	    !(x->m49_of = arena_alloc(x->a, (x->ncountries + 1) * sizeof(int))))
		return ERR_NOMEM;
	for (size_t c = 0; c < x->ncountries; c++) {
		const struct country *co = &x->countries[c];
		int in = 0;

		switch (flt->place_kind) {
		case FIG_WORLD:
			in = 1;
			break;
		case FIG_ITU_REGION:
			in = strcmp(co->itu_region, flt->place) == 0;
			break;
		case FIG_M49_REGION:
			in = strcmp(co->m49_region, flt->place) == 0 ||
			     strcmp(co->m49_subregion, flt->place) == 0 ||
			     strcmp(co->m49_intermediate, flt->place) == 0;
			break;
		case FIG_COUNTRY:
			in = strcmp(co->iso2, flt->place) == 0;
			break;
		}
		x->country_in_place[c] = in;
		x->country_pos[c] = in ? n++ : SIZE_MAX;
		x->itu_of[c] = (int)list_find(&f->by_itu_region, co->itu_region);
		x->m49_of[c] = (int)list_find(&f->by_m49_region, co->m49_region);
	}
	if (!(f->by_country.v = arena_alloc(x->a, (n ? n : 1) * sizeof *f->by_country.v)))
		return ERR_NOMEM;
	f->by_country.n = n;
	for (size_t c = 0; c < x->ncountries; c++)
		if (x->country_in_place[c]) {
			struct fig_count *v = &f->by_country.v[x->country_pos[c]];

			v->code = x->countries[c].iso2;
			v->label = x->countries[c].name[0];
		}
	return 0;
}

static int fixed_lists(struct fig_ctx *x)
{
	static const char *const groups[3][2] = {
	    {"ldc", N_("Least developed countries (LDC)")},
	    {"lldc", N_("Landlocked developing countries (LLDC)")},
	    {"sids", N_("Small island developing States (SIDS)")}};
	struct figures *f = x->f;
	size_t nt = 0;

	while (ini_stakeholder_types[nt])
		nt++;
	f->by_stakeholder.v = arena_alloc(x->a, (nt + 1) * sizeof *f->by_stakeholder.v);
	f->by_group.v = arena_alloc(x->a, 3 * sizeof *f->by_group.v);
	if (!f->by_stakeholder.v || !f->by_group.v)
		return ERR_NOMEM;
	for (size_t i = 0; i < nt; i++) {
		const char *l = search_enum_label(SD_STAKEHOLDER_TYPE, ini_stakeholder_types[i]);

		f->by_stakeholder.v[i].code = ini_stakeholder_types[i];
		f->by_stakeholder.v[i].label = l ? l : ini_stakeholder_types[i];
	}
	f->by_stakeholder.v[nt].code = "";
	f->by_stakeholder.v[nt].label = N_("Not given");
	f->by_stakeholder.n = nt + 1;
	for (size_t i = 0; i < 3; i++) {
		f->by_group.v[i].code = groups[i][0];
		f->by_group.v[i].label = groups[i][1];
	}
	f->by_group.n = 3;
	return 0;
}

static int current_year(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		return 2025;
	return tm.tm_year + 1900;
}

/* years sets the trend's range and counts the initiatives by start year. */
static int years(struct fig_ctx *x)
{
	struct figures *f = x->f;
	const struct fig_filter *flt = x->flt;
	int now = current_year(), last = now;

	for (size_t i = 0; i < x->n; i++)
		if (x->year[i] > last && x->year[i] <= now + 50)
			last = x->year[i];
	f->trend_from = flt->from_year ? flt->from_year : FIG_TREND_FROM;
	f->trend_to = flt->to_year ? flt->to_year : last;
	if (f->trend_to < f->trend_from)
		f->trend_to = f->trend_from;
	f->recent_to = flt->to_year ? flt->to_year : now;
	f->recent_from = f->recent_to - FIG_RECENT + 1;
	f->by_year.n = (size_t)(f->trend_to - f->trend_from + 1);
	if (!(f->by_year.v = arena_alloc(x->a, f->by_year.n * sizeof *f->by_year.v)))
		return ERR_NOMEM;
	for (size_t i = 0; i < f->by_year.n; i++) {
		char *y = arena_sprintf(x->a, "%d", f->trend_from + (int)i);

		if (!y)
			return ERR_NOMEM;
		f->by_year.v[i].code = f->by_year.v[i].label = y;
	}
	for (size_t i = 0; i < x->n; i++) {
		int p = year_pos(f, x->year[i]);

		if (!x->year[i])
			f->undated++;
		else if (p >= 0)
			f->by_year.v[p].n++;
		else if (x->year[i] < f->trend_from)
			f->before_trend++;
	}
	return 0;
}

int figures_compute(struct store *s, const struct fig_filter *flt, enum lang lang, struct arena *a,
		    struct figures *out, struct errinfo *e)
{
	struct fig_scheme al = {0}, sdg = {0}, gdc = {0}, itu = {0}, m49 = {0}, m49all = {0};
	struct al_load all = {a, &al, NULL, 0};
	struct fig_ctx x;
	struct figures f;
	const char *states[5];
	struct store_fig_query q;
	struct store_fig_sink sink;
	size_t nal;
	int rc;

	memset(&x, 0, sizeof x);
	memset(&f, 0, sizeof f);
	if ((rc = check_filter(flt, e)))
		return rc;
	x.a = a;
	x.f = &f;
	x.flt = flt;
	f.filter = *flt;
	if ((rc = store_fw_list(s, "action_line", lang, on_al, &all)) ||
	    (rc = load_scheme(s, "sdg", lang, a, 0, &sdg)) ||
	    (rc = load_scheme(s, "gdc", lang, a, 0, &gdc)) ||
	    (rc = load_scheme(s, "itu_region", lang, a, 0, &itu)) ||
	    (rc = load_scheme(s, "m49_region", lang, a, 1, &m49)) ||
	    (rc = load_scheme(s, "m49_region", lang, a, 0, &m49all)) ||
	    (rc = store_country_list(s, lang, on_country, &x)))
		goto store_fail;
	if (sdg.n > 32 || gdc.n > 8 || itu.n > 16 || m49.n > 16) {
		rc = errinfo_set(e, ERR_INTERNAL, NULL, "the frameworks have too many codes");
		goto out;
	}
	fill_list(a, &al, &f.by_action_line);
	fill_list(a, &sdg, &f.by_sdg);
	fill_list(a, &gdc, &f.by_gdc);
	fill_list(a, &itu, &f.by_itu_region);
	fill_list(a, &m49, &f.by_m49_region);
	nal = al.n;
	if (!(x.al_group = arena_alloc(a, (nal + 1) * sizeof *x.al_group))) {
		rc = ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < nal; i++) {
		long g = all.parent[i] ? list_find(&f.by_action_line, all.parent[i]) : -1;

		x.al_group[i] = g >= 0 && (size_t)g != i ? (size_t)g : SIZE_MAX;
	}
	if ((rc = setup_place(&x, &itu, &m49all, lang, e)) || (rc = fixed_lists(&x)))
		goto out;
	memset(&q, 0, sizeof q);
	if (flt->place_kind != FIG_WORLD) {
		q.place_kind = flt->place_kind == FIG_COUNTRY      ? "country"
			       : flt->place_kind == FIG_ITU_REGION ? "itu_region"
								   : "m49_region";
		q.place = flt->place;
	}
	q.from_year = flt->from_year;
	q.to_year = flt->to_year;
	q.stakeholder_types = flt->n_stakeholder_types ? flt->stakeholder_types : NULL;
	q.n_stakeholder_types = flt->n_stakeholder_types;
	for (int i = 0; ini_states[i] && q.n_states < 5; i++)
		if (flt->states ? (flt->states & (1 << i)) : i == FIG_STATE_PUBLISHED)
			states[q.n_states++] = ini_states[i];
	q.states = states;

	memset(&sink, 0, sizeof sink);
	sink.ud = &x;
	sink.initiative = on_initiative;
	sink.tag = on_tag;
	sink.country = on_country_row;
	sink.end = on_end;
	x.cur_id = -1;
	if ((rc = store_fig_load(s, &q, &sink))) {
		if (x.err)
			rc = x.err;
		goto store_fail;
	}
	if ((rc = gaps(s, &x)) || (rc = tops(s, &x)))
		goto store_fail;
out:
	free(x.ids);
	free(x.year);
	free(x.al_mask);
	free(x.links);
	free(x.gdc_of);
	if (!rc)
		*out = f;
	return rc;
store_fail:
	if (rc != ERR_NOMEM && (!e || !e->code))
		errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
	goto out;
}
