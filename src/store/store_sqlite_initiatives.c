/*
 * store_sqlite_initiatives.c - organisations, initiatives and their revisions in the SQLite
 * backend.
 */
#include "store/store_sqlite_internal.h"

#include "core/buf.h"
#include "core/utc.h"
#include "domain/record_json.h"
#include "domain/record_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* org_resolve finds the organisation named in ini or creates it; *id = 0 when none. */
static int org_resolve(struct store *s, const struct organisation *o, const char *actor,
		       const char *now, int64_t *id)
{
	sqlite3_stmt *st;
	char idbuf[24];
	int rc;

	*id = 0;
	if (!o->name)
		return 0;
	if (!(st = store__stmt(s, STMT_ORG_FIND)))
		return ERR_DB;
	store__bind_text(st, 1, o->name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = store__col_text(st, 1), *c = store__col_text(st, 2),
			   *w = store__col_text(st, 3);
		int same = (!o->stakeholder_type || (t && strcmp(t, o->stakeholder_type) == 0)) &&
			   (!o->country || (c && strcmp(c, o->country) == 0)) &&
			   (!o->website || (w && strcmp(w, o->website) == 0));

		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (same)
			return 0;
		if (!(st = store__stmt(s, STMT_ORG_UPDATE)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, *id);
		store__bind_text(st, 2, o->stakeholder_type);
		store__bind_text(st, 3, o->country);
		store__bind_text(st, 4, o->website);
		store__bind_text(st, 5, now);
		if ((rc = store__step_done(s, st, "updating an organisation")))
			return rc;
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)*id);
		return store_audit(s, actor, "update", "organisation", idbuf, o->name);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, "finding an organisation");
	if (!(st = store__stmt(s, STMT_ORG_INSERT)))
		return ERR_DB;
	store__bind_text(st, 1, o->name);
	store__bind_text(st, 2, o->stakeholder_type);
	store__bind_text(st, 3, o->country);
	store__bind_text(st, 4, o->website);
	store__bind_text(st, 5, now);
	if ((rc = store__step_done(s, st, "creating an organisation")))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)*id);
	return store_audit(s, actor, "create", "organisation", idbuf, o->name);
}

/* ini_find looks up the stored version of ini: *id and *same (doc unchanged). */
static int ini_find(struct store *s, const struct initiative *ini, const char *doc, int64_t *id,
		    int *same)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	*same = 0;
	if (ini->id) {
		if (!(st = store__stmt(s, STMT_INI_FIND_ID)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, ini->id);
	} else if (ini->source && ini->source_id) {
		if (!(st = store__stmt(s, STMT_INI_FIND_SOURCE)))
			return ERR_DB;
		store__bind_text(st, 1, ini->source);
		store__bind_text(st, 2, ini->source_id);
	} else {
		return 0;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*same = strcmp(store__col_text(st, 1), doc) == 0;
		rc = SQLITE_DONE;
	} else if (rc == SQLITE_DONE && ini->id) {
		sqlite3_reset(st);
		return store__fail(s, ERR_NOT_FOUND, "initiative %lld does not exist",
				   (long long)ini->id);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "finding an initiative");
}

static int ini_write_tags(struct store *s, const struct initiative *ini, int64_t id);

/*
 * fts_queue leaves the initiative id's change number, and with fill its full-text row, for
 * later (see fts_lo in store_sqlite_internal.h); a gap in the ids or a range of the other
 * kind flushes the pending range first. Only a bulk import leaves a range pending (change
 * numbers, its full-text rows written as it goes); a range to fill is flushed by the save
 * that queued it. Numbering a long range writes only new pages, which need no statement
 * journal.
 */
static int fts_queue(struct store *s, int64_t id, int fill)
{
	int rc;

	if (s->fts_lo && (id != s->fts_hi + 1 || fill != s->fts_fill) && (rc = store__fts_flush(s)))
		return rc;
	if (!s->fts_lo) {
		s->fts_lo = id;
		s->fts_fill = fill;
	}
	s->fts_hi = id;
	return 0;
}

/*
 * fts_add writes the full-text row of a new initiative at once, with the values the view
 * initiative_fts_src will read back from its row (the title, the document's summary and
 * description, the organisation's name, found by that name), so FTS5 can remove it later.
 */
static int fts_add(struct store *s, const struct initiative *ini, int64_t id)
{
	sqlite3_stmt *st = store__stmt(s, STMT_INI_FTS_ADD);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	store__bind_text(st, 2, ini->title);
	store__bind_text(st, 3, ini->summary);
	store__bind_text(st, 4, ini->description);
	store__bind_text(st, 5, ini->org.name);
	return store__step_done(s, st, "updating the search index");
}

