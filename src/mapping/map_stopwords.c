/*
 * map_stopwords.c - stop words for English, French and Spanish, and language detection.
 *
 * The lists are core's (core/stopword.c). They serve twice here: words on the list carry
 * no features, and how many of a text's words are on each list tells which of the three
 * languages it is written in.
 */
#include "mapping/map_text.h"

#include "core/stopword.h"

#include <string.h>

int map_is_stopword(enum map_lang l, const char *w, size_t n)
{
	return stopword_is((int)l, w, n);
}

static const char *const lang_codes[MAP_LANG__COUNT] = {"en", "fr", "es", "ru", "ar", "zh"};

const char *map_lang_code(enum map_lang l)
{
	return (unsigned)l < MAP_LANG__COUNT ? lang_codes[l] : "en";
}

int map_lang_parse(const char *code)
{
	if (!code)
		return -1;
	for (int i = 0; i < MAP_LANG__COUNT; i++) {
		const char *c = lang_codes[i];

		if ((code[0] | 0x20) == c[0] && (code[1] | 0x20) == c[1] &&
		    (code[2] == '\0' || code[2] == '-' || code[2] == '_'))
			return i;
	}
	return -1;
}

void map_stopset_build(struct map_textproc *tp)
{
	memset(tp->stopset, 0, sizeof tp->stopset);
	for (int l = 0; l < MAP_LANG_STOPWORDS; l++) {
		size_t n;
		const char *const *words = stopword_list(l, &n);

		for (size_t i = 0; i < n; i++) {
			uint64_t h = map_hash(words[i], strlen(words[i]), MAP_HASH_SEED);
			size_t j = (size_t)h & (MAP_STOPSET_SIZE - 1);

			while (tp->stopset[l][j] && tp->stopset[l][j] != h)
				j = (j + 1) & (MAP_STOPSET_SIZE - 1);
			tp->stopset[l][j] = h;
		}
	}
}

int map_stopset_has(const struct map_textproc *tp, enum map_lang l, uint64_t h)
{
	size_t j = (size_t)h & (MAP_STOPSET_SIZE - 1);

	if ((unsigned)l >= MAP_LANG_STOPWORDS)
		return 0;
	while (tp->stopset[l][j]) {
		if (tp->stopset[l][j] == h)
			return 1;
		j = (j + 1) & (MAP_STOPSET_SIZE - 1);
	}
	return 0;
}

/*
 * Scripts decide first (Cyrillic, Arabic and Han letters are unambiguous); among Latin
 * texts the language whose function words occur most wins, English on a tie or when no
 * function word occurs at all (a list of keywords, a title). tp NULL: look words up in the
 * sorted lists instead of the hash sets.
 */
static enum map_lang detect(const struct map_tokens *t, const struct map_textproc *tp)
{
	size_t script[4] = {0}, hits[MAP_LANG_STOPWORDS] = {0};
	size_t limit = t->n < 400 ? t->n : 400;
	enum map_lang best = MAP_LANG_EN;

	for (size_t i = 0; i < limit; i++) {
		const struct map_token *tk = &t->v[i];

		script[tk->script]++;
		if (tk->kind != MAP_TOK_WORD || tk->script != 0 || tk->nlen > 12)
			continue;
		for (int l = 0; l < MAP_LANG_STOPWORDS; l++)
			hits[l] += (size_t)(tp ? map_stopset_has(tp, (enum map_lang)l, tk->nhash)
					       : map_is_stopword((enum map_lang)l,
								 t->chars + tk->norm, tk->nlen));
	}
	if (script[3] > 0 && script[3] * 2 >= script[0])
		return MAP_LANG_ZH;
	if (script[1] > script[0] && script[1] >= script[2])
		return MAP_LANG_RU;
	if (script[2] > script[0])
		return MAP_LANG_AR;
	for (int l = 1; l < MAP_LANG_STOPWORDS; l++)
		if (hits[l] > hits[best])
			best = (enum map_lang)l;
	return best;
}

enum map_lang map_lang_detect(const struct map_tokens *t)
{
	return detect(t, NULL);
}

enum map_lang map_lang_detect_tp(const struct map_textproc *tp)
{
	return detect(&tp->toks, tp);
}
