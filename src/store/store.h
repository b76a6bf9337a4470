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

/*
 * store_library_init sets up the database library for the process; call it once at start-up,
 * before any thread opens a store.
 */
void store_library_init(void);

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
/*
 * store_begin_bulk begins a transaction whose writes skip their own savepoints: a failed
 * write may leave partial work behind, so the caller must store_rollback after any error
 * (the import does). Savepoints make FTS5 flush its pending terms on every write.
 * Foreign keys are not enforced until it ends: the caller checks every framework code and
 * country it writes (the import does, model tags included).
 */
int store_begin_bulk(struct store *s);
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

/*
 * Framework pages (store_sqlite_frameworks.c): what the published initiatives say about each
 * framework code. Schemes: the tag schemes (sdg, sdg_target, action_line, gdc), "country"
 * (the initiative's countries) and "m49_region" / "itu_region" (the regions of those
 * countries; an M49 code matches a country's region, sub-region or intermediate region).
 */
/* store_fw_tally calls cb(ud, code, n) for each code of scheme that n > 0 published
 * initiatives have, in no particular order. */
typedef int (*store_tally_cb)(void *ud, const char *code, int64_t n);
int store_fw_tally(struct store *s, const char *scheme, store_tally_cb cb, void *ud);

/* A short listing of an initiative (strings valid during the callback only). */
struct store_ini_brief {
	int64_t id;
	const char *title;
	const char *summary, *organisation, *start_date, *end_date; /* NULL when absent */
};
typedef int (*store_brief_cb)(void *ud, const struct store_ini_brief *b);
/*
 * store_fw_initiatives calls cb for the published initiatives with code in scheme (for a
 * heading such as the Action Line C7: with any code under it, C7.e-health ...), newest first,
 * at most limit of them, and sets *total (may be NULL) to how many there are in all. The
 * callback must not call into s.
 */
int store_fw_initiatives(struct store *s, const char *scheme, const char *code, int limit,
			 store_brief_cb cb, void *ud, int64_t *total);
/* store_fw_links_to calls cb(ud, from_code) for each link from from_scheme to (to_scheme,
 * to_code): the reverse of store_fw_links. */
int store_fw_links_to(struct store *s, const char *to_scheme, const char *to_code,
		      const char *from_scheme, int (*cb)(void *ud, const char *from_code),
		      void *ud);

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
/*
 * store_initiative_dump returns the document store_initiative_save stores for ini (the
 * record with the state it is stored in, no id nor times), for the caller to free; NULL
 * when out of memory. It uses no store, so it may run on any thread (the import builds it
 * on its mapping thread); store_initiative_save_doc is store_initiative_save given it.
 */
char *store_initiative_dump(const struct initiative *ini);
int store_initiative_save_doc(struct store *s, const struct initiative *ini, const char *doc,
			      const char *actor, enum store_save_result *result, int64_t *id);

/* store_initiative_get reads initiative id into *out, strings in arena a; ERR_NOT_FOUND. */
int store_initiative_get(struct store *s, int64_t id, struct arena *a, struct initiative *out);
/*
 * store_initiative_list_item reads what a list of results shows of initiative id into *out
 * (strings in a): title, summary (the description only when there is no summary),
 * organisation, stakeholder type, start date, status, url, countries and tags, each as
 * store_initiative_get would give it, and the timestamps; every other field is absent.
 * ERR_NOT_FOUND.
 */
int store_initiative_list_item(struct store *s, int64_t id, struct arena *a,
			       struct initiative *out);
/*
 * store_initiative_list_text is store_initiative_list_item that also sets *description to the
 * initiative's whole description (NULL without one), which the item carries only when there
 * is no summary: a result's passage (snippet) may come from it.
 */
int store_initiative_list_text(struct store *s, int64_t id, struct arena *a, struct initiative *out,
			       const char **description);

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
/*
 * store_summary counts published initiatives and organisations: the two figures the home
 * page shows, without the full statistics' scans of tags, revisions and the audit log.
 */
int store_summary(struct store *s, int64_t *published, int64_t *organisations);
/* store_count_organisations counts organisations (the home page's other figure, when the
 * search index gives the number of published initiatives). */
