/*
 * test_store_sqlite_accounts.c - unit tests for the accounts part of store.h on SQLite:
 * creating and finding accounts (email case-insensitive, duplicates refused, nothing
 * half-written), sessions (expiry, disabled accounts, ending one or all but one), failed
 * log-in counting, API tokens (use noted, revoked only by their owner), and the audit
 * record every write leaves.
 */
#include "testutil.h"

#include "core/arena.h"
#include "core/utc.h"

#include <sqlite3.h>
#include <string.h>

#define HASH "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"

static void test_users(void **state)
{
	struct store *s = tu_store_new("users.db");
	const char *db = tu_path("users.db");
	struct store_user u;
	struct arena a;
	int64_t id = 0, id2 = 0, audits;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(store_user_create(s, "Ann@Example.org", "Ann", HASH, "submitter",
					   "Ann's NGO", "test", &id),
			 0);
	assert_true(id > 0);
	assert_int_equal(store_user_by_email(s, "ann@example.ORG", &a, &u), 0);
	assert_int_equal(u.id, id);
	assert_string_equal(u.email, "Ann@Example.org");
	assert_string_equal(u.name, "Ann");
	assert_string_equal(u.password_hash, HASH);
	assert_string_equal(u.role, "submitter");
	assert_string_equal(u.organisation, "Ann's NGO");
	assert_int_equal(u.disabled, 0);
	assert_int_equal(store_user_by_id(s, id, &a, &u), 0);
	assert_string_equal(u.email, "Ann@Example.org");
	assert_int_equal(store_user_by_id(s, id + 100, &a, &u), ERR_NOT_FOUND);
	assert_int_equal(store_user_by_email(s, "bob@example.org", &a, &u), ERR_NOT_FOUND);

	/* A taken email is refused, and its new organisation is not left behind. */
	audits = tu_count(db, "SELECT count(*) FROM audit");
	assert_int_equal(store_user_create(s, "ANN@example.org", "Other", HASH, "admin", "New Org",
					   "test", &id2),
			 ERR_CONFLICT);
	assert_non_null(strstr(store_errmsg(s), "already exists"));
	assert_int_equal(id2, 0);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM organisation WHERE name = 'New Org'"),
			 0);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM audit"), audits);
	/* An existing organisation is reused. */
	assert_int_equal(store_user_create(s, "bob@example.org", NULL, HASH, "moderator",
					   "Ann's NGO", "test", &id2),
			 0);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM organisation"), 1);
	/* The database refuses roles that do not exist. */
	assert_int_not_equal(
	    store_user_create(s, "eve@example.org", "", HASH, "king", NULL, "test", NULL), 0);

	assert_int_equal(store_user_set_role(s, id, "admin", "test"), 0);
	assert_int_equal(store_user_set_password(s, id, "$argon2id$new", "test"), 0);
	assert_int_equal(store_user_by_id(s, id, &a, &u), 0);
	assert_string_equal(u.role, "admin");
	assert_string_equal(u.password_hash, "$argon2id$new");
	assert_int_equal(store_user_set_role(s, 999, "admin", "test"), ERR_NOT_FOUND);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE entity = 'user' AND actor ="
				      " 'test' AND action IN ('create', 'role', 'password')"),
			 4);
	arena_cleanup(&a);
	store_close(s);
}

static void test_sessions(void **state)
{
	struct store *s = tu_store_new("sessions.db");
	const char *db = tu_path("sessions.db");
	int64_t now = utc_now(), ann, bob;
	struct store_user u;
	const char *csrf;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(
	    store_user_create(s, "ann@example.org", "Ann", HASH, "submitter", NULL, "t", &ann), 0);
	assert_int_equal(
	    store_user_create(s, "bob@example.org", "Bob", HASH, "submitter", NULL, "t", &bob), 0);
	assert_int_equal(store_session_create(s, "h1", ann, "c1", now + 3600, "t"), 0);
	assert_int_equal(store_session_create(s, "h2", ann, "c2", now + 3600, "t"), 0);
	assert_int_equal(store_session_create(s, "h3", ann, "c3", now + 3600, "t"), 0);
	assert_int_equal(store_session_create(s, "hb", bob, "cb", now + 3600, "t"), 0);
	assert_int_equal(store_session_find(s, "h1", now, &a, &u, &csrf), 0);
	assert_int_equal(u.id, ann);
	assert_string_equal(u.email, "ann@example.org");
	assert_string_equal(csrf, "c1");
	/* Expired: not found at or after its end. */
	assert_int_equal(store_session_find(s, "h1", now + 3600, &a, &u, &csrf), ERR_NOT_FOUND);
	assert_int_equal(store_session_find(s, "nope", now, &a, &u, &csrf), ERR_NOT_FOUND);
	/* All of ann's sessions but h2 end; bob's stays. */
	assert_int_equal(store_session_delete_user(s, ann, "h2", "t"), 0);
	assert_int_equal(store_session_find(s, "h1", now, &a, &u, &csrf), ERR_NOT_FOUND);
	assert_int_equal(store_session_find(s, "h3", now, &a, &u, &csrf), ERR_NOT_FOUND);
	assert_int_equal(store_session_find(s, "h2", now, &a, &u, &csrf), 0);
	assert_int_equal(store_session_find(s, "hb", now, &a, &u, &csrf), 0);
	assert_int_equal(store_session_delete(s, "h2", "t"), 0);
	assert_int_equal(store_session_find(s, "h2", now, &a, &u, &csrf), ERR_NOT_FOUND);
	assert_int_equal(store_session_delete(s, "h2", "t"), 0); /* twice is fine */
	/* A disabled account has no sessions. */
	{
		sqlite3 *c;
		assert_int_equal(sqlite3_open(db, &c), SQLITE_OK);
		assert_int_equal(sqlite3_exec(c,
					      "UPDATE user SET disabled = 1 WHERE email ="
					      " 'bob@example.org'",
					      NULL, NULL, NULL),
				 SQLITE_OK);
		sqlite3_close(c);
	}
	assert_int_equal(store_session_find(s, "hb", now, &a, &u, &csrf), ERR_NOT_FOUND);
	/* Expired sessions are forgotten when a new one starts. */
	assert_int_equal(store_session_create(s, "old", ann, "c", now - 1, "t"), 0);
	assert_int_equal(store_session_create(s, "new", ann, "c", now + 10, "t"), 0);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM session WHERE token_hash = 'old'"), 0);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE action = 'logout'"), 1);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE action = 'end_sessions'"),
			 1);
	arena_cleanup(&a);
	store_close(s);
}

