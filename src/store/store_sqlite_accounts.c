/*
 * store_sqlite_accounts.c - accounts, sessions, failed log-ins and API tokens in the SQLite
 * backend.
 *
 * Secrets never reach the database: passwords arrive as argon2id strings, sessions and API
 * tokens as the SHA-256 hash of their secret. Every change leaves an audit record; the one
 * exception is the "last used" time of an API token, which is bookkeeping of a read (and is
 * written at most once a minute per token, so API reads do not queue behind writes).
 */
#include "store/store_sqlite_internal.h"

#include "core/utc.h"

#include <stdio.h>
#include <string.h>

/* How long failed log-ins are kept: longer than any rate-limit window. */
#define ATTEMPT_KEEP (24 * 3600) /* seconds an attempt is remembered */
/* How often the last use of a token is written. */
#define TOKEN_TOUCH_EVERY 60

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%lld", (long long)id);
}

/*
 * read_user fills u from the eight user columns every account query starts with: id,
 * email, name, password_hash, role, organisation name, disabled, created_at.
 */
static int read_user(struct store *s, sqlite3_stmt *st, struct arena *a, struct store_user *u)
{
	int failed = 0;

	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->email = store__col_dup(a, st, 1, &failed);
	u->name = store__col_dup(a, st, 2, &failed);
	u->password_hash = store__col_dup(a, st, 3, &failed);
	u->role = store__col_dup(a, st, 4, &failed);
	u->organisation = store__col_dup(a, st, 5, &failed);
	u->disabled = sqlite3_column_int(st, 6);
	u->created_at = store__col_dup(a, st, 7, &failed);
	if (failed)
		return store__fail(s, ERR_NOMEM, "out of memory reading an account");
	return 0;
}

/* org_find_or_create sets *id to the organisation called name, creating it when new. */
static int org_find_or_create(struct store *s, const char *name, const char *actor, const char *now,
			      int64_t *id)
{
	sqlite3_stmt *st;
	char idbuf[24];
	int rc;

	if (!(st = store__stmt(s, STMT_ORG_FIND)))
		return ERR_DB;
	store__bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store__db_fail(s, "finding an organisation");
	if (!(st = store__stmt(s, STMT_ORG_INSERT)))
		return ERR_DB;
	store__bind_text(st, 1, name);
	store__bind_text(st, 2, NULL);
	store__bind_text(st, 3, NULL);
	store__bind_text(st, 4, NULL);
	store__bind_text(st, 5, now);
	if ((rc = store__step_done(s, st, "creating an organisation")))
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	id_text(*id, idbuf);
	return store_audit(s, actor, "create", "organisation", idbuf, name);
}

int store_user_create(struct store *s, const char *email, const char *name,
		      const char *password_hash, const char *role, const char *organisation,
		      const char *actor, int64_t *id)
{
	char now[UTC_ISO_LEN], idbuf[24];
	int64_t org_id = 0, new_id;
	sqlite3_stmt *st;
	int opened, rc;

	utc_format(utc_now(), now);
	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if (organisation && *organisation &&
	    (rc = org_find_or_create(s, organisation, actor, now, &org_id)))
		goto out;
	if ((rc = store__prep(s, STMT_USER_INSERT, &st)))
		goto out;
	store__bind_text(st, 1, email);
	store__bind_text(st, 2, name ? name : "");
	store__bind_text(st, 3, password_hash);
	store__bind_text(st, 4, role);
	if (org_id)
		sqlite3_bind_int64(st, 5, org_id);
	else
		sqlite3_bind_null(st, 5);
	store__bind_text(st, 6, now);
	if ((rc = store__step_done(s, st, "creating an account"))) {
		if (rc == ERR_CONFLICT)
			store__fail(s, rc, "an account with the email address %s already exists",
				    email);
		goto out;
	}
	new_id = sqlite3_last_insert_rowid(s->db);
	id_text(new_id, idbuf);
	if ((rc = store_audit(s, actor, "create", "user", idbuf, role)))
		goto out;
	if (id)
		*id = new_id;
out:
	return store__tx_leave(s, opened, rc);
}

/* user_query runs a statement that yields one account; ERR_NOT_FOUND when none. */
static int user_query(struct store *s, sqlite3_stmt *st, struct arena *a, struct store_user *out)
{
	struct store_user u;
	int rc = store__step_one(s, st, "reading an account", "no such account");

	if (rc)
		return rc;
	rc = read_user(s, st, a, &u);
	sqlite3_reset(st);
	if (rc == 0)
		*out = u;
	return rc;
}

int store_user_by_email(struct store *s, const char *email, struct arena *a, struct store_user *out)
{
	sqlite3_stmt *st = store__stmt(s, STMT_USER_BY_EMAIL);

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, email);
	return user_query(s, st, a, out);
}

int store_user_by_id(struct store *s, int64_t id, struct arena *a, struct store_user *out)
{
	sqlite3_stmt *st = store__stmt(s, STMT_USER_BY_ID);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return user_query(s, st, a, out);
}

