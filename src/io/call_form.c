/*
 * call_form.c - the answer form's parser (see call_form.h).
 */
#include "io/call_form.h"

#include "core/text.h"
#include "domain/initiative.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

int answer_fields_add(struct answer_fields *f, struct arena *a, const char *name, const char *value)
{
	void *v = f->v;
	int rc = arena_grow(a, &v, f->n, &f->cap, sizeof *f->v, 16, CALL_FORM_FIELDS_MAX);

	if (!rc) {
		f->v = v;
		f->v[f->n++] = (struct answer_field){name, value};
	}
	return rc;
}

/* field_get returns the first value of field name in form, or NULL. */
static const char *field_get(const struct answer_fields *form, const char *name)
{
	for (size_t i = 0; i < form->n; i++)
		if (strcmp(form->v[i].name, name) == 0)
			return form->v[i].value;
	return NULL;
}

/* values_of collects the non-empty values of field name in form into an array in a. */
static int values_of(const struct answer_fields *form, const char *name, struct arena *a,
		     const char ***out, size_t *n)
{
	const char **v = NULL;
	size_t used = 0, cap = 0;

	for (size_t i = 0; i < form->n; i++) {
		if (strcmp(form->v[i].name, name) != 0 || !form->v[i].value[0])
			continue;
		if (used >= CALL_CHOICES_MAX)
			return ERR_TOO_LARGE;
		if (arena_grow(a, (void **)&v, used, &cap, sizeof *v, 4, CALL_CHOICES_MAX))
			return ERR_NOMEM;
		v[used++] = form->v[i].value;
	}
	*out = v;
	*n = used;
	return 0;
}

static int one_of(const char *v, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(v, list[i]) == 0)
			return 1;
	return 0;
}

int call_form_parse(const struct answer_fields *form, const struct call_question *q, size_t nq,
		    struct arena *a, struct call_response *r, struct errinfo *e)
{
	const char *action = field_get(form, "action");
	const char *org = field_get(form, "organisation");
	const char *type = field_get(form, "stakeholder_type");
	const char *country = field_get(form, "country");
	const char *anon = field_get(form, "anonymous");
	int rc;

	r->state = action && strcmp(action, "submit") == 0 ? RESP_SUBMITTED : RESP_DRAFT;
	r->anonymous = anon && strcmp(anon, "1") == 0;
	if (org && (strlen(org) > CALL_FORM_ORG_MAX || !text_utf8_valid(org, strlen(org))))
		return errinfo_set(e, ERR_INVALID, "organisation",
				   "organisation: at most %d bytes of text", CALL_FORM_ORG_MAX);
	if (type && *type && !one_of(type, ini_stakeholder_types))
		return errinfo_set(e, ERR_INVALID, "stakeholder_type",
				   "stakeholder_type: not a stakeholder type");
	if (country && *country &&
	    (strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' ||
	     country[1] > 'Z'))
		return errinfo_set(e, ERR_INVALID, "country",
				   "country: an ISO 3166-1 alpha-2 code such as KE");
	r->organisation = org && !text_is_blank(org) ? org : NULL;
	r->stakeholder_type = type && *type ? type : NULL;
	r->country = country && *country ? country : NULL;
	if (!(r->answers = arena_alloc(a, (nq ? nq : 1) * sizeof *r->answers)))
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	r->nanswers = 0;
	for (size_t i = 0; i < nq; i++) {
		struct call_answer *an = &r->answers[r->nanswers];
		struct call_question qq = q[i];
		char name[32];
		const char **vals;
		size_t nv;

		snprintf(name, sizeof name, "q%lld", (long long)q[i].id);
		if ((rc = values_of(form, name, a, &vals, &nv)))
			return errinfo_set(e, rc, name, "%s: too many values", name);
		if (nv == 1 && text_is_blank(vals[0]))
			nv = 0; /* a blank text is no answer */
		an->question_id = q[i].id;
		an->values = vals;
		an->nvalues = nv;
		if (r->state == RESP_DRAFT)
			qq.required = 0; /* a draft may be incomplete */
		if ((rc = call_answer_check(&qq, an, e)))
			return rc;
		if (nv)
			r->nanswers++;
	}
	return 0;
}

