/*
 * map_suggest.c - tag suggestions for a record being written, and accepting them (see
 * map_suggest.h).
 */
#include "mapping/map_suggest.h"

#include "mapping/map_service.h"

#include <string.h>

int map_suggest(const struct map_model *m, const struct initiative *ini, struct buf *text,
		struct map_result *r)
{
	int rc = map_record_text(ini, text);

	if (rc)
		return rc;
	return map_textn(m, buf_cstr(text), text->len, ini->language, r);
}

const struct map_label *map_result_labels(const struct map_result *r, const char *scheme, int *n)
{
	*n = 0;
	if (!scheme)
		return NULL;
	if (strcmp(scheme, "sdg") == 0) {
		*n = r->nsdgs;
		return r->sdgs;
	}
	if (strcmp(scheme, "sdg_target") == 0) {
		*n = r->ntargets;
		return r->targets;
	}
	if (strcmp(scheme, "action_line") == 0) {
		*n = r->nal;
		return r->action_lines;
	}
	if (strcmp(scheme, "gdc") == 0) {
		*n = r->ngdc;
		return r->gdc;
	}
	return NULL;
}

const struct map_label *map_result_find(const struct map_result *r, const char *scheme,
					const char *code)
{
	int n;
	const struct map_label *l = map_result_labels(r, scheme, &n);

	for (int i = 0; code && i < n; i++)
		if (strcmp(l[i].code, code) == 0)
			return &l[i];
	return NULL;
}

static int has_tag(const struct initiative *ini, const char *scheme, const char *code)
{
	for (size_t i = 0; i < ini->ntags; i++)
		if (strcmp(ini->tags[i].scheme, scheme) == 0 &&
		    strcmp(ini->tags[i].code, code) == 0)
			return 1;
	return 0;
}

int map_accept_suggestions(const struct map_model *m, struct map_result *r, struct initiative *ini,
			   struct arena *a, const struct tag *choices, size_t n, size_t *bad,
			   struct errinfo *e)
{
	size_t ntags = ini->ntags;
	struct buf text;
	int rc;

	buf_init(&text, MAP_MAX_TEXT);
	if ((rc = map_suggest(m, ini, &text, r))) {
		errinfo_set(e, rc, NULL, "cannot map the text: %s", err_message(rc));
		goto out;
	}
	/* Every choice is checked before any is added, so a refusal changes nothing. */
	for (size_t i = 0; i < n; i++)
		if (!map_result_find(r, choices[i].scheme, choices[i].code)) {
			if (bad)
				*bad = i;
			rc = errinfo_set(e, ERR_INVALID, "suggested",
					 "%s %s is not among the tags suggested for this text",
					 choices[i].scheme ? choices[i].scheme : "?",
					 choices[i].code ? choices[i].code : "?");
			goto out;
		}
	for (size_t i = 0; i < n; i++) {
		const struct map_label *l = map_result_find(r, choices[i].scheme, choices[i].code);
		const char *scheme, *code;

		if (has_tag(ini, choices[i].scheme, choices[i].code))
			continue; /* chosen in the lists too: the submitter's own choice */
		scheme = arena_strdup(a, choices[i].scheme);
		code = arena_strdup(a, l->code); /* l lives in r, the tag in a */
		rc = scheme && code
			 ? ini_add_tag(ini, a, scheme, code, "model", map_tag_score(l), 1)
			 : ERR_NOMEM;
		if (rc) {
			ini->ntags = ntags;
			errinfo_set(e, rc, "tags", "%s", err_message(rc));
			goto out;
		}
	}
out:
	buf_cleanup(&text);
	return rc;
}
