/*
 * test_lang.c - unit tests for src/domain/lang.h: lang_parse of plain, upper-case and
 * regional or script-tagged codes, of codes that are not UN languages, of "" and NULL; and
 * lang_code.
 */
#include "testutil.h"

#include "domain/lang.h"

static void test_parse_plain(void **state)
{
	(void)state;
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("fr"), LANG_FR);
	assert_int_equal(lang_parse("es"), LANG_ES);
	assert_int_equal(lang_parse("ru"), LANG_RU);
	assert_int_equal(lang_parse("ar"), LANG_AR);
	assert_int_equal(lang_parse("zh"), LANG_ZH);
}

static void test_parse_case(void **state)
{
	(void)state;
	assert_int_equal(lang_parse("FR"), LANG_FR);
	assert_int_equal(lang_parse("En"), LANG_EN);
	assert_int_equal(lang_parse("aR"), LANG_AR);
}

static void test_parse_subtags(void **state)
{
	(void)state;
	assert_int_equal(lang_parse("fr-CA"), LANG_FR);
	assert_int_equal(lang_parse("zh-Hans"), LANG_ZH);
	assert_int_equal(lang_parse("zh-Hant-TW"), LANG_ZH);
	assert_int_equal(lang_parse("en_GB"), LANG_EN);
	assert_int_equal(lang_parse("ES-419"), LANG_ES);
}

static void test_parse_rejects(void **state)
{
	static const char *const bad[] = {
	    "xx", "de", "pt-BR", "", "e", "eng", "fra", "enx", " en", "-en", "zh.Hans", "e-",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (lang_parse(bad[i]) != -1)
			fail_msg("lang_parse accepted \"%s\"", bad[i]);
	assert_int_equal(lang_parse(NULL), -1);
}

/* In an Accept-Language list a code is followed by ";q=", "," or a space. */
static void test_parse_accept_language_items(void **state)
{
	(void)state;
	assert_int_equal(lang_parse("fr;q=0.8"), LANG_FR);
	assert_int_equal(lang_parse("es, en"), LANG_ES);
	assert_int_equal(lang_parse("ar ;q=0.5"), LANG_AR);
	assert_int_equal(lang_parse("de;q=0.8"), -1);
}

static void test_code_round_trip(void **state)
{
	(void)state;
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_string_equal(lang_code(LANG_ZH), "zh");
	for (int l = 0; l < LANG__COUNT; l++)
		assert_int_equal(lang_parse(lang_code((enum lang)l)), l);
	/* Out of range falls back to English. */
	assert_string_equal(lang_code(LANG__COUNT), "en");
	assert_string_equal(lang_code((enum lang) - 1), "en");
}

static void test_plural_forms(void **state)
{
	(void)state;
	/* English and Spanish: only 1 is singular; French: 0 and 1 are; Chinese: one form. */
	assert_int_equal(lang_plural_index(LANG_EN, 0), 1);
	assert_int_equal(lang_plural_index(LANG_EN, 1), 0);
	assert_int_equal(lang_plural_index(LANG_ES, 2), 1);
	assert_int_equal(lang_plural_index(LANG_FR, 0), 0);
	assert_int_equal(lang_plural_index(LANG_FR, 1), 0);
	assert_int_equal(lang_plural_index(LANG_FR, 2), 1);
	assert_int_equal(lang_plural_index(LANG_ZH, 1), 0);
	assert_int_equal(lang_plural_index(LANG_ZH, 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_plain),
	    cmocka_unit_test(test_parse_case),
	    cmocka_unit_test(test_parse_subtags),
	    cmocka_unit_test(test_parse_rejects),
	    cmocka_unit_test(test_parse_accept_language_items),
	    cmocka_unit_test(test_code_round_trip),
	    cmocka_unit_test(test_plural_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