int store_count_organisations(struct store *s, int64_t *n);

/*
 * Accounts, sessions and API tokens (store_sqlite_accounts.c).
 *
 * Passwords arrive already hashed (argon2id strings); sessions and API tokens are known by
 * the SHA-256 hash of their secret only. Every write leaves an audit record by actor.
 */
struct store_user {
	int64_t id;
	const char *email, *name;
	const char *password_hash;
	const char *role;         /* "submitter", "moderator" or "admin" */
	const char *organisation; /* the organisation's name, NULL when none */
	int disabled;
	const char *created_at;
};

/*
 * store_user_create adds an account; organisation (may be NULL or "") is found by name or
 * created. An email already taken (case-insensitive) is ERR_CONFLICT. *id may be NULL.
 */
int store_user_create(struct store *s, const char *email, const char *name,
		      const char *password_hash, const char *role, const char *organisation,
		      const char *actor, int64_t *id);
/* store_user_by_email / store_user_by_id read an account (strings in a); ERR_NOT_FOUND. */
int store_user_by_email(struct store *s, const char *email, struct arena *a,
			struct store_user *out);
int store_user_by_id(struct store *s, int64_t id, struct arena *a, struct store_user *out);
/* store_user_set_password / _set_role change an account; ERR_NOT_FOUND when there is none. */
int store_user_set_password(struct store *s, int64_t id, const char *password_hash,
			    const char *actor);
int store_user_set_role(struct store *s, int64_t id, const char *role, const char *actor);
/* store_user_list calls cb for each account by email (valid during the call; no hash). */
typedef int (*store_user_cb)(void *ud, const struct store_user *u);
int store_user_list(struct store *s, store_user_cb cb, void *ud);

/*
 * store_session_create records a session of user_id that ends at expires_at (Unix time),
 * with its CSRF token, and forgets expired sessions.
 */
int store_session_create(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
			 int64_t expires_at, const char *actor);
/*
 * store_session_find reads the session with token_hash and its user (strings in a). A
 * session that has expired by now, or whose account is disabled, is ERR_NOT_FOUND.
 */
int store_session_find(struct store *s, const char *token_hash, int64_t now, struct arena *a,
		       struct store_user *user, const char **csrf);
/* store_session_delete ends one session (none is not an error). */
int store_session_delete(struct store *s, const char *token_hash, const char *actor);
/* store_session_delete_user ends every session of user_id except except_hash (may be NULL). */
int store_session_delete_user(struct store *s, int64_t user_id, const char *except_hash,
			      const char *actor);

/*
 * Attempts, for rate limiting (failed log-ins, registrations): store_attempt_add records
 * one under key (e.g. "email:a@b.org", "addr:192.0.2.1", "register:192.0.2.1") at time
 * at, audited as action, forgetting attempts older than a day; store_attempt_count
 * counts those of key since since.
 */
int store_attempt_add(struct store *s, const char *key, int64_t at, const char *action,
		      const char *actor);
int store_attempt_count(struct store *s, const char *key, int64_t since, int64_t *n);

/* store_user_set_disabled disables (1) or enables (0) account id, ending its sessions when
 * disabled (its API tokens stop working while it is); ERR_NOT_FOUND when there is none. */
int store_user_set_disabled(struct store *s, int64_t id, int disabled, const char *actor);

struct store_token {
	int64_t id;
	const char *name, *created_at, *last_used_at; /* last_used_at NULL when never */
	int revoked;
};

/* store_token_create records an API token of user_id by its hash; *id may be NULL. */
int store_token_create(struct store *s, int64_t user_id, const char *token_hash, const char *name,
		       const char *actor, int64_t *id);
/*
 * store_token_user reads the user of the token with token_hash (strings in a) and notes
 * that it was used at now (at most once a minute). A revoked token, or one of a disabled
 * account, is ERR_NOT_FOUND.
 */
int store_token_user(struct store *s, const char *token_hash, int64_t now, struct arena *a,
		     struct store_user *out);
