/*
 * store_sqlite_calls.c - calls for inputs in the SQLite backend: calls and their deadline
 * history, questions, responses and answers, follows, the notification outbox, the
 * moderators' queue and the counts a synthesis needs, and the review timeline.
 *
 * A response is saved by one INSERT ... SELECT that only yields a row while the call is
 * open at the server's now: the deadline is checked by the same statement that writes, so
 * no response can slip in between a check and a write.
 */
#include "store/store_sqlite_internal.h"

#include "core/utc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 1000

/*
 * tx_enter opens an immediate transaction (or a savepoint inside the caller's): the
 * writes here read first, and a deferred transaction that reads and then writes fails
 * with SQLITE_BUSY instead of waiting when another connection wrote in between.
 */
static int tx_enter(struct store *s, int *opened)
{
	int rc;

	if (s->readonly)
		return store__fail(s, ERR_DB_READONLY, "the database %s is opened read-only",
				   s->path);
	if (s->in_tx)
		return store__tx_enter(s, opened);
	if ((rc = store_begin(s)))
		return rc;
	*opened = 2;
	return 0;
}

static int tx_leave(struct store *s, int opened, int rc)
{
	if (opened != 2)
		return store__tx_leave(s, opened, rc);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s);
}

static int audit_id(struct store *s, const char *actor, const char *action, const char *entity,
		    int64_t id, const char *detail)
{
	char idbuf[24];

	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	return store_audit(s, actor, action, entity, idbuf, detail);
}

/* ---- calls ---- */

int store_call_create(struct store *s, const struct call *c, int64_t now, const char *actor,
		      int64_t *id)
{
	char at[UTC_ISO_LEN];
	sqlite3_stmt *st;
	int64_t new_id = 0;
	int opened, rc;

	utc_format(now, at);
	if ((rc = tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_CALL_INSERT, &st)))
		goto out;
	store__bind_text(st, 1, c->title);
	store__bind_text(st, 2, c->description ? c->description : "");
	store__bind_text(st, 3, c->audience ? c->audience : "");
	store__bind_text(st, 4, c->tz);
	sqlite3_bind_int64(st, 5, c->opens_at);
	sqlite3_bind_int64(st, 6, c->closes_at);
	store__bind_text(st, 7, call_state_name(c->state));
	store__bind_text(st, 8, actor ? actor : "system");
	store__bind_text(st, 9, at);
	if ((rc = store__step_done(s, st, "storing a call")))
		goto out;
	new_id = sqlite3_last_insert_rowid(s->db);
	if ((rc = store__prep(s, STMT_CALL_DEADLINE_ADD, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, new_id);
	sqlite3_bind_int64(st, 2, c->closes_at);
	sqlite3_bind_null(st, 3);
	store__bind_text(st, 4, actor ? actor : "system");
	sqlite3_bind_int64(st, 5, now);
	if ((rc = store__step_done(s, st, "storing a deadline")))
		goto out;
	rc = audit_id(s, actor, "create", "call", new_id, c->title);
out:
	rc = tx_leave(s, opened, rc);
	if (!rc && id)
		*id = new_id;
	return rc;
}

int store_call_update(struct store *s, const struct call *c, const char *actor)
{
	char at[UTC_ISO_LEN];
	sqlite3_stmt *st;
	int opened, rc;

	utc_format(utc_now(), at);
	if ((rc = tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_CALL_UPDATE, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, c->id);
	store__bind_text(st, 2, c->title);
	store__bind_text(st, 3, c->description ? c->description : "");
	store__bind_text(st, 4, c->audience ? c->audience : "");
	store__bind_text(st, 5, c->tz);
	sqlite3_bind_int64(st, 6, c->opens_at);
	store__bind_text(st, 7, at);
	if ((rc = store__step_done(s, st, "changing a call")))
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = store__fail(s, ERR_NOT_FOUND, "call %lld does not exist", (long long)c->id);
		goto out;
	}
	rc = audit_id(s, actor, "update", "call", c->id, c->title);
out:
	return tx_leave(s, opened, rc);
}

static void call_state_col(sqlite3_stmt *st, struct arena *a, void *el, int *failed)
{
	(void)a;
	(void)failed;
	((struct call *)el)->state = (enum call_state)call_state_parse(store__col_text(st, 7));
}

/* The columns of CALL_GET and CALL_LIST. */
static const struct store_col call_cols[] = {
    STORE_COL(I64, struct call, id),           STORE_COL(TEXT, struct call, title),
    STORE_COL(TEXT, struct call, description), STORE_COL(TEXT, struct call, audience),
    STORE_COL(TEXT, struct call, tz),          STORE_COL(I64, struct call, opens_at),
    STORE_COL(I64, struct call, closes_at),    {STORE_COL_SKIP, 0}, /* state: call_state_col */
    STORE_COL(TEXT, struct call, created_by),  STORE_COL(TEXT, struct call, created_at),
    STORE_COL(TEXT, struct call, updated_at),  STORE_COL(INT, struct call, extensions)};
static const struct store_rows call_rows =
    STORE_ROWS(struct call, MAX_LIST, call_cols, call_state_col);

int store_call_get(struct store *s, int64_t id, struct arena *a, struct call *out)
{
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_GET);
	int rc, failed = 0;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = store__step_one(s, st, "reading a call", "call %lld does not exist",
				  (long long)id)))
		return rc;
	store__row_read(st, a, &call_rows, out, &failed);
	sqlite3_reset(st);
	return failed ? store__fail(s, ERR_NOMEM, "out of memory reading a call") : 0;
}

