/*
 * map_stopwords.c - stop words for English, French and Spanish, and language detection.
 *
 * The lists are the project's own: the function words of each language (articles,
 * pronouns, prepositions, conjunctions, auxiliaries and the commonest adverbs), in the
 * case-folded form the tokeniser produces, each list sorted (byte order) for bsearch.
 * They serve twice: words on the list carry no features, and how many of a text's words
 * are on each list tells which of the three languages it is written in.
 */
#include "mapping/map_text.h"

#include <stdlib.h>
#include <string.h>

static const char *const stop_en[] = {
    "a",      "about", "above",   "after",     "again", "against",    "all",    "also",    "am",
    "an",     "and",   "any",     "are",       "as",    "at",         "be",     "because", "been",
    "before", "being", "below",   "between",   "both",  "but",        "by",     "can",     "could",
    "did",    "do",    "does",    "doing",     "down",  "during",     "each",   "either",  "etc",
    "few",    "for",   "from",    "further",   "had",   "has",        "have",   "having",  "he",
    "her",    "here",  "hers",    "herself",   "him",   "himself",    "his",    "how",     "i",
    "if",     "in",    "into",    "is",        "it",    "its",        "itself", "just",    "may",
    "me",     "might", "more",    "most",      "must",  "my",         "myself", "no",      "nor",
    "not",    "now",   "of",      "off",       "on",    "once",       "one",    "only",    "or",
    "other",  "our",   "ours",    "ourselves", "out",   "over",       "own",    "per",     "s",
    "same",   "shall", "she",     "should",    "so",    "some",       "such",   "t",       "than",
    "that",   "the",   "their",   "theirs",    "them",  "themselves", "then",   "there",   "these",
    "they",   "this",  "those",   "through",   "thus",  "to",         "too",    "under",   "until",
    "up",     "upon",  "us",      "very",      "via",   "was",        "we",     "were",    "what",
    "when",   "where", "whether", "which",     "while", "who",        "whom",   "whose",   "why",
    "will",   "with",  "within",  "without",   "would", "yet",        "you",    "your",    "yours",
};

static const char *const stop_fr[] = {
    "a",      "afin",    "ai",      "aient",   "ainsi",  "alors",  "au",     "aucun", "aucune",
    "aussi",  "autre",   "autres",  "aux",     "avait",  "avec",   "avoir",  "c",     "car",
    "ce",     "ceci",    "cela",    "celle",   "celles", "celui",  "ces",    "cet",   "cette",
    "ceux",   "chaque",  "comme",   "d",       "dans",   "de",     "des",    "doit",  "donc",
    "dont",   "du",      "elle",    "elles",   "en",     "encore", "entre",  "est",   "et",
    "eu",     "faire",   "fait",    "il",      "ils",    "j",      "je",     "l",     "la",
    "le",     "les",     "leur",    "leurs",   "lors",   "lui",    "m",      "mais",  "me",
    "mes",    "moi",     "mon",     "même",    "mêmes",  "n",      "ne",     "ni",    "nos",
    "notre",  "nous",    "on",      "ont",     "or",     "ou",     "où",     "par",   "parmi",
    "pas",    "peut",    "peuvent", "plus",    "pour",   "qu",     "quand",  "que",   "quel",
    "quelle", "quelles", "quels",   "qui",     "s",      "sa",     "sans",   "se",    "selon",
    "ses",    "si",      "son",     "sont",    "sous",   "sur",    "t",      "ta",    "te",
    "tes",    "toi",     "ton",     "tous",    "tout",   "toute",  "toutes", "très",  "tu",
    "un",     "une",     "unes",    "uns",     "vers",   "via",    "vos",    "votre", "vous",
    "y",      "à",       "ça",      "étaient", "était",  "été",    "être",
};

static const char *const stop_es[] = {
    "a",     "al",     "algo",   "algunas", "algunos",  "ante",   "antes",  "así",   "aunque",
    "cada",  "como",   "con",    "contra",  "cual",     "cuales", "cuando", "de",    "del",
    "desde", "donde",  "dos",    "durante", "e",        "el",     "ella",   "ellas", "ello",
    "ellos", "en",     "entre",  "era",     "es",       "esa",    "esas",   "ese",   "eso",
    "esos",  "esta",   "estaba", "estas",   "este",     "esto",   "estos",  "está",  "están",
    "fue",   "fueron", "ha",     "haber",   "han",      "hasta",  "hay",    "la",    "las",
    "le",    "les",    "lo",     "los",     "mas",      "me",     "mi",     "mis",   "muy",
    "más",   "ni",     "no",     "nos",     "nosotros", "o",      "otra",   "otras", "otro",
    "otros", "para",   "pero",   "por",     "porque",   "pues",   "que",    "quien", "quienes",
    "qué",   "se",     "sea",    "según",   "ser",      "si",     "sido",   "sin",   "sobre",
    "son",   "su",     "sus",    "sí",      "también",  "tanto",  "te",     "tiene", "tienen",
    "todas", "todo",   "todos",  "tu",      "u",        "un",     "una",    "unas",  "uno",
    "unos",  "y",      "ya",     "él",
};

struct stoplist {
	const char *const *words;
	size_t n;
};

#define LIST(a)                         \
	{                               \
		a, sizeof a / sizeof *a \
	}
static const struct stoplist lists[MAP_LANG_STOPWORDS] = {LIST(stop_en), LIST(stop_fr),
							  LIST(stop_es)};

struct probe {
	const char *w;
	size_t n;
};

static int cmp_probe(const void *k, const void *elem)
{
	const struct probe *p = k;
	const char *s = *(const char *const *)elem;
	size_t m = strlen(s);
	int c = memcmp(p->w, s, p->n < m ? p->n : m);

	if (c)
		return c;
	return p->n < m ? -1 : p->n > m;
}

int map_is_stopword(enum map_lang l, const char *w, size_t n)
{
	struct probe p = {w, n};

	if ((unsigned)l >= MAP_LANG_STOPWORDS)
		return 0;
	return bsearch(&p, lists[l].words, lists[l].n, sizeof *lists[l].words, cmp_probe) != NULL;
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
	for (int l = 0; l < MAP_LANG_STOPWORDS; l++)
		for (size_t i = 0; i < lists[l].n; i++) {
			uint64_t h =
			    map_hash(lists[l].words[i], strlen(lists[l].words[i]), MAP_HASH_SEED);
			size_t j = (size_t)h & (MAP_STOPSET_SIZE - 1);

			while (tp->stopset[l][j] && tp->stopset[l][j] != h)
				j = (j + 1) & (MAP_STOPSET_SIZE - 1);
			tp->stopset[l][j] = h;
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
