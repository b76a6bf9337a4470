/*
 * map_text.c - tokens, stems and n-gram keys (see map_text.h).
 *
 * A token is a run of letters, combining marks and digits; apostrophes, hyphens, spaces,
 * punctuation, symbols (emoji included) and invalid bytes end it. Han and kana characters
 * are tokens of their own, since those scripts do not separate words. Each token keeps its
 * byte span in the original text (for evidence) and gets a normalised form: NFKC and
 * Unicode case folding by utf8proc, with a fast path for plain ASCII, which is most text.
 * Words that are not stop words are stemmed with the Snowball stemmer of the text's
 * language; their stems, and each pair of consecutive stems, become the keys the model
 * knows features by.
 */
#include "mapping/map_text.h"

#include "core/err.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void map_textproc_init(struct map_textproc *tp)
{
	memset(tp, 0, sizeof *tp);
	map_stopset_build(tp);
}

void map_textproc_cleanup(struct map_textproc *tp)
{
	if (!tp)
		return;
	free(tp->toks.v);
	free(tp->toks.chars);
	free(tp->keys.v);
	free(tp->keys.order);
	free(tp->stems.slot);
	free(tp->stems.chars);
	for (int i = 0; i < MAP_LANG__COUNT; i++)
		if (tp->stemmer[i])
			sb_stemmer_delete(tp->stemmer[i]);
	memset(tp, 0, sizeof *tp);
}

uint64_t map_hash(const char *s, size_t n, uint64_t seed)
{
	uint64_t h = seed;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	q = realloc(*p, c * size);
	if (!q)
		return ERR_NOMEM;
	*p = q;
	*cap = c;
	return 0;
}

static int chars_add(struct map_tokens *t, const char *s, size_t n, uint32_t *off)
{
	if (grow((void **)&t->chars, &t->ccap, t->clen + n + 1, 1))
		return ERR_NOMEM;
	memcpy(t->chars + t->clen, s, n);
	*off = (uint32_t)t->clen;
	t->clen += n;
	t->chars[t->clen] = '\0';
	return 0;
}

static int is_han(int32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	       (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0x20000 && c <= 0x2fa1f);
}

static int script_of(int32_t c)
{
	if (c >= 0x0400 && c <= 0x052f)
		return 1;
	if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) ||
	    (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff))
		return 2;
	return 0;
}

/* Word characters: letters, marks and numbers. */
static int is_word(int32_t c)
{
	utf8proc_category_t k;

	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_NO;
}

/*
 * add_token normalises the bytes [start, end) of s and appends the token. A token whose
 * normal form does not fit the scratch space (absurd sequences of marks) is dropped.
 */