/*
 * store__fts_bulk_setup lets FTS5 keep up to 16 MiB of new terms in memory before it writes
 * them as an index segment (its default is 1 MiB): a bulk import then writes a few large
 * segments instead of many small ones to merge (-15% CPU for 20,000 records). The setting
 * is kept in the index's own configuration; it changes no answer, and other writes, one
 * record per transaction, never fill the buffer.
 */
int store__fts_bulk_setup(struct store *s)
{
	sqlite3_stmt *st = store__stmt(s, STMT_INI_FTS_HASHSIZE);

	return st ? store__step_done(s, st, "configuring the search index") : ERR_DB;
}

void store__fts_discard(struct store *s)
{
	s->fts_lo = s->fts_hi = 0;
	s->fts_fill = 0;
}

int store__fts_flush(struct store *s)
{
	sqlite3_stmt *st;
	int rc;

	int64_t seq;

	if (!s->fts_lo)
		return 0;
	/*
	 * The pending initiatives get the next change numbers, in id order (migration 5 left
	 * this to the store instead of a trigger per row).
	 */
	if ((rc = store__count(s, STMT_SEARCH_SEQ, NULL, NULL, &seq)))
		goto out;
	if (!(st = store__stmt(s, STMT_INI_CHANGE_RANGE))) {
		rc = ERR_DB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, s->fts_lo);
	sqlite3_bind_int64(st, 2, s->fts_hi);
	sqlite3_bind_int64(st, 3, seq);
	if ((rc = store__step_done(s, st, "numbering the changes")))
		goto out;
	if (!s->fts_fill)
		goto out;
	if (!(st = store__stmt(s, STMT_INI_FTS_FILL))) {
		rc = ERR_DB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, s->fts_lo);
	sqlite3_bind_int64(st, 2, s->fts_hi);
	rc = store__step_done(s, st, "updating the search index");
out:
	store__fts_discard(s);
	return rc;
}

