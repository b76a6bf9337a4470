/*
 * record_diff.c - field-by-field comparison of two versions of a record.
 */
#include "domain/record_diff.h"

#include <stddef.h>

int record_diff(json_t *before, json_t *after, record_diff_cb cb, void *ud)
{
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(before))
		before = NULL;
	if (!json_is_object(after))
		after = NULL;
	if (before) {
		json_object_foreach (before, key, v) {
			json_t *w = after ? json_object_get(after, key) : NULL;

			if (!w || !json_equal(v, w))
				if ((rc = cb(ud, key, v, w)))
					return rc;
		}
	}
	if (after) {
		json_object_foreach (after, key, v) {
			if (before && json_object_get(before, key))
				continue;
			if ((rc = cb(ud, key, NULL, v)))
				return rc;
		}
	}
	return 0;
}

/* contains tells whether array a holds an item equal to v. */
static int contains(json_t *a, json_t *v)
{
	size_t i;
	json_t *x;

	json_array_foreach (a, i, x) {
		if (json_equal(x, v))
			return 1;
	}
	return 0;
}

int record_diff_items(json_t *before, json_t *after, record_item_cb cb, void *ud)
{
	size_t i;
	json_t *x;
	int rc;

	if (!json_is_array(before))
		before = NULL;
	if (!json_is_array(after))
		after = NULL;
	if (after) {
		json_array_foreach (after, i, x) {
			if ((!before || !contains(before, x)) && (rc = cb(ud, x, 1)))
				return rc;
		}
	}
	if (before) {
		json_array_foreach (before, i, x) {
			if ((!after || !contains(after, x)) && (rc = cb(ud, x, 0)))
				return rc;
		}
	}
	return 0;
}