static int add_token(struct map_tokens *t, const char *s, size_t start, size_t end, int ascii,
		     int digits, int script, int han)
{
	struct map_token *tk;
	utf8proc_int32_t cps[4 * MAP_TOK_MAX_BYTES + 16];
	char low[MAP_TOK_MAX_BYTES];
	const char *norm = low;
	utf8proc_ssize_t n;
	size_t len = end - start;
	uint32_t off;

	if (len > MAP_TOK_MAX_BYTES)
		return 0;
	if (ascii) {
		for (size_t i = 0; i < len; i++) {
			char c = s[start + i];
			low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	} else {
		const utf8proc_option_t opt =
		    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;

		n = utf8proc_decompose((const utf8proc_uint8_t *)s + start, (utf8proc_ssize_t)len,
				       cps, (utf8proc_ssize_t)(sizeof cps / sizeof *cps), opt);
		if (n < 0 || (size_t)n > sizeof cps / sizeof *cps)
			return 0;
		n = utf8proc_reencode(cps, n, opt);
		if (n <= 0)
			return 0;
		norm = (const char *)cps;
		len = (size_t)n;
	}
	if (chars_add(t, norm, len, &off))
		return ERR_NOMEM;
	if (grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
		return ERR_NOMEM;
	tk = &t->v[t->n++];
	memset(tk, 0, sizeof *tk);
	tk->start = (uint32_t)start;
	tk->end = (uint32_t)end;
	tk->norm = off;
	tk->nlen = (uint32_t)len;
	tk->kind = han ? MAP_TOK_HAN : digits ? MAP_TOK_NUM : MAP_TOK_WORD;
	tk->nhash = map_hash(norm, len, MAP_HASH_SEED);
	tk->script = (uint8_t)(han ? 3 : script);
	return 0;
}

int map_tokenise(const char *s, size_t len, struct map_tokens *out)
{
	size_t i = 0, start = 0;
	int in = 0, ascii = 1, digits = 1, script = 0, rc;

	out->n = 0;
	out->clen = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k;

		if ((unsigned char)s[i] < 0x80) {
			c = (unsigned char)s[i];
			k = 1;
		} else {
			k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					     (utf8proc_ssize_t)(len - i), &c);
			if (k <= 0) { /* an invalid byte: a separator */
				c = -1;
				k = 1;
			}
		}
		if (c >= 0 && is_han(c)) {
			if (in && (rc = add_token(out, s, start, i, ascii, digits, script, 0)))
				return rc;
			in = 0;
			if ((rc = add_token(out, s, i, i + (size_t)k, 0, 0, 0, 1)))
				return rc;
		} else if (c >= 0 && is_word(c)) {
			if (!in) {
				in = 1;
				start = i;
				ascii = digits = 1;
				script = 0;
			}
			if (c >= 0x80)
				ascii = 0;
			if (c < '0' || c > '9')
				digits = 0;
			if (!script)
				script = script_of(c);
		} else if (in) {
			if ((rc = add_token(out, s, start, i, ascii, digits, script, 0)))
				return rc;
			in = 0;
		}
		i += (size_t)k;
	}
	if (in && (rc = add_token(out, s, start, len, ascii, digits, script, 0)))
		return rc;
	return 0;
}

static const char *const stemmer_names[MAP_LANG__COUNT] = {"english", "french", "spanish",
							   "russian", "arabic", NULL};

/* stem_key is the cache key of a word of language lang with normalised-form hash nhash. */
static uint64_t stem_key(enum map_lang lang, uint64_t nhash)
{
	uint64_t h = (nhash ^ ((uint64_t)lang + 1) * 0x9e3779b97f4a7c15ULL) * 0xff51afd7ed558ccdULL;

	return h ? h : 1;
}

/*
 * stem_cached finds the stem of word w (n bytes) in the cache: 1 and *stem, *slen when
 * there (pointing into the cache, valid until the next stem_remember); 0 and *slot, the
 * empty slot to remember it in, when not.
 */
static int stem_cached(const struct map_stemcache *c, uint64_t key, const char *w, size_t n,
		       const char **stem, size_t *slen, size_t *slot)
{
	size_t i = (size_t)key & (MAP_STEMCACHE_SLOTS - 1);

	for (; c->slot[i].hash; i = (i + 1) & (MAP_STEMCACHE_SLOTS - 1)) {
		const struct map_stem_entry *e = &c->slot[i];

		if (e->hash == key && e->wlen == n && memcmp(c->chars + e->word, w, n) == 0) {
			*stem = c->chars + e->stem;
			*slen = e->slen;
			return 1;
		}
	}
	*slot = i;
	return 0;
}

