/*
 * import_dpg.c - reads the Digital Public Goods Alliance's nominee records (one JSON object
 * per line, as in data/sample/dpg_candidates.jsonl) into records.
 *
 * This is someone else's format, so the reader is lenient where the source is sloppy
 * (unknown fields are ignored, a malformed website or an unknown country name is skipped
 * with a warning) and strict where a value would be wrong (types, SDG numbers, sizes).
 */
#include "io/import.h"
#include "io/import_internal.h"

#include "core/text.h"

#include <string.h>

/* dpg_str copies the string member key of o (NULL when absent, null or empty). */
static int dpg_str(json_t *o, const char *key, struct arena *a, const char **out, struct errinfo *e)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return errinfo_set(e, ERR_INVALID, key, "%s must be a string", key);
	if (json_string_length(v) > IMPORT_MAX_FIELD)
		return errinfo_set(e, ERR_TOO_LARGE, key, "%s is over %zu bytes", key,
				   IMPORT_MAX_FIELD);
	if (json_string_length(v) == 0 || text_is_blank(json_string_value(v)))
		return 0;
	*out = arena_strndup(a, json_string_value(v), json_string_length(v));
	if (!*out)
		return errinfo_set(e, ERR_NOMEM, key, "out of memory");
	*(char **)out = text_trim((char *)*out);
	return 0;
}

static int is_web_url(const char *s)
{
	if (!s || (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0))
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ')
			return 0;
	return 1;
}

/* dpg_role maps an organisation's org_type to a partner role. */
static const char *dpg_role(const char *org_type)
{
	if (!org_type)
		return NULL;
	if (strcmp(org_type, "funder") == 0)
		return "funding";
	if (strcmp(org_type, "implementer") == 0)
		return "implementing";
	return org_type; /* owner, maintainer */
}

static int dpg_orgs(json_t *obj, struct import_sink *sink, struct initiative *ini,
		    const char *where, struct errinfo *e)
{
	json_t *orgs = json_object_get(obj, "organizations"), *o;
	size_t i, owner = (size_t)-1;
	int rc;

	if (!orgs || json_is_null(orgs))
		return 0;
	if (!json_is_array(orgs))
		return errinfo_set(e, ERR_INVALID, "organizations",
				   "organizations must be an array");
	/* The owner is the organisation; everyone else is a partner. */
	json_array_foreach (orgs, i, o) {
		const char *type = json_string_value(json_object_get(o, "org_type"));
		if (owner == (size_t)-1 && type && strcmp(type, "owner") == 0)
			owner = i;
	}
	if (owner == (size_t)-1 && json_array_size(orgs) > 0)
		owner = 0;
	json_array_foreach (orgs, i, o) {
		const char *name, *website, *type;

		if (!json_is_object(o))
			return errinfo_set(e, ERR_INVALID, "organizations",
					   "organizations[%zu] must be an object", i);
		if ((rc = dpg_str(o, "name", sink->arena, &name, e)) ||
		    (rc = dpg_str(o, "website", sink->arena, &website, e)) ||
		    (rc = dpg_str(o, "org_type", sink->arena, &type, e)))
			return rc;
		if (!name)
			continue;
		if (i == owner) {
			ini->org.name = name;
			if (website && is_web_url(website))
				ini->org.website = website;
			else if (website && sink->warn)
				sink->warn(sink->ud, where,
					   "organisation website is not a web address: skipped");
		} else if ((rc = ini_add_partner(ini, sink->arena, name, dpg_role(type)))) {
			return errinfo_set(e, rc, "organizations", "too many organizations");
		}
	}
	return 0;
}

static int dpg_sdgs(json_t *obj, struct import_sink *sink, struct initiative *ini,
		    struct errinfo *e)
{
	json_t *sdgs = json_object_get(obj, "sdgs"), *s;
	size_t i;
	int rc;

