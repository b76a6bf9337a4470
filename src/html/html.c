/*
 * html.c - escaping by output context.
 */
#include "html/html.h"

#include <stdarg.h>
#include <string.h>

void html_raw(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

void html_rawf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

static void escape(struct buf *b, const char *s, size_t n, int attr)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		case '\'':
			rep = attr ? "&#39;" : NULL;
			break;
		default:
			break;
		}
		if (rep) {
			buf_append(b, s + start, i - start);
			buf_puts(b, rep);
			start = i + 1;
		}
	}
	buf_append(b, s + start, n - start);
}

void html_txt(struct buf *b, const char *s)
{
	if (s)
		escape(b, s, strlen(s), 0);
}

void html_txt_n(struct buf *b, const char *s, size_t n)
{
	size_t len;

	if (!s)
		return;
	len = strlen(s);
	if (len > n) {
		len = n;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--; /* do not cut a character in two */
	}
	escape(b, s, len, 0);
}

void html_attr(struct buf *b, const char *s)
{
	if (s)
		escape(b, s, strlen(s), 1);
}

void html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

void html_json_script(struct buf *b, const char *json)
{
	for (; json && *json; json++) {
		if (*json == '<')
			buf_puts(b, "\\u003c");
		else if (*json == '>')
			buf_puts(b, "\\u003e");
		else if (*json == '&')
			buf_puts(b, "\\u0026");
		else
			buf_putc(b, *json);
	}
}
