/*
 * map_text.h - from raw text to the features the model scores: normalisation, tokens,
 * language, stop words, stems and word n-gram keys. Shared by inference (map.c) and
 * training (train.c), so both read text exactly the same way.
 *
 * Internal to src/mapping.
 */
#ifndef STOCKTAKE_MAPPING_MAP_TEXT_H
#define STOCKTAKE_MAPPING_MAP_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* The languages the text layer knows; the first MAP_LANG_STEMMED have stop words. */
enum map_lang {
	MAP_LANG_EN,
	MAP_LANG_FR,
	MAP_LANG_ES,
	MAP_LANG_RU,
	MAP_LANG_AR,
	MAP_LANG_ZH,
	MAP_LANG__COUNT
};
#define MAP_LANG_STOPWORDS 3 /* en, fr, es */

enum map_tok_kind { MAP_TOK_WORD, MAP_TOK_NUM, MAP_TOK_HAN };

#define MAP_TOK_MAX_BYTES 64 /* longer runs of letters are not words: skipped */

struct map_token {
	uint32_t start, end; /* the token's bytes in the original text */
	uint32_t norm, nlen; /* its normalised form (NFKC, case-folded) in tokens->chars */
	uint32_t stem, slen; /* its stem in tokens->chars (set by map_tok_stem) */
	uint8_t kind;        /* enum map_tok_kind */
	uint8_t script;      /* 0 latin/other, 1 cyrillic, 2 arabic, 3 han */
	uint8_t stop;        /* a stop word of the text's language */
	uint8_t feature;     /* takes part in features */
	uint64_t nhash;      /* map_hash of the normalised form */
};

struct map_tokens {
	struct map_token *v;
	size_t n, cap;
	char *chars; /* normalised forms and stems, back to back */
	size_t clen, ccap;
};

/* A word n-gram key: the hash of one stem or of two consecutive stems. */
struct map_key {
	uint64_t key;
	uint32_t count;
	uint32_t first, last; /* token indexes of the first occurrence's span */
};

struct map_keys {
	struct map_key *v; /* open-addressing table of cap slots (key 0 = empty) */
	size_t n, cap;
	uint32_t *order; /* slot of each key, in first-seen order (n entries) */
	size_t ocap;
};

#define MAP_STOPSET_SIZE 512 /* slots of a stop-word hash set (a power of two) */

/*
 * A cache of stems: the Snowball stemmer was about 40% of mapping a text, and texts use the
 * same few thousand words again and again. Keyed by language and normalised word (compared
 * in full); cleared when half full or when its bytes pass MAP_STEMCACHE_BYTES, so it stays
 * small whatever the input.
 */
#define MAP_STEMCACHE_SLOTS 16384 /* a power of two */
#define MAP_STEMCACHE_BYTES (1u << 20)

struct map_stem_entry {
	uint64_t hash; /* the word's nhash mixed with its language; 0 = empty slot */
	uint32_t word, wlen, stem, slen; /* offsets and lengths in the cache's chars */
};

struct map_stemcache {
	struct map_stem_entry *slot; /* MAP_STEMCACHE_SLOTS, allocated on first use */
	size_t used;
	char *chars;
	size_t clen, ccap;
};

/* Per-caller state: the token and key arrays, stop-word sets, one stemmer per language. */
struct map_textproc {
	struct map_tokens toks;
	struct map_keys keys;
	struct map_stemcache stems;
	struct sb_stemmer *stemmer[MAP_LANG__COUNT];
	uint64_t stopset[MAP_LANG_STOPWORDS][MAP_STOPSET_SIZE]; /* hashes of the stop words */
	uint32_t named; /* after map_text_keys: bit g - 1 when the text names SDG g by number */
};

void map_textproc_init(struct map_textproc *tp);
void map_textproc_cleanup(struct map_textproc *tp);

/*
 * map_tokenise splits the len bytes at s into tokens (letters, marks and digits; each Han
 * or kana character alone), each normalised to NFKC and case-folded. Invalid UTF-8 bytes
 * and every other character separate tokens. Returns 0 or ERR_NOMEM.
 */
int map_tokenise(const char *s, size_t len, struct map_tokens *out);

/* map_lang_parse maps "en", "fr-CA", "zh-Hans", ... to a language; -1 when unknown. */
int map_lang_parse(const char *code);
const char *map_lang_code(enum map_lang l);
/* map_lang_detect picks the language of the tokens (scripts, then stop-word counts). */
enum map_lang map_lang_detect(const struct map_tokens *t);
/* map_lang_detect_tp is the same, faster, with tp's stop-word sets. */
enum map_lang map_lang_detect_tp(const struct map_textproc *tp);
/* map_stopset_build fills tp->stopset; map_stopset_has looks the hash of a word up. */
void map_stopset_build(struct map_textproc *tp);
int map_stopset_has(const struct map_textproc *tp, enum map_lang l, uint64_t h);
/* map_is_stopword tells whether the normalised word w (n bytes) is a stop word of l. */
int map_is_stopword(enum map_lang l, const char *w, size_t n);

#define MAP_PREFIX_BYTES 5 /* a Latin-script word longer than this also gives a prefix key */

/*
 * map_text_keys runs the whole pipeline on the len bytes at s: tokens, language (hint
 * when >= 0, else detected), stop words, stems, then unigram, bigram and prefix keys
 * (the first MAP_PREFIX_BYTES bytes of a longer Latin-script word's normalised form) with
 * their counts into tp->keys, and a goal key (map_goal_key) for each SDG the text names by
 * number ("SDG 10", "SDG10", "Goal 4", "ODS 3", "objectif 5"), also noted in tp->named.
 * *lang gets the language
 * used. Returns 0 or ERR_NOMEM.
 */
int map_text_keys(struct map_textproc *tp, const char *s, size_t len, int hint,
		  enum map_lang *lang);

/* map_goal_key is the key of "the text names SDG goal (1..17) by its number". */
uint64_t map_goal_key(int goal);

/* map_hash is 64-bit FNV-1a over n bytes, never 0. */
uint64_t map_hash(const char *s, size_t n, uint64_t seed);
#define MAP_HASH_SEED 0xcbf29ce484222325ULL

#endif