static void test_login_failures(void **state)
{
	struct store *s = tu_store_new("failures.db");
	int64_t now = utc_now(), n = -1;

	(void)state;
	assert_int_equal(store_attempt_count(s, "email:a", now - 900, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_attempt_add(s, "email:a", now - 1000, "login_failed", "a"), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_attempt_add(s, "email:a", now - i, "login_failed", "a"), 0);
	assert_int_equal(store_attempt_add(s, "email:b", now, "login_failed", "b"), 0);
	assert_int_equal(store_attempt_count(s, "email:a", now - 900, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_attempt_count(s, "email:a", now - 2000, &n), 0);
	assert_int_equal(n, 4);
	/* Failures older than a day are forgotten at the next one. */
	assert_int_equal(store_attempt_add(s, "email:c", now + 2 * 86400, "login_failed", "c"), 0);
	assert_int_equal(store_attempt_count(s, "email:a", 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(tu_count(tu_path("failures.db"),
				  "SELECT count(*) FROM audit WHERE action = 'login_failed'"),
			 6);
	store_close(s);
}

static int collect(void *ud, const struct store_token *t)
{
	int *revoked = ud;

	revoked[t->id] = t->revoked;
	return 0;
}

static void test_tokens(void **state)
{
	struct store *s = tu_store_new("tokens.db");
	const char *db = tu_path("tokens.db");
	int64_t now = utc_now(), ann, bob, t1, t2;
	int revoked[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
	struct store_user u;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(
	    store_user_create(s, "ann@example.org", "Ann", HASH, "admin", NULL, "t", &ann), 0);
	assert_int_equal(
	    store_user_create(s, "bob@example.org", "Bob", HASH, "submitter", NULL, "t", &bob), 0);
	assert_int_equal(store_token_create(s, ann, "th1", "ci", "t", &t1), 0);
	assert_int_equal(store_token_create(s, ann, "th2", "", "t", &t2), 0);
	assert_int_equal(store_token_create(s, ann, "th1", "dup", "t", NULL), ERR_CONFLICT);
	assert_int_equal(store_token_user(s, "th1", now, &a, &u), 0);
	assert_int_equal(u.id, ann);
	assert_string_equal(u.role, "admin");
	assert_int_equal(
	    tu_count(db, "SELECT count(*) FROM api_token WHERE last_used_at IS NOT NULL"), 1);
	assert_int_equal(store_token_user(s, "nope", now, &a, &u), ERR_NOT_FOUND);
	/* Only the owner revokes. */
	assert_int_equal(store_token_revoke(s, bob, t1, "t"), ERR_NOT_FOUND);
	assert_int_equal(store_token_user(s, "th1", now, &a, &u), 0);
	assert_int_equal(store_token_revoke(s, ann, t1, "t"), 0);
	assert_int_equal(store_token_user(s, "th1", now, &a, &u), ERR_NOT_FOUND);
	assert_int_equal(store_token_user(s, "th2", now, &a, &u), 0);
	assert_int_equal(store_token_list(s, ann, collect, revoked), 0);
	assert_int_equal(revoked[t1], 1);
	assert_int_equal(revoked[t2], 0);
	assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE entity = 'api_token'"), 3);
	arena_cleanup(&a);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_users),
	    cmocka_unit_test(test_sessions),
	    cmocka_unit_test(test_login_failures),
	    cmocka_unit_test(test_tokens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