/* store_token_list calls cb for each token of user_id, newest first. */
typedef int (*store_token_cb)(void *ud, const struct store_token *t);
int store_token_list(struct store *s, int64_t user_id, store_token_cb cb, void *ud);
/* store_token_revoke revokes token id of user_id; ERR_NOT_FOUND when user_id has no such token. */
int store_token_revoke(struct store *s, int64_t user_id, int64_t token_id, const char *actor);

/*
 * Search, facets and cursor pagination (store_sqlite_search.c).
 */

/* What the search index (src/search/) keeps of an initiative. */
struct store_search_row {
	int64_t id;
	int gone; /* the initiative no longer exists: only id is set */
	const char *state, *stakeholder_type, *status, *start_date, *created_at, *title;
};

/* Where store_search_load sends what it reads; strings are valid during the call only. */
struct store_search_sink {
	void *ud;
	int (*row)(void *ud, const struct store_search_row *r);
	int (*tag)(void *ud, int64_t id, const char *scheme, const char *code);
	int (*country)(void *ud, int64_t id, const char *iso2);
	/* the initiative's searchable text in tokens (every column), sent last; NULL: not read */
	int (*length)(void *ud, int64_t id, int64_t ntokens);
};

/*
 * store_search_seq reads the change number: it grows with every committed change to an
 * initiative, its tags or its countries, made by any connection or process.
 */
int store_search_seq(struct store *s, int64_t *seq);
/* store_search_changes counts the initiatives changed after change number since. */
int store_search_changes(struct store *s, int64_t since, int64_t *n);
/*
 * store_search_load reads, in one consistent snapshot, every initiative (full) or only
 * those changed after change number since, and sets *seq to the snapshot's change number.
 * Full: every row, then every tag, then every country. Otherwise, for each changed
 * initiative: its row (r->gone when it was deleted), then its tags and countries. A
 * non-zero return from the sink stops the load and is returned.
 */
int store_search_load(struct store *s, int full, int64_t since,
		      const struct store_search_sink *sink, int64_t *seq);
/*
 * The token counts a ranked search reads from the caller instead of from FTS5's own table
 * (a B-tree lookup per match, most of bm25's cost): get returns initiative id's count, as
 * store_search_load sent it to sink->length, or -1 when it does not know it.
 */
struct store_fts_lengths {
	int64_t (*get)(void *ud, int64_t id);
	void *ud;
};

/*
 * store_search_fts runs the FTS5 query fts (made by search_fts_query, never raw user text)
 * and calls cb(ud, id, rank) for each matching initiative, in id order. Unranked, rank is 0
 * (fast: no scoring). Ranked, rank is FTS5's bm25 score (lower is better; the title weighs
 * most, then the summary, the organisation and the description), computed as FTS5's bm25()
 * computes it, with the token counts from len where it knows them (len NULL: from FTS5).
 */
int store_search_fts(struct store *s, const char *fts, int ranked,
		     const struct store_fts_lengths *len,
		     int (*cb)(void *ud, int64_t id, double rank), void *ud);
/*
 * store_search_snippet sets *out to a short passage of initiative id's description (else
 * summary) around the terms of fts, each term between the bytes \x01 and \x02 (a string in
 * a), or NULL when neither holds a term.
 */
int store_search_snippet(struct store *s, const char *fts, int64_t id, struct arena *a,
			 const char **out);
/*
 * store_search_snippets sets out[i] as store_search_snippet would for each of ids[0..n) (a
 * page, at most STORE_SNIPPETS_MAX): for a query with a prefix term ("financ"*), which FTS5
 * expands over the whole index at every query, in one query for the page instead of one each.
 */
#define STORE_SNIPPETS_MAX 100
int store_search_snippets(struct store *s, const char *fts, const int64_t *ids, size_t n,
			  struct arena *a, const char **out);

/*
 * Moderation: submissions, decisions, revisions to compare (store_sqlite_initiatives.c).
 */

struct store_revision; /* below */