	if (!sdgs || json_is_null(sdgs))
		return 0;
	if (!json_is_array(sdgs))
		return errinfo_set(e, ERR_INVALID, "sdgs", "sdgs must be an array");
	json_array_foreach (sdgs, i, s) {
		json_t *n = json_is_object(s) ? json_object_get(s, "sdg") : s;
		long long goal;
		char *code;

		if (!json_is_integer(n))
			return errinfo_set(e, ERR_INVALID, "sdgs", "sdgs[%zu].sdg must be a number",
					   i);
		goal = json_integer_value(n);
		if (goal < 1 || goal > 17)
			return errinfo_set(e, ERR_INVALID, "sdgs",
					   "sdgs[%zu]: there is no SDG %lld", i, goal);
		if (!(code = arena_sprintf(sink->arena, "%lld", goal)))
			return errinfo_set(e, ERR_NOMEM, "sdgs", "out of memory");
		if (ini_has_tag_scheme(ini, "sdg")) {
			int dup = 0;
			for (size_t k = 0; k < ini->ntags; k++)
				dup |= strcmp(ini->tags[k].code, code) == 0;
			if (dup)
				continue;
		}
		if ((rc = ini_add_tag(ini, sink->arena, "sdg", code, "submitter", 0, 0)))
			return errinfo_set(e, rc, "sdgs", "too many SDGs");
	}
	return 0;
}

static int dpg_countries(json_t *obj, const char *key, struct import_sink *sink,
			 struct initiative *ini, const char *where, struct errinfo *e)
{
	json_t *list = json_object_get(obj, key), *c;
	size_t i;
	int rc;

	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return errinfo_set(e, ERR_INVALID, key, "%s must be an array", key);
	json_array_foreach (list, i, c) {
		const char *name = json_string_value(c);
		char iso2[3], msg[160];
		int found = 0, dup = 0;

		if (!json_is_string(c))
			return errinfo_set(e, ERR_INVALID, key, "%s[%zu] must be a string", key, i);
		if (text_is_blank(name))
			continue;
		if (!sink->country)
			return errinfo_set(e, ERR_INTERNAL, key, "no country resolver");
		if ((rc = sink->country(sink->ud, name, iso2, &found)))
			return errinfo_set(e, rc, key, "looking up a country failed");
		if (!found) {
			snprintf(msg, sizeof msg, "unknown country name \"%.64s\" in %s: skipped",
				 name, key);
			if (sink->warn)
				sink->warn(sink->ud, where, msg);
			continue;
		}
		for (size_t k = 0; k < ini->ncountries; k++)
			dup |= strcmp(ini->countries[k], iso2) == 0;
		if (dup)
			continue;
		if ((rc = ini_add_country(ini, sink->arena, arena_strdup(sink->arena, iso2))))
			return errinfo_set(e, rc, key, "too many countries");
	}
	return 0;
}

static int dpg_record(json_t *obj, struct import_sink *sink, long line, const char *where,
		      struct errinfo *e)
{
	struct initiative ini;
	const char *website;
	int rc;

	(void)line;
	ini_init(&ini);
	ini.source = "dpg";
	if ((rc = dpg_str(obj, "id", sink->arena, &ini.source_id, e)) ||
	    (rc = dpg_str(obj, "name", sink->arena, &ini.title, e)) ||
	    (rc = dpg_str(obj, "description", sink->arena, &ini.description, e)) ||
	    (rc = dpg_str(obj, "website", sink->arena, &website, e)) ||
	    (rc = dpg_orgs(obj, sink, &ini, where, e)) || (rc = dpg_sdgs(obj, sink, &ini, e)) ||
	    (rc = dpg_countries(obj, "deployment_countries", sink, &ini, where, e)))
		goto fail;
	if (!ini.source_id) {
		rc = errinfo_set(e, ERR_INVALID, "id", "the record has no id");
		goto fail;
	}
	if (website && is_web_url(website))
		ini.url = website;
	else if (website && sink->warn)
		sink->warn(sink->ud, where, "website is not a web address: skipped");
	ini.language = "en";
	if (ini.ncountries > 1)
		ini.scope = "international";
	return sink->emit(sink->ud, &ini, where, e);
fail:
	sink->unread = 1;
	errinfo_prefix(e, "%s: field %s: ", where, e->field);
	return rc;
}

int import_read_dpg(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e)
{
	int rc = import_for_each_json_line(in, name, sink, dpg_record, NULL, e);

	if (rc && strncmp(e->msg, name, strlen(name)) != 0)
		errinfo_prefix(e, "%s: ", name);
	return rc;
}
