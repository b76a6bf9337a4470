/*
 * test_cli_i18n.c - unit tests for src/cli/cli_i18n.h: cli_lang_choose takes LANGUAGE first
 * (its first entry that is English or has a catalogue), then the first non-empty of LC_ALL,
 * LC_MESSAGES and LANG, and a C or POSIX locale means English whatever LANGUAGE says; and
 * cli_i18n_init loads the chosen catalogue from $STOCKTAKE_LOCALEDIR so that _() and Q_()
 * translate, with the language's plural rule.
 */
#include "testutil.h"

#include "cli/cli_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define ES_FR ((1u << LANG_ES) | (1u << LANG_FR))

static enum lang choose(const char *language, const char *lc_all, const char *lc_messages,
			const char *lang)
{
	return cli_lang_choose(language, lc_all, lc_messages, lang, ES_FR);
}

static void test_nothing_set_is_english(void **state)
{
	(void)state;
	assert_int_equal(choose(NULL, NULL, NULL, NULL), LANG_EN);
	assert_int_equal(choose("", "", "", ""), LANG_EN);
}

static void test_locale_names(void **state)
{
	(void)state;
	assert_int_equal(choose(NULL, NULL, NULL, "es_ES.UTF-8"), LANG_ES);
	assert_int_equal(choose(NULL, NULL, NULL, "fr"), LANG_FR);
	assert_int_equal(choose(NULL, NULL, NULL, "fr_CA"), LANG_FR);
	assert_int_equal(choose(NULL, NULL, NULL, "es.UTF-8"), LANG_ES);
	assert_int_equal(choose(NULL, NULL, NULL, "fr_BE@euro"), LANG_FR);
	assert_int_equal(choose(NULL, NULL, NULL, "en_GB.UTF-8"), LANG_EN);
	assert_int_equal(choose(NULL, NULL, NULL, "C"), LANG_EN);
	assert_int_equal(choose(NULL, NULL, NULL, "POSIX"), LANG_EN);
	assert_int_equal(choose(NULL, NULL, NULL, "C.UTF-8"), LANG_EN);
	/* unknown, or one of ours without a catalogue */
	assert_int_equal(choose(NULL, NULL, NULL, "de_DE.UTF-8"), LANG_EN);
	assert_int_equal(choose(NULL, NULL, NULL, "ru_RU.UTF-8"), LANG_EN);
	assert_int_equal(choose(NULL, NULL, NULL, "fra"), LANG_EN);
	assert_int_equal(choose(NULL, NULL, NULL, "f"), LANG_EN);
}

static void test_locale_precedence(void **state)
{
	(void)state;
	assert_int_equal(choose(NULL, "fr_FR.UTF-8", "es_ES.UTF-8", "en_US.UTF-8"), LANG_FR);
	assert_int_equal(choose(NULL, NULL, "es_ES.UTF-8", "fr_FR.UTF-8"), LANG_ES);
	assert_int_equal(choose(NULL, "", "", "fr_FR.UTF-8"), LANG_FR);
	/* the first one set decides, even when we have no catalogue for it */
	assert_int_equal(choose(NULL, "de_DE.UTF-8", NULL, "fr_FR.UTF-8"), LANG_EN);
	assert_int_equal(choose(NULL, "C", NULL, "fr_FR.UTF-8"), LANG_EN);
	assert_int_equal(choose(NULL, NULL, "POSIX", "es_ES.UTF-8"), LANG_EN);
}

static void test_language_list(void **state)
{
	(void)state;
	assert_int_equal(choose("es", NULL, NULL, NULL), LANG_ES);
	assert_int_equal(choose("fr", NULL, NULL, "es_ES.UTF-8"), LANG_FR);
	assert_int_equal(choose("es", "fr_FR.UTF-8", NULL, NULL), LANG_ES);
	assert_int_equal(choose("de:fr:es", NULL, NULL, NULL), LANG_FR);
	assert_int_equal(choose("de_AT:es_MX", NULL, NULL, NULL), LANG_ES);
	assert_int_equal(choose("ru:en:fr", NULL, NULL, NULL), LANG_EN);
	assert_int_equal(choose("::fr", NULL, NULL, NULL), LANG_FR);
	/* no usable entry: the locale decides */
	assert_int_equal(choose("de:it", NULL, NULL, "fr_FR.UTF-8"), LANG_FR);
	assert_int_equal(choose("de", NULL, NULL, NULL), LANG_EN);
	/* "C" in the list stops it in English */
	assert_int_equal(choose("C:fr", NULL, NULL, "es_ES.UTF-8"), LANG_EN);
	/* C.UTF-8 is not the C locale: LANGUAGE still applies (as in glibc) */
	assert_int_equal(choose("fr", "C.UTF-8", NULL, NULL), LANG_FR);
}