/* What the moderation queue and "My initiatives" show of an initiative (store_sqlite_moderation.c). */
struct store_submission {
	int64_t id;
	const char *title, *state;
	const char *organisation;    /* name, NULL when none */
	const char *submitter_email; /* NULL when none (imported records) */
	const char *moderation_note; /* the reason of the last rejection, NULL when none */
	const char *created_at, *updated_at;
};
/* A position in a list ordered by (time, id): the last item of the page before. */
struct store_cursor {
	const char *at; /* NULL: from the start */
	int64_t id;
};
/*
 * store_moderation_queue reads up to limit submitted initiatives, oldest change first,
 * after cursor (may be NULL), into an array in a; *total gets how many are waiting.
 */
int store_moderation_queue(struct store *s, const struct store_cursor *after, size_t limit,
			   struct arena *a, struct store_submission **out, size_t *n,
			   int64_t *total);
/*
 * store_user_initiatives reads up to limit initiatives submitted by user_id, newest first,
 * with ids below before (0: from the newest), into an array in a.
 */
int store_user_initiatives(struct store *s, int64_t user_id, int64_t before, size_t limit,
			   struct arena *a, struct store_submission **out, size_t *n);
/* store_initiative_set_submitter records user_id as the account that submitted id. */
int store_initiative_set_submitter(struct store *s, int64_t id, int64_t user_id);
/* store_initiative_set_note sets (or, with NULL, clears) the moderation note of id. */
int store_initiative_set_note(struct store *s, int64_t id, const char *note);
/* store_initiative_find_source sets *id to the initiative with (source, source_id), or 0. */
int store_initiative_find_source(struct store *s, const char *source, const char *source_id,
				 int64_t *id);
/* store_initiative_doc reads the stored record of id (JSON, in a); ERR_NOT_FOUND. */
int store_initiative_doc(struct store *s, int64_t id, struct arena *a, const char **doc);
/*
 * store_revision_last reads the newest kept earlier version of id whose record has state
 * (any state when NULL) into *out (strings in a); *found = 0 when there is none.
 */
int store_revision_last(struct store *s, int64_t id, const char *state, struct arena *a,
			struct store_revision *out, int *found);
/* store_org_names calls cb for each organisation name, alphabetically, at most limit. */
int store_org_names(struct store *s, size_t limit, int (*cb)(void *ud, const char *name), void *ud);
/* store_org_get reads the organisation called name into *out (strings in a); *found. */
int store_org_get(struct store *s, const char *name, struct arena *a, struct organisation *out,
		  int *found);

/* One line of the audit log. */
struct store_audit_entry {
	int64_t id;
	const char *at, *actor, *action, *entity, *entity_id, *detail;
};
/* Which lines: each non-NULL field must match exactly; before is an id cursor (0: newest). */
struct store_audit_filter {
	const char *actor, *action, *entity, *entity_id;
	int64_t before;
};
/* store_audit_list reads up to limit matching lines, newest first, into an array in a. */
int store_audit_list(struct store *s, const struct store_audit_filter *f, size_t limit,
		     struct arena *a, struct store_audit_entry **out, size_t *n);

/* One version of an initiative: the record as stored, who made it and when. */
struct store_revision {
	int64_t rev;     /* 1 for the first version */
	const char *doc; /* the record format without id and times (JSON) */
	const char *actor, *created_at;
	int current; /* the version the initiative has now */
};
/*
 * store_revision_list reads the last `limit` versions of initiative id, the current one
 * included, oldest first, into an array in a (store_sqlite_view.c). ERR_NOT_FOUND when
 * there is no such initiative.
 */
int store_revision_list(struct store *s, int64_t id, int limit, struct arena *a,
			struct store_revision **out, size_t *n);

/* Who may see an unpublished initiative, and why it is where it is. */
struct store_ini_access {
	int64_t submitted_by; /* the account that submitted it, 0 when none (imported) */
	const char *state;
	const char *moderation_note; /* the moderator's reason, NULL when none */
	const char *updated_by;
};
/* store_initiative_access reads those of initiative id (strings in a); ERR_NOT_FOUND. */
int store_initiative_access(struct store *s, int64_t id, struct arena *a,
			    struct store_ini_access *out);
