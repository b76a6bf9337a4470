/*
 * figures.h - the numbers behind every report: counts of initiatives by framework, place,
 * stakeholder type and year, and the gaps. One service for pages, API, CLI and exports.
 *
 * A filter (struct fig_filter) says which initiatives count: a place (ITU-D region, M49
 * region or country), a year range on the start date, stakeholder types, the tag origins
 * that count (declared by submitters or moderators, suggested by the model) and the
 * states (published only, unless the caller may see more). Every count is a number of
 * distinct initiatives, the same number the search API gives for the same filters.
 */
#ifndef STOCKTAKE_REPORT_FIGURES_H
#define STOCKTAKE_REPORT_FIGURES_H

#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

enum fig_place { FIG_WORLD, FIG_ITU_REGION, FIG_M49_REGION, FIG_COUNTRY };

struct fig_filter {
	enum fig_place place_kind;
	const char *place;                    /* "africa", "019", "KE"; NULL for the world */
	int from_year, to_year;               /* 0 when open */
	const char *const *stakeholder_types; /* NULL: all */
	size_t n_stakeholder_types;
	int origins; /* bit set of (1 << FIG_ORIGIN_...); 0: all */
	int states;  /* bit set of (1 << FIG_STATE_...); 0: published only */
};

/* The bits of fig_filter.origins and .states: positions in ini_tag_origins, ini_states. */
enum fig_origin { FIG_ORIGIN_SUBMITTER, FIG_ORIGIN_MODERATOR, FIG_ORIGIN_MODEL };
enum fig_state {
	FIG_STATE_DRAFT,
	FIG_STATE_SUBMITTED,
	FIG_STATE_PUBLISHED,
	FIG_STATE_REJECTED,
	FIG_STATE_ARCHIVED
};

/* The first year of the 20-year trend (WSIS Geneva, 2003; the stocktaking since 2004). */
#define FIG_TREND_FROM 2004
/* Recent activity: an Action Line is a gap when nothing started in the last FIG_RECENT years. */
#define FIG_RECENT 3
/* A WSIS-SDG link is a gap when fewer than FIG_FEW initiatives carry both codes. */
#define FIG_FEW 3
/* How many initiatives each Action Line lists as its most cited. */
#define FIG_TOP 3
/* At most this many stakeholder types in a filter. */
#define FIG_MAX_TYPES 16

/* One counted value: a framework code, a country, a year, a stakeholder type. */
struct fig_count {
	const char *code;  /* "3", "C7.e-health", "KE", "2019", "civil-society", "ldc" */
	const char *label; /* its title in the language asked for (the code when none) */
	int is_group;      /* C7: counts the initiatives with any of its sub-lines */
	int64_t n;         /* distinct initiatives */
};

struct fig_list {
	struct fig_count *v;
	size_t n;
};

/* One of the most cited initiatives of an Action Line (see docs/reports.md). */
struct fig_top {
	int64_t id;
	const char *title, *organisation, *start_date, *countries;
	int64_t links; /* framework tags and countries it has */
};

struct fig_link_gap {
	size_t al, sdg; /* positions in by_action_line and by_sdg */
	int64_t n;      /* initiatives with both codes: 0 .. FIG_FEW - 1 */
};

/* Every number of a report; everything in the arena it was computed in. */
struct figures {
	struct fig_filter filter;
	const char *place_name;         /* "Africa", "Kenya"; "the world" translated */
	int64_t total;                  /* initiatives that match */
	int64_t undated;                /* of those, without a start date */
	int64_t before_trend;           /* of those, started before the trend's first year */
	int64_t without_country;        /* of those, with no country */
	struct fig_list by_action_line; /* every Action Line in the scheme's order, C7 included */
	struct fig_list by_sdg;         /* the 17 goals */
	struct fig_list by_gdc;         /* the 5 objectives */
	struct fig_list by_itu_region;  /* the 6 ITU-D regions */
	struct fig_list by_m49_region;  /* the M49 regions (continents) */
	struct fig_list by_country;     /* every country of the place, zeros included */
	struct fig_list by_stakeholder; /* every stakeholder type, then "" for none given */
	struct fig_list by_year;        /* trend_from .. trend_to */
	struct fig_list by_group;       /* ldc, lldc, sids */
	int trend_from, trend_to;
	int64_t *al_sdg;  /* by_action_line.n x by_sdg.n, row-major (C7's row: any sub-line) */
	int *al_sdg_link; /* the same shape: 1 where the WSIS-SDG Matrix links the two */
	int64_t *al_year; /* by_action_line.n x by_year.n */
	int64_t *al_gdc;  /* by_action_line.n x by_gdc.n */
	int64_t *gdc_itu; /* by_gdc.n x by_itu_region.n */
	struct fig_link_gap *link_gaps; /* linked pairs with fewer than FIG_FEW initiatives */
	size_t n_link_gaps;
	size_t *countries_none; /* positions in by_country of the countries with none */
	size_t n_countries_none;
	size_t *al_not_recent; /* positions in by_action_line with nothing in the recent years */
	size_t n_al_not_recent;
	int recent_from, recent_to;
	struct fig_top *top; /* by_action_line.n x FIG_TOP; id 0 where there are fewer */
};

/*
 * figures_compute counts what f selects in s, titles in lang, into *out (in arena a).
 * Errors: ERR_NOT_FOUND when the place is no known region or country, ERR_INVALID for a
 * bad filter (years the wrong way round, an unknown stakeholder type), with e saying
 * which field; store errors.
 */
int figures_compute(struct store *s, const struct fig_filter *f, enum lang lang, struct arena *a,
		    struct figures *out, struct errinfo *e);

/*
 * figures_place_kind tells, by its form, which kind of place code names: an ITU-D region
 * key ("africa", lower-case letters and '-'), an M49 region code ("019", three digits), a
 * country (two letters) or the world ("world" or empty). 0, or -1 for any other form.
 */
int figures_place_kind(const char *code, enum fig_place *kind);

#endif