/* stem_remember keeps word w's stem in slot; when the cache is full it is emptied first. */
static void stem_remember(struct map_stemcache *c, size_t slot, uint64_t key, const char *w,
			  size_t n, const char *stem, size_t slen)
{
	struct map_stem_entry *e;

	if (c->used >= MAP_STEMCACHE_SLOTS / 2 || c->clen + n + slen > MAP_STEMCACHE_BYTES) {
		memset(c->slot, 0, MAP_STEMCACHE_SLOTS * sizeof *c->slot);
		c->used = c->clen = 0;
		slot = (size_t)key & (MAP_STEMCACHE_SLOTS - 1);
	}
	if (grow((void **)&c->chars, &c->ccap, c->clen + n + slen, 1))
		return; /* not remembered: the next text stems it again */
	e = &c->slot[slot];
	e->hash = key;
	e->word = (uint32_t)c->clen;
	e->wlen = (uint32_t)n;
	memcpy(c->chars + c->clen, w, n);
	c->clen += n;
	e->stem = (uint32_t)c->clen;
	e->slen = (uint32_t)slen;
	memcpy(c->chars + c->clen, stem, slen);
	c->clen += slen;
	c->used++;
}

/* stem_tokens marks stop words and feature tokens and stems the latter. */
static int stem_tokens(struct map_textproc *tp, enum map_lang lang)
{
	struct map_tokens *t = &tp->toks;
	struct sb_stemmer *st = tp->stemmer[lang];
	const char *cached;
	size_t clen, slot;
	uint64_t key;

	if (!st && stemmer_names[lang]) {
		st = tp->stemmer[lang] = sb_stemmer_new(stemmer_names[lang], "UTF_8");
		if (!st)
			return ERR_NOMEM;
	}
	if (st && !tp->stems.slot &&
	    !(tp->stems.slot = calloc(MAP_STEMCACHE_SLOTS, sizeof *tp->stems.slot)))
		return ERR_NOMEM;
	for (size_t i = 0; i < t->n; i++) {
		struct map_token *tk = &t->v[i];
		const char *w = t->chars + tk->norm;
		const sb_symbol *stem;
		int n;

		tk->stop = tk->feature = 0;
		tk->stem = tk->norm;
		tk->slen = tk->nlen;
		if (tk->kind == MAP_TOK_HAN) {
			tk->feature = 1;
			continue;
		}
		if (tk->kind != MAP_TOK_WORD || tk->nlen < 2 ||
		    (tk->nlen == 2 && (unsigned char)w[0] >= 0x80))
			continue; /* numbers and one-letter words carry no features */
		if (map_stopset_has(tp, lang, tk->nhash)) {
			tk->stop = 1;
			continue;
		}
		tk->feature = 1;
		if (!st)
			continue;
		key = stem_key(lang, tk->nhash);
		if (stem_cached(&tp->stems, key, w, tk->nlen, &cached, &clen, &slot)) {
			stem = (const sb_symbol *)cached;
			n = (int)clen;
		} else {
			stem = sb_stemmer_stem(st, (const sb_symbol *)w, (int)tk->nlen);
			if (!stem)
				return ERR_NOMEM;
			n = sb_stemmer_length(st);
			stem_remember(&tp->stems, slot, key, w, tk->nlen, (const char *)stem,
				      n > 0 ? (size_t)n : 0);
		}
		if (n > 0 && ((size_t)n != tk->nlen || memcmp(stem, w, (size_t)n) != 0)) {
			uint32_t off;

			/* chars may move: w is not used after this */
			if (chars_add(t, (const char *)stem, (size_t)n, &off))
				return ERR_NOMEM;
			tk->stem = off;
			tk->slen = (uint32_t)n;
		}
	}
	return 0;
}

static int keys_grow(struct map_keys *k)
{
	size_t cap = k->cap ? k->cap * 2 : 1024;
	struct map_key *v = calloc(cap, sizeof *v);

	if (!v)
		return ERR_NOMEM;
	for (size_t i = 0; i < k->n; i++) {
		struct map_key *old = &k->v[k->order[i]];
		size_t j = (size_t)old->key & (cap - 1);

		while (v[j].key)
			j = (j + 1) & (cap - 1);
		v[j] = *old;
		k->order[i] = (uint32_t)j;
	}
	free(k->v);
	k->v = v;
	k->cap = cap;
	return 0;
}