int call_form_check_codes(struct store *s, const struct call_question *q, size_t nq,
			  const struct call_response *r, struct arena *a, struct errinfo *e)
{
	int found;

	if (r->country && (store_country_exists(s, r->country, &found) || !found))
		return errinfo_set(e, ERR_INVALID, "country", "country: unknown country %s",
				   r->country);
	for (size_t i = 0; i < r->nanswers; i++) {
		const struct call_question *qq = NULL;
		const char *scheme;

		for (size_t k = 0; k < nq; k++)
			if (q[k].id == r->answers[i].question_id)
				qq = &q[k];
		if (!qq || !(scheme = call_qkind_scheme(qq->kind)))
			continue;
		for (size_t j = 0; j < r->answers[i].nvalues; j++) {
			const char *code = r->answers[i].values[j];
			int rc = strcmp(scheme, "country") == 0
				     ? store_country_exists(s, code, &found)
				     : store_fw_exists(s, scheme, code, &found);

			if (rc || !found)
				return errinfo_set(
				    e, ERR_INVALID, arena_sprintf(a, "q%lld", (long long)qq->id),
				    "\"%.80s\": unknown code \"%.40s\"", qq->prompt, code);
		}
	}
	return 0;
}

/* add adds name=value to p (copies in a). */
static int add(struct answer_fields *p, struct arena *a, const char *name, const char *value)
{
	char *n = arena_strdup(a, name), *v = arena_strdup(a, value);

	return n && v ? answer_fields_add(p, a, n, v) : ERR_NOMEM;
}

static int from_json(json_t *j, struct arena *a, struct answer_fields *p, struct errinfo *e)
{
	static const char *const strings[] = {"organisation", "stakeholder_type", "country"};
	const char *key, *state;
	json_t *v, *answers;

	if (!json_is_object(j))
		return errinfo_set(e, ERR_INVALID, NULL, "the body must be a JSON object");
	json_object_foreach (j, key, v) {
		if (strcmp(key, "state") && strcmp(key, "anonymous") && strcmp(key, "answers") &&
		    strcmp(key, "organisation") && strcmp(key, "stakeholder_type") &&
		    strcmp(key, "country"))
			return errinfo_set(e, ERR_INVALID, key, "%.60s: unknown field", key);
	}
	state = json_string_value(json_object_get(j, "state"));
	if (json_object_get(j, "state") &&
	    (!state || (strcmp(state, "draft") && strcmp(state, "submitted"))))
		return errinfo_set(e, ERR_INVALID, "state", "state: \"draft\" or \"submitted\"");
	if (add(p, a, "action", state && strcmp(state, "submitted") == 0 ? "submit" : "draft"))
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	v = json_object_get(j, "anonymous");
	if (v && !json_is_boolean(v))
		return errinfo_set(e, ERR_INVALID, "anonymous", "anonymous: true or false");
	if (json_is_true(v) && add(p, a, "anonymous", "1"))
		return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
		v = json_object_get(j, strings[i]);
		if (v && !json_is_string(v) && !json_is_null(v))
			return errinfo_set(e, ERR_INVALID, strings[i], "%s: a string", strings[i]);
		if (json_is_string(v) && add(p, a, strings[i], json_string_value(v)))
			return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
	}
	answers = json_object_get(j, "answers");
	if (answers && !json_is_object(answers))
		return errinfo_set(e, ERR_INVALID, "answers",
				   "answers: an object from question numbers to answers");
	json_object_foreach (answers, key, v) {
		char name[32];
		size_t k;

		if (!*key || strlen(key) > 15 || strspn(key, "0123456789") != strlen(key))
			return errinfo_set(e, ERR_INVALID, "answers",
					   "answers: \"%.40s\" is not a question number", key);
		snprintf(name, sizeof name, "q%s", key);
		if (json_is_string(v)) {
			if (add(p, a, name, json_string_value(v)))
				return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
			continue;
		}
		if (!json_is_array(v) || json_array_size(v) > CALL_CHOICES_MAX)
			return errinfo_set(e, ERR_INVALID, name,
					   "%s: a text or an array of at most %d values", name,
					   CALL_CHOICES_MAX);
		for (k = 0; k < json_array_size(v); k++) {
			const char *one = json_string_value(json_array_get(v, k));

			if (!one)
				return errinfo_set(e, ERR_INVALID, name, "%s: values are strings",
						   name);
			if (add(p, a, name, one))
				return errinfo_set(e, ERR_NOMEM, NULL, "out of memory");
		}
	}
	return 0;
}

int call_form_from_json(const char *json, size_t len, struct arena *a, struct answer_fields *p,
			struct errinfo *e)
{
	json_error_t jerr;
	json_t *j = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	int rc;

	if (!j)
		return errinfo_set(e, ERR_INVALID, NULL, "the body is not valid JSON (%s, line %d)",
				   jerr.text, jerr.line);
	rc = from_json(j, a, p, e);
	json_decref(j);
	return rc;
}
