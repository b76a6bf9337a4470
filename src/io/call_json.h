/*
 * call_json.h - a call for inputs as JSON: what `stocktake call show --json` prints and
 * the API answers, so the two never drift apart.
 */
#ifndef STOCKTAKE_IO_CALL_JSON_H
#define STOCKTAKE_IO_CALL_JSON_H

#include "domain/call.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/*
 * call_json renders c at now: id, title, description, audience, tz, state, phase,
 * opens_at/closes_at (UTC) and opens_local/closes_local (in the call's zone), extensions,
 * and, when given, "deadlines" (the history, oldest first) and "questions". Returns a new
 * reference or NULL (no memory).
 */
json_t *call_json(const struct call *c, int64_t now, const struct call_deadline *d, size_t nd,
		  const struct call_question *q, size_t nq);
/* call_phase_name: "draft", "upcoming", "open", "closed", "synthesised". */
const char *call_phase_name(enum call_phase p);

#endif
