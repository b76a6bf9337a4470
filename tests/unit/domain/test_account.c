/*
 * test_account.c - unit tests for src/domain/account.h: which email addresses, names and
 * passwords are accepted (limits counted in characters or bytes as documented), and
 * argon2id hashing: verify, wrong password, needs_rehash, the dummy hash.
 */
#include "testutil.h"

#include "domain/account.h"

#include <sodium.h>
#include <string.h>

static void test_email(void **state)
{
	static const char *const good[] = {"a@b.co", "ann.lee+wsis@example.org", "Ann@Example.ORG",
					   "é@exämple.org"};
	static const char *const bad[] = {
	    "",
	    "   ",
	    "ann",
	    "@example.org",
	    "ann@",
	    "ann@example",
	    "ann@@example.org",
	    "ann@ex@ample.org",
	    "ann lee@example.org",
	    "ann@.example.org",
	    "ann@example.",
	    "ann@example..org",
	    "<ann>@example.org",
	    "ann@exa\"mple.org",
	    "ann@example.org\n",
	};
	char longest[300];

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (account_check_email(good[i]))
			fail_msg("refused \"%s\"", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (!account_check_email(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_non_null(account_check_email(NULL));
	/* 254 bytes is the most: a@ + 248 x + .org */
	memset(longest, 'x', sizeof longest);
	memcpy(longest, "a@", 2);
	memcpy(longest + 250, ".org", 5);
	assert_int_equal(strlen(longest), 254);
	assert_null(account_check_email(longest));
	memcpy(longest + 250, "x.org", 6);
	assert_non_null(account_check_email(longest));
}

static void test_name(void **state)
{
	char s[1000];

	(void)state;
	assert_null(account_check_name("Ann Lee", ACCOUNT_NAME_MAX, 1));
	assert_null(account_check_name("<script>alert(1)</script>\"'", ACCOUNT_NAME_MAX, 1));
	assert_non_null(account_check_name("", ACCOUNT_NAME_MAX, 1));
	assert_non_null(account_check_name("  ", ACCOUNT_NAME_MAX, 1));
	assert_null(account_check_name("", ACCOUNT_NAME_MAX, 0));
	assert_null(account_check_name(NULL, ACCOUNT_NAME_MAX, 0));
	assert_non_null(account_check_name("Ann\nLee", ACCOUNT_NAME_MAX, 1));
	assert_non_null(account_check_name("Ann\x7f", ACCOUNT_NAME_MAX, 1));
	assert_non_null(account_check_name("\xff\xfe", ACCOUNT_NAME_MAX, 1));
	/* 200 characters of two bytes each pass; 201 do not. */
	for (int i = 0; i < 200; i++)
		memcpy(s + 2 * i, "é", 2);
	s[400] = '\0';
	assert_null(account_check_name(s, ACCOUNT_NAME_MAX, 1));
	memcpy(s + 400, "é", 3);
	assert_non_null(account_check_name(s, ACCOUNT_NAME_MAX, 1));
}

static void test_password_policy(void **state)
{
	char s[1100];

	(void)state;
	assert_non_null(account_check_password(NULL));
	assert_non_null(account_check_password(""));
	assert_non_null(account_check_password("123456789"));
	assert_null(account_check_password("1234567890"));
	/* Ten characters, whatever their bytes: nine is too few even in 18 bytes. */
	assert_non_null(account_check_password("ééééééééé"));
	assert_null(account_check_password("éééééééééé"));
	assert_non_null(account_check_password("abcdefghij\xff"));
	memset(s, 'x', 1000);
	s[1000] = '\0';
	assert_null(account_check_password(s));
	s[1000] = 'x';
	s[1001] = '\0';
	assert_non_null(account_check_password(s));
}

static void test_hash(void **state)
{
	char hash[ACCOUNT_HASH_MAX], again[ACCOUNT_HASH_MAX];

	(void)state;
	assert_true(sodium_init() >= 0);
	assert_int_equal(account_password_hash("correct horse battery", hash), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(account_password_verify(hash, "correct horse battery"));
	assert_false(account_password_verify(hash, "correct horse batterY"));
	assert_false(account_password_verify(hash, ""));
	assert_false(account_password_verify(NULL, "x"));
	assert_false(account_password_needs_rehash(hash));
	/* The same password hashes differently each time (a fresh salt). */
	assert_int_equal(account_password_hash("correct horse battery", again), 0);
	assert_string_not_equal(hash, again);
	/* Weaker settings are noticed. */
	assert_true(
	    account_password_needs_rehash("$argon2id$v=19$m=8,t=1,p=1$YX9+f/KI/gMNHLaTovxFwQ$"
					  "CoxnmxUADPa7M/NiUkKJPWEI8CI5iuf4dH7/LvSaT5I"));
	/* The dummy hash is well-formed, current, and matches nothing one would type. */
	assert_memory_equal(account_dummy_hash(), "$argon2id$", 10);
	assert_false(account_password_needs_rehash(account_dummy_hash()));
	assert_false(account_password_verify(account_dummy_hash(), "correct horse battery"));
	assert_false(account_password_verify(account_dummy_hash(), ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_email),
	    cmocka_unit_test(test_name),
	    cmocka_unit_test(test_password_policy),
	    cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
