/*
 * record_json.c - strict JSON decoding and canonical encoding of records.
 */
#include "domain/record_json.h"

#include "core/buf.h"
#include "domain/record_text.h"

#include <string.h>

/* Upper bound on any single string in a record, in bytes: the description limit in UTF-8. */
#define RECORD_MAX_STRING_BYTES ((size_t)INI_MAX_DESCRIPTION * 4)

static int get_string(json_t *v, const char *field, struct arena *a, const char **out,
		      struct errinfo *e)
{
	size_t n;

	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return errinfo_set(e, ERR_INVALID, field, "%s must be a string", field);
	n = json_string_length(v);
	if (n > RECORD_MAX_STRING_BYTES)
		return errinfo_set(e, ERR_TOO_LARGE, field, "%s is longer than the limit", field);
	if (memchr(json_string_value(v), '\0', n))
		return errinfo_set(e, ERR_INVALID, field, "%s contains a NUL character", field);
	if (n == 0) { /* an empty string means absent */
		*out = NULL;
		return 0;
	}
	*out = arena_strndup(a, json_string_value(v), n);
	return *out ? 0 : errinfo_set(e, ERR_NOMEM, field, "out of memory");
}

typedef int (*add_fn)(struct initiative *, struct arena *, const char *);

static int get_string_list(json_t *v, const char *field, struct arena *a, struct initiative *ini,
			   add_fn add, struct errinfo *e)
{
	size_t i;
	json_t *item;
	const char *s;
	int rc;

	if (json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return errinfo_set(e, ERR_INVALID, field, "%s must be an array of strings", field);
	json_array_foreach (v, i, item) {
		if (!json_is_string(item))
			return errinfo_set(e, ERR_INVALID, field, "%s[%zu] must be a string", field,
					   i);
		if ((rc = get_string(item, field, a, &s, e)))
			return rc;
		if (!s)
			return errinfo_set(e, ERR_INVALID, field, "%s[%zu] is empty", field, i);
		if ((rc = add(ini, a, s)))
			return errinfo_set(e, rc, field, "%s has too many items", field);
	}
	return 0;
}

static int get_org(json_t *v, struct arena *a, struct initiative *ini, struct errinfo *e)
{
	const char *k;
	json_t *x;
	int rc;

	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return errinfo_set(e, ERR_INVALID, "organisation",
				   "organisation must be an object");
	json_object_foreach (v, k, x) {
		if (strcmp(k, "name") == 0)
			rc = get_string(x, "organisation", a, &ini->org.name, e);
		else if (strcmp(k, "stakeholder_type") == 0)
			rc = get_string(x, "organisation_type", a, &ini->org.stakeholder_type, e);
		else if (strcmp(k, "country") == 0)
			rc = get_string(x, "organisation_country", a, &ini->org.country, e);
		else if (strcmp(k, "website") == 0)
			rc = get_string(x, "organisation_website", a, &ini->org.website, e);
		else
			rc = errinfo_set(e, ERR_INVALID, "organisation",
					 "organisation has an unknown field \"%.64s\"", k);
		if (rc)
			return rc;
	}
	return 0;
}

static int get_partners(json_t *v, struct arena *a, struct initiative *ini, struct errinfo *e)
{
	size_t i;
	json_t *item, *x;
	const char *k, *name, *role;
	int rc;

	if (json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return errinfo_set(e, ERR_INVALID, "partners",
				   "partners must be an array of objects");
	json_array_foreach (v, i, item) {
		if (!json_is_object(item))
			return errinfo_set(e, ERR_INVALID, "partners",
					   "partners[%zu] must be an object", i);
		name = role = NULL;
		json_object_foreach (item, k, x) {
			if (strcmp(k, "name") == 0)
				rc = get_string(x, "partners", a, &name, e);
			else if (strcmp(k, "role") == 0)
				rc = get_string(x, "partners", a, &role, e);
			else
				rc = errinfo_set(e, ERR_INVALID, "partners",
						 "partners[%zu] has an unknown field \"%.64s\"", i,
						 k);
			if (rc)
				return rc;
		}
		if (!name)
			return errinfo_set(e, ERR_INVALID, "partners", "partners[%zu] has no name",
					   i);
		if ((rc = ini_add_partner(ini, a, name, role)))
			return errinfo_set(e, rc, "partners", "partners has too many items");
	}
	return 0;
}

static int get_tags(json_t *v, struct arena *a, struct initiative *ini, struct errinfo *e)
{
	size_t i;
	json_t *item, *x;
	const char *k, *scheme, *code, *origin;
	double score;
	int has_score, rc;

	if (json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return errinfo_set(e, ERR_INVALID, "tags", "tags must be an array of objects");
	json_array_foreach (v, i, item) {
		if (!json_is_object(item))
			return errinfo_set(e, ERR_INVALID, "tags", "tags[%zu] must be an object",
					   i);
		scheme = code = origin = NULL;
		score = 0;
		has_score = 0;
		json_object_foreach (item, k, x) {
			rc = 0;
			if (strcmp(k, "scheme") == 0) {
				rc = get_string(x, "tags", a, &scheme, e);
			} else if (strcmp(k, "code") == 0) {
				if (json_is_integer(x)) { /* "code": 5 is a natural spelling */
					code = arena_sprintf(a, "%lld",
							     (long long)json_integer_value(x));
					if (!code)
						rc = errinfo_set(e, ERR_NOMEM, "tags",
								 "out of memory");
				} else
					rc = get_string(x, "tags", a, &code, e);
			} else if (strcmp(k, "origin") == 0) {
				rc = get_string(x, "tags", a, &origin, e);
			} else if (strcmp(k, "score") == 0) {
				if (json_is_number(x)) {
					score = json_number_value(x);
					has_score = 1;
				} else if (!json_is_null(x)) {
					rc = errinfo_set(e, ERR_INVALID, "tags",
							 "tags[%zu].score must be a number", i);
				}
			} else {
				rc = errinfo_set(e, ERR_INVALID, "tags",
						 "tags[%zu] has an unknown field \"%.64s\"", i, k);
			}
			if (rc)
				return rc;
		}
		if (!scheme || !code)
			return errinfo_set(e, ERR_INVALID, "tags",
					   "tags[%zu] needs a scheme and a code", i);
		if ((rc = ini_add_tag(ini, a, scheme, code, origin, score, has_score)))
			return errinfo_set(e, rc, "tags", "tags has too many items");
	}
	return 0;
}

int record_from_json(json_t *obj, struct arena *a, struct initiative *ini, struct errinfo *e)
{
	static const struct {
		const char *name;
		size_t off;
	} strings[] = {
#define F(x) {#x, offsetof(struct initiative, x)}
	    F(source),      F(source_id),        F(title),      F(summary),
	    F(description), F(stakeholder_type), F(scope),      F(start_date),
	    F(end_date),    F(status),           F(url),        F(language),
	    F(state),       F(created_at),       F(updated_at),
#undef F
	};
	const char *k;
	json_t *v;
	int rc;

	if (!json_is_object(obj))
		return errinfo_set(e, ERR_INVALID, NULL, "a record must be a JSON object");
	json_object_foreach (obj, k, v) {
		size_t i;

		for (i = 0; i < sizeof strings / sizeof *strings; i++)
			if (strcmp(k, strings[i].name) == 0)
				break;
		if (i < sizeof strings / sizeof *strings) {
			const char **dst = (const char **)((char *)ini + strings[i].off);
			if (json_is_integer(v) && strcmp(k, "source_id") == 0) {
				*dst = arena_sprintf(a, "%lld", (long long)json_integer_value(v));
				rc = *dst ? 0 : errinfo_set(e, ERR_NOMEM, k, "out of memory");
			} else {
				rc = get_string(v, k, a, dst, e);
			}
		} else if (strcmp(k, "id") == 0) {
			if (!json_is_integer(v) && !json_is_null(v))
				rc = errinfo_set(e, ERR_INVALID, "id", "id must be an integer");
			else
				rc = 0; /* ids belong to the database that wrote them */
		} else if (strcmp(k, "organisation") == 0) {
			rc = get_org(v, a, ini, e);
		} else if (strcmp(k, "countries") == 0) {
			rc = get_string_list(v, k, a, ini, ini_add_country, e);
		} else if (strcmp(k, "regions") == 0) {
			rc = get_string_list(v, k, a, ini, ini_add_region, e);
		} else if (strcmp(k, "sectors") == 0) {
			rc = get_string_list(v, k, a, ini, ini_add_sector, e);
		} else if (strcmp(k, "partners") == 0) {
			rc = get_partners(v, a, ini, e);
		} else if (strcmp(k, "tags") == 0) {
			rc = get_tags(v, a, ini, e);
		} else {
			rc = errinfo_set(e, ERR_INVALID, k, "unknown field \"%.64s\"", k);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * The encoder trusts its input to be valid UTF-8 (ini_validate checks every string before a
 * record is stored) and uses jansson's _nocheck calls: checking again would double the cost
 * of every save and export.
 */
static int set_str(json_t *o, const char *k, const char *v)
{
	return v ? json_object_set_new_nocheck(o, k, json_string_nocheck(v)) : 0;
}

static json_t *string_array(const char *const *v, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++)
		if (json_array_append_new(arr, json_string_nocheck(v[i]))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

json_t *record_to_json(const struct initiative *ini, int meta)
{
	json_t *o = json_object(), *x;
	int rc = 0;

	if (!o)
		return NULL;
	if (meta && ini->id)
		rc |= json_object_set_new_nocheck(o, "id", json_integer(ini->id));
	rc |= set_str(o, "source", ini->source);
	rc |= set_str(o, "source_id", ini->source_id);
	rc |= set_str(o, "title", ini->title);
	rc |= set_str(o, "summary", ini->summary);
	rc |= set_str(o, "description", ini->description);
	if (ini->org.name) {
		x = json_object();
		rc |= set_str(x, "name", ini->org.name);
		rc |= set_str(x, "stakeholder_type", ini->org.stakeholder_type);
		rc |= set_str(x, "country", ini->org.country);
		rc |= set_str(x, "website", ini->org.website);
		rc |= json_object_set_new_nocheck(o, "organisation", x);
	}
	rc |= set_str(o, "stakeholder_type", ini->stakeholder_type);
	if (ini->ncountries)
		rc |= json_object_set_new_nocheck(o, "countries",
						  string_array(ini->countries, ini->ncountries));
	if (ini->nregions)
		rc |= json_object_set_new_nocheck(o, "regions",
						  string_array(ini->regions, ini->nregions));
	if (ini->nsectors)
		rc |= json_object_set_new_nocheck(o, "sectors",
						  string_array(ini->sectors, ini->nsectors));
	if (ini->npartners) {
		x = json_array();
		for (size_t i = 0; i < ini->npartners; i++) {
			json_t *p = json_object();
			rc |= set_str(p, "name", ini->partners[i].name);
			rc |= set_str(p, "role", ini->partners[i].role);
			rc |= json_array_append_new(x, p);
		}
		rc |= json_object_set_new_nocheck(o, "partners", x);
	}
	rc |= set_str(o, "scope", ini->scope);
	rc |= set_str(o, "start_date", ini->start_date);
	rc |= set_str(o, "end_date", ini->end_date);
	rc |= set_str(o, "status", ini->status);
	rc |= set_str(o, "url", ini->url);
	rc |= set_str(o, "language", ini->language);
	rc |= set_str(o, "state", ini->state);
	if (ini->ntags) {
		x = json_array();
		for (size_t i = 0; i < ini->ntags; i++) {
			const struct tag *t = &ini->tags[i];
			json_t *j = json_object();
			rc |= set_str(j, "scheme", t->scheme);
			rc |= set_str(j, "code", t->code);
			rc |= set_str(j, "origin", t->origin);
			if (t->has_score)
				rc |= json_object_set_new_nocheck(j, "score", json_real(t->score));
			rc |= json_array_append_new(x, j);
		}
		rc |= json_object_set_new_nocheck(o, "tags", x);
	}
	if (meta) {
		rc |= set_str(o, "created_at", ini->created_at);
		rc |= set_str(o, "updated_at", ini->updated_at);
	}
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * The same bytes as json_dumps(record_to_json(ini, meta), JSON_COMPACT | JSON_PRESERVE_ORDER
 * | JSON_REAL_PRECISION(6)), written without the tree (record_text.c; tests compare the two).
 */
char *record_dump(const struct initiative *ini, int meta)
{
	struct buf b;

	buf_init(&b, 0);
	if (record_text_dump(ini, meta, &b) != 0) {
		buf_cleanup(&b);
		return NULL;
	}
	return buf_detach(&b);
}
