/*
 * fuzz_ical.c - libFuzzer driver for the iCalendar writer's folding and escaping
 * (io/ical.h): any text, escaped and written as a content line, must give physical lines of
 * at most 75 octets ending in CRLF, never start a continuation inside a UTF-8 sequence, and
 * unfold back to exactly the escaped text.
 */
#include "core/text.h"
#include "io/ical.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text, esc, out, back;
	const char *p;
	int valid;

	if (size > 65536)
		return 0;
	buf_init(&text, 0);
	buf_init(&esc, 0);
	buf_init(&out, 0);
	buf_init(&back, 0);
	for (size_t i = 0; i < size; i++)
		if (data[i])
			buf_putc(&text, (char)data[i]);
	valid = text_utf8_valid(buf_cstr(&text), text.len);
	if (ical_text_escape(&esc, buf_cstr(&text)) ||
	    ical_line(&out, "DESCRIPTION", buf_cstr(&esc)))
		abort();
	for (p = buf_cstr(&out); *p;) {
		const char *end = strstr(p, "\r\n");

		if (!end || end - p > ICAL_LINE_MAX || memchr(p, '\n', (size_t)(end - p)))
			abort();
		if (p != buf_cstr(&out)) {
			/* a continuation: one space, then never the middle of a UTF-8 sequence */
			if (*p != ' ' || (valid && ((unsigned char)p[1] & 0xC0) == 0x80))
				abort();
			p++;
		}
		buf_append(&back, p, (size_t)(end - p));
		p = end + 2;
	}
	if (strncmp(buf_cstr(&back), "DESCRIPTION:", 12) != 0 ||
	    strcmp(buf_cstr(&back) + 12, buf_cstr(&esc)) != 0)
		abort();
	buf_cleanup(&text);
	buf_cleanup(&esc);
	buf_cleanup(&out);
	buf_cleanup(&back);
	return 0;
}