static int keys_add(struct map_keys *k, uint64_t key, uint32_t first, uint32_t last)
{
	size_t j;

	if ((k->n + 1) * 2 > k->cap && keys_grow(k))
		return ERR_NOMEM;
	j = (size_t)key & (k->cap - 1);
	while (k->v[j].key && k->v[j].key != key)
		j = (j + 1) & (k->cap - 1);
	if (k->v[j].key) {
		k->v[j].count++;
		return 0;
	}
	if (grow((void **)&k->order, &k->ocap, k->n + 1, sizeof *k->order))
		return ERR_NOMEM;
	k->v[j].key = key;
	k->v[j].count = 1;
	k->v[j].first = first;
	k->v[j].last = last;
	k->order[k->n++] = (uint32_t)j;
	return 0;
}

static void keys_clear(struct map_keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		memset(&k->v[k->order[i]], 0, sizeof *k->v);
	k->n = 0;
}

/*
 * The words that name a goal by its number: "SDG 10", "Goal 4", "ODS 3", "ODD 5". The first
 * four name an SDG whatever surrounds them; the others (GOAL_PLAIN and after) are common
 * words ("Goal 2 of the project", "Objectif 1 : former ..."), so they name an SDG only in a
 * text that speaks of the SDGs somewhere (sdg_context).
 */
static const char *const goal_words[] = {"sdg",      "sdgs",      "ods",      "odd",
					 "goal",     "goals",     "objetivo", "objetivos",
					 "objectif", "objectifs", NULL};
#define GOAL_PLAIN 4 /* goal_words[GOAL_PLAIN] and after need the context */

/* goal_word: 1 + the index in goal_words of the n bytes at w, or 0 if it is none of them. */
static int goal_word(const char *w, size_t n)
{
	/* every word starts with s, g or o: most tokens are turned away by their first byte */
	if (n < 3 || (w[0] != 's' && w[0] != 'g' && w[0] != 'o'))
		return 0;
	for (int i = 0; goal_words[i]; i++)
		if (goal_words[i][0] == w[0] && strlen(goal_words[i]) == n &&
		    memcmp(goal_words[i], w, n) == 0)
			return i + 1;
	return 0;
}

/* tok_is: whether token i exists and its normalised form is word. */
static int tok_is(const struct map_tokens *t, size_t i, const char *word)
{
	size_t n = strlen(word);

	return i < t->n && t->v[i].nlen == n && memcmp(t->chars + t->v[i].norm, word, n) == 0;
}

/*
 * sdg_context: whether the text speaks of the SDGs: it has an SDG word ("SDG", "SDGs",
 * "ODS", "ODD", also glued to a number) or one of the phrases "sustainable development",
 * "desarrollo sostenible", "développement durable", "global goal(s)", "2030 agenda",
 * "agenda 2030".
 */
static int sdg_context(const struct map_tokens *t)
{
	static const char *const pairs[][2] = {
	    {"sustainable", "development"},
	    {"desarrollo", "sostenible"},
	    {"d\xc3\xa9veloppement", "durable"},
	    {"developpement", "durable"},
	    {"global", "goal"},
	    {"global", "goals"},
	    {"2030", "agenda"},
	    {"agenda", "2030"},
	};

	for (size_t i = 0; i < t->n; i++) {
		const char *w = t->chars + t->v[i].norm;
		size_t n = t->v[i].nlen, d = n;
		int g;

		while (d > 0 && w[d - 1] >= '0' && w[d - 1] <= '9')
			d--;
		if ((g = goal_word(w, d)) > 0 && g <= GOAL_PLAIN)
			return 1;
		for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++)
			if (tok_is(t, i, pairs[p][0]) && tok_is(t, i + 1, pairs[p][1]))
				return 1;
	}
	return 0;
}

/*
 * goal_number: the SDG that token i names by number ("SDG 10", "SDG10", "goal #4"), or 0.
 * *last gets the index of the number's token; *plain whether the goal word is a common
 * word (GOAL_PLAIN), which names an SDG only in an SDG context.
 */