/* bind_after binds a page's start as ?id_at (its id) and ?id_at + 1 (its key). */
static void bind_after(sqlite3_stmt *st, int id_at, const struct store_call_after *after)
{
	sqlite3_bind_int64(st, id_at, after ? after->id : 0);
	sqlite3_bind_int64(st, id_at + 1, after ? after->key : 0);
}

int store_call_list(struct store *s, int drafts, const struct store_call_after *after, size_t limit,
		    struct arena *a, struct call **out, size_t *n)
{
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_LIST);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int(st, 1, drafts != 0);
	store__bind_limit(st, 2, limit, MAX_LIST);
	bind_after(st, 3, after);
	return store__read_rows(s, st, a, &call_rows, out, n, "listing calls");
}

int store_call_set_state(struct store *s, int64_t id, enum call_state state, const char *actor)
{
	char at[UTC_ISO_LEN];
	sqlite3_stmt *st;
	int opened, rc;

	utc_format(utc_now(), at);
	if ((rc = tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_CALL_SET_STATE, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	store__bind_text(st, 2, call_state_name(state));
	store__bind_text(st, 3, at);
	if ((rc = store__step_done(s, st, "changing a call's state")))
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = store__fail(s, ERR_NOT_FOUND, "call %lld does not exist", (long long)id);
		goto out;
	}
	rc = audit_id(s, actor, "state", "call", id, call_state_name(state));
out:
	return tx_leave(s, opened, rc);
}

/*
 * notice_args writes the arguments of a "deadline" notification as a JSON object: the call's
 * title and zone, the deadline it had and the new one (UTC seconds), and the reason. The
 * caller frees it; NULL when out of memory.
 */
static char *notice_args(const struct call *c, int64_t closes_at, const char *reason)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:s}", "title", c->title, "tz", c->tz, "was",
			      (json_int_t)c->closes_at, "to", (json_int_t)closes_at, "reason",
			      reason ? reason : "");
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return text;
}

