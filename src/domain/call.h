/*
 * call.h - calls for inputs: the call (title, description, audience, opening and closing
 * time with its time zone, life cycle), its questions, the responses and their answers, and
 * the review timeline's events. The rules here are the same for the web, the API and the
 * command line.
 *
 * Times are UTC seconds since the epoch; the call's zone (an IANA name) says how people
 * read them. A response is in time while opens_at <= now <= closes_at: the closing second
 * itself still counts, the next one does not. The server's clock decides.
 */
#ifndef STOCKTAKE_DOMAIN_CALL_H
#define STOCKTAKE_DOMAIN_CALL_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

/* Limits. */
#define CALL_TITLE_MAX 300
#define CALL_TEXT_MAX 20000 /* description, audience */
#define CALL_REASON_MAX 1000
#define CALL_PROMPT_MAX 2000
#define CALL_OPTION_MAX 200
#define CALL_OPTIONS_MAX 50
#define CALL_QUESTIONS_MAX 100
#define CALL_ANSWER_MAX 60000 /* bytes of one free-text answer */
#define CALL_WORDS_MAX 10000  /* the largest word limit */
#define CALL_CHOICES_MAX 300  /* values of one multiple-choice or picker answer */

enum call_state { CALL_DRAFT, CALL_OPEN, CALL_CLOSED, CALL_SYNTHESISED, CALL__STATES };

enum call_qkind {
	QK_TEXT,
	QK_SINGLE,
	QK_MULTIPLE,
	QK_ACTION_LINE,
	QK_SDG,
	QK_GDC,
	QK_COUNTRY,
	QK__COUNT
};

struct call {
	int64_t id;
	const char *title, *description, *audience;
	const char *tz; /* IANA zone name */
	int64_t opens_at, closes_at;
	enum call_state state;
	int extensions; /* how many times the deadline moved */
	const char *created_by, *created_at, *updated_at;
};

/* One entry of a call's deadline history: the first is the original deadline. */
struct call_deadline {
	int64_t closes_at;
	const char *reason; /* NULL for the original */
	const char *actor;
	int64_t at; /* when it was set */
};

struct call_question {
	int64_t id;
	int position;
	enum call_qkind kind;
	const char *prompt;
	int word_limit; /* free text: 0 = none */
	int required;
	const char *const *options; /* single/multiple choice */
	size_t noptions;
};

/* One answer: a question and its values (one for text and single choice). */
struct call_answer {
	int64_t question_id;
	const char *const *values;
	size_t nvalues;
};

enum call_response_state { RESP_DRAFT, RESP_SUBMITTED };

struct call_response {
	int64_t id, call_id, user_id;
	const char *user_email;
	const char *organisation, *stakeholder_type, *country; /* NULL when unknown */
	enum call_response_state state;
	int anonymous;
	const char *hidden_reason; /* NULL unless a moderator hid it */
	int reviewed;
	int64_t created_at, updated_at, submitted_at;
	struct call_answer *answers;
	size_t nanswers;
};

/* A timeline event: dates are "YYYY-MM-DD" or "YYYY-MM" (a month: the exact days unknown). */
struct timeline_event {
	const char *uid;  /* stable across loads: the iCalendar UID is built from it */
	const char *kind; /* meeting, reading, deadline, forum */
	const char *title, *start, *end, *location, *url, *description;
	int64_t call_id; /* 0: none */
	int64_t at;      /* a moment (a call's deadline, UTC) rather than whole days; 0: none */
	int sequence;    /* how many times it moved (iCalendar SEQUENCE) */
};

const char *call_state_name(enum call_state s);
int call_state_parse(const char *s); /* -1 when unknown */
const char *call_qkind_name(enum call_qkind k);
int call_qkind_parse(const char *s);
/* call_qkind_scheme: the framework scheme a picker chooses from ("action_line", "sdg",
 * "gdc", "country"), NULL for the others. */
const char *call_qkind_scheme(enum call_qkind k);

/* call_validate checks a call before it is stored: lengths, zone, times. */
int call_validate(const struct call *c, struct errinfo *e);
/* call_question_validate checks a question (not its call). */
int call_question_validate(const struct call_question *q, struct errinfo *e);
/*
 * call_answer_check checks one answer against its question: a text within the word limit
 * and CALL_ANSWER_MAX, a choice among the options, at most one value for single choice.
 * Picker codes are checked against the frameworks by the caller (the store knows them).
 */
int call_answer_check(const struct call_question *q, const struct call_answer *a,
		      struct errinfo *e);
/*
 * Lists of calls, of a call's responses and of the calls queue come in pages: ?limit= asks
 * for 1 to CALL_PAGE_MAX items, ?cursor= names where the page before ended as "KEY.ID"
 * (two decimal numbers of at most 18 digits, ID not 0; the client takes it as it is given).
 * call_cursor_parse reads s into *key and *id, call_limit_parse reads s into *n: 0, or
 * ERR_INVALID with *key, *id and *n unchanged.
 */
#define CALL_PAGE_MAX 100
int call_cursor_parse(const char *s, int64_t *key, int64_t *id);
int call_limit_parse(const char *s, size_t *n);
/* call_id_parse reads a call number ("12", or "12.ics" when suffix is ".ics"); 0 if not one. */
int64_t call_id_parse(const char *arg, const char *suffix);
/* call_cursor_format writes the cursor of the item (key, id) into out. */
#define CALL_CURSOR_LEN 40
void call_cursor_format(int64_t key, int64_t id, char out[CALL_CURSOR_LEN]);
/* call_word_count counts the words of s (runs of non-space). */
size_t call_word_count(const char *s);

/* What a call is at now, for people: not yet open, open, closed (or draft, synthesised). */
enum call_phase { PHASE_DRAFT, PHASE_UPCOMING, PHASE_OPEN, PHASE_CLOSED, PHASE_SYNTHESISED };
enum call_phase call_phase(const struct call *c, int64_t now);
/* call_accepts: whether a response may be saved at now (open, and in time to the second). */
int call_accepts(const struct call *c, int64_t now);

int timeline_event_validate(const struct timeline_event *ev, struct errinfo *e);
int timeline_kind_valid(const char *kind);

#endif