static int goal_number(const struct map_tokens *t, size_t i, uint32_t *last, int *plain)
{
	const struct map_token *tk = &t->v[i];
	const char *w = t->chars + tk->norm;
	size_t n = tk->nlen, d = n;
	int v = 0, g;

	if (tk->kind != MAP_TOK_WORD || n < 3 || n > 11)
		return 0;
	while (d > 0 && w[d - 1] >= '0' && w[d - 1] <= '9')
		d--;
	if (d < n) { /* "sdg10" */
		if (n - d > 2 || !(g = goal_word(w, d)))
			return 0;
		*last = (uint32_t)i;
	} else {
		if (!(g = goal_word(w, n)) || i + 1 >= t->n || t->v[i + 1].kind != MAP_TOK_NUM ||
		    t->v[i + 1].nlen > 2 || t->v[i + 1].start > tk->end + 3)
			return 0;
		w = t->chars + t->v[i + 1].norm;
		d = 0;
		n = t->v[i + 1].nlen;
		*last = (uint32_t)i + 1;
	}
	*plain = g > GOAL_PLAIN;
	for (; d < n; d++)
		v = v * 10 + (w[d] - '0');
	return v >= 1 && v <= 17 ? v : 0;
}

uint64_t map_goal_key(int goal)
{
	char name[8];
	int n = snprintf(name, sizeof name, "\x1eG%d", goal);

	return map_hash(name, (size_t)n, MAP_HASH_SEED);
}

int map_text_keys(struct map_textproc *tp, const char *s, size_t len, int hint, enum map_lang *lang)
{
	struct map_tokens *t = &tp->toks;
	enum map_lang l;
	uint64_t prev = 0;
	uint32_t prev_i = 0;
	int rc, context = -1; /* sdg_context, once needed */

	keys_clear(&tp->keys);
	tp->named = 0;
	if ((rc = map_tokenise(s, len, t)))
		return rc;
	l = hint >= 0 && hint < MAP_LANG__COUNT ? (enum map_lang)hint : map_lang_detect_tp(tp);
	if ((rc = stem_tokens(tp, l)))
		return rc;
	for (size_t i = 0; i < t->n; i++) {
		const struct map_token *tk = &t->v[i];
		uint32_t last;
		uint64_t h;
		int g, plain = 0;

		if ((g = goal_number(t, i, &last, &plain)) > 0 && plain && context < 0)
			context = sdg_context(t);
		if (g > 0 && (!plain || context)) {
			/* a goal named by number: one key per goal, whatever the language */
			if ((rc = keys_add(&tp->keys, map_goal_key(g), (uint32_t)i, last)))
				return rc;
			tp->named |= 1u << (g - 1);
		}
		if (!tk->feature)
			continue;
		h = map_hash(t->chars + tk->stem, tk->slen, MAP_HASH_SEED);
		if ((rc = keys_add(&tp->keys, h, (uint32_t)i, (uint32_t)i)))
			return rc;
		if (tk->script == 0 && tk->nlen > MAP_PREFIX_BYTES) {
			/* the word's first bytes: words of one family whose stems differ meet */
			uint64_t x = map_hash("\x1b", 1, MAP_HASH_SEED);

			x = map_hash(t->chars + tk->norm, MAP_PREFIX_BYTES, x);
			if ((rc = keys_add(&tp->keys, x, (uint32_t)i, (uint32_t)i)))
				return rc;
		}
		if (prev) {
			/* the bigram key: the first stem, a separator, the second stem */
			uint64_t b = map_hash("\x1f", 1, prev);

			b = map_hash(t->chars + tk->stem, tk->slen, b);
			if ((rc = keys_add(&tp->keys, b, prev_i, (uint32_t)i)))
				return rc;
		}
		prev = h;
		prev_i = (uint32_t)i;
	}
	*lang = l;
	return 0;
}