/* user_update sets one text column of account id (statement sid) and audits it. */
static int user_update(struct store *s, enum stmt_id sid, int64_t id, const char *value,
		       const char *actor, const char *action, const char *detail)
{
	char now[UTC_ISO_LEN], idbuf[24];
	sqlite3_stmt *st;
	int opened, rc;

	utc_format(utc_now(), now);
	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, sid, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, id);
	store__bind_text(st, 2, value);
	store__bind_text(st, 3, now);
	if ((rc = store__step_done(s, st, "changing an account")))
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = store__fail(s, ERR_NOT_FOUND, "no such account");
		goto out;
	}
	id_text(id, idbuf);
	rc = store_audit(s, actor, action, "user", idbuf, detail);
out:
	return store__tx_leave(s, opened, rc);
}

int store_user_set_password(struct store *s, int64_t id, const char *password_hash,
			    const char *actor)
{
	return user_update(s, STMT_USER_SET_PASSWORD, id, password_hash, actor, "password", NULL);
}

int store_user_set_role(struct store *s, int64_t id, const char *role, const char *actor)
{
	return user_update(s, STMT_USER_SET_ROLE, id, role, actor, "role", role);
}

int store_user_set_disabled(struct store *s, int64_t id, int disabled, const char *actor)
{
	int opened, rc;

	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	rc = user_update(s, STMT_USER_SET_DISABLED, id, disabled ? "1" : "0", actor,
			 disabled ? "disable" : "enable", NULL);
	/* A disabled account's sessions end now; its tokens are refused while it is disabled. */
	if (!rc && disabled)
		rc = store_session_delete_user(s, id, NULL, actor);
	return store__tx_leave(s, opened, rc);
}

int store_user_list(struct store *s, store_user_cb cb, void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_USER_LIST);
	struct store_user u;
	int rc;

	if (!st)
		return ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r;

		memset(&u, 0, sizeof u);
		u.id = sqlite3_column_int64(st, 0);
		u.email = store__col_text(st, 1);
		u.name = store__col_text(st, 2);
		u.role = store__col_text(st, 4);
		u.organisation = store__col_text(st, 5);
		u.disabled = sqlite3_column_int(st, 6);
		u.created_at = store__col_text(st, 7);
		if ((r = cb(ud, &u))) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "listing accounts");
}

int store_session_create(struct store *s, const char *token_hash, int64_t user_id, const char *csrf,
			 int64_t expires_at, const char *actor)
{
	char now[UTC_ISO_LEN], until[UTC_ISO_LEN], idbuf[24];
	sqlite3_stmt *st;
	int opened, rc;

	utc_format(utc_now(), now);
	utc_format(expires_at, until);
	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_SESSION_PURGE, &st)))
		goto out;
	store__bind_text(st, 1, now);
	if ((rc = store__step_done(s, st, "forgetting expired sessions")))
		goto out;
	if ((rc = store__prep(s, STMT_SESSION_INSERT, &st)))
		goto out;
	store__bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, user_id);
	store__bind_text(st, 3, csrf);
	store__bind_text(st, 4, now);
	store__bind_text(st, 5, until);
	if ((rc = store__step_done(s, st, "starting a session")))
		goto out;
	id_text(user_id, idbuf);
	rc = store_audit(s, actor, "login", "user", idbuf, NULL);
out:
	return store__tx_leave(s, opened, rc);
}

int store_session_find(struct store *s, const char *token_hash, int64_t now, struct arena *a,
		       struct store_user *user, const char **csrf)
{
	sqlite3_stmt *st = store__stmt(s, STMT_SESSION_FIND);
	char at[UTC_ISO_LEN];
	struct store_user u;
	const char *c = NULL;
	int rc;

	if (!st)
		return ERR_DB;
	utc_format(now, at);
	store__bind_text(st, 1, token_hash);
	store__bind_text(st, 2, at);
	if ((rc = store__step_one(s, st, "reading a session", "no such session")))
		return rc;
	rc = read_user(s, st, a, &u);
	if (rc == 0 && !(c = arena_strdup(a, store__col_text(st, 8))))
		rc = store__fail(s, ERR_NOMEM, "out of memory reading a session");
	sqlite3_reset(st);
	if (rc)
		return rc;
	*user = u;
	*csrf = c;
	return 0;
}

int store_session_delete(struct store *s, const char *token_hash, const char *actor)
{
	char idbuf[24];
	sqlite3_stmt *st;
	int64_t user_id = 0;
	int opened, rc, step;

	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_SESSION_DELETE, &st)))
		goto out;
	store__bind_text(st, 1, token_hash);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		user_id = sqlite3_column_int64(st, 0);
		step = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		rc = store__db_fail(s, "ending a session");
		goto out;
	}
	if (user_id) {
		id_text(user_id, idbuf);
		rc = store_audit(s, actor, "logout", "user", idbuf, NULL);
	}
out:
	return store__tx_leave(s, opened, rc);
}

