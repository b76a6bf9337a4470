/*
 * test_map_text.c - the text layer of the mapping engine: normalisation, tokens (accents,
 * Arabic and Chinese script, emoji, empty and 1 MB texts, invalid UTF-8), stop words,
 * language detection, n-gram keys and the stem cache.
 */
#include "testutil.h"

#include "core/err.h"
#include "mapping/map_text.h"
#include "mapping/mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct map_textproc tp;

static int setup(void **state)
{
	(void)state;
	map_textproc_init(&tp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	map_textproc_cleanup(&tp);
	return 0;
}

static size_t tok(const char *s)
{
	assert_int_equal(map_tokenise(s, strlen(s), &tp.toks), 0);
	return tp.toks.n;
}

/* norm returns token i's normalised form (valid until the next call). */
static const char *norm(size_t i)
{
	static char b[256];
	const struct map_token *t = &tp.toks.v[i];

	snprintf(b, sizeof b, "%.*s", (int)t->nlen, tp.toks.chars + t->norm);
	return b;
}

static void test_ascii_and_case(void **state)
{
	(void)state;
	assert_int_equal(tok("Digital Public-Goods, for ALL!"), 5);
	assert_string_equal(norm(0), "digital");
	assert_string_equal(norm(2), "goods");
	assert_string_equal(norm(4), "all");
	assert_int_equal(tp.toks.v[1].start, 8);
	assert_int_equal(tp.toks.v[1].end, 14);
}

static void test_accents_and_nfkc(void **state)
{
	(void)state;
	/* composed and decomposed é, a ligature, full-width letters, German sharp s */
	assert_int_equal(tok("Éducation e\xcc\x81"
			     "cole \xef\xac\x81nance \xef\xbc\xa1\xef\xbc\xa9 Stra\xc3\x9f"
			     "e"),
			 5);
	assert_string_equal(norm(0), "éducation");
	assert_string_equal(norm(1), "école");
	assert_string_equal(norm(2), "finance");
	assert_string_equal(norm(3), "ai");
	assert_string_equal(norm(4), "strasse");
	/* spans are in the original bytes */
	assert_int_equal(tp.toks.v[1].start, 11);
	assert_int_equal(tp.toks.v[1].end, 18);
	/* French elision: the apostrophe separates */
	assert_int_equal(tok("l\xe2\x80\x99\xc3\xa9"
			     "ducation d'un"),
			 4);
	assert_string_equal(norm(1), "éducation");
}

static void test_arabic_and_chinese(void **state)
{
	(void)state;
	/* two Arabic words; then four Han characters, each its own token */
	assert_int_equal(tok("\xd8\xa7\xd9\x84\xd9\x81\xd9\x82\xd8\xb1 "
			     "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xb9\xd9\x84\xd9\x8a\xd9\x85"),
			 2);
	assert_int_equal(tp.toks.v[0].script, 2);
	assert_int_equal(map_lang_detect(&tp.toks), MAP_LANG_AR);
	assert_int_equal(tok("\xe6\xb6\x88\xe9\x99\xa4\xe8\xb4\xab\xe5\x9b\xb0"), 4);
	assert_int_equal(tp.toks.v[0].kind, MAP_TOK_HAN);
	assert_int_equal(tp.toks.v[3].end, 12);
	assert_int_equal(map_lang_detect(&tp.toks), MAP_LANG_ZH);
	/* mixed: Latin word, Han characters, Latin word */
	assert_int_equal(tok("SDG\xe7\x9b\xae\xe6\xa0\x87goal"), 4);
	assert_string_equal(norm(0), "sdg");
	assert_string_equal(norm(3), "goal");
}

static void test_emoji_and_symbols(void **state)
{
	(void)state;
	/* emoji, a ZWJ sequence and symbols separate words and are not tokens */
	assert_int_equal(tok("health\xf0\x9f\x8f\xa5"
			     "care \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"
			     " coding \xe2\x82\xac 5 \xe2\x9c\x93"
			     ""),
			 4);
	assert_string_equal(norm(0), "health");
	assert_string_equal(norm(1), "care");
	assert_string_equal(norm(2), "coding");
	assert_int_equal(tp.toks.v[3].kind, MAP_TOK_NUM);
}

static void test_empty(void **state)
{
	enum map_lang l;

	(void)state;
	assert_int_equal(tok(""), 0);
	assert_int_equal(tok("   \n\t ...!?"), 0);
	assert_int_equal(map_text_keys(&tp, "", 0, -1, &l), 0);
	assert_int_equal(tp.keys.n, 0);
	assert_int_equal(l, MAP_LANG_EN);
}

static void test_invalid_utf8(void **state)
{
	/* a stray continuation byte, an overlong form, a surrogate, a truncated sequence */
	const char s[] = "abc\x80"
			 "def \xc0\xaf ghi \xed\xa0\x80 jkl \xe2\x82";
	enum map_lang l;

	(void)state;
	assert_int_equal(map_tokenise(s, sizeof s - 1, &tp.toks), 0);
	assert_int_equal(tp.toks.n, 4);
	assert_string_equal(norm(0), "abc");
	assert_string_equal(norm(1), "def");
	assert_string_equal(norm(3), "jkl");
	assert_int_equal(map_text_keys(&tp, s, sizeof s - 1, -1, &l), 0);
}

static void test_one_megabyte(void **state)
{
	const char *words[] = {"broadband ",
			       "connectivity ",
			       "for ",
			       "rural ",
			       "schools ",
			       "\xc3\xa9"
			       "cole ",
			       "\xe5\x81\xa5 "};
	size_t n = 0, cap = (size_t)1 << 20;
	char *s = malloc(cap + 1);
	enum map_lang l;

	(void)state;
	assert_non_null(s);
	for (int i = 0; n + 16 < cap; i++) {
		size_t k = strlen(words[i % 7]);
		memcpy(s + n, words[i % 7], k);
		n += k;
	}
	s[n] = '\0';
	assert_int_equal(map_text_keys(&tp, s, n, -1, &l), 0);
	assert_true(tp.toks.n > 100000);
	assert_int_equal(l, MAP_LANG_EN);
	/* few distinct keys however long the text: unigrams and the bigrams between them */
	assert_true(tp.keys.n > 5 && tp.keys.n < 20);
	free(s);
}

static void test_stopwords_and_lang(void **state)
{
	enum map_lang l;

	(void)state;
	assert_true(map_is_stopword(MAP_LANG_EN, "the", 3));
	assert_false(map_is_stopword(MAP_LANG_EN, "health", 6));
	assert_true(map_is_stopword(MAP_LANG_FR, "été", strlen("été")));
	assert_true(map_is_stopword(MAP_LANG_ES, "también", strlen("también")));
	assert_false(map_is_stopword(MAP_LANG_RU, "the", 3));
	tok("the health of the people in the villages and their access to water");
	assert_int_equal(map_lang_detect(&tp.toks), MAP_LANG_EN);
	tok("la santé des populations dans les villages et leur accès à l'eau");
	assert_int_equal(map_lang_detect(&tp.toks), MAP_LANG_FR);
	tok("la salud de las personas en los pueblos y su acceso al agua");
	assert_int_equal(map_lang_detect(&tp.toks), MAP_LANG_ES);
	tok("Здравоохранение и образование для всех");
	assert_int_equal(map_lang_detect(&tp.toks), MAP_LANG_RU);
	assert_int_equal(map_lang_parse("fr-CA"), MAP_LANG_FR);
	assert_int_equal(map_lang_parse("zh-Hans"), MAP_LANG_ZH);
	assert_int_equal(map_lang_parse("de"), -1);
	assert_int_equal(map_lang_parse(NULL), -1);
	/* the hints map --lang and POST /api/v1/map take: what map_lang_parse reads, or none */
	assert_true(map_lang_hint_ok(NULL));
	assert_true(map_lang_hint_ok(""));
	assert_true(map_lang_hint_ok("AR"));
	assert_true(map_lang_hint_ok("es_MX"));
	assert_false(map_lang_hint_ok("xx"));
	assert_false(map_lang_hint_ok("e"));
	assert_false(map_lang_hint_ok("english"));
	assert_false(map_lang_hint_ok("-fr"));
	/* a hint overrides detection */
	assert_int_equal(map_text_keys(&tp, "the health", 10, MAP_LANG_ES, &l), 0);
	assert_int_equal(l, MAP_LANG_ES);
}

static void test_keys_stems_and_bigrams(void **state)
{
	enum map_lang l;
	uint64_t a, b, p;
	int found_prefix = 0;

	(void)state;
	/* stop words drop out, stems merge inflections, bigrams skip stop words */
	assert_int_equal(
	    map_text_keys(&tp, "Access to education; accessing educations", 41, -1, &l), 0);
	/* access, educ, "access educ" (twice), "educ access"; prefixes "acces", "educa" */
	assert_int_equal(tp.keys.n, 6);
	a = map_hash("access", 6, MAP_HASH_SEED);
	b = map_hash("educ", 4, map_hash("\x1f", 1, a));
	p = map_hash("educa", 5, map_hash("\x1b", 1, MAP_HASH_SEED));
	for (size_t i = 0; i < tp.keys.n; i++) {
		const struct map_key *k = &tp.keys.v[tp.keys.order[i]];
		if (k->key == a || k->key == p)
			assert_int_equal(k->count, 2);
		found_prefix |= k->key == p;
		if (k->key == b) {
			assert_int_equal(k->count, 2);
			assert_int_equal(k->first, 0);
			assert_int_equal(k->last, 2);
		}
	}
	assert_true(found_prefix);
	/* same text, same keys, in the same order */
	{
		uint64_t first[8];
		size_t n = tp.keys.n;
		for (size_t i = 0; i < n; i++)
			first[i] = tp.keys.v[tp.keys.order[i]].key;
		assert_int_equal(
		    map_text_keys(&tp, "Access to education; accessing educations", 41, -1, &l), 0);
		assert_int_equal(tp.keys.n, n);
		for (size_t i = 0; i < n; i++)
			assert_true(first[i] == tp.keys.v[tp.keys.order[i]].key);
	}
	/* short words and other scripts give no prefix key */
	assert_int_equal(map_text_keys(&tp, "water", 5, -1, &l), 0);
	assert_int_equal(tp.keys.n, 1);
	assert_int_equal(map_text_keys(&tp, "образование", strlen("образование"), -1, &l), 0);
	assert_int_equal(tp.keys.n, 1);
}

/* named_goals maps text to the tp.named bits it sets. */
static uint32_t named_goals(const char *text)
{
	enum map_lang l;

	assert_int_equal(map_text_keys(&tp, text, strlen(text), -1, &l), 0);
	return tp.named;
}

static void test_goals_named_by_number(void **state)
{
	enum map_lang l;
	int found = 0;

	(void)state;
	assert_int_equal(named_goals("It contributes to SDG 10 and SDG17."), 1u << 9 | 1u << 16);
	assert_int_equal(named_goals("SDGs: Goal #4: quality education; goals 5"),
			 1u << 3 | 1u << 4);
	assert_int_equal(named_goals("Sustainable Development Goal 4"), 1u << 3);
	assert_int_equal(named_goals("the Global Goals, Goal 12"), 1u << 11);
	assert_int_equal(named_goals("Agenda 2030: objetivo 2"), 1u << 1);
	assert_int_equal(named_goals("Objectif 8 du d\xc3\xa9veloppement durable"), 1u << 7);
	/* "goal", "objetivo", "objectif" alone are common words: not in a text without SDGs */
	assert_int_equal(named_goals("Goal 2 of the project: train 500 teachers. Goal 3: ..."), 0);
	assert_int_equal(named_goals("Objectif 1 : former les agents ; objetivo 6"), 0);
	assert_int_equal(named_goals("goal2 and goals 5"), 0);
	assert_int_equal(named_goals("Contribuye al ODS 3 y al objetivo 6"), 1u << 2 | 1u << 5);
	assert_int_equal(named_goals("l'ODD 13 et l'objectif 14"), 1u << 12 | 1u << 13);
	/* not a goal: out of range, a year, no goal word, a number too far away */
	assert_int_equal(named_goals("SDG 18, SDG 0, goal 2030, SDG123, 10 SDG, SDG     7"), 0);
	assert_int_equal(named_goals("education for all"), 0);
	/* the goal key, with the span of the goal word and the number */
	assert_int_equal(map_text_keys(&tp, "see SDG 7", 9, -1, &l), 0);
	for (size_t i = 0; i < tp.keys.n; i++) {
		const struct map_key *k = &tp.keys.v[tp.keys.order[i]];
		if (k->key == map_goal_key(7)) {
			found = 1;
			assert_int_equal(tp.toks.v[k->first].start, 4);
			assert_int_equal(tp.toks.v[k->last].end, 9);
		}
	}
	assert_true(found);
}

/* keys_of maps text with p in language lang (-1: detect); out gets the keys in order. */
static size_t keys_of(struct map_textproc *p, const char *text, int lang, uint64_t *out, size_t max)
{
	enum map_lang l;

	assert_int_equal(map_text_keys(p, text, strlen(text), lang, &l), 0);
	assert_true(p->keys.n <= max);
	for (size_t i = 0; i < p->keys.n; i++)
		out[i] = p->keys.v[p->keys.order[i]].key;
	return p->keys.n;
}

/*
 * Stems come from a cache after a word's first time: the keys must be those a fresh
 * textproc (empty cache) gives, for a word stemmed differently in two languages, and after
 * the cache has filled up and been emptied.
 */
static void test_stem_cache(void **state)
{
	static const char *const texts[] = {
	    "Nations informations, national accessible educations",
	    "Les nations et les informations nationales accessibles",
	    "Las naciones y las informaciones nacionales accesibles",
	};
	static const int langs[] = {MAP_LANG_EN, MAP_LANG_FR, MAP_LANG_ES};
	uint64_t want[3][64], got[64];
	size_t nwant[3], n;
	char word[32];

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct map_textproc fresh;

		map_textproc_init(&fresh);
		nwant[i] = keys_of(&fresh, texts[i], langs[i], want[i], 64);
		map_textproc_cleanup(&fresh);
	}
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 3; i++) {
			/* the English text read as French and Spanish too: other stems, other keys */
			for (int j = 0; j < 3; j++) {
				n = keys_of(&tp, texts[i], langs[j], got, 64);
				if (j == i) {
					assert_int_equal(n, nwant[i]);
					assert_memory_equal(got, want[i], n * sizeof *got);
				}
			}
		}
		/* more distinct words than the cache keeps: it empties itself on the way */
		for (int k = 0; k < MAP_STEMCACHE_SLOTS; k++) {
			snprintf(word, sizeof word, "walking%dxq", k);
			keys_of(&tp, word, MAP_LANG_EN, got, 64);
		}
		assert_true(tp.stems.used <= MAP_STEMCACHE_SLOTS / 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ascii_and_case, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accents_and_nfkc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_arabic_and_chinese, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_emoji_and_symbols, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_megabyte, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stopwords_and_lang, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keys_stems_and_bigrams, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stem_cache, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_goals_named_by_number, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
