/*
 * stopword.h - the stop words (function words) of English, French and Spanish, shared by
 * the mapping layer and the store.
 */
#ifndef STOCKTAKE_CORE_STOPWORD_H
#define STOCKTAKE_CORE_STOPWORD_H

#include <stddef.h>

/* The languages with a list, in this order: 0 English, 1 French, 2 Spanish. */
#define STOPWORD_LANGS 3

/* stopword_list returns language lang's list (sorted, byte order) and sets *n to its length;
 * NULL and 0 for a language without one. */
const char *const *stopword_list(int lang, size_t *n);
/* stopword_is tells whether the n bytes at w (case-folded) are a stop word of lang. */
int stopword_is(int lang, const char *w, size_t n);
/* stopword_any tells whether the n bytes at w are a stop word of any of the languages. */
int stopword_any(const char *w, size_t n);

#endif
