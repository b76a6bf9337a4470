/*
 * assets.h - the static files (CSS, JavaScript) embedded in the program.
 *
 * The files live in src/assets/; scripts/embed-assets turns them into build/gen/assets.c.
 * Each has a version (a prefix of its SHA-256), used in its URL so browsers may cache it
 * for a year.
 */
#ifndef STOCKTAKE_PAGES_ASSETS_H
#define STOCKTAKE_PAGES_ASSETS_H

#include <stddef.h>

struct app_request;

struct asset {
	const char *name;
	const char *content_type;
	const unsigned char *data;
	size_t len;
	const char *version;
};

extern const struct asset assets[];
extern const size_t asset_count;

/* asset_find returns the asset named name, or NULL. */
const struct asset *asset_find(const char *name);
/* asset_version returns the version of name ("" when unknown). */
const char *asset_version(const char *name);
/*
 * asset_send answers with asset a (404 when a is NULL), tagged with its version (ETag) and
 * cache_control: 304 when the request's If-None-Match names that version already, else the
 * content as content_type.
 */
void asset_send(struct app_request *ar, const struct asset *a, const char *content_type,
		const char *cache_control);

#endif
