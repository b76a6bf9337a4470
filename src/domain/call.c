/*
 * call.c - the rules of calls for inputs, their questions and answers, and timeline events
 * (see call.h).
 */
#include "domain/call.h"

#include "core/text.h"
#include "core/tz.h"
#include "core/utc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const state_names[CALL__STATES] = {"draft", "open", "closed", "synthesised"};
static const char *const qkind_names[QK__COUNT] = {"text", "single", "multiple", "action_line",
						   "sdg",  "gdc",    "country"};
static const char *const timeline_kinds[] = {"meeting", "reading", "deadline", "forum", NULL};

const char *call_state_name(enum call_state s)
{
	return (unsigned)s < CALL__STATES ? state_names[s] : "draft";
}

int call_state_parse(const char *s)
{
	for (int i = 0; s && i < CALL__STATES; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

const char *call_qkind_name(enum call_qkind k)
{
	return (unsigned)k < QK__COUNT ? qkind_names[k] : "text";
}

int call_qkind_parse(const char *s)
{
	for (int i = 0; s && i < QK__COUNT; i++)
		if (strcmp(s, qkind_names[i]) == 0)
			return i;
	return -1;
}

const char *call_qkind_scheme(enum call_qkind k)
{
	switch (k) {
	case QK_ACTION_LINE:
		return "action_line";
	case QK_SDG:
		return "sdg";
	case QK_GDC:
		return "gdc";
	case QK_COUNTRY:
		return "country";
	default:
		return NULL;
	}
}

/* check_text: s valid UTF-8, at most max characters, and not blank when required. */
static int check_text(const char *s, const char *field, size_t max, int required, struct errinfo *e)
{
	if (!s || text_is_blank(s)) {
		if (required)
			return errinfo_set(e, ERR_INVALID, field, "%s: this field is required",
					   field);
		return 0;
	}
	if (strlen(s) > max * 4 || !text_utf8_valid(s, strlen(s)))
		return errinfo_set(e, ERR_INVALID, field, "%s: not valid UTF-8 text", field);
	if (text_utf8_len(s) > max)
		return errinfo_set(e, ERR_TOO_LARGE, field, "%s: at most %zu characters", field,
				   max);
	return 0;
}

int call_validate(const struct call *c, struct errinfo *e)
{
	struct tz_info info;
	int rc;

	if ((rc = check_text(c->title, "title", CALL_TITLE_MAX, 1, e)) ||
	    (rc = check_text(c->description, "description", CALL_TEXT_MAX, 0, e)) ||
	    (rc = check_text(c->audience, "audience", CALL_TEXT_MAX, 0, e)))
		return rc;
	if (!c->tz || !*c->tz)
		return errinfo_set(
		    e, ERR_INVALID, "tz",
		    "tz: give the time zone of the deadline (such as Europe/Zurich)");
	if ((rc = tz_lookup(c->tz, c->closes_at, &info, e))) {
		if (rc != ERR_NOT_FOUND)
			return rc;
		if (e)
			e->code = ERR_INVALID; /* an unknown zone is bad input here */
		return ERR_INVALID;
	}
	if (c->closes_at <= c->opens_at)
		return errinfo_set(e, ERR_INVALID, "closes",
				   "closes: the call must close after it opens");
	if ((unsigned)c->state >= CALL__STATES)
		return errinfo_set(e, ERR_INVALID, "state", "state: unknown state");
	return 0;
}

int call_question_validate(const struct call_question *q, struct errinfo *e)
{
	int rc;

	if ((unsigned)q->kind >= QK__COUNT)
		return errinfo_set(e, ERR_INVALID, "kind",
				   "kind: one of text, single, multiple, action_line, sdg, gdc, "
				   "country");
	if ((rc = check_text(q->prompt, "prompt", CALL_PROMPT_MAX, 1, e)))
		return rc;
	if (q->word_limit < 0 || q->word_limit > CALL_WORDS_MAX)
		return errinfo_set(e, ERR_INVALID, "word_limit",
				   "word_limit: between 0 (none) and %d", CALL_WORDS_MAX);
	if (q->kind == QK_SINGLE || q->kind == QK_MULTIPLE) {
		if (q->noptions < 2 || q->noptions > CALL_OPTIONS_MAX)
			return errinfo_set(e, ERR_INVALID, "options",
					   "options: a choice needs 2 to %d options",
					   CALL_OPTIONS_MAX);
		for (size_t i = 0; i < q->noptions; i++) {
			if ((rc = check_text(q->options[i], "options", CALL_OPTION_MAX, 1, e)))
				return rc;
			for (size_t j = 0; j < i; j++)
				if (strcmp(q->options[i], q->options[j]) == 0)
					return errinfo_set(e, ERR_INVALID, "options",
							   "options: \"%s\" is given twice",
							   q->options[i]);
		}
	} else if (q->noptions) {
		return errinfo_set(e, ERR_INVALID, "options",
				   "options: only single and multiple choice questions have "
				   "options");
	}
	return 0;
}

size_t call_word_count(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; s && *s; s++) {
		int sp = isspace((unsigned char)*s);

		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

int call_answer_check(const struct call_question *q, const struct call_answer *a, struct errinfo *e)
{
	char field[32];
	size_t words;

	snprintf(field, sizeof field, "q%lld", (long long)q->id);
	if (a->nvalues == 0 || (a->nvalues == 1 && text_is_blank(a->values[0]))) {
		if (q->required)
			return errinfo_set(e, ERR_INVALID, field,
					   "\"%.80s\": an answer is required", q->prompt);
		return 0;
	}
	if (q->kind == QK_TEXT) {
		const char *t = a->values[0];

		if (a->nvalues != 1)
			return errinfo_set(e, ERR_INVALID, field, "\"%.80s\": give one text",
					   q->prompt);
		if (strlen(t) > CALL_ANSWER_MAX)
			return errinfo_set(e, ERR_TOO_LARGE, field,
					   "\"%.80s\": the answer is too long (at most %d bytes)",
					   q->prompt, CALL_ANSWER_MAX);
		if (!text_utf8_valid(t, strlen(t)))
			return errinfo_set(e, ERR_INVALID, field, "\"%.80s\": not valid UTF-8",
					   q->prompt);
		words = call_word_count(t);
		if (q->word_limit > 0 && words > (size_t)q->word_limit)
			return errinfo_set(e, ERR_INVALID, field,
					   "\"%.80s\": %zu words, the limit is %d", q->prompt,
					   words, q->word_limit);
		return 0;
	}
	if (q->kind == QK_SINGLE && a->nvalues > 1)
		return errinfo_set(e, ERR_INVALID, field, "\"%.80s\": choose one answer",
				   q->prompt);
	if (a->nvalues > CALL_CHOICES_MAX)
		return errinfo_set(e, ERR_TOO_LARGE, field, "\"%.80s\": too many choices",
				   q->prompt);
	for (size_t i = 0; i < a->nvalues; i++) {
		int known = q->kind != QK_SINGLE && q->kind != QK_MULTIPLE;

		for (size_t j = 0; j < i; j++)
			if (strcmp(a->values[i], a->values[j]) == 0)
				return errinfo_set(e, ERR_INVALID, field,
						   "\"%.80s\": \"%.80s\" is chosen twice",
						   q->prompt, a->values[i]);
		for (size_t j = 0; !known && j < q->noptions; j++)
			known = strcmp(q->options[j], a->values[i]) == 0;
		if (!known || strlen(a->values[i]) > CALL_OPTION_MAX * 4)
			return errinfo_set(e, ERR_INVALID, field,
					   "\"%.80s\": \"%.80s\" is not one of the options",
					   q->prompt, a->values[i]);
	}
	return 0;
}

enum call_phase call_phase(const struct call *c, int64_t now)
{
	if (c->state == CALL_DRAFT)
		return PHASE_DRAFT;
	if (c->state == CALL_SYNTHESISED)
		return PHASE_SYNTHESISED;
	if (c->state == CALL_CLOSED || now > c->closes_at)
		return PHASE_CLOSED;
	return now < c->opens_at ? PHASE_UPCOMING : PHASE_OPEN;
}

int call_accepts(const struct call *c, int64_t now)
{
	return call_phase(c, now) == PHASE_OPEN;
}

int timeline_kind_valid(const char *kind)
{
	for (int i = 0; kind && timeline_kinds[i]; i++)
		if (strcmp(kind, timeline_kinds[i]) == 0)
			return 1;
	return 0;
}

/* valid_day: "YYYY-MM-DD" or "YYYY-MM". */
static int valid_day(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return (n == 7 || n == 10) && utc_valid_partial_date(s);
}

int timeline_event_validate(const struct timeline_event *ev, struct errinfo *e)
{
	int rc;

	if (!ev->uid || !*ev->uid || strlen(ev->uid) > 100 ||
	    strspn(ev->uid, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(ev->uid))
		return errinfo_set(e, ERR_INVALID, "uid",
				   "uid: lower-case letters, digits and hyphens, at most 100");
	if (!timeline_kind_valid(ev->kind))
		return errinfo_set(e, ERR_INVALID, "kind",
				   "kind: one of meeting, reading, deadline, forum");
	if ((rc = check_text(ev->title, "title", CALL_TITLE_MAX, 1, e)) ||
	    (rc = check_text(ev->location, "location", CALL_TITLE_MAX, 0, e)) ||
	    (rc = check_text(ev->url, "url", 2000, 0, e)) ||
	    (rc = check_text(ev->description, "description", CALL_TEXT_MAX, 0, e)))
		return rc;
	if (!valid_day(ev->start) || !valid_day(ev->end))
		return errinfo_set(e, ERR_INVALID, "start",
				   "start, end: dates as YYYY-MM-DD or YYYY-MM");
	if (strcmp(ev->end, ev->start) < 0)
		return errinfo_set(e, ERR_INVALID, "end", "end: before the start");
	if (ev->url && *ev->url && strncmp(ev->url, "https://", 8) != 0 &&
	    strncmp(ev->url, "http://", 7) != 0)
		return errinfo_set(e, ERR_INVALID, "url", "url: an http or https address");
	return 0;
}

/* decimal reads 1 to 18 digits from *p into *v and moves *p past them; -1 when none. */
static int decimal(const char **p, int64_t *v)
{
	int64_t x = 0;
	int k = 0;

	while (**p >= '0' && **p <= '9' && k < 19) {
		x = x * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	if (k == 0 || k > 18)
		return -1;
	*v = x;
	return 0;
}

int call_cursor_parse(const char *s, int64_t *key, int64_t *id)
{
	int64_t k, i;

	if (!s || decimal(&s, &k) || *s++ != '.' || decimal(&s, &i) || *s || i == 0)
		return ERR_INVALID;
	*key = k;
	*id = i;
	return 0;
}

int call_limit_parse(const char *s, size_t *n)
{
	int64_t v;

	if (!s || decimal(&s, &v) || *s || v < 1 || v > CALL_PAGE_MAX)
		return ERR_INVALID;
	*n = (size_t)v;
	return 0;
}

void call_cursor_format(int64_t key, int64_t id, char out[CALL_CURSOR_LEN])
{
	snprintf(out, CALL_CURSOR_LEN, "%lld.%lld", (long long)key, (long long)id);
}

int64_t call_id_parse(const char *arg, const char *suffix)
{
	size_t n = arg ? strlen(arg) : 0, sl = suffix ? strlen(suffix) : 0, digits;
	int64_t v = 0;

	if (sl) {
		if (n <= sl || strcmp(arg + n - sl, suffix) != 0)
			return 0;
		n -= sl;
	}
	digits = strspn(arg ? arg : "", "0123456789");
	if (n == 0 || digits != n || n > 15 || arg[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (arg[i] - '0');
	return v;
}
