/*
 * store_internal.h - what the store's own tests reach beyond store.h.
 */
#ifndef STOCKTAKE_STORE_INTERNAL_H
#define STOCKTAKE_STORE_INTERNAL_H

#include "store/schema.h"
#include "store/store.h"

/* store__migrate_with runs the migrations m[0..n) instead of the built-in list (fault injection). */
int store__migrate_with(struct store *s, const struct store_migration *m, int n, int *applied);

#endif
