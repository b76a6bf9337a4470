/*
 * bitset.c - dense bitsets: word-wise set algebra and popcounts.
 */
#include "search/bitset.h"

#include "core/err.h"

#include <stdlib.h>
#include <string.h>

int bitset_init(struct bitset *b, size_t nwords)
{
	b->nwords = 0;
	b->w = calloc(nwords ? nwords : 1, sizeof *b->w);
	if (!b->w)
		return ERR_NOMEM;
	b->nwords = nwords;
	return 0;
}

void bitset_cleanup(struct bitset *b)
{
	free(b->w);
	b->w = NULL;
	b->nwords = 0;
}

int bitset_grow(struct bitset *b, size_t nwords)
{
	uint64_t *w;

	if (nwords <= b->nwords)
		return 0;
	w = realloc(b->w, nwords * sizeof *w);
	if (!w)
		return ERR_NOMEM;
	memset(w + b->nwords, 0, (nwords - b->nwords) * sizeof *w);
	b->w = w;
	b->nwords = nwords;
	return 0;
}

void bitset_zero(struct bitset *b)
{
	if (b->nwords)
		memset(b->w, 0, b->nwords * sizeof *b->w);
}

void bitset_copy(struct bitset *dst, const struct bitset *src)
{
	if (src->nwords)
		memcpy(dst->w, src->w, src->nwords * sizeof *src->w);
}

void bitset_and(struct bitset *dst, const struct bitset *src)
{
	for (size_t i = 0; i < dst->nwords; i++)
		dst->w[i] &= src->w[i];
}

void bitset_or(struct bitset *dst, const struct bitset *src)
{
	for (size_t i = 0; i < dst->nwords; i++)
		dst->w[i] |= src->w[i];
}

void bitset_andnot(struct bitset *dst, const struct bitset *src)
{
	for (size_t i = 0; i < dst->nwords; i++)
		dst->w[i] &= ~src->w[i];
}

/*
 * The popcount loops are most of a faceted search: on x86-64 they get a clone for CPUs with
 * the POPCNT instruction, chosen at load time (GCC's software popcount is several times
 * slower). Not under the sanitizers, whose runtime does not mix with ifuncs.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define POPCNT_CLONES
#endif

POPCNT_CLONES uint64_t bitset_count(const struct bitset *b)
{
	uint64_t n = 0;

	for (size_t i = 0; i < b->nwords; i++)
		n += (uint64_t)__builtin_popcountll(b->w[i]);
	return n;
}

POPCNT_CLONES uint64_t bitset_count_and(const struct bitset *a, const struct bitset *b)
{
	uint64_t n = 0;

	for (size_t i = 0; i < a->nwords; i++)
		n += (uint64_t)__builtin_popcountll(a->w[i] & b->w[i]);
	return n;
}

size_t bitset_nonzero(const struct bitset *b, uint32_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < b->nwords; i++)
		if (b->w[i])
			idx[n++] = (uint32_t)i;
	return n;
}

POPCNT_CLONES uint64_t bitset_count_and_at(const struct bitset *a, const struct bitset *b,
					   const uint32_t *idx, size_t n)
{
	uint64_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += (uint64_t)__builtin_popcountll(a->w[idx[i]] & b->w[idx[i]]);
	return c;
}

int bitset_any(const struct bitset *b)
{
	for (size_t i = 0; i < b->nwords; i++)
		if (b->w[i])
			return 1;
	return 0;
}

size_t bitset_next(const struct bitset *b, size_t i)
{
	size_t k = i >> 6;
	uint64_t word;

	if (k >= b->nwords)
		return SIZE_MAX;
	word = b->w[k] & (~(uint64_t)0 << (i & 63));
	while (!word) {
		if (++k >= b->nwords)
			return SIZE_MAX;
		word = b->w[k];
	}
	return (k << 6) + (size_t)__builtin_ctzll(word);
}
