/*
 * test_mo.c - unit tests for src/core/mo.h: a catalogue compiled by msgfmt is read, plain
 * and plural messages are found, and mo_tr / mo_trn fall back to the English text when a
 * message, or the whole catalogue, is missing; a damaged file is refused.
 */
#include "testutil.h"

#include "core/mo.h"

#include <stdio.h>
#include <stdlib.h>

static const char po[] = "msgid \"\"\n"
			 "msgstr \"Content-Type: text/plain; charset=UTF-8\\n"
			 "Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n"
			 "\n"
			 "msgid \"Reports\"\n"
			 "msgstr \"Rapports\"\n"
			 "\n"
			 "msgid \"%d response\"\n"
			 "msgid_plural \"%d responses\"\n"
			 "msgstr[0] \"%d réponse\"\n"
			 "msgstr[1] \"%d réponses\"\n";

static struct mo_catalog *compiled(void)
{
	char cmd[1024];

	tu_write_file(tu_path("fr.po"), po);
	snprintf(cmd, sizeof cmd, "msgfmt -o '%s' '%s'", tu_path("fr.mo"), tu_path("fr.po"));
	assert_int_equal(system(cmd), 0);
	return mo_load(tu_path("fr.mo"));
}

static void test_translates(void **state)
{
	struct mo_catalog *c = compiled();

	(void)state;
	assert_non_null(c);
	assert_string_equal(mo_get(c, "Reports"), "Rapports");
	assert_null(mo_get(c, "Calls"));
	assert_string_equal(mo_tr(c, "Reports"), "Rapports");
	assert_string_equal(mo_tr(c, "Calls"), "Calls");
	assert_string_equal(mo_trn(c, "%d response", "%d responses", 0, 1), "%d réponse");
	assert_string_equal(mo_trn(c, "%d response", "%d responses", 1, 2), "%d réponses");
	/* a message with no translation: English's own rule */
	assert_string_equal(mo_trn(c, "%d call", "%d calls", 0, 1), "%d call");
	assert_string_equal(mo_trn(c, "%d call", "%d calls", 1, 0), "%d calls");
	mo_free(c);
}

static void test_no_catalogue(void **state)
{
	(void)state;
	assert_null(mo_get(NULL, "Reports"));
	assert_string_equal(mo_tr(NULL, "Reports"), "Reports");
	assert_string_equal(mo_trn(NULL, "%d call", "%d calls", 0, 1), "%d call");
	assert_string_equal(mo_trn(NULL, "%d call", "%d calls", 1, 3), "%d calls");
	assert_null(mo_load(tu_path("missing.mo")));
}

static void test_damaged_file_refused(void **state)
{
	(void)state;
	tu_write_file(tu_path("bad.mo"), "not a message catalogue at all, just text");
	assert_null(mo_load(tu_path("bad.mo")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_translates),
	    cmocka_unit_test(test_no_catalogue),
	    cmocka_unit_test(test_damaged_file_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
