/*
 * call_form.h - reading the answer form of a call (POST /calls/ID/answer, and the JSON the
 * API takes for PUT /api/v1/calls/ID/response) into a response: one parser and one set of
 * rules for the web and the API, below both.
 *
 * The form is a list of name=value fields (struct answer_fields: the web form's fields
 * copied over, or the JSON made into fields). It has one field per question, "q" followed by the question's number (several
 * values for a multiple choice or a picker), and organisation, stakeholder_type, country,
 * anonymous and action ("draft" or "submit"). Unknown fields are ignored. Every answer is
 * checked against its question (domain/call.h); picker codes are checked against the
 * frameworks by the page, which knows the store.
 */
#ifndef STOCKTAKE_IO_CALL_FORM_H
#define STOCKTAKE_IO_CALL_FORM_H

#include "core/arena.h"
#include "domain/call.h"
#include "store/store.h"

#define CALL_FORM_ORG_MAX 500
/* The most fields a form may have (as many as the web server takes). */
#define CALL_FORM_FIELDS_MAX 1000

/* One field of the form, and the form: the strings are borrowed. */
struct answer_field {
	const char *name, *value;
};
struct answer_fields {
	struct answer_field *v;
	size_t n, cap;
};

/* answer_fields_add adds name=value (borrowed) to f; ERR_TOO_LARGE past the most, ERR_NOMEM. */
int answer_fields_add(struct answer_fields *f, struct arena *a, const char *name,
		      const char *value);

/*
 * call_form_parse fills r (answers in a) from form for the nq questions q. A submitted
 * response must answer the required questions; a draft need not. 0, or ERR_INVALID /
 * ERR_TOO_LARGE / ERR_NOMEM with e naming the field (e->field is "q<ID>" for an answer).
 */
int call_form_parse(const struct answer_fields *form, const struct call_question *q, size_t nq,
		    struct arena *a, struct call_response *r, struct errinfo *e);
/*
 * call_form_check_codes checks r's country and the codes of its picker answers (questions
 * q, nq) against the frameworks in s; ERR_INVALID naming the field.
 */
int call_form_check_codes(struct store *s, const struct call_question *q, size_t nq,
			  const struct call_response *r, struct arena *a, struct errinfo *e);
/*
 * call_form_from_json turns a response as JSON ({"state", "anonymous", "organisation",
 * "stakeholder_type", "country", "answers": {"ID": "text" or ["value", ...]}}) into the
 * fields of the answer form in p (strings in a), so that the API and the web share one
 * parser. Unknown keys and wrong types are ERR_INVALID naming the field.
 */
int call_form_from_json(const char *json, size_t len, struct arena *a, struct answer_fields *p,
			struct errinfo *e);

#endif
