/*
 * call_json.c - calls for inputs as JSON (see call_json.h).
 */
#include "io/call_json.h"

#include "core/tz.h"
#include "core/utc.h"

static const char *const phase_names[] = {"draft", "upcoming", "open", "closed", "synthesised"};

const char *call_phase_name(enum call_phase p)
{
	return (unsigned)p <= PHASE_SYNTHESISED ? phase_names[p] : "draft";
}

/* set_time sets key (UTC) and key_local (in zone) on o. */
static void set_time(json_t *o, const char *key, const char *local_key, const char *zone, int64_t t)
{
	char iso[UTC_ISO_LEN], local[TZ_LOCAL_LEN];
	struct errinfo e;

	utc_format(t, iso);
	json_object_set_new(o, key, json_string(iso));
	if (tz_format(zone, t, local, NULL, &e) == 0)
		json_object_set_new(o, local_key, json_string(local));
}

json_t *call_json(const struct call *c, int64_t now, const struct call_deadline *d, size_t nd,
		  const struct call_question *q, size_t nq)
{
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "id", (json_int_t)c->id, "title", c->title,
	    "description", c->description ? c->description : "", "audience",
	    c->audience ? c->audience : "", "tz", c->tz, "state", call_state_name(c->state),
	    "phase", call_phase_name(call_phase(c, now)), "extensions", c->extensions);

	if (!o)
		return NULL;
	set_time(o, "opens_at", "opens_local", c->tz, c->opens_at);
	set_time(o, "closes_at", "closes_local", c->tz, c->closes_at);
	json_object_set_new(o, "accepting", json_boolean(call_accepts(c, now)));
	json_object_set_new(o, "seconds_left",
			    json_integer(call_accepts(c, now) ? c->closes_at - now : 0));
	if (d) {
		json_t *arr = json_array();

		for (size_t i = 0; arr && i < nd; i++) {
			json_t *x = json_object();
			char at[UTC_ISO_LEN];

			if (!x)
				break;
			set_time(x, "closes_at", "closes_local", c->tz, d[i].closes_at);
			json_object_set_new(x, "reason",
					    d[i].reason ? json_string(d[i].reason) : json_null());
			json_object_set_new(x, "actor", json_string(d[i].actor ? d[i].actor : ""));
			utc_format(d[i].at, at);
			json_object_set_new(x, "set_at", json_string(at));
			json_array_append_new(arr, x);
		}
		json_object_set_new(o, "deadlines", arr ? arr : json_null());
	}
	if (q) {
		json_t *arr = json_array();

		for (size_t i = 0; arr && i < nq; i++) {
			json_t *opts = json_array(), *x;

			for (size_t j = 0; opts && j < q[i].noptions; j++)
				json_array_append_new(opts, json_string(q[i].options[j]));
			x = json_pack("{s:I, s:i, s:s, s:s, s:i, s:b, s:o*}", "id",
				      (json_int_t)q[i].id, "position", q[i].position, "kind",
				      call_qkind_name(q[i].kind), "prompt", q[i].prompt,
				      "word_limit", q[i].word_limit, "required", q[i].required,
				      "options", opts);
			if (x)
				json_array_append_new(arr, x);
		}
		json_object_set_new(o, "questions", arr ? arr : json_null());
	}
	return o;
}
