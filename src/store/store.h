/*
 * store.h - the one interface between stocktake and its database.
 *
 * Callers see records (struct initiative, framework items, countries), never SQL. The
 * embedded SQLite backend (store_sqlite.c) implements it today; a PostgreSQL backend can
 * implement the same functions behind store_open's path (a "postgresql://" URL) without
 * any caller changing. All functions return 0 or an enum err code; details are in
 * store_errmsg(s). A struct store is used by one thread at a time: each server thread or
 * job opens its own.
 */
#ifndef STOCKTAKE_STORE_STORE_H
#define STOCKTAKE_STORE_STORE_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "domain/lang.h"

#include <stdint.h>

struct store;

enum store_flags {
	STORE_CREATE = 1 << 0,   /* create the database file if it does not exist */
	STORE_READONLY = 1 << 1, /* open read-only: every write fails with ERR_DB_READONLY */
};

/*
 * store_open opens the database at path. A file that exists but is not a stocktake
 * database (or is newer than this program) is refused with ERR_NOT_STOCKTAKE / ERR_SCHEMA
 * and left untouched. On failure *out is untouched and e says why.
 */
int store_open(const char *path, int flags, struct store **out, struct errinfo *e);
/* store_close closes s; NULL is a no-op. */
void store_close(struct store *s);
/* store_errmsg describes the last failure on s (borrowed, valid until the next call). */
const char *store_errmsg(const struct store *s);

/* The schema version this program writes, and the database's current one. */
int store_schema_latest(void);
int store_schema_version(struct store *s, int *version);
/*
 * store_migrate brings the schema up to date, each migration in its own transaction: a
 * failing migration leaves the database as it was before that migration. *applied (may be
 * NULL) gets how many ran.
 */
int store_migrate(struct store *s, int *applied);

/* Transactions. Nested begin is an error; every write outside one is its own transaction. */
int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s);

/* Reference frameworks. Schemes: sdg, sdg_target, sdg_indicator, action_line, gdc,
 * m49_region, itu_region. */
struct fw_item {
	const char *scheme, *code;
	const char *parent; /* code of the parent item in the same or the enclosing scheme */
	const char *attr; /* scheme-specific extra: UNSD code of an indicator, level of a region */
	int sort;         /* order within the scheme */
	int is_group;     /* a heading (C7) rather than a code one can tag with */
	const char *title[LANG__COUNT];
	const char *short_title[LANG__COUNT];
};

struct country {
	const char *iso2, *iso3, *numeric;
	const char *m49_region, *m49_subregion, *m49_intermediate; /* M49 codes, "" when none */
	const char *itu_region;
	int ldc, lldc, sids;
	const char *name[LANG__COUNT];
};

/* Loading: each put inserts the item or replaces the stored one with the same key. */
int store_fw_put(struct store *s, const struct fw_item *item);
/* store_fw_links_clear removes every framework link (before the links are loaded again). */
int store_fw_links_clear(struct store *s);
int store_fw_link_put(struct store *s, const char *from_scheme, const char *from_code,
		      const char *to_scheme, const char *to_code);
int store_country_put(struct store *s, const struct country *c);

/*
 * Listing. The callback gets one item at a time (valid during the call) with titles in
 * lang, falling back to English where a translation is missing (title[0] holds the chosen
 * title, short_title[0] its short form). A non-zero return from the callback stops the
 * listing and is returned.
 */
typedef int (*store_fw_cb)(void *ud, const struct fw_item *item);
typedef int (*store_country_cb)(void *ud, const struct country *c);
int store_fw_list(struct store *s, const char *scheme, enum lang lang, store_fw_cb cb, void *ud);
int store_country_list(struct store *s, enum lang lang, store_country_cb cb, void *ud);
/* store_fw_links calls cb(ud, to_code) for each link from (from_scheme, from_code) to to_scheme. */
int store_fw_links(struct store *s, const char *from_scheme, const char *from_code,
		   const char *to_scheme, int (*cb)(void *ud, const char *to_code), void *ud);
/* store_fw_count counts items of scheme (groups excluded) into *n. */
int store_fw_count(struct store *s, const char *scheme, int64_t *n);
/* Existence checks: *found = 1 when the code is known (groups are not taggable). */
int store_fw_exists(struct store *s, const char *scheme, const char *code, int *found);
int store_country_exists(struct store *s, const char *iso2, int *found);
/* store_country_alias_put records another name for a country ("Tanzania" for TZ). */
int store_country_alias_put(struct store *s, const char *alias, const char *iso2);
/*
 * store_country_find resolves a code or a name (in any of the six languages, or a known
 * alias; case-insensitive for ASCII) to an ISO alpha-2 code in iso2; *found = 0 if none.
 */
int store_country_find(struct store *s, const char *name, char iso2[3], int *found);

/* Initiatives. */
enum store_save_result { STORE_INSERTED, STORE_UPDATED, STORE_UNCHANGED };

/*
 * store_initiative_save writes ini, which must already be valid (ini_validate and the
 * framework checks). With ini->id set it updates that initiative; else, with source and
 * source_id, it updates the initiative with the same pair or inserts one; else it
 * inserts. The organisation is matched by name and created when new. An update keeps the
 * version it replaces as a revision (with who made it and when), and every write leaves an
 * audit record by actor; saving an identical record changes nothing and reports
 * STORE_UNCHANGED. *result and *id may be NULL; actor NULL means "system".
 */
int store_initiative_save(struct store *s, const struct initiative *ini, const char *actor,
			  enum store_save_result *result, int64_t *id);

/* store_initiative_get reads initiative id into *out, strings in arena a; ERR_NOT_FOUND. */
int store_initiative_get(struct store *s, int64_t id, struct arena *a, struct initiative *out);

struct store_filter {
	const char *state; /* NULL: every state */
	int json_only;     /* the callback needs only the JSON line: ini then carries only id
			      and times, and the stored record is not decoded (much faster) */
};

/*
 * store_initiative_each calls cb for each initiative matching f in id order. The record
 * is given both decoded (ini, strings in a scratch arena reset between records) and as its
 * canonical JSON line with id and timestamps (json); both are valid during the call only.
 * Memory does not grow with the number of records.
 */
typedef int (*store_initiative_cb)(void *ud, const struct initiative *ini, const char *json);
int store_initiative_each(struct store *s, const struct store_filter *f, store_initiative_cb cb,
			  void *ud);

/*
 * store_revision_count counts the earlier versions kept for initiative id: 0 for a record
 * never changed since it was created, one more for each change.
 */
int store_revision_count(struct store *s, int64_t id, int64_t *n);

struct store_stats {
	int64_t initiatives;
	int64_t by_state[5]; /* in the order of ini_states */
	int64_t tags;
	int64_t tags_by_scheme[4]; /* in the order of ini_tag_schemes */
	int64_t organisations;
	int64_t countries;
	int64_t revisions;
	int64_t audit_records;
};
int store_stats(struct store *s, struct store_stats *out);

/* store_audit records that actor did action on entity (e.g. "initiative", id) with detail. */
int store_audit(struct store *s, const char *actor, const char *action, const char *entity,
		const char *entity_id, const char *detail);

#endif