int store_session_delete_user(struct store *s, int64_t user_id, const char *except_hash,
			      const char *actor)
{
	char idbuf[24], detail[48];
	sqlite3_stmt *st;
	int opened, rc, n;

	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_SESSION_DELETE_USER, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, user_id);
	store__bind_text(st, 2, except_hash);
	if ((rc = store__step_done(s, st, "ending sessions")))
		goto out;
	n = sqlite3_changes(s->db);
	if (n > 0) {
		id_text(user_id, idbuf);
		snprintf(detail, sizeof detail, "%d sessions", n);
		rc = store_audit(s, actor, "end_sessions", "user", idbuf, detail);
	}
out:
	return store__tx_leave(s, opened, rc);
}

int store_attempt_add(struct store *s, const char *key, int64_t at, const char *action,
		      const char *actor)
{
	sqlite3_stmt *st;
	int opened, rc;

	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_LOGIN_FAIL_PURGE, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, at - ATTEMPT_KEEP);
	if ((rc = store__step_done(s, st, "forgetting old attempts")))
		goto out;
	if ((rc = store__prep(s, STMT_LOGIN_FAIL_ADD, &st)))
		goto out;
	store__bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, at);
	if ((rc = store__step_done(s, st, "recording an attempt")))
		goto out;
	rc = store_audit(s, actor, action, "attempt", key, NULL);
out:
	return store__tx_leave(s, opened, rc);
}

int store_attempt_count(struct store *s, const char *key, int64_t since, int64_t *n)
{
	sqlite3_stmt *st = store__stmt(s, STMT_LOGIN_FAIL_COUNT);

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, since);
	return store__step_int(s, st, n, "counting attempts");
}

int store_token_create(struct store *s, int64_t user_id, const char *token_hash, const char *name,
		       const char *actor, int64_t *id)
{
	char now[UTC_ISO_LEN], idbuf[24];
	sqlite3_stmt *st;
	int64_t new_id;
	int opened, rc;

	utc_format(utc_now(), now);
	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_TOKEN_INSERT, &st)))
		goto out;
	store__bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, user_id);
	store__bind_text(st, 3, name ? name : "");
	store__bind_text(st, 4, now);
	if ((rc = store__step_done(s, st, "creating an API token")))
		goto out;
	new_id = sqlite3_last_insert_rowid(s->db);
	id_text(new_id, idbuf);
	if ((rc = store_audit(s, actor, "create", "api_token", idbuf, name)))
		goto out;
	if (id)
		*id = new_id;
out:
	return store__tx_leave(s, opened, rc);
}

int store_token_user(struct store *s, const char *token_hash, int64_t now, struct arena *a,
		     struct store_user *out)
{
	sqlite3_stmt *st = store__stmt(s, STMT_TOKEN_FIND);
	char at[UTC_ISO_LEN], before[UTC_ISO_LEN];
	struct store_user u;
	int64_t token_id;
	int rc;

	if (!st)
		return ERR_DB;
	store__bind_text(st, 1, token_hash);
	if ((rc = store__step_one(s, st, "reading an API token", "no such API token")))
		return rc;
	rc = read_user(s, st, a, &u);
	token_id = sqlite3_column_int64(st, 8);
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (!(st = store__stmt(s, STMT_TOKEN_TOUCH)))
		return ERR_DB;
	utc_format(now, at);
	utc_format(now - TOKEN_TOUCH_EVERY, before);
	sqlite3_bind_int64(st, 1, token_id);
	store__bind_text(st, 2, at);
	store__bind_text(st, 3, before);
	if ((rc = store__step_done(s, st, "noting the use of an API token")))
		return rc;
	*out = u;
	return 0;
}

int store_token_list(struct store *s, int64_t user_id, store_token_cb cb, void *ud)
{
	sqlite3_stmt *st = store__stmt(s, STMT_TOKEN_LIST);
	struct store_token t;
	int rc;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r;

		t.id = sqlite3_column_int64(st, 0);
		t.name = store__col_text(st, 1);
		t.created_at = store__col_text(st, 2);
		t.last_used_at = store__col_text(st, 3);
		t.revoked = sqlite3_column_int(st, 4);
		if ((r = cb(ud, &t))) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store__db_fail(s, "listing API tokens");
}

int store_token_revoke(struct store *s, int64_t user_id, int64_t token_id, const char *actor)
{
	char idbuf[24];
	sqlite3_stmt *st;
	int opened, rc;

	if ((rc = store__tx_enter(s, &opened)))
		return rc;
	if ((rc = store__prep(s, STMT_TOKEN_REVOKE, &st)))
		goto out;
	sqlite3_bind_int64(st, 1, token_id);
	sqlite3_bind_int64(st, 2, user_id);
	if ((rc = store__step_done(s, st, "revoking an API token")))
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = store__fail(s, ERR_NOT_FOUND, "no such API token");
		goto out;
	}
	id_text(token_id, idbuf);
	rc = store_audit(s, actor, "revoke", "api_token", idbuf, NULL);
out:
	return store__tx_leave(s, opened, rc);
}
