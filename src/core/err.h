/*
 * err.h - the one list of error codes used across stocktake.
 *
 * Every fallible function returns 0 on success or one of these codes. Each code has a
 * short message and the HTTP status the web layer answers with. Details (which field,
 * which line) travel separately in a struct errinfo, so a code stays a code.
 */
#ifndef STOCKTAKE_CORE_ERR_H
#define STOCKTAKE_CORE_ERR_H

#include <stdarg.h>
#include <stddef.h>

/* X(name, message, http status) */
#define ERR_LIST(X)                                                      \
	X(ERR_OK, "success", 200)                                        \
	X(ERR_NOMEM, "out of memory", 500)                               \
	X(ERR_INVALID, "invalid input", 400)                             \
	X(ERR_TOO_LARGE, "input too large", 413)                         \
	X(ERR_NOT_FOUND, "not found", 404)                               \
	X(ERR_CONFLICT, "conflict", 409)                                 \
	X(ERR_UNAUTHORIZED, "authentication required", 401)              \
	X(ERR_FORBIDDEN, "forbidden", 403)                               \
	X(ERR_IO, "input/output error", 500)                             \
	X(ERR_DB, "database error", 500)                                 \
	X(ERR_DB_READONLY, "database is read-only", 503)                 \
	X(ERR_DB_BUSY, "database is busy", 503)                          \
	X(ERR_BUSY, "server is busy", 503)                               \
	X(ERR_NOT_STOCKTAKE, "not a stocktake database", 500)            \
	X(ERR_SCHEMA, "database schema is newer than this program", 500) \
	X(ERR_USAGE, "usage error", 400)                                 \
	X(ERR_INTERNAL, "internal error", 500)

enum err {
#define ERR_ENUM(name, msg, status) name,
	ERR_LIST(ERR_ENUM)
#undef ERR_ENUM
	    ERR__COUNT
};

/* err_message returns the static message of code, or "unknown error". */
const char *err_message(int code);
/* err_http_status returns the HTTP status for code (500 for unknown codes). */
int err_http_status(int code);
/* err_name returns the symbolic name ("ERR_INVALID") of code. */
const char *err_name(int code);

/*
 * struct errinfo carries the details of one failure: the code, a one-line message
 * meant for a person, and the field it concerns (empty when none).
 */
struct errinfo {
	int code;
	char field[64];
	char msg[512];
};

/* errinfo_clear resets e to "no error". e may be NULL. */
void errinfo_clear(struct errinfo *e);
/*
 * errinfo_set records code, field (may be NULL) and a printf-style message in e and
 * returns code, so callers can write `return errinfo_set(e, ERR_INVALID, ...)`.
 * e may be NULL, in which case only code is returned.
 */
int errinfo_set(struct errinfo *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* errinfo_prefix prepends a printf-style context ("line 3: ") to e's message. */
void errinfo_prefix(struct errinfo *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
