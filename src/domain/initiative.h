/*
 * initiative.h - the records stocktake keeps: initiatives, their organisation, partners and
 * framework tags, and the rules every record obeys whatever door it came in by.
 *
 * A struct initiative is a view: its strings and arrays live in an arena owned by whoever
 * filled it (an importer, the store, a page). Absent optional fields are NULL. Enumerated
 * fields hold their canonical text ("civil-society", "ongoing"), the same text the record
 * format, the database and the API use, so there is one spelling everywhere.
 */
#ifndef STOCKTAKE_DOMAIN_INITIATIVE_H
#define STOCKTAKE_DOMAIN_INITIATIVE_H

#include "core/arena.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

/* Limits on one record, in characters (code points) for text, items for lists. */
#define INI_MAX_SOURCE 64
#define INI_MAX_SOURCE_ID 200
#define INI_MAX_TITLE 500
#define INI_MAX_SUMMARY 2000
#define INI_MAX_DESCRIPTION 100000
#define INI_MAX_URL 2000
#define INI_MAX_NAME 500
#define INI_MAX_CODE 64
#define INI_MAX_COUNTRIES 300
#define INI_MAX_REGIONS 50
#define INI_MAX_SECTORS 100
#define INI_MAX_PARTNERS 100
#define INI_MAX_TAGS 500

struct organisation {
	const char *name; /* NULL when the record names no organisation */
	const char *stakeholder_type;
	const char *country; /* ISO 3166-1 alpha-2 */
	const char *website;
};

struct partner {
	const char *name;
	const char *role; /* free text: funding, implementing, ... (may be NULL) */
};

struct tag {
	const char *scheme; /* sdg, sdg_target, action_line, gdc */
	const char *code;
	const char *origin; /* submitter, moderator, model */
	double score;
	int has_score;
};

struct initiative {
	int64_t id; /* 0 until stored */
	const char *source, *source_id;
	const char *title, *summary, *description;
	struct organisation org;
	const char *stakeholder_type;
	const char *scope;
	const char *start_date, *end_date;
	const char *status;
	const char *url;
	const char *language;
	const char *state;
	const char *created_at, *updated_at; /* set by the store */

	const char **countries;
	size_t ncountries, capcountries;
	const char **regions;
	size_t nregions, capregions;
	const char **sectors;
	size_t nsectors, capsectors;
	struct partner *partners;
	size_t npartners, cappartners;
	struct tag *tags;
	size_t ntags, captags;
};

/* The enumerations, each a NULL-terminated list of canonical values. */
extern const char *const ini_stakeholder_types[];
extern const char *const ini_scopes[];
extern const char *const ini_statuses[];
extern const char *const ini_states[];
extern const char *const ini_tag_schemes[];
extern const char *const ini_tag_origins[];

/* ini_enum_valid tells whether s is one of the values in list. */
int ini_enum_valid(const char *const *list, const char *s);
/* ini_enum_list writes the values of list as "a, b, c" into out (for error messages). */
void ini_enum_list(const char *const *list, char *out, size_t outlen);

/* ini_init zeroes *ini. */
void ini_init(struct initiative *ini);

/*
 * Appending to the list fields. Each copies nothing (the strings must already live in
 * the arena or be static), grows the array in arena a, and fails with ERR_TOO_LARGE past
 * the field's limit or ERR_NOMEM.
 */
int ini_add_country(struct initiative *ini, struct arena *a, const char *iso2);
int ini_add_region(struct initiative *ini, struct arena *a, const char *region);
int ini_add_sector(struct initiative *ini, struct arena *a, const char *sector);
int ini_add_partner(struct initiative *ini, struct arena *a, const char *name, const char *role);
int ini_add_tag(struct initiative *ini, struct arena *a, const char *scheme, const char *code,
		const char *origin, double score, int has_score);
/*
 * ini_copy makes *dst a deep copy of src, every string and list in arena a (for a record
 * that must outlive the arena it was read into). 0 or ERR_NOMEM (dst then partly filled).
 */
int ini_copy(struct initiative *dst, const struct initiative *src, struct arena *a);
/* ini_has_tag_scheme tells whether ini has at least one tag of scheme. */
int ini_has_tag_scheme(const struct initiative *ini, const char *scheme);

/*
 * ini_validate checks what a record can be checked for on its own: required fields,
 * lengths, UTF-8, enumerations, date and URL forms, code shapes, duplicates. Whether a
 * country or a framework code exists is the caller's check against the loaded frameworks.
 * Returns 0 or ERR_INVALID / ERR_TOO_LARGE with e naming the field.
 */
int ini_validate(const struct initiative *ini, struct errinfo *e);

#endif
