/*
 * log.c - key=value log lines on stderr, one write(2) per line so concurrent threads
 * do not interleave within a line.
 */
#include "core/log.h"

#include "core/buf.h"
#include "core/utc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static enum log_level log_threshold = LOG_INFO;

static const char *const log_names[] = {"debug", "info", "warn", "error", "off"};

void log_set_level(enum log_level level)
{
	log_threshold = level;
}

int log_level_parse(const char *s)
{
	for (int i = 0; i <= LOG_OFF; i++)
		if (s && strcmp(s, log_names[i]) == 0)
			return i;
	return -1;
}

/* log_value appends v, quoted and escaped when it is not a bare word. */
static void log_value(struct buf *b, const char *v)
{
	const unsigned char *p;
	int bare = *v != '\0';

	for (p = (const unsigned char *)v; *p; p++)
		if (*p <= ' ' || *p == '"' || *p == '=' || *p == '\\' || *p == 0x7f)
			bare = 0;
	if (bare) {
		buf_puts(b, v);
		return;
	}
	buf_putc(b, '"');
	for (p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p == '\n') {
			buf_puts(b, "\\n");
		} else if (*p < ' ' || *p == 0x7f) {
			buf_printf(b, "\\x%02x", *p);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

void log_kv(enum log_level level, const char *msg, ...)
{
	char ts[UTC_ISO_LEN];
	struct buf b;
	const char *k, *v;
	va_list ap;

	if (level < log_threshold || level >= LOG_OFF)
		return;
	buf_init(&b, 16384);
	utc_format(utc_now(), ts);
	buf_printf(&b, "ts=%s level=%s msg=", ts, log_names[level]);
	log_value(&b, msg);
	va_start(ap, msg);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		buf_printf(&b, " %s=", k);
		log_value(&b, v ? v : "");
	}
	va_end(ap);
	/* A value that filled the buffer must not take the newline with it. */
	if (buf_putc(&b, '\n') != 0 && b.len > 0)
		b.data[b.len - 1] = '\n';
	if (b.data && write(STDERR_FILENO, b.data, b.len) < 0) {
		/* Nowhere left to report a failed log write. */
	}
	buf_cleanup(&b);
}
