/*
 * call_form.h - reading the answer form of a call (POST /calls/ID/answer) into a response.
 *
 * The form has one field per question, "q" followed by the question's number (several
 * values for a multiple choice or a picker), and organisation, stakeholder_type, country,
 * anonymous and action ("draft" or "submit"). Unknown fields are ignored. Every answer is
 * checked against its question (domain/call.h); picker codes are checked against the
 * frameworks by the page, which knows the store.
 */
#ifndef STOCKTAKE_PAGES_CALL_FORM_H
#define STOCKTAKE_PAGES_CALL_FORM_H

#include "core/arena.h"
#include "domain/call.h"
#include "http/http.h"
#include "store/store.h"

#define CALL_FORM_ORG_MAX 500

/*
 * call_form_parse fills r (answers in a) from form for the nq questions q. A submitted
 * response must answer the required questions; a draft need not. 0, or ERR_INVALID /
 * ERR_TOO_LARGE / ERR_NOMEM with e naming the field (e->field is "q<ID>" for an answer).
 */
int call_form_parse(const struct http_params *form, const struct call_question *q, size_t nq,
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
int call_form_from_json(const char *json, size_t len, struct arena *a, struct http_params *p,
			struct errinfo *e);

#endif
