/*
 * test_auth_pwhash.c - unit tests for the password-hashing slots of src/app/auth.h: a slot
 * is handed out while one is free, a caller waits for one to come free, and gives up with
 * ERR_BUSY when none does in time.
 */
#include "testutil.h"

#include "app/app.h"
#include "app/auth.h"
#include "core/err.h"

#include <pthread.h>
#include <unistd.h>

static void test_slots_are_limited(void **state)
{
	struct app_config cfg = {.pwhash_slots = 2};
	struct app app;

	(void)state;
	app_init(&app, &cfg);
	assert_int_equal(auth_pwhash_begin(&app, 0), 0);
	assert_int_equal(auth_pwhash_begin(&app, 0), 0);
	/* Both slots taken: a third caller gives up after its wait. */
	assert_int_equal(auth_pwhash_begin(&app, 20), ERR_BUSY);
	auth_pwhash_end(&app);
	assert_int_equal(auth_pwhash_begin(&app, 0), 0);
	auth_pwhash_end(&app);
	auth_pwhash_end(&app);
	app_cleanup(&app);
}

static void test_default_slots(void **state)
{
	struct app_config cfg = {0};
	struct app app;
	int got = 0;

	(void)state;
	app_init(&app, &cfg);
	assert_int_equal(app.cfg.pwhash_slots, APP_PWHASH_SLOTS);
	while (got < APP_PWHASH_SLOTS + 1 && auth_pwhash_begin(&app, 0) == 0)
		got++;
	assert_int_equal(got, APP_PWHASH_SLOTS);
	while (got--)
		auth_pwhash_end(&app);
	app_cleanup(&app);
}

struct waiter {
	struct app *app;
	int rc;
};

static void *wait_for_slot(void *p)
{
	struct waiter *w = p;

	w->rc = auth_pwhash_begin(w->app, 10000);
	if (w->rc == 0)
		auth_pwhash_end(w->app);
	return NULL;
}

static void test_waiter_gets_freed_slot(void **state)
{
	struct app_config cfg = {.pwhash_slots = 1};
	struct waiter w = {.rc = -1};
	struct app app;
	pthread_t t;

	(void)state;
	app_init(&app, &cfg);
	w.app = &app;
	assert_int_equal(auth_pwhash_begin(&app, 0), 0);
	assert_int_equal(pthread_create(&t, NULL, wait_for_slot, &w), 0);
	usleep(20000); /* let it start waiting; the result does not depend on it */
	auth_pwhash_end(&app);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(w.rc, 0);
	app_cleanup(&app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_slots_are_limited),
	    cmocka_unit_test(test_default_slots),
	    cmocka_unit_test(test_waiter_gets_freed_slot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