/*
 * store_initiative_related calls cb for up to limit published initiatives other than id
 * that share the most tags with it, ties broken by how many of title's distinct words
 * (case-folded, two characters or more, no stop words) each has as a whole word in its
 * title or summary, then by id, newest first (store_sqlite_view.c). The callback must not
 * call into s.
 */
int store_initiative_related(struct store *s, int64_t id, const char *title, int limit,
			     store_brief_cb cb, void *ud);
/*
 * store_initiative_related_among does the same among candidates found beforehand (ids[i]
 * shares shared[i] tags; at most STORE_RELATED_MAX), as search_related finds them from the
 * search index: the ones still published, most shared first, then by text, then by id.
 */
#define STORE_RELATED_MAX 200
int store_initiative_related_among(struct store *s, const char *title, const int64_t *ids,
				   const int *shared, size_t n, int limit, store_brief_cb cb,
				   void *ud);
/*
 * store_initiative_briefs calls cb for each of ids[0..n) that is a published initiative, in
 * that order: the rows of a list found beforehand (in the search index). The callback must
 * not call into s.
 */
int store_initiative_briefs(struct store *s, const int64_t *ids, size_t n, store_brief_cb cb,
			    void *ud);

/* store_audit records that actor did action on entity (e.g. "initiative", id) with detail. */
int store_audit(struct store *s, const char *actor, const char *action, const char *entity,
		const char *entity_id, const char *detail);

/*
 * Calls for inputs and the review timeline (store_sqlite_calls.c, store_sqlite_timeline.c).
 *
 * Calls, questions and responses are the records of domain/call.h; times are UTC seconds.
 * Every write leaves an audit record by actor. Writes that read before they write (an
 * extension, a response) run in an immediate transaction of their own when none is open,
 * so concurrent writers wait for each other instead of failing.
 */
#include "domain/call.h"

/* store_call_create stores a new call (call_validate first) and its original deadline. */
int store_call_create(struct store *s, const struct call *c, int64_t now, const char *actor,
		      int64_t *id);
/*
 * store_call_update changes a call's title, description, audience, zone and opening time;
 * the closing time moves only by store_call_extend, the state by store_call_set_state.
 */
int store_call_update(struct store *s, const struct call *c, const char *actor);
/* store_call_get reads call id (strings in a); ERR_NOT_FOUND. */
int store_call_get(struct store *s, int64_t id, struct arena *a, struct call *out);
/*
 * Where a page of calls, of the calls queue or of a call's responses starts: after the item
 * (key, id) that ended the page before (key: the call's closing time, the response's
 * update time, or 0 for responses by id); id 0, or a NULL pointer, for the first page.
 */
struct store_call_after {
	int64_t key, id;
};
/*
 * store_call_list reads up to limit calls after *after (NULL: from the first), latest
 * deadline first (drafts only when asked).
 */
int store_call_list(struct store *s, int drafts, const struct store_call_after *after, size_t limit,
		    struct arena *a, struct call **out, size_t *n);
/* store_call_set_state moves call id to state; ERR_NOT_FOUND. */
int store_call_set_state(struct store *s, int64_t id, enum call_state state, const char *actor);
/*
 * store_call_extend moves the deadline of call id to closes_at, which must be later than
 * the current one (ERR_INVALID otherwise), keeping the old one in the history with reason;
 * followers of the call and everyone with a draft get a notification. *notified (may be
 * NULL) gets how many.
 */
int store_call_extend(struct store *s, int64_t id, int64_t closes_at, const char *reason,
		      int64_t now, const char *actor, int64_t *notified);
/* store_call_deadlines reads the deadline history of call id, oldest first, into a. */
int store_call_deadlines(struct store *s, int64_t id, struct arena *a, struct call_deadline **out,
			 size_t *n);
/* store_call_question_add adds q (call_question_validate first) after the call's others. */
int store_call_question_add(struct store *s, int64_t call_id, const struct call_question *q,
			    const char *actor, int64_t *id);
/* store_call_questions reads the questions of call_id in order into a. */
int store_call_questions(struct store *s, int64_t call_id, struct arena *a,
			 struct call_question **out, size_t *n);
