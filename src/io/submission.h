/*
 * submission.h - initiatives that people submit and change (the web form and the write API)
 * and the moderators' decisions on them.
 *
 * The rules live here once, whatever door a change comes in by:
 *  - A submitter chooses between "draft" and "submitted" (waiting for review); only a
 *    moderator publishes, rejects or archives.
 *  - A submitter changes only initiatives they submitted, and not archived ones. Changing a
 *    published initiative sends it back to review (the state the submitter chooses), so
 *    nothing unreviewed is ever public; the published version stays in the revisions.
 *  - Moderators change any initiative and may set any state.
 *  - A tag the stored record already has keeps its origin and score; a tag a submitter adds
 *    has origin "submitter" (or "model", with its score, for a suggestion of the model they
 *    accepted in the form, checked by the caller: model_checked); tags a moderator adds on
 *    the moderation page, "moderator".
 *  - Every decision (approve, reject, retag) is one transaction with its audit record.
 *    The reason of a rejection stays with the initiative until it is sent for review
 *    again or approved (the audit log keeps it for good).
 */
#ifndef STOCKTAKE_IO_SUBMISSION_H
#define STOCKTAKE_IO_SUBMISSION_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/initiative.h"
#include "store/store.h"

#include <stdint.h>

/* The reason a moderator gives for a rejection: required, at most this many characters. */
#define SUBMISSION_MAX_REASON 2000

/* Who is acting. */
struct submission_actor {
	int64_t user_id;   /* the account */
	const char *email; /* what the audit log names */
	int moderator;     /* may change anyone's initiative and set any state */
	/* the caller checked ini's origin "model" tags against the model (the form's accepted
	 * suggestions, map_accept_suggestions): new ones keep origin "model" and their score */
	int model_checked;
};

/*
 * submission_may_edit tells whether who may change initiative id; 0 when they may,
 * ERR_NOT_FOUND, ERR_FORBIDDEN (e says why), or a store error.
 */
int submission_may_edit(struct store *s, int64_t id, const struct submission_actor *who,
			struct arena *a, struct errinfo *e);

/*
 * submission_save stores ini on behalf of who: a new initiative when ini->id is 0, else it
 * replaces initiative ini->id as a whole (the previous version is kept as a revision).
 * ini->state NULL means "submitted". A new initiative without source and source_id gets
 * source "web" and a random source_id, so it exports and imports again cleanly; one whose
 * pair another initiative has is ERR_CONFLICT. A replacement that gives no pair keeps the
 * stored one; one that gives another initiative's pair is ERR_CONFLICT. For a submitter, an organisation that already exists
 * keeps its stored details. The record is then checked (import_check_record: ERR_INVALID
 * or ERR_TOO_LARGE naming the field). ini is adjusted in place (strings in a).
 * On success *id is the initiative's id and *result (may be NULL) what the store did.
 */
int submission_save(struct store *s, struct initiative *ini, const struct submission_actor *who,
		    struct arena *a, int64_t *id, enum store_save_result *result,
		    struct errinfo *e);

/*
 * submission_approve publishes initiative id, and submission_reject sends it back to its
 * submitter with reason (required; kept as the moderation note and shown to them). Both
 * need the initiative to be waiting for review: ERR_CONFLICT otherwise.
 */
int submission_approve(struct store *s, int64_t id, const char *actor, struct arena *a,
		       struct errinfo *e);
int submission_reject(struct store *s, int64_t id, const char *reason, const char *actor,
		      struct arena *a, struct errinfo *e);

/*
 * submission_retag gives initiative id exactly the tags in want (scheme and code are read;
 * origin and score are ignored): tags it keeps keep their origin and score, new ones get
 * origin "moderator", the others are removed. *added and *removed (may be NULL) get the
 * counts; nothing is written when both are 0. Unknown codes are ERR_INVALID.
 */
int submission_retag(struct store *s, int64_t id, const struct tag *want, size_t nwant,
		     const char *actor, struct arena *a, size_t *added, size_t *removed,
		     struct errinfo *e);

#endif