/* ini_write_lists stores ini's countries and tags; is_new: there are none to replace. */
static int ini_write_lists(struct store *s, const struct initiative *ini, int64_t id, int is_new)
{
	sqlite3_stmt *st;
	int rc;

	if (!is_new) {
		if (!(st = store__stmt(s, STMT_INI_COUNTRIES_DEL)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		if ((rc = store__step_done(s, st, "replacing countries")))
			return rc;
		if (!(st = store__stmt(s, STMT_INI_TAGS_DEL)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		if ((rc = store__step_done(s, st, "replacing tags")))
			return rc;
	}
	for (size_t i = 0; i < ini->ncountries; i++) {
		if (!(st = store__stmt(s, STMT_INI_COUNTRY_ADD)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		store__bind_text(st, 2, ini->countries[i]);
		if ((rc = store__step_done(s, st, "storing a country of an initiative")))
			return rc;
	}
	/*
	 * The full-text index follows the record: it reads the text through the view
	 * initiative_fts_src (migration 5), so what it indexes is what it later removes.
	 */
	if (is_new && s->bulk)
		return (rc = fts_add(s, ini, id)) || (rc = fts_queue(s, id, 0))
			   ? rc
			   : ini_write_tags(s, ini, id);
	if ((rc = fts_queue(s, id, 1)) || (rc = store__fts_flush(s)))
		return rc;
	return ini_write_tags(s, ini, id);
}

/*
 * fts_remove takes initiative id out of the search index before its row changes: FTS5
 * finds the terms to remove by reading the row as it was indexed (migration 5). Pending
 * new rows are indexed first, so the row is in the index whatever the order of writes.
 */
static int fts_remove(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = store__fts_flush(s)))
		return rc;
	if (!(st = store__stmt(s, STMT_INI_FTS_DEL)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return store__step_done(s, st, "updating the search index");
}

/* ini_write_tags stores ini's tags (after any old ones were deleted). */
static int ini_write_tags(struct store *s, const struct initiative *ini, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	for (size_t i = 0; i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];

		if (!(st = store__stmt(s, STMT_INI_TAG_ADD)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		store__bind_text(st, 2, t->scheme);
		store__bind_text(st, 3, t->code);
		store__bind_text(st, 4, t->origin ? t->origin : "submitter");
		if (t->has_score)
			sqlite3_bind_double(st, 5, t->score);
		if ((rc = store__step_done(s, st, "storing a tag")))
			return rc;
	}
	return 0;
}

static void bind_initiative(sqlite3_stmt *st, const struct initiative *ini, int64_t org_id,
			    const char *doc, const char *now, const char *actor)
{
	store__bind_text(st, 1, ini->source);
	store__bind_text(st, 2, ini->source_id);
	store__bind_text(st, 3, ini->title);
	if (org_id)
		sqlite3_bind_int64(st, 4, org_id);
	store__bind_text(st, 5, ini->stakeholder_type);
	store__bind_text(st, 6, ini->scope);
	store__bind_text(st, 7, ini->start_date);
	store__bind_text(st, 8, ini->end_date);
	store__bind_text(st, 9, ini->status);
	store__bind_text(st, 10, ini->url);
	store__bind_text(st, 11, ini->language);
	store__bind_text(st, 12, ini->state ? ini->state : "submitted");
	store__bind_text(st, 13, doc);
	store__bind_text(st, 14, now);
	store__bind_text(st, 15, actor);
}

/* stored_copy is ini as its stored document and row have it. */
static struct initiative stored_copy(const struct initiative *ini)
{
	struct initiative copy = *ini;

	/* The stored document carries the state actually stored, never ids or times. */
	copy.id = 0;
	copy.created_at = copy.updated_at = NULL;
	if (!copy.state)
		copy.state = "submitted";
	return copy;
}

char *store_initiative_dump(const struct initiative *ini)
{
	struct initiative copy = stored_copy(ini);

	return record_dump(&copy, 0);
}

int store_initiative_save(struct store *s, const struct initiative *ini, const char *actor,
			  enum store_save_result *result, int64_t *idp)
{
	char *doc;
	int rc;

	if (s->readonly)
		return store__fail(s, ERR_DB_READONLY, "the database %s is opened read-only",
				   s->path);
	if (!(doc = store_initiative_dump(ini)))
		return store__fail(s, ERR_NOMEM, "out of memory");
	rc = store_initiative_save_doc(s, ini, doc, actor, result, idp);
	free(doc);
	return rc;
}

int store_initiative_save_doc(struct store *s, const struct initiative *ini, const char *doc,
			      const char *actor, enum store_save_result *result, int64_t *idp)
{
	enum store_save_result res_local;
	struct initiative copy = stored_copy(ini);
	char now[UTC_ISO_LEN], idbuf[24];
	sqlite3_stmt *st;
	int64_t id, org_id;
	int same, rc, opened;

	if (s->readonly)
		return store__fail(s, ERR_DB_READONLY, "the database %s is opened read-only",
				   s->path);
	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = ini_find(s, ini, doc, &id, &same)))
		goto out;
	if (!actor)
		actor = "system";
	if (id && same) {
		res_local = STORE_UNCHANGED;
		goto done;
	}
	utc_format(utc_now(), now);
	if ((rc = org_resolve(s, &ini->org, actor, now, &org_id)))
		goto out;
	if (id) {
		/* The version being replaced becomes a revision. */
		if (!(st = store__stmt(s, STMT_REV_KEEP))) {
			rc = ERR_DB;
			goto out;
		}
		sqlite3_bind_int64(st, 1, id);
		if ((rc = store__step_done(s, st, "keeping the previous version")) ||
		    (rc = fts_remove(s, id)))
			goto out;
	}
	if (!(st = store__stmt(s, id ? STMT_INI_UPDATE : STMT_INI_INSERT))) {
		rc = ERR_DB;
		goto out;
	}
	bind_initiative(st, &copy, org_id, doc, now, actor);
	if (id)
		sqlite3_bind_int64(st, 16, id);
	if ((rc = store__step_done(s, st,
				   id ? "updating an initiative" : "inserting an initiative")))
		goto out;
	res_local = id ? STORE_UPDATED : STORE_INSERTED;
	if (!id)
		id = sqlite3_last_insert_rowid(s->db);
	if ((rc = ini_write_lists(s, ini, id, res_local == STORE_INSERTED)))
		goto out;
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	if ((rc = store_audit(s, actor, res_local == STORE_INSERTED ? "create" : "update",
			      "initiative", idbuf, ini->title)))
		goto out;
done:
	if (result)
		*result = res_local;
	if (idp)
		*idp = id;
out:
	return store__tx_leave(s, opened, rc);
}

/*
 * decode_doc parses a stored document into *out (strings in a): directly when it can (the
 * documents are record_dump's), through jansson otherwise.
 */
static int decode_doc(struct store *s, const char *doc, size_t n, struct arena *a,
		      struct initiative *out)
{
	struct errinfo e;
	json_error_t jerr;
	json_t *j;
	int rc;

	ini_init(out);
	if (record_text_parse(doc, n, a, out) == 0)
		return 0;
	j = json_loads(doc, 0, &jerr);
	errinfo_clear(&e);
	if (!j)
		return store__fail(s, ERR_DB, "a stored record is not valid JSON: %s", jerr.text);
	ini_init(out);
	rc = record_from_json(j, a, out, &e);
	json_decref(j);
	if (rc)
		return store__fail(s, ERR_DB, "a stored record does not decode: %s", e.msg);
	return 0;
}

int store_initiative_get(struct store *s, int64_t id, struct arena *a, struct initiative *out)
{
	struct initiative ini;
	const char *doc;
	sqlite3_stmt *st;
	int rc;

	if ((rc = store__initiative_row(s, STMT_INI_GET, id, &st)))
		return rc;
	doc = store__col_text(st, 0);
	rc = decode_doc(s, doc, (size_t)sqlite3_column_bytes(st, 0), a, &ini);
	if (!rc) {
		ini.id = id;
		ini.created_at = arena_strdup(a, store__col_text(st, 1));
		ini.updated_at = arena_strdup(a, store__col_text(st, 2));
		*out = ini;
	}
	sqlite3_reset(st);
	return rc;
}

/*
 * list_fields copies into out what a result list shows of full (see store.h): the stored
 * document is read whole by record_text_parse (jansson only when it declines), which costs
 * less than SQLite's json_extract of each field.
 */
static void list_fields(const struct initiative *full, struct initiative *out)
{
	ini_init(out);
	out->id = full->id;
	out->title = full->title;
	out->summary = full->summary;
	out->description = full->summary ? NULL : full->description;
	out->org.name = full->org.name;
	out->org.stakeholder_type = full->org.stakeholder_type;
	out->org.country = full->org.country;
	out->org.website = full->org.website;
	out->stakeholder_type = full->stakeholder_type;
	out->start_date = full->start_date;
	out->status = full->status;
	out->url = full->url;
	out->created_at = full->created_at;
	out->updated_at = full->updated_at;
	out->countries = full->countries;
	out->ncountries = full->ncountries;
	out->capcountries = full->capcountries;
	out->tags = full->tags;
	out->ntags = full->ntags;
	out->captags = full->captags;
}

int store_initiative_list_text(struct store *s, int64_t id, struct arena *a, struct initiative *out,
			       const char **description)
{
	struct initiative full;
	int rc;

	if ((rc = store_initiative_get(s, id, a, &full)))
		return rc;
	list_fields(&full, out);
	if (description)
		*description = full.description;
	return 0;
}

int store_initiative_list_item(struct store *s, int64_t id, struct arena *a, struct initiative *out)
{
	return store_initiative_list_text(s, id, a, out, NULL);
}

int store_initiative_each(struct store *s, const struct store_filter *f, store_initiative_cb cb,
			  void *ud)
{
	sqlite3_stmt *st;
	struct arena scratch;
	struct buf line;
	int rc, crc = 0;

	/* Its own statement, not the cached one: a callback may call back into the store. */
	if (sqlite3_prepare_v2(s->db,
			       store__sql[f && f->state ? STMT_INI_EACH_STATE : STMT_INI_EACH], -1,
			       &st, NULL) != SQLITE_OK)
		return store__db_fail(s, "listing initiatives");
	if (f && f->state)
		store__bind_text(st, 1, f->state);
	arena_init(&scratch, 0);
	buf_init(&line, 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct initiative ini;
		const char *doc = store__col_text(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);

		arena_reset(&scratch);
		if (f && f->json_only)
			ini_init(&ini);
		else if ((crc = decode_doc(s, doc, n, &scratch, &ini)))
			break;
		ini.id = sqlite3_column_int64(st, 0);
		ini.created_at = store__col_text(st, 2);
		ini.updated_at = store__col_text(st, 3);
		/* The JSON line is the stored document with the metadata spliced in. */
		buf_reset(&line);
		if (n < 2 || doc[0] != '{' || doc[n - 1] != '}') {
			crc =
			    store__fail(s, ERR_DB, "initiative %lld has a malformed stored record",
					(long long)ini.id);
			break;
		}
		if (buf_printf(&line, "{\"id\":%lld,", (long long)ini.id) ||
		    buf_append(&line, doc + 1, n - 2) ||
		    buf_printf(&line, ",\"created_at\":\"%s\",\"updated_at\":\"%s\"}",
			       ini.created_at, ini.updated_at)) {
			crc = store__fail(s, ERR_NOMEM, "out of memory");
			break;
		}
		if ((crc = cb(ud, &ini, buf_cstr(&line))))
			break;
	}
	if (!crc && rc != SQLITE_DONE)
		crc = store__db_fail(s, "listing initiatives");
	sqlite3_finalize(st);
	arena_cleanup(&scratch);
	buf_cleanup(&line);
	return crc;
}

int store_revision_count(struct store *s, int64_t id, int64_t *n)
{
	sqlite3_stmt *st = store__stmt(s, STMT_REV_COUNT);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return store__step_int(s, st, n, "counting revisions");
}
