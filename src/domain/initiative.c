/*
 * initiative.c - enumerations, list helpers and self-contained validation of records.
 */
#include "domain/initiative.h"

#include "core/text.h"
#include "core/utc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *const ini_stakeholder_types[] = {"government",
					     "private-sector",
					     "civil-society",
					     "academia",
					     "international-organisation",
					     "technical-community",
					     "un-entity",
					     "other",
					     NULL};
const char *const ini_scopes[] = {"national", "regional", "international", NULL};
const char *const ini_statuses[] = {"planned", "ongoing", "completed", NULL};
const char *const ini_states[] = {"draft", "submitted", "published", "rejected", "archived", NULL};
const char *const ini_tag_schemes[] = {"sdg", "sdg_target", "action_line", "gdc", NULL};
const char *const ini_tag_origins[] = {"submitter", "moderator", "model", NULL};

int ini_enum_valid(const char *const *list, const char *s)
{
	if (!s)
		return 0;
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

void ini_enum_list(const char *const *list, char *out, size_t outlen)
{
	size_t used = 0;

	out[0] = '\0';
	for (; *list && used < outlen; list++) {
		int n = snprintf(out + used, outlen - used, "%s%s", used ? ", " : "", *list);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

void ini_init(struct initiative *ini)
{
	memset(ini, 0, sizeof *ini);
}

/* grow makes room for one more element of size el in *v (n used, *cap allocated). */
static int grow(struct arena *a, void **v, size_t n, size_t *cap, size_t el, size_t limit)
{
	return arena_grow(a, v, n, cap, el, 4, limit);
}

static int push_str(struct arena *a, const char ***v, size_t *n, size_t *cap, size_t limit,
		    const char *s)
{
	void *vv = (void *)*v;
	int rc = grow(a, &vv, *n, cap, sizeof(char *), limit);

	if (rc)
		return rc;
	*v = vv;
	(*v)[(*n)++] = s;
	return 0;
}

int ini_add_country(struct initiative *ini, struct arena *a, const char *iso2)
{
	return push_str(a, &ini->countries, &ini->ncountries, &ini->capcountries, INI_MAX_COUNTRIES,
			iso2);
}

int ini_add_region(struct initiative *ini, struct arena *a, const char *region)
{
	return push_str(a, &ini->regions, &ini->nregions, &ini->capregions, INI_MAX_REGIONS,
			region);
}

int ini_add_sector(struct initiative *ini, struct arena *a, const char *sector)
{
	return push_str(a, &ini->sectors, &ini->nsectors, &ini->capsectors, INI_MAX_SECTORS,
			sector);
}

int ini_add_partner(struct initiative *ini, struct arena *a, const char *name, const char *role)
{
	void *v = ini->partners;
	int rc = grow(a, &v, ini->npartners, &ini->cappartners, sizeof(struct partner),
		      INI_MAX_PARTNERS);

	if (rc)
		return rc;
	ini->partners = v;
	ini->partners[ini->npartners].name = name;
	ini->partners[ini->npartners].role = role;
	ini->npartners++;
	return 0;
}

int ini_add_tag(struct initiative *ini, struct arena *a, const char *scheme, const char *code,
		const char *origin, double score, int has_score)
{
	void *v = ini->tags;
	struct tag *t;
	int rc = grow(a, &v, ini->ntags, &ini->captags, sizeof(struct tag), INI_MAX_TAGS);

	if (rc)
		return rc;
	ini->tags = v;
	t = &ini->tags[ini->ntags++];
	t->scheme = scheme;
	t->code = code;
	t->origin = origin ? origin : "submitter";
	t->score = score;
	t->has_score = has_score;
	return 0;
}

/* dup copies the string v (or NULL) into a, setting *failed when out of memory. */
static const char *dup(struct arena *a, const char *v, int *failed)
{
	char *c;

	if (!v)
		return NULL;
	if (!(c = arena_strdup(a, v)))
		*failed = 1;
	return c;
}

int ini_copy(struct initiative *dst, const struct initiative *src, struct arena *a)
{
	int failed = 0, rc = 0;

	ini_init(dst);
	dst->id = src->id;
	dst->source = dup(a, src->source, &failed);
	dst->source_id = dup(a, src->source_id, &failed);
	dst->title = dup(a, src->title, &failed);
	dst->summary = dup(a, src->summary, &failed);
	dst->description = dup(a, src->description, &failed);
	dst->org.name = dup(a, src->org.name, &failed);
	dst->org.stakeholder_type = dup(a, src->org.stakeholder_type, &failed);
	dst->org.country = dup(a, src->org.country, &failed);
	dst->org.website = dup(a, src->org.website, &failed);
	dst->stakeholder_type = dup(a, src->stakeholder_type, &failed);
	dst->scope = dup(a, src->scope, &failed);
	dst->start_date = dup(a, src->start_date, &failed);
	dst->end_date = dup(a, src->end_date, &failed);
	dst->status = dup(a, src->status, &failed);
	dst->url = dup(a, src->url, &failed);
	dst->language = dup(a, src->language, &failed);
	dst->state = dup(a, src->state, &failed);
	dst->created_at = dup(a, src->created_at, &failed);
	dst->updated_at = dup(a, src->updated_at, &failed);
	for (size_t i = 0; !rc && i < src->ncountries; i++)
		rc = ini_add_country(dst, a, dup(a, src->countries[i], &failed));
	for (size_t i = 0; !rc && i < src->nregions; i++)
		rc = ini_add_region(dst, a, dup(a, src->regions[i], &failed));
	for (size_t i = 0; !rc && i < src->nsectors; i++)
		rc = ini_add_sector(dst, a, dup(a, src->sectors[i], &failed));
	for (size_t i = 0; !rc && i < src->npartners; i++)
		rc = ini_add_partner(dst, a, dup(a, src->partners[i].name, &failed),
				     dup(a, src->partners[i].role, &failed));
	for (size_t i = 0; !rc && i < src->ntags; i++) {
		const struct tag *t = &src->tags[i];

		rc = ini_add_tag(dst, a, dup(a, t->scheme, &failed), dup(a, t->code, &failed),
				 dup(a, t->origin, &failed), t->score, t->has_score);
	}
	return rc || failed ? ERR_NOMEM : 0;
}

int ini_has_tag_scheme(const struct initiative *ini, const char *scheme)
{
	for (size_t i = 0; i < ini->ntags; i++)
		if (strcmp(ini->tags[i].scheme, scheme) == 0)
			return 1;
	return 0;
}

/* check_text: valid UTF-8, at most max code points; required when req. */
static int check_text(const char *s, const char *field, size_t max, int req, struct errinfo *e)
{
	size_t n;

	if (!s || *s == '\0') {
		if (req)
			return errinfo_set(e, ERR_INVALID, field, "%s is required", field);
		return 0;
	}
	if (!text_utf8_valid(s, strlen(s)))
		return errinfo_set(e, ERR_INVALID, field, "%s is not valid UTF-8", field);
	n = text_utf8_len(s);
	if (n > max)
		return errinfo_set(e, ERR_TOO_LARGE, field,
				   "%s is %zu characters long; the limit is %zu", field, n, max);
	if (req && text_is_blank(s))
		return errinfo_set(e, ERR_INVALID, field, "%s is blank", field);
	return 0;
}

static int check_enum(const char *s, const char *field, const char *const *list, struct errinfo *e)
{
	char allowed[256];

	if (!s)
		return 0;
	if (ini_enum_valid(list, s))
		return 0;
	ini_enum_list(list, allowed, sizeof allowed);
	return errinfo_set(e, ERR_INVALID, field, "%s \"%.64s\" is not one of: %s", field, s,
			   allowed);
}

static int check_url(const char *s, const char *field, struct errinfo *e)
{
	int rc;

	if (!s)
		return 0;
	if ((rc = check_text(s, field, INI_MAX_URL, 0, e)))
		return rc;
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return errinfo_set(e, ERR_INVALID, field, "%s must start with http:// or https://",
				   field);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ')
			return errinfo_set(e, ERR_INVALID, field, "%s contains white space", field);
	return 0;
}

/* check_code: a short printable token without spaces ("KE", "C7.e-health", "DAC:11220"). */
static int check_code(const char *s, const char *field, struct errinfo *e)
{
	size_t n = 0;

	if (!s || !*s)
		return errinfo_set(e, ERR_INVALID, field, "%s has an empty value", field);
	for (const char *p = s; *p; p++, n++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return errinfo_set(e, ERR_INVALID, field,
					   "%s value \"%.64s\" has a character that is not allowed",
					   field, s);
	if (n > INI_MAX_CODE)
		return errinfo_set(e, ERR_TOO_LARGE, field, "%s value is longer than %d characters",
				   field, INI_MAX_CODE);
	return 0;
}

/* check_label: a short one-line text ("DAC:11220", "WB:Primary education"). */
static int check_label(const char *s, const char *field, struct errinfo *e)
{
	int rc;

	if (!s || !*s)
		return errinfo_set(e, ERR_INVALID, field, "%s has an empty value", field);
	if ((rc = check_text(s, field, INI_MAX_CODE, 1, e)))
		return rc;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return errinfo_set(e, ERR_INVALID, field,
					   "%s value \"%.64s\" contains a control character", field,
					   s);
	return 0;
}

static int check_iso2(const char *s, const char *field, struct errinfo *e)
{
	if (!s)
		return 0;
	if (strlen(s) != 2 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]))
		return errinfo_set(e, ERR_INVALID, field,
				   "%s \"%.64s\" is not an ISO 3166-1 alpha-2 code", field, s);
	return 0;
}

static int check_source(const struct initiative *ini, struct errinfo *e)
{
	int rc;

	if (!ini->source != !ini->source_id)
		return errinfo_set(e, ERR_INVALID, ini->source ? "source_id" : "source",
				   "source and source_id go together: give both or neither");
	if (!ini->source)
		return 0;
	if ((rc = check_text(ini->source, "source", INI_MAX_SOURCE, 1, e)) ||
	    (rc = check_text(ini->source_id, "source_id", INI_MAX_SOURCE_ID, 1, e)))
		return rc;
	for (const char *p = ini->source; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '.' ||
		      *p == '_' || *p == '-'))
			return errinfo_set(
			    e, ERR_INVALID, "source",
			    "source \"%.64s\" may only use a-z, 0-9, '.', '_' and '-'",
			    ini->source);
	return 0;
}

static int check_lists(const struct initiative *ini, struct errinfo *e)
{
	int rc;

	for (size_t i = 0; i < ini->ncountries; i++) {
		if (!ini->countries[i])
			return errinfo_set(e, ERR_INVALID, "countries",
					   "countries has an empty value");
		if ((rc = check_iso2(ini->countries[i], "countries", e)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(ini->countries[i], ini->countries[j]) == 0)
				return errinfo_set(e, ERR_INVALID, "countries",
						   "countries lists \"%s\" twice",
						   ini->countries[i]);
	}
	for (size_t i = 0; i < ini->nregions; i++)
		if ((rc = check_label(ini->regions[i], "regions", e)))
			return rc;
	for (size_t i = 0; i < ini->nsectors; i++)
		if ((rc = check_label(ini->sectors[i], "sectors", e)))
			return rc;
	for (size_t i = 0; i < ini->npartners; i++) {
		if ((rc = check_text(ini->partners[i].name, "partners", INI_MAX_NAME, 1, e)) ||
		    (rc = check_text(ini->partners[i].role, "partners", INI_MAX_CODE, 0, e)))
			return rc;
	}
	for (size_t i = 0; i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];

		if ((rc = check_enum(t->scheme, "tags", ini_tag_schemes, e)) ||
		    (rc = check_code(t->code, "tags", e)) ||
		    (rc = check_enum(t->origin, "tags", ini_tag_origins, e)))
			return rc;
		if (!t->scheme)
			return errinfo_set(e, ERR_INVALID, "tags", "a tag has no scheme");
		if (t->has_score && !(t->score >= 0.0 && t->score <= 1.0))
			return errinfo_set(e, ERR_INVALID, "tags",
					   "tag %s %s has score %g; scores go from 0 to 1",
					   t->scheme, t->code, t->score);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t->scheme, ini->tags[j].scheme) == 0 &&
			    strcmp(t->code, ini->tags[j].code) == 0)
				return errinfo_set(e, ERR_INVALID, "tags",
						   "tag %s %s appears twice", t->scheme, t->code);
	}
	return 0;
}