int store_call_extend(struct store *s, int64_t id, int64_t closes_at, const char *reason,
		      int64_t now, const char *actor, int64_t *notified)
{
	struct arena a;
	struct call c;
	char at[UTC_ISO_LEN], was[UTC_ISO_LEN], to[UTC_ISO_LEN], detail[1400];
	char subject[400], *args = NULL;
	sqlite3_stmt *st;
	int64_t told = 0;
	int opened, rc;

	arena_init(&a, 1 << 20);
	utc_format(now, at);
	if ((rc = tx_enter(s, &opened))) {
		arena_cleanup(&a);
		return rc;
	}
	if ((rc = store_call_get(s, id, &a, &c)))
		goto out;
	if (closes_at <= c.closes_at) {
		utc_format(c.closes_at, was);
		rc = store__fail(s, ERR_INVALID,
				 "closes: the new deadline must be later than the current one (%s)",
				 was);
		goto out;
	}
	utc_format(c.closes_at, was);
	utc_format(closes_at, to);
	if ((rc = store__prep(s, STMT_CALL_SET_CLOSES, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, closes_at);
	store__bind_text(st, 3, at);
	if ((rc = store__step_done(s, st, "moving a deadline")))
		goto out;
	if ((rc = store__prep(s, STMT_CALL_DEADLINE_ADD, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, closes_at);
	store__bind_text(st, 3, reason);
	store__bind_text(st, 4, actor ? actor : "system");
	sqlite3_bind_int64(st, 5, now);
	if ((rc = store__step_done(s, st, "storing a deadline")))
		goto out;
	/* The message is its kind and these arguments, put into words in the reader's
	 * language when shown (store.h); the subject stays as a line for logs. */
	snprintf(subject, sizeof subject, "New deadline for \"%.300s\"", c.title);
	if (!(args = notice_args(&c, closes_at, reason))) {
		rc = store__fail(s, ERR_NOMEM, "out of memory writing notifications");
		goto out;
	}
	if ((rc = store__prep(s, STMT_CALL_NOTIFY, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	store__bind_text(st, 2, subject);
	store__bind_text(st, 3, args);
	sqlite3_bind_int64(st, 4, now);
	if ((rc = store__step_done(s, st, "writing notifications")))
		goto out;
	told = sqlite3_changes(s->db);
	snprintf(detail, sizeof detail, "closes %s -> %s; %lld notified; reason: %.1000s", was, to,
		 (long long)told, reason ? reason : "");
	rc = audit_id(s, actor, "extend", "call", id, detail);
out:
	rc = tx_leave(s, opened, rc);
	arena_cleanup(&a);
	free(args);
	if (!rc && notified)
		*notified = told;
	return rc;
}

int store_call_deadlines(struct store *s, int64_t id, struct arena *a, struct call_deadline **out,
			 size_t *n)
{
	static const struct store_col cols[] = {STORE_COL(I64, struct call_deadline, closes_at),
						STORE_COL(TEXT, struct call_deadline, reason),
						STORE_COL(TEXT, struct call_deadline, actor),
						STORE_COL(I64, struct call_deadline, at)};
	static const struct store_rows rows = STORE_ROWS(**out, MAX_LIST, cols, NULL);
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_DEADLINES);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return store__read_rows(s, st, a, &rows, out, n, "reading deadlines");
}

/* ---- questions ---- */

int store_call_question_add(struct store *s, int64_t call_id, const struct call_question *q,
			    const char *actor, int64_t *id)
{
	json_t *opts = json_array();
	char *text = NULL;
	sqlite3_stmt *st;
	int64_t new_id = 0;
	int opened = 0, rc;

	for (size_t i = 0; opts && i < q->noptions; i++)
		json_array_append_new(opts, json_string(q->options[i]));
	if (!opts || !(text = json_dumps(opts, JSON_COMPACT))) {
		json_decref(opts);
		return store__fail(s, ERR_NOMEM, "out of memory storing a question");
	}
	json_decref(opts);
	if ((rc = tx_enter(s, &opened)))
		goto done;
	if ((rc = store__prep(s, STMT_CALL_Q_ADD, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, call_id);
	store__bind_text(st, 2, call_qkind_name(q->kind));
	store__bind_text(st, 3, q->prompt);
	sqlite3_bind_int(st, 4, q->word_limit);
	sqlite3_bind_int(st, 5, q->required != 0);
	store__bind_text(st, 6, text);
	if ((rc = store__step_done(s, st, "storing a question"))) {
		if (strstr(store_errmsg(s), "FOREIGN KEY"))
			rc = store__fail(s, ERR_NOT_FOUND, "call %lld does not exist",
					 (long long)call_id);
		goto out;
	}
	new_id = sqlite3_last_insert_rowid(s->db);
	rc = audit_id(s, actor, "question", "call", call_id, q->prompt);
out:
	rc = tx_leave(s, opened, rc);
done:
	free(text);
	if (!rc && id)
		*id = new_id;
	return rc;
}

/* options_dup reads a JSON array of strings into an array in a. */
static int options_dup(struct arena *a, const char *json, const char *const **out, size_t *n)
{
	json_t *v = json ? json_loads(json, 0, NULL) : NULL;
	const char **opts;
	size_t k = json_is_array(v) ? json_array_size(v) : 0;

	*out = NULL;
	*n = 0;
	if (!k) {
		json_decref(v);
		return 0;
	}
	if (!(opts = arena_alloc(a, k * sizeof *opts))) {
		json_decref(v);
		return -1;
	}
	for (size_t i = 0; i < k; i++) {
		const char *t = json_string_value(json_array_get(v, i));

		if (!(opts[i] = arena_strdup(a, t ? t : ""))) {
			json_decref(v);
			return -1;
		}
	}
	json_decref(v);
	*out = opts;
	*n = k;
	return 0;
}

/* question_more reads a question's kind (column 2) and options (column 6). */
static void question_more(sqlite3_stmt *st, struct arena *a, void *el, int *failed)
{
	struct call_question *q = el;

	q->kind = (enum call_qkind)call_qkind_parse(store__col_text(st, 2));
	if (options_dup(a, store__col_text(st, 6), &q->options, &q->noptions))
		*failed = 1;
}

int store_call_questions(struct store *s, int64_t call_id, struct arena *a,
			 struct call_question **out, size_t *n)
{
	static const struct store_col cols[] = {STORE_COL(I64, struct call_question, id),
						STORE_COL(INT, struct call_question, position),
						{STORE_COL_SKIP, 0}, /* kind: question_more */
						STORE_COL(TEXT, struct call_question, prompt),
						STORE_COL(INT, struct call_question, word_limit),
						STORE_COL(INT, struct call_question, required)};
	static const struct store_rows rows = STORE_ROWS(**out, MAX_LIST, cols, question_more);
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_QUESTIONS);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, call_id);
	return store__read_rows(s, st, a, &rows, out, n, "reading questions");
}

/* ---- responses ---- */

int store_call_response_save(struct store *s, const struct call_response *r, int64_t now,
			     const char *actor, int64_t *id)
{
	sqlite3_stmt *st;
	int64_t rid = 0;
	int opened, rc, step;

	if ((rc = tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_CALL_RESP_SAVE, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, r->call_id);
	sqlite3_bind_int64(st, 2, r->user_id);
	store__bind_text(st, 3, r->state == RESP_SUBMITTED ? "submitted" : "draft");
	sqlite3_bind_int(st, 4, r->anonymous != 0);
	sqlite3_bind_int64(st, 5, now);
	store__bind_text(st, 6, r->organisation && *r->organisation ? r->organisation : NULL);
	store__bind_text(st, 7,
			 r->stakeholder_type && *r->stakeholder_type ? r->stakeholder_type : NULL);
	store__bind_text(st, 8, r->country && *r->country ? r->country : NULL);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rid = sqlite3_column_int64(st, 0);
	if (step == SQLITE_ROW)
		step = sqlite3_step(st);
	if (step != SQLITE_DONE) {
		rc = store__db_fail(s, "saving a response");
		sqlite3_reset(st);
		goto out;
	}
	sqlite3_reset(st);
	if (!rid) {
		rc = store__fail(s, ERR_CONFLICT,
				 "call %lld does not accept responses now: it is closed, not open "
				 "yet, or does not exist",
				 (long long)r->call_id);
		goto out;
	}
	if ((rc = store__prep(s, STMT_CALL_ANSWERS_DEL, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, rid);
	if ((rc = store__step_done(s, st, "replacing answers")))
		goto out;
	for (size_t i = 0; i < r->nanswers; i++) {
		const struct call_answer *an = &r->answers[i];

		for (size_t j = 0; j < an->nvalues; j++) {
			if (!an->values[j] || !*an->values[j])
				continue;
			if ((rc = store__prep(s, STMT_CALL_ANSWER_ADD, &st)))
				goto out;
			sqlite3_bind_int64(st, 1, rid);
			sqlite3_bind_int64(st, 2, an->question_id);
			store__bind_text(st, 3, an->values[j]);
			if ((rc = store__step_done(s, st, "storing an answer")))
				goto out;
		}
	}
	rc = audit_id(s, actor, r->state == RESP_SUBMITTED ? "submit" : "save", "call_response",
		      rid, NULL);
out:
	rc = tx_leave(s, opened, rc);
	if (!rc && id)
		*id = rid;
	return rc;
}

/* A response being read, with its answers gathered value by value. */
struct resp_build {
	struct call_response r;
	struct call_answer *answers;
	size_t nanswers, cap;
	const char **vals; /* values of the answer being built */
	size_t nvals, vcap;
	int64_t qid;
};

/* flush_answer closes the answer being built (if any) into rb->answers. */
static int flush_answer(struct arena *a, struct resp_build *rb)
{
	struct call_answer *an;

	if (!rb->qid)
		return 0;
	if (arena_grow(a, (void **)&rb->answers, rb->nanswers, &rb->cap, sizeof *rb->answers, 8,
		       CALL_QUESTIONS_MAX * 2))
		return -1;
	an = &rb->answers[rb->nanswers++];
	an->question_id = rb->qid;
	an->values = rb->vals;
	an->nvalues = rb->nvals;
	rb->qid = 0;
	rb->vals = NULL;
	rb->nvals = rb->vcap = 0;
	return 0;
}

static void response_state_col(sqlite3_stmt *st, struct arena *a, void *el, int *failed)
{
	const char *state = store__col_text(st, 7);

	(void)a;
	(void)failed;
	((struct call_response *)el)->state =
	    state && strcmp(state, "submitted") == 0 ? RESP_SUBMITTED : RESP_DRAFT;
}

/* The response's own columns of CALL_RESP_COLS; its answers follow them. */
static const struct store_col response_cols[] = {
    STORE_COL(I64, struct call_response, id),
    STORE_COL(I64, struct call_response, call_id),
    STORE_COL(I64, struct call_response, user_id),
    STORE_COL(TEXT, struct call_response, user_email),
    STORE_COL(TEXT, struct call_response, organisation),
    STORE_COL(TEXT, struct call_response, stakeholder_type),
    STORE_COL(TEXT, struct call_response, country),
    {STORE_COL_SKIP, 0}, /* state: response_state_col */
    STORE_COL(INT, struct call_response, anonymous),
    STORE_COL(TEXT, struct call_response, hidden_reason),
    STORE_COL(INT, struct call_response, reviewed),
    STORE_COL(I64, struct call_response, created_at),
    STORE_COL(I64, struct call_response, updated_at),
    STORE_COL(I64, struct call_response, submitted_at)};
static const struct store_rows response_rows =
    STORE_ROWS(struct call_response, 1, response_cols, response_state_col);

int store_call_response_each(struct store *s, int64_t call_id,
			     const struct store_response_filter *f, store_response_cb cb, void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_RESP_COLS);
	struct arena a;
	struct resp_build rb;
	int rc = 0, step, failed = 0, have = 0;
	size_t given = 0;

	if (!st)
		return ERR_DB;
	arena_init(&a, 64u << 20);
	memset(&rb, 0, sizeof rb);
	sqlite3_bind_int64(st, 1, call_id);
	sqlite3_bind_int64(st, 2, f ? f->user_id : 0);
	sqlite3_bind_int(st, 3, f ? f->submitted : 0);
	sqlite3_bind_int(st, 4, f ? f->visible : 0);
	sqlite3_bind_int64(st, 5, f ? f->after : 0);
	for (;;) {
		int64_t rid;

		step = sqlite3_step(st);
		rid = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (have && rid != rb.r.id) { /* the previous response is complete */
			if (flush_answer(&a, &rb)) {
				failed = 1;
				break;
			}
			rb.r.answers = rb.answers;
			rb.r.nanswers = rb.nanswers;
			if ((rc = cb(ud, &rb.r)))
				break;
			if (f && f->limit && ++given == f->limit) {
				step = SQLITE_DONE; /* the page is full: the rest is not read */
				break;
			}
			arena_reset(&a);
			memset(&rb, 0, sizeof rb);
			have = 0;
		}
		if (step != SQLITE_ROW)
			break;
		if (!have) {
			have = 1;
			store__row_read(st, &a, &response_rows, &rb.r, &failed);
		}
		if (sqlite3_column_type(st, 14) != SQLITE_NULL) {
			int64_t qid = sqlite3_column_int64(st, 14);
			const char *v;

			if (qid != rb.qid && flush_answer(&a, &rb)) {
				failed = 1;
				break;
			}
			rb.qid = qid;
			if (arena_grow(&a, (void **)&rb.vals, rb.nvals, &rb.vcap, sizeof *rb.vals,
				       4, CALL_CHOICES_MAX + 1) ||
			    !(v = store__col_dup(&a, st, 15, &failed))) {
				failed = 1;
				break;
			}
			rb.vals[rb.nvals++] = v;
		}
		if (failed)
			break;
	}
	sqlite3_reset(st);
	arena_cleanup(&a);
	if (failed)
		return store__fail(s, ERR_NOMEM, "out of memory reading responses");
	if (rc)
		return rc;
	if (step != SQLITE_DONE)
		return store__db_fail(s, "reading responses");
	return 0;
}

/* response_mark runs CALL_RESP_HIDE or CALL_RESP_REVIEW on response id of call_id. */
static int response_mark(struct store *s, enum stmt_id which, int64_t call_id, int64_t id,
			 const char *reason, const char *actor)
{
	sqlite3_stmt *st;
	int opened, rc;

	if ((rc = tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, which, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (which == STMT_CALL_RESP_HIDE) {
		store__bind_text(st, 2, reason);
		sqlite3_bind_int64(st, 3, call_id);
	} else {
		sqlite3_bind_int64(st, 2, call_id);
	}
	if ((rc = store__step_done(s, st, "marking a response")))
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = store__fail(s, ERR_NOT_FOUND, "call %lld has no response %lld",
				 (long long)call_id, (long long)id);
		goto out;
	}
	rc = audit_id(s, actor, which == STMT_CALL_RESP_HIDE ? "hide" : "review", "call_response",
		      id, reason);
out:
	return tx_leave(s, opened, rc);
}

int store_call_response_hide(struct store *s, int64_t call_id, int64_t id, const char *reason,
			     const char *actor)
{
	return response_mark(s, STMT_CALL_RESP_HIDE, call_id, id, reason, actor);
}

int store_call_response_review(struct store *s, int64_t call_id, int64_t id, const char *actor)
{
	return response_mark(s, STMT_CALL_RESP_REVIEW, call_id, id, NULL, actor);
}

int store_call_tally(struct store *s, int64_t call_id, const char *by, store_tally_cb cb, void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_TALLY);
	int rc, step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, call_id);
	store__bind_text(st, 2, by);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = cb(ud, store__col_text(st, 0), sqlite3_column_int64(st, 1)))) {
			sqlite3_reset(st);
			return rc;
		}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : store__db_fail(s, "counting responses");
}

int store_call_choices(struct store *s, int64_t call_id,
		       int (*cb)(void *ud, int64_t question_id, const char *value, int64_t n),
		       void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_CHOICES);
	int rc, step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, call_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = cb(ud, sqlite3_column_int64(st, 0), store__col_text(st, 1),
			     sqlite3_column_int64(st, 2)))) {
			sqlite3_reset(st);
			return rc;
		}
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : store__db_fail(s, "counting choices");
}

/* ---- follows, notifications, the queue ---- */

int store_call_follow(struct store *s, int64_t call_id, int64_t user_id, int on, int64_t now,
		      const char *actor)
{
	sqlite3_stmt *st;
	int opened, rc;

	if ((rc = tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, on ? STMT_CALL_FOLLOW : STMT_CALL_UNFOLLOW, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, call_id);
	sqlite3_bind_int64(st, 2, user_id);
	if (on)
		sqlite3_bind_int64(st, 3, now);
	if ((rc = store__step_done(s, st, "following a call"))) {
		if (strstr(store_errmsg(s), "FOREIGN KEY"))
			rc = store__fail(s, ERR_NOT_FOUND, "call %lld does not exist",
					 (long long)call_id);
		goto out;
	}
	if (sqlite3_changes(s->db))
		rc = audit_id(s, actor, on ? "follow" : "unfollow", "call", call_id, NULL);
out:
	return tx_leave(s, opened, rc);
}

int store_call_following(struct store *s, int64_t call_id, int64_t user_id, int *on)
{
	sqlite3_stmt *st = store__stmt(s, STMT_CALL_FOLLOWING);
	int64_t n = 0;
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, call_id);
	sqlite3_bind_int64(st, 2, user_id);
	if ((rc = store__step_int(s, st, &n, "reading follows")))
		return rc;
	*on = n > 0;
	return 0;
}

int store_notifications(struct store *s, int64_t user_id, const struct store_call_after *after,
			size_t limit, struct arena *a, struct store_notification **out, size_t *n)
{
	static const struct store_col cols[] = {
	    STORE_COL(I64, struct store_notification, id),
	    STORE_COL(TEXT, struct store_notification, kind),
	    STORE_COL(I64, struct store_notification, call_id),
	    STORE_COL(TEXT, struct store_notification, subject),
	    STORE_COL(TEXT, struct store_notification, body),
	    STORE_COL(I64, struct store_notification, created_at),
	    STORE_COL(I64, struct store_notification, sent_at)};
	static const struct store_rows rows = STORE_ROWS(**out, MAX_LIST, cols, NULL);
	sqlite3_stmt *st = store__stmt(s, STMT_NOTIFICATIONS);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	store__bind_limit(st, 2, limit, MAX_LIST);
	sqlite3_bind_int64(st, 3, after ? after->id : 0);
	return store__read_rows(s, st, a, &rows, out, n, "reading notifications");
}

int store_call_queue(struct store *s, const struct store_call_after *after, size_t limit,
		     struct arena *a, struct store_call_queue_item **out, size_t *n, int64_t *total)
{
	static const struct store_col cols[] = {
	    STORE_COL(I64, struct store_call_queue_item, response_id),
	    STORE_COL(I64, struct store_call_queue_item, call_id),
	    STORE_COL(TEXT, struct store_call_queue_item, call_title),
	    STORE_COL(TEXT, struct store_call_queue_item, organisation),
	    STORE_COL(TEXT, struct store_call_queue_item, email),
	    STORE_COL(I64, struct store_call_queue_item, updated_at)};
	static const struct store_rows rows = STORE_ROWS(**out, MAX_LIST, cols, NULL);
	sqlite3_stmt *st;
	int rc;

	if ((rc = store__count(s, STMT_CALL_QUEUE_COUNT, NULL, NULL, total)))
		return rc;
	if (!(st = store__stmt(s, STMT_CALL_QUEUE)))
		return ERR_DB;
	store__bind_limit(st, 1, limit, MAX_LIST);
	bind_after(st, 2, after);
	return store__read_rows(s, st, a, &rows, out, n, "reading the queue");
}

/*
 * prev_page steps st (the list backwards from where a page starts, that item included;
 * parameters 1 and 2 are bound here, the filters by the caller) for the page before:
 * with limit + 1 items back, it starts after the last of them; with fewer it is the first.
 */
static int prev_page(struct store *s, sqlite3_stmt *st, int limit_at,
		     const struct store_call_after *after, size_t limit,
		     struct store_call_after *prev, int *has)
{
	size_t k = 0;
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, after->id);
	sqlite3_bind_int64(st, 2, after->key);
	store__bind_limit(st, limit_at, limit + 1, MAX_LIST + 1);
	memset(prev, 0, sizeof *prev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (++k == limit + 1) {
			prev->key = sqlite3_column_int64(st, 0);
			prev->id = sqlite3_column_int64(st, 1);
		}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, "reading the page before");
	*has = k > 0;
	return 0;
}

int store_call_list_prev(struct store *s, int drafts, const struct store_call_after *after,
			 size_t limit, struct store_call_after *prev, int *has)
{
	sqlite3_stmt *st;

	if (!after || !after->id || !limit) {
		memset(prev, 0, sizeof *prev);
		*has = 0;
		return 0;
	}
	if (!(st = store__stmt(s, STMT_CALL_LIST_PREV)))
		return ERR_DB;
	sqlite3_bind_int(st, 3, drafts != 0);
	return prev_page(s, st, 4, after, limit, prev, has);
}

int store_call_queue_prev(struct store *s, const struct store_call_after *after, size_t limit,
			  struct store_call_after *prev, int *has)
{
	if (!after || !after->id || !limit) {
		memset(prev, 0, sizeof *prev);
		*has = 0;
		return 0;
	}
	return prev_page(s, store__stmt(s, STMT_CALL_QUEUE_PREV), 3, after, limit, prev, has);
}

int store_call_response_prev(struct store *s, int64_t call_id,
			     const struct store_response_filter *f,
			     const struct store_call_after *after, size_t limit,
			     struct store_call_after *prev, int *has)
{
	sqlite3_stmt *st;

	if (!after || !after->id || !limit) {
		memset(prev, 0, sizeof *prev);
		*has = 0;
		return 0;
	}
	if (!(st = store__stmt(s, STMT_CALL_RESP_PREV)))
		return ERR_DB;
	sqlite3_bind_int64(st, 3, call_id);
	sqlite3_bind_int64(st, 4, f ? f->user_id : 0);
	sqlite3_bind_int(st, 5, f ? f->submitted : 0);
	sqlite3_bind_int(st, 6, f ? f->visible : 0);
	return prev_page(s, st, 7, after, limit, prev, has);
}

int store_notifications_prev(struct store *s, int64_t user_id, const struct store_call_after *after,
			     size_t limit, struct store_call_after *prev, int *has)
{
	sqlite3_stmt *st;

	if (!after || !after->id || !limit) {
		memset(prev, 0, sizeof *prev);
		*has = 0;
		return 0;
	}
	if (!(st = store__stmt(s, STMT_NOTIFICATIONS_PREV)))
		return ERR_DB;
	sqlite3_bind_int64(st, 3, user_id);
	return prev_page(s, st, 4, after, limit, prev, has);
}

/* ---- the timeline ---- */

int store_timeline_put(struct store *s, const struct timeline_event *ev, const char *actor,
		       int *changed)
{
	sqlite3_stmt *st;
	int opened, rc;

	*changed = 0;
	if ((rc = tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_TIMELINE_PUT, &st)))
		goto out;
	store__bind_text(st, 1, ev->uid);
	store__bind_text(st, 2, ev->kind);
	store__bind_text(st, 3, ev->title);
	store__bind_text(st, 4, ev->start);
	store__bind_text(st, 5, ev->end);
	store__bind_text(st, 6, ev->location ? ev->location : "");
	store__bind_text(st, 7, ev->url ? ev->url : "");
	store__bind_text(st, 8, ev->description ? ev->description : "");
	if (ev->call_id)
		sqlite3_bind_int64(st, 9, ev->call_id);
	else
		sqlite3_bind_null(st, 9);
	if ((rc = store__step_done(s, st, "storing a timeline event")))
		goto out;
	if (sqlite3_changes(s->db)) {
		*changed = 1;
		rc = store_audit(s, actor, "put", "timeline_event", ev->uid, ev->title);
	}
out:
	return tx_leave(s, opened, rc);
}

int store_timeline_list(struct store *s, struct arena *a, struct timeline_event **out, size_t *n)
{
	static const struct store_col cols[] = {STORE_COL(TEXT, struct timeline_event, uid),
						STORE_COL(TEXT, struct timeline_event, kind),
						STORE_COL(TEXT, struct timeline_event, title),
						STORE_COL(TEXT, struct timeline_event, start),
						STORE_COL(TEXT, struct timeline_event, end),
						STORE_COL(TEXT, struct timeline_event, location),
						STORE_COL(TEXT, struct timeline_event, url),
						STORE_COL(TEXT, struct timeline_event, description),
						STORE_COL(I64, struct timeline_event, call_id)};
	static const struct store_rows rows = STORE_ROWS(**out, MAX_LIST * 10, cols, NULL);
	sqlite3_stmt *st = store__stmt(s, STMT_TIMELINE_LIST);

	if (!st)
		return ERR_DB;
	return store__read_rows(s, st, a, &rows, out, n, "reading the timeline");
}