/*
 * store_call_response_save saves r (call_id, user_id, state, anonymous, answers; the
 * organisation, stakeholder type and country override the account's organisation's when
 * set) as the user's one response to the call, replacing its answers. The deadline is
 * checked against now in the same write: a call that does not accept responses at now is
 * ERR_CONFLICT and nothing is written. Answers must be checked (call_answer_check).
 */
int store_call_response_save(struct store *s, const struct call_response *r, int64_t now,
			     const char *actor, int64_t *id);
/* Which responses store_call_response_each reads. */
struct store_response_filter {
	int64_t user_id; /* 0: everyone's */
	int submitted;   /* only submitted responses */
	int visible;     /* not hidden by a moderator */
	int64_t after;   /* only responses whose id is greater: a page's start (0: all) */
	size_t limit;    /* stop after this many responses (0: no limit) */
};
/*
 * store_call_response_each calls cb for each response of call_id that f lets through, in
 * id order, with its answers (valid during the call only). Memory does not grow with the
 * number of responses. The callback must not call into s.
 */
typedef int (*store_response_cb)(void *ud, const struct call_response *r);
int store_call_response_each(struct store *s, int64_t call_id,
			     const struct store_response_filter *f, store_response_cb cb, void *ud);
/* store_call_response_hide hides response id of call_id with reason (shown to moderators). */
int store_call_response_hide(struct store *s, int64_t call_id, int64_t id, const char *reason,
			     const char *actor);
/* store_call_response_review marks response id of call_id as reviewed. */
int store_call_response_review(struct store *s, int64_t call_id, int64_t id, const char *actor);
/*
 * store_call_tally counts the visible submitted responses of call_id by "stakeholder_type",
 * "country" or "itu_region" (code NULL when unknown), largest first.
 */
int store_call_tally(struct store *s, int64_t call_id, const char *by, store_tally_cb cb, void *ud);
/* store_call_choices counts each value chosen for each choice or picker question. */
int store_call_choices(struct store *s, int64_t call_id,
		       int (*cb)(void *ud, int64_t question_id, const char *value, int64_t n),
		       void *ud);
/* store_call_follow starts (on) or stops following call_id for user_id. */
int store_call_follow(struct store *s, int64_t call_id, int64_t user_id, int on, int64_t now,
		      const char *actor);
int store_call_following(struct store *s, int64_t call_id, int64_t user_id, int *on);

/* One row of the notification outbox. */
/*
 * A notification is a message's kind and its arguments, put into words when it is shown, in
 * the reader's language. Kind "deadline" (a call's deadline moved): body is a JSON object
 * {"title", "tz", "was", "to", "reason"} (was and to: UTC seconds); subject is an English
 * line for logs. A notification written before arguments were kept has its English text
 * in subject and body, and body is not a JSON object.
 */
struct store_notification {
	int64_t id, call_id, created_at, sent_at; /* sent_at 0: not sent yet */
	const char *kind, *subject, *body;
};
/*
 * store_notifications reads user_id's notifications, newest first, at most limit, after
 * *after (NULL or id 0: from the newest; a page's cursor is 0 and the last id), into a.
 */
int store_notifications(struct store *s, int64_t user_id, const struct store_call_after *after,
			size_t limit, struct arena *a, struct store_notification **out, size_t *n);

/* What waits for a moderator across all calls: submitted responses not yet reviewed. */
struct store_call_queue_item {
	int64_t response_id, call_id, updated_at;
	const char *call_title, *organisation, *email;
};
/* store_call_queue reads up to limit of them after *after (NULL: first), oldest first; *total. */
int store_call_queue(struct store *s, const struct store_call_after *after, size_t limit,
		     struct arena *a, struct store_call_queue_item **out, size_t *n,
		     int64_t *total);
/*
 * "Previous page" links, by keyset: where the page before a page of limit items starts.
 * after is where the page starts (its ?cursor=); the list is read backwards from it, at
 * most limit + 1 items. *prev gets where the page before starts (zeroed when that is the
 * first page), and *has is 0 when nothing comes before the page (a first page: no link).
 * The filters are the page's (for responses, f; f->after is ignored).
 */
