/*
 * call_form.c - the answer form's parser (see call_form.h).
 */
#include "pages/call_form.h"

#include "core/text.h"
#include "domain/initiative.h"

#include <stdio.h>
#include <string.h>

/* values_of collects the non-empty values of field name in form into an array in a. */
static int values_of(const struct http_params *form, const char *name, struct arena *a,
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

int call_form_parse(const struct http_params *form, const struct call_question *q, size_t nq,
		    struct arena *a, struct call_response *r, struct errinfo *e)
{
	const char *action = http_param_get(form, "action");
	const char *org = http_param_get(form, "organisation");
	const char *type = http_param_get(form, "stakeholder_type");
	const char *country = http_param_get(form, "country");
	const char *anon = http_param_get(form, "anonymous");
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