static void test_c_locale_overrides_language(void **state)
{
	(void)state;
	assert_int_equal(choose("fr", "C", NULL, NULL), LANG_EN);
	assert_int_equal(choose("es", NULL, NULL, "POSIX"), LANG_EN);
	assert_int_equal(choose("es", NULL, "C", "fr_FR.UTF-8"), LANG_EN);
}

static void test_available_catalogues(void **state)
{
	(void)state;
	assert_int_equal(cli_lang_choose("fr", NULL, NULL, NULL, 0), LANG_EN);
	assert_int_equal(cli_lang_choose("fr:es", NULL, NULL, NULL, 1u << LANG_ES), LANG_ES);
	assert_int_equal(cli_lang_choose(NULL, NULL, NULL, "ru_RU.UTF-8", 1u << LANG_RU), LANG_RU);
}

static const char fr_po[] = "msgid \"\"\n"
			    "msgstr \"Content-Type: text/plain; charset=UTF-8\\n"
			    "Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n"
			    "\n"
			    "msgid \"unknown command\"\n"
			    "msgstr \"commande inconnue\"\n"
			    "\n"
			    "msgid \"%ld file\"\n"
			    "msgid_plural \"%ld files\"\n"
			    "msgstr[0] \"%ld fichier\"\n"
			    "msgstr[1] \"%ld fichiers\"\n";

static void test_init_loads_the_catalogue(void **state)
{
	char cmd[2048];

	(void)state;
	mkdir(tu_path("fr"), 0700);
	mkdir(tu_path("fr/LC_MESSAGES"), 0700);
	tu_write_file(tu_path("fr.po"), fr_po);
	snprintf(cmd, sizeof cmd, "msgfmt -o '%s' '%s'", tu_path("fr/LC_MESSAGES/stocktake.mo"),
		 tu_path("fr.po"));
	assert_int_equal(system(cmd), 0);
	setenv("STOCKTAKE_LOCALEDIR", tu_tmpdir(), 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "C.UTF-8", 1);

	/* es has no catalogue there: English */
	setenv("LANGUAGE", "es", 1);
	cli_i18n_init();
	assert_int_equal(cli_lang(), LANG_EN);
	assert_string_equal(_("unknown command"), "unknown command");
	assert_string_equal(Q_("%ld file", "%ld files", 0), "%ld files");

	setenv("LANGUAGE", "es:fr", 1);
	cli_i18n_init();
	assert_int_equal(cli_lang(), LANG_FR);
	assert_string_equal(_("unknown command"), "commande inconnue");
	assert_string_equal(_("not in the catalogue"), "not in the catalogue");
	/* French: 0 and 1 are singular */
	assert_string_equal(Q_("%ld file", "%ld files", 0), "%ld fichier");
	assert_string_equal(Q_("%ld file", "%ld files", 1), "%ld fichier");
	assert_string_equal(Q_("%ld file", "%ld files", 2), "%ld fichiers");
	assert_string_equal(Q_("%ld thing", "%ld things", 2), "%ld things");

	setenv("LC_ALL", "C", 1);
	cli_i18n_init();
	assert_int_equal(cli_lang(), LANG_EN);
	assert_string_equal(_("unknown command"), "unknown command");
	assert_string_equal(Q_("%ld file", "%ld files", 1), "%ld file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_set_is_english),
	    cmocka_unit_test(test_locale_names),
	    cmocka_unit_test(test_locale_precedence),
	    cmocka_unit_test(test_language_list),
	    cmocka_unit_test(test_c_locale_overrides_language),
	    cmocka_unit_test(test_available_catalogues),
	    cmocka_unit_test(test_init_loads_the_catalogue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