int store_call_list_prev(struct store *s, int drafts, const struct store_call_after *after,
			 size_t limit, struct store_call_after *prev, int *has);
int store_call_queue_prev(struct store *s, const struct store_call_after *after, size_t limit,
			  struct store_call_after *prev, int *has);
int store_call_response_prev(struct store *s, int64_t call_id,
			     const struct store_response_filter *f,
			     const struct store_call_after *after, size_t limit,
			     struct store_call_after *prev, int *has);
int store_notifications_prev(struct store *s, int64_t user_id, const struct store_call_after *after,
			     size_t limit, struct store_call_after *prev, int *has);

/* store_timeline_put stores ev (timeline_event_validate first) by its uid; *changed. */
int store_timeline_put(struct store *s, const struct timeline_event *ev, const char *actor,
		       int *changed);
/* store_timeline_list reads every timeline event, by start date, into a. */
int store_timeline_list(struct store *s, struct arena *a, struct timeline_event **out, size_t *n);

/*
 * Report figures (store_sqlite_figures.c): the initiatives a report counts, read in one
 * consistent snapshot for the figures service (src/report/figures.c) to count in memory.
 */
struct store_fig_query {
	const char *place_kind; /* NULL: the world; "country", "itu_region" or "m49_region" */
	const char *place;      /* the ISO2 code, ITU-D region key or M49 code */
	int from_year, to_year; /* on the start date's year; 0 when open (an undated
				   initiative is left out as soon as either is set) */
	const char *const *stakeholder_types; /* NULL: all */
	size_t n_stakeholder_types;
	const char *const *states; /* at least one */
	size_t n_states;
};

/* Where store_fig_load sends what it reads; strings are valid during the call only. */
struct store_fig_sink {
	void *ud;
	int (*initiative)(void *ud, int64_t id, const char *stakeholder_type,
			  const char *start_date);
	int (*tag)(void *ud, int64_t id, const char *scheme, const char *code, const char *origin);
	int (*country)(void *ud, int64_t id, const char *iso2);
	/* after each stream: 0 the initiatives, 1 the tags, 2 the countries (may be NULL) */
	int (*end)(void *ud, int stream);
};

/*
 * store_fig_load reads, in one read transaction, the initiatives matching q in id order,
 * then all their tags in initiative id order, then all their countries in initiative id
 * order. A non-zero return from the sink stops the load and is returned.
 */
int store_fig_load(struct store *s, const struct store_fig_query *q,
		   const struct store_fig_sink *sink);
/* What a report lists of an initiative (strings valid during the callback only). */
struct store_fig_brief {
	int64_t id;
	const char *title;
	const char *organisation, *start_date; /* NULL when absent */
	const char *countries;                 /* ISO2 codes joined by ", "; "" when none */
};
/*
 * store_fig_briefs calls cb for each of the n initiatives ids, in the order given, skipping
 * ids that no longer exist.
 */
int store_fig_briefs(struct store *s, const int64_t *ids, size_t n,
		     int (*cb)(void *ud, const struct store_fig_brief *b), void *ud);

/*
 * Reloading the reference data while servers run on the same database. The caches of a
 * running server (report figures, page validators, search answers) are keyed on the change
 * number (store_search_seq), which the initiatives move; reference data that changes must
 * move it too, or pages keep showing the old titles.
 *
 * store_change_bump gives the change number a new value without changing any initiative.
 * store_fw_mark, inside the transaction that reloads the frameworks and countries, keeps a
 * copy of them as stored; store_fw_settle, before that transaction commits, compares them
 * with the copy, drops it, and bumps the change number when any row differs, setting
 * *changed to 1 (0 when the reload changed nothing, so an idempotent reload keeps caches).
 */
int store_change_bump(struct store *s);
/*
 * store_search_ref_seq reads the change number store_change_bump last gave (0: never), so
 * the search index knows to read the frameworks' codes again.
 */
int store_search_ref_seq(struct store *s, int64_t *seq);
int store_fw_mark(struct store *s);
int store_fw_settle(struct store *s, int *changed);

#endif
