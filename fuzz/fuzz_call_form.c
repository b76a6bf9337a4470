/*
 * fuzz_call_form.c - libFuzzer driver for the answer form of a call (io/call_form.h): the
 * input is a form body (application/x-www-form-urlencoded), or, when it starts with '{', a
 * response as the API takes it (JSON, call_form_from_json), for a call with a free-text
 * question (word limit 5, required), a single choice, a multiple choice and an SDG picker.
 *
 * Besides the sanitizers' findings, it aborts when the parser fails without naming why, or
 * accepts a response whose answers do not pass call_answer_check again.
 */
#include "http/http.h"
#include "io/call_form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const yn[] = {"Yes", "No"}, *const topics[] = {"Access", "Skills",
									  "Trust"};
	const struct call_question q[] = {
	    {.id = 1, .kind = QK_TEXT, .prompt = "Say", .word_limit = 5, .required = 1},
	    {.id = 2, .kind = QK_SINGLE, .prompt = "Agree?", .options = yn, .noptions = 2},
	    {.id = 3, .kind = QK_MULTIPLE, .prompt = "Topics", .options = topics, .noptions = 3},
	    {.id = 4, .kind = QK_SDG, .prompt = "SDGs"},
	};
	struct http_params web = {0};
	struct answer_fields form = {0};
	struct call_response r;
	struct errinfo e;
	struct arena a;
	int ok = 0;

	if (size > 65536)
		return 0;
	arena_init(&a, 16u << 20);
	memset(&r, 0, sizeof r);
	errinfo_clear(&e);
	if (size && data[0] == '{') {
		if (call_form_from_json((const char *)data, size, &a, &form, &e) != 0) {
			if (!e.msg[0])
				abort();
			arena_cleanup(&a);
			return 0;
		}
		ok = 1;
	} else if (http_parse_urlencoded(&web, &a, (const char *)data, size, 1000) == 0) {
		for (size_t i = 0; i < web.n; i++)
			if (answer_fields_add(&form, &a, web.v[i].name, web.v[i].value))
				abort(); /* the form takes as many fields as the web does */
		ok = 1;
	}
	if (ok) {
		if (call_form_parse(&form, q, 4, &a, &r, &e) != 0) {
			if (!e.msg[0])
				abort();
		} else {
			if (r.nanswers > 4)
				abort();
			for (size_t i = 0; i < r.nanswers; i++) {
				struct call_question qq = {0};

				for (size_t k = 0; k < 4; k++)
					if (q[k].id == r.answers[i].question_id)
						qq = q[k];
				if (r.state == RESP_DRAFT)
					qq.required = 0; /* a draft may be incomplete */
				if (!qq.id || !r.answers[i].nvalues ||
				    call_answer_check(&qq, &r.answers[i], &e) != 0)
					abort();
			}
		}
	}
	arena_cleanup(&a);
	return 0;
}
