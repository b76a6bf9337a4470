/*
 * err.c - messages and HTTP statuses for the error list, and struct errinfo helpers.
 */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	const char *msg;
	int status;
} err_table[] = {
#define ERR_ROW(name, msg, status) {#name, msg, status},
    ERR_LIST(ERR_ROW)
#undef ERR_ROW
};

const char *err_message(int code)
{
	if (code < 0 || code >= ERR__COUNT)
		return "unknown error";
	return err_table[code].msg;
}

int err_http_status(int code)
{
	if (code < 0 || code >= ERR__COUNT)
		return 500;
	return err_table[code].status;
}

const char *err_name(int code)
{
	if (code < 0 || code >= ERR__COUNT)
		return "ERR_UNKNOWN";
	return err_table[code].name;
}

void errinfo_clear(struct errinfo *e)
{
	if (!e)
		return;
	e->code = ERR_OK;
	e->field[0] = '\0';
	e->msg[0] = '\0';
}

int errinfo_set(struct errinfo *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void errinfo_prefix(struct errinfo *e, const char *fmt, ...)
{
	char head[256], old[sizeof e->msg];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	snprintf(e->msg, sizeof e->msg, "%s%s", head, old);
}
