/*
 * bitset.h - dense bitsets over the slots of the search index.
 *
 * A bitset has one bit per slot (an initiative's dense position in the index), stored in
 * 64-bit words, so filtering a result set is a word-wise AND or OR and counting it a
 * popcount. Every operation with two bitsets needs them the same size (nwords); bits past
 * the last slot are always zero. Storage is malloc'd and owned by the bitset.
 */
#ifndef STOCKTAKE_SEARCH_BITSET_H
#define STOCKTAKE_SEARCH_BITSET_H

#include <stddef.h>
#include <stdint.h>

struct bitset {
	uint64_t *w;
	size_t nwords;
};

/* bitset_words returns how many words hold nbits bits. */
static inline size_t bitset_words(size_t nbits)
{
	return (nbits + 63) / 64;
}

/* bitset_init makes an empty set of nwords words (all clear); 0 or ERR_NOMEM. */
int bitset_init(struct bitset *b, size_t nwords);
/* bitset_cleanup frees b's storage (b may then be reused after bitset_init). */
void bitset_cleanup(struct bitset *b);
/* bitset_grow enlarges b to nwords words, the new bits clear; 0 or ERR_NOMEM (b unchanged). */
int bitset_grow(struct bitset *b, size_t nwords);

static inline void bitset_set(struct bitset *b, size_t i)
{
	b->w[i >> 6] |= (uint64_t)1 << (i & 63);
}

static inline void bitset_clear(struct bitset *b, size_t i)
{
	b->w[i >> 6] &= ~((uint64_t)1 << (i & 63));
}

static inline int bitset_test(const struct bitset *b, size_t i)
{
	return (int)((b->w[i >> 6] >> (i & 63)) & 1);
}

/* bitset_zero clears every bit; bitset_copy makes dst equal to src. */
void bitset_zero(struct bitset *b);
void bitset_copy(struct bitset *dst, const struct bitset *src);
/* dst &= src, dst |= src, dst &= ~src. */
void bitset_and(struct bitset *dst, const struct bitset *src);
void bitset_or(struct bitset *dst, const struct bitset *src);
void bitset_andnot(struct bitset *dst, const struct bitset *src);
/* bitset_count counts the set bits; bitset_count_and counts those of a AND b. */
uint64_t bitset_count(const struct bitset *b);
uint64_t bitset_count_and(const struct bitset *a, const struct bitset *b);
/* bitset_nonzero writes the indexes of b's non-zero words to idx (room for b->nwords). */
size_t bitset_nonzero(const struct bitset *b, uint32_t *idx);
/* bitset_count_and_at is bitset_count_and over the words idx[0..n) only (the others of a
 * being zero: the answer is then the same, reading far less when a is sparse). */
uint64_t bitset_count_and_at(const struct bitset *a, const struct bitset *b, const uint32_t *idx,
			     size_t n);
/* bitset_any tells whether any bit is set. */
int bitset_any(const struct bitset *b);
/*
 * bitset_next returns the first set bit at or after i, or SIZE_MAX when there is none:
 * for (size_t i = bitset_next(b, 0); i != SIZE_MAX; i = bitset_next(b, i + 1)).
 */
size_t bitset_next(const struct bitset *b, size_t i);

#endif
