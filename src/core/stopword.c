/*
 * stopword.c - the function words of English, French and Spanish: articles, pronouns,
 * prepositions, conjunctions, auxiliaries and the commonest adverbs, in the case-folded
 * form the tokenisers produce, each list sorted (byte order) for bsearch.
 *
 * The lists are the project's own. The mapping layer gives stop words no features and
 * detects a text's language by them (map_stopwords.c); the store leaves them out of the
 * title words that break ties between related initiatives (store_sqlite_view.c).
 */
#include "core/stopword.h"

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
static const struct stoplist lists[STOPWORD_LANGS] = {LIST(stop_en), LIST(stop_fr), LIST(stop_es)};

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

const char *const *stopword_list(int lang, size_t *n)
{
	if (lang < 0 || lang >= STOPWORD_LANGS) {
		*n = 0;
		return NULL;
	}
	*n = lists[lang].n;
	return lists[lang].words;
}

int stopword_is(int lang, const char *w, size_t n)
{
	struct probe p = {w, n};

	if (lang < 0 || lang >= STOPWORD_LANGS)
		return 0;
	return bsearch(&p, lists[lang].words, lists[lang].n, sizeof *lists[lang].words,
		       cmp_probe) != NULL;
}

int stopword_any(const char *w, size_t n)
{
	for (int l = 0; l < STOPWORD_LANGS; l++)
		if (stopword_is(l, w, n))
			return 1;
	return 0;
}
