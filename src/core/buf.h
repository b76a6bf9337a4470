/*
 * buf.h - a growable byte buffer with a maximum size.
 *
 * Output is built in a buf (a page, a JSON line, a CSV row) and written in one go, so a
 * late error never leaves half a response behind. Every buf has a limit: appending past
 * it fails with ERR_TOO_LARGE and leaves the buffer as it was. The contents are always
 * NUL-terminated, so b->data can be used as a C string when it holds text.
 */
#ifndef STOCKTAKE_CORE_BUF_H
#define STOCKTAKE_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
	size_t max; /* the most bytes it may hold, not counting the NUL */
};

/* buf_init makes b empty with limit max (0 means 64 MiB). */
void buf_init(struct buf *b, size_t max);
/* buf_cleanup frees b's storage; b may then be reused after buf_init. */
void buf_cleanup(struct buf *b);
/* buf_reset empties b, keeping its storage. */
void buf_reset(struct buf *b);
/* buf_append adds n bytes; 0, ERR_NOMEM or ERR_TOO_LARGE (b unchanged on error). */
int buf_append(struct buf *b, const void *p, size_t n);
/* buf_puts adds a C string. */
int buf_puts(struct buf *b, const char *s);
/* buf_putc adds one byte. */
int buf_putc(struct buf *b, char c);
/* buf_printf adds formatted text. */
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* buf_cstr returns the contents as a C string ("" when empty); borrowed from b. */
const char *buf_cstr(const struct buf *b);
/* buf_detach hands the storage to the caller (free() it) and leaves b empty. */
char *buf_detach(struct buf *b);

#endif
