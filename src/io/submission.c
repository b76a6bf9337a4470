/*
 * submission.c - the submission service: creating and changing initiatives on behalf of an
 * account, and the moderators' decisions, each in one transaction with its audit record.
 * The rules are described in submission.h.
 */
#include "io/submission.h"

#include "core/buf.h"
#include "core/text.h"
#include "io/import.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* store_fail copies the store's message into e and returns rc. */
static int store_fail(struct store *s, int rc, struct errinfo *e)
{
	return errinfo_set(e, rc, NULL, "%s", store_errmsg(s));
}

/* finish commits when rc is 0, else rolls back; returns rc or the commit's error. */
static int finish(struct store *s, int rc, struct errinfo *e)
{
	if (rc) {
		store_rollback(s);
		return rc;
	}
	if ((rc = store_commit(s))) {
		store_rollback(s);
		return store_fail(s, rc, e);
	}
	return 0;
}

static int may_edit(struct store *s, int64_t id, const struct submission_actor *who,
		    struct arena *a, struct errinfo *e)
{
	struct store_ini_access acc;
	int rc = store_initiative_access(s, id, a, &acc);

	if (rc == ERR_NOT_FOUND)
		return errinfo_set(e, rc, NULL, "there is no initiative %lld", (long long)id);
	if (rc)
		return store_fail(s, rc, e);
	if (who->moderator)
		return 0;
	if (acc.submitted_by != who->user_id || !who->user_id)
		return errinfo_set(e, ERR_FORBIDDEN, NULL,
				   "you can only change initiatives you submitted yourself");
	if (strcmp(acc.state, "archived") == 0)
		return errinfo_set(e, ERR_FORBIDDEN, "state",
				   "this initiative is archived; only a moderator can change it");
	return 0;
}

int submission_may_edit(struct store *s, int64_t id, const struct submission_actor *who,
			struct arena *a, struct errinfo *e)
{
	return may_edit(s, id, who, a, e);
}

/* find_tag returns the tag of ini with scheme and code, or NULL. */
static const struct tag *find_tag(const struct initiative *ini, const char *scheme,
				  const char *code)
{
	for (size_t i = 0; i < ini->ntags; i++)
		if (strcmp(ini->tags[i].scheme, scheme) == 0 &&
		    strcmp(ini->tags[i].code, code) == 0)
			return &ini->tags[i];
	return NULL;
}

/*
 * settle_tags: tags the stored record has (old may be NULL) keep their origin and score;
 * new ones from a submitter are theirs, whatever origin the request claimed, except model
 * tags the caller checked against the model (who->model_checked).
 */
static void settle_tags(struct initiative *ini, const struct initiative *old,
			const struct submission_actor *who)
{
	for (size_t i = 0; i < ini->ntags; i++) {
		struct tag *t = &ini->tags[i];
		const struct tag *was =
		    old && t->scheme && t->code ? find_tag(old, t->scheme, t->code) : NULL;

		if (was) {
			t->origin = was->origin;
			t->score = was->score;
			t->has_score = was->has_score;
		} else if (who->model_checked && t->origin && strcmp(t->origin, "model") == 0 &&
			   t->has_score) {
			continue;
		} else if (!who->moderator) {
			t->origin = "submitter";
			t->score = 0;
			t->has_score = 0;
		}
	}
}

