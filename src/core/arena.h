/*
 * arena.h - a region allocator for one request or one job.
 *
 * Everything a request or an imported record needs is allocated from its arena and freed
 * in one go by arena_reset or arena_cleanup; nothing inside is freed on its own. An arena
 * has a limit on the total it hands out, so one oversized input cannot take the machine.
 */
#ifndef STOCKTAKE_CORE_ARENA_H
#define STOCKTAKE_CORE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t used;              /* bytes handed out since the last reset */
	size_t max;               /* limit on used */
};

/* arena_init makes an empty arena that hands out at most max bytes (0: 256 MiB). */
void arena_init(struct arena *a, size_t max);
/* arena_cleanup frees every chunk. */
void arena_cleanup(struct arena *a);
/* arena_reset frees everything handed out, keeping the first chunk for reuse. */
void arena_reset(struct arena *a);
/* arena_alloc returns n zeroed bytes aligned for any type, or NULL (no memory or over the limit). */
void *arena_alloc(struct arena *a, size_t n);
/* arena_strndup copies n bytes of s and adds a NUL; NULL on failure. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* arena_strdup copies the C string s; NULL on failure or when s is NULL. */
char *arena_strdup(struct arena *a, const char *s);
/* arena_sprintf formats into the arena; NULL on failure. */
char *arena_sprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * arena_grow makes room for one more element of size el in the array *v of a, which holds n
 * elements in *cap places: when it is full, the elements move to a new array with twice the
 * places (first for an empty one), at most max. 0, ERR_TOO_LARGE when n is max already, or
 * ERR_NOMEM; *v and *cap change only on success.
 */
int arena_grow(struct arena *a, void **v, size_t n, size_t *cap, size_t el, size_t first,
	       size_t max);

#endif