int ini_validate(const struct initiative *ini, struct errinfo *e)
{
	int rc;

	if ((rc = check_source(ini, e)) ||
	    (rc = check_text(ini->title, "title", INI_MAX_TITLE, 1, e)) ||
	    (rc = check_text(ini->summary, "summary", INI_MAX_SUMMARY, 0, e)) ||
	    (rc = check_text(ini->description, "description", INI_MAX_DESCRIPTION, 0, e)) ||
	    (rc =
		 check_enum(ini->stakeholder_type, "stakeholder_type", ini_stakeholder_types, e)) ||
	    (rc = check_enum(ini->scope, "scope", ini_scopes, e)) ||
	    (rc = check_enum(ini->status, "status", ini_statuses, e)) ||
	    (rc = check_enum(ini->state, "state", ini_states, e)) ||
	    (rc = check_url(ini->url, "url", e)))
		return rc;
	if (ini->org.name || ini->org.stakeholder_type || ini->org.country || ini->org.website) {
		if ((rc = check_text(ini->org.name, "organisation", INI_MAX_NAME, 1, e)) ||
		    (rc = check_enum(ini->org.stakeholder_type, "organisation_type",
				     ini_stakeholder_types, e)) ||
		    (rc = check_iso2(ini->org.country, "organisation_country", e)) ||
		    (rc = check_url(ini->org.website, "organisation_website", e)))
			return rc;
	}
	if (ini->start_date && !utc_valid_partial_date(ini->start_date))
		return errinfo_set(e, ERR_INVALID, "start_date",
				   "start_date \"%.32s\" is not YYYY, YYYY-MM or YYYY-MM-DD",
				   ini->start_date);
	if (ini->end_date && !utc_valid_partial_date(ini->end_date))
		return errinfo_set(e, ERR_INVALID, "end_date",
				   "end_date \"%.32s\" is not YYYY, YYYY-MM or YYYY-MM-DD",
				   ini->end_date);
	if (ini->start_date && ini->end_date &&
	    strncmp(ini->end_date, ini->start_date, strlen(ini->end_date)) < 0)
		return errinfo_set(e, ERR_INVALID, "end_date",
				   "end_date %s is before start_date %s", ini->end_date,
				   ini->start_date);
	if (ini->language) {
		const char *l = ini->language;
		if (strlen(l) != 2 || !islower((unsigned char)l[0]) ||
		    !islower((unsigned char)l[1]))
			return errinfo_set(e, ERR_INVALID, "language",
					   "language \"%.32s\" is not an ISO 639-1 code such as en",
					   l);
	}
	return check_lists(ini, e);
}