/* same_text compares two optional strings. */
static int same_text(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* keep_org: for a submitter, an organisation that exists keeps the details it has. */
static int keep_org(struct store *s, struct initiative *ini, struct arena *a, struct errinfo *e)
{
	struct organisation o;
	int found = 0, rc;

	if (!ini->org.name)
		return 0;
	if ((rc = store_org_get(s, ini->org.name, a, &o, &found)))
		return store_fail(s, rc, e);
	if (!found)
		return 0;
	if (o.stakeholder_type)
		ini->org.stakeholder_type = o.stakeholder_type;
	if (o.country)
		ini->org.country = o.country;
	if (o.website)
		ini->org.website = o.website;
	return 0;
}

/* new_source gives a record made here its own (source, source_id): "web" and 128 random bits. */
static int new_source(struct initiative *ini, struct arena *a, struct errinfo *e)
{
	unsigned char raw[16];
	char hex[sizeof raw * 2 + 1];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	ini->source = "web";
	ini->source_id = arena_strdup(a, hex);
	return ini->source_id ? 0 : errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
}

/* prepare applies the rules of submission.h to ini, inside the transaction. */
static int prepare(struct store *s, struct initiative *ini, const struct submission_actor *who,
		   struct arena *a, struct errinfo *e)
{
	struct initiative old;
	int64_t other = 0;
	int rc;

	ini_init(&old);
	if (!ini->state)
		ini->state = "submitted";
	if (!who->moderator && ini_enum_valid(ini_states, ini->state) &&
	    strcmp(ini->state, "draft") != 0 && strcmp(ini->state, "submitted") != 0)
		return errinfo_set(e, ERR_FORBIDDEN, "state",
				   "only a moderator can set the state \"%s\"", ini->state);
	if (ini->id) {
		if ((rc = may_edit(s, ini->id, who, a, e)))
			return rc;
		if ((rc = store_initiative_get(s, ini->id, a, &old)))
			return store_fail(s, rc, e);
		if (!ini->source && !ini->source_id) {
			ini->source = old.source;
			ini->source_id = old.source_id;
		}
		settle_tags(ini, &old, who);
	} else {
		if (!ini->source && !ini->source_id && (rc = new_source(ini, a, e)))
			return rc;
		settle_tags(ini, NULL, who);
	}
	/* A (source, source_id) names one initiative: saving would take the other one over. */
	if (ini->source && ini->source_id &&
	    (!ini->id || !same_text(ini->source, old.source) ||
	     !same_text(ini->source_id, old.source_id))) {
		if ((rc = store_initiative_find_source(s, ini->source, ini->source_id, &other)))
			return store_fail(s, rc, e);
		if (other && other != ini->id)
			return errinfo_set(e, ERR_CONFLICT, "source_id",
					   "initiative %lld already has this source and source_id; "
					   "change that one instead",
					   (long long)other);
	}
	if (!who->moderator && (rc = keep_org(s, ini, a, e)))
		return rc;
	if (!ini->stakeholder_type && ini->org.stakeholder_type)
		ini->stakeholder_type = ini->org.stakeholder_type;
	return import_check_record(s, ini, e);
}

int submission_save(struct store *s, struct initiative *ini, const struct submission_actor *who,
		    struct arena *a, int64_t *id, enum store_save_result *result, struct errinfo *e)
{
	enum store_save_result res = STORE_UNCHANGED;
	int64_t got = 0;
	int rc;

	if ((rc = store_begin(s)))
		return store_fail(s, rc, e);
	if ((rc = prepare(s, ini, who, a, e)))
		goto out;
	if ((rc = store_initiative_save(s, ini, who->email, &res, &got))) {
		rc = store_fail(s, rc, e);
		goto out;
	}
	if (res == STORE_INSERTED && who->user_id &&
	    (rc = store_initiative_set_submitter(s, got, who->user_id)))
		rc = store_fail(s, rc, e);
	/* Sent for review again: the reason of an earlier rejection has been answered. */
	if (!rc && res == STORE_UPDATED && strcmp(ini->state, "submitted") == 0 &&
	    (rc = store_initiative_set_note(s, got, NULL)))
		rc = store_fail(s, rc, e);
out:
	if ((rc = finish(s, rc, e)))
		return rc;
	*id = got;
	if (result)
		*result = res;
	return 0;
}

/*
 * decide moves initiative id from "submitted" to state, with note as its moderation note,
 * and audits action with detail; all in one transaction.
 */
static int decide(struct store *s, int64_t id, const char *state, const char *note,
		  const char *action, const char *detail, const char *actor, struct arena *a,
		  struct errinfo *e)
{
	struct initiative ini;
	char idbuf[24];
	int rc;

	if ((rc = store_begin(s)))
		return store_fail(s, rc, e);
	if ((rc = store_initiative_get(s, id, a, &ini))) {
		rc = rc == ERR_NOT_FOUND
			 ? errinfo_set(e, rc, NULL, "there is no initiative %lld", (long long)id)
			 : store_fail(s, rc, e);
		goto out;
	}
	if (!ini.state || strcmp(ini.state, "submitted") != 0) {
		rc = errinfo_set(e, ERR_CONFLICT, "state",
				 "this initiative is not waiting for review (it is %s)",
				 ini.state ? ini.state : "unknown");
		goto out;
	}
	ini.state = state;
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	if ((rc = store_initiative_save(s, &ini, actor, NULL, NULL)) ||
	    (rc = store_initiative_set_note(s, id, note)) ||
	    (rc = store_audit(s, actor, action, "initiative", idbuf, detail ? detail : ini.title)))
		rc = store_fail(s, rc, e);
out:
	return finish(s, rc, e);
}

int submission_approve(struct store *s, int64_t id, const char *actor, struct arena *a,
		       struct errinfo *e)
{
	return decide(s, id, "published", NULL, "approve", NULL, actor, a, e);
}

int submission_reject(struct store *s, int64_t id, const char *reason, const char *actor,
		      struct arena *a, struct errinfo *e)
{
	size_t n;

	if (!reason || text_is_blank(reason))
		return errinfo_set(e, ERR_INVALID, "reason", "a reason is required");
	if (!text_utf8_valid(reason, strlen(reason)))
		return errinfo_set(e, ERR_INVALID, "reason", "the reason is not valid UTF-8");
	if ((n = text_utf8_len(reason)) > SUBMISSION_MAX_REASON)
		return errinfo_set(e, ERR_TOO_LARGE, "reason",
				   "the reason is %zu characters long; the limit is %d", n,
				   SUBMISSION_MAX_REASON);
	return decide(s, id, "rejected", reason, "reject", reason, actor, a, e);
}

/* tag_list appends "scheme code" of each tag of v that other lacks to b, "; "-separated. */
static size_t tag_list(struct buf *b, const struct tag *v, size_t n, const struct tag *other,
		       size_t nother)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < nother; j++)
			if (strcmp(v[i].scheme, other[j].scheme) == 0 &&
			    strcmp(v[i].code, other[j].code) == 0)
				break;
		if (j < nother)
			continue;
		buf_printf(b, "%s%s %s", count ? ", " : "", v[i].scheme, v[i].code);
		count++;
	}
	return count;
}

int submission_retag(struct store *s, int64_t id, const struct tag *want, size_t nwant,
		     const char *actor, struct arena *a, size_t *added, size_t *removed,
		     struct errinfo *e)
{
	struct initiative ini, next;
	size_t nadd = 0, nrem = 0;
	struct buf detail;
	char idbuf[24];
	int rc;

	buf_init(&detail, 64u << 10);
	if ((rc = store_begin(s))) {
		rc = store_fail(s, rc, e);
		goto out_buf;
	}
	if ((rc = store_initiative_get(s, id, a, &ini))) {
		rc = rc == ERR_NOT_FOUND
			 ? errinfo_set(e, rc, NULL, "there is no initiative %lld", (long long)id)
			 : store_fail(s, rc, e);
		goto out;
	}
	next = ini;
	next.tags = NULL;
	next.ntags = next.captags = 0;
	for (size_t i = 0; i < nwant; i++) {
		const struct tag *was = find_tag(&ini, want[i].scheme, want[i].code);

		if (find_tag(&next, want[i].scheme, want[i].code))
			continue; /* asked twice */
		rc = was ? ini_add_tag(&next, a, was->scheme, was->code, was->origin, was->score,
				       was->has_score)
			 : ini_add_tag(&next, a, want[i].scheme, want[i].code, "moderator", 0, 0);
		if (rc) {
			rc = errinfo_set(e, rc, "tags", "too many tags");
			goto out;
		}
	}
	buf_puts(&detail, "added: ");
	nadd = tag_list(&detail, next.tags, next.ntags, ini.tags, ini.ntags);
	buf_puts(&detail, "; removed: ");
	nrem = tag_list(&detail, ini.tags, ini.ntags, next.tags, next.ntags);
	if (!nadd && !nrem)
		goto out;
	if ((rc = import_check_record(s, &next, e)))
		goto out;
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	if ((rc = store_initiative_save(s, &next, actor, NULL, NULL)) ||
	    (rc = store_audit(s, actor, "retag", "initiative", idbuf, buf_cstr(&detail))))
		rc = store_fail(s, rc, e);
out:
	rc = finish(s, rc, e);
out_buf:
	buf_cleanup(&detail);
	if (!rc) {
		if (added)
			*added = nadd;
		if (removed)
			*removed = nrem;
	}
	return rc;
}
